"""Adding a case to the graph: build its named graph, validate it, store it whole, or withdraw it.

A submitted case becomes one named graph, ``graph/case/<id>``, holding the
case, its organisation, study and publication, its evidence with the passages
they come from, the new concepts it introduces, and PROV provenance (who
submitted which file, with its SHA-256, when).  Keeping each case in its own
graph makes it removable and replaceable without touching anything else.

The order of the steps is what keeps a bad submission out of the store:
parse and check the schema (errors carry field and line), refuse a duplicate
id, link labels to concepts (:mod:`lpskg.linking`), build the graph, validate
only the new nodes with the SHACL shapes (context: the types and labels of
the existing nodes it points to, one query, so the cost does not grow with
the store), and only then write the graph and its entailments in one
transaction (``Store.replace_graphs``).  Publications take the same path
(:mod:`lpskg.literature`).
"""
from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS, XSD

from .inference import inferred_graph_name, ontology_tbox
from .linking import ANY_CONCEPT, ILLUSTRATABLE, KIND_CLASSES, Concept, ConceptIndex, Link, concept_index, \
    concepts_added, resource_iri, store_changed, store_generation
from .namespaces import BIBO, FABIO, GRAPH, LPSKG, PREFIXES, RESOURCE, graph_iri
from .store import Dataset, Store
from .submission import JSONLD, TURTLE, CaseSubmission, ConceptRef, Evidence, FieldError, Path_, \
    SourceFile, SubmissionError, Study, family_name, field_name, parse_case, parse_rdf, slugify
from .tables import shorten

#: What an illustrated concept says about the case that shows it, per kind.
CASE_PROPERTY = {
    "tension": LPSKG.showsTension,
    "archetype": LPSKG.showsArchetype,
    "strategy": LPSKG.appliesStrategy,
    "stakeholder": LPSKG.involvesStakeholder,
    "technology": LPSKG.usesTechnology,
    "practice": LPSKG.hasPractice,
}
#: The concept scheme a new concept joins, per kind (the schemes of data/paper.ttl).
SCHEME = {"tension": "paradoxes", "pole": "paradoxes", "strategy": "strategies", "archetype": "archetypes",
          "stakeholder": "stakeholders", "role": "stakeholders", "technology": "technologies",
          "practice": "practices"}
EXCERPT_LENGTH = 300
LABEL_WORDS = 10

_write_lock = threading.Lock()


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
    _inferred: Graph | None = field(default=None, repr=False)

    @property
    def inferred(self) -> Graph:
        """The graph's entailments (:mod:`lpskg.inference`), computed once for validation and storage."""
        if self._inferred is None:
            self._inferred = ontology_tbox().entail(self.graph)
        return self._inferred

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
        if self.dry_run:
            answer["turtle"] = self.turtle()
        return answer


def new_graph() -> Graph:
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    return graph


# --------------------------------------------------------------------------- linking a case file

