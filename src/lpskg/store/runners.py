"""Who evaluates the endpoint's queries: the protocol every query runner follows, and the simplest one.

The endpoint hands each query to a runner as a :class:`~lpskg.store.answers.Job`
and gets back an :class:`~lpskg.store.answers.Answer`.  Over the embedded store
the runner is a pool of worker processes that can be killed when a query runs
past the timeout (:mod:`lpskg.store.workers`); over a remote SPARQL service the
service evaluates, so the query is sent from the request thread
(:class:`InThreadRunner`), and the HTTP read timeout bounds it.
"""
from __future__ import annotations

from typing import Protocol

from .base import Answer, Job, Store, StoreTimeout


class QueryTimeout(RuntimeError):
    """The query ran longer than the timeout; it was stopped."""


class QueryBusy(RuntimeError):
    """Every worker stayed busy for the whole timeout; the query was not started."""


class QueryFailed(RuntimeError):
    """The engine refused the query while evaluating it, or its worker died; the message says why."""


class WorkerLost(QueryFailed):
    """The worker process died while running the query (it has been replaced)."""


class QueryRunner(Protocol):
    """What the endpoint needs of whoever evaluates its queries.

    ``size`` is the number of worker processes (0 when queries run in the
    request thread); ``timeouts``, ``restarts`` and ``in_thread`` are counters
    for ``/metrics``.
    """

    size: int
    timeouts: int
    restarts: int
    in_thread: int

    def run(self, job: Job) -> Answer:
        """Answer ``job``; raises QuerySyntaxError, NotAcceptable, QueryTimeout, QueryBusy or QueryFailed."""

    def invalidate(self) -> None:
        """The store changed: whatever holds a view of it must see the new state."""

    def close(self) -> None:
        """Stop whatever runs in the background."""


class InThreadRunner:
    """Queries answered by the store in the calling thread.

    Over the embedded store there is then no timeout (``LPSKG_QUERY_WORKERS=0``,
    for embedding and comparison); over a remote service this is the normal
    runner, and a service that does not answer in time is a QueryTimeout.
    """

    size = 0

    def __init__(self, store: Store) -> None:
        self.store = store
        self.timeouts = 0
        self.restarts = 0
        self.in_thread = 0

    def run(self, job: Job) -> Answer:
        self.in_thread += 1
        try:
            return self.store.answer(job)
        except StoreTimeout as error:
            self.timeouts += 1
            raise QueryTimeout(str(error)) from None

    def invalidate(self) -> None:
        """The store is read in place: nothing to reopen."""

    def close(self) -> None:
        """Nothing runs in the background."""
