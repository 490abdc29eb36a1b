"""``/cases`` and ``/publications``: every case and every work, with where each comes from, to search and sort.

Each list is a read model of :mod:`lpskg.knowledge.views.lists` shown as a
table: ``q`` keeps the rows whose text contains it, ``sort`` names the column
to sort by (``-`` before it for descending order); both are URL parameters, so
a list as one sees it has a link.  ``format=json`` gives the same rows.  ``/cases``
also has a form to check a case file (YAML, JSON, Turtle, JSON-LD or a coded
``.qdpx``) against the graph through ``POST /api/cases?dry_run=true`` (no token),
and to store it with the token (``static/upload.js``).
"""
from __future__ import annotations

from flask import Response, render_template, request, url_for

from ...formats import CASES as CASE_FORMATS
from ...knowledge.views.lists import CASES, PUBLICATIONS, Listing, listed
from ..links import href
from ..responses import cross_origin, json_response
from ..services import services


def _page(listing: Listing, **extra: object) -> Response:
    text = request.args.get("q", "").strip()
    sort = request.args.get("sort", listing.sort)
    app = services()
    rows = listed(app.store, app.default_dataset(), listing, text, sort)
    if request.args.get("format") == "json":
        return json_response(rows)
    return Response(render_template("list.html", listing=listing, rows=rows, text=text, sort=sort, href=href,
                                    **extra), mimetype="text/html")


@cross_origin
def cases() -> Response:
    """Every case, with its provenance; and a form to check a case file (a dry run and its diagnosis, no token
    needed) and store it (with the token, typed into the page and sent with that request only)."""
    upload = {"api": url_for("api.post_case"), "formats": {ext: f.media_type for f in CASE_FORMATS for ext in f.extensions},
              "writes": bool(services().settings.token)}
    return _page(CASES, upload=upload)


@cross_origin
def publications() -> Response:
    """Every work, with its citation and provenance."""
    return _page(PUBLICATIONS)
