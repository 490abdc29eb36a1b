"""A coded REFI-QDA project made into case files, which then take the path every case file takes.

Each REFI-QDA case of the project becomes a case: its name the label, its
description the description, its variables (:data:`VARIABLES`) the organisation
and the study, the codes applied to it the technologies it uses. Its coded text
selections (those it refers to, or all of them in a project of one case) become
its evidence: the selections of one stretch of text are one item, whose text and
excerpt are exactly that stretch of its source and whose locator is the source
and the character offsets; a note on a selection is the researcher's memo, a note
on an "Actions taken" coding the action's effect, a note on a "rewards:" coding the
incentive in the researcher's words. Each coding fills the field its code's use
names (:data:`.codebook.GROUPS`); a selection states one stance, one incentive,
one set of signs with who shows them, so a second is coded on the same text again.
REFI-QDA links between two coded selections (:data:`LINKS`) are the references
between items: ``follows from``, ``comes after`` and ``resolved by`` (from the
selection whose stances it resolves).

The result is the data of a case file, with the line in ``project.qde`` of every
field, read by :func:`~lpskg.contributions.parsing.case_from_document` like a YAML
file: the same schema, then the same linking, SHACL validation and write path.
A code of our codebook maps by its GUID; any other code by its name, with the
same exact and fuzzy rules and messages as a case file's labels (:mod:`.code_uses`).
What cannot be mapped is listed with its place; it is left out only when the
submitter accepts it.
"""
from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from ...contributions.errors import FieldError, SubmissionError
from ...contributions.linking import ConceptIndex
from ...contributions.parsing import CaseFile, CaseSubmission, case_from_document, slugify
from ...contributions.reading import Document, Path_, SourceFile, field_name
from .code_uses import OPEN_KINDS, CodeUse, code_uses, counted
from .codebook import GROUP_BY_KEY, GROUPS, Codebook
from .reader import QdaCase, QdaLink, QdaProject, QdaSelection, QdaSource, read_project

#: The case file's fields a REFI-QDA case's variables fill, by the variable's name (case does not matter).
VARIABLES: dict[str, tuple[Path_, str]] = {
    "case id": (("id",), "text"),
    "organisation": (("organisation", "name"), "text"),
    "organisation description": (("organisation", "description"), "text"),
    "study citation": (("study", "citation"), "text"),
    "study title": (("study", "title"), "text"),
    "study authors": (("study", "authors"), "list"),
    "study year": (("study", "year"), "integer"),
    "study DOI": (("study", "doi"), "text"),
    "study cited as": (("study", "cited_as"), "text"),
    "initiative": (("approach", "initiative"), "text"),
    "sequence": (("approach", "sequence"), "text"),
    "lean experience years": (("lean_experience_years",), "integer"),
    "fieldwork from": (("fieldwork", "from"), "text"),
    "fieldwork to": (("fieldwork", "to"), "text"),
}
#: The variable of a text source that gives the speaker's role for all its coded passages.
SPEAKER_ROLE = "speaker role"
#: The uses a coded selection (``selection``), or all the selections of one item (``item``), may carry once only.
ONCE = {group.use: group for group in GROUPS if group.once}
#: The REFI-QDA links read as references between items, by their name (case does not matter), one way: from
#: the selection of the item that follows, comes later, or whose stances were resolved, to the other item's.
LINKS = {"follows from": "follows_from", "comes after": "after", "resolved by": "resolved_by"}
LINK_ORIGINS = {"follows from": "follows", "comes after": "comes later", "resolved by": "has the resolved stances"}