class _Linker:
    """Resolves a submission's concept references, minting the ones marked new."""

    def __init__(self, contribution: Contribution, index: ConceptIndex, document_line) -> None:
        self.contribution = contribution
        self.index = index
        self.line = document_line
        self.errors: list[FieldError] = []
        self.resolved: dict[Path_, URIRef] = {}
        self.kinds: dict[URIRef, str] = {}

    def link_all(self, refs: list[tuple[ConceptRef, tuple[str, ...]]], scope: str,
                 passage_of: dict[Path_, URIRef]) -> None:
        """Mint every new concept first (so later references to it by label resolve), then link the rest."""
        minted: dict[str, ConceptRef] = {}
        new_entries: list[tuple[URIRef, URIRef, str, bool]] = []
        for ref, allowed in refs:
            if not ref.new:
                continue
            iri = resource_iri(ref.kind or "concept", f"{scope}-{slugify(ref.label)}")
            problem = self._check_new(ref, iri, allowed, minted)
            if problem:
                self.errors.append(FieldError(ref.field, problem, self.line(ref.path)))
                continue
            minted[ref.label.casefold()] = ref
            self.resolved[ref.path] = self.contribution.mint(iri, (ref.field, self.line(ref.path)))
            self.kinds[iri] = ref.kind
            new_entries.append((iri, KIND_CLASSES[ref.kind], ref.label, True))
            self.contribution.links.append(Link(ref.field, ref.label, iri, "new", 100.0, ref.label, ref.kind))
        self.index = self.index.overlay(new_entries)
        for ref, allowed in refs:
            if ref.new:
                continue
            result = self.index.resolve(ref, allowed, self.line(ref.path))
            if isinstance(result, FieldError):
                self.errors.append(result)
            else:
                self.resolved[ref.path] = result.iri
                self.kinds[result.iri] = result.kind
                self.contribution.links.append(result)
        order = {ref.field: i for i, (ref, _) in enumerate(refs)}
        self.contribution.links.sort(key=lambda link: order.get(link.field, len(order)))
        for ref, _ in refs:
            if ref.new and ref.path in self.resolved:
                self._describe_new(ref, passage_of.get(ref.path[:2]) or passage_of[()])

    def _check_new(self, ref: ConceptRef, iri: URIRef, allowed: tuple[str, ...],
                   minted: dict[str, ConceptRef]) -> str | None:
        if ref.kind not in allowed:
            return f"a new {ref.kind} cannot stand here: this field takes a {' or '.join(allowed)}"
        if ref.label.casefold() in minted:
            return (f"{ref.label!r} is already declared new at {minted[ref.label.casefold()].field}: "
                    "refer to it by its label here")
        existing = self.index.find(ref.label, ref.kind)
        if existing is not None and existing.iri != iri:  # the same IRI: this case is being replaced
            return (f"the graph already has the {ref.kind} {existing.label!r} <{existing.iri}>: "
                    "drop `new: true` to link to it")
        misplaced = [name for name, value, kinds in (
            ("paradox", ref.paradox, ("tension", "strategy", "archetype")),
            ("poles", ref.poles, ("tension",)),
            ("strategy_type", ref.strategy_type, ("strategy",)),
            ("stakeholder", ref.stakeholder, ("role",))) if value and ref.kind not in kinds]
        if misplaced:
            return f"{', '.join(misplaced)} does not apply to a new {ref.kind}"
        if ref.kind == "tension" and any(not pole.new for pole in ref.poles):
            return "the poles of a new tension must be new too (a pole is a side of exactly one tension)"
        if ref.kind == "pole" and ref.path[-2:-1] != ("poles",):
            return "a new pole can only be declared among the poles of a new tension"
        return None

    def _describe_new(self, ref: ConceptRef, passage: URIRef) -> None:
        c = self.contribution
        iri = self.resolved[ref.path]
        types = [KIND_CLASSES[ref.kind]]
        if ref.kind == "strategy":
            types.append(LPSKG.PreEmptiveBalancing if ref.strategy_type == "pre-emptive"
                         else LPSKG.ReContextualisingAction)
        c.describe(iri, types, ref.label, passage, ref.definition)
        c.add(iri, SKOS.altLabel, *(en(a) for a in ref.alt_labels))
        c.add(iri, LPSKG.isNewConcept, Literal(True))
        c.add(iri, SKOS.inScheme, resource_iri("scheme", SCHEME[ref.kind]))
        paradox = self.resolved.get(ref.paradox.path) if ref.paradox else None
        property_to_paradox = {"tension": LPSKG.inParadox, "strategy": LPSKG.addressesParadox,
                               "archetype": LPSKG.drivenByImbalanceOf}
        if paradox is not None:
            c.add(iri, property_to_paradox[ref.kind], paradox)
        for pole in ref.poles:
            c.add(iri, LPSKG.hasPole, self.resolved.get(pole.path))
        if ref.stakeholder is not None:
            c.add(iri, LPSKG.roleInStakeholder, self.resolved.get(ref.stakeholder.path))


