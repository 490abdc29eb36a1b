"""``/sparql``: the SPARQL 1.1 Protocol query operation, and the query path the named-query API shares.

A query is looked up in the cache of answers at the current write generation
(an ``If-None-Match`` with its entity tag gets 304), else checked (a query, not
an update; no ``SERVICE``; a format the client accepts for its form) and handed
to the query runner: the worker processes of :mod:`lpskg.store.workers` over the
embedded store, which stop it at the timeout.  Without a query, ``GET /sparql``
is the service description, or the query page for a browser (``/update``
gives its own with :func:`described` too).
"""
from __future__ import annotations

from collections.abc import Mapping

from flask import Response, redirect, request, url_for
from rdflib import URIRef
from rdflib.term import Node

from ...formats import GRAPH_TYPES, RESULT_TYPES
from ...namespaces import SD
from ...sparql_text import UPDATE_FORMS, article, is_update, query_form
from ...store import Answer, Dataset, Job
from ..errors import ApiError, not_acceptable
from ..negotiation import acceptable, negotiate, prefers_html
from ..responses import answer_response, cross_origin, graph_response, precondition, with_validators
from ..services import services
from .protocol import Params, posted_operation, query_dataset, refuse_remote_access, request_params
from .service_description import service_description


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
    if answer is None:  # evaluated once for the requests that ask it at the same time
        answer = cache.evaluate_once(key, generation, lambda: _evaluate(job, text, bool(results), bool(graphs)))
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


@cross_origin
def sparql() -> Response:
    """The SPARQL 1.1 Protocol query operation (GET, form POST, direct POST)."""
    if request.method in ("GET", "HEAD"):  # HEAD is a GET without the body (RFC 9110 9.3.2)
        params = request_params(with_form_body=False)
        text = params.one("query")
        if text is None:
            if params.all("update"):
                raise ApiError(400, "updates are sent by POST to /update, not to /sparql")
            if prefers_html():
                return redirect(url_for("site.query_page"))
            return described(params, SD.SPARQL11Query)
        if prefers_html() and not params.all("default-graph-uri") and not params.all("named-graph-uri"):
            # a /sparql?query=... link opened in a browser: the query page runs it and shows the results
            return redirect(url_for("site.query_page", query=text), 303)
    else:
        params, text = posted_operation("query", "application/sparql-query", "/update", "update")
    if params.all("update") or is_update(text):
        raise ApiError(400, "this is a SPARQL Update, not a query: send it to /update")
    return run_query(text, None, query_dataset(params, services().default_dataset(), text), params.joined("format"))


def described(params: Params, language: URIRef | None) -> Response:
    """The service description of the endpoint the request was sent to (``language``: what it accepts)."""
    app = services()
    media = negotiate(GRAPH_TYPES, "the service description", params.joined("format"))
    graph = service_description(request.base_url, url_for("sparql.void", _external=True) + "#dataset", app.store,
                                app.union_default, language)
    return graph_response(graph, media)
