"""``/sparql`` (SPARQL 1.1 Query, Protocol and Service Description) and ``/update``."""
from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, Response, redirect, request, url_for
from rdflib import URIRef
from rdflib.term import Node

from ...formats import GRAPH_TYPES, RESULT_TYPES
from ...namespaces import SD
from ...sparql_text import UPDATE_FORMS, article, is_update, query_form
from ...store import Answer, Dataset, Job
from ..errors import ApiError, not_acceptable
from ..negotiation import acceptable, negotiate, prefers_html
from ..responses import answer_response, empty_response, graph_response, precondition, with_validators
from ..services import require_token, services
from .protocol import (
    Params,
    body_text,
    media_type,
    query_dataset,
    refuse_remote_access,
    request_params,
    with_using_graphs,
)
from .service_description import service_description

blueprint = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"


def run_query(text: str, bindings: Mapping[str, Node] | None, dataset: Dataset, fmt: str | None) -> Response:
    """Answer a query in the negotiated format: from the cache of answers, or from the query runner.

    Shared by ``/sparql`` and the named-query API, so that both get the same
    formats, timeout, row cap, caching and error statuses.  A query whose answer
    is cached at the current write generation has been checked before (same
    text, same formats), so it is answered without being looked at again.
    """
    app = services()
    results, graphs = acceptable(RESULT_TYPES, fmt), acceptable(GRAPH_TYPES, fmt)
    # relative IRIs resolve against the URL the query was sent to (SPARQL 1.1 Query 4.1.1)
    job = Job(text, bindings, dataset, tuple(results), tuple(graphs), app.settings.max_rows,
              base_iri=request.base_url)
    cache = app.results
    generation = cache.generation  # read before evaluating: a write that overtakes the query moves it on
    key = cache.key(job)
    etag = cache.etag(key, generation)
    unchanged = precondition(etag)
    if unchanged is not None:
        return unchanged
    answer = cache.get(key, generation)
    hit = answer is not None
    if answer is None:
        answer = _evaluate(job, text, bool(results), bool(graphs))
        cache.put(key, generation, answer)
    response = with_validators(answer_response(answer), etag)
    response.headers["X-LPSKG-Cache"] = "hit" if hit else "miss" if etag and cache.max_bytes else "off"
    return response


def _evaluate(job: Job, text: str, results: bool, graphs: bool) -> Answer:
    """Check a query the cache does not know and run it (the runner's errors have their statuses in errors.py)."""
    form = query_form(text)
    if form in UPDATE_FORMS:
        raise ApiError(400, f"this is a SPARQL Update ({form}), not a query: send it to /update")
    refuse_remote_access(text, "query")
    if form in ("SELECT", "ASK") and not results:
        raise not_acceptable(f"the result of {article(form)} {form} query", RESULT_TYPES)
    if form in ("CONSTRUCT", "DESCRIBE") and not graphs:
        raise not_acceptable(f"the graph of {article(form)} {form} query", GRAPH_TYPES)
    return services().runner.run(job)


def _operation(field: str, direct_type: str, elsewhere: str, other: str) -> tuple[Params, str]:
    """The parameters and the text of a POSTed operation (form field ``field`` or a direct body).

    ``other`` is the field of the other endpoint's operation and ``elsewhere`` that endpoint,
    named in the error when a client sends a query to /update or an update to /sparql.
    """
    if media_type() == FORM:
        params = request_params(with_form_body=True)
        text = params.one(field)
        if text is None:
            raise ApiError(400, f"the form has no '{field}' parameter" +
                           (f"; send '{other}' to {elsewhere}" if params.all(other) else ""))
        return params, text
    if media_type() == direct_type:
        params = request_params(with_form_body=False)
        if params.all(field):
            raise ApiError(400, f"the {field} is in the body: do not also send a '{field}' URL parameter")
        return params, body_text(field)
    raise ApiError(415, f"a {field} is POSTed as {FORM} or {direct_type}, "
                        f"not as {request.content_type or 'a body without Content-Type'}")


@blueprint.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    """The SPARQL 1.1 Protocol query operation (GET, form POST, direct POST)."""
    if request.method == "GET":
        params = request_params(with_form_body=False)
        text = params.one("query")
        if text is None:
            if params.all("update"):
                raise ApiError(400, "updates are sent by POST to /update, not to /sparql")
            if prefers_html():
                return redirect(url_for("pages.query_page"))
            return _service_description(params, SD.SPARQL11Query)
        if prefers_html() and not params.all("default-graph-uri") and not params.all("named-graph-uri"):
            # a /sparql?query=... link opened in a browser: the query page runs it and shows the results
            return redirect(url_for("pages.query_page", query=text), 303)
    else:
        params, text = _operation("query", "application/sparql-query", "/update", "update")
    if params.all("update") or is_update(text):
        raise ApiError(400, "this is a SPARQL Update, not a query: send it to /update")
    return run_query(text, None, query_dataset(params, services().default_dataset(), text), params.joined("format"))


def _service_description(params: Params, language: URIRef | None) -> Response:
    """The service description of the endpoint the request was sent to (``language``: what it accepts)."""
    app = services()
    media = negotiate(GRAPH_TYPES, "the service description", params.joined("format"))
    graph = service_description(request.base_url, url_for("void.void", _external=True) + "#dataset", app.store,
                                app.union_default, language)
    return graph_response(graph, media)


@blueprint.route("/update", methods=["GET", "POST"])
def update() -> Response:
    """The SPARQL 1.1 Protocol update operation (POST, with the bearer token); GET gives its service description."""
    if request.method == "GET":
        params = request_params(with_form_body=False)
        if params.all("update"):
            raise ApiError(400, "an update is sent by POST (SPARQL 1.1 Protocol 2.2), not by GET")
        return _service_description(params, SD.SPARQL11Update if services().settings.token else None)
    require_token()
    params, text = _operation("update", "application/sparql-update", "/sparql", "query")
    form = query_form(text)
    if form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        raise ApiError(400, f"this is {article(form)} {form} query, not an update: send it to /sparql")
    refuse_remote_access(text, "update")
    text = with_using_graphs(text, params)
    services().graphs.update(text, base_iri=request.base_url)
    return empty_response(204)
