"""Serialised answers kept for the next client that asks the same question of the same store state.

The endpoint's workload is read-mostly and repetitive: the paradox map, the
named queries behind the REST API and the comparison view ask the same
questions until someone writes.  So an :class:`~lpskg.store.answers.Answer`
is kept under its **key** -- the query's normal form (comments and layout
dropped), its bound parameters, its dataset, the media types the client
accepts, the row cap and the base IRI -- and the **write generation** it was
computed at.  Every write moves the generation (the one write path,
``lpskg.knowledge.graphs.Graphs``, calls :meth:`ResultCache.moved` from its
listeners) and forgets every answer it may have changed, so nothing stale is
ever served (:class:`~lpskg.store.generations.PerGeneration`, the one mechanism
for what is kept per generation).  An answer survives a write only when its
query could not read what the write changed: its dataset names its graphs
(``default-graph-uri``, and ``named-graph-uri`` or no ``GRAPH`` pattern to
reach any other), and none of them is among the graphs the write touched,
their entailments included (:func:`kept_across`).  A query over the union of
all graphs (the default) can read any graph a write adds, so its answer goes.

Concurrent misses of one key at one generation are evaluated once
(:meth:`ResultCache.evaluate_once`): after a write empties the cache, the
clients that ask a popular query at the same time share its evaluation
instead of each paying for it, and each gets the answer its own evaluation
would have given (the same query on the same store state).

The cache is bounded in bytes (body and key), least recently used out first;
an answer larger than a quarter of the bound is not kept.  Over a store that
other clients also write, there is no generation to trust (``None``): nothing
is kept and no ETag is given.  A query that calls RAND, NOW, UUID, STRUUID or
BNODE is never kept, since its next evaluation may differ.
"""
from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ..sparql_text import is_repeatable, normalise_query, reads_named_graphs
from .base import Answer, Dataset, Job
from .generations import PerGeneration

#: What an entry costs beyond its body and key text (the tuple, the Answer, the dict slot), in bytes.
ENTRY_OVERHEAD = 400
#: An answer bigger than this share of the bound is served but not kept: it would push out many others.
LARGEST_SHARE = 4
#: How long a request waits for another's evaluation of the same query before it evaluates the query itself.
SHARED_WAIT_SECONDS = 60.0

Key = tuple


@lru_cache(maxsize=2048)
def _normal(text: str) -> tuple[str, bool]:
    """A query's normal form and whether it may be kept, computed once per distinct text."""
    return normalise_query(text), is_repeatable(text)


@dataclass(frozen=True)
class CacheStats:
    """What ``/metrics`` reports of the cache."""

    hits: int
    misses: int
    entries: int
    bytes: int
    max_bytes: int
    evictions: int
    shared: int = 0


