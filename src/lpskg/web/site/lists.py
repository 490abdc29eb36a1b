"""``/cases`` and ``/publications``: every case and every work, with where each comes from, to search and sort.

Each list is a read model (``queries/pages/case-list.rq``,
``queries/pages/publication-list.rq``) shown as a table: ``q`` keeps the rows
whose text contains it, ``sort`` names the column to sort by (``-`` before it
for descending order); both are URL parameters, so a list as one sees it has a
link.  ``format=json`` gives the same rows.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import Response, render_template, request

from ...knowledge.library import read_model
from ..errors import ApiError
from ..links import href
from ..responses import cross_origin, json_response
from ..services import services


@dataclass(frozen=True)
class Listing:
    """One list page: its read model, title, columns (key, heading) and default order."""

    model: str
    title: str
    intro: str
    columns: tuple[tuple[str, str], ...]
    sort: str
    numeric: frozenset[str] = frozenset()


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
    "label", frozenset({"year", "citedBy", "concepts"}))


def _rows(listing: Listing) -> list[dict[str, str]]:
    app = services()
    rows: dict[str, dict[str, str]] = {}
    for r in read_model(listing.model).run(app.store, dataset=app.default_dataset()):
        row = {key: str(value) for key, value in r.items()}
        row["iri"] = row.get("case") or row.get("work", "")
        row["source"] = row.get("file") or row.get("documentFile", "")
        rows.setdefault(row["iri"], row)  # one line per resource, however many passages state it
    return list(rows.values())


def _sorted(rows: list[dict[str, str]], listing: Listing, sort: str) -> list[dict[str, str]]:
    key = sort.lstrip("-")
    if key not in dict(listing.columns):
        raise ApiError(400, f"sort={sort!r} names no column; sort by one of "
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


def _page(listing: Listing) -> Response:
    text = request.args.get("q", "").strip()
    sort = request.args.get("sort", listing.sort)
    rows = [r for r in _rows(listing) if text.casefold() in " ".join(r.values()).casefold()]
    rows = _sorted(rows, listing, sort)
    if request.args.get("format") == "json":
        return json_response(rows)
    return Response(render_template("list.html", listing=listing, rows=rows, text=text, sort=sort, href=href),
                    mimetype="text/html")


@cross_origin
def cases() -> Response:
    """Every case, with its provenance."""
    return _page(CASES)


@cross_origin
def publications() -> Response:
    """Every work, with its citation and provenance."""
    return _page(PUBLICATIONS)
