"""Finding a resource by typing its name: ``/api/search`` for the search box's suggestions, ``/search`` as a page.

Both read :func:`lpskg.knowledge.labels.search_labels`: labels and alternative
labels (OCR slips of names included) of every resource, best first.
"""
from __future__ import annotations

from flask import Blueprint, Response, render_template, request

from ...knowledge.labels import MIN_SEARCH, search_labels
from ..errors import ApiError
from ..links import href
from ..responses import json_response
from ..services import services

blueprint = Blueprint("search", __name__)

#: Longest text searched; names in the graph are far shorter.
MAX_SEARCH = 200


def _text() -> str:
    text = " ".join(request.args.get("q", "").split())
    if len(text) > MAX_SEARCH:
        raise ApiError(400, f"search for at most {MAX_SEARCH} characters, not {len(text)} (parameter q)")
    return text


def _matches(text: str) -> list[dict[str, str | bool]]:
    app = services()
    return [{"iri": m.iri, "label": m.label, "matched": m.matched, "kind": m.kind, "exact": m.exact,
             "href": href(m.iri)} for m in search_labels(app.store, text, app.default_dataset())]


@blueprint.route("/api/search")
def api_search() -> Response:
    """Resources whose label contains ``q`` (at least two characters), best first, as JSON."""
    text = _text()
    if len(text) < MIN_SEARCH:
        raise ApiError(400, f"give at least {MIN_SEARCH} characters to search for (parameter q), "
                            f"got {text!r}")
    return json_response(_matches(text))


@blueprint.route("/search")
def search_page() -> Response:
    """The search results as a page: where the search box goes when Enter is pressed without a choice."""
    text = _text()
    matches = _matches(text) if len(text) >= MIN_SEARCH else []
    return Response(render_template("search.html", text=text, matches=matches, minimum=MIN_SEARCH),
                    mimetype="text/html")
