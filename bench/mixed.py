"""The mixed workload: named queries again and again, some new ones, and a case submitted every 50 requests.

The map and the REST API send the same named queries until someone writes;
then every cached answer is gone.  This workload has that shape, the same for
every server, from a seed:

* the **pool** is the named queries Oxigraph's server answers in under
  :data:`POOL_SECONDS` at this size (the multi-second reports are not what a
  page asks while a user waits);
* of the queries, :data:`REPEAT_SHARE` repeat a pool query as it is, the rest
  are **new**: a pool query with a ``LIMIT`` no request used before (9,999 down),
  which no cache can have seen; every :data:`PROBE_EVERY`-th request is the **probe**
  (how many cases the graph holds);
* every :data:`WRITE_EVERY`-th request is a **write**: a new case, submitted to
  lpskg as a case file (``POST /api/cases``: linked, validated, stored with its
  entailments) and sent to the others as the SPARQL Update of the same graphs;
* 4 clients work through the sequence, a write blocking only the client that
  sends it.

The check: a probe sent after the k-th write was acknowledged must count at
least k new cases (no answer older than the last write), and at the end all
of them.  Servers run the sequence one after the other, lpskg first (the
Update the others get is lpskg's stored case), on one graph each.
"""
from __future__ import annotations

import json
import random
import re
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlencode

from client import Connection, RequestFailed
from systems import BENCH_TOKEN, Server
from workload import Query

WRITE_EVERY = 50
REPEAT_SHARE = 0.8
PROBE_EVERY = 10
POOL_SECONDS = 1.0
CLIENTS = 4
PROBE = ("SELECT (COUNT(DISTINCT ?case) AS ?n) WHERE { ?case a <https://w3id.org/lpskg/ontology#Case> }")
_LIMIT = re.compile(r"\b(LIMIT|OFFSET)\b", re.IGNORECASE)


def case_file(case_id: str) -> str:
    """A small valid case (YAML): one observation of Myopia and one quote, as a submitter writes it."""
    return f"""id: {case_id}
label: {case_id} (benchmark)
description: A case the benchmark's mixed workload submits.
organisation: {case_id} AS
study: {{citation: "Bench, B. (2026), A benchmark case.", authors: ["Bench, Berit"], year: 2026}}
evidence:
  - kind: observation
    text: Managers looked only at this quarter's output figures.
    illustrates: ["Myopia"]
    passage: {{locator: Section 1}}
"""


def pool(queries: list[Query], size_result: dict) -> list[Query]:
    """The pool queries: answered by Oxigraph's server in under POOL_SECONDS, with no LIMIT of their own."""
    found = []
    for query in queries:
        oxigraph = size_result["queries"].get(query.name, {}).get("systems", {}).get("oxigraph", {})
        if oxigraph.get("median_ms") is not None and oxigraph["median_ms"] < POOL_SECONDS * 1000 \
                and not _LIMIT.search(query.text):
            found.append(query)
    return found


def sequence(pool_queries: list[Query], requests: int, seed: int) -> list[tuple[str, str]]:
    """The requests in order: ("repeat"|"new"|"probe", text) or ("write", "")."""
    rng = random.Random(seed)
    items = []
    for i in range(requests):
        if (i + 1) % WRITE_EVERY == 0:
            items.append(("write", ""))
        elif i % PROBE_EVERY == 0:
            items.append(("probe", PROBE))
        elif rng.random() < REPEAT_SHARE:
            items.append(("repeat", rng.choice(pool_queries).text))
        else:
            # a LIMIT no request used before; under 10,000, Virtuoso's cap on a sorted LIMIT (MaxSortedTopRows)
            items.append(("new", f"{rng.choice(pool_queries).text}\nLIMIT {9999 - i}"))
    return items


@dataclass
class MixedRun:
    """What one server did with the sequence."""

    queries: int = 0
    writes: int = 0
    seconds: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=dict)
    cache: dict[str, int] = field(default_factory=dict)
    stale: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cases_before: int = 0
    cases_after: int = 0

    def as_json(self) -> dict:
        def ms(values: list[float], share: float) -> float | None:
            ordered = sorted(values)
            return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else None
        return {"queries": self.queries, "writes": self.writes, "seconds": self.seconds,
                "queries_per_second": self.queries / self.seconds if self.seconds else None,
                "latency_ms": {kind: {"median": ms(v, 0.5), "p99": ms(v, 0.99), "n": len(v)}
                               for kind, v in self.latencies.items()},
                "cache": self.cache, "stale": self.stale[:20], "stale_count": len(self.stale),
                "errors": self.errors[:10], "error_count": len(self.errors),
                "cases_before": self.cases_before, "cases_after": self.cases_after}


def _post(url: str, body: bytes, headers: dict[str, str], timeout: float = 60) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _cases(connection: Connection) -> int:
    return int(json.loads(connection.query(PROBE))["results"]["bindings"][0]["n"]["value"])


