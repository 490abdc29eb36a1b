"""The light-query path end to end: where the time of a 4-row named query goes when the engine's share is small.

    python bench/light_path.py                       # the 10k graph, archetypes-by-stakeholder
    python bench/light_path.py --size 100k --flame docs/light-path.svg --json bench/results/light-path.json

1. Over HTTP, as ``bench/run.py`` asks (one keep-alive connection, form POST, SPARQL JSON): lpskg with the
   cache of answers off (every request evaluated), lpskg with it on, and Oxigraph's own server, alternating,
   the median of ``--requests`` each.
2. The flame graph: py-spy records lpskg's server process tree (granian worker, query workers) while the
   client repeats the query with the cache off (``--flame``, an SVG).
3. In process, on lpskg's store, each step of a cold request alone: the Flask request, negotiation, the
   base IRI, the cache key, the engine (parse and evaluate), writing TSV with the row cap, converting it
   to the client's format.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import psutil
import pyoxigraph as ox

from lpskg.config import Settings
from lpskg.namespaces import PREFIXES
from lpskg.sparql_text import missing_prefixes
from lpskg.store import Dataset, EmbeddedStore, Job, ResultCache
from lpskg.store.answers import capped, serialise
from lpskg.web.app import create_app
from lpskg.web.negotiation import acceptable

import generate
from client import SPARQL_JSON, Connection
from systems import SYSTEMS, tool
from workload import named_workload

FORM = {"Content-Type": "application/x-www-form-urlencoded", "Accept": SPARQL_JSON}


def median_ms(step: Callable[[], object], repeat: int) -> float:
    """Median milliseconds of ``step`` over ``repeat`` runs, after a warm-up of a tenth of them."""
    for _ in range(max(repeat // 10, 5)):
        step()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        step()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def over_http(urls: dict[str, str], text: str, requests: int) -> dict[str, float]:
    """Median ms per server, the servers alternating request by request."""
    connections = {name: Connection(url, 30) for name, url in urls.items()}
    samples: dict[str, list[float]] = {name: [] for name in urls}
    for connection in connections.values():
        for _ in range(20):
            connection.query(text)
    for _ in range(requests):
        for name, connection in connections.items():
            started = time.perf_counter()
            connection.query(text)
            samples[name].append(time.perf_counter() - started)
    for connection in connections.values():
        connection.close()
    return {name: statistics.median(values) * 1000 for name, values in samples.items()}


def flame(url: str, pid: int, text: str, seconds: float, out: Path, fmt: str = "flamegraph") -> None:
    """py-spy's flame graph of the server tree ``pid`` while one client repeats ``text`` for ``seconds``
    (``fmt`` raw: the collapsed stacks, one line per stack with its sample count)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    recorder = subprocess.Popen([tool("py-spy"), "record", "--pid", str(pid), "--subprocesses", "--rate", "500",
                                 "--duration", str(int(seconds)), "--output", str(out), "--nonblocking",
                                 "--format", fmt],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)  # py-spy attaches
    connection = Connection(url, 30)
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline and recorder.poll() is None:
        connection.query(text)
    connection.close()
    _, errors = recorder.communicate(timeout=60)
    if recorder.returncode != 0:
        raise RuntimeError(f"py-spy failed: {errors.strip()[-300:]}")


def summary(collapsed: Path, top: int = 25) -> dict[str, float]:
    """Share of the samples (%) in which each function is on the stack, from py-spy's collapsed stacks:
    the functions of lpskg, Flask, Werkzeug, granian and pyoxigraph a request passes through."""
    on_stack: dict[str, int] = {}
    total = 0
    for line in collapsed.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        total += int(count)
        for frame in {frame.split(" (")[0] + " (" + frame.split(" (")[1].split(":")[0].rsplit("/", 1)[-1] + ")"
                      for frame in stack.split(";") if " (" in frame}:
            on_stack[frame] = on_stack.get(frame, 0) + int(count)
    ranked = sorted(on_stack.items(), key=lambda item: -item[1])[:top]
    return {frame: round(100 * count / total, 1) for frame, count in ranked} | {"samples": total}


