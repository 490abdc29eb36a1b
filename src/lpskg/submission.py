"""Reading submitted case and publication files into a model, with errors that point into the file.

A researcher writes a case by hand in YAML (``docs/case-schema.json``), so
every error must say which field is wrong and on which line: the YAML is
composed into nodes first, the line of every field path is recorded, and the
data is checked against the published JSON Schema before anything else
looks at it.  Machines may send the same content as Turtle or JSON-LD in the
lpskg vocabulary; those are parsed into an rdflib graph and checked later by
the same SHACL shapes.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .namespaces import PREFIXES
from .paths import ROOT

SCHEMA_FILE = ROOT / "docs" / "case-schema.json"

#: How a submission's format is recognised: file extension and HTTP Content-Type.
YAML, TURTLE, JSONLD, BIBTEX, CSL_JSON = "yaml", "turtle", "json-ld", "bibtex", "csl-json"
_EXTENSIONS = {".yaml": YAML, ".yml": YAML, ".ttl": TURTLE, ".jsonld": JSONLD,
               ".bib": BIBTEX, ".json": None}
_MEDIA_TYPES = {
    "application/yaml": YAML, "application/x-yaml": YAML, "text/yaml": YAML, "text/x-yaml": YAML,
    "text/turtle": TURTLE, "application/x-turtle": TURTLE, "application/ld+json": JSONLD,
    "application/x-bibtex": BIBTEX, "text/x-bibtex": BIBTEX,
    "application/vnd.citationstyles.csl+json": CSL_JSON, "application/json": None,
}


@dataclass(frozen=True)
class FieldError:
    """One problem in a submission: the field path, its line in the file, and the nearest concepts."""

    field: str
    message: str
    line: int | None = None
    candidates: tuple[dict[str, Any], ...] = ()

    def render(self) -> str:
        """One readable line: ``field (line N): message; nearest: ...``."""
        where = self.field or "(file)"
        if self.line:
            where += f" (line {self.line})"
        text = f"{where}: {self.message}"
        if self.candidates:
            text += "; nearest: " + ", ".join(
                f"{c['label']!r} ({c['kind']}, {c['score']:.0f})" for c in self.candidates)
        return text

    def as_json(self) -> dict[str, Any]:
        return {"field": self.field, "line": self.line, "message": self.message,
                "candidates": list(self.candidates)}


class SubmissionError(Exception):
    """A submission that cannot be stored; ``kind`` says how the CLI and the HTTP API answer.

    ``unreadable`` (exit 2, HTTP 400): not parseable at all; ``unsupported-type`` (exit 2,
    HTTP 415): a format lpskg does not read; ``too-large`` (exit 2, HTTP 413); ``rejected`` (exit 1, HTTP 422): schema, link or SHACL errors;
    ``conflict`` (exit 1, HTTP 409): the id exists already; ``not-found`` (exit 1, HTTP 404).
    """

    def __init__(self, kind: str, message: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.errors = errors or []

    def lines(self) -> list[str]:
        """The message and one line per field error, for the command line."""
        return [self.message] + [f"  {error.render()}" for error in self.errors]

    def as_json(self) -> dict[str, Any]:
        return {"error": self.message, "errors": [e.as_json() for e in self.errors]}


@dataclass(frozen=True)
class SourceFile:
    """The bytes of a submission and what it was called, as provenance records them."""

    name: str
    data: bytes
    format: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def text(self) -> str:
        try:
            return self.data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise SubmissionError("unreadable", f"{self.name} is not UTF-8 text "
                                                f"(byte {error.start}: {error.reason})") from None


def format_for(name: str, media_type: str | None = None, default_json: str = YAML) -> str:
    """The format of a submission from its Content-Type, else its file extension.

    Plain JSON is the YAML case schema written as JSON for cases (JSON is YAML),
    and CSL-JSON for literature: the caller says which with ``default_json``.
    """
    if media_type:
        base = media_type.split(";")[0].strip().lower()
        if base in _MEDIA_TYPES:
            return _MEDIA_TYPES[base] or default_json
        raise SubmissionError("unsupported-type", f"unsupported Content-Type {base!r}; use one of "
                                                  + ", ".join(sorted(_MEDIA_TYPES)))
    suffix = Path(name).suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix] or default_json
    raise SubmissionError("unsupported-type", f"cannot tell the format of {name!r}: use a .yaml, .ttl, "
                                              ".jsonld, .bib or .json file")


def read_source(path: Path, max_bytes: int, default_json: str = YAML) -> SourceFile:
    """A submission file from disk, refused before reading if it is larger than ``max_bytes``."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SubmissionError("too-large", f"{path.name} is {size / 1048576:.1f} MB, larger than the "
                                               f"limit of {max_bytes / 1048576:.1f} MB (LPSKG_MAX_BODY)")
        return SourceFile(path.name, path.read_bytes(), format_for(path.name, default_json=default_json))
    except OSError as error:
        raise SubmissionError("unreadable", f"cannot read {path}: {error.strerror}") from None


