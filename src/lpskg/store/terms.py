"""Terms between rdflib and pyoxigraph, and blank nodes scoped to the document they come from.

lpskg speaks two RDF models on purpose: pyoxigraph's terms for bulk data (a
million quads exported, an answer serialised, a graph sent to the Graph Store
client) because its serialisers write them without a conversion, and rdflib's
terms for the small graphs and rows Python code inspects (a submission, a page's
read model, a SHACL report).  This module is the one crossing between them.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TypeVar

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ..sparql_text import XSD_STRING
from .base import StoreError

T = TypeVar("T")
#: Oxigraph mints a blank node as a random 128-bit id and writes it as its label in
#: hexadecimal without leading zeros, first character a letter: 32 digits for 94 % of
#: ids, 31 for 6 %, fewer rarely (measured over 20,000), under 16 with odds of 2^-60.
#: Labels other engines number per answer (``b0``) and hand-written ones are shorter.
_MINTED_LABEL = re.compile(r"[a-f][0-9a-f]{15,31}")


def to_rdflib(term: object) -> Node:
    """The rdflib term for a pyoxigraph term (plain strings come back as plain literals)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unsupported term {term!r}")


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The pyoxigraph term for an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


def json_term(binding: Mapping[str, str]) -> Node:
    """The rdflib term of a term in SPARQL JSON results (``typed-literal`` too, as SPARQL 1.0 wrote it)."""
    kind = binding.get("type")
    value = binding.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        if binding.get("xml:lang"):
            return Literal(value, lang=binding["xml:lang"])
        datatype = binding.get("datatype")
        if datatype and datatype != XSD_STRING:
            return Literal(value, datatype=URIRef(datatype))
        return Literal(value)
    raise StoreError(f"the SPARQL service returned a term of unknown type {kind!r}")


class BlankNodeScope:
    """The blank node labels of one document: a file being imported, one answer of a service.

    A label such as ``_:b0`` names a node only inside its document, so it gets a
    fresh node, the same for every use in the document: two documents that both
    say ``_:b0`` do not merge their nodes.  A label Oxigraph minted is the node's
    id in the store the document came from and is kept, so that an export
    imported again, or a node two graphs share, stays one node.
    """

    def __init__(self) -> None:
        self._fresh: dict[str, ox.BlankNode] = {}

    def node(self, term: T) -> T:
        """``term`` itself, unless it is a blank node whose label is not store-minted."""
        if not isinstance(term, ox.BlankNode) or _MINTED_LABEL.fullmatch(term.value):
            return term
        fresh = self._fresh.get(term.value)
        if fresh is None:
            fresh = self._fresh[term.value] = ox.BlankNode()
        return fresh
