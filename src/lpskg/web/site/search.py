"""``/search``: the matches of the search box as a page, where Enter goes without a suggestion chosen.

The matches are those of ``/api/search`` (:mod:`lpskg.web.api.search`), shown for
people, with how many there are when the list is cut and a link to the rest; a
text shorter than the search takes is an empty list, not an error.
"""
from __future__ import annotations

from flask import Response, render_template

from ...knowledge.labels import MAX_SEARCH_LIMIT, MIN_SEARCH
from ..api.search import as_json, found, searched_limit, searched_text


def search() -> Response:
    """The search results as a page."""
    text, limit = searched_text(), searched_limit()
    matches = found(text, limit) if len(text) >= MIN_SEARCH else None
    return Response(render_template("search.html", text=text, matches=as_json(matches) if matches else [],
                                    total=matches.total if matches else 0, limit=limit, most=MAX_SEARCH_LIMIT,
                                    minimum=MIN_SEARCH), mimetype="text/html")
