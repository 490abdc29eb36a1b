"""A hand-written case file (YAML or JSON) turned into the graph of a case.

Every concept the file names by label is linked to the graph's concepts
(:mod:`~lpskg.contributions.linking`), new concepts marked ``new: true`` are
minted first so that later fields can refer to them by label, and the case,
its organisation, study, publication, passages and evidence are described
with the field and line each node came from.
"""
from __future__ import annotations

from collections.abc import Mapping

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS

from ..namespaces import LPSKG, new_graph, resource_iri
from .building import Contribution, describe_agent, describe_publication_of_study, en
from .errors import FieldError, SubmissionError
from .evidence_details import ROLE_FIELDS, DetailWriter, check_references, item_slugs
from .linking import ILLUSTRATABLE, KIND_CLASSES, Concept, ConceptIndex, Link
from .parsing import ActionTaken, CaseSubmission, ConceptRef, Evidence, Stance, Study, slugify
from .reading import Path_, SourceFile, field_name

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
LABEL_WORDS = 10
#: The locator of the passage of a case whose file names none.
WHOLE_PUBLICATION = "the publication as a whole"


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
            if (allowed == ("stakeholder",) and ROLE_FIELDS & set(ref.path)
                    and (isinstance(result, FieldError) or result.match == "fuzzy")):
                # a role, read as its group: the role's exact label ("production manager") before a near
                # stakeholder's ("production managers"), and any role before an error
                as_role = self.index.resolve(ref, ("role",), self.line(ref.path))
                if isinstance(as_role, Link) and (isinstance(result, FieldError) or as_role.match == "exact"):
                    result = as_role
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
        if ref.kind not in SCHEME:
            return (f"a new {ref.kind} cannot be declared in a case: the {ref.kind}s are the paper's own; "
                    f"name one of them by its label")
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
        for rank, pole in enumerate(ref.poles, 1):  # the poles keep the order the submitter gives them
            pole_iri = self.resolved.get(pole.path)
            c.add(iri, LPSKG.hasPole, pole_iri)
            if pole_iri is not None and pole.new:
                c.add(pole_iri, LPSKG.poleRank, Literal(rank))
        if ref.stakeholder is not None:
            c.add(iri, LPSKG.roleInStakeholder, self.resolved.get(ref.stakeholder.path))


def _case_refs(case: CaseSubmission) -> list[tuple[ConceptRef, tuple[str, ...]]]:
    """Every concept reference with the kinds its field allows (a stated kind narrows them)."""
    fixed = {"technologies": ("technology",), "role": ("role",), "paradox": ("paradox",),
             "poles": ("pole",), "stakeholder": ("stakeholder",), "favours": ("pole",), "disregards": ("pole",),
             "horizon": ("horizon",), "signs": ("sign",), "action": ("strategy",), "practice": ("practice",),
             "sign": ("sign",), "signs_not_seen": ("sign",), "applies_to": ("stakeholder",), "rewards": ("pole",),
             "targets": ("archetype", "tension", "pole")}
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
               people: Mapping[str, Concept], placements: Mapping[URIRef, URIRef] | None = None) -> Contribution:
    """The case's graph from a parsed case file; link errors are raised together, with lines.

    ``people``: the persons the graph already has, by name (:func:`find_people`); ``placements``: the
    stakeholder group each respondent role of the graph is placed under (:func:`role_placements`).
    """
    c = Contribution("case", case.id, new_graph())
    line = case.document.line
    broken = check_references(case.evidence, line)
    if broken:
        raise SubmissionError("rejected", f"{source.name}: {len(broken)} reference(s) between evidence items "
                                          "do not hold", broken)
    scope = case.id
    case_iri = c.mint(resource_iri("case", scope), ("id", line(("id",))))
    study_document = c.mint(resource_iri("document", scope), ("study", line(("study",))))
    passages = _Passages(c, scope, study_document, case.study, line)
    case_passage = passages.get(case.locator or WHOLE_PUBLICATION, None, case.excerpt, ("passage",))
    passage_of: dict[Path_, URIRef] = {(): case_passage}
    for item in case.evidence:
        passage_of[item.path] = passages.get(item.locator, item.document, item.excerpt, item.path + ("passage",))

    linker = _Linker(c, index, line)
    linker.link_all(_case_refs(case), scope, passage_of)
    if linker.errors:
        raise SubmissionError("rejected", f"{source.name}: {len(linker.errors)} label(s) could not be "
                                          "linked to concepts of the graph", linker.errors)

    c.describe(case_iri, [LPSKG.Case], case.label, case_passage, case.description)
    c.add(case_iri, LPSKG.fieldworkFrom, *(Literal(d) for d in case.fieldwork[:1] if d))
    c.add(case_iri, LPSKG.fieldworkTo, *(Literal(d) for d in case.fieldwork[1:] if d))
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
    slugs = item_slugs(case.id, case.evidence)
    roles = dict(placements or {})
    roles.update({linker.resolved[ref.path]: linker.resolved[ref.stakeholder.path]
                  for ref, _ in _case_refs(case) if ref.new and ref.kind == "role" and ref.stakeholder
                  and ref.path in linker.resolved and ref.stakeholder.path in linker.resolved})
    writer = DetailWriter(c, linker.resolved, linker.kinds, lambda iri: linker.index.concepts[iri].label,
                          [resource_iri(item.kind, slug) for item, slug in zip(case.evidence, slugs)],
                          {item.detail.key: i for i, item in enumerate(case.evidence) if item.detail.key}, roles, line)
    for item, slug in zip(case.evidence, slugs):
        _describe_evidence(c, linker, writer, case_iri, case.organisation, slug, item, passage_of[item.path], line)
    if writer.errors:
        raise SubmissionError("rejected", f"{source.name}: {len(writer.errors)} stakeholder(s) the rules cannot "
                                          "place", writer.errors)
    return c


