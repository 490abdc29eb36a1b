"""Nanopublications read from a file: split, checked for structure, then by the library for hash and signature.

The structure is checked here, before any library sees the data, so that each
fault gets its own message: a head graph naming exactly one assertion,
provenance and publication-info graph; four distinct graphs whose IRIs start
with the nanopublication's IRI; no triple outside them; none of the three
empty; the provenance about the assertion, the publication info about the
nanopublication; every literal of an XSD type well-formed; at most
:data:`MAX_TRIPLES` triples.  Then :func:`~.tools.check` checks the trusty
hash and the signature when there are any.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Literal, URIRef

from ...rdf_input import remote_jsonld_context
from .tools import ARTEFACT_CODE, Checked, NanopubError, check

NP = "http://www.nanopub.org/nschema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
#: The most triples one nanopublication may have (nanopub-py's limit for publishing, 1200).
MAX_TRIPLES = 1200
#: Media types and file suffixes read, with pyoxigraph's format (TriX is read by rdflib).
FORMATS = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD, "trix": None}
SUFFIXES = {".trig": "trig", ".nq": "nq", ".nquads": "nq", ".jsonld": "jsonld", ".json": "jsonld",
            ".xml": "trix", ".trix": "trix"}
MEDIA = {"application/trig": "trig", "application/n-quads": "nq", "application/ld+json": "jsonld",
         "application/trix": "trix", "application/trix+xml": "trix"}


@dataclass
class Nanopub:
    """One nanopublication: its IRI, its four graphs, its quads (in the order read) and what the library found."""

    uri: str
    head: str
    assertion: str
    provenance: str
    pubinfo: str
    quads: list[ox.Quad] = field(default_factory=list)
    checked: Checked | None = None

    @property
    def graphs(self) -> tuple[str, str, str, str]:
        return self.head, self.assertion, self.provenance, self.pubinfo

    @property
    def trusty_code(self) -> str | None:
        """The artefact code its IRI ends with, or None."""
        found = ARTEFACT_CODE.search(self.uri)
        return found.group(0) if found and self.uri.endswith(found.group(0)) else None

    def trig(self) -> str:
        return ox.serialize(self.quads, format=ox.RdfFormat.TRIG).decode("utf-8")


def parse(data: bytes, fmt: str, name: str) -> list[ox.Quad]:
    """The quads of ``data`` in ``fmt`` (trig, nq, jsonld, trix); NanopubError naming the file and the fault."""
    if fmt not in FORMATS:
        raise NanopubError(f"{name}: {fmt!r} is not a nanopublication format (TriG, N-Quads, JSON-LD, TriX)")
    if fmt == "jsonld" and remote_jsonld_context(data.decode("utf-8", "replace")):
        raise NanopubError(f"{name}: the JSON-LD names its @context by IRI; inline the context")
    try:
        if fmt == "trix":
            return _trix(data)
        return list(ox.parse(data, format=FORMATS[fmt]))
    except (SyntaxError, ValueError) as error:
        raise NanopubError(f"{name}: not readable as {fmt}: {' '.join(str(error).split())}") from None


def _trix(data: bytes) -> list[ox.Quad]:
    """TriX through rdflib, handed on as N-Quads (pyoxigraph has no TriX parser)."""
    from rdflib import Dataset

    dataset = Dataset()
    dataset.parse(data=data, format="trix")
    return list(ox.parse(dataset.serialize(format="nquads").encode("utf-8"), format=ox.RdfFormat.N_QUADS))


def split(quads: list[ox.Quad], name: str) -> list[Nanopub]:
    """Each nanopublication of the file, with its quads; NanopubError if a triple belongs to none."""
    heads = [q for q in quads if q.predicate.value == RDF_TYPE and q.object == ox.NamedNode(NP + "Nanopublication")]
    if not heads:
        raise NanopubError(f"{name}: no np:Nanopublication in a head graph")
    found: list[Nanopub] = []
    for typed in heads:
        if not isinstance(typed.graph_name, ox.NamedNode) or not isinstance(typed.subject, ox.NamedNode):
            raise NanopubError(f"{name}: the np:Nanopublication must be an IRI typed in a named head graph")
        uri, head = typed.subject.value, typed.graph_name.value
        parts = {}
        for role in ("hasAssertion", "hasProvenance", "hasPublicationInfo"):
            objects = {q.object for q in quads
                       if q.graph_name == typed.graph_name and q.subject == typed.subject and q.predicate.value == NP + role}
            if len(objects) != 1 or not isinstance(next(iter(objects)), ox.NamedNode):
                raise NanopubError(f"{name}: <{uri}> needs exactly one np:{role} graph IRI in its head; "
                                   f"it has {len(objects)}")
            parts[role] = next(iter(objects)).value
        found.append(Nanopub(uri, head, parts["hasAssertion"], parts["hasProvenance"], parts["hasPublicationInfo"]))
    owner = {}
    for nanopub in found:
        for graph in nanopub.graphs:
            if graph in owner and owner[graph] is nanopub:
                raise NanopubError(f"{name}: <{nanopub.uri}> uses the graph <{graph}> for two roles: head, "
                                   "assertion, provenance and publication info must be four distinct graphs")
            if graph in owner:
                raise NanopubError(f"{name}: the graph <{graph}> is used twice (by <{owner[graph].uri}> and "
                                   f"<{nanopub.uri}>): head, assertion, provenance and publication info must be "
                                   "four distinct graphs")
            owner[graph] = nanopub
    for quad in quads:
        graph = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else None
        if graph not in owner:
            where = f"the graph <{graph}>" if graph else "the default graph"
            raise NanopubError(f"{name}: {where} belongs to no nanopublication (a nanopublication has exactly a "
                               "head, an assertion, a provenance and a publication-info graph)")
        owner[graph].quads.append(quad)
    return found


def check_structure(nanopub: Nanopub, name: str) -> None:
    """The rules of the module's description for one nanopublication; NanopubError with the first fault."""
    where = f"{name}: <{nanopub.uri}>"
    if len(nanopub.quads) > MAX_TRIPLES:
        raise NanopubError(f"{where} has {len(nanopub.quads)} triples; lpskg takes at most {MAX_TRIPLES} "
                           "in one nanopublication")
    for label, graph in zip(("head", "assertion", "provenance", "publication-info"), nanopub.graphs):
        if not graph.startswith(nanopub.uri.rstrip("#/")):
            raise NanopubError(f"{where}: its {label} graph <{graph}> does not start with the nanopublication's "
                               "IRI (graph URIs must match it)")
    by_graph: dict[str, list[ox.Quad]] = {g: [] for g in nanopub.graphs}
    for quad in nanopub.quads:
        by_graph[quad.graph_name.value].append(quad)
    for label, graph in (("assertion", nanopub.assertion), ("provenance", nanopub.provenance),
                         ("publication-info", nanopub.pubinfo)):
        if not by_graph[graph]:
            raise NanopubError(f"{where}: its {label} graph <{graph}> is empty")
    if not any(q.subject == ox.NamedNode(nanopub.assertion) for q in by_graph[nanopub.provenance]):
        raise NanopubError(f"{where}: its provenance graph says nothing about the assertion <{nanopub.assertion}>")
    if not any(q.subject.value in (nanopub.uri, nanopub.uri.rstrip("#/")) for q in by_graph[nanopub.pubinfo]):
        raise NanopubError(f"{where}: its publication-info graph says nothing about the nanopublication")
    for quad in nanopub.quads:
        term = quad.object
        if isinstance(term, ox.Literal) and term.datatype.value.startswith(XSD) and _ill_typed(term):
            raise NanopubError(f"{where}: the literal \"{term.value}\" is not a valid {term.datatype.value[len(XSD):]}"
                               f" (in <{quad.graph_name.value}>)")


