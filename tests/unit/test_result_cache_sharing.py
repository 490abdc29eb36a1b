"""Requests that miss the cache on the same query at the same time share one evaluation.

After a write empties the cache, the clients that ask a popular query
together would each evaluate it; with the cache on, the first evaluates and
the others wait for its answer, which is the answer their own evaluation would
have given (same query, same store state).  A request of another generation,
a failed evaluation, or the cache off: each request evaluates.
"""
from __future__ import annotations

import threading
import time

from lpskg.store import Answer, Dataset, Job, ResultCache

JOB = Job("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", None, Dataset(), ("text/csv",), ())


class Slow:
    """An evaluation that takes a while (so that others arrive meanwhile) and counts its calls."""

    def __init__(self, fail: bool = False) -> None:
        self.calls = 0
        self.fail = fail
        self.lock = threading.Lock()

    def __call__(self) -> Answer:
        with self.lock:
            self.calls += 1
        time.sleep(0.3)
        if self.fail:
            raise RuntimeError("the engine refused it")
        return Answer("SELECT", f"answer {self.calls}".encode(), "text/csv", 1, False)


def together(cache: ResultCache, generations: list[int], evaluate) -> list[Answer | Exception]:
    """Ask JOB's key at each of ``generations`` from as many threads at once."""
    found: list[Answer | Exception] = [None] * len(generations)  # type: ignore[list-item]

    def ask(i: int, generation: int) -> None:
        try:
            found[i] = cache.evaluate_once(cache.key(JOB), generation, evaluate)
        except Exception as error:  # noqa: BLE001 - the test looks at what each request got
            found[i] = error

    threads = [threading.Thread(target=ask, args=(i, g)) for i, g in enumerate(generations)]
    for thread in threads:
        thread.start()
        time.sleep(0.02)
    for thread in threads:
        thread.join()
    return found


def test_concurrent_misses_share_one_evaluation() -> None:
    cache, slow = ResultCache(1_000_000, generation=5), Slow()
    answers = together(cache, [5, 5, 5, 5], slow)
    assert slow.calls == 1 and cache.stats().shared == 3
    assert {answer.body for answer in answers} == {b"answer 1"}


def test_another_generation_or_the_cache_off_evaluates_again() -> None:
    cache, slow = ResultCache(1_000_000, generation=5), Slow()
    together(cache, [5, 6], slow)
    assert slow.calls == 2, "a request after a write does not take the answer of one before it"
    off, slow = ResultCache(0, generation=5), Slow()
    together(off, [5, 5, 5], slow)
    assert slow.calls == 3, "with the cache off every request is evaluated"


def test_when_the_shared_evaluation_fails_each_waiting_request_evaluates_itself() -> None:
    cache, slow = ResultCache(1_000_000, generation=5), Slow(fail=True)
    answers = together(cache, [5, 5, 5], slow)
    assert slow.calls == 3
    assert all(isinstance(answer, RuntimeError) for answer in answers)
    assert cache.stats().shared == 0