# --------------------------------------------------------------------------- field paths and lines

Path_ = tuple[str | int, ...]


def field_name(path: Path_) -> str:
    """``('evidence', 2, 'illustrates', 0)`` -> ``evidence[2].illustrates[0]``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


@dataclass
class Document:
    """Parsed YAML data with the 1-based line of every field path (and duplicate keys found)."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, path: Path_) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)

    def error(self, path: Path_, message: str, candidates: tuple[dict[str, Any], ...] = ()) -> FieldError:
        return FieldError(field_name(path), message, self.line(path), candidates)


#: libyaml's parser when PyYAML was built with it (several times faster), else the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


#: Most values (YAML nodes, aliases expanded) and deepest nesting a submitted file may have.  A
#: hand-written case has a few hundred values; a file of nested aliases ("billion laughs") would
#: expand to billions and keep a server thread busy for hours.
MAX_YAML_NODES = 100_000
MAX_YAML_DEPTH = 100


def _too_big(name: str, problem: str, mark: yaml.Mark) -> SubmissionError:
    return SubmissionError("unreadable", f"{name} {problem}", [FieldError("", problem, mark.line + 1)])


def _walk(node: yaml.Node) -> Iterator[tuple[yaml.Node, int]]:
    """Every node under ``node`` with its depth, aliases followed, without recursion."""
    stack = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        yield current, depth
        if isinstance(current, yaml.MappingNode):
            stack.extend((child, depth + 1) for pair in current.value for child in pair)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in current.value)


def _check_yaml_size(node: yaml.Node, name: str) -> None:
    """Refuse a document that expands to too many values or nests too deeply, before walking it."""
    for count, (current, depth) in enumerate(_walk(node), 1):
        if count > MAX_YAML_NODES or depth > MAX_YAML_DEPTH:
            raise _too_big(name, f"nests deeper than {MAX_YAML_DEPTH} levels" if depth > MAX_YAML_DEPTH else
                           f"expands to more than {MAX_YAML_NODES} values (nested aliases?)", current.start_mark)


def _check_yaml_nesting(text: str, name: str) -> None:
    """Refuse deep nesting before composing: libyaml's composer recurses in C, and a few
    thousand nested brackets overflow the stack and kill the whole process (segfault).
    The parser's event stream is produced without recursion, so it is counted first."""
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise _too_big(name, f"nests deeper than {MAX_YAML_DEPTH} levels", event.start_mark)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def _unbuildable_date(node: yaml.Node) -> yaml.ScalarNode | None:
    """The first scalar YAML reads as a date (``YYYY-MM-DD``) that is no date, to point at its line."""
    builder = _LOADER("")
    for current, _ in _walk(node):
        if isinstance(current, yaml.ScalarNode) and current.tag.endswith(":timestamp"):
            try:
                builder.construct_yaml_timestamp(current)
            except ValueError:
                return current
    return None


def load_yaml(source: SourceFile) -> Document:
    """Parse YAML safely, recording the line of each field; syntax errors name line and column."""
    text = source.text()
    loader, node = _LOADER(text), None
    try:
        _check_yaml_nesting(text, source.name)
        node = loader.get_single_node()
        if node is not None:
            _check_yaml_size(node, source.name)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise SubmissionError("unreadable", f"{source.name} is not valid YAML{where}: {problem}",
                              [FieldError("", problem, mark.line + 1 if mark else None)]) from None
    except ValueError as error:  # a date YAML recognised but cannot build, such as 2025-13-45
        bad = _unbuildable_date(node) if node is not None else None
        where = f" at line {bad.start_mark.line + 1} ({bad.value!r})" if bad else ""
        raise SubmissionError("unreadable", f"{source.name} has an impossible date{where}: {error}",
                              [FieldError("", str(error), bad.start_mark.line + 1 if bad else None)]) from None
    finally:
        loader.dispose()
    document = Document(data)
    duplicates: list[FieldError] = []
    if node is not None:
        _record_lines(node, (), document.lines, duplicates)
    if duplicates:
        raise SubmissionError("rejected", f"{source.name} repeats a key", duplicates)
    return document


