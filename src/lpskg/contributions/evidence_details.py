"""What a field researcher records about an item of evidence beyond its text: time, order, strength, negative
evidence, who shows a drift sign, signs looked for and not seen, incentives; and how long a stance held and
whether an action is running and did anything (docs/adding-a-case.md, "Weighing the evidence").

The diagnosis cannot tell a stakeholder's normal priority from an imbalance without them (issue 21): a trial
postponed once and rescheduled is negotiation, the same choice made in 26 of 30 weeks is neglect.  Every field
is optional and its default is what a case file written before these fields says, so old files read as they
did.  This module parses the fields, checks the references between items at link time (keys, order, cycles),
and writes their triples in the lpskg vocabulary; ``case_building`` calls it for each item.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from ..knowledge.graphs import Graphs
from ..knowledge.library import read_model
from ..namespaces import LPSKG, resource_iri
from ..tables import shorten
from .errors import FieldError
from .parsing import ConceptRef, EvidenceDetail, Incentive, ItemRef, Sighting
from .reading import Path_, field_name

STRENGTHS = {"strong": LPSKG.strongEvidence, "moderate": LPSKG.moderateEvidence, "weak": LPSKG.weakEvidence}
DURATIONS = {"one-off": LPSKG.oneOff, "resolved": LPSKG.resolved, "recurring": LPSKG.recurring,
             "lasting": LPSKG.lasting}
STATUSES = {"in place": LPSKG.inPlace, "planned": LPSKG.planned, "stopped": LPSKG.stopped}
OUTCOMES = {"effective": LPSKG.effective, "partial": LPSKG.partiallyEffective, "none": LPSKG.noEffect,
            "unknown": LPSKG.effectUnknown}
MEASURES = {"measurement": LPSKG.measurement, "incentive": LPSKG.incentiveScheme, "target": LPSKG.target,
            "budget rule": LPSKG.budgetRule}
#: The fields whose stakeholder may be given as a respondent role, read as the group the role is placed under.
ROLE_FIELDS = frozenset({"stances", "signs", "signs_not_seen", "incentives"})


# --------------------------------------------------------------------------- link-time checks

def item_slugs(case_id: str, items: Sequence[Any]) -> list[str]:
    """The slug of each item's IRI: ``<case>-<key>``, or ``<case>-<number>`` (1-based) without a key."""
    return [f"{case_id}-{item.detail.key}" if item.detail.key else f"{case_id}-{number}"
            for number, item in enumerate(items, start=1)]


def check_references(items: Sequence[Any], line: Callable[[Path_], int | None]) -> list[FieldError]:
    """Keys unique, every reference to an item resolves, no item after or from itself, no cycle, dates in order,
    and the fields that only make sense together (resolved_by, over, an effective action's effect)."""
    errors: list[FieldError] = []

    def error(path: Path_, message: str) -> None:
        errors.append(FieldError(field_name(path), message, line(path)))

    keys: dict[str, int] = {}
    for i, item in enumerate(items):
        key = item.detail.key
        if key is None:
            continue
        if key in keys:
            error(item.path + ("key",), f"key '{key}' is already the key of evidence[{keys[key]}]: keys are unique")
        elif key.isdigit() and int(key) != i + 1 and int(key) <= len(items):
            error(item.path + ("key",), f"key '{key}' would give this item the IRI of evidence[{int(key) - 1}], "
                                        "which has no key: choose a key that is not a number")
        keys.setdefault(key, i)
    listing = ", ".join(keys) or "none (refer to items by their position, 0 for the first)"

    def resolve(ref: ItemRef, path: Path_) -> int | None:
        if isinstance(ref, int):
            if ref >= len(items):
                error(path, f"there is no evidence[{ref}]: the file has {len(items)} item(s), numbered from 0")
                return None
            return ref
        if ref not in keys:
            error(path, f"unknown item '{ref}'; keys in this file: {listing}")
            return None
        return keys[ref]

    edges: dict[int, list[int]] = {i: [] for i in range(len(items))}
    for i, item in enumerate(items):
        detail = item.detail
        for j, ref in enumerate(detail.follows_from):
            target = resolve(ref, item.path + ("follows_from", j))
            if target == i:
                error(item.path + ("follows_from", j), "an item cannot follow from itself")
            elif target is not None:
                edges[i].append(target)
        if detail.when is not None and detail.when.after is not None:
            target = resolve(detail.when.after, detail.when.path + ("after",))
            if target == i:
                error(detail.when.path + ("after",), "an item cannot come after itself")
            elif target is not None:
                edges[i].append(target)
                before = items[target].detail.when
                if detail.when.date and before and before.date and _earlier(detail.when.date, before.date):
                    error(detail.when.path + ("date",), f"date {detail.when.date} is earlier than {before.date}, "
                                                        f"the date of evidence[{target}] it comes after")
        for k, stance in enumerate(item.stances):
            where = stance.path
            if stance.resolved_by is not None:
                if stance.duration != "resolved":
                    error(where + ("resolved_by",), "only a stance with duration 'resolved' can name resolved_by")
                else:
                    resolve(stance.resolved_by, where + ("resolved_by",))
            if stance.over is not None and stance.duration not in ("recurring", "lasting"):
                error(where + ("over",), "'over' says how long a recurring or lasting stance was seen: "
                                         "give duration: recurring or lasting, or leave 'over' out")
        for k, action in enumerate(item.actions):
            if action.outcome in ("effective", "partial") and not action.effect:
                error(action.path + ("outcome",), f"outcome '{action.outcome}' needs an 'effect': "
                                                  "say in your words what changed")
    errors += _cycles(items, edges, line)
    return errors


