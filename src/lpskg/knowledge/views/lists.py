"""The lists of cases and of publications: every one, with where it comes from, to search and sort.

Each list is a read model (``queries/pages/case-list.rq``,
``queries/pages/publication-list.rq``) with its columns: one row per case or
work however many passages state it, the rows that contain a text, sorted by a
column.  ``/cases`` and ``/publications`` show them (:mod:`lpskg.web.site.lists`).
"""
from __future__ import annotations

from dataclasses import dataclass

from ...store import Dataset, Store
from ..bibliography import author_names, works
from ..library import read_model
from . import UnknownChoice


@dataclass(frozen=True)
class Listing:
    """One list page: its read model, title, columns (key, heading) and default order."""

    model: str
    title: str
    intro: str
    columns: tuple[tuple[str, str], ...]
    sort: str
    numeric: frozenset[str] = frozenset()
    references: bool = False   # its rows are works: authors in order and a citation (knowledge.bibliography)


CASES = Listing(
    "pages/case-list", "Cases",
    "The paper's two cases and every case submitted since, with their study and where each comes from: "
    "the paper's document, or the submission (when, by whom, from which file).",
    (("label", "case"), ("organisation", "organisation"), ("approach", "initial approach"),
     ("evidence", "evidence items"), ("concepts", "concepts shown"), ("citation", "study"),
     ("submitted", "submitted"), ("submitter", "by"), ("source", "source")),
    "label", frozenset({"evidence", "concepts"}))

PUBLICATIONS = Listing(
    "pages/publication-list", "Publications",
    "The paper, the works it cites, and the publications submitted with cases or imported (lpskg literature), "
    "with their citation and where each comes from.",
    (("label", "work"), ("year", "year"), ("authors", "authors"), ("citation", "citation"),
     ("citedBy", "cited by"), ("concepts", "concepts supported or challenged"), ("submitted", "submitted"),
     ("submitter", "by"), ("source", "source")),
    "label", frozenset({"year", "citedBy", "concepts"}), references=True)


def listed(store: Store, dataset: Dataset, listing: Listing, text: str, sort: str) -> list[dict[str, str]]:
    """The rows of ``listing`` whose text contains ``text``, sorted by the column ``sort`` names
    (``-`` before it for descending order; empty cells last either way)."""
    rows = [r for r in _rows(store, dataset, listing) if text.casefold() in " ".join(r.values()).casefold()]
    return _sorted(rows, listing, sort)


def _rows(store: Store, dataset: Dataset, listing: Listing) -> list[dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    for r in read_model(listing.model).run(store, dataset=dataset):
        row = {key: str(value) for key, value in r.items()}
        row["iri"] = row.get("case") or row.get("work", "")
        row["source"] = row.get("file") or row.get("documentFile", "")
        rows.setdefault(row["iri"], row)  # one line per resource, however many passages state it
    if listing.references:
        for work in works(store, rows, dataset):
            rows[work.iri] |= {"authors": author_names(work.authors, work.et_al), "citation": work.citation}
    return list(rows.values())


def _sorted(rows: list[dict[str, str]], listing: Listing, sort: str) -> list[dict[str, str]]:
    key = sort.lstrip("-")
    if key not in dict(listing.columns):
        raise UnknownChoice(f"sort={sort!r} names no column; sort by one of "
                            f"{', '.join(k for k, _ in listing.columns)} (with '-' before it for descending)")

    def value(row: dict[str, str]) -> tuple:
        text = row.get(key, "")
        if key in listing.numeric:
            return (text == "", float(text) if text else 0.0)
        return (text == "", text.casefold())
    ordered = sorted(rows, key=value, reverse=sort.startswith("-"))
    if sort.startswith("-"):  # empty cells stay last either way
        ordered = [r for r in ordered if r.get(key)] + [r for r in ordered if not r.get(key)]
    return ordered
