"""Facts about SPARQL text needed before a query is run, and the one way terms are written into it.

Values are never pasted into query text as raw strings: :func:`sparql_term`
writes an IRI only after :func:`check_iri` has accepted it and escapes every
literal, and :func:`bind` puts such terms in a ``VALUES`` block at the start
of the WHERE group.  That is how bindings travel to a remote service, and how
a read model is given a list of values (the embedded engine takes single
bindings as substitutions instead).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from urllib.parse import urljoin

from rdflib import Literal, URIRef
from rdflib.term import Node

from .namespaces import GRAPH, QUERY_PREFIXES

_COMMENT = re.compile(r"#[^\n]*")
_IRI = re.compile(r"<[^>\s]*>")
_STRING = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
                   re.IGNORECASE)
_LITERAL_OR_COMMENT = re.compile("|".join(p.pattern for p in (_STRING, _IRI, _COMMENT)))
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|^`\\\x00-\x20]*")
_LANGUAGE = re.compile(r"[A-Za-z]+(-[A-Za-z0-9]+)*")
_VARIABLE = re.compile(r"\w+")
_GROUP_TOKEN = re.compile(r"[{}]|(?<![\w?$:])WHERE(?![\w:-])", re.IGNORECASE)
_PREFIX_USE = re.compile(r"(?<![\w?$:.-])([A-Za-z][\w-]*(?:\.[\w-]+)*)?:")
_PREFIX_DECLARATION = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:", re.IGNORECASE)
#: FROM / FROM NAMED with an IRI (``<>`` once stripped) or a prefixed name, outside strings and comments.
_DATASET_CLAUSE = re.compile(r"(?<![?$\w])FROM\s+(?:NAMED\s+)?(?:<>|[A-Za-z][\w.-]*:|:)", re.IGNORECASE)
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: Strings, IRIs, comments and runs of white space: what :func:`normalise_query` rewrites or keeps.
_NORMAL_TOKEN = re.compile("|".join(p.pattern for p in (_STRING, _IRI)) + r"|(?:\s|#[^\n]*)+")
#: Functions whose value changes from one evaluation to the next (SPARQL 1.1 Query 17.4).
_NOT_REPEATABLE = re.compile(r"\b(RAND|NOW|UUID|STRUUID|BNODE)\s*\(", re.IGNORECASE)
_GRAPH_PATTERN = re.compile(r"(?<![\w?$:])GRAPH(?![\w:-])", re.IGNORECASE)

UPDATE_FORMS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


class QuerySyntaxError(ValueError):
    """A SPARQL query or update does not parse; the message gives the position."""


def strip_literals(text: str) -> str:
    """The query with strings, IRIs and comments blanked, so keywords inside them are not seen."""
    text = _STRING.sub('""', text)
    text = _IRI.sub("<>", text)
    return _COMMENT.sub("", text)


def mask_literals(text: str) -> str:
    """The text with strings, IRIs and comments blanked to spaces, so that keyword
    positions found in the result are positions in the original text."""
    return _LITERAL_OR_COMMENT.sub(lambda match: " " * len(match.group()), text)


def normalise_query(text: str) -> str:
    """The query with comments dropped and white space outside strings and IRIs cut to one space.

    Two texts with the same normal form are the same query, so a cache of
    answers keys on it: the paradox map and a script that indents differently
    share an entry.
    """
    def token(match: re.Match) -> str:
        found = match.group()
        return found if found[0] in "\"'<" else " "
    return _NORMAL_TOKEN.sub(token, text).strip()


def is_repeatable(text: str) -> bool:
    """False when the query calls a function whose value differs between evaluations (RAND, NOW, UUID ...):
    its answer must not be served again."""
    return _NOT_REPEATABLE.search(strip_literals(text)) is None


def reads_named_graphs(query: str) -> bool:
    """True when the query has a ``GRAPH`` pattern: only then can it read the dataset's named graphs."""
    return _GRAPH_PATTERN.search(strip_literals(query)) is not None


def is_absolute_iri(text: str) -> bool:
    """True if ``text`` has a scheme and can be written between ``<>`` in SPARQL unchanged."""
    return _ABSOLUTE_IRI.fullmatch(text) is not None


