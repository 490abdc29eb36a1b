"""The benchmark: lpskg's endpoint against Oxigraph's server, rdflib-endpoint and Virtuoso, at 10k-10M triples.

    make bench                                    # 10k, 100k and 1M triples
    python bench/run.py --quick                   # 10k and 100k, few samples
    python bench/run.py --sizes 10m --systems lpskg,lpskg-cold,oxigraph,virtuoso --previous RUN.json

For each size: generate the graph (``generate.py``, cached under
``var/bench/``), load it into each system (time, peak RSS, size on disk),
validate the whole graph with the shapes and refuse to measure one that does
not conform (``--allow-nonconforming`` measures it anyway, and the report says
so in red), start the servers side by side (lpskg twice: cache on, and off for
the cold workload), run every named query on each, alternating
(``measure.py``), then the mixed workload (``mixed.py``: repeats, new queries,
a case submitted every 50 requests), fill lpskg's cache to its bound and read
every server's memory (and the peak seen while it served); then measure lpskg
alone: cold start on the persisted store, and at the largest size the cost of
a case submission and of keeping its entailments.  A system whose
``max_triples`` is below the size is left out of it (rdflib-endpoint above 2M,
which would need about 2 GB per million triples).  Results go to
``bench/results/<mode>-<date>T<time>.json``, a table to stdout, a plot to
``docs/benchmark.png``; ``report.py`` turns the JSON (of one run, or of a run
per size) into both and into the results of docs/benchmark.md.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import json
import multiprocessing
import platform
import statistics
import sys
import time
from importlib import metadata
from pathlib import Path
from urllib.request import urlopen

import mixed
from lpskg.config import RESULT_CACHE_BYTES
from lpskg.paths import ROOT

import costs
import generate
import measure
import report
from client import Connection, count_rows
from systems import SYSTEMS, Lpskg, PeakMemory, Server, ServerError, System, Virtuoso
from workload import named_workload

WORK = generate.WORK
RESULTS = ROOT / "bench" / "results"
COLD_STARTS = 3
ENTAILMENT_SAMPLES = 20
SUBMISSIONS = 100
MIXED_REQUESTS = {"full": 600, "quick": 300}


def in_child(function, *args):
    """Run ``function(*args)`` in a fresh process, so the memory it takes is returned after."""
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(function, *args).result()


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def fill_cache(server: Server, max_bytes: int) -> dict:
    """Ask lpskg distinct slices of the whole graph until its cache holds nearly its bound (or the graph
    runs out), so that its memory is read with the cache full; what the cache then holds."""
    connection = Connection(server.url, 60)
    base = server.url.rsplit("/", 1)[0]
    held = {}
    for offset in range(0, 2_000_000, 20_000):
        body = connection.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} OFFSET {offset} LIMIT 20000")
        if count_rows(body) == 0:
            break  # the whole graph is in the cache
        metrics = urlopen(base + "/metrics", timeout=30).read().decode()
        held = {line.split()[0].removeprefix("lpskg_result_cache_"): float(line.split()[1])
                for line in metrics.splitlines() if line.startswith("lpskg_result_cache_")}
        if held.get("bytes", 0) >= 0.9 * max_bytes or held.get("evictions_total", 0) > 0:
            break
    connection.close()
    return held


def bench_size(size: str, seed: int, systems: list[System], budgets: dict[str, measure.Budget],
               largest: bool, previous: dict | None, mixed_requests: int, only: set[str] | None = None,
               allow_nonconforming: bool = False) -> dict:
    """Every measurement at one graph size; ``previous`` is the result at the size before."""
    started = time.perf_counter()
    dataset, manifest = generate.cached(size, seed)
    workdir = WORK / f"work-{size}"
    workdir.mkdir(parents=True, exist_ok=True)
    result: dict = {"dataset": manifest, "load": {}, "start": {}, "memory_serving": {}, "memory_peak": {},
                    "queries": {}, "left_out": {}}
    for system in list(systems):
        if system.max_triples is not None and manifest["triples"] > system.max_triples:
            result["left_out"][system.name] = (f"not run above {system.max_triples:,} triples: it holds the graph "
                                               "in Python objects, more memory than the machine has")
            systems = [s for s in systems if s is not system]
    by_name = {s.name: s for s in systems}
    for system in systems:
        log(f"{size}: loading {system.name}")
        result["load"][system.name] = system.load(dataset, workdir)
    log(f"{size}: validating the whole graph with the shapes")
    result["validation"] = in_child(costs.full_validation, validation_store(systems, dataset, workdir))
    if not result["validation"]["conforms"] and not allow_nonconforming:
        result["refused"] = (f"the graph does not conform to the shapes ({result['validation']['violations']} "
                             "violations): not measured (--allow-nonconforming measures it anyway)")
        log(f"{size}: {result['refused']}")
        result["seconds"] = round(time.perf_counter() - started, 1)
        return result
    servers: list[Server] = []
    peaks: dict[str, PeakMemory] = {}
    try:
        for system in systems:
            log(f"{size}: starting {system.name}")
            server = system.serve(workdir, dataset)
            servers.append(server)
            peaks[server.name] = PeakMemory(server.process.pid, interval=1.0)
            result["start"][system.name] = {"seconds": server.started_seconds,
                                            "peak_rss": server.started_peak_rss}

        def restart(server: Server) -> Server:
            log(f"{size}: restarting {server.name} after a timeout")
            server.stop()
            peaks[server.name].stop()
            fresh = by_name[server.name].serve(workdir, dataset)
            peaks[server.name] = PeakMemory(fresh.process.pid, interval=1.0)
            return fresh

        workload = [q for q in named_workload() if only is None or q.name in only]
        for rotation, query in enumerate(workload):
            log(f"{size}: {query.name}")
            skip = predicted_timeouts(previous, manifest["triples"], query.name, budgets)
            figures = measure.measure_query(query, servers, lambda s: budgets[s.name], restart, rotation, skip)
            result["queries"][query.name] = {"kinds": list(query.kinds),
                                             "systems": {n: f.as_json() for n, f in figures.items()}}
        log(f"{size}: the mixed workload ({mixed_requests} requests per server)")
        result["mixed"] = mixed.measure_mixed(servers, workload, result, mixed_requests, seed,
                                              measure.QUERY_TIMEOUT + measure.GRACE, {})
        if "lpskg" in by_name:
            log(f"{size}: filling lpskg's cache of answers before reading memory")
            result["cache_filled"] = fill_cache(next(s for s in servers if s.name == "lpskg"),
                                                RESULT_CACHE_BYTES)
        for server in servers:
            result["memory_serving"][server.name] = server.memory()
            result["memory_peak"][server.name] = peaks[server.name].stop()
    finally:
        for server in servers:
            server.stop()
        for peak in peaks.values():
            peak.stop()
    if "lpskg" in by_name:
        result["lpskg"] = lpskg_costs(by_name["lpskg"], dataset, workdir, seed, largest)
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def validation_store(systems: list[System], dataset: Path, workdir: Path) -> Path:
    """A store holding ``dataset``: an lpskg system's, just loaded, or one loaded for the validation."""
    lpskg = next((s for s in systems if isinstance(s, Lpskg)), None)
    if lpskg is not None:
        return lpskg.store(workdir)
    scratch = Lpskg("validation")
    scratch.load(dataset, workdir)
    return scratch.store(workdir)


