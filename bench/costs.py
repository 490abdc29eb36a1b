"""What lpskg's own features cost at a graph size: full SHACL validation, and keeping entailments.

Each function runs in a fresh process (see ``run.py``), so that the memory an
rdflib graph of a million triples takes is given back before the next step.
"""
from __future__ import annotations

import multiprocessing
import os
import statistics
import time
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from lpskg.knowledge.graphs import Graphs, ontology_tbox
from lpskg.knowledge.validation import load_shapes, validate
from lpskg.namespaces import GRAPH, SH
from lpskg.store import (
    EmbeddedStore,
    graph_as_insert,
    to_rdflib,  # the store's own Oxigraph-to-rdflib term mapping
)

import submission
from generate import Generator
from measure import percentile

_INFERRED = f"{GRAPH}inferred/"
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


#: How many nodes one validation takes at a time (about 1.5 GB of rdflib graphs): a graph of 1M triples in one,
#: one of 10M in about ten, so that the memory it needs does not grow with the graph.
CHUNK_NODES = 150_000
#: How many violations the results keep, to show what is wrong.
FIRST_VIOLATIONS = 10


def full_validation(store_path: Path, chunk_nodes: int = CHUNK_NODES, workers: int | None = None) -> dict:
    """Validate every node the asserted graphs of the store at ``store_path`` describe (entailment graphs
    left out), as one validation of the merged graph would, a chunk of nodes at a time, the chunks side by
    side on ``workers`` processes (default: every core; at 10M triples one core takes about 45 min).

    For each chunk, pyshacl sees everything the shapes read of those nodes:
    their triples in every asserted graph, the triples that point to them by a
    property some shape follows backwards (``sh:inversePath``), and the types of
    every node at the other end (for ``sh:class``; the class hierarchy is added
    by :func:`lpskg.knowledge.validation.validate`).  The shapes' paths are one
    step long, so this is the whole-graph validation, in bounded memory per process.
    """
    store = ox.Store.read_only(str(store_path))
    started = time.perf_counter()
    asserted = sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)
                       and not g.value.startswith(_INFERRED)), key=lambda g: g.value)
    kept = set(asserted)
    backwards = {ox.NamedNode(str(p)) for p in load_shapes().objects(None, SH.inversePath)}
    types: dict[object, list[ox.Quad]] = defaultdict(list)
    pointing: dict[object, list[ox.Quad]] = defaultdict(list)
    for quad in store.quads_for_pattern(None, None, None, None):
        if quad.graph_name in kept:
            if quad.predicate == _TYPE:
                types[quad.subject].append(quad)
            if quad.predicate in backwards:
                pointing[quad.object].append(quad)
    triples, seen, chunks, chunk = 0, set(), [], []
    for graph in asserted:
        for quad in store.quads_for_pattern(None, None, None, graph):
            triples += 1
            if quad.subject not in seen:
                seen.add(quad.subject)
                chunk.append(quad.subject)
        if len(chunk) >= chunk_nodes:
            chunks.append(chunk)
            chunk = []
    if chunk:
        chunks.append(chunk)
    del store  # each process opens its own: a RocksDB handle does not cross a fork
    # The index is read once, here; forked processes inherit it (copy on write) instead of each reading it.
    shared = {"store": str(store_path), "kept": kept, "types": types, "pointing": pointing}
    processes = max(1, min(workers or os.cpu_count() or 1, len(chunks)))
    with multiprocessing.get_context("fork").Pool(processes, initializer=_SHARED.update, initargs=(shared,)) as pool:
        parts = pool.map(_validate_chunk, chunks, chunksize=1)
    violations = sum(part["violations"] for part in parts)
    return {"triples": triples, "nodes": len(seen), "chunks": len(chunks), "processes": processes,
            "violations": violations, "warnings": sum(part["warnings"] for part in parts),
            "first_violations": [v for part in parts for v in part["first_violations"]][:FIRST_VIOLATIONS],
            "conforms": violations == 0, "seconds": time.perf_counter() - started}


#: In a process of :func:`full_validation`: the store's path and the index it read (set when the process starts).
_SHARED: dict = {}


def _validate_chunk(nodes: list) -> dict:
    """Validate ``nodes`` with what the shapes read of them (in a process of :func:`full_validation`)."""
    store = ox.Store.read_only(_SHARED["store"])
    kept, types, pointing = _SHARED["kept"], _SHARED["types"], _SHARED["pointing"]
    data, context = Graph(), Graph()

    def add(target: Graph, quad: ox.Quad) -> None:
        target.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))

    ends = set()
    for node in nodes:
        for quad in store.quads_for_pattern(node, None, None, None):
            if quad.graph_name in kept:
                add(data, quad)
                if not isinstance(quad.object, ox.Literal):
                    ends.add(quad.object)
        for quad in pointing.get(node, ()):
            add(context, quad)
            ends.add(quad.subject)
    for end in ends:
        for quad in types.get(end, ()):
            add(context, quad)
    report = validate(data, context=context, focus_nodes=[to_rdflib(node) for node in nodes])
    found: dict = {"violations": 0, "warnings": 0, "first_violations": []}
    for violation in report.violations:
        if violation.severity == "Violation":
            found["violations"] += 1
            if len(found["first_violations"]) < FIRST_VIOLATIONS:
                found["first_violations"].append({"focus": violation.focus, "path": violation.path,
                                                  "message": violation.message, "value": violation.value})
        else:
            found["warnings"] += 1
    return found


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
