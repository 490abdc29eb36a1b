"""The Flask application: ``create_app()`` wires settings, store, the write path, the query runner and blueprints.

One app holds the store read-write (the embedded store allows one writer
process), so it is served by one worker process with threads (granian); the
queries of ``/sparql`` run in the query worker processes of
:class:`~lpskg.store.workers.WorkerPool`, which enforce the timeout.  Over a
remote SPARQL service (``LPSKG_STORE=sparql:...``) the same app sends every
query and write to that service.  The app is thin: three blueprints, one per
audience (:mod:`.sparql` the W3C protocols, :mod:`.api` JSON for machines,
:mod:`.site` HTML for people), translate HTTP to calls on the store, the write
path (:class:`~lpskg.knowledge.graphs.Graphs`), the read models
(:mod:`lpskg.knowledge.views`) or the contributions package, and back; what is
the same for every route (error answers, CORS, metrics, the body limit) is
done here and in the kit beside this module.
"""
from __future__ import annotations

import atexit
import io
import time

from flask import Flask, Response, g, request

from ..config import Settings, apply_library_logs
from ..knowledge.graphs import Graphs
from ..store import ResultCache, Store, open_store, runner_for
from .api import blueprint as api
from .errors import ApiError, register_error_handlers
from .links import href
from .metrics import Metrics
from .responses import allow_cross_origin
from .services import Services
from .site import blueprint as site
from .sparql import blueprint as sparql


def _buffer_unsized_body(environ: dict, limit: int) -> int:
    """Read a body sent without Content-Length (chunked) up to one byte past ``limit``; its length.

    Werkzeug cuts such a body at MAX_CONTENT_LENGTH without an error, so an
    oversized chunked update or upload would be processed truncated instead of
    refused.  Read here, its true size is known; a body within the limit is
    handed on as if it had been sent with its Content-Length.
    """
    data = environ["wsgi.input"].read(limit + 1)
    environ["wsgi.input"] = io.BytesIO(data)
    environ["CONTENT_LENGTH"] = str(len(data))
    return len(data)


def create_app(settings: Settings | None = None, store: Store | None = None) -> Flask:
    """The lpskg web app over ``store`` (opened from ``settings.store`` when not given).

    ``settings`` default to the environment's, read here once.  An embedded
    store's queries run in a pool of ``settings.query_workers`` processes
    (default: one per core; 0 evaluates them in the request thread, with no
    timeout); a remote store's queries are sent to its service.
    """
    settings = settings or Settings.from_env()
    if store is None:
        store = open_store(settings)
    runner = runner_for(store, settings)
    atexit.register(runner.close)

    apply_library_logs(settings)
    app = Flask(__name__, static_folder=None, template_folder=None)   # both belong to the site blueprint
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body
    app.json.ensure_ascii = False
    graphs = Graphs(store, shared=settings.shared_store)
    results = ResultCache(settings.result_cache_bytes, graphs.cache_key())
    app.extensions["lpskg"] = Services(settings, store, graphs, runner, Metrics(), results)
    app.jinja_env.filters["href"] = href
    register_error_handlers(app)
    for blueprint in (sparql, api, site):
        app.register_blueprint(blueprint)

    @app.before_request
    def _start() -> None:
        g.started = time.perf_counter()
        length = request.content_length
        if length is None and request.environ.get("wsgi.input_terminated"):
            length = _buffer_unsized_body(request.environ, settings.max_body)
        if length is not None and length > settings.max_body:
            raise ApiError(413, f"the request body has {length} bytes; this server accepts at most "
                                f"{settings.max_body} (LPSKG_MAX_BODY)")

    @app.after_request
    def _finish(response: Response) -> Response:
        allow_cross_origin(response)   # when the view is marked cross_origin
        route = request.url_rule.rule if request.url_rule else "(unmatched)"
        started = g.get("started", time.perf_counter())
        app.extensions["lpskg"].metrics.observe(route, request.method, response.status_code,
                                                time.perf_counter() - started)
        return response

    return app
