"""Cases of the graph as a coded REFI-QDA project: the paper's evidence, or a submitted case's.

Each evidence item becomes a coded selection of a text source whose selected text
is the item's text: the codes of its fields (what it illustrates, the speaker's
role, the drift signs, its strength, whether it is an absence, when it holds, a
stance, an action, an incentive) on one selection, and each further stance,
action, incentive or group of signs shown by one stakeholder on another selection
of the same text, which lpskg reads back as the same item. Memos, reported effects
and an incentive's words become notes, in the researcher's words. The references
between items (follows from, comes after, resolved by) become REFI-QDA links from
the selection of the item (or of the stance) to the first selection of the other.

The text sources are the documents themselves when lpskg has them (the paper,
an interview transcript), each item's text found in it verbatim (spacing aside);
otherwise a source is made of the items' texts and says so in its name and
description: it is the evidence as lpskg holds it, not the original document.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rdflib import URIRef

from ...contributions.errors import SubmissionError
from ...contributions.linking import Concept
from ...knowledge.library import read_model
from ...namespaces import LPSKG
from ...store import Store
from .codebook import GROUP_BY_KEY, GROUPS, Code, Codebook, code_guid, open_code
from .importing import VARIABLES
from .writer import Case, Coding, Link, Project, Selection, TextSource, derived_guid, selection_guid

#: The flags' codes are the codes of their properties.
_ABSENCE, _EXCLUSIVE = LPSKG.isAbsence, LPSKG.exclusive
APPROACH = {"top-down": "initiative", "bottom-up": "initiative", "lean-first": "sequence", "digital-first": "sequence"}


@dataclass(frozen=True)
class Stance:
    """A stance an item reports: whose (and the role the case named it by), the poles, horizon, duration."""

    holder: URIRef
    favours: URIRef | None = None
    disregards: URIRef | None = None
    horizon: URIRef | None = None
    role: URIRef | None = None
    duration: URIRef | None = None
    over: str | None = None
    resolved_by: URIRef | None = None   # an item of the same case


@dataclass(frozen=True)
class Action:
    """An action an item reports the case took, with its practice, effect, status, outcome and targets."""

    strategy: URIRef
    practice: URIRef | None = None
    effect: str | None = None
    status: URIRef | None = None
    outcome: URIRef | None = None
    targets: frozenset[URIRef] = frozenset()


@dataclass(frozen=True)
class Incentive:
    """An incentive or measurement fact an item reports."""

    applies_to: URIRef
    rewards: URIRef
    measure: URIRef
    exclusive: bool = False
    text: str | None = None


@dataclass
class Item:
    """One evidence item as the export needs it: concepts as IRIs, words as strings, other items by IRI."""

    iri: URIRef
    kind: str
    text: str
    document: str
    role: URIRef | None = None
    illustrates: list[URIRef] = field(default_factory=list)
    signs: list[URIRef] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    memos: list[str] = field(default_factory=list)
    strength: URIRef | None = None
    absence: bool = False
    date: str | None = None
    lag: str | None = None
    phrase: str | None = None
    after: URIRef | None = None
    follows_from: list[URIRef] = field(default_factory=list)
    sightings: list[tuple[URIRef, URIRef]] = field(default_factory=list)      # (sign, who shows it)
    not_seen: list[URIRef] = field(default_factory=list)
    not_seen_in: list[tuple[URIRef, URIRef]] = field(default_factory=list)    # (sign, in whom not seen)
    incentives: list[Incentive] = field(default_factory=list)


@dataclass
class ExportCase:
    iri: URIRef
    label: str
    description: str
    variables: dict[str, str | int]
    technologies: list[URIRef]
    items: list[Item]


def read_case(store: Store, case: URIRef) -> ExportCase:
    """A case and its evidence from the store (``queries/qda/*.rq``)."""
    row = next(iter(read_model("qda/case").run(store, {"case": case})), None)
    if row is None or "label" not in row:
        raise SubmissionError("not-found", f"no case <{case}> in the graph")
    variables: dict[str, str | int] = {"case id": str(case).rsplit("/", 1)[-1]}
    fields = {"organisation": "organisation", "organisation description": "organisationDescription",
              "study citation": "citation", "study title": "title", "study year": "year", "study DOI": "doi",
              "study cited as": "citedAs", "lean experience years": "leanYears", "fieldwork from": "fieldworkFrom",
              "fieldwork to": "fieldworkTo"}
    if "citation" not in row and "work" in row:  # a work the graph knows by its label only (the paper)
        row = {**row, "citation": next(iter(read_model("qda/work-label").run(store, {"work": row["work"]})),
                                       {}).get("label", row["work"])}
    for name, key in fields.items():
        if key in row:
            variables[name] = int(str(row[key])) if VARIABLES[name][1] == "integer" else str(row[key])
    for part in str(row.get("approach", "")).split(","):
        if part.strip() in APPROACH:
            variables[APPROACH[part.strip()]] = part.strip()
    authors = [str(r["name"]) for r in read_model("qda/case-authors").run(store, {"case": case})]
    if authors:
        variables["study authors"] = "; ".join(authors)
    items: dict[URIRef, Item] = {}
    for r in read_model("qda/case-evidence").run(store, {"case": case}):
        if r["evidence"] not in items:
            document = str(r.get("document") or r.get("documentLabel") or row["label"])
            kind = "quote" if str(r["type"]).endswith("Quote") else "observation"
            items[r["evidence"]] = Item(r["evidence"], kind, str(r["text"]), document, r.get("role"))
    for r in read_model("qda/evidence-facts").run(store, {"case": case}):
        if r["evidence"] in items:
            _fact(items[r["evidence"]], str(r["use"]), r.get("concept"), r.get("value"))
    for r in read_model("qda/evidence-sightings").run(store, {"case": case}):
        if r["evidence"] in items:
            item = items[r["evidence"]]
            (item.sightings if str(r["use"]) == "shown" else item.not_seen_in).append((r["sign"], r["stakeholder"]))
    for r in read_model("qda/evidence-stances").run(store, {"case": case}):
        if r["evidence"] in items:
            items[r["evidence"]].stances.append(Stance(
                r["holder"], r.get("favours"), r.get("disregards"), r.get("horizon"), r.get("role"),
                r.get("duration"), str(r["over"]) if "over" in r else None, r.get("resolvedBy")))
    actions: dict[URIRef, tuple[URIRef, Action]] = {}
    for r in read_model("qda/evidence-actions").run(store, {"case": case}):
        if r["evidence"] in items:
            known = actions.get(r["action"])
            targets = (known[1].targets if known else frozenset()) | ({r["target"]} if "target" in r else set())
            actions[r["action"]] = (r["evidence"], Action(r["strategy"], r.get("practice"), str(r["effect"]) if
                                                          "effect" in r else None, r.get("status"), r.get("outcome"),
                                                          frozenset(targets)))
    for evidence, action in actions.values():
        items[evidence].actions.append(action)
    for r in read_model("qda/evidence-incentives").run(store, {"case": case}):
        if r["evidence"] in items:
            items[r["evidence"]].incentives.append(Incentive(
                r["appliesTo"], r["rewards"], r["measure"], bool(r.get("exclusive") and r["exclusive"].toPython()),
                str(r["text"]) if "text" in r else None))
    technologies = [r["technology"] for r in read_model("qda/case-technologies").run(store, {"case": case})]
    return ExportCase(case, str(row["label"]), str(row.get("description", row["label"])), variables, technologies,
                      sorted(items.values(), key=_item_order))


def _fact(item: Item, use: str, concept: URIRef | None, value: object) -> None:
    """File one row of ``qda/evidence-facts`` under the item's field of its use."""
    lists = {"illustrates": item.illustrates, "sign": item.signs, "not seen": item.not_seen,
             "follows from": item.follows_from}
    if use in lists:
        lists[use].append(concept)
    elif use == "memo":
        item.memos.append(str(value))
    elif use == "strength":
        item.strength = concept
    elif use == "absence":
        item.absence = True
    elif use == "comes after":
        item.after = concept
    else:  # date, lag, phrase
        setattr(item, use, str(value))


def _item_order(item: Item) -> tuple[int, str]:
    """Submitted items in the order of their file (``quote/<case>-<n>``); others by IRI."""
    tail = str(item.iri).rsplit("-", 1)[-1]
    return (int(tail), "") if tail.isdigit() else (0, str(item.iri))


class _Placer:
    """Places each item's text in a text source: the document itself when given, else one made of the texts."""

    def __init__(self, documents: Mapping[str, str]) -> None:
        self.documents = documents
        self.sources: dict[str, TextSource] = {}

    def place(self, case: ExportCase, item: Item) -> tuple[TextSource, int, int]:
        if item.document in self.documents:  # the document itself, if the item's text is in it
            source = self.sources.get(item.document)
            if source is None:
                source = self.sources[item.document] = TextSource(
                    derived_guid("source", item.document), item.document, self.documents[item.document])
            found = re.search(r"\s+".join(map(re.escape, item.text.split())), source.text)
            if found is not None:
                return source, found.start(), found.end()
        name = f"{item.document} (as lpskg holds it)"
        source = self.sources.get(name)
        if source is None:
            source = self.sources[name] = TextSource(
                derived_guid("source", str(case.iri), item.document), name, "",
                f"The texts of the evidence items of {case.label} that lpskg holds from {item.document!r}, one "
                "paragraph each, in the order of the case; not the original document.")
        if source.text:
            source.text += "\n\n"
        start = len(source.text)
        source.text += item.text
        return source, start, len(source.text)


def build_project(cases: Iterable[ExportCase], codebook: Codebook, name: str, user: str,
                  documents: Mapping[str, str] | None = None,
                  concepts: Mapping[URIRef, Concept] | None = None) -> tuple[Project, list[str]]:
    """The REFI-QDA project of ``cases``, and what it could not code.

    A concept the framework's codebook lacks (one a submitted case introduced; ``concepts`` has its label
    and kinds) gets a code of its own in the group of its use, which a re-import maps by name; so does an
    open value (a date, a lag, a duration seen over)."""
    groups = [dataclasses.replace(group, children=list(group.children)) for group in codebook.groups]
    project = Project(name, user, Codebook(groups), variable_types={
        variable: "Integer" if kind == "integer" else "Text" for variable, (_, kind) in VARIABLES.items()})
    coder = _Coder(codebook, groups, concepts or {})
    placer = _Placer(documents or {})
    for case in cases:
        entry = Case(derived_guid("case", str(case.iri)), case.label, case.description, dict(case.variables),
                     [g for g in (coder.code("illustrates", t, case.label) for t in case.technologies) if g])
        first: dict[URIRef, str] = {}                      # an item's first selection
        links: list[tuple[str, str, URIRef]] = []          # (origin selection, link name, target item)
        for item in case.items:
            source, start, end = placer.place(case, item)
            slots = _item_slots(item, coder, start, end, project)
            guids = []
            for selection in slots:
                source.selections.append(selection)
                guids.append(selection_guid(source, selection, len(source.selections) - 1))
            if source.guid not in entry.sources:
                entry.sources.append(source.guid)
            entry.selections += guids
            first[item.iri] = guids[0]
            links += [(guids[0], "follows from", target) for target in item.follows_from]
            links += [(guids[0], "comes after", item.after)] if item.after is not None else []
            links += [(guids[k], "resolved by", stance.resolved_by) for k, stance in enumerate(item.stances)
                      if stance.resolved_by is not None]
        for origin, link_name, target in links:
            if target in first:
                project.links.append(Link(derived_guid("link", origin, link_name, first[target]), link_name, origin,
                                          first[target]))
            else:
                coder.omitted.append(f"{link_name} <{target}>: not an item of {case.label}")
        project.cases.append(entry)
    project.sources = list(placer.sources.values())
    return project, coder.omitted


class _Coder:
    """The GUID of the code of a concept, a value or an open value in a use, adding the codes the framework's
    codebook lacks (a submitted case's new concepts, open values), and noting what has none."""

    def __init__(self, codebook: Codebook, groups: list[Code], concepts: Mapping[URIRef, Concept]) -> None:
        self.codebook, self.groups, self.concepts = codebook, groups, concepts
        self.added: dict[tuple[str, object], Code] = {}
        self.omitted: list[str] = []

    def code(self, use: str, iri: URIRef | None, what: str) -> str | None:
        if iri is None:
            return None
        found = self.codebook.by_use.get((use, iri)) or self.added.get((use, iri))
        concept = self.concepts.get(iri)
        if found is None and concept is not None:
            found = _extra_code(use, concept, self.groups)
            self.added[(use, iri)] = found
        if found is None:
            self.omitted.append(f"{what}: <{iri}> has no code in the codebook ({use})")
        return found.guid if found else None

    def value(self, key: str, value: str | None) -> str | None:
        """The code of an open value of the group ``key`` (``date: 2025-02``), made once per project."""
        if value is None:
            return None
        group = GROUP_BY_KEY[key]
        if (group.use, value) not in self.added:
            code = self.added[(group.use, value)] = open_code(group, value)
            next(top for top, g in zip(self.groups, GROUPS) if g is group).children.append(code)
        return self.added[(group.use, value)].guid


def _item_slots(item: Item, coder: _Coder, start: int, end: int, project: Project) -> list[Selection]:
    """The selections of one item: the first with the item's own codes, stance k, action k and incentive k on
    selection k, and each group of signs shown by (or not seen in) one stakeholder on a selection of its own."""
    what = f"<{item.iri}>"
    code = (lambda use, iri: coder.code(use, iri, what))
    slots = [Selection(start, end, [], tuple(project.note(memo, str(item.iri)) for memo in item.memos))]

    def slot(k: int) -> Selection:
        while len(slots) <= k:
            slots.append(Selection(start, end, []))
        return slots[k]

    def put(k: int, *guids: str | None, notes: tuple[str, ...] = ()) -> None:
        slot(k).codings.extend(Coding(g, notes) for g in guids if g)

    sighted = {sign for sign, _ in item.sightings}
    plain_signs = [sign for sign in item.signs if sign not in sighted]
    plain_not_seen = [sign for sign in item.not_seen if sign not in {s for s, _ in item.not_seen_in}]
    put(0, *(code("illustrates", iri) for iri in item.illustrates), code("role", item.role),
        *(code("sign", iri) for iri in plain_signs), *(code("not-seen", iri) for iri in plain_not_seen),
        code("strength", item.strength), code("absence", _ABSENCE if item.absence else None),
        coder.value("dates", item.date), coder.value("lags", item.lag), coder.value("phrases", item.phrase))
    for k, stance in enumerate(item.stances):
        put(k, code("stance-of", stance.role or stance.holder), code("favours", stance.favours),
            code("disregards", stance.disregards), code("horizon", stance.horizon),
            code("duration", stance.duration), coder.value("over", stance.over))
    for k, action in enumerate(item.actions):
        effect = (project.note(action.effect, str(item.iri), str(action.strategy)),) if action.effect else ()
        put(k, code("taken", action.strategy), notes=effect)
        put(k, code("through", action.practice), code("status", action.status), code("outcome", action.outcome),
            *(code("against", target) for target in sorted(action.targets)))
    for k, incentive in enumerate(item.incentives):
        words = (project.note(incentive.text, str(item.iri), str(incentive.rewards)),) if incentive.text else ()
        put(k, code("rewards", incentive.rewards), notes=words)
        put(k, code("incentive-for", incentive.applies_to), code("measure", incentive.measure),
            code("exclusive", _EXCLUSIVE if incentive.exclusive else None))
    for use, holder_use, sightings, offset in (("sign", "shown-by", item.sightings, bool(plain_signs)),
                                               ("not-seen", "not-seen-in", item.not_seen_in, bool(plain_not_seen))):
        by_holder: dict[URIRef, list[URIRef]] = {}
        for sign, holder in sightings:
            by_holder.setdefault(holder, []).append(sign)
        for k, (holder, signs) in enumerate(sorted(by_holder.items())):
            put(k + offset, code(holder_use, holder), *(code(use, sign) for sign in signs))
    return slots


def _extra_code(use: str, concept: Concept, groups: list[Code]) -> Code | None:
    """A code for a concept outside the framework's codebook, filed in the group of its use and kind."""
    for top, group in zip(groups, GROUPS):
        kind = next((k for k in group.kinds if k in concept.kinds), None)
        if group.use == use and kind is not None:
            code = Code(code_guid(concept.iri, use), f"{group.prefix}{concept.label}", True,
                        f"A concept a submitted case introduced, not one of the paper's framework: {concept.label}.",
                        use, concept.iri, kind, group.color)
            top.children.append(code)
            return code
    return None
