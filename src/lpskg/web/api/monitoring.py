"""``/health`` (is the store reachable, how big is it) and ``/metrics`` (Prometheus text format)."""
from __future__ import annotations

import time

from flask import Response

from ...knowledge.views.health import any_statement
from ..responses import cross_origin, json_response
from ..services import services


@cross_origin
def health() -> Response:
    """200 with the store's triple count when it answers; 503 saying why when it does not."""
    app = services()
    started = time.perf_counter()
    try:
        any_statement(app.store)  # the store answers now, even when the count is kept
        triples, graphs = app.store_size()
    except Exception as error:  # any failure of the store means "not healthy", said in the body
        body = {"status": "unavailable", "detail": f"the store does not answer: {type(error).__name__}: {error}"}
        return json_response(body, 503)
    body = {"status": "ok", "triples": triples, "graphs": graphs,
            "query_workers": app.runner.size, "store_ms": round((time.perf_counter() - started) * 1000, 2)}
    return json_response(body)


def metrics() -> Response:
    """Requests, latencies and errors by route, plus the query workers' timeouts and restarts."""
    app = services()
    cache = app.results.stats()
    extra = {
        "lpskg_query_timeouts_total": ("counter", "Queries stopped because they exceeded the timeout.",
                                       app.runner.timeouts),
        "lpskg_query_worker_restarts_total": ("counter", "Query worker processes replaced (timeout or crash).",
                                              app.runner.restarts),
        "lpskg_query_workers": ("gauge", "Query worker processes in the pool.", app.runner.size),
        "lpskg_queries_in_thread_total": ("counter", "Queries evaluated in the request thread (known cheap).",
                                          app.runner.in_thread),
        "lpskg_result_cache_hits_total": ("counter", "Query answers served from the cache.", cache.hits),
        "lpskg_result_cache_misses_total": ("counter", "Cacheable queries evaluated.", cache.misses),
        "lpskg_result_cache_shared_total": ("counter", "Misses answered by another request's evaluation of the "
                                                       "same query at the same time.", cache.shared),
        "lpskg_result_cache_evictions_total": ("counter", "Answers dropped to stay within the bound.",
                                               cache.evictions),
        "lpskg_result_cache_entries": ("gauge", "Answers in the cache.", cache.entries),
        "lpskg_result_cache_bytes": ("gauge", "Bytes the cached answers take.", cache.bytes),
        "lpskg_result_cache_max_bytes": ("gauge", "The cache's bound (LPSKG_RESULT_CACHE).", cache.max_bytes),
        "lpskg_store_writes_total": ("counter", "Writes made through this server.", app.graphs.generation),
        "lpskg_uptime_seconds": ("gauge", "Seconds since the app started.", time.time() - app.metrics.started),
    }
    return Response(app.metrics.render(extra), content_type="text/plain; version=0.0.4; charset=utf-8")