def _case_refs(case: CaseSubmission) -> list[tuple[ConceptRef, tuple[str, ...]]]:
    """Every concept reference with the kinds its field allows (a stated kind narrows them)."""
    fixed = {"technologies": ("technology",), "role": ("role",), "paradox": ("paradox",),
             "poles": ("pole",), "stakeholder": ("stakeholder",)}
    refs = []
    for ref in case.concept_refs():
        field_key = next((part for part in reversed(ref.path) if isinstance(part, str)), "")
        allowed = fixed.get(field_key, ILLUSTRATABLE)
        if ref.kind and ref.kind in allowed:
            allowed = (ref.kind,)
        elif ref.kind and ref.kind not in allowed:
            allowed = (ref.kind,) if field_key not in fixed else allowed
        refs.append((ref, allowed))
    return refs


def build_case(case: CaseSubmission, index: ConceptIndex, source: SourceFile,
               people: Mapping[str, Concept]) -> Contribution:
    """The case's graph from a parsed case file; link errors are raised together, with lines.

    ``people``: the persons the graph already has, by name (:func:`find_people`).
    """
    c = Contribution("case", case.id, new_graph())
    line = case.document.line
    scope = case.id
    case_iri = c.mint(resource_iri("case", scope), ("id", line(("id",))))
    study_document = c.mint(resource_iri("document", scope), ("study", line(("study",))))
    passages = _Passages(c, scope, study_document, case.study, line)
    case_passage = passages.get(case.locator or "the publication as a whole", None, case.excerpt, ("passage",))
    passage_of: dict[Path_, URIRef] = {(): case_passage}
    for item in case.evidence:
        passage_of[item.path] = passages.get(item.locator, item.document, item.excerpt, item.path + ("passage",))

    linker = _Linker(c, index, line)
    linker.link_all(_case_refs(case), scope, passage_of)
    if linker.errors:
        raise SubmissionError("rejected", f"{source.name}: {len(linker.errors)} label(s) could not be "
                                          "linked to concepts of the graph", linker.errors)

    c.describe(case_iri, [LPSKG.Case], case.label, case_passage, case.description)
    approach = ", ".join(a for a in (case.initiative, case.sequence) if a)
    c.add(case_iri, LPSKG.initialApproach, Literal(approach) if approach else None)
    if case.lean_experience_years is not None:
        c.add(case_iri, LPSKG.leanExperienceYears, Literal(case.lean_experience_years))
    organisation = _organisation(c, index, case, case_passage)
    c.add(case_iri, LPSKG.caseOrganisation, organisation)
    study = c.mint(resource_iri("study", scope), ("study", line(("study",))))
    work = describe_publication_of_study(c, people, scope, case.study, case_passage, line(("study",)))
    c.cites = work
    c.describe(study, [LPSKG.Study], f"Study of {case.label}", case_passage,
               f"The study reported in {case.study.citation}, which examined the case {case.label}.")
    c.add(study, LPSKG.reportedIn, work)
    c.add(case_iri, LPSKG.partOfStudy, study)
    for ref in case.technologies:
        c.add(case_iri, LPSKG.usesTechnology, linker.resolved[ref.path])
    for number, item in enumerate(case.evidence, start=1):
        _describe_evidence(c, linker, case_iri, case.organisation, number, item, passage_of[item.path], line)
    return c


def _describe_evidence(c: Contribution, linker: _Linker, case_iri: URIRef, organisation: str, number: int,
                       item: Evidence, passage: URIRef, line) -> None:
    kind_class = LPSKG.Quote if item.kind == "quote" else LPSKG.Observation
    iri = c.mint(resource_iri(item.kind, f"{c.id}-{number}"), (field_name(item.path), line(item.path)))
    who = organisation
    if item.role is not None:
        c.add(iri, LPSKG.speakerRole, linker.resolved[item.role.path])
        who = f"{linker.index.concepts[linker.resolved[item.role.path]].label}, {organisation}"
    words = item.text.split()
    opening = " ".join(words[:LABEL_WORDS]).rstrip(",.;:") + ("…" if len(words) > LABEL_WORDS else "")
    c.describe(iri, [kind_class], f"{item.kind.capitalize()} ({who}): {opening}", passage)
    c.add(iri, LPSKG.text, Literal(item.text))
    c.add(iri, LPSKG.fromCase, case_iri)
    for ref in item.illustrates:
        concept = linker.resolved[ref.path]
        c.add(iri, LPSKG.illustrates, concept)
        case_property = CASE_PROPERTY.get(linker.kinds.get(concept, ""))
        c.add(case_iri, case_property, concept if case_property else None)


