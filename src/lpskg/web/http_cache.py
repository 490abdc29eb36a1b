"""HTTP caching of query answers for consumers: ``ETag``, ``If-None-Match`` and ``Cache-Control``.

An answer is a function of the query's key and the store's write generation
(:mod:`lpskg.store.result_cache`), so its entity tag is made of both: a
client or a proxy that sends it back with ``If-None-Match`` gets ``304 Not
Modified`` without the query being run while nothing was written, and the
full answer as soon as anything was.  ``Cache-Control: public, no-cache``
says what is safe: any cache may store the answer (a read carries no
credentials), but must ask again before reusing it, since the next write may
change it at any moment.  Over a store that others write too there is no
generation and so no tag; the answer still says ``no-cache``.
"""
from __future__ import annotations

from flask import Response, request

from .responses import empty_response

CACHE_CONTROL = "public, no-cache"


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
