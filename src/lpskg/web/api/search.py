"""``/api/search``: finding a resource by typing its name, for the search box's suggestions.

It reads :class:`lpskg.knowledge.labels.LabelIndex`: labels and alternative
labels (OCR slips of names included) of every resource, a typo in a word
tolerated ("myopa"), the things of the domain before the ontology's terms and
the records behind them.  ``limit`` says how many (20 unless asked, at most
100); when there are more, ``X-LPSKG-Truncated: true`` and ``X-LPSKG-Total``
say so.  ``kind`` keeps the resources of one class (the query page's
parameters).  The page ``/search`` (:mod:`lpskg.web.site.search`) shows the
same matches.
"""
from __future__ import annotations

from flask import Response, request

from ...knowledge.labels import MAX_SEARCH_LIMIT, MIN_SEARCH, SEARCH_LIMIT, Found, label_index
from ...knowledge.library import NamedQueryError
from ...knowledge.library.parameters import expand_iri
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


def searched_limit() -> int:
    """The request's ``limit``: how many matches to list (SEARCH_LIMIT unless given); 400 outside 1..MAX."""
    given = request.args.get("limit", "").strip()
    if not given:
        return SEARCH_LIMIT
    if not given.isdigit() or not 1 <= int(given) <= MAX_SEARCH_LIMIT:
        raise ApiError(400, f"limit must be a whole number from 1 to {MAX_SEARCH_LIMIT}, not {given!r}")
    return int(given)


def found(text: str, limit: int, kind: str | None = None) -> Found:
    """The resources found for ``text``, best first, at most ``limit``."""
    app = services()
    return label_index(app.graphs, app.default_dataset()).search(text, limit, kind)


def as_json(matches: Found) -> list[dict[str, object]]:
    """Each match with the link to its page and how it matched (exact, prefix, contains, fuzzy)."""
    return [{"iri": m.iri, "label": m.label, "matched": m.matched, "kind": m.kind, "exact": m.exact,
             "match": m.how, "score": round(m.score, 1), "href": href(m.iri)} for m in matches.matches]


@cross_origin
def search() -> Response:
    """Resources whose name contains ``q`` (at least two characters) or is near it, best first, as JSON."""
    text = searched_text()
    if len(text) < MIN_SEARCH:
        raise ApiError(400, f"give at least {MIN_SEARCH} characters to search for (parameter q), "
                            f"got {text!r}")
    kind = request.args.get("kind") or None
    if kind is not None:
        try:
            kind = expand_iri(kind, "kind")
        except NamedQueryError as error:
            raise ApiError(400, str(error)) from None
    matches = found(text, searched_limit(), kind)
    headers = {"X-LPSKG-Total": str(matches.total)} | ({"X-LPSKG-Truncated": "true"} if matches.truncated else {})
    return json_response(as_json(matches), headers=headers)