class ResultCache:
    """Answers by key at one write generation, at most ``max_bytes`` of them (0: keep nothing).

    ``generation`` is the store's write generation, or None over a store that
    others write too.  Thread-safe: the request threads share one cache.
    """

    def __init__(self, max_bytes: int, generation: int | None) -> None:
        self.max_bytes = max_bytes
        self._answers: PerGeneration[Key, Answer] = PerGeneration(generation, max_bytes=max_bytes,
                                                                  weigh=_weight, carry=kept_across)
        self._flights: dict[tuple[Key, int], _Flight] = {}
        self._flights_lock = threading.Lock()
        self.shared = 0  # misses answered by another request's evaluation

    @property
    def generation(self) -> int | None:
        """The generation answers are kept at now (None: nothing is kept)."""
        return self._answers.generation

    @staticmethod
    def key(job: Job) -> Key | None:
        """What identifies ``job``'s answer at one store state; None for a query that must not be kept."""
        text, repeatable = _normal(job.query)
        if not repeatable:
            return None
        bindings = tuple(sorted((name, term.n3()) for name, term in job.bindings.items())) if job.bindings else ()
        return (text, bindings, job.dataset, job.result_types, job.graph_types, job.max_rows, job.base_iri)

    @staticmethod
    def etag(key: Key | None, generation: int | None) -> str | None:
        """A strong entity tag naming the answer to ``key`` at ``generation`` (None when there is none)."""
        if key is None or generation is None:
            return None
        digest = hashlib.blake2b(repr(key).encode("utf-8"), digest_size=10).hexdigest()
        return f'"g{generation}-{digest}"'

    def get(self, key: Key | None, generation: int | None) -> Answer | None:
        """The answer kept for ``key`` at ``generation``, or None (counted as a miss)."""
        if key is None or generation is None or self.max_bytes <= 0:
            return None
        return self._answers.get(key, generation)

    def put(self, key: Key | None, generation: int | None, answer: Answer) -> bool:
        """Keep ``answer`` if it was computed at the current generation and fits; True if kept.

        ``generation`` must have been read *before* the query was evaluated (see
        :meth:`PerGeneration.put`).  An answer larger than a share of the bound is
        not kept: it would push out many others.
        """
        if key is None or _weight(key, answer) > self.max_bytes // LARGEST_SHARE:
            return False
        return self._answers.put(key, answer, generation)

    def evaluate_once(self, key: Key | None, generation: int | None, evaluate: Callable[[], Answer]) -> Answer:
        """``evaluate()``, unless a request is already evaluating ``key`` at ``generation``: then its answer.

        Only while the cache is on (it is what lets requests share answers):
        with it off, every request is evaluated.  A request that waited for an
        evaluation that failed, or that took longer than
        :data:`SHARED_WAIT_SECONDS`, evaluates the query itself.
        """
        if key is None or generation is None or self.max_bytes <= 0:
            return evaluate()
        with self._flights_lock:
            flight = self._flights.get((key, generation))
            leading = flight is None
            if leading:
                flight = self._flights[(key, generation)] = _Flight()
        if not leading:
            if flight.done.wait(SHARED_WAIT_SECONDS) and flight.answer is not None:
                with self._flights_lock:
                    self.shared += 1
                return flight.answer
            return evaluate()
        try:
            flight.answer = evaluate()
            return flight.answer
        finally:
            with self._flights_lock:
                del self._flights[(key, generation)]
            flight.done.set()

    def moved(self, generation: int | None, touched: frozenset[str | None] | None = None) -> None:
        """The store was written: answers are kept at ``generation`` from now on.

        ``touched`` are the graphs the write changed, their entailment graphs
        included (None: it cannot say which); of the old answers only those
        :func:`kept_across` the write stay."""
        self._answers.moved(generation, touched)

    def stats(self) -> CacheStats:
        """Hits, misses, entries and bytes now."""
        answers = self._answers
        return CacheStats(answers.hits, answers.misses, len(answers), answers.bytes, self.max_bytes,
                          answers.evictions, self.shared)


class _Flight:
    """One evaluation in progress, which requests for the same answer wait for."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.answer: Answer | None = None


def kept_across(key: Key, answer: Answer, touched: frozenset[str | None] | None) -> Answer | None:
    """``answer`` if the write that changed the graphs ``touched`` cannot have changed it, else None.

    That is when the query's dataset names every graph it can read -- its
    default graphs, and its named graphs or no ``GRAPH`` pattern -- and the
    write changed none of them.  A write that cannot say what it changed, or
    that wrote the store's unnamed default graph, keeps nothing.
    """
    text, dataset = key[0], key[2]
    if touched is None or None in touched or not isinstance(dataset, Dataset) or dataset.from_query \
            or dataset.default_graphs is None:
        return None
    if dataset.named_graphs is None and reads_named_graphs(text):
        return None
    readable = {*dataset.default_graphs, *(dataset.named_graphs or ())}
    return None if readable & touched else answer


def _weight(key: Key, answer: Answer) -> int:
    """What an entry costs: its body, its key's text and the bookkeeping around them, in bytes."""
    return len(answer.body) + len(key[0]) + sum(len(n) + len(v) for n, v in key[1]) + ENTRY_OVERHEAD
