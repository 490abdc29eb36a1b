"""What goes into an answer: its body (a query answer, a graph, JSON, nothing), its HTTP caching headers,
and the marks a view carries.

HTTP caching of query answers, for consumers: ``ETag``, ``If-None-Match`` and
``Cache-Control``.  An answer is a function of the query's key and the store's
write generation (:mod:`lpskg.store.result_cache`), so its entity tag is made
of both: a client or a proxy that sends it back with ``If-None-Match`` gets
``304 Not Modified`` without the query being run while nothing was written,
and the full answer as soon as anything was.  ``Cache-Control: public,
no-cache`` says what is safe: any cache may store the answer (a read carries
no credentials), but must ask again before reusing it, since the next write
may change it at any moment.  Over a store that others write too there is no
generation and so no tag; the answer still says ``no-cache``.

A mark is an attribute a decorator sets on a view function (the error shape of
the submission API, :func:`lpskg.web.errors.submission`); :func:`marked` reads
it for the view that serves the request, so that what applies to a route is
written where the route is.
"""
from __future__ import annotations

import json

from flask import Response, current_app, request
from rdflib import Graph

from ..formats import GRAPHS, by_media_type
from ..store import Answer

#: Headers a page on another origin may read from a cross-origin answer.
EXPOSED_HEADERS = "X-LPSKG-Result-Count, X-LPSKG-Truncated, X-LPSKG-Elapsed, X-LPSKG-Cache, ETag, Location"

CACHE_CONTROL = "public, no-cache"


def json_response(body: object, status: int = 200, headers: dict[str, str] | None = None,
                  indent: int | None = None) -> Response:
    """``body`` as JSON in UTF-8 (``indent`` for answers people read with curl)."""
    return Response(json.dumps(body, ensure_ascii=False, indent=indent), status, headers or {},
                    mimetype="application/json")


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


def _tags(header: str) -> list[str]:
    """The entity tags of an ``If-None-Match`` header, weak ones as their strong form (RFC 9110 13.1.2)."""
    return [tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()]


def precondition(etag: str | None) -> Response | None:
    """The answer to a request whose ``If-None-Match`` names ``etag``: 304 for GET and HEAD, 412 for
    another method (RFC 9110 13.1.2); None when the request has to be answered in full."""
    header = request.headers.get("If-None-Match")
    if etag is None or header is None:
        return None
    tags = _tags(header)
    if "*" not in tags and etag not in tags:
        return None
    if request.method in ("GET", "HEAD"):
        return with_validators(empty_response(304), etag)
    response = Response(f"the answer has not changed since {etag} (If-None-Match), "
                        f"so this {request.method} is refused (RFC 9110 13.1.2)\n", 412, mimetype="text/plain")
    return with_validators(response, etag)


def with_validators(response: Response, etag: str | None) -> Response:
    """``response`` with its entity tag (when there is one), ``Cache-Control`` and ``Vary: Accept``."""
    if etag is not None:
        response.headers["ETag"] = etag
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers["Vary"] = "Accept"
    return response


def marked(mark: str) -> bool:
    """Whether the view serving this request carries ``mark`` (False before routing, or with no route)."""
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    return bool(getattr(view, mark, False))