def read_qdpx(source: SourceFile, codebook: Codebook, index: ConceptIndex, accept_unmapped: bool) -> CaseFile:
    """The cases of a coded project; what cannot be mapped is an error unless ``accept_unmapped``."""
    project = read_project(source)
    uses, unmapped_codes = code_uses(project, codebook, index)
    if not project.cases:
        raise SubmissionError("rejected", f"{source.name}: the project has no case. Create one case per "
                                          "organisation studied in your tool, give it the variables "
                                          + ", ".join(repr(v) for v in VARIABLES) + " and add its sources to it")
    translation = _Translation(project, uses)
    selections = _selections_per_case(project, translation.unmapped)
    translation.read_links(selections)
    documents = [translation.case(case, selections[case.guid]) for case in project.cases]
    unmapped = list(project.unusable) + [counted(project, error, guid) for guid, error in unmapped_codes.items()]
    unmapped += translation.unmapped
    if translation.problems:
        raise SubmissionError("rejected", f"{source.name}: {len(translation.problems)} coding(s) cannot be read as "
                                          "evidence", translation.problems)
    if unmapped and not accept_unmapped:
        raise SubmissionError("rejected", f"{source.name}: {len(unmapped)} part(s) of the project cannot be mapped to "
                                          "the framework, so nothing was stored; see them with --dry-run, and "
                                          "pass --skip-unmapped (?skip_unmapped=true) to store the cases without "
                                          "them", unmapped)
    cases: list[CaseSubmission] = []
    places: dict[str, dict[str, str]] = {}
    for document, memos, case_places in documents:
        try:
            case = case_from_document(document, source.name)
        except SubmissionError as error:
            raise error.placed(case_places) from None
        places[case.id] = case_places
        cases.append(dataclasses.replace(case, evidence=tuple(
            dataclasses.replace(item, memos=memos.get(item.path, ())) for item in case.evidence)))
    ids = [case.id for case in cases]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise SubmissionError("rejected", f"{source.name}: two cases of the project have the id "
                                          f"{', '.join(map(repr, twice))}: give each its own 'case id'")
    coders = sorted({project.users[u] for u in translation.users if project.users.get(u)})
    return CaseFile(tuple(cases), tuple(unmapped), _names(coders), places)


def _names(names: list[str]) -> str | None:
    if not names:
        return None
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


# --------------------------------------------------------------------------- cases and their selections

def _selections_per_case(project: QdaProject,
                         unmapped: list[FieldError]) -> dict[str, list[tuple[QdaSource, QdaSelection]]]:
    """Each case's coded selections: those it names; a selection no case names belongs to the cases that name its
    source (to the one case of a one-case project)."""
    per_case: dict[str, list[tuple[QdaSource, QdaSelection]]] = {case.guid: [] for case in project.cases}
    for source in project.sources:
        for selection in source.selections:
            if not selection.codings:
                continue
            owners = ([case.guid for case in project.cases if selection.guid in case.selections]
                      or [case.guid for case in project.cases if len(project.cases) == 1 or source.guid in case.sources])
            for owner in owners:
                per_case[owner].append((source, selection))
            if not owners:
                unmapped.append(FieldError(f"PlainTextSelection {selection.name or selection.guid!r} of "
                                           f"{source.name!r}", "belongs to no case of the project: add its source "
                                                               "to a case: left out", selection.line))
    return per_case


