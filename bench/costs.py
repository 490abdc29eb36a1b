"""What lpskg's own features cost at a graph size: full SHACL validation, and keeping entailments.

Each function runs in a fresh process (see ``run.py``), so that the memory an
rdflib graph of a million triples takes is given back before the next step.
"""
from __future__ import annotations

import statistics
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from lpskg.knowledge.graphs import Graphs, ontology_tbox
from lpskg.knowledge.validation import validate
from lpskg.namespaces import GRAPH
from lpskg.store import (
    EmbeddedStore,
    graph_as_insert,
    to_rdflib,  # the store's own Oxigraph-to-rdflib term mapping
)

import submission
from generate import Generator
from measure import percentile

_INFERRED = f"{GRAPH}inferred/"


def full_validation(dataset: Path) -> dict:
    """Seconds to validate every asserted triple of ``dataset`` (entailment graphs left out)."""
    graph = Graph()
    for quad in ox.parse(path=str(dataset), format=ox.RdfFormat.N_QUADS):
        if not quad.graph_name.value.startswith(_INFERRED):
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    started = time.perf_counter()
    report = validate(graph)
    seconds = time.perf_counter() - started
    violations = [v for v in report.violations if v.severity == "Violation"]
    return {"seconds": seconds, "triples": len(graph), "conforms": report.conforms,
            "violations": len(violations)}


def entailment_cost(store_path: Path, samples: int, seed: int) -> dict:
    """The cost per submission of keeping entailments, on the persisted store of ``store_path``.

    ``samples`` fresh synthetic cases are stored twice each under new graph
    names: once alone (straight into the store), once through the write path
    with their entailments, as a submission stores them; the difference, plus
    computing the entailments, is the cost.  The sample graphs are removed
    afterwards.
    """
    generator = Generator(seed)
    store = EmbeddedStore(store_path)
    graphs = Graphs(store)
    tbox = ontology_tbox()
    entail_ms, plain_ms, with_ms, added, sizes = [], [], [], [], []
    try:
        for number in range(900_001, 900_001 + samples):
            name, graph, _ = generator.case(number)
            sizes.append(len(graph))
            started = time.perf_counter()
            inferred = tbox.entail(graph)
            entail_ms.append((time.perf_counter() - started) * 1000)
            added.append(len(inferred))
            started = time.perf_counter()
            store.update(graph_as_insert(name, graph))
            plain_ms.append((time.perf_counter() - started) * 1000)
            store.update(f"DROP GRAPH <{name}>")
            started = time.perf_counter()
            graphs.put({name: graph})
            with_ms.append((time.perf_counter() - started) * 1000 - entail_ms[-1])
            graphs.drop([name])
    finally:
        store.close()
    entail, plain, full = (statistics.median(v) for v in (entail_ms, plain_ms, with_ms))
    return {"samples": samples, "entail_ms": entail, "store_without_ms": plain, "store_with_ms": full,
            "extra_ms": entail + full - plain, "inferred_triples": statistics.median(added),
            "submission_triples": statistics.median(sizes)}


def submission_latency(store_path: Path, runs: int) -> dict:
    """Case submissions (link, validate, store) on the persisted store, timed by bench/submission.py.

    The submissions stay in the store; the benchmark builds a fresh store on its next run.
    """
    store = EmbeddedStore(store_path)
    try:
        times = submission.measure(store, runs)
    finally:
        store.close()
    found = {"samples": len(times["total"])}
    for phase, seconds in times.items():
        milliseconds = [s * 1000 for s in seconds]
        found[phase] = {"median_ms": statistics.median(milliseconds), "p99_ms": percentile(milliseconds, 0.99)}
    found["median_ms"], found["p99_ms"] = found["total"]["median_ms"], found["total"]["p99_ms"]
    return found
