"""A SPARQL parser's complaint, said in words a person can act on.

The engine's parser reports the position and every token it could have taken
there (``error at 1:28: expected one of Prefix not found, ['%'], ['-' | '0'
..= '9' | ...``).  That names no cause.  :func:`explain` reads the query
itself for the usual ones -- a prefix that is neither declared nor one of the
endpoint's own, a triple pattern that stops after its predicate, a query that
does not begin with a query form, a query that ends too soon -- and otherwise
says what was expected in words: a term, a keyword, a closing brace.  The
position always comes first, as ``line L, column C``.
"""
from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from .namespaces import QUERY_PREFIXES
from .sparql_text import UPDATE_FORMS, mask_literals, query_form

_POSITION = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)
_PREFIX_DECLARATION = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:", re.IGNORECASE)
_PREFIXED_NAME = re.compile(r"(?<![\w?$:.<-])([A-Za-z][\w-]*(?:\.[\w-]+)*)?:([\w.-]*)")
#: A term of a triple pattern: a variable, an IRI, a prefixed name, a literal, a blank node label, a number.
_TERM = r"(?:[?$]\w+|<[^>\s]*>|[A-Za-z][\w.-]*:[\w.-]*|:[\w.-]*|\"[^\"]*\"|'[^']*'|_:\w+|\d+(?:\.\d+)?|true|false)"
_TWO_TERMS_THEN_END = re.compile(rf"(?:^|[{{.;])\s*({_TERM}(?:\s+{_TERM}))\s*(?=[}}.]|$)")
#: The first word after any PREFIX and BASE declarations, which must be a query or update form.
_FIRST_WORD = re.compile(r"\s*(?:(?:PREFIX\s+[\w.-]*:\s*<\s*>|BASE\s*<\s*>)\s*)*([A-Za-z]+)", re.IGNORECASE)
_FORMS = {"SELECT", "CONSTRUCT", "ASK", "DESCRIBE"} | UPDATE_FORMS
_COMMENT = re.compile(r"#[^\n]*")
#: The parser's character classes (``['0'..='9' | ...]``): no help to a person.
_CHARACTER_CLASS = re.compile(r"\[(?:[^\[\]'\"]|'[^']*'|\"[^\"]*\")*\]")
#: What a term can begin with, as the parser lists it: when several of these are expected, a term was.
_TERM_STARTS = {'"$"', '"?"', '"<"', '"\'"', '"\\""', '"_:"', '"("', '"["'}


def explain(query: str, parser_message: str) -> str:
    """The parser's message about ``query``, on one line, with its cause in words where it can be told."""
    found = _POSITION.match(" ".join(parser_message.split()))
    if not found:
        return " ".join(parser_message.split())
    line, column, expected = int(found.group(1)), int(found.group(2)), found.group(3)
    unknown = _unknown_prefix(query)
    if unknown:
        return unknown
    cause = (_open_string(query) or _pattern_without_object(query) or _no_query_form(query)
             or _expected_in_words(query, line, column, expected))
    return f"line {line}, column {column}: {cause}"


def _unknown_prefix(query: str) -> str | None:
    masked = mask_literals(query)
    declared = {m.group(1) or "" for m in _PREFIX_DECLARATION.finditer(masked)}
    for match in _PREFIXED_NAME.finditer(masked):
        prefix = match.group(1) or ""
        if prefix in declared or prefix in QUERY_PREFIXES or prefix.upper() in ("HTTP", "HTTPS", "URN", "MAILTO"):
            continue
        line = masked.count("\n", 0, match.start()) + 1
        column = match.start() - masked.rfind("\n", 0, match.start())
        near = sorted((Levenshtein.distance(prefix, known), known) for known in QUERY_PREFIXES)
        hint = f" (did you mean {near[0][1]}:?)" if near and near[0][0] <= max(1, len(prefix) // 3) else ""
        common = ", ".join(f"{p}:" for p in ("lpskg", "rdfs", "skos", "dcterms", "prov", "owl", "xsd"))
        return (f"line {line}, column {column}: unknown prefix {prefix}: in {match.group(0)!r}{hint}; declare it "
                f"with PREFIX {prefix}: <...>, or use one of the endpoint's own ({common} and one per kind of "
                "resource such as paradox:, tension:, archetype:; the query page lists them all)")
    return None


def _pattern_without_object(query: str) -> str | None:
    masked = " ".join(_COMMENT.sub(" ", query).split())
    for group in re.finditer(r"\{([^{}]*)\}|\{([^{}]*)$", masked):
        body = group.group(1) if group.group(1) is not None else group.group(2)
        found = _TWO_TERMS_THEN_END.search(body)
        if found:
            return f"the triple pattern {found.group(1)!r} has no object: a pattern is subject, predicate and object"
    return None


def _open_string(query: str) -> str | None:
    stray = re.search(r"[\"']", mask_literals(query))
    if stray:
        line = query.count("\n", 0, stray.start()) + 1
        return f"a string opened with {stray.group()} at line {line} is not closed"
    return None


def _no_query_form(query: str) -> str | None:
    first = _FIRST_WORD.match(mask_literals(query))
    if not query_form(query) or (first and first.group(1).upper() not in _FORMS):
        forms = "SELECT, CONSTRUCT, ASK or DESCRIBE (or, to /update, " + ", ".join(sorted(UPDATE_FORMS)) + ")"
        return f"the text does not begin with a query form: {forms}, after any PREFIX and BASE"
    return None


def _expected_in_words(query: str, line: int, column: int, expected: str) -> str:
    lines = query.split("\n")
    rest = lines[line - 1][column - 1:] if line <= len(lines) else ""
    at_end = not rest.strip() and all(not later.strip() for later in lines[line:])
    tokens = re.findall(r'"(?:[^"\\]|\\.)*"|\b[A-Z][A-Z0-9_]+\b', _CHARACTER_CLASS.sub(" ", expected))
    keywords = [t for t in tokens if not t.startswith('"')]
    punctuation = [t.strip('"') for t in tokens if t.startswith('"') and t not in _TERM_STARTS and t.strip('"')]
    wanted = []
    if "ABS" in keywords:  # the parser lists every function: an expression was expected
        wanted.append("an expression (a term, a function call such as STR(?x), or one in brackets)")
        keywords = []
    elif len(_TERM_STARTS & set(tokens)) >= 2:
        wanted.append("a term (a variable, an IRI, a prefixed name or a literal)")
    wanted += [f"'{p}'" for p in punctuation if p in ("{", "}", ".", ";", ",", "(", ")", "*")]
    wanted += keywords[:8]
    said = ", ".join(wanted) or "another token"
    masked = mask_literals(query)
    unclosed = [opening for opening, closing in (("{", "}"), ("(", ")")) if masked.count(opening) > masked.count(closing)]
    if at_end and unclosed:
        return f"the query ends before it is complete ({' and '.join(repr(u) for u in unclosed)} not closed); expected {said}"
    if at_end:
        return f"expected {said} before the end of the query"
    return f"unexpected {rest.strip()[:30]!r}; expected {said}"
