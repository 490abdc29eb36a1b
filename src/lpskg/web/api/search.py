"""``/api/search``: finding a resource by typing its name, for the search box's suggestions.

It reads :func:`lpskg.knowledge.labels.search_labels`: labels and alternative
labels (OCR slips of names included) of every resource, best first.  The page
``/search`` (:mod:`lpskg.web.site.search`) shows the same matches.
"""
from __future__ import annotations

from flask import Response, request

from ...knowledge.labels import MIN_SEARCH, search_labels
from ..errors import ApiError
from ..links import href
from ..responses import cross_origin, json_response
from ..services import services

#: Longest text searched; names in the graph are far shorter.
MAX_SEARCH = 200


def searched_text() -> str:
    """The text of the request's ``q`` parameter, spaces collapsed; 400 past MAX_SEARCH characters."""
    text = " ".join(request.args.get("q", "").split())
    if len(text) > MAX_SEARCH:
        raise ApiError(400, f"search for at most {MAX_SEARCH} characters, not {len(text)} (parameter q)")
    return text


def matches(text: str) -> list[dict[str, str | bool]]:
    """The resources found for ``text``, best first, each with the link to its page."""
    app = services()
    return [{"iri": m.iri, "label": m.label, "matched": m.matched, "kind": m.kind, "exact": m.exact,
             "href": href(m.iri)} for m in search_labels(app.store, text, app.default_dataset())]


@cross_origin
def search() -> Response:
    """Resources whose label contains ``q`` (at least two characters), best first, as JSON."""
    text = searched_text()
    if len(text) < MIN_SEARCH:
        raise ApiError(400, f"give at least {MIN_SEARCH} characters to search for (parameter q), "
                            f"got {text!r}")
    return json_response(matches(text))
