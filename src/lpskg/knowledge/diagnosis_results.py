"""What a diagnosis answers: a grade per imbalance archetype, the items for and against it and why, what may
follow, what to do, and the rules each part rests on, stated or the curator's.

The grades, weights and rules come from the graph (``queries/rules/``, ``queries/diagnosis/``,
``data/diagnosis.ttl``); these types only carry them to the command line, the API and the case page, as text,
JSON and Turtle.  A grade's rank orders the headline; nothing here knows an archetype or a grade by its label.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from ..namespaces import LPSKG, new_graph, resource_iri

#: A passage of a source: its IRI, its locator and the excerpt the graph holds (if any).
Passage = tuple[str, str, str | None]
#: The ranks of the grades (lpskg:gradeRank in data/diagnosis.ttl), from the headline's point of view.
INDICATED, POSSIBLE, INSUFFICIENT = 3, 2, 1


@dataclass(frozen=True)
class Item:
    """An item of the case's evidence; a quote's text is the respondent's words, an observation's the study's
    account, an absence what was looked for and not found."""

    evidence: str
    kind: str
    label: str
    text: str
    role: str | None = None
    locator: str | None = None
    strength: str | None = None
    absence: bool = False
    time: str | None = None
    time_phrase: str | None = None
    follows_from: tuple[str, ...] = ()
    comes_after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Contribution:
    """How one item bears on one archetype: its kind (for or against), its weight, and what it matched by."""

    evidence: str
    kind: str
    kind_label: str
    counts_for: bool
    weight: float
    one_off: bool = False
    resolved: bool = False
    persistent: bool = False
    by: tuple[tuple[str, str], ...] = ()
    named: tuple[str, str] | None = None
    rules: tuple[str, ...] = ()

    def note(self, one_off_factor: float) -> str:
        """What the rules did with the item beyond its kind: excluded, weighed down, or another's sign."""
        if self.resolved:
            return "resolved: the other pole got its due, so it weighs nothing (I-12)"
        if self.one_off:
            return f"one-off: weighs {one_off_factor:g} of its strength (I-12)"
        if self.named:
            return f"the item names {self.named[1]}, not a stakeholder the sign's sentence names (R4, I-10)"
        return ""


@dataclass(frozen=True)
class Rule:
    """A grading rule: stated (with the passages whose sentences state it) or the curator's (with its reason)."""

    rule: str
    rule_id: str
    label: str
    definition: str
    status: str
    rationale: str | None
    passages: tuple[Passage, ...]


@dataclass(frozen=True)
class Licence:
    """A link of the framework an item matched by: stated, with its sentence, or an interpretation, with its reason."""

    statement: str
    statement_label: str
    status: str
    passage: str
    locator: str
    excerpt: str | None
    rationale: str | None


@dataclass(frozen=True)
class ActionReported:
    """An action the case's evidence reports; its effect is the submitter's words."""

    strategy: str
    label: str
    practice: str | None
    effect: str | None
    evidence: str
    status: str | None = None
    outcome: str | None = None


@dataclass(frozen=True)
class PracticeUse:
    """A practice the paper's companies used, against the archetype or on a tension it tips, and what they did."""

    use: str
    label: str
    practice: str
    tension: str
    via: str
    strategy: str | None
    companies: tuple[str, ...]
    passages: tuple[Passage, ...]


@dataclass(frozen=True)
class Suggestion:
    """A strategy the graph says counteracts the archetype, with the practices used for it and what the case did."""

    strategy: str
    label: str
    status: str | None
    mechanisms: tuple[str, ...]
    passages: tuple[Passage, ...]
    reported: tuple[ActionReported, ...] = ()
    practice_uses: tuple[PracticeUse, ...] = ()


