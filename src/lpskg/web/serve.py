"""``lpskg serve``: gunicorn, run from Python, serving the app.

One gunicorn worker process with threads (``gthread``): the embedded store
admits one read-write process, and pyoxigraph releases the GIL while it
evaluates, so threads (and the query worker processes) answer requests in
parallel.  Over a remote store (``LPSKG_STORE=sparql:...``) more worker
processes may be asked for: the service takes care of concurrent writers.
The app is built inside the worker (no ``preload_app``), so the
store is opened after the fork.  gunicorn 27's control socket is turned off:
it would create ``~/.gunicorn/`` and is not needed.

``lpskg serve`` checks its options and then replaces itself (``exec``, same
pid) with ``python -m lpskg.web.serve``, which imports only gunicorn and the
settings: gunicorn's arbiter stays in that process for the server's whole
life, and with the CLI's imports (rdflib, pyoxigraph, Flask) it held about
40 MB that nothing used (docs/benchmark.md, memory).
"""
from __future__ import annotations

import argparse
import time
from typing import TYPE_CHECKING

from gunicorn.app.base import BaseApplication
from gunicorn.workers.gthread import ThreadWorker

from ..config import Settings
from ..serving import remove_record, write_record

if TYPE_CHECKING:
    from flask import Flask


class Server(BaseApplication):
    """gunicorn configured from the CLI's options, loading ``create_app`` in the worker."""

    def __init__(self, settings: Settings, threads: int, workers: int = 1) -> None:
        self.settings = settings
        self.options = {
            "bind": f"{settings.host}:{settings.port}",
            "workers": workers,
            "worker_class": "lpskg.web.serve.HeartbeatThreadWorker",
            "threads": threads,
            # the worker must outlive the longest query, which the query workers stop
            "timeout": int(settings.query_timeout) + 30,
            "graceful_timeout": 10,
            "control_socket_disable": True,
            # standard error, like the error log: standard output belongs to what the process prints, and
            # a library that silences its prints there for a moment must not swallow a request's line
            "accesslog": "/dev/stderr" if settings.access_log else None,
            "errorlog": "-",
            "loglevel": "info",
            "proc_name": "lpskg",
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)
        self.cfg.set("worker_exit", _close_runner)

    def load(self) -> Flask:
        from .app import create_app

        return create_app(self.settings)


#: How often the worker tells gunicorn's arbiter that it is alive (its timeout is 60 s).
HEARTBEAT_SECONDS = 1.0


class HeartbeatThreadWorker(ThreadWorker):
    """gunicorn's ``gthread`` worker with a heartbeat at most once a second.

    ``gthread`` touches its heartbeat file (a system call) on every turn of its
    loop, that is once per request: 7 % of a light query's server time in the
    profile of ``bench/light_path.py``.  The arbiter only needs to hear within
    its timeout (the query timeout plus 30 s).
    """

    _last_heartbeat = 0.0

    def notify(self) -> None:
        now = time.monotonic()
        if now - self._last_heartbeat >= HEARTBEAT_SECONDS:
            self._last_heartbeat = now
            super().notify()


def _close_runner(server, worker) -> None:
    """Stop the query worker processes when the gunicorn worker exits."""
    app = getattr(worker, "wsgi", None)
    services = getattr(app, "extensions", {}).get("lpskg") if app is not None else None
    if services is not None:
        services.runner.close()


def main(argv: list[str] | None = None) -> None:
    """Serve with the settings of the environment (``lpskg serve`` has put its options there):
    the record beside an embedded store tells ``lpskg case add`` where the server is."""
    parser = argparse.ArgumentParser(prog="python -m lpskg.web.serve")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1)
    options = parser.parse_args(argv)
    settings = Settings.from_env()
    server = Server(settings, threads=options.threads, workers=options.workers)
    if settings.remote:
        server.run()
        return
    write_record(settings.store, settings.url)
    try:
        server.run()
    finally:
        remove_record(settings.store)


if __name__ == "__main__":
    main()