def _earlier(date: str, other: str) -> bool:
    """Whether partial date ``date`` lies before ``other`` at the precision both have."""
    size = min(len(date), len(other))
    return date[:size] < other[:size]


def _cycles(items: Sequence[Any], edges: dict[int, list[int]], line: Callable[[Path_], int | None]) -> list[FieldError]:
    """One error per cycle of follows_from / when.after, naming the items around it."""
    errors, state = [], dict.fromkeys(edges, 0)
    for start in edges:
        if state[start]:
            continue
        stack = [(start, iter(edges[start]))]
        trail = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                trail.pop()
            elif state[child] == 1:
                loop = trail[trail.index(child):] + [child]
                path = items[loop[0]].path + ("follows_from",)
                errors.append(FieldError(field_name(path), "cycle: " + " -> ".join(f"evidence[{n}]" for n in loop),
                                         line(path)))
            elif state[child] == 0:
                state[child] = 1
                trail.append(child)
                stack.append((child, iter(edges[child])))
    return errors


# --------------------------------------------------------------------------- triples

class DetailWriter:
    """Writes the weighing fields of a case's items; ``resolved`` maps a field path to its concept, ``iris`` an
    item's position to its IRI, ``placements`` a respondent role to the stakeholder group it is placed under."""

    def __init__(self, contribution: Any, resolved: Mapping[Path_, URIRef], kinds: Mapping[URIRef, str],
                 label: Callable[[URIRef], str], iris: Sequence[URIRef], keys: Mapping[str, int],
                 placements: Mapping[URIRef, URIRef], line: Callable[[Path_], int | None]) -> None:
        self.c, self.resolved, self.kinds, self.label = contribution, resolved, kinds, label
        self.iris, self.keys, self.placements, self.line = iris, keys, placements, line
        self.errors: list[FieldError] = []

    def item(self, ref: ItemRef) -> URIRef:
        return self.iris[ref if isinstance(ref, int) else self.keys[ref]]

    def stakeholder(self, ref: ConceptRef) -> tuple[URIRef | None, URIRef | None]:
        """The stakeholder a stakeholder-or-role field names, and the role if it named one."""
        iri = self.resolved[ref.path]
        if self.kinds.get(iri) != "role":
            return iri, None
        group = self.placements.get(iri)
        if group is None:
            self.errors.append(FieldError(ref.field, f"the respondent role {ref.label!r} is placed under no "
                                                     "stakeholder group, so the rules cannot read it: name the "
                                                     "stakeholder, or declare the role with `stakeholder:`",
                                          self.line(ref.path)))
        return group, iri

    def evidence(self, iri: URIRef, slug: str, detail: EvidenceDetail, passage: URIRef) -> None:
        c = self.c
        c.add(iri, LPSKG.evidenceKey, Literal(detail.key) if detail.key else None)
        c.add(iri, LPSKG.evidenceStrength, STRENGTHS.get(detail.strength or ""))
        c.add(iri, LPSKG.isAbsence, Literal(True) if detail.absence else None)
        if detail.when is not None:
            when = detail.when
            c.add(iri, LPSKG.atTime, _date(when.date) if when.date else None)
            c.add(iri, LPSKG.comesAfter, self.item(when.after) if when.after is not None else None)
            c.add(iri, LPSKG.lagAfter, Literal(when.lag, datatype=XSD.duration, normalize=False) if when.lag else None)
            c.add(iri, LPSKG.timePhrase, Literal(when.phrase) if when.phrase else None)
        c.add(iri, LPSKG.followsFrom, *(self.item(ref) for ref in detail.follows_from))
        for k, sighting in enumerate(detail.sightings, start=1):
            c.add(iri, LPSKG.showsSignOf, self._sighting(f"{slug}-{k}", sighting, passage))
        for k, sighting in enumerate(detail.not_seen, start=1):
            c.add(iri, LPSKG.signNotSeen, self.resolved[sighting.sign.path])
            if sighting.stakeholder is not None:
                c.add(iri, LPSKG.signNotSeenOf, self._sighting(f"{slug}-not-seen-{k}", sighting, passage, "not seen in"))
        for k, incentive in enumerate(detail.incentives, start=1):
            c.add(iri, LPSKG.reportsIncentive, self._incentive(f"{slug}-{k}", incentive, passage))

    def _sighting(self, slug: str, sighting: Sighting, passage: URIRef, verb: str = "shown by") -> URIRef:
        iri = self.c.mint(resource_iri("sighting", slug), (field_name(sighting.path), self.line(sighting.path)))
        sign = self.resolved[sighting.sign.path]
        group, role = self.stakeholder(sighting.stakeholder)
        who = self.label(role or group) if (role or group) is not None else "?"
        self.c.describe(iri, [LPSKG.SignSighting], f"{self.label(sign)}, {verb} {who}", passage)
        self.c.add(iri, LPSKG.sightedSign, sign)
        self.c.add(iri, LPSKG.shownBy, group)
        return iri

    def _incentive(self, slug: str, incentive: Incentive, passage: URIRef) -> URIRef:
        iri = self.c.mint(resource_iri("incentive", slug), (field_name(incentive.path), self.line(incentive.path)))
        group, role = self.stakeholder(incentive.applies_to)
        pole = self.resolved[incentive.rewards.path]
        only = " only" if incentive.exclusive else ""
        who = self.label(role or group) if (role or group) is not None else "?"
        self.c.describe(iri, [LPSKG.Incentive], f"{incentive.measure.capitalize()} of {who} rewarding{only} "
                                                f"{self.label(pole)}", passage)
        self.c.add(iri, LPSKG.appliesTo, group)
        self.c.add(iri, LPSKG.rewards, pole)
        self.c.add(iri, LPSKG.measureKind, MEASURES[incentive.measure])
        self.c.add(iri, LPSKG.exclusive, Literal(incentive.exclusive))
        self.c.add(iri, LPSKG.incentiveText, Literal(incentive.text) if incentive.text else None)
        return iri

    def stance(self, iri: URIRef, stance: Any) -> None:
        """How long a stance held and what resolved it; the role it was named by."""
        self.c.add(iri, LPSKG.stanceDuration, DURATIONS.get(stance.duration or ""))
        self.c.add(iri, LPSKG.resolvedBy, self.item(stance.resolved_by) if stance.resolved_by is not None else None)
        self.c.add(iri, LPSKG.seenOver, Literal(stance.over, datatype=XSD.duration, normalize=False) if stance.over else None)

    def action(self, iri: URIRef, action: Any) -> None:
        """Whether an action runs and did anything, and what the case took it against."""
        self.c.add(iri, LPSKG.actionStatus, STATUSES[action.status])
        self.c.add(iri, LPSKG.actionOutcome, OUTCOMES[action.outcome])
        self.c.add(iri, LPSKG.actionTargets, *(self.resolved[ref.path] for ref in action.targets))


