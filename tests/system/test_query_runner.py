"""The query worker pool: known-cheap queries skip the trip to a worker, and only those.

A query is evaluated in the calling thread only after it ran to completion in a
worker, under ``KNOWN_CHEAP_SECONDS``, on the same store state; any write sends
it back to a worker.  Everything else keeps the worker and its timeout.
"""
from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from rdflib import URIRef

from lpskg.store import Answer, EmbeddedStore, Job, QueryTimeout, WorkerPool, workers

LABEL = "SELECT ?paradox ?label WHERE { ?paradox rdfs:label ?label }"
LEARNING = URIRef("https://w3id.org/lpskg/resource/paradox/learning")
BELONGING = URIRef("https://w3id.org/lpskg/resource/paradox/belonging")
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture
def store(writable_store_path: Path) -> Iterator[EmbeddedStore]:
    opened = EmbeddedStore(writable_store_path)
    yield opened
    opened.close()


@pytest.fixture
def pool(store: EmbeddedStore) -> Iterator[WorkerPool]:
    runner = WorkerPool(store, size=1, timeout=3)
    yield runner
    runner.close()


def labels(answer: Answer) -> list[str]:
    return [row["label"]["value"] for row in json.loads(answer.body)["results"]["bindings"]]


def test_a_repeated_cheap_query_is_answered_in_thread_with_the_same_answer(pool):
    job = Job(LABEL, {"paradox": LEARNING})
    first = pool.run(job)
    assert pool.in_thread == 0
    second = pool.run(job)
    assert pool.in_thread == 1
    assert second.body == first.body and labels(second) == ["learning paradox"]


def test_other_bindings_are_another_query(pool):
    pool.run(Job(LABEL, {"paradox": LEARNING}))
    assert labels(pool.run(Job(LABEL, {"paradox": BELONGING}))) == ["belonging paradox"]
    assert pool.in_thread == 0


def test_a_worker_killed_while_idle_and_reaped_elsewhere_gets_no_query(pool):
    """A worker that died while idle and whose exit status something else collected still looks alive to
    ``is_alive``: the query it cannot take goes to its replacement instead of failing."""
    pool.run(Job(LABEL, {"paradox": BELONGING}))
    [victim] = [child for child in psutil.Process().children() if "spawn_main" in " ".join(child.cmdline())]
    os.kill(victim.pid, signal.SIGKILL)
    os.waitpid(victim.pid, 0)  # reaped here, not by the pool
    assert labels(pool.run(Job(LABEL, {"paradox": LEARNING}))) == ["learning paradox"]
    assert pool.restarts == 1 and not psutil.pid_exists(victim.pid)


def test_a_write_sends_known_queries_back_to_a_worker_which_sees_the_write(pool, store):
    job = Job(LABEL, {"paradox": LEARNING})
    pool.run(job)
    store.update(f'INSERT DATA {{ GRAPH <urn:test:g> {{ <{LEARNING}> rdfs:label "learning (renamed)" }} }}')
    pool.invalidate()
    answer = pool.run(job)
    assert pool.in_thread == 0
    assert sorted(labels(answer)) == ["learning (renamed)", "learning paradox"]
    assert pool.run(job).body == answer.body and pool.in_thread == 1


def test_a_query_slower_than_the_limit_always_goes_to_a_worker(pool, monkeypatch):
    monkeypatch.setattr(workers, "KNOWN_CHEAP_SECONDS", 0.0)
    job = Job(LABEL, {"paradox": LEARNING})
    for _ in range(3):
        assert labels(pool.run(job)) == ["learning paradox"]
    assert pool.in_thread == 0


def test_a_new_runaway_query_is_still_stopped_after_many_cheap_ones(pool):
    for _ in range(5):
        pool.run(Job(LABEL, {"paradox": LEARNING}))
    with pytest.raises(QueryTimeout, match="3 s timeout"):
        pool.run(Job(RUNAWAY))
    assert pool.timeouts == 1
    assert labels(pool.run(Job(LABEL, {"paradox": LEARNING}))) == ["learning paradox"]
