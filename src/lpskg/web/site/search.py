"""``/search``: the matches of the search box as a page, where Enter goes without a suggestion chosen.

The matches are those of ``/api/search`` (:mod:`lpskg.web.api.search`), shown for
people; a text shorter than the search takes is an empty list, not an error.
"""
from __future__ import annotations

from flask import Response, render_template

from ...knowledge.labels import MIN_SEARCH
from ..api.search import matches, searched_text


def search() -> Response:
    """The search results as a page."""
    text = searched_text()
    found = matches(text) if len(text) >= MIN_SEARCH else []
    return Response(render_template("search.html", text=text, matches=found, minimum=MIN_SEARCH),
                    mimetype="text/html")
