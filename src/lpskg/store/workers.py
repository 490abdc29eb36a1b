"""A pool of worker processes that answer the endpoint's queries, so that a timeout really stops a query.

pyoxigraph cannot cancel a query: an exception raised in a custom function does
not abort the evaluation, and a Python thread cannot be killed.  A process can.
So the endpoint's queries run in a small pool of worker processes, each holding
a read-only view of the on-disk store (``pyoxigraph.Store.read_only``, allowed
while the server holds the store read-write).  The parent sends a query, waits
at most the configured timeout, and on expiry kills that worker, which really
stops the query, starts a fresh one and raises :class:`QueryTimeout`.

A read-only view sees the store as it was when it was opened.  Every write made
through the server calls :meth:`WorkerPool.invalidate`, which bumps a
generation number; each job carries the current generation, and a worker whose
view is older reopens it before running the job (about 0.02 s on the bundle).

Workers answer with bytes already serialised in the format the client asked for,
with the cap on result rows (:mod:`lpskg.store.answers`).

Worker processes are started with the ``spawn`` method: forking a process that
holds RocksDB open would share its file handles and locks with the child.

The pool has :func:`default_size` workers unless ``LPSKG_QUERY_WORKERS`` says
otherwise: one per core.  More would let a short query find a worker while as
many long ones as there are cores run (with one per core, two multi-second
reports hold both workers and a short query queues behind them), but measured
on 2 cores they cost more than they give: each worker holds its own view of
the store (RocksDB's block cache, the index and filter blocks of its files)
and its imports, about 135 MB at 1M triples, and each warms its caches apart.
In the mixed workload at 1M (the same sequence, alternating A-B-B-A), 2
workers answered 6.9 and 8.8 queries/s in 417-432 MB, 3 workers 5.5 and 5.9
queries/s in 561 MB (docs/endpoint.md, "How many workers").

An idle worker is reused last in, first out: the worker that answered the
previous query has its view's block cache and its memory warm, and the others
stay idle.  After each query a worker gives the memory its evaluation freed
back to the system (glibc's ``malloc_trim``): the engine's joins grow the heap
by tens of megabytes, which glibc would otherwise keep for the process's life,
in every worker (docs/benchmark.md, memory).

The trip to a worker costs about a millisecond (pickling, two pipe hops, waking
a process), more than the evaluation of most named queries.  So a query that
just ran to completion in a worker in under :data:`KNOWN_CHEAP_SECONDS` is
remembered, and the next time the same query (same text, bindings and dataset)
comes on the same store state it is evaluated in the request thread on the
server's own store.  It cannot run away there: it has just finished that fast on
the same data, and every write forgets all such queries, so each is measured in
a worker again before it may skip the trip.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import queue
import threading
import time
from dataclasses import replace
from multiprocessing.connection import Connection

from ..sparql_text import QuerySyntaxError
from .base import Answer, Job, NotAcceptable, Store
from .embedded import EmbeddedStore
from .generations import PerGeneration
from .runners import QueryBusy, QueryFailed, QueryTimeout, WorkerLost

#: A query that took less than this in a worker runs in the request thread when it comes again.
KNOWN_CHEAP_SECONDS = 0.05
#: How many known-cheap queries are remembered (least recently used forgotten first).
KNOWN_CHEAP_ENTRIES = 4096


def default_size() -> int:
    """Workers when ``LPSKG_QUERY_WORKERS`` is not set: one per core (see the module's description)."""
    return os.cpu_count() or 2


def _memory_trimmer():
    """glibc's ``malloc_trim`` (gives freed heap memory back to the system), or a no-op elsewhere."""
    name = ctypes.util.find_library("c")
    trim = getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    return (lambda: trim(0)) if trim is not None else (lambda: None)


def _worker_main(connection: Connection, store_path: str, generation: int) -> None:
    """A worker process: answer jobs from ``connection`` until it closes or sends None."""
    store = EmbeddedStore(store_path, read_only=True)
    trim = _memory_trimmer()
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return  # the server went away: exit with it
        if job is None:
            return
        if job.generation != generation:
            store.reopen()
            generation = job.generation
        try:
            reply: tuple[str, object] = ("ok", store.answer(job))
        except QuerySyntaxError as error:
            reply = ("syntax", str(error))
        except NotAcceptable as error:
            reply = ("not-acceptable", (error.kind, error.offered))
        except Exception as error:  # the engine's evaluation errors: report, keep serving
            reply = ("failed", f"{type(error).__name__}: {error}")
        try:
            connection.send(reply)
        except (BrokenPipeError, OSError):
            return
        del reply
        trim()


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, context: multiprocessing.context.BaseContext, store_path: str, generation: int) -> None:
        self.connection, child = context.Pipe(duplex=True)
        self.process = context.Process(target=_worker_main, args=(child, store_path, generation),
                                       name="lpskg-query-worker", daemon=True)
        self.process.start()
        child.close()

    def stop(self, kill: bool = False) -> None:
        """End the process: politely when idle, with SIGKILL when it is stuck in a query."""
        if kill:
            self.process.kill()
        else:
            try:
                self.connection.send(None)
            except (BrokenPipeError, OSError):
                pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5)
        self.connection.close()