def lpskg_case_update(server: Server, case_id: str) -> str:
    """The SPARQL Update that stores what lpskg stored for ``case_id``: its graph and its entailments."""
    base = server.url.rsplit("/", 1)[0]
    parts = []
    for graph in (f"https://w3id.org/lpskg/graph/case/{case_id}",
                  f"https://w3id.org/lpskg/graph/inferred/case/{case_id}"):
        request = urllib.request.Request(f"{base}/rdf-graphs/service?{urlencode({'graph': graph})}",
                                         headers={"Accept": "application/n-triples"})
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                parts.append(f"GRAPH <{graph}> {{ {answer.read().decode('utf-8')} }}")
        except urllib.error.HTTPError as error:
            if error.code != 404:  # a case may have no entailments
                raise
    return "INSERT DATA { " + " ".join(parts) + " }"


def writer(server: Server, updates: dict[int, str] | None, prefix: str):
    """A function that sends the k-th write to ``server``: a case file to lpskg, else the Update."""
    if server.name.startswith("lpskg"):
        base = server.url.rsplit("/", 1)[0]

        def submit(k: int) -> None:
            status, body = _post(f"{base}/api/cases", case_file(f"{prefix}-{k}").encode(),
                                 {"Content-Type": "application/yaml", "Authorization": f"Bearer {BENCH_TOKEN}"})
            if status != 201:
                raise RequestFailed(f"case submission: HTTP {status}: {body[:200]!r}")
        return submit

    def update(k: int) -> None:
        status, body = _post(server.update_url, urlencode({"update": updates[k]}).encode(),
                             {"Content-Type": "application/x-www-form-urlencoded"})
        if status not in (200, 204):
            raise RequestFailed(f"update: HTTP {status}: {body[:200]!r}")
    return update


def run(server: Server, items: list[tuple[str, str]], write, timeout: float) -> MixedRun:
    """``CLIENTS`` threads through ``items``; every probe checked against the writes acknowledged."""
    result = MixedRun(latencies={kind: [] for kind in ("repeat", "new", "probe", "write")})
    lock = threading.Lock()
    position = [0]
    acknowledged = [0]
    check = Connection(server.url, timeout)
    result.cases_before = _cases(check)

    def client() -> None:
        connection = Connection(server.url, timeout)
        try:
            while True:
                with lock:
                    if position[0] >= len(items):
                        return
                    index = position[0]
                    position[0] += 1
                    floor = acknowledged[0]
                kind, text = items[index]
                started = time.perf_counter()
                try:
                    if kind == "write":
                        k = (index + 1) // WRITE_EVERY
                        write(k)
                        with lock:
                            acknowledged[0] = max(acknowledged[0], k)
                    else:
                        body, state = connection.query_with_cache_state(text)
                        if kind == "probe":
                            seen = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
                            if seen < result.cases_before + floor:
                                with lock:
                                    result.stale.append(f"request {index}: {seen - result.cases_before} new "
                                                        f"cases seen, {floor} acknowledged")
                        with lock:
                            result.cache[state] = result.cache.get(state, 0) + 1
                except (RequestFailed, OSError) as error:
                    with lock:
                        result.errors.append(f"{kind} {index}: {type(error).__name__}: {str(error)[:160]}")
                    continue
                with lock:
                    result.latencies[kind].append(time.perf_counter() - started)
                    if kind == "write":
                        result.writes += 1
                    else:
                        result.queries += 1
        finally:
            connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    result.cases_after = _cases(check)
    check.close()
    expected = result.cases_before + result.writes
    if result.cases_after < expected:
        result.stale.append(f"after the run: {result.cases_after - result.cases_before} new cases seen, "
                            f"{result.writes} written")
    return result


def measure_mixed(servers: list[Server], queries: list[Query], size_result: dict, requests: int, seed: int,
                  timeout: float, skip: dict[str, str]) -> dict:
    """The mixed workload on every server but those in ``skip`` (name -> why): lpskg first."""
    pool_queries = pool(queries, size_result)
    items = sequence(pool_queries, requests, seed)
    prefix = f"mixed-{seed}"
    figures: dict = {"pool": [q.name for q in pool_queries], "requests": requests, "write_every": WRITE_EVERY,
                     "repeat_share": REPEAT_SHARE, "probe_every": PROBE_EVERY, "clients": CLIENTS,
                     "systems": {}, "skipped": dict(skip)}
    ordered = sorted(servers, key=lambda s: (not s.name.startswith("lpskg"), s.name != "lpskg"))
    updates: dict[int, str] | None = None
    for server in ordered:
        if server.name in skip:
            continue
        if not server.name.startswith("lpskg") and server.update_url is None:
            figures["skipped"][server.name] = "takes no SPARQL Update"
            continue
        if not server.name.startswith("lpskg") and updates is None:
            figures["skipped"][server.name] = "no lpskg run to take the written cases from"
            continue
        run_ = run(server, items, writer(server, updates, prefix), timeout)
        figures["systems"][server.name] = run_.as_json()
        if server.name == "lpskg" and updates is None:
            updates = {k: lpskg_case_update(server, f"{prefix}-{k}") for k in range(1, run_.writes + 1)}
    return figures