class _Passages:
    """The passages of a submission, one per (document, locator), each with its excerpts."""

    def __init__(self, c: Contribution, scope: str, study_document: URIRef, study: Study, line) -> None:
        self.c, self.scope, self.line = c, scope, line
        self.study_document = study_document
        c.add(study_document, RDF.type, LPSKG.SourceDocument)
        c.add(study_document, RDFS.label, en(f"{study.cited_as or study.citation} (publication of the study)"))
        c.add(study_document, DCTERMS.identifier,
              Literal(f"doi:{study.doi}" if study.doi else study.cited_as or study.citation))
        c.add(study_document, DCTERMS.bibliographicCitation, Literal(study.citation))
        self.documents: dict[str | None, tuple[URIRef, str]] = {
            None: (study_document, study.cited_as or study.citation)}
        self.passages: dict[tuple[URIRef, str], URIRef] = {}

    def get(self, locator: str, document: str | None, excerpt: str, path: Path_) -> URIRef:
        document_iri, document_label = self._document(document, path)
        key = (document_iri, locator)
        if key not in self.passages:
            suffix = "" if document is None else f"-{slugify(document, 24)}"
            iri = resource_iri("passage", f"{self.scope}{suffix}-{slugify(locator, 32)}")
            self.passages[key] = self.c.mint(iri, (field_name(path), self.line(path)))
            self.c.add(iri, RDF.type, LPSKG.Passage)
            self.c.add(iri, RDFS.label, en(f"{document_label}, {locator}"))
            self.c.add(iri, LPSKG.inDocument, document_iri)
            self.c.add(iri, LPSKG.locator, Literal(locator))
        self.c.add(self.passages[key], LPSKG.excerpt, Literal(_excerpt(excerpt)))
        return self.passages[key]

    def _document(self, name: str | None, path: Path_) -> tuple[URIRef, str]:
        if name not in self.documents:
            iri = self.c.mint(resource_iri("document", f"{self.scope}-{slugify(name, 40)}"),
                              (field_name(path + ("document",)), self.line(path + ("document",))))
            self.c.add(iri, RDF.type, LPSKG.SourceDocument)
            self.c.add(iri, RDFS.label, en(name))
            self.c.add(iri, DCTERMS.identifier, Literal(name))
            self.documents[name] = (iri, name)
        return self.documents[name]


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1] + "…"


def _organisation(c: Contribution, index: ConceptIndex, case: CaseSubmission, passage: URIRef) -> URIRef:
    """The case's organisation: an existing one with the same name, or a new one."""
    origin = ("organisation", case.document.line(("organisation",)))
    iri, is_new = describe_agent(c, index.find(case.organisation, "organisation"), "organisation",
                                 case.organisation,
                                 [ORG.Organization, ORG.FormalOrganization], passage, origin)
    if is_new:
        c.add(iri, SKOS.definition, en(case.organisation_description or f"The organisation at which the case "
                                                                        f"{case.label} was studied."))
    return iri


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
    for i, author in enumerate(study.authors):
        c.add(work, DCTERMS.creator, describe_person(c, people, author, passage, (f"study.authors[{i}]", line)))
    return work


def find_people(store: Store, names: Iterable[str]) -> dict[str, Concept]:
    """The persons the graph has with exactly these labels, in one query.

    People are not in the concept index: a large graph has tens of thousands of
    authors, and a submission only ever asks about its own few.  Each graph that
    cites a person restates it (an author of 300 cases is in 300 graphs), so the
    (name, person) pairs are made distinct over the named graphs first and only
    then checked for a person type: testing each of the 300 copies against the
    union of all graphs took 24 ms at 1M triples, this takes 5 ms.
    """
    names = sorted(set(names))
    if not names:
        return {}
    values = " ".join(f"{Literal(n).n3()} {Literal(n, lang='en').n3()}" for n in names)
    rows = store.select(f"""SELECT ?name ?p WHERE {{
        {{ SELECT DISTINCT ?name ?p WHERE {{ VALUES ?name {{ {values} }} GRAPH ?g {{ ?p rdfs:label ?name }} }} }}
        FILTER EXISTS {{ GRAPH ?h {{ ?p a foaf:Person }} }} }} ORDER BY ?p""", dataset=Dataset(union=True))
    people: dict[str, Concept] = {}
    for row in rows:
        people.setdefault(str(row["name"]), Concept(row["p"], str(row["name"]), frozenset({"person"})))
    return people


