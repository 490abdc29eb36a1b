"""A coded REFI-QDA project made into case files, which then take the path every case file takes.

Each REFI-QDA case of the project becomes a case: its name the label, its
description the description, its variables (:data:`VARIABLES`) the organisation
and the study, the codes applied to it the technologies it uses. Its coded text
selections (those it refers to, or all of them in a project of one case) become
its evidence: the selections of one stretch of text are one item, whose text and
excerpt are exactly that stretch of its source and whose locator is the source
and the character offsets; a note on a selection is the researcher's memo, a note
on an "Actions taken" coding the action's effect, both in the researcher's words.
Each coding fills the field its code's use names (:data:`.codebook.GROUPS`).

The result is the data of a case file, with the line in ``project.qde`` of every
field, read by :func:`~lpskg.contributions.parsing.case_from_document` like a YAML
file: the same schema, then the same linking, SHACL validation and write path.
A code of our codebook maps by its GUID; any other code by its name, with the
same exact and fuzzy rules and messages as a case file's labels. What cannot be
mapped is listed with its place; it is left out only when the submitter accepts it.
"""
from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ...contributions.errors import FieldError, SubmissionError
from ...contributions.linking import ILLUSTRATABLE, ConceptIndex
from ...contributions.parsing import CaseFile, CaseSubmission, ConceptRef, case_from_document, slugify
from ...contributions.reading import Document, Path_, SourceFile, field_name
from .codebook import GROUPS, Codebook, Group
from .reader import QdaCase, QdaCode, QdaProject, QdaSelection, QdaSource, read_project

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
}
#: The variable of a text source that gives the speaker's role for all its coded passages.
SPEAKER_ROLE = "speaker role"
#: What a code of another codebook, outside our groups and without a prefix, may name; its kind gives its use.
OPEN_KINDS = ILLUSTRATABLE + ("role", "sign", "horizon")
USE_OF_KIND = {"role": "role", "sign": "sign", "horizon": "horizon"}
#: The uses a coded selection may carry once only (one stance, one practice per selection).
SINGLE_USES = {"favours": "favours", "disregards": "disregards", "horizon": "time horizon", "through": "through"}


@dataclass(frozen=True)
class CodeUse:
    """What coding with one code of the project says: the field it fills, and the concept's label and kind."""

    use: str
    label: str
    kind: str

    def ref(self) -> dict[str, str]:
        return {"label": self.label, "kind": self.kind}


def read_qdpx(source: SourceFile, codebook: Codebook, index: ConceptIndex, accept_unmapped: bool) -> CaseFile:
    """The cases of a coded project; what cannot be mapped is an error unless ``accept_unmapped``."""
    project = read_project(source)
    uses, unmapped_codes = _code_uses(project, codebook, index)
    if not project.cases:
        raise SubmissionError("rejected", f"{source.name}: the project has no case. Create one case per "
                                          "organisation studied in your tool, give it the variables "
                                          + ", ".join(repr(v) for v in VARIABLES) + " and add its sources to it")
    translation = _Translation(project, uses)
    selections = _selections_per_case(project, translation.unmapped)
    documents = [translation.case(case, selections[case.guid]) for case in project.cases]
    unmapped = list(project.unusable) + [_counted(project, error, guid) for guid, error in unmapped_codes.items()]
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


# --------------------------------------------------------------------------- codes

def _code_uses(project: QdaProject, codebook: Codebook,
               index: ConceptIndex) -> tuple[dict[str, CodeUse], dict[str, FieldError]]:
    """What each code the project applies says: by GUID for our codes, by name for any other."""
    applied = {coding.code for src in project.sources for sel in src.selections for coding in sel.codings}
    applied |= {code for case in project.cases for code, _ in case.codes}
    uses: dict[str, CodeUse] = {}
    unmapped: dict[str, FieldError] = {}
    for guid in sorted(applied, key=lambda g: project.codes[g].line):
        code = project.codes[guid]
        ours = codebook.find(guid)
        if ours is not None and not ours.codable:
            unmapped[guid] = FieldError(code.place, "a group header of the lpskg codebook, not meant to be applied: "
                                                    "code with the codes inside it", code.line)
        elif ours is not None and ours.iri in index.concepts:
            uses[guid] = CodeUse(ours.use, index.concepts[ours.iri].label, ours.kind)
        else:
            group, label = _group_of(code, codebook)
            allowed = group.kinds if group else OPEN_KINDS
            found = index.resolve(ConceptRef((), label), allowed, code.line)
            if isinstance(found, FieldError):
                unmapped[guid] = FieldError(code.place, found.message, code.line, found.candidates)
            else:
                use = group.use if group else USE_OF_KIND.get(found.kind, "illustrates")
                uses[guid] = CodeUse(use, label, found.kind)
    return uses, unmapped


def _group_of(code: QdaCode, codebook: Codebook) -> tuple[Group | None, str]:
    """The group a code of another codebook is in, by the prefix of its name or the group it is filed under,
    and the label its name gives."""
    name = code.name.strip()
    for group in GROUPS:
        if group.prefix and name.casefold().startswith(group.prefix.casefold()):
            return group, name[len(group.prefix):].strip()
    headers = {top.guid: group for top, group in zip(codebook.groups, GROUPS)}
    for parent in reversed(code.parents):
        group = headers.get(parent.guid) or codebook.group_names.get(parent.name.strip().casefold())
        if group is not None:
            return group, name
    return None, name


