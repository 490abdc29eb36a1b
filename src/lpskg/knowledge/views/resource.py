"""What a resource page shows: the resource's own facts, its links both ways, and its sources;
and the RDF a client gets for it.

Everything comes from the read models ``queries/pages/resource-*.rq`` on the
store, so a page changes as soon as the graph does; nothing is cached.  Labels
are looked up for every IRI shown, so a page reads as text ("has tension: dual
loyalties") rather than as IRIs.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from ...namespaces import LPSKG
from ...store import Dataset, Rows, Store
from ..library import read_model

#: Properties shown in the page's header rather than in its list of links.
_HEADER_PROPERTIES = {RDF.type, RDFS.label, SKOS.definition, SKOS.altLabel, SKOS.scopeNote, LPSKG.statedIn}


@dataclass(frozen=True)
class Link:
    """One statement seen from the page's resource: property and the node at the other end.

    ``statement`` is the link statement that records where the link comes
    from, if the graph keeps one: an lpskg:StatedLink (with the sentence that
    states it) or, with ``interpretation`` true, the curator's lpskg:Interpretation.
    """

    prop: str
    prop_label: str
    node: Node
    node_label: str
    statement: str | None = None
    interpretation: bool = False
    technical: bool = False   # a blank node or a statement about a link: folded away on the page

    @property
    def is_literal(self) -> bool:
        """True when the other end is a value (text, number) rather than a node to link to."""
        return isinstance(self.node, Literal)


@dataclass
class Source:
    """A passage the resource is stated in: where in which document, with verbatim excerpts."""

    passage: str
    locator: str
    document: str | None
    document_label: str
    file: str | None
    excerpts: list[str]
    total: int = 0  # excerpts the passage has; the page shows those about the resource
    own: int = 0    # how many of those shown are the passage's own (the others are sentences of its parts)

    @property
    def others(self) -> int:
        """How many of the passage's excerpts are about other things, and not shown."""
        return max(self.total - self.own, 0)


@dataclass(frozen=True)
class QuoteView:
    """A piece of evidence that illustrates the resource."""

    quote: str
    text: str
    role: str
    case: str | None
    case_label: str
    verbatim: bool = False  # a respondent's words; an observation is the researchers' own


@dataclass(frozen=True)
class Sentence:
    """A sentence of a source an item of evidence is given for: its passage, locator and words."""

    passage: str
    locator: str
    excerpt: str


@dataclass
class Quotation:
    """An item of evidence shown as what it is: a respondent's words (``verbatim``) or the researchers'
    observation, with its speaker's role, its case and the sentences of the source it is given for."""

    text: str
    verbatim: bool
    kind: str
    role: str | None
    role_label: str
    case: str | None
    case_label: str
    sentences: list[Sentence] = field(default_factory=list)


#: What a quotation's page shows in the quotation itself rather than as links.
_QUOTATION_PROPERTIES = {LPSKG.text, LPSKG.speakerRole, LPSKG.fromCase, LPSKG.givenFor}


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
    quotation: Quotation | None = None

    @property
    def links_out(self) -> list[Link]:
        return [link for link in self.outgoing if not link.technical]

    @property
    def links_in(self) -> list[Link]:
        return [link for link in self.incoming if not link.technical]

    @property
    def technical(self) -> list[tuple[Link, bool]]:
        """The links folded behind the page's "technical" toggle, each with whether it goes out."""
        return ([(link, True) for link in self.outgoing if link.technical]
                + [(link, False) for link in self.incoming if link.technical])


def local_name(iri: str) -> str:
    """The readable end of an IRI, for nodes without a label."""
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1].replace("-", " ")


def _text(row: dict, name: str, fallback: str = "") -> str:
    return str(row[name]) if name in row else fallback


def _true(row: dict, name: str) -> bool:
    return name in row and row[name].toPython() is True


def _page(name: str, store: Store, iri: str, dataset: Dataset):
    return read_model(f"pages/{name}").run(store, {"resource": URIRef(iri)}, dataset=dataset)


def exists(store: Store, iri: str, dataset: Dataset) -> bool:
    """True if the graph says anything about ``iri`` (as subject or object)."""
    return _page("resource-exists", store, iri, dataset)