class _Translation:
    """Builds the case file data of each case, recording lines, places, problems and the coders."""

    def __init__(self, project: QdaProject, uses: dict[str, CodeUse]) -> None:
        self.project, self.uses = project, uses
        self.problems: list[FieldError] = []
        self.unmapped: list[FieldError] = []
        self.users: set[str] = set()
        self.links: dict[str, list[QdaLink]] = defaultdict(list)  # by the GUID of the selection they start at

    def read_links(self, selections: dict[str, list[tuple[QdaSource, QdaSelection]]]) -> None:
        """Keep the links between two coded selections of a case that name a reference between items
        (:data:`LINKS`); any other link is not mapped, and one of those names that cannot be read is a problem."""
        coded = {selection.guid for pairs in selections.values() for _, selection in pairs}
        for link in self.project.links:
            name = link.name.casefold()
            if name not in LINKS:
                self.unmapped.append(FieldError(link.place, "a link lpskg does not read (it reads links named "
                                                + ", ".join(map(repr, LINKS)) + " between coded text "
                                                "selections): left out", link.line))
            elif link.direction != "OneWay":
                self.problems.append(FieldError(link.place, f"its direction is {link.direction}: a link {name!r} "
                                                            "points one way (OneWay), from the passage that "
                                                            f"{LINK_ORIGINS[name]} to the other", link.line))
            elif link.origin not in coded or link.target not in coded:
                end = "origin" if link.origin not in coded else "target"
                self.problems.append(FieldError(link.place, f"its {end} is not a coded text selection of a case: "
                                                            "a link between items joins two coded passages",
                                                link.line))
            else:
                self.links[link.origin].append(link)

    def case(self, case: QdaCase, selections: list[tuple[QdaSource, QdaSelection]]
             ) -> tuple[Document, dict[Path_, tuple[str, ...]], dict[str, str]]:
        """The case file data of one case, the memos of its items, and the places of its fields."""
        document = Document({"id": slugify(case.name, 64)}, {(): case.line, ("id",): case.line})
        data = document.data
        scope = f"Case {case.name!r}"
        places = {"": scope}
        for key, value in (("label", case.name), ("description", case.description)):
            if value:
                data[key] = value
                document.lines[(key,)] = case.line
        for name, (path, kind) in VARIABLES.items():
            if name.casefold() in case.variables:
                value, line = case.variables[name.casefold()]
                _put(data, path, _typed(value, kind))
                document.lines[path] = line
        for code, line in case.codes:
            use = self.uses.get(code)
            if use is None:
                continue
            if use.kind != "technology":
                what = f"a {use.kind}" if use.kind in OPEN_KINDS else "the value of a field of an evidence item"
                self.problems.append(FieldError(scope, f"it is coded with {use.label!r}, {what}: a case is "
                                                       "coded with the technologies it uses only", line))
                continue
            data.setdefault("technologies", []).append(use.ref())
            document.lines[("technologies", len(data["technologies"]) - 1)] = line
        memos: dict[Path_, tuple[str, ...]] = {}
        evidence = []
        stretches = _stretches(selections)
        items = {selection.guid: number for number, (_, stretch) in enumerate(stretches) for selection in stretch}
        for number, (source, stretch) in enumerate(stretches):
            path = ("evidence", number)
            item, notes = self._item(source, stretch, path, document, items, scope)
            evidence.append(item)
            memos[path] = notes
            places[field_name(path)] = (f"selection {stretch[0].name or stretch[0].guid!r} of {source.name!r} "
                                        f"(characters {stretch[0].start}-{stretch[0].end})")
        if evidence:
            data["evidence"] = evidence
        return document, memos, places

    def _item(self, source: QdaSource, stretch: list[QdaSelection], path: Path_, document: Document,
              items: dict[str, int], scope: str) -> tuple[dict[str, Any], tuple[str, ...]]:
        first = stretch[0]
        text = first.text
        item: dict[str, Any] = {"text": text, "passage": {
            "locator": f"characters {first.start}-{first.end}", "document": source.name,
            "excerpt": text}}
        document.lines[path] = first.line
        fields: dict[str, list[tuple[Any, int]]] = defaultdict(list)
        memos: list[str] = []
        for selection in stretch:
            self.users.update(u for u in (selection.user, *(c.user for c in selection.codings)) if u)
            memos += self._notes(selection.notes)
            self._selection(selection, fields, memos, items, scope)
        role = fields.get("role", [])
        if len({r["label"] for r, _ in role}) > 1:
            self.problems.append(FieldError(field_name(path), "coded with two speaker roles: a passage has one "
                                                              "speaker", role[1][1]))
        if not role and SPEAKER_ROLE in source.variables:
            value, line = source.variables[SPEAKER_ROLE]
            role = [({"label": str(value), "kind": "role"}, line)]
        if role:
            item["role"] = role[0][0]
            document.lines[path + ("role",)] = role[0][1]
        item["kind"] = "quote" if role else "observation"
        for key in ("illustrates", "stances", "signs", "signs_not_seen", "incentives", "actions", "follows_from"):
            unique = list({repr(value): (value, line) for value, line in fields.get(key, [])}.values())
            if unique:
                item[key] = [value for value, _ in unique]
                for j, (_, line) in enumerate(unique):
                    document.lines[path + (key, j)] = line
        for use, field_path in ITEM_FIELDS.items():
            values = list({repr(v): (v, line) for v, line in fields.get(use, [])}.values())
            if len(values) > 1:
                what = ONCE[use].name if use in ONCE else "'comes after' links"
                self.problems.append(FieldError(field_name(path), f"coded with {len(values)} different values of "
                                                                  f"{what!r}: an item has one", values[1][1]))
            if values:
                _put(item, field_path, values[0][0])
                document.lines[path + field_path] = values[0][1]
        return item, tuple(memos)

    def _selection(self, selection: QdaSelection, fields: dict[str, list[tuple[Any, int]]], memos: list[str],
                   items: dict[str, int], scope: str) -> None:
        """File the codings of one selection under the item's fields: one stance, one incentive, one practice,
        one stakeholder for its signs per selection; its links under the references between items."""
        by_use: dict[str, list[tuple[CodeUse, int, tuple[str, ...]]]] = defaultdict(list)
        for coding in selection.codings:
            if coding.code in self.uses:
                use = self.uses[coding.code]
                by_use[use.use].append((use, coding.line, coding.notes))
                if use.use not in NOTED_USES:
                    memos += self._notes(coding.notes)
        place = f"PlainTextSelection {selection.name or selection.guid!r}"

        def problem(message: str, line: int | None = None) -> None:
            self.problems.append(FieldError(place, message, line or selection.line))

        for use, group in ONCE.items():
            if group.once == "selection" and len({u.label for u, _, _ in by_use.get(use, ())}) > 1:
                problem(f"coded with {len(by_use[use])} {group.name!r} codes: a selection states one stance, one "
                        "incentive, one practice; code the same text again for another", by_use[use][1][1])
        one = {use: by_use[use][0] for use in by_use if use in ONCE and by_use[use]}
        label = (lambda use: one[use][0].label)
        links = self._links(selection, items, problem)
        for use in ITEM_FIELDS:
            fields[use] += [(u.label if u.kind != "flag" else True, line) for u, line, _ in by_use.get(use, ())]
        fields["illustrates"] += [(u.ref(), line) for u, line, _ in by_use.get("illustrates", ())]
        fields["role"] += [(u.ref(), line) for u, line, _ in by_use.get("role", ())]
        fields["follows_from"] += links.get("follows_from", [])
        fields["after"] += links.get("after", [])
        for key, use, holder_use in (("signs", "sign", "shown-by"), ("signs_not_seen", "not-seen", "not-seen-in")):
            signs = by_use.get(use, [])
            if holder_use in one and not signs:
                problem(f"a {ONCE[holder_use].name!r} code names who shows the signs of its passage: code the "
                        f"signs too ({GROUP_BY_KEY[use if use != 'sign' else 'signs'].name!r})", one[holder_use][1])
            fields[key] += [({"sign": u.label, "stakeholder": label(holder_use)} if holder_use in one else u.label,
                             line) for u, line, _ in signs]
        holders = by_use.get("stance-of", [])
        stance_fields = {"favours": "favours", "disregards": "disregards", "horizon": "horizon",
                         "duration": "duration", "over": "over"}
        resolved = links.get("resolved_by", [])
        if "favours" in one or "disregards" in one:
            if not holders:
                problem("a stance needs its stakeholder: code the selection with a 'stance of:' code too")
            for holder, line, _ in holders:
                stance: dict[str, Any] = {"stakeholder": holder.label}
                stance.update({key: label(use) for use, key in stance_fields.items() if use in one})
                if resolved:
                    stance["resolved_by"] = resolved[0][0]
                fields["stances"].append((stance, line))
        elif holders or any(use in one for use in ("horizon", "duration", "over")) or resolved:
            problem("'stance of:', time horizon, duration, 'over:' codes and 'resolved by' links describe a stance: "
                    "code the pole favoured ('favours:') or neglected ('disregards:') too",
                    resolved[0][1] if resolved else None)
        if len({target for target, _ in resolved}) > 1:
            problem("two 'resolved by' links start at this selection: a stance is resolved by one item",
                    resolved[1][1])
        self._actions(by_use, one, fields, problem)
        self._incentive(by_use, one, fields, problem)

    def _actions(self, by_use: dict, one: dict, fields: dict, problem) -> None:
        """The actions taken of one selection, each with its practice, status, outcome, targets and effect."""
        taken = by_use.get("taken", [])
        for action, line, notes in taken:
            entry: dict[str, Any] = {"action": action.label}
            for use, key in (("through", "practice"), ("status", "status"), ("outcome", "outcome")):
                if use in one:
                    entry[key] = one[use][0].label
            effect = "\n\n".join(self._notes(notes))
            if effect:
                entry["effect"] = effect
            targets = list(dict.fromkeys(u.label for u, _, _ in by_use.get("against", ())))
            if targets:
                entry["targets"] = targets
            fields["actions"].append((entry, line))
        described = [use for use in ("through", "status", "outcome") if use in one] + (
            ["against"] if by_use.get("against") else [])
        if described and not taken:
            problem(f"{', '.join(repr(GROUP_BY_KEY[KEY_OF_USE[use]].name) for use in described)} describe an action: "
                    "code the action taken ('taken:') too",
                    (one[described[0]] if described[0] in one else by_use["against"][0])[1])

    def _incentive(self, by_use: dict, one: dict, fields: dict, problem) -> None:
        """The incentive of one selection: whom it applies to, the pole it rewards, the kind of measure, whether
        it is the only one, and the fact in the researcher's words (a note on the 'rewards:' coding)."""
        present = [use for use in INCENTIVE_USES if use in one]
        if not present:
            return
        missing = [use for use in INCENTIVE_USES[:3] if use not in one]
        if missing:
            problem("an incentive needs " + ", ".join(repr(GROUP_BY_KEY[KEY_OF_USE[use]].name) for use in missing)
                    + " too", one[present[0]][1])
            return
        incentive: dict[str, Any] = {"applies_to": one["incentive-for"][0].label, "rewards": one["rewards"][0].label,
                                     "measure": one["measure"][0].label}
        if "exclusive" in one:
            incentive["exclusive"] = True
        text = "\n\n".join(self._notes(one["rewards"][2]))
        if text:
            incentive["text"] = text
        fields["incentives"].append((incentive, one["rewards"][1]))

    def _links(self, selection: QdaSelection, items: dict[str, int], problem) -> dict[str, list[tuple[int, int]]]:
        """The items the links from this selection point to, by the field they fill: (item number, line)."""
        found: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for link in self.links.get(selection.guid, []):
            if link.target not in items:
                problem(f"its link {link.name!r} (line {link.line}) points to a selection of another case: a link "
                        "between items joins two passages of one case", link.line)
                continue
            found[LINKS[link.name.casefold()]].append((items[link.target], link.line))
        return found

    def _notes(self, guids: Iterable[str]) -> list[str]:
        return [text for text in (self.project.notes.get(g, "").strip() for g in guids) if text]