def _record_lines(node: yaml.Node, path: Path_, lines: dict[Path_, int], duplicates: list[FieldError]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key.start_mark)
            if name in seen:
                duplicates.append(FieldError(field_name(path + (name,)), "key given twice",
                                             key.start_mark.line + 1))
            seen.add(name)
            _record_lines(value, path + (name,), lines, duplicates)
            lines[path + (name,)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, path + (index,), lines, duplicates)


# --------------------------------------------------------------------------- the JSON Schema

@lru_cache(maxsize=None)
def schema_validator(definition: str) -> Draft202012Validator:
    """A validator for one definition of ``docs/case-schema.json`` (``case`` or ``publication``)."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    schema["$ref"] = f"#/$defs/{definition}"
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def check_schema(document: Document, definition: str, name: str, prefix: Path_ = ()) -> None:
    """Raise a ``rejected`` SubmissionError listing every schema violation with its field and line."""
    errors = [_schema_error(document, prefix, leaf)
              for error in schema_validator(definition).iter_errors(document.data)
              for leaf in _leaves(error)]
    if errors:
        errors.sort(key=lambda e: (e.line or 0, e.field))
        raise SubmissionError("rejected", f"{name} does not follow the {definition} schema "
                                          f"(docs/case-schema.json)", errors)


def _leaves(error: ValidationError) -> list[ValidationError]:
    """For anyOf/oneOf, the errors of the alternative meant: the first whose type fits the value."""
    if not error.context:
        return [error]
    branches: dict[Any, list[ValidationError]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    fitting = [branch for branch in branches.values()
               if not any(e.validator == "type" and not e.relative_path for e in branch)]
    if not fitting:
        return [best_match(error.context)]
    return [leaf for sub in fitting[0] for leaf in _leaves(sub)]


def _schema_error(document: Document, prefix: Path_, error: ValidationError) -> FieldError:
    path = prefix + tuple(error.absolute_path)
    message = error.message
    if error.validator == "required":
        missing = re.search(r"'([^']+)' is a required property", message)
        if missing:
            path, message = path + (missing.group(1),), "required field is missing"
    elif error.validator == "pattern" and error.schema.get("description"):
        message = f"{error.instance!r} is not valid: {error.schema['description']}"
    elif error.validator == "not" and error.schema.get("description"):
        message = error.schema["description"]
    return document.error(path, message)


# --------------------------------------------------------------------------- the model

def slugify(text: str, max_length: int = 48) -> str:
    """A readable IRI segment: ASCII lower-case words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "x"


@dataclass(frozen=True)
class ConceptRef:
    """A concept named in a submission: by label (to be linked), or new (to be minted)."""

    path: Path_
    label: str
    kind: str | None = None
    new: bool = False
    definition: str | None = None
    alt_labels: tuple[str, ...] = ()
    paradox: "ConceptRef | None" = None
    poles: tuple["ConceptRef", ...] = ()
    stakeholder: "ConceptRef | None" = None
    strategy_type: str | None = None

    @property
    def field(self) -> str:
        return field_name(self.path)

    def nested(self) -> Iterator["ConceptRef"]:
        """The concepts a new concept itself refers to (its paradox, poles, stakeholder)."""
        for ref in (self.paradox, *self.poles, self.stakeholder):
            if ref is not None:
                yield ref


def concept_ref(value: Any, path: Path_, kind: str | None = None) -> ConceptRef:
    """A ConceptRef from a schema-valid string or object; ``kind`` is what the field expects."""
    if isinstance(value, str):
        return ConceptRef(path, value.strip(), kind)
    sub = (lambda key, k: concept_ref(value[key], path + (key,), k) if key in value else None)
    return ConceptRef(
        path, value["label"].strip(), value.get("kind", kind), bool(value.get("new")),
        value.get("definition"), tuple(value.get("alt_labels", ())),
        sub("paradox", "paradox"),
        tuple(concept_ref(p, path + ("poles", i), "pole") for i, p in enumerate(value.get("poles", ()))),
        sub("stakeholder", "stakeholder"), value.get("strategy_type"))