def citation_label(families: list[str], year: int) -> str:
    """``Hansen, 2025``, ``Hansen and Berg, 2025`` or ``Hansen et al., 2025``."""
    if len(families) == 1:
        return f"{families[0]}, {year}"
    if len(families) == 2:
        return f"{families[0]} and {families[1]}, {year}"
    return f"{families[0]} et al., {year}"


# --------------------------------------------------------------------------- Turtle and JSON-LD cases

def build_rdf_case(graph: Graph, store: Store, source: SourceFile) -> Contribution:
    """A case sent already in the lpskg vocabulary: checked for shape and reach before validation.

    It must describe exactly one ``lpskg:Case`` named ``resource/case/<id>``, only new
    resources in the resource namespace, evidence from that case only, new concepts
    flagged ``lpskg:isNewConcept true``, and may point only to resources the graph has.
    """
    cases = sorted(set(graph.subjects(RDF.type, LPSKG.Case)))
    prefix = f"{RESOURCE}case/"
    if len(cases) != 1 or not str(cases[0]).startswith(prefix):
        raise SubmissionError("rejected", f"{source.name} must describe exactly one lpskg:Case named "
                                          f"{prefix}<id>; found {len(cases)}: "
                                          + ", ".join(f"<{c}>" for c in cases))
    case_id = str(cases[0])[len(prefix):]
    if not _is_slug(case_id):
        raise SubmissionError("rejected", f"the case IRI <{cases[0]}> must end in a slug "
                                          "(lower-case letters, digits, hyphens)")
    c = Contribution("case", case_id, new_graph())
    for prefix_name, iri in graph.namespaces():
        c.graph.bind(prefix_name, iri, override=False)
    c.graph += graph
    c.cites = next((work for study in graph.objects(cases[0], LPSKG.partOfStudy)
                    for work in graph.objects(study, LPSKG.reportedIn)), None)
    text = source.text()
    subjects = {s for s in graph.subjects() if isinstance(s, URIRef)}
    errors: list[FieldError] = []
    for subject in sorted(subjects):
        c.mint(subject, (shorten(subject), _line_in(text, subject, graph)))
        if not str(subject).startswith(str(RESOURCE)):
            errors.append(_node_error(c, subject, "is not in the resource namespace "
                                                  f"{RESOURCE}<kind>/<slug>: mint its IRI there"))
    errors += _check_rdf_evidence(c, graph, cases[0])
    errors += _check_rdf_new_concepts(c, graph)
    known = _existing_subjects(store, subjects, c.graph_name)
    errors += [_node_error(c, s, f"already exists in the graph ({known[s]}): a case can only describe "
                                 "its own new resources") for s in sorted(known)]
    references = sorted({o for p, o in graph.predicate_objects() if isinstance(o, URIRef) and p != RDF.type
                         and str(o).startswith(str(RESOURCE)) and o not in subjects})
    index = concept_index(store)
    reachable = set(index.concepts) | set(existing_context(store, references).subjects())
    for subject, predicate, obj in sorted(graph):
        if obj in references and obj not in reachable:
            errors.append(_node_error(c, subject, f"{shorten(predicate)} points to <{obj}>, which the graph "
                                                  "does not have"))
        elif obj in index.concepts and predicate != RDF.type:
            concept = index.concepts[obj]
            c.links.append(Link(f"{shorten(subject)} {shorten(predicate)}", shorten(obj), obj, "iri", 100.0,
                                concept.label, concept.kind_for(ANY_CONCEPT + ("organisation", "person"))))
    if errors:
        raise SubmissionError("rejected", f"{source.name}: {len(errors)} problem(s) with the submitted triples",
                              errors)
    return c


