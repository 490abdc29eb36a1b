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

A mark is an attribute a decorator sets on a view function; :func:`marked`
reads it for the view that serves the request, so that what applies to a route
is written on its view rather than in a list of endpoint names kept elsewhere:
:func:`cross_origin` (a page on another origin may call it, CORS) and
:func:`lpskg.web.errors.submission` (the submission API's error shape).
"""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Response, current_app, request
from rdflib import Graph

from ..formats import GRAPHS, by_media_type
from ..store import Answer

#: Headers a page on another origin may read from a cross-origin answer.
EXPOSED_HEADERS = ("X-LPSKG-Result-Count, X-LPSKG-Truncated, X-LPSKG-Total, X-LPSKG-Elapsed, X-LPSKG-Cache, "
                   "X-LPSKG-Parameters, ETag, Location")

CACHE_CONTROL = "public, no-cache"

#: The mark of a view that pages on other origins may call (see :func:`cross_origin`).
CROSS_ORIGIN = "lpskg_cross_origin"

View = TypeVar("View", bound=Callable[..., Any])


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


def cross_origin(view: View) -> View:
    """Mark ``view`` as one a page on any origin may call (CORS; the app adds the headers, :func:`allow_cross_origin`).

    Reads need nothing; writes need the bearer token, which such a page sends in
    its own Authorization header.  A bearer token is no ambient credential (no
    cookie the browser adds by itself), so allowing every origin exposes nothing
    a page does not hold.
    """
    setattr(view, CROSS_ORIGIN, True)
    return view


def allow_cross_origin(response: Response) -> Response:
    """``response`` with the CORS headers, when the view that made it is marked :func:`cross_origin`."""
    if marked(CROSS_ORIGIN):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST, PUT, DELETE, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Accept, Authorization, Content-Type"
        response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        response.headers["Access-Control-Max-Age"] = "3600"
    return response