def _counted(project: QdaProject, error: FieldError, guid: str) -> FieldError:
    count = sum(1 for src in project.sources for sel in src.selections for c in sel.codings if c.code == guid)
    count += sum(1 for case in project.cases for code, _ in case.codes if code == guid)
    return FieldError(error.field, f"{error.message} ({count} coding(s) left out)", error.line, error.candidates)


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
                self.problems.append(FieldError(scope, f"it is coded with {use.label!r}, a {use.kind}: a case is "
                                                       "coded with the technologies it uses only", line))
                continue
            data.setdefault("technologies", []).append(use.ref())
            document.lines[("technologies", len(data["technologies"]) - 1)] = line
        memos: dict[Path_, tuple[str, ...]] = {}
        evidence = []
        for number, (source, stretch) in enumerate(_stretches(selections)):
            path = ("evidence", number)
            item, notes = self._item(source, stretch, path, document)
            evidence.append(item)
            memos[path] = notes
            places[field_name(path)] = (f"selection {stretch[0].name or stretch[0].guid!r} of {source.name!r} "
                                        f"(characters {stretch[0].start}-{stretch[0].end})")
        if evidence:
            data["evidence"] = evidence
        return document, memos, places

    def _item(self, source: QdaSource, stretch: list[QdaSelection], path: Path_,
              document: Document) -> tuple[dict[str, Any], tuple[str, ...]]:
        first = stretch[0]
        text = first.text
        item: dict[str, Any] = {"text": text, "passage": {
            "locator": f"characters {first.start}-{first.end}", "document": source.name,
            "excerpt": text}}
        document.lines[path] = first.line
        fields: dict[str, list[tuple[dict[str, Any], int]]] = defaultdict(list)
        memos: list[str] = []
        for selection in stretch:
            self.users.update(u for u in (selection.user, *(c.user for c in selection.codings)) if u)
            memos += self._notes(selection.notes)
            self._selection(selection, fields, memos)
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
        for key in ("illustrates", "stances", "signs", "actions"):
            unique = list({repr(value): (value, line) for value, line in fields.get(key, [])}.values())
            if unique:
                item[key] = [value for value, _ in unique]
                for j, (_, line) in enumerate(unique):
                    document.lines[path + (key, j)] = line
        return item, tuple(memos)

    def _selection(self, selection: QdaSelection, fields: dict[str, list[tuple[dict[str, Any], int]]],
                   memos: list[str]) -> None:
        """File the codings of one selection under the item's fields; one stance and one practice per selection."""
        by_use: dict[str, list[tuple[CodeUse, int, tuple[str, ...]]]] = defaultdict(list)
        for coding in selection.codings:
            if coding.code in self.uses:
                by_use[self.uses[coding.code].use].append((self.uses[coding.code], coding.line, coding.notes))
                if self.uses[coding.code].use != "taken":
                    memos += self._notes(coding.notes)
        place = f"PlainTextSelection {selection.name or selection.guid!r}"
        for use, what in SINGLE_USES.items():
            if len(by_use.get(use, ())) > 1:
                self.problems.append(FieldError(place, f"coded with {len(by_use[use])} {what!r} codes: a selection "
                                                       "states one stance and one practice; code the same text "
                                                       "again for another", by_use[use][1][1]))
        fields["illustrates"] += [(u.ref(), line) for u, line, _ in by_use.get("illustrates", ())]
        fields["role"] += [(u.ref(), line) for u, line, _ in by_use.get("role", ())]
        fields["signs"] += [(u.label, line) for u, line, _ in by_use.get("sign", ())]
        one = {use: by_use[use][0] for use in SINGLE_USES if by_use.get(use)}
        holders = by_use.get("stance-of", [])
        if "favours" in one or "disregards" in one:
            if not holders:
                self.problems.append(FieldError(place, "a stance needs its stakeholder: code the selection with a "
                                                       "'stance of:' code too", selection.line))
            for holder, line, _ in holders:
                stance = {"stakeholder": holder.label}
                stance.update({key: one[key][0].label for key in ("favours", "disregards", "horizon") if key in one})
                fields["stances"].append((stance, line))
        elif holders or "horizon" in one:
            self.problems.append(FieldError(place, "'stance of:' and time horizon codes describe a stance: code the "
                                                   "pole favoured ('favours:') or neglected ('disregards:') too",
                                            selection.line))
        taken = by_use.get("taken", [])
        for action, line, notes in taken:
            entry = {"action": action.label}
            if "through" in one:
                entry["practice"] = one["through"][0].label
            effect = "\n\n".join(self._notes(notes))
            if effect:
                entry["effect"] = effect
            fields["actions"].append((entry, line))
        if "through" in one and not taken:
            self.problems.append(FieldError(place, "a 'through:' practice belongs to an action: code the action "
                                                   "taken ('taken:') too", one["through"][1]))

    def _notes(self, guids: Iterable[str]) -> list[str]:
        return [text for text in (self.project.notes.get(g, "").strip() for g in guids) if text]


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
