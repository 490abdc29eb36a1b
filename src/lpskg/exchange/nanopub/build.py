"""The graph's statements as nanopublications: what the paper states, what the curator interprets, its claims,
and each submitted case's evidence and diagnosis.

Each is an assertion with its provenance, built from the ``queries/nanopub/`` read models:

* a stated link: the triple; provenance: the link record (``lpskg:StatedLink``, with any modality
  the graph gives it), ``prov:wasDerivedFrom`` each sentence passage that states it, described with
  its verbatim excerpt, locator and document, and ``prov:hadPrimarySource`` the document;
* an interpretation: the triple; provenance: the record typed ``lpskg:Interpretation`` with its
  ``lpskg:rationale``, and the passages it is ``lpskg:basedOn``, described likewise;
* a claim: the claim's description; provenance: the passages it is stated in;
* a case's evidence item: its description; provenance: the submission (when, by whom) and its passages;
* a case's diagnosis: what the rules find; provenance: the evidence items and the licensing passages.

The publication info names the release that first published the statement as it is now (its
version IRI and date, from the ledger :mod:`.ledger`; a statement no release has published yet
names the unversioned ontology), the licence and creator, and the record the nanopublication comes
from (``dcterms:source``).  Nothing depends on the clock or on the order of rows, so the same
graph gives the same trusty URIs, and an unchanged statement keeps its URI from release to release.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD
from rdflib.term import Node

from ...knowledge.diagnosis import diagnose
from ...knowledge.graphs import Graphs
from ...knowledge.library import read_model
from ...namespaces import BASE, LPSKG, ONTOLOGY_IRI
from .ledger import Entry, content_key, read_ledger
from .structure import NP, Nanopub
from .tools import make_trusty

#: The IRI of an exported nanopublication before it has its trusty code; after, ``NP_BASE + code``.
NP_BASE = BASE + "np/"
NPX = "http://purl.org/nanopub/x/"
KINDS = ("links", "claims", "cases")
_NOT_ASSERTED = {LPSKG.statedIn}


@dataclass(frozen=True)
class Item:
    """One thing to publish: its record in the graph, its kind, label, assertion and provenance triples."""

    source: str
    kind: URIRef
    label: str
    assertion: tuple[tuple[Node, Node, Node], ...]
    provenance: tuple[tuple[Node, Node, Node], ...]


def _term(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)) if node.datatype else None)
    raise TypeError(f"not an RDF term: {node!r}")


class Builder:
    """Reads the graph once per kind and makes the nanopublications of a release."""

    def __init__(self, graphs: Graphs, ledger: dict[str, Entry] | None = None) -> None:
        self.graphs = graphs
        self.store = graphs.store
        rows = read_model("nanopub/release").run(self.store)
        self.release = dict(rows[0]) if rows else {}
        self.ledger = read_ledger() if ledger is None else ledger

    def describe(self, nodes: Iterable[Node]) -> dict[Node, list[tuple[Node, Node]]]:
        """The asserted statements about each node, as (property, object) pairs."""
        nodes = sorted(set(nodes), key=str)
        found: dict[Node, list[tuple[Node, Node]]] = {node: [] for node in nodes}
        if nodes:
            for row in read_model("nanopub/description").run(self.store, values=nodes):
                found[row["node"]].append((row["p"], row["o"]))
        return found

    def _passages(self, assertion: URIRef, passages: Iterable[Node]) -> list[tuple[Node, Node, Node]]:
        """``prov:wasDerivedFrom`` each passage, each described (verbatim excerpts, locator, document)."""
        passages = sorted(set(passages), key=str)
        triples = [(assertion, PROV.wasDerivedFrom, passage) for passage in passages]
        described = self.describe(passages)
        documents = set()
        for passage, pairs in described.items():
            triples += [(passage, p, o) for p, o in pairs]
            documents |= {o for p, o in pairs if p == LPSKG.inDocument}
        triples += [(assertion, PROV.hadPrimarySource, document) for document in sorted(documents, key=str)]
        triples += [(document, p, o) for document, pairs in self.describe(documents).items() for p, o in pairs]
        return triples

    def links(self) -> Iterator[Item]:
        rows = read_model("nanopub/links").run(self.store)
        records = self.describe(row["link"] for row in rows)
        for row in rows:
            link, pairs = row["link"], records[row["link"]]
            sources = [o for p, o in pairs if p in (LPSKG.statedIn, LPSKG.basedOn)]
            provenance = [(_ASSERTION, PROV.wasDerivedFrom, link)] + [(link, p, o) for p, o in pairs]
            yield Item(str(link), row["kind"], str(row.get("label") or link),
                       ((row["subject"], row["property"], row["object"]),),
                       tuple(provenance + self._passages(_ASSERTION, sources)))

    def claims(self) -> Iterator[Item]:
        rows = read_model("nanopub/claims").run(self.store)
        described = self.describe(row["claim"] for row in rows)
        for row in rows:
            claim, pairs = row["claim"], described[row["claim"]]
            yield Item(str(claim), LPSKG.Claim, str(row.get("label") or claim),
                       tuple((claim, p, o) for p, o in pairs if p not in _NOT_ASSERTED),
                       tuple(self._passages(_ASSERTION, [o for p, o in pairs if p == LPSKG.statedIn])))

    def cases(self) -> Iterator[Item]:
        rows = read_model("nanopub/case-evidence").run(self.store)
        described = self.describe([row["evidence"] for row in rows] + [row["graph"] for row in rows])
        for row in rows:
            evidence, graph = row["evidence"], row["graph"]
            submission = described[graph]
            provenance = [(_ASSERTION, PROV.wasDerivedFrom, graph)] + [(graph, p, o) for p, o in submission]
            provenance += [(who, p, o) for who, pairs in self.describe(
                o for p, o in submission if p == PROV.wasAttributedTo).items() for p, o in pairs]
            pairs = described[evidence]
            yield Item(str(evidence), LPSKG.Evidence, str(row.get("label") or evidence),
                       tuple((evidence, p, o) for p, o in pairs if p not in _NOT_ASSERTED),
                       tuple(provenance + self._passages(_ASSERTION, [o for p, o in pairs if p == LPSKG.statedIn])))
        for case in sorted({row["case"] for row in rows}, key=str):
            yield self._diagnosis(case)

    def _diagnosis(self, case: URIRef) -> Item:
        diagnosis = diagnose(self.graphs, case)
        graph = diagnosis.graph()
        assertion = tuple(t for t in graph if t[1] != PROV.generatedAtTime)   # the release's date is in the pubinfo
        evidence = sorted({c.evidence for g in diagnosis.grades for c in (*g.items_for, *g.items_against)})
        provenance = [(_ASSERTION, PROV.wasDerivedFrom, URIRef(e)) for e in evidence]
        provenance.append((_ASSERTION, RDFS.comment, Literal(
            "Derived by lpskg's diagnosis rules (queries/rules/, the grading policy of data/diagnosis.ttl) from the "
            "case's evidence and the passages of the paper that license each grade.", lang="en")))
        licences = {URIRef(licence.passage) for g in diagnosis.grades for licence in g.licences if licence.passage}
        return Item(f"{case}#diagnosis", LPSKG.Diagnosis, f"Diagnosis of {diagnosis.case_label}", assertion,
                    tuple(provenance + self._passages(_ASSERTION, licences)))

    def items(self, what: Iterable[str]) -> Iterator[Item]:
        for kind in KINDS:
            if kind in what:
                yield from getattr(self, kind)()

    def nanopub(self, item: Item) -> Nanopub:
        """The nanopublication of ``item`` with its trusty URI (unsigned)."""
        return as_nanopub(make_trusty(self.pre_trusty(item), NP_BASE))

    def pre_trusty(self, item: Item) -> list[ox.Quad]:
        """The quads of ``item``'s nanopublication before its trusty code: IRIs under :data:`NP_BASE`."""
        this, head = ox.NamedNode(NP_BASE), ox.NamedNode(NP_BASE + "Head")
        assertion, provenance, pubinfo = (ox.NamedNode(NP_BASE + n) for n in ("assertion", "provenance", "pubinfo"))
        quads = [ox.Quad(this, ox.NamedNode(str(RDF.type)), ox.NamedNode(NP + "Nanopublication"), head),
                 ox.Quad(this, ox.NamedNode(NP + "hasAssertion"), assertion, head),
                 ox.Quad(this, ox.NamedNode(NP + "hasProvenance"), provenance, head),
                 ox.Quad(this, ox.NamedNode(NP + "hasPublicationInfo"), pubinfo, head)]
        local = {_ASSERTION: assertion, _THIS: this}

        def placed(triples: Iterable[tuple[Node, Node, Node]], graph: ox.NamedNode) -> list[ox.Quad]:
            return [ox.Quad(*(local.get(t) or _term(t) for t in triple), graph) for triple in triples]

        said = placed(item.assertion, assertion) + placed(item.provenance, provenance)
        quads += said + placed(self._pubinfo(item, self.content(item)), pubinfo)
        return sorted(set(quads), key=str)

    def content(self, item: Item) -> str:
        """The hash of what ``item`` asserts and where it comes from: what the ledger compares."""
        return content_key(str(triple) for triple in sorted(item.assertion + item.provenance, key=str))

    def _pubinfo(self, item: Item, content: str) -> list[tuple[Node, Node, Node]]:
        info = [(_THIS, RDFS.label, Literal(item.label, lang="en")), (_THIS, DCTERMS.source, URIRef(item.source)),
                (_THIS, URIRef(NPX + "hasNanopubType"), item.kind)]
        for key, predicate in (("license", DCTERMS.license), ("creator", DCTERMS.creator)):
            if self.release.get(key) is not None:
                info.append((_THIS, predicate, self.release[key]))
        published = self.ledger.get(item.source)
        if published is not None and published.content == content:
            info += [(_THIS, PROV.wasDerivedFrom, URIRef(published.version)),
                     (_THIS, DCTERMS.created, Literal(published.date, datatype=XSD.date))]
        else:  # not in a release yet: the working state of the ontology and data
            info.append((_THIS, PROV.wasDerivedFrom, URIRef(ONTOLOGY_IRI)))
        return info


#: Placeholders for the nanopublication and its assertion graph in an item's triples.
_THIS = URIRef(NP_BASE)
_ASSERTION = URIRef(NP_BASE + "assertion")


def as_nanopub(quads: list[ox.Quad]) -> Nanopub:
    """The :class:`Nanopub` of one nanopublication's quads (its head read off them)."""
    from .structure import split

    (nanopub,) = split(quads, "export")
    return nanopub