def _is_slug(text: str) -> bool:
    return bool(text) and len(text) <= 64 and text == slugify(text, 64)


def _node_error(c: Contribution, node: URIRef, message: str) -> FieldError:
    name, line = c.origins.get(node, (shorten(node), None))
    return FieldError(name, message, line)


def _line_in(text: str, iri: URIRef, graph: Graph) -> int | None:
    """The first line of the submitted text that names ``iri`` (in full or as a prefixed name)."""
    forms = [f"<{iri}>", f'"{iri}"']
    for prefix, namespace in graph.namespaces():
        if str(iri).startswith(str(namespace)) and prefix:
            forms.append(f"{prefix}:{str(iri)[len(str(namespace)):]}")
    positions = [text.find(form) for form in forms if form in text]
    return text.count("\n", 0, min(positions)) + 1 if positions else None


def _check_rdf_evidence(c: Contribution, graph: Graph, case: URIRef) -> list[FieldError]:
    tbox = ontology_tbox()
    errors = []
    for subject, cls in sorted(graph.subject_objects(RDF.type)):
        if cls != LPSKG.Evidence and LPSKG.Evidence not in tbox.superclasses.get(cls, ()):
            continue
        cases = set(graph.objects(subject, LPSKG.fromCase))
        if not cases:
            errors.append(_node_error(c, subject, f"this {shorten(cls)} has no case: add "
                                                  f"lpskg:fromCase <{case}>"))
        elif cases != {case}:
            errors.append(_node_error(c, subject, f"this {shorten(cls)} must come from the submitted case "
                                                  f"<{case}>, not " + ", ".join(f"<{x}>" for x in cases - {case})))
    return errors


def _check_rdf_new_concepts(c: Contribution, graph: Graph) -> list[FieldError]:
    tbox = ontology_tbox()
    flagged = set(graph.subjects(LPSKG.isNewConcept, Literal(True)))
    errors = []
    for subject, cls in sorted(set(graph.subject_objects(RDF.type))):
        is_concept = cls == LPSKG.Concept or LPSKG.Concept in tbox.superclasses.get(cls, ())
        if is_concept and subject not in flagged:
            errors.append(_node_error(c, subject, "a concept introduced by a case must be marked "
                                                  "lpskg:isNewConcept true"))
    return errors


def _existing_subjects(store: Store, subjects: set[URIRef], own_graph: str) -> dict[URIRef, str]:
    """Which of ``subjects`` other graphs already describe (give a type), and in which graph."""
    if not subjects:
        return {}
    values = " ".join(f"<{s}>" for s in subjects)
    rows = store.select(f"""SELECT ?s (MIN(STR(?g)) AS ?graph) WHERE {{
        VALUES ?s {{ {values} }} GRAPH ?g {{ ?s a ?type }}
        FILTER(?g != <{own_graph}> && !STRSTARTS(STR(?g), "{GRAPH}inferred/"))
    }} GROUP BY ?s""")
    return {row["s"]: shorten(URIRef(str(row["graph"]))) for row in rows}


# --------------------------------------------------------------------------- provenance, validation

def add_provenance(c: Contribution, submitter: str, source: SourceFile, now: datetime | None = None) -> None:
    """A PROV activity for the submission: who sent which file (name, SHA-256) when, from which study."""
    when = Literal((now or datetime.now(timezone.utc)).isoformat(timespec="seconds"), datatype=XSD.dateTime)
    activity = resource_iri("submission", f"{c.kind}-{c.id}")
    agent = resource_iri("submission", f"{c.kind}-{c.id}-submitter")
    upload = resource_iri("submission", f"{c.kind}-{c.id}-file")
    graph = URIRef(c.graph_name)
    c.add(activity, RDF.type, PROV.Activity)
    c.add(activity, RDFS.label, en(f"Submission of {c.kind} {c.id}"))
    c.add(activity, PROV.startedAtTime, when)
    c.add(agent, RDF.type, PROV.Agent)
    c.add(agent, RDFS.label, en(submitter))
    c.add(agent, FOAF.name, Literal(submitter))
    c.add(upload, RDF.type, PROV.Entity)
    c.add(upload, RDFS.label, en(source.name))
    c.add(upload, DCTERMS.identifier, Literal(f"sha256:{source.sha256}"))
    c.add(upload, DCTERMS.format, Literal(source.format))
    c.add(graph, RDF.type, PROV.Entity)
    c.add(graph, RDFS.label, en(f"Graph of {c.kind} {c.id}"))
    c.add(graph, PROV.wasGeneratedBy, activity)
    c.add(graph, PROV.wasAttributedTo, agent)
    c.add(graph, PROV.generatedAtTime, when)
    c.add(graph, PROV.wasDerivedFrom, upload)
    c.add(graph, DCTERMS.source, c.cites)