def _ill_typed(term: ox.Literal) -> bool:
    """Whether rdflib finds the literal's lexical form invalid for its XSD type (its complaint not logged)."""
    log = logging.getLogger("rdflib.term")
    disabled, log.disabled = log.disabled, True
    try:
        return bool(Literal(term.value, datatype=URIRef(term.datatype.value)).ill_typed)
    finally:
        log.disabled = disabled


def read(data: bytes, fmt: str, name: str) -> list[Nanopub]:
    """Every nanopublication of a file, each checked for structure, trusty hash and signature; all or an error.

    A signature by another algorithm than RSA is refused: the library verifies RSA only.
    """
    nanopubs = split(parse(data, fmt, name), name)
    for nanopub in nanopubs:
        check_structure(nanopub, name)
    for nanopub in nanopubs:
        algorithms = {q.object.value for q in nanopub.quads
                      if q.predicate.value == "http://purl.org/nanopub/x/hasAlgorithm"}
        if algorithms - {"RSA"}:
            raise NanopubError(f"{name}: <{nanopub.uri}> is signed with {', '.join(sorted(algorithms))}; lpskg "
                               "checks RSA signatures only (nanopub-sign verifies no other algorithm)")
        try:
            nanopub.checked = check(nanopub.trig())
        except NanopubError as error:
            raise NanopubError(f"{name}: <{nanopub.uri}>: {error}") from None
    return nanopubs