def check_iri(iri: str, what: str = "") -> str:
    """``iri`` if it is an absolute IRI that can be written as ``<iri>``; ValueError naming ``what`` otherwise.

    The one IRI check of lpskg: the HTTP layer (graph parameters, resource
    pages, label lookups) and the remote store both call it."""
    if not is_absolute_iri(iri):
        named = f"{what}={iri!r}" if what else repr(iri)
        raise ValueError(f"{named} is not an absolute IRI (it needs a scheme such as https: and "
                         "no spaces or any of <>\"{}|^`\\)")
    return iri


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT, DESCRIBE, or the first update keyword; '' if none is found."""
    match = _FORM.search(strip_literals(text))
    return match.group(1).upper() if match else ""


def article(form: str) -> str:
    """The indefinite article before a query form in a message: "an ASK query", "a SELECT query"."""
    return "an" if form[:1].upper() in "AEIOU" else "a"


def has_dataset_clause(query: str) -> bool:
    """True if the query names its own dataset with ``FROM`` or ``FROM NAMED``."""
    return _DATASET_CLAUSE.search(strip_literals(query)) is not None


def is_update(text: str) -> bool:
    """True if the text is a SPARQL Update request rather than a query."""
    return query_form(text) in UPDATE_FORMS


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"')
            .replace("\n", "\\n").replace("\r", "\\r"))


def sparql_term(term: Node) -> str:
    """The SPARQL syntax of an IRI or literal, escaped so that no value can change the query."""
    if isinstance(term, URIRef):
        return f"<{check_iri(str(term))}>"
    if isinstance(term, Literal):
        text = f'"{_escape(str(term))}"'
        if term.language:
            if not _LANGUAGE.fullmatch(term.language):
                raise ValueError(f"{term.language!r} is not a language tag")
            return f"{text}@{term.language}"
        if term.datatype is not None and str(term.datatype) != XSD_STRING:
            return f"{text}^^<{check_iri(str(term.datatype))}>"
        return text
    raise ValueError(f"cannot bind {term!r}: a binding must be an IRI or a literal")


def values_block(bindings: Mapping[str, Node | Iterable[Node]]) -> str:
    """``VALUES (?a ?b) { (term term) }`` for single bindings, or ``VALUES ?a { t1 t2 }`` for one list."""
    for name in bindings:
        if not _VARIABLE.fullmatch(name):
            raise ValueError(f"{name!r} is not a SPARQL variable name")
    lists = {name: value for name, value in bindings.items() if not isinstance(value, Node)}
    if lists:
        if len(bindings) != 1:
            raise ValueError("a list of values binds one variable alone")
        (name, values), = lists.items()
        return f"VALUES ?{name} {{ {' '.join(sparql_term(term) for term in values)} }}"
    variables = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(sparql_term(term) for term in bindings.values())  # type: ignore[arg-type]
    return f"VALUES ({variables}) {{ ({terms}) }}"


def where_group_start(query: str) -> int:
    """Index just inside the opening brace of the query's WHERE group.

    The first top-level group, except in a CONSTRUCT whose template comes
    first (``CONSTRUCT { template } WHERE { pattern }``, WHERE optional).
    """
    masked = mask_literals(query)
    template_first = query_form(query) == "CONSTRUCT"
    depth = 0
    for token in _GROUP_TOKEN.finditer(masked):
        text = token.group()
        if text == "{":
            if depth == 0 and not template_first:
                return token.end()
            if depth == 0:
                template_first = False
            depth += 1
        elif text == "}":
            depth -= 1
        elif depth == 0:
            template_first = False
    raise QuerySyntaxError("the query has no WHERE group to bind parameters in")


def bind(query: str, bindings: Mapping[str, Node | Iterable[Node]] | None) -> str:
    """The query with the bindings as a VALUES block opening its WHERE group."""
    if not bindings:
        return query
    start = where_group_start(query)
    return f"{query[:start]} {values_block(bindings)} {query[start:]}"


_SELECT_CLAUSE = re.compile(r"\bSELECT\b(?:\s+(?:DISTINCT|REDUCED)\b)?(.*?)(?=\bWHERE\b|\{)", re.IGNORECASE | re.DOTALL)


def without_projected(query: str, names: Iterable[str]) -> str:
    """The query with the variables ``names`` left out of its top-level SELECT clause, where they stand alone
    (an expression that uses one keeps it); a clause left empty would be ``*``, so the last one stays."""
    masked = mask_literals(query)
    match = _SELECT_CLAUSE.search(masked)
    if match is None:
        return query
    start, end = match.span(1)
    clause, depth, kept, pieces = masked[start:end], 0, [], []
    for token in re.finditer(r"\(|\)|[?$]\w+|[^()?$]+", clause):
        text = token.group()
        depth += text == "("
        depth -= text == ")"
        pieces.append((text, depth == 0 and text[:1] in "?$" and text[1:] in set(names)))
    kept = [text for text, dropped in pieces if not dropped]
    if not any(text[:1] in "?$" or text == "(" for text in kept):
        return query
    original = query[start:end]
    position, out = 0, []
    for text, dropped in pieces:   # the masked clause has the original's positions: copy what is kept
        if not dropped:
            out.append(original[position:position + len(text)])
        position += len(text)
    return query[:start] + re.sub(r"[ \t]{2,}", " ", "".join(out)) + query[end:]


def missing_prefixes(text: str) -> dict[str, str]:
    """The project's prefixes that ``text`` uses without declaring them, with their IRIs.

    The engine is given only these rather than all of :data:`~lpskg.namespaces.QUERY_PREFIXES`: pyoxigraph
    parses every prefix IRI it is handed, which cost a light query 0.13 ms of its 0.6 ms
    parse (``bench/light_path.py``).
    """
    masked = mask_literals(text)
    declared = {m.group(1) or "" for m in _PREFIX_DECLARATION.finditer(masked)}
    used = {m.group(1) or "" for m in _PREFIX_USE.finditer(masked)}
    return {p: QUERY_PREFIXES[p] for p in sorted((used - declared) & QUERY_PREFIXES.keys())}


def with_prologue(text: str, base_iri: str | None = None) -> str:
    """``text`` preceded, on its first line, by the project prefixes it uses without declaring
    and, when given, a ``BASE`` for its relative IRIs (a ``BASE`` of the text itself still wins)."""
    missing = missing_prefixes(text)
    base = f"BASE <{check_iri(base_iri)}> " if base_iri else ""
    return base + "".join(f"PREFIX {p}: <{iri}> " for p, iri in missing.items()) + text


# Graph IRIs an update names in a position where it writes: GRAPH <g> in a template, WITH, INTO,
# TO, the source of MOVE, and the target of CLEAR/DROP/CREATE.  Anything it cannot name (GRAPH ?g, ALL, NAMED)
# makes the set unknown.
_NAMED_GRAPH = re.compile(r"\b(?:GRAPH|WITH|INTO|TO|MOVE\s+(?:SILENT\s+)?(?:GRAPH\s+)?)\s*<([^>\s]*)>", re.IGNORECASE)
_UNNAMED_GRAPH = re.compile(r"\bGRAPH\s*[?$]|\b(?:CLEAR|DROP)\s+(?:SILENT\s+)?(?:ALL|NAMED)\b", re.IGNORECASE)


def touched_graphs(update: str, base_iri: str | None = None) -> set[str] | None:
    """The named graphs an update may write, or None when its text does not say (``GRAPH ?g``, ``DROP ALL``);
    relative graph IRIs are resolved against ``base_iri``.

    An over-estimate is harmless (the caller recomputes what depends on more
    graphs than needed); None makes the caller assume every graph changed.
    Graphs read through ``USING``/``FROM`` are not written and not listed.
    """
    stripped = _COMMENT.sub("", _STRING.sub('""', update))
    if _UNNAMED_GRAPH.search(stripped):
        return None
    return {urljoin(base_iri, match.group(1)) if base_iri else match.group(1)
            for match in _NAMED_GRAPH.finditer(stripped)}


def is_project_graph(name: str) -> bool:
    """True for the store's own named graphs (``https://w3id.org/lpskg/graph/...``)."""
    return name.startswith(str(GRAPH))