def existing_context(store: Store, nodes: Iterable[URIRef]) -> Graph:
    """Types and labels of existing nodes, so that ``sh:class`` on links to them can be checked."""
    context = Graph()
    nodes = sorted(set(nodes))
    if not nodes:
        return context
    values = " ".join(f"<{n}>" for n in nodes)
    # One pattern per property: a VALUES list of properties makes Oxigraph scan the store (1.4 s at 1M).
    rows = store.select(f"""SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }}
        {{ ?s rdf:type ?o BIND(rdf:type AS ?p) }} UNION {{ ?s rdfs:label ?o BIND(rdfs:label AS ?p) }} }}""",
                        dataset=Dataset(union=True))
    for row in rows:
        context.add((row["s"], row["p"], row["o"]))
    return context


def validate_contribution(store: Store, c: Contribution) -> list[FieldError]:
    """SHACL-validate the nodes the submission describes; violations mapped to fields and lines."""
    from .validation import validate

    referenced = {o for o in c.graph.objects() if isinstance(o, URIRef) and o not in c.origins}
    context = existing_context(store, referenced)
    for triple in c.inferred:  # shapes may need an inverse or a super-property the data implies
        context.add(triple)
    focus = [node for node in c.origins if (node, None, None) in c.graph]
    report = validate(c.graph, context=context, focus_nodes=focus)
    errors = []
    for violation in report.violations:
        if violation.severity != "Violation":
            continue
        name, line = c.origins.get(URIRef(violation.focus), (violation.focus, None))
        where = f"{shorten(URIRef(violation.path))}: " if violation.path and "://" in violation.path else ""
        errors.append(FieldError(name, f"{where}{violation.message}", line))
    return errors


# --------------------------------------------------------------------------- storing

def submit(store: Store, contributions: list[Contribution], *, dry_run: bool = False,
           replace: bool = False) -> Outcome:
    """Validate the contributions and store them with their entailments in one transaction."""
    with _write_lock:
        existing = check_absent(store, [(c.kind, c.id) for c in contributions], replace)
        errors = [error for c in contributions for error in validate_contribution(store, c)]
        if errors:
            raise SubmissionError("rejected", f"{len(errors)} SHACL violation(s): the submission does not "
                                              "satisfy the graph's shapes", errors)
        if not dry_run:
            graphs: dict[str, Graph] = {}
            for c in contributions:
                graphs[c.graph_name] = c.graph
                graphs[inferred_graph_name(c.graph_name)] = c.inferred
            before = store_generation(store)
            store.replace_graphs(graphs)
            if existing:
                store_changed()
            else:
                added = new_graph()
                for c in contributions:
                    added += c.graph
                concepts_added(store, before, added)
    return Outcome(contributions, dry_run, existing)


def check_absent(store: Store, items: Iterable[tuple[str, str]], replace: bool) -> list[str]:
    """The graphs of these (kind, id) pairs that exist; a ``conflict`` unless replacing them is asked for."""
    items = list(items)
    taken = [(kind, i) for kind, i in items if store.has_graph(graph_iri(kind, i))]
    if taken and not replace:
        raise SubmissionError("conflict", ", ".join(f"{kind} {i!r}" for kind, i in taken) + " already in the "
                                          "graph (use --replace / ?replace=true to replace it)",
                              [FieldError("id", f"{kind} {i!r} exists in <{graph_iri(kind, i)}>")
                               for kind, i in taken])
    return [graph_iri(kind, i) for kind, i in taken]


