"""Diagnosis latency: a stored case diagnosed against the framework, on the bundle and on about 1M triples.

The illustrative cases of ``examples/`` are submitted to a fresh store (the
bundle, or the synthetic graph of ``bench/generate.py``, bulk-loaded), and each
is then diagnosed as ``lpskg case diagnose ID`` and ``GET /api/cases/ID/diagnosis``
do (:func:`lpskg.contributions.diagnose_case`).  Measured in the same run:

* **rule path** (what lpskg runs): the rules over an in-memory copy of the
  framework with the one case graph added; the copy is read from the store
  when first needed and kept until a write changes the bundled graphs (a first
  diagnosis, with that read, is reported apart as ``cold``);
* **framework read per diagnosis**: the same diagnosis with the framework read
  from the store, its patterns compiled and its rules read anew each time, the
  alternative of not keeping them per write generation (the rules write their
  working graphs, so they run only on the in-memory copy, never on the store);
* **OWL path**: HermiT classifying the case's evidence over the ontology and
  the shipped data (``lpskg.knowledge.reasoning.classify``), a few runs only.

    python bench/diagnosis.py                       # bundle and 1m, 30 diagnoses per case
    python bench/diagnosis.py --quick               # bundle and 100k, 10 per case (make bench BENCH_ARGS=--quick)
    python bench/diagnosis.py --sizes bundle --runs 10
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from rdflib import URIRef

from lpskg.contributions import add_case, diagnose_case, read_source
from lpskg.contributions.cases import build_case_file
from lpskg.knowledge.graphs import Graphs
from lpskg.knowledge.reasoning import classify, java_executable, reasoning_graph
from lpskg.namespaces import LPSKG, resource_iri
from lpskg.paths import ROOT

sys.path.insert(0, str(Path(__file__).resolve().parent))
from submission import open_store, percentile  # noqa: E402 - bench/submission.py

EXAMPLES = sorted((ROOT / "examples").glob("example-*.yaml"))


def timings(function: Callable[[], object], runs: int) -> list[float]:
    """Seconds of ``runs`` calls of ``function``."""
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    return seconds


def measure(size: str, workdir: Path, seed: int, runs: int, owl_runs: int) -> dict[str, object]:
    store = open_store(size, workdir, seed)
    try:
        graphs = Graphs(store)
        triples = store.triple_count()
        ids = []
        for path in EXAMPLES:
            outcome = add_case(graphs, read_source(path, 10_000_000), submitter="bench")
            ids.append(outcome.contributions[0].id)
        # a fresh write path has no framework copy yet: its first diagnosis reads it from the store (cold)
        cold = timings(lambda: diagnose_case(Graphs(store), ids[0]), 1)
        rule = [t for case_id in ids for t in timings(lambda: diagnose_case(graphs, case_id), runs)]
        on_store = [t for case_id in ids
                    for t in timings(lambda: diagnose_case(Graphs(store), case_id), max(3, runs // 5))]
        owl: list[float] = []
        if java_executable() is not None and owl_runs:
            for path in EXAMPLES:
                contribution = build_case_file(graphs, read_source(path, 10_000_000))
                evidence = [str(e) for e in contribution.graph.subjects(LPSKG.fromCase,
                                                                       URIRef(resource_iri("case", contribution.id)))]
                def hermit() -> None:
                    graph = reasoning_graph(with_data=True)
                    graph += contribution.graph
                    classify(graph, evidence)
                owl += timings(hermit, owl_runs)
        return {"size": size, "triples": triples, "cold_ms": cold[0] * 1000,
                "rule": summary(rule), "rules_on_store": summary(on_store), "owl": summary(owl) if owl else None}
    finally:
        store.close()
        shutil.rmtree(store.path.parent)


def summary(seconds: list[float]) -> dict[str, float]:
    return {"runs": len(seconds), "p50_ms": statistics.median(seconds) * 1000,
            "p99_ms": percentile(seconds, 0.99) * 1000}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="bundle,1m", help="bundle and/or 10k, 100k, 1m (comma-separated)")
    parser.add_argument("--runs", type=int, default=30, help="diagnoses per case on the rule path")
    parser.add_argument("--owl-runs", type=int, default=2, help="HermiT runs per case (0: skip)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--quick", action="store_true", help="bundle and 100k, fewer runs (as make bench's --quick)")
    parser.add_argument("--json", type=Path, default=None,
                        help="where the figures go (default bench/results/diagnosis.json, -quick.json with --quick)")
    # make bench hands the same BENCH_ARGS to bench/run.py: leave its other options to it
    args, _ = parser.parse_known_args(argv)
    if args.quick:
        args.sizes, args.runs, args.owl_runs = "bundle,100k", 10, 1
    args.json = args.json or ROOT / "bench" / "results" / f"diagnosis{'-quick' if args.quick else ''}.json"
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"{'store':>8} {'triples':>9} {'cold ms':>8} {'rule p50/p99 ms':>17} {'uncached p50 ms':>16} "
          f"{'HermiT p50 ms':>14} {'uncached/rule':>13} {'HermiT/rule':>11} {'target p50<200':>15}")
    results = []
    for size in args.sizes.split(","):
        result = measure(size.strip().lower(), args.workdir, args.seed, args.runs, args.owl_runs)
        results.append(result)
        rule, on_store, owl = result["rule"], result["rules_on_store"], result["owl"]
        hermit = f"{owl['p50_ms']:14.0f}" if owl else f"{'-':>14}"
        hermit_ratio = f"{owl['p50_ms'] / rule['p50_ms']:10.0f}x" if owl else f"{'-':>11}"
        print(f"{result['size']:>8} {result['triples']:>9} {result['cold_ms']:8.1f} "
              f"{rule['p50_ms']:8.1f}/{rule['p99_ms']:<8.1f} {on_store['p50_ms']:16.1f} {hermit} "
              f"{on_store['p50_ms'] / rule['p50_ms']:9.1f}x {hermit_ratio} "
              f"{'met' if rule['p50_ms'] < 200 else 'MISSED':>15}", flush=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