@dataclass(frozen=True)
class Evidence:
    path: Path_
    kind: str
    text: str
    role: ConceptRef | None
    illustrates: tuple[ConceptRef, ...]
    locator: str
    document: str | None
    excerpt: str


@dataclass(frozen=True)
class Study:
    citation: str
    authors: tuple[str, ...]
    year: int
    title: str | None = None
    doi: str | None = None
    cited_as: str | None = None


@dataclass(frozen=True)
class CaseSubmission:
    """A hand-written case file, schema-checked, with every field's line kept for error messages."""

    id: str
    label: str
    description: str
    organisation: str
    organisation_description: str | None
    study: Study
    locator: str | None
    excerpt: str
    initiative: str | None
    sequence: str | None
    lean_experience_years: int | None
    technologies: tuple[ConceptRef, ...]
    evidence: tuple[Evidence, ...]
    document: Document

    def concept_refs(self) -> Iterator[ConceptRef]:
        """Every concept reference of the file, outer ones first."""
        todo = list(self.technologies)
        for item in self.evidence:
            todo += ([item.role] if item.role else []) + list(item.illustrates)
        while todo:
            ref = todo.pop(0)
            yield ref
            todo.extend(ref.nested())


def parse_case(source: SourceFile) -> CaseSubmission:
    """Read a YAML (or JSON) case file into the model; schema errors carry field and line."""
    document = load_yaml(source)
    if not isinstance(document.data, Mapping):
        raise SubmissionError("rejected", f"{source.name} must be a mapping of case fields "
                                          "(id, label, description, organisation, study, evidence)",
                              [document.error((), "expected a mapping at the top level")])
    check_schema(document, "case", source.name)
    data = document.data
    organisation = data["organisation"]
    org_name = organisation if isinstance(organisation, str) else organisation["name"]
    approach = data.get("approach", {})
    return CaseSubmission(
        id=data["id"], label=data["label"].strip(), description=data["description"].strip(),
        organisation=org_name.strip(),
        organisation_description=None if isinstance(organisation, str) else organisation.get("description"),
        study=Study(**{k: v.strip() if isinstance(v, str) else tuple(v) if isinstance(v, list) else v
                       for k, v in data["study"].items()}),
        locator=data.get("passage", {}).get("locator"),
        excerpt=data.get("passage", {}).get("excerpt", data["description"]).strip(),
        initiative=approach.get("initiative"), sequence=approach.get("sequence"),
        lean_experience_years=data.get("lean_experience_years"),
        technologies=tuple(concept_ref(t, ("technologies", i), "technology")
                           for i, t in enumerate(data.get("technologies", ()))),
        evidence=tuple(_evidence(item, ("evidence", i)) for i, item in enumerate(data["evidence"])),
        document=document,
    )


def _evidence(item: Mapping[str, Any], path: Path_) -> Evidence:
    return Evidence(
        path, item["kind"], item["text"].strip(),
        concept_ref(item["role"], path + ("role",), "role") if "role" in item else None,
        tuple(concept_ref(c, path + ("illustrates", j)) for j, c in enumerate(item["illustrates"])),
        item["passage"]["locator"].strip(), item["passage"].get("document"),
        item["passage"].get("excerpt", item["text"]).strip())


@dataclass(frozen=True)
class Publication:
    """A publication to add to the graph, from a YAML file, a BibTeX entry or a CSL-JSON item."""

    path: Path_
    id: str
    title: str
    authors: tuple[str, ...]
    year: int
    type: str = "article"
    doi: str | None = None
    venue: str | None = None
    cited_as: str | None = None
    supports: tuple[ConceptRef, ...] = ()
    challenges: tuple[ConceptRef, ...] = ()
    locator: str = "whole file"

    def concept_refs(self) -> Iterator[ConceptRef]:
        yield from self.supports
        yield from self.challenges


def family_name(author: str) -> str:
    """The family name of ``Family, Given`` or ``Given Family``."""
    author = author.strip()
    return author.split(",")[0].strip() if "," in author else author.split()[-1]


