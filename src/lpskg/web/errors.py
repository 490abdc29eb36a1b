"""Every error the HTTP layer answers, mapped in one place: never a traceback.

Views raise, and never build an error answer: a domain exception (a query
that does not parse, a graph that cannot be written, a rejected submission,
a comparison of a case the graph does not have ...) or an :class:`ApiError` for what only HTTP knows (a missing token, a
parameter given twice).  :func:`register_error_handlers` registers one
handler per exception type, and Flask calls the one of the most specific
class, so that each exception has its status here and nowhere else.

The body is JSON for clients that accept JSON, a page with the site's header
for a browser, and one line of plain text otherwise, so that a script, a
person in a browser and a person with curl each see what is wrong and where,
and the browser also a way on.  The JSON has one shape::

    {"error": "not found", "detail": "the store has no graph <urn:x>", "errors": [...]}

``error`` is the short name of the status, which clients branch on, and
``detail`` says what and where; ``errors`` lists a submission's field errors
(field, line, message, nearest concepts) when there are any.  The views of
the submission API (:func:`submission`) answer every error in JSON, whatever
the Accept header, with ``errors`` always there and the message in ``error``
as well, as that API has answered since it was published
(docs/adding-a-case.md).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException

from ..contributions import FieldError, SubmissionError
from ..exchange.nanopub import NanopubError
from ..formats import GRAPH_TYPES, GRAPHS, RESULT_TYPES, RESULTS
from ..knowledge.graphs import ReadOnlyGraph, UpdateFailed
from ..knowledge.labels import NotFound
from ..knowledge.library import NamedQueryError, UnknownNamedQuery
from ..knowledge.views import UnknownChoice
from ..sparql_text import article
from ..store import (
    NotAcceptable,
    QueryBusy,
    QueryFailed,
    QuerySyntaxError,
    QueryTimeout,
    StoreTimeout,
    StoreUnavailable,
    WorkerLost,
)
from .accept import parse_accept, quality
from .responses import View, json_response, marked

#: The short error names clients can branch on, by status code.
ERROR_NAMES = {
    400: "bad request", 401: "unauthorized", 403: "forbidden", 404: "not found",
    405: "method not allowed", 406: "not acceptable", 409: "conflict", 413: "request too large",
    414: "uri too long", 415: "unsupported media type", 422: "unprocessable content", 429: "too many requests",
    500: "internal error", 502: "bad gateway", 503: "service unavailable", 504: "gateway timeout",
}

#: The status of a rejected submission, by the kind of its SubmissionError.
SUBMISSION_STATUS = {"unreadable": 400, "not-found": 404, "conflict": 409, "too-large": 413,
                     "unsupported-type": 415, "rejected": 422}

#: The mark of a view of the submission API (see :func:`submission`).
SUBMISSION = "lpskg_submission"


class ApiError(Exception):
    """An error answer only HTTP knows of: its status, a detail saying what and where, and extra headers."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}


def submission(view: View) -> View:
    """Mark ``view`` as part of the submission API: its errors are JSON with the message in ``error``."""
    setattr(view, SUBMISSION, True)
    return view


def not_acceptable(what: str, offered: Sequence[str]) -> ApiError:
    """The 406 error for ``what`` (a query result, a graph ...), listing the types it comes in."""
    asked = ",".join(request.args.getlist("format")) or request.headers.get("Accept", "")
    names = [known.name for t in offered for known in (*RESULTS, *GRAPHS) if known.media_type == t]
    return ApiError(406, f"{what} can be served as {', '.join(offered)} "
                         f"(or format={'|'.join(names)}); not as {asked!r}")


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