@dataclass(frozen=True)
class ArchetypeGrade:
    """What the diagnosis claims about one archetype: indicated, possible, insufficient evidence or not indicated."""

    archetype: str
    label: str
    grade: str
    grade_label: str
    rank: int
    base_label: str
    lowered: bool
    support: float
    counter: float
    items_for: tuple[Contribution, ...]
    items_against: tuple[Contribution, ...]
    rules: tuple[Rule, ...]
    why: str
    licences: tuple[Licence, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()

    @property
    def reason(self) -> str | None:
        """For a grade of not indicated: 'countered' when items bore on it and the evidence against settled it."""
        if self.rank:
            return None
        return "countered" if self.lowered else "no evidence"

    @property
    def rests_on_interpretation(self) -> bool:
        """True when some rule the grade rests on is the curator's reading."""
        return any(rule.status == "interpretation" for rule in self.rules)


@dataclass(frozen=True)
class Chain:
    """This case's imbalance of a further paradox that may follow from its indicated archetype (rules C1-C3)."""

    archetype: str
    archetype_label: str
    knockon: str
    paradox: str
    paradox_label: str
    tension_label: str | None
    tension_status: str | None
    rule: Rule | None
    passages: tuple[Passage, ...]
    first_end: tuple[str, ...]
    second_end: tuple[str, ...]
    case_links: tuple[tuple[str, str], ...]

    @property
    def says(self) -> str:
        where = f" ({self.tension_label})" if self.tension_label else ""
        return (f"this case's imbalance of the {self.paradox_label}{where} may follow from its {self.archetype_label}")


@dataclass(frozen=True)
class Composition:
    """One indicated archetype's knock-on that may drive another indicated one: never stated, always the curator's."""

    first: tuple[str, str]
    then: tuple[str, str]
    knockon: str
    rationale: str
    passages: tuple[Passage, ...]

    @property
    def says(self) -> str:
        return f"this case's {self.then[1]} may follow from its {self.first[1]} (the curator's interpretation)"


@dataclass(frozen=True)
class SharedOrigin:
    """What several of the case's indicated archetypes may, at worst, result from, as the paper states it."""

    origin: str
    label: str
    archetypes: tuple[str, ...]
    passages: tuple[Passage, ...]


@dataclass
class Diagnosis:
    """A graded result per imbalance archetype; 'no imbalance indicated' when none is indicated."""

    case: str
    case_label: str
    grades: list[ArchetypeGrade] = field(default_factory=list)
    items: dict[str, Item] = field(default_factory=dict)
    actions: list[ActionReported] = field(default_factory=list)
    chains: list[Chain] = field(default_factory=list)
    compositions: list[Composition] = field(default_factory=list)
    origins: list[SharedOrigin] = field(default_factory=list)
    pattern_classes: dict[str, set[str]] = field(default_factory=dict)   # evidence -> pattern classes matched
    one_off_factor: float = 0.5

    def with_rank(self, rank: int) -> list[ArchetypeGrade]:
        return sorted((g for g in self.grades if g.rank == rank), key=lambda g: g.label)

    @property
    def indications(self) -> list[ArchetypeGrade]:
        """The archetypes the evidence indicates."""
        return self.with_rank(INDICATED)

    @property
    def balanced(self) -> bool:
        """True when no archetype is indicated (some may still be possible, or the evidence insufficient)."""
        return not self.indications

    def headline(self) -> str:
        """Indicated ones first, then possible ones, else what the evidence cannot tell, else no imbalance indicated."""
        names = {rank: ", ".join(g.label for g in self.with_rank(rank)) for rank in (INDICATED, POSSIBLE, INSUFFICIENT)}
        possible = f"; possible: {names[POSSIBLE]}" if names[POSSIBLE] else ""
        if names[INDICATED]:
            return f"{names[INDICATED]} indicated{possible}"
        if names[POSSIBLE]:
            return f"no imbalance indicated{possible}"
        if names[INSUFFICIENT]:
            return f"insufficient evidence ({names[INSUFFICIENT]})"
        return "no imbalance indicated"

    def summary(self) -> str:
        """One line: the case and its headline."""
        return f"{self.case_label}: {self.headline()}"

    def as_json(self) -> dict[str, Any]:
        """The diagnosis as plain data: the JSON of the API, the dry run and ``--format json``."""
        return {"case": self.case, "label": self.case_label, "headline": self.headline(), "summary": self.summary(),
                "balanced": self.balanced,
                "indications": [{"archetype": g.archetype, "label": g.label} for g in self.indications],
                "grades": [_grade_json(g, self.one_off_factor) for g in self.grades],
                "may_follow": [_chain_json(c) for c in self.chains],
                "interpretation_chains": [{"says": c.says, "status": "interpretation", "first": c.first[0],
                                           "then": c.then[0], "rationale": c.rationale,
                                           "passages": _passages_json(c.passages)} for c in self.compositions],
                "common_origins": [{"origin": o.origin, "label": o.label, "archetypes": list(o.archetypes),
                                    "status": "stated", "passages": _passages_json(o.passages)} for o in self.origins],
                "evidence": [vars(item) | {"follows_from": list(item.follows_from),
                                           "comes_after": list(item.comes_after)} for item in self.items.values()],
                "actions_taken": [vars(a) for a in self.actions]}

    def graph(self, when: datetime | None = None) -> Graph:
        """The diagnosis in the lpskg vocabulary (lpskg:Diagnosis, lpskg:ArchetypeGrade), for Turtle."""
        g = new_graph()
        slug = self.case.rstrip("/").rsplit("/", 1)[-1]
        node = resource_iri("diagnosis", slug)
        g.add((node, RDF.type, LPSKG.Diagnosis))
        g.add((node, RDFS.label, Literal(f"Diagnosis of {self.case_label}", lang="en")))
        g.add((node, LPSKG.diagnosisOf, URIRef(self.case)))
        g.add((node, LPSKG.balanced, Literal(self.balanced)))
        g.add((node, LPSKG.headline, Literal(self.headline())))
        g.add((node, PROV.generatedAtTime, Literal((when or datetime.now(timezone.utc)).isoformat(timespec="seconds"),
                                                   datatype=XSD.dateTime)))
        for grade in self.grades:
            found = resource_iri("diagnosis", f"{slug}-{grade.archetype.rsplit('/', 1)[-1]}")
            g.add((node, LPSKG.gradesArchetype, found))
            g.add((found, RDF.type, LPSKG.ArchetypeGrade))
            g.add((found, RDFS.label, Literal(f"{grade.label}: {grade.grade_label} in {self.case_label}", lang="en")))
            g.add((found, LPSKG.indicatesArchetype, URIRef(grade.archetype)))
            g.add((found, LPSKG.hasGrade, URIRef(grade.grade)))
            for item in dict.fromkeys(c.evidence for c in grade.items_for):
                g.add((found, LPSKG.supportedByEvidence, URIRef(item)))
            for item in dict.fromkeys(c.evidence for c in grade.items_against):
                g.add((found, LPSKG.counteredByEvidence, URIRef(item)))
            for rule in grade.rules:
                g.add((found, LPSKG.restsOnRule, URIRef(rule.rule)))
            for licence in grade.licences:
                g.add((found, LPSKG.licensedBy, URIRef(licence.passage)))
            for chain in (c for c in self.chains if c.archetype == grade.archetype):
                g.add((found, LPSKG.mayTriggerImbalanceOf, URIRef(chain.paradox)))
            for suggestion in (s for s in grade.suggestions if s.strategy):  # not the general practices' entry
                g.add((found, LPSKG.counterAlreadyTaken if suggestion.reported else LPSKG.counterStrategy,
                       URIRef(suggestion.strategy)))
        for evidence, classes in self.pattern_classes.items():
            for cls in classes:
                g.add((URIRef(evidence), RDF.type, URIRef(cls)))
        return g


def _passages_json(passages: tuple[Passage, ...]) -> list[dict[str, Any]]:
    return [{"passage": p, "locator": loc, "excerpt": ex} for p, loc, ex in passages]


def _rule_json(rule: Rule) -> dict[str, Any]:
    return {"rule": rule.rule, "id": rule.rule_id, "label": rule.label, "status": rule.status,
            "definition": rule.definition, "rationale": rule.rationale, "passages": _passages_json(rule.passages)}


def _contribution_json(c: Contribution, factor: float) -> dict[str, Any]:
    return {"evidence": c.evidence, "kind": c.kind_label, "weight": c.weight, "note": c.note(factor),
            "by": [{"iri": iri, "label": label} for iri, label in c.by],
            "names_stakeholder": c.named[1] if c.named else None}


def _grade_json(grade: ArchetypeGrade, factor: float) -> dict[str, Any]:
    return {"archetype": grade.archetype, "label": grade.label, "grade": grade.grade_label, "reason": grade.reason,
            "support": grade.support, "counter": grade.counter, "why": grade.why,
            "rests_on_interpretation": grade.rests_on_interpretation,
            "for": [_contribution_json(c, factor) for c in grade.items_for],
            "against": [_contribution_json(c, factor) for c in grade.items_against],
            "rules": [_rule_json(r) for r in grade.rules],
            "licensed_by": [vars(licence) for licence in grade.licences],
            "suggested_actions": [{"strategy": s.strategy, "label": s.label, "status": s.status,
                                   "mechanisms": list(s.mechanisms), "passages": _passages_json(s.passages),
                                   "reported_by_case": [vars(a) for a in s.reported],
                                   "practice_uses": [{"use": u.use, "label": u.label, "practice": u.practice,
                                                      "tension": u.tension, "via": u.via, "strategy": u.strategy,
                                                      "companies": list(u.companies),
                                                      "passages": _passages_json(u.passages)}
                                                     for u in s.practice_uses]}
                                  for s in grade.suggestions]}


def _chain_json(chain: Chain) -> dict[str, Any]:
    return {"says": chain.says, "status": "stated", "rule": chain.rule.rule_id if chain.rule else None,
            "archetype": chain.archetype, "paradox": chain.paradox, "tension": chain.tension_label,
            "tension_status": chain.tension_status, "first_end": list(chain.first_end),
            "second_end": list(chain.second_end),
            "case_links": [{"item": a, "follows_from": b, "status": "the researchers' reading"}
                           for a, b in chain.case_links],
            "passages": _passages_json(chain.passages)}