class WorkerPool:
    """A pool of query worker processes over ``store`` (the server's own, read-write).

    ``size`` defaults to :func:`default_size`; each worker evaluates one query at
    a time.  Known-cheap queries are evaluated on ``store`` in the calling thread
    (see the module's description).
    """

    def __init__(self, store: Store, size: int | None = None, timeout: float = 30.0) -> None:
        self.store = store
        self.size = size or default_size()
        self.timeout = timeout
        self._context = multiprocessing.get_context("spawn")
        self._generation = 0
        self._lock = threading.Lock()
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()  # the last used is the warmest
        self._closed = False
        self.timeouts = 0
        self.restarts = 0
        self.in_thread = 0
        self._known_cheap: PerGeneration[tuple, bool] = PerGeneration(0, max_entries=KNOWN_CHEAP_ENTRIES)
        for _ in range(self.size):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        return _Worker(self._context, self.store.location, self._generation)

    def invalidate(self) -> None:
        """The store changed: workers reopen their views, and no query is known cheap any more."""
        with self._lock:
            self._generation += 1
            self._known_cheap.moved(self._generation)

    def run(self, job: Job) -> Answer:
        """Run ``job``: in the calling thread if it is known cheap, else in a worker within the timeout.

        Raises QuerySyntaxError, NotAcceptable, QueryFailed, QueryBusy or QueryTimeout.
        """
        if self._closed:
            raise QueryFailed("the query workers are shut down")
        key = (job.query, tuple(sorted(job.bindings.items())) if job.bindings else (), job.dataset, job.base_iri)
        with self._lock:
            generation = self._generation
        if self._known_cheap.get(key, generation):
            with self._lock:
                self.in_thread += 1
            return self.store.answer(job)
        answer = self._in_worker(job, generation)
        if answer.elapsed < KNOWN_CHEAP_SECONDS:
            self._known_cheap.put(key, True, generation)  # kept only if no write went by: the measure holds
        return answer

    def _in_worker(self, job: Job, generation: int) -> Answer:
        """Run ``job`` in a worker whose view is of ``generation``, waiting at most the timeout."""
        deadline = time.monotonic() + self.timeout
        job = replace(job, generation=generation)
        worker = self._acquire(deadline)
        while not self._delivered(worker, job):
            worker = self._acquire(deadline)
        try:
            if not worker.connection.poll(max(deadline - time.monotonic(), 0)):
                self._replace(worker, kill=True)
                worker = None
                self.timeouts += 1
                raise QueryTimeout(f"query exceeded the {self.timeout:g} s timeout and was stopped")
            status, payload = worker.connection.recv()
        except (EOFError, BrokenPipeError, ConnectionResetError, OSError):
            code = worker.process.exitcode if worker else None
            if worker is not None:
                self._replace(worker, kill=True)
                worker = None
            raise WorkerLost(f"the query worker stopped unexpectedly (exit code {code}); "
                             "it has been replaced, try again") from None
        finally:
            if worker is not None:
                self._idle.put(worker)
        if status == "ok":
            return payload
        if status == "syntax":
            raise QuerySyntaxError(payload)
        if status == "not-acceptable":
            raise NotAcceptable(*payload)
        raise QueryFailed(payload)

    def _delivered(self, worker: _Worker, job: Job) -> bool:
        """Send ``job`` to ``worker``; False if the worker was dead already (it is replaced), so that the job,
        which no worker has seen, can go to another. ``is_alive`` does not always tell: a worker killed while idle
        whose exit status something else in the server collected looks alive to it."""
        try:
            worker.connection.send(job)
            return True
        except (BrokenPipeError, ConnectionResetError, OSError):
            self._replace(worker, kill=True)
            return False

    def _acquire(self, deadline: float) -> _Worker:
        """An idle, living worker; one that died while idle is replaced first."""
        while True:
            try:
                worker = self._idle.get(timeout=max(deadline - time.monotonic(), 0))
            except queue.Empty:
                raise QueryBusy(f"all {self.size} query workers stayed busy for {self.timeout:g} s") from None
            if worker.process.is_alive():
                self._replace_the_dead()
                return worker
            self._replace(worker, kill=True)

    def _replace_the_dead(self) -> None:
        """Replace the idle workers that died (killed, out of memory) while waiting.

        The warmest worker is taken first, so one at the bottom of the pool may
        not be taken for a long time: without this sweep a dead one would hold
        a place in the pool, unreaped, until then.
        """
        with self._idle.mutex:
            dead = [worker for worker in self._idle.queue if not worker.process.is_alive()]
            for worker in dead:
                self._idle.queue.remove(worker)
        for worker in dead:
            self._replace(worker, kill=True)

    def _replace(self, worker: _Worker, kill: bool) -> None:
        """Stop ``worker`` and put a fresh one in its place in the pool."""
        self.restarts += 1
        worker.stop(kill=kill)
        if not self._closed:
            self._idle.put(self._start())

    def close(self) -> None:
        """Stop every idle worker (a busy one ends when the server process exits)."""
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                return
