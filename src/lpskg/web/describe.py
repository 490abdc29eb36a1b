"""What a resource page shows: the resource's own facts, its links both ways, and its sources.

Everything comes from queries on the store, so a page changes as soon as the
graph does; nothing is cached.  Labels are looked up for every IRI shown, so a
page reads as text ("has tension: dual loyalties") rather than as IRIs.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from ..namespaces import LPSKG, RESOURCE
from ..store import Dataset, Store

#: Properties shown in the page's header rather than in its list of links.
_HEADER_PROPERTIES = {RDF.type, RDFS.label, SKOS.definition, SKOS.altLabel, SKOS.scopeNote, LPSKG.statedIn}


@dataclass(frozen=True)
class Link:
    """One statement seen from the page's resource: property and the node at the other end."""

    prop: str
    prop_label: str
    node: Node
    node_label: str

    @property
    def is_literal(self) -> bool:
        """True when the other end is a value (text, number) rather than a node to link to."""
        return isinstance(self.node, Literal)


@dataclass(frozen=True)
class Source:
    """A passage the resource is stated in: where in which document, with verbatim excerpts."""

    passage: str
    locator: str
    document: str | None
    document_label: str
    file: str | None
    excerpts: list[str]


@dataclass(frozen=True)
class QuoteView:
    """A piece of evidence that illustrates the resource."""

    quote: str
    text: str
    role: str
    case: str | None
    case_label: str


@dataclass
class ResourceView:
    """Everything a resource page shows."""

    iri: str
    label: str
    definition: str | None = None
    alt_labels: list[str] = field(default_factory=list)
    scope_notes: list[str] = field(default_factory=list)
    types: list[tuple[str, str]] = field(default_factory=list)
    outgoing: list[Link] = field(default_factory=list)
    incoming: list[Link] = field(default_factory=list)
    evidence: list[QuoteView] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)


def local_name(iri: str) -> str:
    """The readable end of an IRI, for nodes without a label."""
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1].replace("-", " ")


def _text(row: dict, name: str, fallback: str = "") -> str:
    return str(row[name]) if name in row else fallback


def exists(store: Store, iri: str, dataset: Dataset) -> bool:
    """True if the graph says anything about ``iri`` (as subject or object)."""
    return store.ask(f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }}", dataset=dataset)


def describe(store: Store, iri: str, dataset: Dataset) -> ResourceView:
    """The page content of ``iri``; the caller has checked that it exists."""
    subject = f"<{iri}>"
    rows = store.select(f"""
        SELECT ?p ?o (SAMPLE(?pl) AS ?pLabel) (SAMPLE(?ol) AS ?oLabel) WHERE {{
          {subject} ?p ?o .
          OPTIONAL {{ ?p rdfs:label ?pl FILTER(LANGMATCHES(LANG(?pl), "en") || LANG(?pl) = "") }}
          OPTIONAL {{ ?o rdfs:label ?ol FILTER(LANGMATCHES(LANG(?ol), "en") || LANG(?ol) = "") }}
        }} GROUP BY ?p ?o ORDER BY ?p ?oLabel ?o""", dataset=dataset)
    view = ResourceView(iri=iri, label=local_name(iri))
    for row in rows:
        prop, node = row["p"], row["o"]
        node_label = _text(row, "oLabel", str(node) if isinstance(node, Literal) else local_name(str(node)))
        if prop == RDFS.label:
            view.label = str(node)
        elif prop == SKOS.definition:
            view.definition = str(node)
        elif prop == SKOS.altLabel:
            view.alt_labels.append(str(node))
        elif prop == SKOS.scopeNote:
            view.scope_notes.append(str(node))
        elif prop == RDF.type:
            view.types.append((str(node), node_label))
        if prop not in _HEADER_PROPERTIES:
            view.outgoing.append(Link(str(prop), _text(row, "pLabel", local_name(str(prop))), node, node_label))
    for row in store.select(f"""
        SELECT ?s ?p (SAMPLE(?pl) AS ?pLabel) (SAMPLE(?sl) AS ?sLabel) WHERE {{
          ?s ?p {subject} .
          FILTER(?p != lpskg:statedIn)
          OPTIONAL {{ ?p rdfs:label ?pl FILTER(LANGMATCHES(LANG(?pl), "en") || LANG(?pl) = "") }}
          OPTIONAL {{ ?s rdfs:label ?sl FILTER(LANGMATCHES(LANG(?sl), "en") || LANG(?sl) = "") }}
        }} GROUP BY ?s ?p ORDER BY ?p ?sLabel ?s""", dataset=dataset):
        view.incoming.append(Link(str(row["p"]), _text(row, "pLabel", local_name(str(row["p"]))), row["s"],
                                  _text(row, "sLabel", local_name(str(row["s"])))))
    view.evidence = _evidence(store, subject, dataset)
    view.sources = _sources(store, subject, dataset)
    # prov:wasDerivedFrom is entailed by lpskg:statedIn: those passages are listed as sources already
    passages = {source.passage for source in view.sources}
    view.outgoing = [link for link in view.outgoing if str(link.node) not in passages]
    return view


