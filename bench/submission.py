"""Case submission latency: link, validate and store, on the bundle and on a store of about 1M triples.

Each run submits the example case (``examples/example-pumps.yaml``) under a new
id, with its new concepts renamed so that they stay new, through
:func:`lpskg.contributions.add_case` exactly as ``lpskg case add`` does.  The phases are
timed by wrapping the functions ``add_case`` calls (parse, link, validate,
store); the total is the whole call.  The large store is the synthetic graph of
``bench/generate.py`` (generated on first use into ``var/bench``), bulk-loaded
into a fresh embedded store.

    python bench/submission.py                      # bundle and 1M, 50 submissions each
    python bench/submission.py --sizes bundle --runs 20
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from lpskg.contributions import SourceFile, cases, storing
from lpskg.knowledge.bundle import load_bundle
from lpskg.knowledge.graphs import Graphs
from lpskg.paths import ROOT
from lpskg.store import EmbeddedStore

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402 - bench/generate.py, the synthetic graph

EXAMPLE = ROOT / "examples" / "example-pumps.yaml"
#: The labels the example marks as new: renamed per run so that they stay new.
NEW_LABELS = ("autonomous mobile robots", "speed of digital change", "stability of standard work")
#: Phase -> (module, function) whose calls are timed.
PHASES = {"parse": (cases, "parse_case"), "index": (cases, "concept_index"), "link": (cases, "build_case"),
          "validate": (storing, "validate_contribution")}


def case_file(number: int) -> SourceFile:
    """The example case as submission ``number``: its own id and its own new concepts."""
    text = EXAMPLE.read_text(encoding="utf-8").replace("id: example-pumps", f"id: bench-{number}")
    for label in NEW_LABELS:
        text = text.replace(label, f"{label} {number}")
    return SourceFile(f"bench-{number}.yaml", text.encode(), "yaml")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def open_store(size: str, workdir: Path, seed: int) -> EmbeddedStore:
    """A fresh store with the bundle, or with the synthetic graph of ``size`` triples."""
    store = EmbeddedStore(Path(tempfile.mkdtemp(dir=workdir, prefix=f"submission-{size}-")) / "store")
    if size == "bundle":
        load_bundle(Graphs(store))
        return store
    dataset, _ = generate.cached(size, seed)
    print(f"… bulk-loading {dataset.name}", file=sys.stderr)
    store.bulk_load(dataset, ox.RdfFormat.N_QUADS)
    return store


def timed(record: list[float], function: Callable) -> Callable:
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            record.append(time.perf_counter() - started)
    return wrapper


def measure(store: EmbeddedStore, runs: int) -> dict[str, list[float]]:
    """Seconds per phase and in total for ``runs`` submissions (plus one unmeasured warm-up)."""
    times: dict[str, list[float]] = defaultdict(list)
    originals = {name: getattr(module, function) for name, (module, function) in PHASES.items()}
    for name, (module, function) in PHASES.items():
        setattr(module, function, timed(times[name], originals[name]))
    store.update = timed(times["store"], store.update)  # type: ignore[method-assign]
    graphs = Graphs(store)
    try:
        for number in range(runs + 1):
            if number == 1:  # the first submission warms caches up: not counted
                for values in times.values():
                    values.clear()
            started = time.perf_counter()
            cases.add_case(graphs, case_file(number), submitter="bench")
            times["total"].append(time.perf_counter() - started)
    finally:
        for name, (module, function) in PHASES.items():
            setattr(module, function, originals[name])
        del store.update
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="bundle,1m", help="bundle and/or 10k, 100k, 1m (comma-separated)")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=ROOT / "var" / "bench")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    columns = ["parse", "index", "link", "validate", "store", "total"]
    print(f"{'store':>8} {'triples':>9}  " + "  ".join(f"{c + ' p50/p99 ms':>20}" for c in columns))
    for size in args.sizes.split(","):
        store = open_store(size.strip().lower(), args.workdir, args.seed)
        try:
            triples = store.triple_count()
            times = measure(store, args.runs)
        finally:
            store.close()
            shutil.rmtree(store.path.parent)
        cells = [f"{statistics.median(times[c]) * 1000:9.1f}/{percentile(times[c], 0.99) * 1000:<9.1f}"
                 for c in columns]
        print(f"{size:>8} {triples:>9}  " + "  ".join(f"{cell:>20}" for cell in cells), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
