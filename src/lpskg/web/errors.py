"""Every error the HTTP layer answers, as one readable message: never a traceback.

An error body is JSON ``{"error": ..., "detail": ...}`` for clients that accept
JSON, a page with the site's header for a browser, and one line of plain text
otherwise, so that a script, a person in a browser and a person with curl each
see what is wrong and where, and the browser also a way on.
"""
from __future__ import annotations

import json

from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException

from ..store import StoreTimeout, StoreUnavailable
from .accept import parse_accept, quality

#: The short error names clients can branch on, by status code.
ERROR_NAMES = {
    400: "bad request", 401: "unauthorized", 403: "forbidden", 404: "not found",
    405: "method not allowed", 406: "not acceptable", 413: "request too large",
    414: "uri too long", 415: "unsupported media type", 500: "internal error", 502: "bad gateway",
    503: "service unavailable", 504: "gateway timeout",
}


class ApiError(Exception):
    """An error answer: HTTP status, a short error name and a detail saying what and where."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}


def wants_json() -> bool:
    """True when the client prefers JSON to plain text (a script, or the query page)."""
    ranges = parse_accept(request.headers.get("Accept"))
    json_quality = max(quality(ranges, "application/json", exact=True),
                       quality(ranges, "application/sparql-results+json", exact=True))
    return json_quality > 0 and json_quality >= quality(ranges, "text/plain", exact=True) \
        and all(r.media_type != "*/*" for r in ranges)


def wants_html() -> bool:
    """True for a browser: it names text/html and prefers it to JSON and plain text."""
    ranges = parse_accept(request.headers.get("Accept"))
    html = quality(ranges, "text/html", exact=True)
    return html > 0 and all(html >= quality(ranges, other, exact=True)
                            for other in ("application/json", "application/sparql-results+json", "text/plain"))


def error_response(status: int, detail: str, headers: dict[str, str] | None = None) -> Response:
    """The response for an error: JSON, a page or plain text as the client prefers."""
    name = ERROR_NAMES.get(status, "error")
    if wants_json():
        response = Response(json.dumps({"error": name, "detail": detail}), status,
                            mimetype="application/json")
    elif wants_html():
        response = Response(render_template("error.html", status=status, name=name, detail=detail), status,
                            mimetype="text/html")
    else:
        response = Response(f"{name}: {detail}\n", status, mimetype="text/plain")
    response.headers.update(headers or {})
    return response


def register_error_handlers(app: Flask) -> None:
    """Turn ApiError, Werkzeug's HTTP errors and unexpected exceptions into error responses."""

    @app.errorhandler(ApiError)
    def _api_error(error: ApiError) -> Response:
        return error_response(error.status, error.detail, error.headers)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        detail = _http_detail(error)
        headers = {"Allow": ", ".join(error.valid_methods)} if getattr(error, "valid_methods", None) else {}
        return error_response(error.code or 500, detail, headers)

    @app.errorhandler(StoreUnavailable)
    def _store_unavailable(error: StoreUnavailable) -> Response:
        """A remote store that is down, slow or misconfigured is the gateway's problem, not the client's."""
        return error_response(504 if isinstance(error, StoreTimeout) else 502, str(error))

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        app.logger.exception("unexpected error on %s %s", request.method, request.path)
        return error_response(500, f"the server failed on {request.method} {request.path}: "
                                   f"{type(error).__name__}; see the server log")


def _http_detail(error: HTTPException) -> str:
    if error.code == 405:
        allowed = ", ".join(getattr(error, "valid_methods", None) or [])
        return f"{request.method} is not allowed on {request.path}; use {allowed}"
    if error.code == 404:
        return f"nothing is served at {request.path}"
    if error.code == 413:
        return "the request body is larger than the server accepts (LPSKG_MAX_BODY)"
    return error.description or ERROR_NAMES.get(error.code or 500, "error")
