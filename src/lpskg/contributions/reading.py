"""Reading a submission: its bytes and their format, then hand-written YAML with the line of every field,
checked against the JSON Schema.

A submission arrives as a file (``lpskg case add FILE``) or as an HTTP body
with a Content-Type; either way it becomes a :class:`SourceFile`, whose name
and SHA-256 the provenance of the stored graph records.

A researcher writes a case by hand in YAML (``docs/case-schema.json``), so
every error must say which field is wrong and on which line: the YAML is
composed into nodes first, the line of every field path is recorded, and the
data is checked against the published JSON Schema before anything else
looks at it.  Documents that would take the parser down (nested aliases that
expand to billions of values, thousands of nested brackets) are refused first.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from ..formats import CASES, Format, by_extension, by_media_type, extensions, media_types
from ..paths import ROOT
from .errors import FieldError, SubmissionError

SCHEMA_FILE = ROOT / "docs" / "case-schema.json"

# --------------------------------------------------------------------------- the bytes and their format


@dataclass(frozen=True)
class SourceFile:
    """The bytes of a submission, what it was called and its format, as provenance records them."""

    name: str
    data: bytes
    format: Format

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def text(self) -> str:
        try:
            return self.data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise SubmissionError("unreadable", f"{self.name} is not UTF-8 text "
                                                f"(byte {error.start}: {error.reason})") from None


def submission_format(name: str, media_type: str | None = None, family: tuple[Format, ...] = CASES) -> Format:
    """The format of a submission from its Content-Type, else its file name, among the formats of ``family``
    (:data:`~lpskg.formats.CASES` or :data:`~lpskg.formats.LITERATURE`)."""
    if media_type:
        found = by_media_type(family, media_type)
        if found is None:
            raise SubmissionError("unsupported-type", f"unsupported Content-Type {media_type.split(';')[0]!r}; "
                                                      f"use one of {', '.join(media_types(family))}")
        return found
    found = by_extension(family, name)
    if found is None:
        raise SubmissionError("unsupported-type", f"cannot tell the format of {name!r}: use a "
                                                  f"{', '.join(dict.fromkeys(extensions(family)))} file")
    return found


def read_source(path: Path, max_bytes: int, family: tuple[Format, ...] = CASES) -> SourceFile:
    """A submission file from disk, refused before reading if it is larger than ``max_bytes``."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SubmissionError("too-large", f"{path.name} is {size / 1048576:.1f} MB, larger than the "
                                               f"limit of {max_bytes / 1048576:.1f} MB (LPSKG_MAX_BODY)")
        return SourceFile(path.name, path.read_bytes(), submission_format(path.name, family=family))
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
