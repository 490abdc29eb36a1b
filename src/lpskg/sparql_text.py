"""Small facts about SPARQL text that are needed before a query is run."""
from __future__ import annotations

import re

_COMMENT = re.compile(r"#[^\n]*")
_IRI = re.compile(r"<[^>\s]*>")
_STRING = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
                   re.IGNORECASE)

_LITERAL_OR_COMMENT = re.compile("|".join(p.pattern for p in (_STRING, _IRI, _COMMENT)))

_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|^`\\\x00-\x20]*")

UPDATE_FORMS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


def strip_literals(text: str) -> str:
    """The query with strings, IRIs and comments blanked, so keywords inside them are not seen."""
    text = _STRING.sub('""', text)
    text = _IRI.sub("<>", text)
    return _COMMENT.sub("", text)


def is_absolute_iri(text: str) -> bool:
    """True if ``text`` has a scheme and can be written between ``<>`` in SPARQL unchanged."""
    return _ABSOLUTE_IRI.fullmatch(text) is not None


def mask_literals(text: str) -> str:
    """The text with strings, IRIs and comments blanked to spaces, so that keyword
    positions found in the result are positions in the original text."""
    return _LITERAL_OR_COMMENT.sub(lambda match: " " * len(match.group()), text)


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT, DESCRIBE, or the first update keyword; '' if none is found."""
    match = _FORM.search(strip_literals(text))
    return match.group(1).upper() if match else ""


def is_update(text: str) -> bool:
    """True if the text is a SPARQL Update request rather than a query."""
    return query_form(text) in UPDATE_FORMS
