"""``/cases`` and ``/publications``: every case and every work, with where each comes from, to search and sort.

Each list is a read model of :mod:`lpskg.knowledge.views.lists` shown as a
table: ``q`` keeps the rows whose text contains it, ``sort`` names the column
to sort by (``-`` before it for descending order); both are URL parameters, so
a list as one sees it has a link.  ``format=json`` gives the same rows.
"""
from __future__ import annotations

from flask import Response, render_template, request

from ...knowledge.views.lists import CASES, PUBLICATIONS, Listing, listed
from ..links import href
from ..responses import cross_origin, json_response
from ..services import services


def _page(listing: Listing) -> Response:
    text = request.args.get("q", "").strip()
    sort = request.args.get("sort", listing.sort)
    app = services()
    rows = listed(app.store, app.default_dataset(), listing, text, sort)
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