def describe(store: Store, iri: str, dataset: Dataset) -> ResourceView:
    """The page content of ``iri``; the caller has checked that it exists."""
    view = ResourceView(iri=iri, label=local_name(iri))
    for row in _page("resource-statements", store, iri, dataset):
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
        elif prop == RDF.type and not _true(row, "broader") and all(label != node_label for _, label in view.types):
            # the most specific types, one badge per label: a work is a document (BIBO), not also an entity
            view.types.append((str(node), node_label))
        if prop not in _HEADER_PROPERTIES:
            view.outgoing.append(Link(str(prop), _text(row, "pLabel", local_name(str(prop))), node, node_label,
                                      *_standing(row), _true(row, "technical")))
    for row in _page("resource-incoming", store, iri, dataset):
        view.incoming.append(Link(str(row["p"]), _text(row, "pLabel", local_name(str(row["p"]))), row["s"],
                                  _text(row, "sLabel", local_name(str(row["s"]))), *_standing(row),
                                  _true(row, "technical")))
    view.quotation = _quotation(store, iri, dataset)
    if view.quotation is not None:   # its words, speaker, case and sentence are the quotation, not rows
        view.outgoing = [link for link in view.outgoing if URIRef(link.prop) not in _QUOTATION_PROPERTIES]
    view.evidence = [QuoteView(str(r["e"]), _text(r, "text"), _text(r, "role", "observation"),
                               str(r["case"]) if "case" in r else None, _text(r, "caseLabel"), _true(r, "verbatim"))
                     for r in _page("resource-evidence", store, iri, dataset)]
    view.sources = _sources(store, iri, dataset)
    # prov:wasDerivedFrom is entailed by lpskg:statedIn: those passages are listed as sources already
    passages = {source.passage for source in view.sources}
    view.outgoing = [link for link in view.outgoing if str(link.node) not in passages]
    return view


def _quotation(store: Store, iri: str, dataset: Dataset) -> Quotation | None:
    """The quotation a quote's (or an observation's) page shows; None for any other resource."""
    rows = list(_page("resource-quotation", store, iri, dataset))
    if not rows:
        return None
    first = rows[0]
    quotation = Quotation(str(first["text"]), _true(first, "verbatim"), _text(first, "kind"),
                          str(first["role"]) if "role" in first else None, _text(first, "roleLabel"),
                          str(first["case"]) if "case" in first else None, _text(first, "caseLabel"))
    for row in rows:
        sentence = Sentence(str(row["sentence"]), _text(row, "locator"), _text(row, "excerpt")) \
            if "sentence" in row else None
        if sentence is not None and sentence not in quotation.sentences:
            quotation.sentences.append(sentence)
    return quotation


def _standing(row: dict) -> tuple[str | None, bool]:
    """The link statement of a row and whether it is an interpretation."""
    if "statement" not in row:
        return None, False
    return str(row["statement"]), row["statementKind"] == LPSKG.Interpretation


def _sources(store: Store, iri: str, dataset: Dataset) -> list[Source]:
    sources: dict[str, Source] = {}
    for row in _page("resource-sources", store, iri, dataset):
        passage = str(row["passage"])
        if passage not in sources:
            sources[passage] = Source(passage, _text(row, "locator", local_name(passage)),
                                      str(row["document"]) if "document" in row else None,
                                      _text(row, "documentLabel", ""), _text(row, "file") or None, [],
                                      int(row["excerpts"]) if "excerpts" in row else 0)
        excerpt = _text(row, "excerpt")
        if excerpt and excerpt not in sources[passage].excerpts:
            sources[passage].excerpts.append(excerpt)
            sources[passage].own += row["own"].toPython() is True
    return list(sources.values())


def resource_graph(store: Store, iri: str, dataset: Dataset) -> Graph:
    """The RDF a client gets for ``iri``: its statements both ways, with the labels of linked nodes."""
    return _page("resource-description", store, iri, dataset)


def third_party(store: Store, iri: str) -> Rows:
    """What others state about ``iri`` in nanopublications imported here, each with the nanopublication,
    its creator and date (``queries/pages/resource-third-party.rq``, over every graph)."""
    return read_model("pages/resource-third-party").run(store, {"resource": URIRef(iri)})