def in_process(store_path: Path, text: str, repeat: int) -> dict[str, float]:
    """Each step of a cold request, timed alone, on lpskg's store (median ms)."""
    store = EmbeddedStore(store_path)
    app = create_app(Settings(store=str(store_path), query_workers=0, result_cache_bytes=0), store=store)
    client = app.test_client()
    body = urlencode({"query": text})
    job = Job(text, None, Dataset(), (SPARQL_JSON,), ("text/turtle",), 100_000, base_iri="http://127.0.0.1/sparql")
    engine = store._store
    needed = missing_prefixes(text) or None
    tsv = capped(engine.query(text, prefixes=PREFIXES, use_default_graph_as_union=True),
                 ox.QueryResultsFormat.TSV, 1, 100_000)[0]
    steps = {
        "the whole request in Flask (test client, no socket)":
            lambda: client.post("/sparql", data=body, headers=FORM),
        "store.answer: engine, row cap, format": lambda: store.answer(job),
        "engine: parse, plan, evaluate, iterate":
            lambda: list(engine.query(text, prefixes=needed, use_default_graph_as_union=True)),
        "engine: parse and plan only (not iterated)":
            lambda: engine.query(text, prefixes=needed, use_default_graph_as_union=True),
        "engine: parse and plan, handed all project prefixes (before)":
            lambda: engine.query(text, prefixes=PREFIXES, use_default_graph_as_union=True),
        "engine and serialise: TSV with the row cap, then SPARQL JSON":
            lambda: serialise(engine.query(text, prefixes=needed, use_default_graph_as_union=True), job),
        "format conversion alone: TSV to SPARQL JSON":
            lambda: ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
            .serialize(format=ox.QueryResultsFormat.JSON),
        "cache key and ETag (normal form memoised)":
            lambda: ResultCache.etag(ResultCache.key(job), 1),
    }
    with app.test_request_context("/sparql", method="POST", data=body, headers=FORM):
        from flask import request
        steps["negotiation (Accept -> media types), twice"] = lambda: (acceptable(["application/sparql-results+json",
                                                                                   "text/csv"], None),
                                                                        acceptable(["text/turtle"], None))
        steps["request.base_url (werkzeug, uncached)"] = lambda: (request.__dict__.pop("base_url", None),
                                                                   request.base_url)
        figures = {name: median_ms(step, repeat) for name, step in steps.items()}
    store.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="10k")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--query", default="archetypes-by-stakeholder")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--flame", type=Path, default=None, help="write py-spy's flame graph (SVG) here")
    parser.add_argument("--seconds", type=float, default=8.0, help="how long py-spy records")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    text = next(q.text for q in named_workload() if q.name == args.query)
    dataset, manifest = generate.cached(args.size, args.seed)
    workdir = generate.WORK / f"light-{args.size}"
    workdir.mkdir(parents=True, exist_ok=True)
    systems = [SYSTEMS["lpskg-cold"], SYSTEMS["lpskg"], SYSTEMS["oxigraph"]]
    for system in systems:
        system.load(dataset, workdir)
    servers = [system.serve(workdir, dataset) for system in systems]
    result: dict = {"query": args.query, "size": args.size, "quads": manifest["triples"], "requests": args.requests}
    try:
        result["http_median_ms"] = over_http({s.name: s.url for s in servers}, text, args.requests)
        if args.flame:
            flame(servers[0].url, servers[0].process.pid, text, args.seconds, args.flame)
            flame(servers[0].url, servers[0].process.pid, text, args.seconds, args.flame.with_suffix(".txt"), "raw")
            result["profile"] = summary(args.flame.with_suffix(".txt"))
            result["flame_graph"] = str(args.flame)
        result["rss_mb"] = {s.name: round(sum(p.memory_info().rss for p in
                                              [psutil.Process(s.process.pid)] +
                                              psutil.Process(s.process.pid).children(recursive=True)) / 2 ** 20)
                            for s in servers}
    finally:
        for server in servers:
            server.stop()
    result["in_process_median_ms"] = in_process(SYSTEMS["lpskg-cold"].store(workdir), text, args.requests * 3)
    for name, ms in result["http_median_ms"].items():
        print(f"HTTP  {name:<12} {ms:7.3f} ms")
    for name, ms in result["in_process_median_ms"].items():
        print(f"step  {ms:7.3f} ms  {name}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
