"""One and two stateless lpskg front-ends over one Oxigraph server: throughput, latency, and reads of own writes.

Starts ``oxigraph serve`` on a fresh directory, loads the bundle into it with
``lpskg load`` (``LPSKG_STORE=sparql:...|union=param:union-default-graph``),
then, for 1 and 2 front-ends (each a separate ``lpskg serve`` process over the
same service), runs the same bounded load: ``--clients`` threads, spread evenly
over the front-ends, each sending a named query (tensions per paradox) and a
label lookup in turn, for at most ``--seconds`` or ``--max-requests``.  It prints
requests per second and the median and 95th-percentile latency, and checks that a
write acknowledged by one front-end is read at once through the other (each
front-end keeps no cache over a remote store, see docs/remote-engines.md).

    python bench/frontends.py                       # 8 clients, 10 s per configuration
    python bench/frontends.py --clients 4 --seconds 5

Everything listens on 127.0.0.1 and is stopped at the end.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import requests

from client import Run, burst
from systems import free_port, start, tool

QUERIES = [
    "SELECT ?paradox ?tension ?label WHERE { ?tension lpskg:inParadox ?paradox ; rdfs:label ?label } ORDER BY ?label",
    "SELECT ?label WHERE { paradox:learning rdfs:label ?label }",
]
TOKEN = "bench-frontends"


def measure(urls: list[str], clients: int, seconds: float, max_requests: int) -> Run:
    """The load spread over ``urls``: each front-end gets ``clients / len(urls)`` threads per query kind."""
    runs: list[Run] = []
    lock = threading.Lock()
    share = max(clients // (len(urls) * len(QUERIES)), 1)

    def one(url: str, query: str) -> None:
        run = burst(url, query, share, max_requests // (len(urls) * len(QUERIES)), seconds, timeout=30)
        with lock:
            runs.append(run)

    threads = [threading.Thread(target=one, args=(url, query)) for url in urls for query in QUERIES]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = Run(seconds=max(run.seconds for run in runs))
    for run in runs:
        total.latencies += run.latencies
        total.errors += run.errors
    return total


def reads_own_writes(bases: list[str], rounds: int = 20) -> int:
    """How many of ``rounds`` writes through the first front-end the last one read at once."""
    seen = 0
    for number in range(rounds):
        update = f'INSERT DATA {{ GRAPH <urn:bench:frontends> {{ <urn:bench:s> <urn:bench:n> {number} }} }}'
        written = requests.post(bases[0] + "/update", data={"update": update}, timeout=30,
                                headers={"Authorization": f"Bearer {TOKEN}"})
        written.raise_for_status()
        ask = requests.get(bases[-1] + "/sparql", timeout=30, headers={"Accept": "application/sparql-results+json"},
                           params={"query": f"ASK {{ GRAPH <urn:bench:frontends> {{ <urn:bench:s> <urn:bench:n> {number} }} }}"})
        seen += ask.json()["boolean"] is True
    return seen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--max-requests", type=int, default=100_000)
    args = parser.parse_args()
    lpskg = str(Path(sys.executable).with_name("lpskg"))
    with tempfile.TemporaryDirectory(prefix="lpskg-frontends-") as scratch:
        work = Path(scratch)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        engine = start("oxigraph", [tool("oxigraph"), "serve", "--location", str(work / "oxigraph"),
                                    "--bind", f"127.0.0.1:{port}"], base + "/query", None, work / "oxigraph.log", 60)
        location = f"sparql:{base}/query|{base}/update|union=param:union-default-graph"
        env = {**os.environ, "LPSKG_STORE": location, "LPSKG_TOKEN": TOKEN}
        subprocess.run([lpskg, "load"], env=env, check=True, capture_output=True, timeout=300)
        frontends = []
        try:
            print(f"{'front-ends':>10} {'clients':>7} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
                  f"{'errors':>6}  own writes read")
            for count in (1, 2):
                while len(frontends) < count:
                    number, web = len(frontends), free_port()
                    frontends.append(start(f"lpskg-{number}", [lpskg, "serve", "--port", str(web)],
                                           f"http://127.0.0.1:{web}/sparql", env, work / f"lpskg-{number}.log", 60))
                urls = [server.url for server in frontends]
                run = measure(urls, args.clients, args.seconds, args.max_requests)
                latencies = sorted(run.latencies)
                p95 = latencies[int(len(latencies) * 0.95)] if latencies else 0.0
                seen = reads_own_writes([url.removesuffix("/sparql") for url in urls])
                print(f"{count:>10} {args.clients:>7} {run.requests:>8} {run.per_second:>7.0f} "
                      f"{statistics.median(latencies) * 1000 if latencies else 0:>7.1f} {p95 * 1000:>7.1f} "
                      f"{len(run.errors):>6}  {seen}/20")
        finally:
            for server in frontends:
                server.stop()
            engine.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