def _describe_evidence(c: Contribution, linker: _Linker, writer: DetailWriter, case_iri: URIRef, organisation: str,
                       slug: str, item: Evidence, passage: URIRef, line) -> None:
    kind_class = LPSKG.Quote if item.kind == "quote" else LPSKG.Observation
    iri = c.mint(resource_iri(item.kind, slug), (field_name(item.path), line(item.path)))
    who = organisation
    if item.role is not None:
        c.add(iri, LPSKG.speakerRole, linker.resolved[item.role.path])
        who = f"{linker.index.concepts[linker.resolved[item.role.path]].label}, {organisation}"
    words = item.text.split()
    opening = " ".join(words[:LABEL_WORDS]).rstrip(",.;:") + ("…" if len(words) > LABEL_WORDS else "")
    c.describe(iri, [kind_class], f"{item.kind.capitalize()} ({who}): {opening}", passage)
    c.add(iri, LPSKG.text, Literal(item.text))
    c.add(iri, LPSKG.researcherMemo, *(Literal(memo) for memo in item.memos))
    c.add(iri, LPSKG.fromCase, case_iri)
    for ref in item.illustrates:
        concept = linker.resolved[ref.path]
        c.add(iri, LPSKG.illustrates, concept)
        case_property = CASE_PROPERTY.get(linker.kinds.get(concept, ""))
        c.add(case_iri, case_property, concept if case_property else None)
    for k, stance in enumerate(item.stances, start=1):
        _describe_stance(c, linker, writer, iri, case_iri, f"{slug}-{k}", stance, passage, line)
    c.add(iri, LPSKG.showsSign, *(linker.resolved[ref.path] for ref in item.signs))
    for k, action in enumerate(item.actions, start=1):
        writer.action(_describe_action(c, linker, iri, case_iri, f"{slug}-{k}", action, passage, line), action)
    writer.evidence(iri, slug, item.detail, passage)


def _describe_stance(c: Contribution, linker: _Linker, writer: DetailWriter, evidence: URIRef, case_iri: URIRef,
                     slug: str, stance: Stance, passage: URIRef, line) -> None:
    """A stance the evidence reports: whose (a role is read as its group), which pole favoured or disregarded,
    at which horizon, for how long."""
    iri = c.mint(resource_iri("stance", slug), (field_name(stance.path), line(stance.path)))
    get = (lambda ref: linker.resolved[ref.path] if ref is not None else None)
    name = (lambda ref: linker.index.concepts[linker.resolved[ref.path]].label)
    parts = [f"{verb} {name(ref)}" for verb, ref in (("favours", stance.favours), ("disregards", stance.disregards))
             if ref is not None]
    horizon = f" ({name(stance.horizon)})" if stance.horizon is not None else ""
    duration = f", {stance.duration}" if stance.duration else ""
    group, role = writer.stakeholder(stance.stakeholder)
    c.describe(iri, [LPSKG.Stance], f"Stance of {name(stance.stakeholder)}: {', '.join(parts)}{horizon}{duration}",
               passage)
    c.add(iri, LPSKG.stanceOf, group)
    c.add(iri, LPSKG.stanceByRole, role)
    writer.stance(iri, stance)
    c.add(iri, LPSKG.favours, get(stance.favours))
    c.add(iri, LPSKG.disregards, get(stance.disregards))
    c.add(iri, LPSKG.atHorizon, get(stance.horizon))
    c.add(evidence, LPSKG.reportsStance, iri)
    c.add(case_iri, LPSKG.involvesStakeholder, group)


def _describe_action(c: Contribution, linker: _Linker, evidence: URIRef, case_iri: URIRef, slug: str,
                     action: ActionTaken, passage: URIRef, line) -> URIRef:
    """An action the evidence reports the case took; its effect stays the submitter's words (lpskg:reportedEffect)."""
    iri = c.mint(resource_iri("action", slug), (field_name(action.path), line(action.path)))
    strategy = linker.resolved[action.action.path]
    practice = linker.resolved[action.practice.path] if action.practice is not None else None
    through = f" through {linker.index.concepts[practice].label}" if practice is not None else ""
    c.describe(iri, [LPSKG.ActionTaken], f"{linker.index.concepts[strategy].label} taken{through}", passage)
    c.add(iri, LPSKG.takesStrategy, strategy)
    c.add(iri, LPSKG.throughPractice, practice)
    c.add(iri, LPSKG.reportedEffect, Literal(action.effect) if action.effect else None)
    c.add(evidence, LPSKG.reportsAction, iri)
    c.add(case_iri, LPSKG.appliesStrategy, strategy)
    c.add(case_iri, LPSKG.hasPractice, practice)
    return iri


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

    def get(self, locator: str, document: str | None, excerpt: str | None, path: Path_) -> URIRef:
        """The passage at ``locator`` of the document; ``excerpt``, if the submitter copied one, anchors it."""
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
        self.c.add(self.passages[key], LPSKG.excerpt, Literal(_excerpt(excerpt)) if excerpt else None)
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
    """The excerpt as copied, its whitespace collapsed; never cut (a cut excerpt would not be verbatim)."""
    return " ".join(text.split())


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
