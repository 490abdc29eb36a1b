"""What running endpoint queries in worker processes costs, against running them in-thread.

The endpoint evaluates every /sparql query in a pool of worker processes
(``lpskg.store.workers.WorkerPool``) so that a timeout can kill the query.
This measures, on the bundled graph, the same jobs (same serialisation, same
row cap) through the pool and through ``InThreadRunner``:

* a cheap query (one label lookup) - the overhead is the pipe round trip,
  paid by a query the pool sees for the first time and skipped by one it
  already ran fast on the same store state (it is then run in-thread);
* a heavy one (a three-hop join with GROUP BY over the whole store);
* the cost of a write: the next query reopens the read-only view;
* how long a killed worker takes to be replaced and answer again.

Usage: ``python bench/query_runner_overhead.py [--repeat N]`` (about 20 s).
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lpskg.knowledge.bundle import load_bundle
from lpskg.knowledge.graphs import Graphs
from lpskg.store import EmbeddedStore, InThreadRunner, Job, QueryTimeout, WorkerPool

CHEAP = "SELECT ?label WHERE { <https://w3id.org/lpskg/resource/paradox/learning> rdfs:label ?label }"
HEAVY = """SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?b ?q ?c . ?c ?r ?d } GROUP BY ?a ORDER BY DESC(?n) LIMIT 20"""
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def timed(runner, job: Callable[[int], Job], repeat: int) -> list[float]:
    """Milliseconds of ``repeat`` runs of ``job(i)``, after a warm-up run."""
    runner.run(job(-1))  # warm up: first query of a worker, caches
    times = []
    for i in range(repeat):
        started = time.perf_counter()
        runner.run(job(i))
        times.append((time.perf_counter() - started) * 1000)
    return times


def summary(times: list[float]) -> str:
    return f"median {statistics.median(times):8.3f} ms   p90 {sorted(times)[int(len(times) * 0.9) - 1]:8.3f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="runs of the cheap query (heavy: a tenth)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        store = EmbeddedStore(Path(directory) / "store")
        load_bundle(Graphs(store))
        quads = store.triple_count()
        pool = WorkerPool(store, size=2, timeout=5)
        in_thread = InThreadRunner(store)
        print(f"bundled graph: {quads} quads; pool of 2 worker processes vs in-thread\n")
        for name, query, repeat in (("label lookup", CHEAP, args.repeat), ("3-hop join + GROUP BY", HEAVY,
                                                                            max(args.repeat // 10, 5))):
            thread_times = timed(in_thread, lambda i: Job(query), repeat)
            print(f"{name:24} in-thread       {summary(thread_times)}")
            for label, job in (("pool, new", lambda i: Job(f"{query}\n# run {i}")),  # a text never seen
                               ("pool, repeated", lambda i: Job(query))):
                times = timed(pool, job, repeat)
                overhead = statistics.median(times) - statistics.median(thread_times)
                print(f"{'':24} {label:15} {summary(times)}   overhead {overhead:+.3f} ms")
            print()
        write_times = []
        for n in range(10):
            store.update(f"INSERT DATA {{ GRAPH <urn:bench:w> {{ <urn:s> <urn:p> {n} }} }}")
            pool.invalidate()
            started = time.perf_counter()
            pool.run(Job(CHEAP))
            write_times.append((time.perf_counter() - started) * 1000)
        print(f"{'query after a write':24} pool      {summary(write_times)}   (view reopened)")
        started = time.perf_counter()
        try:
            pool.run(Job(ENDLESS))
        except QueryTimeout:
            stopped = time.perf_counter() - started
        recovered_at = time.perf_counter()
        for _ in range(2):  # both workers answer: the killed one has been replaced
            pool.run(Job(CHEAP))
        print(f"{'timeout (5 s)':24} stopped after {stopped:.2f} s; next two queries answered "
              f"{(time.perf_counter() - recovered_at) * 1000:.0f} ms later (includes the replacement's start)")
        pool.close()
        store.close()


if __name__ == "__main__":
    main()