def predicted_timeouts(previous: dict | None, triples: int, query: str,
                       budgets: dict[str, measure.Budget]) -> dict[str, str]:
    """The servers not to ask ``query`` at a size of ``triples``: at the size before they timed
    out, or their time there, scaled linearly to this size, is over the timeout."""
    if previous is None:
        return {}
    growth = triples / previous["dataset"]["triples"]
    skip = {}
    for name, figures in previous["queries"].get(query, {}).get("systems", {}).items():
        if name not in budgets:
            continue  # measured in the previous run, not asked in this one
        timeout = budgets[name].timeout
        if figures["skipped"] or (figures["first_ms"] is None and figures["errors"]):
            skip[name] = f"over the {timeout:g} s timeout at the previous size already"
        elif figures["first_ms"] / 1000 * growth > timeout:
            skip[name] = (f"{figures['first_ms'] / 1000:.1f} s at {previous['dataset']['triples']} quads, "
                          f"linearly {figures['first_ms'] / 1000 * growth:.0f} s here: over the {timeout:g} s timeout")
    return skip


def lpskg_costs(system: System, dataset: Path, workdir: Path, seed: int, largest: bool) -> dict:
    """Cold start and (at the largest size) the cost of entailments per submission."""
    starts = []
    for _ in range(COLD_STARTS):
        server = system.serve(workdir, dataset)
        starts.append(server.started_seconds)
        server.stop()
    costs_: dict = {"cold_start_seconds": starts, "cold_start_median": statistics.median(starts)}
    if largest:
        log("measuring the cost of entailments per submission")
        costs_["entailments"] = in_child(costs.entailment_cost, system.store(workdir),
                                         ENTAILMENT_SAMPLES, seed + 1)
        log(f"measuring {SUBMISSIONS} case submissions")
        costs_["submission"] = in_child(costs.submission_latency, system.store(workdir), SUBMISSIONS)
    return costs_


