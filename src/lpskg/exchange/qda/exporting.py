"""Cases of the graph as a coded REFI-QDA project: the paper's evidence, or a submitted case's.

Each evidence item becomes a coded selection of a text source whose selected text
is the item's text: the codes of its fields (what it illustrates, the speaker's
role, the drift signs, a stance, an action) on one selection, and each further
stance or action on another selection of the same text, which lpskg reads back as
the same item. Memos and reported effects become notes, in the researcher's words.

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
from ...store import Store
from .codebook import GROUPS, Code, Codebook, code_guid
from .importing import VARIABLES
from .writer import Case, Coding, Project, Selection, TextSource, derived_guid, selection_guid

APPROACH = {"top-down": "initiative", "bottom-up": "initiative", "lean-first": "sequence", "digital-first": "sequence"}


@dataclass
class Item:
    """One evidence item as the export needs it: concepts as IRIs, words as strings."""

    iri: URIRef
    kind: str
    text: str
    document: str
    role: URIRef | None = None
    illustrates: list[URIRef] = field(default_factory=list)
    signs: list[URIRef] = field(default_factory=list)
    stances: list[tuple[URIRef, URIRef | None, URIRef | None, URIRef | None]] = field(default_factory=list)
    actions: list[tuple[URIRef, URIRef | None, str | None]] = field(default_factory=list)
    memos: list[str] = field(default_factory=list)


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
              "study cited as": "citedAs", "lean experience years": "leanYears"}
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
        item = items.get(r["evidence"])
        if item is not None:
            {"illustrates": item.illustrates, "sign": item.signs}.get(str(r["use"]), item.memos).append(
                str(r["memo"]) if str(r["use"]) == "memo" else r["concept"])
    for r in read_model("qda/evidence-stances").run(store, {"case": case}):
        if r["evidence"] in items:
            items[r["evidence"]].stances.append((r["holder"], r.get("favours"), r.get("disregards"), r.get("horizon")))
    for r in read_model("qda/evidence-actions").run(store, {"case": case}):
        if r["evidence"] in items:
            effect = str(r["effect"]) if "effect" in r else None
            items[r["evidence"]].actions.append((r["strategy"], r.get("practice"), effect))
    technologies = [r["technology"] for r in read_model("qda/case-technologies").run(store, {"case": case})]
    return ExportCase(case, str(row["label"]), str(row.get("description", row["label"])), variables, technologies,
                      sorted(items.values(), key=_item_order))


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
    and kinds) gets a code of its own in the group of its use, which a re-import maps by name."""
    groups = [dataclasses.replace(group, children=list(group.children)) for group in codebook.groups]
    project = Project(name, user, Codebook(groups), variable_types={
        variable: "Integer" if kind == "integer" else "Text" for variable, (_, kind) in VARIABLES.items()})
    placer = _Placer(documents or {})
    omitted: list[str] = []
    added: dict[tuple[str, URIRef], Code] = {}

    def code(use: str, iri: URIRef | None, what: str) -> str | None:
        if iri is None:
            return None
        found = codebook.by_use.get((use, iri)) or added.get((use, iri))
        concept = (concepts or {}).get(iri)
        if found is None and concept is not None:
            found = _extra_code(use, concept, groups)
            added[(use, iri)] = found
        if found is None:
            omitted.append(f"{what}: <{iri}> has no code in the codebook ({use})")
        return found.guid if found else None

    for case in cases:
        entry = Case(derived_guid("case", str(case.iri)), case.label, case.description, dict(case.variables),
                     [g for g in (code("illustrates", t, case.label) for t in case.technologies) if g])
        for item in case.items:
            source, start, end = placer.place(case, item)
            what = f"<{item.iri}>"
            plain = [code("illustrates", iri, what) for iri in item.illustrates]
            plain += [code("role", item.role, what)] + [code("sign", iri, what) for iri in item.signs]
            notes = tuple(project.note(memo, str(item.iri)) for memo in item.memos)
            first = Selection(start, end, [Coding(g) for g in plain if g], notes)
            extra: list[Selection] = []
            for k, (holder, favours, disregards, horizon) in enumerate(item.stances):
                codes = [code("stance-of", holder, what), code("favours", favours, what),
                         code("disregards", disregards, what), code("horizon", horizon, what)]
                target = first if k == 0 else Selection(start, end, [])
                target.codings += [Coding(g) for g in codes if g]
                if k:
                    extra.append(target)
            for k, (strategy, practice, effect) in enumerate(item.actions):
                target = first if k == 0 else Selection(start, end, [])
                if k:
                    extra.append(target)
                taken = code("taken", strategy, what)
                if taken:
                    note = (project.note(effect, str(item.iri), str(strategy)),) if effect else ()
                    target.codings.append(Coding(taken, note))
                through = code("through", practice, what)
                if through:
                    target.codings.append(Coding(through))
            for selection in (first, *extra):
                source.selections.append(selection)
                if source.guid not in entry.sources:
                    entry.sources.append(source.guid)
                entry.selections.append(selection_guid(source, selection, len(source.selections) - 1))
        project.cases.append(entry)
    project.sources = list(placer.sources.values())
    return project, omitted



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
