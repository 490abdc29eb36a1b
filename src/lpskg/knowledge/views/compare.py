"""Cases side by side: one column per case, rows grouped (tensions, archetypes, ...), with the evidence of each cell.

The table is the answer of the named queries ``queries/compare-*.rq``, which
share their columns (group, section, row, case, shown, evidence ...): each row
group comes from one of them, so a new ``compare-NAME.rq`` adds a group to the
comparison, its exports and ``/api/queries`` without a change here.  The
comparison keeps the cases and groups asked for, the rows whose label has a
text, and with ``only`` the rows some case shows or on which the cases differ;
it is exported as JSON or CSV (``/compare?format=``, :mod:`lpskg.web.site.compare`).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from ...namespaces import RESOURCE
from ...store import Dataset, Store
from ..library import list_named_queries
from . import UnknownChoice

#: The named queries that make the row groups of the comparison.
GROUP_QUERIES = "compare-"


@dataclass
class Evidence:
    """What shows a cell: a quote or observation of the case, or the passage that speaks of both."""

    iri: str | None
    kind: str
    text: str
    passage: str | None
    locator: str

    @property
    def verbatim(self) -> bool:
        """A respondent's quote and a passage's excerpt are the source's words; an observation is not."""
        return self.kind != "reported observation"


@dataclass
class Cell:
    shown: bool = False
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Row:
    iri: str
    label: str
    section: str
    cells: dict[str, Cell] = field(default_factory=dict)


@dataclass
class Group:
    name: str
    order: float
    rows: dict[str, Row] = field(default_factory=dict)


@dataclass
class Comparison:
    """Cases (IRI -> label) as columns, groups of rows; ``available`` lists every case and group there is."""

    cases: dict[str, str]
    groups: list[Group]
    all_cases: dict[str, str]
    all_groups: list[str]
    text: str = ""
    only: str = ""


def _value(row: dict, name: str) -> str:
    return str(row[name]) if name in row else ""


def comparison_rows(store: Store, dataset: Dataset) -> list[dict]:
    """The rows of every row-group query, over ``dataset``."""
    rows: list[dict] = []
    for query in list_named_queries():
        if query.name.startswith(GROUP_QUERIES):
            rows.extend(query.run(store, dataset=dataset))
    return rows


#: What ``only=`` keeps: rows some chosen case shows, or rows on which the chosen cases differ.
ONLY = {"shown": lambda shown: any(shown), "differ": lambda shown: any(shown) and not all(shown)}


def build(rows: list[dict], cases: list[str], groups: list[str], text: str, only: str = "") -> Comparison:
    """The comparison of ``cases`` (all when empty) in ``groups`` (all when empty), rows containing ``text``,
    and with ``only`` (a key of ONLY) the rows it keeps."""
    all_cases: dict[str, str] = {}
    found: dict[str, Group] = {}
    for r in rows:
        case, group_name = str(r["case"]), _value(r, "group")
        all_cases[case] = _value(r, "caseLabel")
        group = found.setdefault(group_name, Group(group_name, float(r["groupOrder"].toPython())))
        row = group.rows.setdefault(str(r["row"]), Row(str(r["row"]), _value(r, "rowLabel"), _value(r, "section")))
        cell = row.cells.setdefault(case, Cell())
        cell.shown = cell.shown or r["shown"].toPython() is True
        if "evidenceKind" in r:
            item = Evidence(_value(r, "evidence") or None, _value(r, "evidenceKind"), _value(r, "text"),
                            _value(r, "passage") or None, _value(r, "locator"))
            if item not in cell.evidence:
                cell.evidence.append(item)
    ordered = sorted(found.values(), key=lambda g: (g.order, g.name))
    unknown = sorted(set(groups) - set(found))
    if unknown:
        raise UnknownChoice(f"no row group {', '.join(map(repr, unknown))} (parameter groups); "
                            f"the groups are: {', '.join(g.name for g in ordered)}")
    chosen_cases = {c: all_cases[c] for c in cases} if cases else dict(sorted(all_cases.items(), key=lambda i: i[1]))
    needle = text.casefold()
    shown_groups = []
    for group in ordered:
        if groups and group.name not in groups:
            continue
        group.rows = {iri: row for iri, row in group.rows.items() if needle in row.label.casefold()
                      and (not only or ONLY[only]([row.cells.get(c, Cell()).shown for c in chosen_cases]))}
        shown_groups.append(group)
    return Comparison(chosen_cases, shown_groups, dict(sorted(all_cases.items(), key=lambda i: i[1])),
                      [g.name for g in ordered], text, only)


def case_iris(values: list[str], known: set[str]) -> list[str]:
    """Cases named in the URL by IRI or by their slug (``scania`` for .../resource/case/scania)."""
    iris = []
    for value in values:
        iri = value if "://" in value else f"{RESOURCE}case/{value}"
        if iri not in known:
            raise UnknownChoice(f"no case {value!r} (parameter cases); the cases are: "
                                + ", ".join(k.rsplit("/", 1)[-1] for k in sorted(known)))
        iris.append(iri)
    return iris


def as_json(c: Comparison) -> dict:
    """The comparison as JSON: the cases, then each group's rows with one cell per case."""
    return {"cases": [{"iri": iri, "label": label} for iri, label in c.cases.items()],
            "groups": [{"name": g.name, "rows": [
                {"iri": row.iri, "label": row.label, "section": row.section, "cells": {
                    case: {"shown": row.cells.get(case, Cell()).shown,
                           "evidence": [vars(e) for e in row.cells.get(case, Cell()).evidence]}
                    for case in c.cases}} for row in g.rows.values()]} for g in c.groups]}


def as_csv(c: Comparison) -> str:
    """The comparison as CSV: one line per row, per case a column 'shown' and one listing its evidence."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["group", "section", "row", "label"]
                    + [h for label in c.cases.values() for h in (label, f"{label}: evidence")])
    for group in c.groups:
        for row in group.rows.values():
            cells = [row.cells.get(case, Cell()) for case in c.cases]
            writer.writerow([group.name, row.section, row.iri, row.label]
                            + [v for cell in cells for v in ("yes" if cell.shown else "no",
                                                            " ".join(e.iri or e.passage or "" for e in cell.evidence))])
    return out.getvalue()