def _evidence(store: Store, subject: str, dataset: Dataset) -> list[QuoteView]:
    rows = store.select(f"""
        SELECT ?e (SAMPLE(?t) AS ?text) (SAMPLE(?rl) AS ?role) ?case (SAMPLE(?cl) AS ?caseLabel) WHERE {{
          ?e lpskg:illustrates {subject} ; lpskg:text ?t .
          OPTIONAL {{ ?e lpskg:speakerRole/rdfs:label ?rl }}
          OPTIONAL {{ ?e lpskg:fromCase ?case OPTIONAL {{ ?case rdfs:label ?cl }} }}
        }} GROUP BY ?e ?case ORDER BY ?caseLabel ?role ?e""", dataset=dataset)
    return [QuoteView(str(r["e"]), _text(r, "text"), _text(r, "role", "observation"),
                      str(r["case"]) if "case" in r else None, _text(r, "caseLabel")) for r in rows]


def _sources(store: Store, subject: str, dataset: Dataset) -> list[Source]:
    rows = store.select(f"""
        SELECT ?passage ?locator ?document ?documentLabel ?file ?excerpt WHERE {{
          {subject} lpskg:statedIn ?passage .
          OPTIONAL {{ ?passage lpskg:locator ?locator }}
          OPTIONAL {{ ?passage lpskg:excerpt ?excerpt }}
          OPTIONAL {{ ?passage lpskg:inDocument ?document .
                     OPTIONAL {{ ?document rdfs:label ?documentLabel }}
                     OPTIONAL {{ ?document dcterms:identifier ?file }} }}
        }} ORDER BY ?locator ?passage ?excerpt""", dataset=dataset)
    sources: dict[str, Source] = {}
    for row in rows:
        passage = str(row["passage"])
        if passage not in sources:
            sources[passage] = Source(passage, _text(row, "locator", local_name(passage)),
                                      str(row["document"]) if "document" in row else None,
                                      _text(row, "documentLabel", ""), _text(row, "file") or None, [])
        excerpt = _text(row, "excerpt")
        if excerpt and excerpt not in sources[passage].excerpts:
            sources[passage].excerpts.append(excerpt)
    return list(sources.values())


def resource_graph(store: Store, iri: str, dataset: Dataset) -> Graph:
    """The RDF a client gets for ``iri``: its statements both ways, with the labels of linked nodes."""
    return store.construct(f"""
        CONSTRUCT {{ <{iri}> ?p ?o . ?o rdfs:label ?ol . ?s ?q <{iri}> . ?s rdfs:label ?sl . }} WHERE {{
          {{ <{iri}> ?p ?o OPTIONAL {{ ?o rdfs:label ?ol }} }}
          UNION
          {{ ?s ?q <{iri}> OPTIONAL {{ ?s rdfs:label ?sl }} }}
        }}""", dataset=dataset)


def is_resource(term: Node) -> bool:
    """True for IRIs this server dereferences under /resource/."""
    return isinstance(term, URIRef) and str(term).startswith(str(RESOURCE))