def publication_from(data: Mapping[str, Any], path: Path_, locator: str) -> Publication:
    """A Publication from schema-valid data; the id defaults to ``family-year-firstword``."""
    authors = tuple(a.strip() for a in data["authors"])
    first_word = next(iter(re.findall(r"[A-Za-z0-9]+", data["title"])), "untitled")
    pub_id = data.get("id") or slugify(f"{family_name(authors[0])}-{data['year']}-{first_word}")
    families = [family_name(a) for a in authors]
    cited_as = data.get("cited_as") or (
        f"{families[0]}, {data['year']}" if len(families) == 1 else
        f"{families[0]} and {families[1]}, {data['year']}" if len(families) == 2 else
        f"{families[0]} et al., {data['year']}")
    return Publication(
        path, pub_id, data["title"].strip(), authors, data["year"], data.get("type", "article"),
        data.get("doi"), data.get("venue"), cited_as,
        tuple(concept_ref(c, path + ("supports", i)) for i, c in enumerate(data.get("supports", ()))),
        tuple(concept_ref(c, path + ("challenges", i)) for i, c in enumerate(data.get("challenges", ()))),
        locator)


def parse_publication_yaml(source: SourceFile) -> tuple[list[Publication], Document]:
    """One publication written by hand in YAML (the ``publication`` definition of the schema)."""
    document = load_yaml(source)
    if not isinstance(document.data, Mapping):
        raise SubmissionError("rejected", f"{source.name} must be a mapping of publication fields",
                              [document.error((), "expected a mapping at the top level")])
    check_schema(document, "publication", source.name)
    return [publication_from(document.data, (), "whole file")], document


def remote_jsonld_context(text: str) -> str | None:
    """The first context a JSON-LD document names by IRI (``"@context": "..."``, ``"@import"``), else None.

    rdflib fetches such a context while parsing: from any URL, or a local file
    for a relative one.  Uploaded documents must inline their contexts, or any
    client could make the server send requests wherever it likes (SSRF).
    """
    try:
        stack = [json.loads(text)]
    except (ValueError, RecursionError):
        return None  # not JSON: the parser says so, and fetches nothing
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                named = [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]
                if key in ("@context", "@import") and named:
                    return named[0]
                stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)
    return None


def unstorable_term(graph: Graph) -> str | None:
    """The first term of ``graph`` the store would refuse, with the reason, or None.

    rdflib's parsers let through terms that are not valid RDF (an IRI with a
    space, a malformed language tag, a lone surrogate); Oxigraph checks every
    term when the graph is written.  Uploads are checked right after parsing,
    so that the client gets a 400 naming the term instead of a failed write.
    """
    checked: set[Node] = set()
    for term in (term for triple in graph for term in triple):
        if term in checked:
            continue
        checked.add(term)
        try:
            if isinstance(term, URIRef):
                ox.NamedNode(str(term))
            elif isinstance(term, BNode):
                ox.BlankNode(str(term))
            elif isinstance(term, Literal):
                ox.Literal(str(term), language=term.language,
                           datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
        except ValueError as error:  # UnicodeEncodeError (a lone surrogate) is a ValueError too
            kind = {URIRef: "IRI", BNode: "blank node"}.get(type(term), "literal")
            return f"the {kind} {str(term)[:200]!r}: {error}"
    return None


REMOTE_CONTEXT_HINT = "is not fetched: write the context inline, as an object under \"@context\""


def parse_rdf(source: SourceFile) -> Graph:
    """A Turtle or JSON-LD submission as an rdflib graph; parse errors are ``unreadable``."""
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    if source.format == JSONLD and (context := remote_jsonld_context(source.text())):
        raise SubmissionError("unreadable", f"{source.name}: the JSON-LD context {context!r} {REMOTE_CONTEXT_HINT}")
    try:
        graph.parse(data=source.text(), format=source.format)
    except SubmissionError:
        raise
    except Exception as error:  # rdflib raises many parser-specific types
        message = " ".join(str(error).split())[:300]
        raise SubmissionError("unreadable", f"{source.name} is not valid {source.format}: {message}") from None
    if problem := unstorable_term(graph):
        raise SubmissionError("unreadable", f"{source.name} has a term that is not valid RDF: {problem}")
    return graph