def before(path: Path, size: str) -> dict | None:
    """The largest size of the run at ``path`` smaller than ``size``, as that run measured it."""
    earlier = json.loads(path.read_text(encoding="utf-8"))["sizes"]
    target = generate.parse_size(size)
    smaller = [r for r in earlier.values() if r.get("queries") and r["dataset"]["target_triples"] < target]
    return max(smaller, key=lambda r: r["dataset"]["target_triples"], default=None)


def versions() -> dict[str, str]:
    found = {}
    for package in ("lpskg", "pyoxigraph", "oxigraph", "rdflib", "rdflib-endpoint", "pyshacl", "flask",
                    "granian"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="lpskg's SPARQL endpoint against its peers.")
    parser.add_argument("--quick", action="store_true", help="10k and 100k only, few samples")
    parser.add_argument("--sizes", default=None, help="comma-separated sizes: 10k, 100k, 1m, 10m (default: "
                                                       "10k,100k,1m; one at a time with --previous)")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated systems")
    parser.add_argument("--queries", default=None, help="comma-separated named queries (default: all)")
    parser.add_argument("--mixed-requests", type=int, default=None,
                        help="requests of the mixed workload per server (default 600, 300 with --quick)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--previous", type=Path, default=None,
                        help="a run's JSON whose largest size stands for the size before the first one here: a "
                             "query a server needed more than the timeout for there (scaled) is not asked again")
    parser.add_argument("--allow-nonconforming", action="store_true",
                        help="measure a graph that does not conform to the shapes (the report says so in red)")
    parser.add_argument("--plot", type=Path, default=None,
                        help="where to draw this run's plot (default: beside its JSON; docs/benchmark.png is drawn "
                             "by report.py from the runs of every size, make bench-docs)")
    args = parser.parse_args(argv)
    sizes = (args.sizes or ("10k,100k" if args.quick else "10k,100k,1m")).lower().split(",")
    unknown = [s for s in args.systems.split(",") if s not in SYSTEMS]
    if unknown:
        parser.error(f"unknown system(s) {', '.join(unknown)}; known: {', '.join(SYSTEMS)}")
    skipped = {name: "not asked in this run (--systems)" for name in SYSTEMS if name not in args.systems.split(",")}
    if "virtuoso" in args.systems.split(",") and Virtuoso.missing():
        skipped["virtuoso"] = Virtuoso.missing()
        log(f"virtuoso left out: {skipped['virtuoso']}")
    systems = [SYSTEMS[s] for s in args.systems.split(",") if s not in skipped]
    mixed_requests = args.mixed_requests or MIXED_REQUESTS["quick" if args.quick else "full"]
    budget = measure.QUICK if args.quick else measure.FULL
    budgets = {s.name: budget for s in systems}
    started = time.perf_counter()
    results: dict = {
        "meta": {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                 "mode": "quick" if args.quick else "full", "seed": args.seed, "sizes": sizes,
                 "cpus": multiprocessing.cpu_count(), "python": platform.python_version(),
                 "machine": platform.platform(), "versions": versions(),
                 "budget": budget.__dict__, "systems_left_out": skipped},
        "sizes": {},
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = results["meta"]["date"][:16].replace(":", "")
    chosen = f"-{'-'.join(sizes)}" if args.sizes else ""  # a run of chosen sizes says which (full-...-10m.json)
    out = RESULTS / f"{results['meta']['mode']}-{stamp}{chosen}.json"
    try:
        previous = before(args.previous, sizes[0]) if args.previous else None
        for size in sizes:
            measured = results["sizes"][size] = bench_size(
                size, args.seed, systems, budgets, size == sizes[-1], previous, mixed_requests,
                set(args.queries.split(",")) if args.queries else None, args.allow_nonconforming)
            previous = previous if measured.get("refused") else measured
            out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")  # kept if a later size fails
    except ServerError as error:
        log(f"error: {error}")
        return 1
    results["meta"]["seconds"] = round(time.perf_counter() - started, 1)
    results["summary"] = report.summarise(results)
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(report.table(results))
    plot = args.plot or out.with_suffix(".png")
    if report.measured(results):
        report.plot(results, plot)
    log(f"results in {out}, plot in {plot} ({results['meta']['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