def _date(text: str) -> Literal:
    """A partial date as the XSD type its precision has."""
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(text), XSD.date)
    return Literal(text, datatype=datatype)


def role_placements(graphs: Graphs) -> dict[URIRef, URIRef]:
    """The stakeholder group each respondent role of the graph is placed under, read once per write generation
    (a write that adds a case may add a role)."""
    return graphs.derived("role-placements", lambda: {
        row["role"]: row["stakeholder"] for row in read_model("intake/role-placements").run(graphs.store)},
        lambda placements, change: None)


#: The links between items of one case: their objects must be evidence of the same case, and may not loop.
ITEM_LINKS = (LPSKG.followsFrom, LPSKG.comesAfter, LPSKG.resolvedBy)


def rdf_reference_problems(graph: Graph, case: URIRef) -> list[tuple[URIRef, str]]:
    """For a case sent as RDF: each item link (follows from, comes after, resolved by) that points outside the
    case's own evidence, to the item itself, or round a cycle, as (subject, message)."""
    items = set(graph.subjects(LPSKG.fromCase, case))
    problems = []
    for prop in ITEM_LINKS:
        for subject, target in sorted(graph.subject_objects(prop)):
            name = shorten(prop)
            if target == subject:
                problems.append((subject, f"{name} points to the item itself"))
            elif target not in items:
                problems.append((subject, f"{name} points to <{target}>, which is not evidence of the case <{case}>"))
    edges = {s: [o for p in ITEM_LINKS[:2] for o in graph.objects(s, p) if o in items and o != s] for s in items}
    seen: set[URIRef] = set()
    for start in sorted(items):
        todo = [(start, iter(edges[start]))]
        on_trail = {start}
        while todo:
            node, children = todo[-1]
            child = next(children, None)
            if child is None:
                todo.pop()
                on_trail.discard(node)
            elif child in on_trail:
                problems.append((start, f"{shorten(LPSKG.followsFrom)} / {shorten(LPSKG.comesAfter)} make a cycle "
                                        f"through <{child}>"))
                todo.clear()
            elif child not in seen:
                seen.add(child)
                on_trail.add(child)
                todo.append((child, iter(edges[child])))
    return problems
