"""What one submission adds to the graph, and the pieces every kind of submission describes alike.

A :class:`Contribution` is the named graph a submission will become, with the
links made from its labels to the graph's concepts and, for every node it
mints, the field and line it came from, so that a SHACL violation can be
reported where the author can fix it.  Cases and publications both describe
agents (organisations, authors) and the publication a study is reported in.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from ..knowledge.diagnosis import Diagnosis
from ..knowledge.library import read_model
from ..namespaces import BIBO, FABIO, LPSKG, graph_iri, new_graph, resource_iri
from ..store import Store
from .errors import FieldError
from .linking import Concept, Link
from .parsing import Study, citation_label, family_name, given_names, slugify


def en(text: str) -> Literal:
    return Literal(" ".join(text.split()), lang="en")


@dataclass
class Contribution:
    """What one submission adds: a named graph, the links made, and where each new node came from."""

    kind: str
    id: str
    graph: Graph
    links: list[Link] = field(default_factory=list)
    origins: dict[URIRef, tuple[str, int | None]] = field(default_factory=dict)
    cites: URIRef | None = None  # the publication the contribution is taken from, for provenance

    @property
    def graph_name(self) -> str:
        return graph_iri(self.kind, self.id)

    def mint(self, iri: URIRef, origin: tuple[str, int | None]) -> URIRef:
        """Record that ``iri`` is described by this submission, from the field ``origin``."""
        self.origins.setdefault(iri, origin)
        return iri

    def add(self, subject: URIRef, predicate: URIRef, *objects: Any) -> None:
        for obj in objects:
            if obj is not None:
                self.graph.add((subject, predicate, obj))

    def describe(self, iri: URIRef, types: Iterable[URIRef], label: str, passage: URIRef,
                 definition: str | None = None) -> URIRef:
        """The triples every resource has: types, English label and definition, provenance."""
        for cls in types:
            self.graph.add((iri, RDF.type, cls))
        self.add(iri, RDFS.label, en(label))
        if definition:
            self.add(iri, SKOS.definition, en(definition))
        self.add(iri, LPSKG.statedIn, passage)
        return iri


@dataclass
class Outcome:
    """What a submission did (or, in a dry run, would do)."""

    contributions: list[Contribution]
    dry_run: bool
    replaced: list[str]
    diagnoses: list[Diagnosis] = field(default_factory=list)
    unmapped: list[FieldError] = field(default_factory=list)  # what of the file was left out, with its place

    @property
    def links(self) -> list[Link]:
        return [link for c in self.contributions for link in c.links]

    def turtle(self) -> str:
        merged = new_graph()
        for contribution in self.contributions:
            merged += contribution.graph
        return merged.serialize(format="turtle")

    def as_json(self) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "dry_run": self.dry_run,
            "graphs": [{"id": c.id, "kind": c.kind, "graph": c.graph_name, "triples": len(c.graph),
                        "replaced": c.graph_name in self.replaced} for c in self.contributions],
            "links": [link.as_json() for link in self.links],
        }
        if self.diagnoses:
            answer["diagnosis"] = [diagnosis.as_json() for diagnosis in self.diagnoses]
        if self.unmapped:
            answer["unmapped"] = [error.as_json() for error in self.unmapped]
        if self.dry_run:
            answer["turtle"] = self.turtle()
        return answer


def describe_agent(c: Contribution, existing: Concept | None, kind: str, name: str, types: list[URIRef],
                   passage: URIRef, origin: tuple[str, int | None]) -> tuple[URIRef, bool]:
    """An organisation or person: an existing one with exactly this name, or a new ``<kind>/<slug>``.

    An existing one is restated (types, its own label, this passage) so that the
    submission's graph stays self-contained if the graph that introduced it is withdrawn.
    Returns the IRI and whether it is new.
    """
    minted = resource_iri(kind, slugify(name))
    if existing is not None and existing.iri != minted:
        c.links.append(Link(origin[0], name, existing.iri, "exact", 100.0, existing.label, kind))
        c.describe(existing.iri, types, existing.label, passage)
        return existing.iri, False
    c.describe(c.mint(minted, origin), types, name, passage)
    return minted, True


def describe_person(c: Contribution, people: Mapping[str, Concept], name: str, passage: URIRef,
                    origin: tuple[str, int | None]) -> URIRef:
    """An author, by name (``Family, Given`` or ``Given Family``)."""
    iri, is_new = describe_agent(c, people.get(name), "person", name, [FOAF.Person], passage, origin)
    if is_new:
        c.add(iri, FOAF.name, Literal(name))
        c.add(iri, FOAF.familyName, Literal(family_name(name)))
        c.add(iri, FOAF.givenName, Literal(given_names(name)) if given_names(name) else None)
    return iri


def describe_publication_of_study(c: Contribution, people: Mapping[str, Concept], scope: str, study: Study,
                                  passage: URIRef, line: int | None) -> URIRef:
    """The bibo:Document that reports a case's study, with its authors."""
    work = c.mint(resource_iri("work", f"{scope}-publication"), ("study", line))
    label = study.cited_as or citation_label([family_name(a) for a in study.authors], study.year)
    c.describe(work, [BIBO.Document], label, passage)
    c.add(work, DCTERMS.title, Literal(study.title) if study.title else None)
    c.add(work, DCTERMS.bibliographicCitation, Literal(study.citation))
    c.add(work, FABIO.hasPublicationYear, Literal(str(study.year), datatype=XSD.gYear))
    c.add(work, BIBO.doi, Literal(study.doi) if study.doi else None)
    c.add(work, LPSKG.citedAs, Literal(label))
    c.add(work, LPSKG.authorCount, Literal(len(study.authors)))
    describe_authors(c, work, people, study.authors, passage, "study.authors", line)
    return work


def describe_authors(c: Contribution, work: URIRef, people: Mapping[str, Concept], names: Iterable[str],
                     passage: URIRef, field: str, line: int | None) -> list[URIRef]:
    """The authors of ``work``: each a creator (dcterms:creator), and all of them in their order as its author
    list (bibo:authorList, an rdf:List), which a citation and the BibTeX and RIS export read."""
    authors = [describe_person(c, people, name, passage, (f"{field}[{i}]", line)) for i, name in enumerate(names)]
    c.add(work, DCTERMS.creator, *authors)
    if authors:
        head = BNode()
        Collection(c.graph, head, authors)
        c.add(work, BIBO.authorList, head)
    return authors


def find_people(store: Store, names: Iterable[str]) -> dict[str, Concept]:
    """The persons the graph has with exactly these labels, in one query (``queries/intake/people-by-name.rq``).

    People are not in the concept index: a large graph has tens of thousands of
    authors, and a submission only ever asks about its own few.  A name two persons
    bear (the paper's authors cited by family name only) names neither: the
    submission's author becomes a person of its own rather than one picked at random.
    """
    names = sorted(set(names))
    if not names:
        return {}
    literals = [term for n in names for term in (Literal(n), Literal(n, lang="en"))]
    found: dict[str, set] = {}
    for row in read_model("intake/people-by-name").run(store, values=literals):
        found.setdefault(str(row["name"]), set()).add(row["p"])
    return {name: Concept(next(iter(iris)), name, frozenset({"person"}))
            for name, iris in found.items() if len(iris) == 1}