def add_case(store: Store, source: SourceFile, *, submitter: str, dry_run: bool = False,
             replace: bool = False) -> Outcome:
    """Submit a case file (YAML, JSON, Turtle or JSON-LD): link, validate, store. Raises SubmissionError."""
    if source.format in (TURTLE, JSONLD):
        contribution = build_rdf_case(parse_rdf(source), store, source)
        check_absent(store, [("case", contribution.id)], replace)
    else:
        case = parse_case(source)
        check_absent(store, [("case", case.id)], replace)
        contribution = build_case(case, concept_index(store), source, find_people(store, case.study.authors))
    add_provenance(contribution, submitter, source)
    return submit(store, [contribution], dry_run=dry_run, replace=replace)


# --------------------------------------------------------------------------- listing and removing

_LIST_CASES = f"""
SELECT ?case ?label ?g ?organisation ?submitted ?submitter ?evidence_count
WHERE {{
  GRAPH ?g {{ ?case a lpskg:Case ; rdfs:label ?label . OPTIONAL {{ ?case lpskg:caseOrganisation ?org }} }}
  FILTER(!STRSTARTS(STR(?g), "{GRAPH}inferred/"))
  OPTIONAL {{ GRAPH ?g {{ ?org rdfs:label ?organisation }} }}
  OPTIONAL {{ SELECT ?case (COUNT(DISTINCT ?evidence) AS ?evidence_count)
             WHERE {{ ?evidence lpskg:fromCase ?case }} GROUP BY ?case }}
  OPTIONAL {{ GRAPH ?g {{ ?g prov:generatedAtTime ?submitted ; prov:wasAttributedTo/foaf:name ?submitter }} }}
}}
ORDER BY ?label
"""
# Labels are read in the case's own graph, and evidence counted apart: organisations are restated
# by every case graph that names them, and joining across the union of graphs multiplies the copies.


def list_cases(store: Store) -> list[dict[str, Any]]:
    """Every case of the graph, the paper's and the submitted ones (``submitted`` is set for those)."""
    prefix = graph_iri("case") + "/"
    answer = []
    for row in store.select(_LIST_CASES, dataset=Dataset(union=True)):
        graph = str(row["g"])
        answer.append({
            "id": graph[len(prefix):] if graph.startswith(prefix) else str(row["case"]).rsplit("/", 1)[-1],
            "iri": str(row["case"]), "label": str(row["label"]), "graph": graph,
            "organisation": str(row["organisation"]) if "organisation" in row else None,
            "evidence": int(row["evidence_count"]) if "evidence_count" in row else 0,
            "submitted": str(row["submitted"]) if "submitted" in row else None,
            "submitter": str(row["submitter"]) if "submitter" in row else None,
        })
    return answer


def submitted_graph_name(case_id: str, kind: str = "case") -> str:
    """The graph IRI of a submitted case or publication; ``not-found`` unless ``case_id`` is a slug.

    Checked before the id goes into a SPARQL query: any other text (quotes,
    spaces, ``>``) could not be the id of a submission, and would break the query.
    """
    if not _is_slug(case_id):
        raise SubmissionError("not-found", f"no submitted {kind} {case_id!r}: ids are lower-case letters, "
                                           "digits and single hyphens")
    return graph_iri(kind, case_id)


def case_graph(store: Store, case_id: str, kind: str = "case") -> Graph:
    """The named graph of a submitted case (or publication); ``not-found`` if there is none."""
    name = submitted_graph_name(case_id, kind)
    if not store.has_graph(name):
        raise SubmissionError("not-found", f"no submitted {kind} {case_id!r} (graph <{name}> is absent)")
    return store.graph(name)


def remove(store: Store, case_id: str, kind: str = "case") -> str:
    """Withdraw a submitted case or publication: its graph and its entailments, in one transaction."""
    name = submitted_graph_name(case_id, kind)
    with _write_lock:
        if not store.has_graph(name):
            raise SubmissionError("not-found", f"no submitted {kind} {case_id!r} (graph <{name}> is absent)")
        store.replace_graphs({}, remove=[name, inferred_graph_name(name)])
        store_changed()
    return name