#: The fields of an item (not of one of its stances, actions or incentives) that codes or links fill, and their path.
ITEM_FIELDS: dict[str, Path_] = {"strength": ("strength",), "absence": ("absence",), "date": ("when", "date"),
                                 "lag": ("when", "lag"), "phrase": ("when", "phrase"), "after": ("when", "after")}
#: The codes of an incentive: the first three are required.
INCENTIVE_USES = ("incentive-for", "rewards", "measure", "exclusive")
#: The uses whose coding's note is part of a field (an action's effect, an incentive's text), not a memo.
NOTED_USES = frozenset({"taken", "rewards"})
KEY_OF_USE = {group.use: group.key for group in GROUPS}


def _stretches(selections: list[tuple[QdaSource, QdaSelection]]) -> list[tuple[QdaSource, list[QdaSelection]]]:
    """The selections grouped by the stretch of text they select, in the order of the sources and the text."""
    order: dict[int, int] = {}
    for source, _ in selections:
        order.setdefault(id(source), len(order))
    stretches: dict[tuple[int, int, int], tuple[QdaSource, list[QdaSelection]]] = {}
    for source, selection in sorted(selections, key=lambda p: (order[id(p[0])], p[1].start, p[1].end, p[1].line)):
        key = (order[id(source)], selection.start, selection.end)
        stretches.setdefault(key, (source, []))[1].append(selection)
    return list(stretches.values())


def _put(data: dict[str, Any], path: Path_, value: Any) -> None:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = value


def _typed(value: object, kind: str) -> Any:
    """A variable's value as the case file has it: a list of authors split at ';', a whole number if it is one."""
    text = str(value).strip()
    if kind == "list":
        return [part.strip() for part in text.split(";") if part.strip()]
    if kind == "integer":
        try:
            return int(text)
        except ValueError:
            return text  # the schema names the field and line
    return text
