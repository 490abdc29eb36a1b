"""Typed parameters of the library's queries: what a value must look like, and the RDF term it becomes.

Parameter values are never pasted into the query text: each becomes a typed
RDF term that the store hands the engine as a SEP-0007 substitution, so a value
cannot change the query's meaning. A ``values`` variable takes a list, written
as a ``VALUES`` block of escaped terms (:func:`lpskg.sparql_text.bind`).
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ...namespaces import PREFIXES
from ...sparql_text import bind, mask_literals, values_block

#: The types a parameter may have, with what a value must look like.
PARAMETER_TYPES = ("iri", "string", "integer", "decimal", "boolean", "date", "year")

_ABSOLUTE_IRI = re.compile(r"https?://[^\s<>\"{}|^`\\]+")
_PREFIXED_NAME = re.compile(r"([A-Za-z][\w.-]*)?:([^\s<>\"{}|^`\\]*)")
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_YEAR = re.compile(r"-?\d{4,}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LOCAL = re.compile(r"[\w-]+")
_BOOLEANS = {"true": "true", "1": "true", "yes": "true", "false": "false", "0": "false", "no": "false"}


class NamedQueryError(ValueError):
    """A query file is unknown, badly written, or given a bad parameter; the message says which."""


class UnknownNamedQuery(NamedQueryError):
    """No named query has the name asked for; the message lists the names there are."""


@dataclass(frozen=True)
class Parameter:
    """One parameter of a named query: the SPARQL variable of the same name, bound by value."""

    name: str
    type: str
    default: str | None
    description: str
    required: bool
    #: For an ``iri`` parameter, the class its values are instances of (``lpskg:Case`` expanded), or None when
    #: any resource will do; a label given for it is looked for among the resources of that class only.
    kind: str | None = None

    @property
    def kind_name(self) -> str | None:
        """The kind as a prefixed name (``lpskg:Case``), as the header writes it."""
        return None if self.kind is None else prefixed_name(self.kind)


#: What resolves a label given for an ``iri`` parameter: (the text, the parameter, who asks) -> the IRI.
Resolver = Callable[[str, Parameter, str], str]


def to_term(query_name: str, parameter: Parameter, value: str, resolve: Resolver | None = None) -> Node:
    """The RDF term for a parameter's textual value, or a NamedQueryError saying what is wrong.

    With ``resolve``, an ``iri`` value that is neither an IRI nor a prefixed name is taken as a label
    (of a resource of the parameter's kind, if it has one).
    """
    text = value.strip()

    def bad(expected: str) -> NamedQueryError:
        return NamedQueryError(f"parameter '{parameter.name}' of named query '{query_name}' must be "
                               f"{expected}, got {value!r}")

    if parameter.type == "string":
        return Literal(value)
    if parameter.type == "iri":
        if resolve is not None and text and not _looks_like_iri(text):
            return URIRef(resolve(text, parameter, f"parameter '{parameter.name}' of named query '{query_name}'"))
        return URIRef(_expand_iri(text, bad))
    if parameter.type == "integer":
        if not _INTEGER.fullmatch(text):
            raise bad("an integer such as 42")
        return Literal(int(text), datatype=XSD.integer)
    if parameter.type == "decimal":
        if not _DECIMAL.fullmatch(text):
            raise bad("a decimal number such as 2.5")
        try:
            return Literal(Decimal(text), datatype=XSD.decimal)
        except InvalidOperation:
            raise bad("a decimal number such as 2.5") from None
    if parameter.type == "boolean":
        if text.lower() not in _BOOLEANS:
            raise bad("true or false")
        return Literal(_BOOLEANS[text.lower()], datatype=XSD.boolean)
    if parameter.type == "date":
        try:
            if not _DATE.fullmatch(text):
                raise ValueError(text)
            day = datetime.date.fromisoformat(text)
        except ValueError:
            raise bad("a date written YYYY-MM-DD") from None
        return Literal(day.isoformat(), datatype=XSD.date)
    if parameter.type == "year":
        if not _YEAR.fullmatch(text):
            raise bad("a year of four digits such as 2024")
        return Literal(text, datatype=XSD.gYear)
    raise bad(f"of a known type ({', '.join(PARAMETER_TYPES)})")


def expand_iri(text: str, what: str) -> str:
    """The absolute IRI an IRI or a prefixed name with a known prefix stands for; NamedQueryError naming ``what``."""
    return _expand_iri(text.strip(), lambda expected: NamedQueryError(f"{what} must be {expected}, got {text!r}"))


def prefixed_name(iri: str) -> str:
    """``iri`` written with the longest known prefix (``lpskg:Case``), or as ``<iri>``."""
    best = max(((p, ns) for p, ns in PREFIXES.items() if iri.startswith(ns) and _LOCAL.fullmatch(iri[len(ns):])),
               key=lambda item: len(item[1]), default=None)
    return f"{best[0]}:{iri[len(best[1]):]}" if best else f"<{iri}>"


def _looks_like_iri(text: str) -> bool:
    """True for text written as an IRI or a prefixed name (``<...>``, ``scheme:...``), false for a label."""
    return text.startswith("<") or bool(_PREFIXED_NAME.fullmatch(text)) or ":" in text.split()[0]


def _expand_iri(text: str, bad: Callable[[str], NamedQueryError]) -> str:
    """An absolute http(s) IRI, from an IRI (with or without <>) or a known prefixed name."""
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if _ABSOLUTE_IRI.fullmatch(text):
        return text
    prefixed = _PREFIXED_NAME.fullmatch(text)
    if prefixed and (prefixed.group(1) or "") in PREFIXES:
        return PREFIXES[prefixed.group(1) or ""] + prefixed.group(2)
    if prefixed and not text.lower().startswith(("http:", "https:")):
        raise bad(f"an absolute http(s) IRI or a prefixed name with a known prefix "
                  f"({', '.join(sorted(PREFIXES))}); '{prefixed.group(1) or ''}:' is not one")
    raise bad("an absolute http(s) IRI without spaces or any of <>\"{}|^`\\")


def fill_values(text: str, name: str, terms: list[Node]) -> str:
    """``text`` with the list ``terms`` written into its empty ``VALUES ?name { }`` block.

    A file marks where its list goes with that empty block (still valid SPARQL,
    matching nothing), so the list can sit inside a sub-query; a file without
    one gets the block at the start of its WHERE group.
    """
    block = re.compile(r"VALUES\s+\?" + re.escape(name) + r"\s*\{\s*\}", re.IGNORECASE)
    match = block.search(mask_literals(text))
    if match is None:
        return bind(text, {name: terms})
    return text[:match.start()] + values_block({name: terms}) + text[match.end():]
