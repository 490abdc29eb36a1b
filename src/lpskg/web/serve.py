"""``lpskg serve``: granian, a Rust HTTP server, running the WSGI app from Python threads.

One worker process runs the app (the embedded store admits one read-write
process) with ``--threads`` Python threads; pyoxigraph releases the GIL while
it evaluates, so threads (and the query worker processes) answer requests in
parallel.  granian parses requests and writes answers in Rust, outside the
GIL: under gunicorn, its pure-Python request handling and the hand-off of each
connection between its poller and its threads took half of a light query's
server time, and a cached answer was 0.84x Oxigraph's server at one client,
0.77x at four; under granian, 0.97x (docs/benchmark.md, "The light-query path").
Over a remote store (``LPSKG_STORE=sparql:...``) more worker processes may be
asked for: the service takes care of concurrent writers.  The app is built
inside the worker (a factory), so the store is opened there.

``lpskg serve`` checks its options and then replaces itself (``exec``, same
pid) with ``python -m lpskg.web.serve``, which imports only granian and the
settings: granian's main process supervises the worker for the server's whole
life, and with the CLI's imports (rdflib, pyoxigraph, Flask) it would hold
memory that nothing uses (docs/benchmark.md, memory).

The access log and granian's own messages go to standard error: standard
output belongs to what the process prints, and a library that silences its
prints there for a moment must not swallow a request's line.
"""
from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from granian import Granian
from granian.constants import Interfaces
from granian.log import LOGGING_CONFIG

from ..config import Settings
from ..serving import remove_record, write_record

if TYPE_CHECKING:
    from flask import Flask

#: One line per request, in the shape of the common log format, with the milliseconds the answer took.
ACCESS_LOG_FORMAT = '%(addr)s - - [%(time)s] "%(method)s %(path)s %(protocol)s" %(status)d %(dt_ms).1f ms'


def app() -> Flask:
    """The app granian's worker serves, made in the worker from the environment's settings."""
    from .app import create_app

    return create_app(Settings.from_env())


def server(settings: Settings, threads: int, workers: int = 1) -> Granian:
    """granian configured from the CLI's options, building the app in its worker."""
    logging = {**LOGGING_CONFIG, "handlers": {name: {**handler, "stream": "ext://sys.stderr"}
                                              for name, handler in LOGGING_CONFIG["handlers"].items()}}
    return Granian(
        f"{__name__}:app", factory=True, interface=Interfaces.WSGI, address=settings.host, port=settings.port,
        workers=workers, blocking_threads=threads, websockets=False,
        log_dictconfig=logging, log_access=settings.access_log, log_access_format=ACCESS_LOG_FORMAT,
        # a worker asked to stop finishes its requests first; the query workers stop the longest query
        workers_kill_timeout=int(settings.query_timeout) + 30)


def main(argv: list[str] | None = None) -> None:
    """Serve with the settings of the environment (``lpskg serve`` has put its options there):
    the record beside an embedded store tells ``lpskg case add`` where the server is."""
    parser = argparse.ArgumentParser(prog="python -m lpskg.web.serve")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1)
    options = parser.parse_args(argv)
    settings = Settings.from_env()
    running = server(settings, threads=options.threads, workers=options.workers)
    if settings.remote:
        running.serve()
        return
    write_record(settings.store, settings.url)
    try:
        running.serve()
    finally:
        remove_record(settings.store)


if __name__ == "__main__":
    main()