def error_response(status: int, detail: str, headers: dict[str, str] | None = None,
                   errors: Sequence[FieldError] = (), extra: dict | None = None) -> Response:
    """The response for an error: JSON, a page or plain text as the client prefers (see the module).

    ``extra`` adds members to the JSON body (the ``candidates`` of a label that names nothing)."""
    name = ERROR_NAMES.get(status, "error")
    if marked(SUBMISSION):
        response = json_response({"error": detail, "detail": detail, "errors": [e.as_json() for e in errors]},
                                 status, indent=1)
    elif wants_json():
        body = {"error": name, "detail": detail} | ({"errors": [e.as_json() for e in errors]} if errors else {})
        response = json_response(body | (extra or {}), status)
    elif wants_html():
        response = Response(render_template("error.html", status=status, name=name, detail=detail), status,
                            mimetype="text/html")
    else:
        response = Response(f"{name}: {detail}\n", status, mimetype="text/plain")
    response.headers.update(headers or {})
    return response


def register_error_handlers(app: Flask) -> None:
    """One handler per exception type: the status each domain error is answered with."""

    def answer(status: int, headers: dict[str, str] | None = None) -> Callable[[Exception], Response]:
        return lambda error: error_response(status, str(error), headers)

    app.register_error_handler(ApiError, lambda error: error_response(error.status, error.detail, error.headers))
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(SubmissionError, lambda error: error_response(
        SUBMISSION_STATUS.get(error.kind, 400), error.message, errors=error.errors))
    app.register_error_handler(NanopubError, answer(422))   # another project's nanopublication, rejected
    # the store and the write path
    app.register_error_handler(StoreUnavailable, answer(502))   # the gateway's problem, not the client's
    app.register_error_handler(StoreTimeout, answer(504))
    app.register_error_handler(ReadOnlyGraph, answer(403))
    app.register_error_handler(UpdateFailed, answer(400))
    # the named queries
    app.register_error_handler(UnknownNamedQuery, answer(404))
    app.register_error_handler(NamedQueryError, answer(400))
    app.register_error_handler(NotFound, lambda error: error_response(
        400, str(error), extra={"parameter": error.parameter, "candidates": error.candidates}))   # a label naming nothing: the nearest
    # the read models: a row group, case or column the graph does not have
    app.register_error_handler(UnknownChoice, answer(400))
    # a query and the query runner
    app.register_error_handler(QuerySyntaxError, lambda error: error_response(
        400, f"the query does not parse: {error}"))
    app.register_error_handler(NotAcceptable, _unservable_result)
    app.register_error_handler(QueryTimeout, answer(503, {"Retry-After": "5"}))
    app.register_error_handler(QueryBusy, answer(503, {"Retry-After": "1"}))
    app.register_error_handler(WorkerLost, answer(503, {"Retry-After": "1"}))
    app.register_error_handler(QueryFailed, lambda error: error_response(
        400, f"the query failed while being evaluated: {error}"))

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        app.logger.exception("unexpected error on %s %s", request.method, request.path)
        return error_response(500, f"the server failed on {request.method} {request.path}: "
                                   f"{type(error).__name__}; see the server log")


def _unservable_result(error: NotAcceptable) -> Response:
    """406: the query runner found that the client accepts no format of the query's kind of result."""
    offered = RESULT_TYPES if error.kind in ("SELECT", "ASK") else GRAPH_TYPES
    found = not_acceptable(f"the result of {article(error.kind)} {error.kind} query", offered)
    return error_response(found.status, found.detail)


def _http_error(error: HTTPException) -> Response:
    """Werkzeug's own errors (no route, wrong method, body too large), said for this request."""
    headers = {"Allow": ", ".join(error.valid_methods)} if getattr(error, "valid_methods", None) else {}
    return error_response(error.code or 500, _http_detail(error), headers)


def _http_detail(error: HTTPException) -> str:
    if error.code == 405:
        allowed = ", ".join(getattr(error, "valid_methods", None) or [])
        return f"{request.method} is not allowed on {request.path}; use {allowed}"
    if error.code == 404:
        return f"nothing is served at {request.path}"
    if error.code == 413:
        return "the request body is larger than the server accepts (LPSKG_MAX_BODY)"
    return error.description or ERROR_NAMES.get(error.code or 500, "error")
