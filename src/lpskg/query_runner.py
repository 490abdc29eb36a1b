"""Run endpoint queries in worker processes, so that a timeout really stops a query.

pyoxigraph cannot cancel a query: an exception raised in a custom function does
not abort the evaluation, and a Python thread cannot be killed.  A process can.
So the endpoint's queries run in a small pool of worker processes, each holding
a read-only view of the on-disk store (``pyoxigraph.Store.read_only``, allowed
while the server holds the store read-write).  The parent sends a query, waits
at most the configured timeout, and on expiry kills that worker, which really
stops the query, starts a fresh one and raises :class:`QueryTimeout`.

A read-only view sees the store as it was when it was opened.  Every write made
through the server calls :meth:`QueryRunner.invalidate`, which bumps a
generation number; each job carries the current generation, and a worker whose
view is older reopens it before running the job (about 0.02 s on the bundle).

Workers answer with bytes already serialised in the format the client asked for
(pyoxigraph's own serialisers), and enforce the cap on result rows: results are
first written as TSV or N-Triples, one row or triple per line, through a writer
that stops the engine as soon as the cap is passed; when the client asked for
another format, the capped text is parsed back and re-serialised, all in Rust.

Worker processes are started with the ``spawn`` method: forking a process that
holds RocksDB open would share its file handles and locks with the child.

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

import multiprocessing
import os
import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

import pyoxigraph as ox
from rdflib.term import Node

from .namespaces import PREFIXES
from .sparql_text import query_form
from .store import Dataset, EmbeddedStore, QuerySyntaxError, Store, StoreTimeout, StoreUnavailable

#: Result media types the workers can write, for SELECT and ASK answers.
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
#: Graph media types the workers can write, for CONSTRUCT and DESCRIBE answers.
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


#: A query that took less than this in a worker runs in the request thread when it comes again.
KNOWN_CHEAP_SECONDS = 0.05
#: How many known-cheap queries are remembered (least recently used forgotten first).
KNOWN_CHEAP_ENTRIES = 4096


class QueryTimeout(RuntimeError):
    """The query ran longer than the timeout; its worker was killed."""


class QueryBusy(RuntimeError):
    """Every worker stayed busy for the whole timeout; the query was not started."""


class QueryFailed(RuntimeError):
    """The engine refused the query while evaluating it, or its worker died; the message says why."""


class WorkerLost(QueryFailed):
    """The worker process died while running the query (it has been replaced)."""


class NotAcceptable(ValueError):
    """The client accepts no format in which this kind of result can be written."""

    def __init__(self, kind: str, offered: list[str]) -> None:
        super().__init__(f"a {kind} result can be served as {', '.join(offered)}; "
                         "the Accept header (or format=) allows none of them")
        self.kind = kind
        self.offered = offered


@dataclass(frozen=True)
class Job:
    """One query to run: text, bindings, dataset and the acceptable media types, best first."""

    query: str
    bindings: Mapping[str, Node] | None = None
    dataset: Dataset | None = None
    result_types: tuple[str, ...] = ("application/sparql-results+json",)
    graph_types: tuple[str, ...] = ("text/turtle",)
    max_rows: int = 100_000
    generation: int = 0


@dataclass(frozen=True)
class Answer:
    """A serialised answer: the body, its media type, and how many rows or triples it holds."""

    form: str  # "SELECT", "ASK" or "GRAPH"
    body: bytes
    media_type: str
    count: int
    truncated: bool
    elapsed: float = 0.0


class _RowCap(OverflowError):
    """Raised from inside the serialiser to stop the engine once the row cap is passed."""


@dataclass
class _LineWriter:
    """A binary sink for pyoxigraph serialisers that keeps at most ``cap`` lines after the header."""

    cap: int
    header_lines: int
    chunks: list[bytes] = field(default_factory=list)
    lines: int = 0
    full: bool = False

    def write(self, data: bytes) -> int:
        if self.full:  # pyoxigraph flushes its buffer once more after the error
            return len(data)
        data = bytes(data)
        self.chunks.append(data)
        self.lines += data.count(b"\n")
        if self.lines > self.cap + self.header_lines:
            self.full = True
            raise _RowCap()
        return len(data)

    def flush(self) -> None:
        """pyoxigraph calls it; the chunks are kept in memory, so there is nothing to do."""

    def text(self) -> tuple[bytes, int, bool]:
        """The kept lines, their count (header excluded) and whether the cap cut the result."""
        lines = b"".join(self.chunks).split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()  # the text ends with a newline
        kept = lines[: self.cap + self.header_lines]
        body = b"".join(line + b"\n" for line in kept)
        return body, max(len(kept) - self.header_lines, 0), self.full


def _pick(types: tuple[str, ...], offered: Mapping[str, object], kind: str) -> str:
    for media_type in types:
        if media_type in offered:
            return media_type
    raise NotAcceptable(kind, list(offered))


def execute(store: EmbeddedStore, job: Job) -> Answer:
    """Run ``job`` on ``store`` and serialise the answer (used in workers and in-thread)."""
    started = time.perf_counter()
    answer = store.retrying(lambda: _serialise(store.run(job.query, job.bindings, job.dataset), job))
    return Answer(answer.form, answer.body, answer.media_type, answer.count, answer.truncated,
                  time.perf_counter() - started)


def _capped(result, line_format, header_lines: int, cap: int) -> tuple[bytes, int, bool]:
    """``result`` written in a one-row-per-line format, stopped after ``cap`` rows.

    ``result`` may also be text already in that format (a remote service's answer)."""
    writer = _LineWriter(cap, header_lines)
    try:
        if isinstance(result, bytes):
            writer.write(result)
        else:
            result.serialize(writer, format=line_format)
    except _RowCap:
        pass
    return writer.text()


def _serialise(result: object, job: Job) -> Answer:
    if isinstance(result, ox.QueryBoolean):
        media_type = _pick(job.result_types, RESULT_FORMATS, "ASK")
        return Answer("ASK", result.serialize(format=RESULT_FORMATS[media_type]), media_type, 1, False)
    if isinstance(result, ox.QuerySolutions):
        media_type = _pick(job.result_types, RESULT_FORMATS, "SELECT")
        tsv, count, truncated = _capped(result, ox.QueryResultsFormat.TSV, 1, job.max_rows)
        if media_type == "text/tab-separated-values":
            return Answer("SELECT", tsv, media_type, count, truncated)
        solutions = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
        return Answer("SELECT", solutions.serialize(format=RESULT_FORMATS[media_type]), media_type,
                      count, truncated)
    media_type = _pick(job.graph_types, GRAPH_FORMATS, "CONSTRUCT or DESCRIBE")
    return _graph_answer(_capped(result, ox.RdfFormat.N_TRIPLES, 0, job.max_rows), media_type)


def _graph_answer(capped: tuple[bytes, int, bool], media_type: str) -> Answer:
    """N-Triples already cut at the row cap, written in ``media_type`` with the project's prefixes."""
    ntriples, count, truncated = capped
    if media_type == "application/n-triples":
        return Answer("GRAPH", ntriples, media_type, count, truncated)
    triples = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    body = ox.serialize(triples, format=GRAPH_FORMATS[media_type], prefixes=_used_prefixes(ntriples))
    return Answer("GRAPH", body, media_type, count, truncated)


def _used_prefixes(ntriples: bytes) -> dict[str, str]:
    """The project's prefixes that occur in the triples, so Turtle output stays short and tidy.

    A prefix that another used prefix extends (``lpr:`` under ``paradox:``) is left out,
    so that names come out as ``paradox:learning`` rather than ``lpr:paradox\\/learning``.
    """
    used = {p: iri for p, iri in PREFIXES.items() if f"<{iri}".encode() in ntriples}
    return {p: iri for p, iri in used.items()
            if not any(other != iri and other.startswith(iri) for other in used.values())}


def _worker_main(connection: Connection, store_path: str, generation: int) -> None:
    """A worker process: answer jobs from ``connection`` until it closes or sends None."""
    store = EmbeddedStore(store_path, read_only=True)
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
            reply: tuple[str, object] = ("ok", execute(store, job))
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


class QueryRunner:
    """A pool of query worker processes over ``store`` (the server's own, read-write).

    ``size`` defaults to the number of cores: each worker evaluates one query
    at a time, on its own core.  Known-cheap queries are evaluated on ``store``
    in the calling thread (see the module's description).
    """

    def __init__(self, store: EmbeddedStore, size: int | None = None, timeout: float = 30.0) -> None:
        self.store = store
        self.size = size or os.cpu_count() or 2
        self.timeout = timeout
        self._context = multiprocessing.get_context("spawn")
        self._generation = 0
        self._lock = threading.Lock()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self.timeouts = 0
        self.restarts = 0
        self.in_thread = 0
        self._known_cheap: OrderedDict[tuple, None] = OrderedDict()
        for _ in range(self.size):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        return _Worker(self._context, str(self.store.path), self._generation)

    @property
    def generation(self) -> int:
        """How many writes the server made since the pool started."""
        return self._generation

    def invalidate(self) -> None:
        """The store changed: workers reopen their views, and no query is known cheap any more."""
        with self._lock:
            self._generation += 1
            self._known_cheap.clear()

    def run(self, job: Job) -> Answer:
        """Run ``job``: in the calling thread if it is known cheap, else in a worker within the timeout.

        Raises QuerySyntaxError, NotAcceptable, QueryFailed, QueryBusy or QueryTimeout.
        """
        if self._closed:
            raise QueryFailed("the query workers are shut down")
        key = (job.query, tuple(sorted(job.bindings.items())) if job.bindings else (), job.dataset)
        with self._lock:
            generation = self._generation
            cheap = key in self._known_cheap
            if cheap:
                self._known_cheap.move_to_end(key)
                self.in_thread += 1
        if cheap:
            return execute(self.store, job)
        answer = self._in_worker(job, generation)
        if answer.elapsed < KNOWN_CHEAP_SECONDS:
            with self._lock:
                if generation == self._generation:  # no write since: the measure holds
                    self._known_cheap[key] = None
                    if len(self._known_cheap) > KNOWN_CHEAP_ENTRIES:
                        self._known_cheap.popitem(last=False)
        return answer

    def _in_worker(self, job: Job, generation: int) -> Answer:
        """Run ``job`` in a worker whose view is of ``generation``, waiting at most the timeout."""
        deadline = time.monotonic() + self.timeout
        worker = self._acquire(deadline)
        job = Job(job.query, job.bindings, job.dataset, job.result_types, job.graph_types,
                  job.max_rows, generation)
        try:
            worker.connection.send(job)
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

    def _acquire(self, deadline: float) -> _Worker:
        """An idle, living worker; one that died while idle is replaced first."""
        while True:
            try:
                worker = self._idle.get(timeout=max(deadline - time.monotonic(), 0))
            except queue.Empty:
                raise QueryBusy(f"all {self.size} query workers stayed busy for {self.timeout:g} s") from None
            if worker.process.is_alive():
                return worker
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


class InThreadRunner:
    """Queries evaluated in the calling thread: no timeout, for comparison and embedding."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.size = 0
        self.timeouts = 0
        self.restarts = 0
        self.in_thread = 0
        self.generation = 0

    def invalidate(self) -> None:
        """The store is read in place (or the service is asked): nothing to reopen, only count the write."""
        self.generation += 1

    def run(self, job: Job) -> Answer:
        self.in_thread += 1
        return execute(self.store, job)

    def close(self) -> None:
        """Nothing runs in the background."""


class RemoteRunner(InThreadRunner):
    """Queries sent, from the calling thread, to the remote SPARQL service the store stands for.

    The service evaluates the query, so there is nothing to run locally and no
    process to kill: the timeout is the store's HTTP read timeout (set the
    service's own query timeout too, so that it stops working as well).  The
    service answers in SPARQL JSON or N-Triples, which every SPARQL 1.1 service
    writes; the answer is then capped and written in the client's format exactly
    as the embedded store's answers are.
    """

    def run(self, job: Job) -> Answer:
        """Run ``job`` on the service; raises QuerySyntaxError, NotAcceptable, QueryTimeout or StoreError."""
        started = time.perf_counter()
        graph_form = query_form(job.query) in ("CONSTRUCT", "DESCRIBE")
        accept = "application/n-triples" if graph_form else "application/sparql-results+json"
        try:
            body, media_type = self.store.run_serialized(job.query, accept, job.bindings, job.dataset)
        except StoreTimeout as error:
            self.timeouts += 1
            raise QueryTimeout(str(error)) from None
        media_type = media_type.split(";")[0].strip().lower()
        try:
            if graph_form:
                answer = _graph_answer(_capped(_as_ntriples(body, media_type), None, 0, job.max_rows),
                                       _pick(job.graph_types, GRAPH_FORMATS, "CONSTRUCT or DESCRIBE"))
            else:
                answer = _serialise(ox.parse_query_results(body, format=_results_format(media_type)), job)
        except SyntaxError as error:
            raise StoreUnavailable(f"the SPARQL service sent an answer that does not parse as {media_type}: "
                                   f"{' '.join(str(error).split())}") from None
        return Answer(answer.form, answer.body, answer.media_type, answer.count, answer.truncated,
                      time.perf_counter() - started)

    def close(self) -> None:
        """Close the store's HTTP sessions."""
        self.store.close()


def _results_format(media_type: str) -> ox.QueryResultsFormat:
    known = ox.QueryResultsFormat.from_media_type(media_type)
    if known is None:
        raise StoreUnavailable(f"the SPARQL service answered a query in {media_type}, not in a SPARQL results format")
    return known


def _as_ntriples(body: bytes, media_type: str) -> bytes:
    """The service's graph answer as N-Triples (most services send it as asked; some send Turtle)."""
    if media_type in ("application/n-triples", "text/plain"):
        return body
    known = ox.RdfFormat.from_media_type(media_type)
    if known is None:
        raise StoreUnavailable(f"the SPARQL service answered a CONSTRUCT in {media_type}, not in an RDF format")
    return ox.serialize(ox.parse(body, format=known), format=ox.RdfFormat.N_TRIPLES)


#: What the endpoint hands its queries to.
Runner = QueryRunner | InThreadRunner
