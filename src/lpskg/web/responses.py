"""Turning answers into HTTP responses: query answers from the workers, and rdflib graphs."""
from __future__ import annotations

from flask import Response
from rdflib import Graph

from ..formats import GRAPHS, by_media_type
from ..store import Answer

#: Headers a page on another origin may read from a cross-origin answer.
EXPOSED_HEADERS = "X-LPSKG-Result-Count, X-LPSKG-Truncated, X-LPSKG-Elapsed, X-LPSKG-Cache, ETag, Location"


def answer_response(answer: Answer) -> Response:
    """A worker's serialised answer, with its row count and whether the row cap cut it."""
    response = Response(answer.body, mimetype=answer.media_type)
    response.headers["X-LPSKG-Result-Count"] = str(answer.count)
    response.headers["X-LPSKG-Elapsed"] = f"{answer.elapsed:.4f}"
    if answer.truncated:
        response.headers["X-LPSKG-Truncated"] = "true"
    response.headers["Vary"] = "Accept"
    return response


def graph_response(graph: Graph, media_type: str) -> Response:
    """An rdflib graph serialised in ``media_type`` (one of the graph formats)."""
    body = graph.serialize(format=by_media_type(GRAPHS, media_type).rdflib, encoding="utf-8")
    response = Response(body, mimetype=media_type)
    response.headers["Vary"] = "Accept"
    return response


def empty_response(status: int, headers: dict[str, str] | None = None) -> Response:
    """A response without a body, and so without a Content-Type (Flask would claim text/html)."""
    response = Response(status=status, headers=headers)
    del response.headers["Content-Type"]
    return response
