"""Query measurements over HTTP: the three servers alternate, every loop bounded in count and time.

For each query, each server first answers once (warm-up: the engine's caches
and the row count, which must agree across servers).  That first answer's
time sets the server's budget for the query, so a server that needs seconds
per query (rdflib-endpoint at 1M) gets a few samples and a fast one gets
many, and no query costs more than about ``latency_seconds + 2 *
burst_seconds`` per server.  Latency samples are taken round-robin across the
servers, the starting server rotating, so that the shared machine's noise
falls on all of them alike.  Throughput is measured with bursts of 1 and 4
concurrent clients, again server after server.
"""
from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from client import Connection, RequestFailed, burst, count_rows, timed
from systems import QUERY_TIMEOUT, Server
from workload import Query

CLIENTS = (1, 4)


@dataclass(frozen=True)
class Budget:
    """How much of a server's time one query may take."""

    latency_samples: int  # at most this many 1-client latency samples
    latency_seconds: float  # and no more samples once this much time is spent
    burst_seconds: float  # length of a throughput burst
    burst_requests: int  # at most this many requests per client in a burst
    timeout: float  # per request: the servers' own query timeout; a server that exceeds it is restarted
    single_sample_above: float  # a first answer slower than this is the only sample taken


FULL = Budget(latency_samples=15, latency_seconds=3.0, burst_seconds=2.0, burst_requests=200,
              timeout=QUERY_TIMEOUT, single_sample_above=10.0)
QUICK = Budget(latency_samples=5, latency_seconds=1.5, burst_seconds=1.0, burst_requests=50,
               timeout=QUERY_TIMEOUT, single_sample_above=5.0)
#: The client waits this much longer than the timeout, so that a server enforcing the timeout
#: itself answers with its own error; only a server that does not is restarted.
GRACE = 5.0



def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (p95 of 15 samples is the 15th, not an interpolation)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


@dataclass
class QueryResult:
    """One server's figures for one query."""

    rows: int | None = None
    first_ms: float | None = None
    latencies_ms: list[float] | None = None
    rps: dict[int, float] | None = None
    errors: list[str] | None = None
    skipped: str | None = None

    def as_json(self) -> dict:
        latencies = self.latencies_ms or []
        return {
            "rows": self.rows, "first_ms": self.first_ms, "samples": len(latencies),
            "median_ms": statistics.median(latencies) if latencies else None,
            "p95_ms": percentile(latencies, 0.95) if latencies else None,
            "rps": {str(c): r for c, r in (self.rps or {}).items()},
            "errors": self.errors or [], "skipped": self.skipped,
        }


def measure_query(query: Query, servers: list[Server], budget: Callable[[Server], Budget],
                  restart: Callable[[Server], Server], rotation: int,
                  skip: dict[str, str]) -> dict[str, QueryResult]:
    """Warm-up, alternating latency rounds and throughput bursts of one query on every server
    but those in ``skip`` (server name -> why)."""
    order = servers[rotation % len(servers):] + servers[:rotation % len(servers)]
    results = {server.name: QueryResult(latencies_ms=[], rps={}, errors=[], skipped=skip.get(server.name))
               for server in servers}
    active: list[Server] = []
    for server in order:
        result = results[server.name]
        if result.skipped:
            continue
        started = time.perf_counter()
        connection = Connection(server.url, budget(server).timeout + GRACE)
        try:
            body = connection.query(query.text)
        except (RequestFailed, OSError) as error:
            result.errors.append(f"{type(error).__name__}: {str(error)[:200]}")
            if isinstance(error, TimeoutError):  # the server may still be computing: start it afresh
                servers[servers.index(server)] = restart(server)
            continue
        finally:
            connection.close()
        try:
            rows = count_rows(body)
        except (ValueError, KeyError, TypeError) as error:  # a 200 whose body is not SPARQL JSON
            result.errors.append(f"not SPARQL JSON: {type(error).__name__}: {error}; "
                                 f"the body starts {body[:120]!r}")
            continue
        result.first_ms = (time.perf_counter() - started) * 1000
        result.rows = rows
        active.append(server)

    # A server that caches answers is asked a slow query once more before the one-sample rule
    # applies: its second answer is the repeated workload's, which the first says nothing about.
    for server in active:
        result = results[server.name]
        if server.caches_answers and result.first_ms / 1000 > budget(server).single_sample_above:
            connection = Connection(server.url, budget(server).timeout + GRACE)
            seconds, error = timed(connection, query.text)
            connection.close()
            if error:
                result.errors.append(error)
            else:
                result.first_ms = seconds * 1000  # what each further request costs it
                result.latencies_ms.append(result.first_ms)

    def single(server: Server) -> bool:
        return results[server.name].first_ms / 1000 > budget(server).single_sample_above

    connections = {s.name: Connection(s.url, budget(s).timeout + GRACE) for s in active}
    spent = {s.name: 0.0 for s in active}
    for _ in range(max((budget(s).latency_samples for s in active), default=0)):
        for server in active:
            own, result = budget(server), results[server.name]
            if single(server):
                if not result.latencies_ms:
                    result.latencies_ms.append(result.first_ms)
                continue
            if len(result.latencies_ms) >= own.latency_samples or spent[server.name] >= own.latency_seconds:
                continue
            seconds, error = timed(connections[server.name], query.text)
            spent[server.name] += seconds
            if error:
                result.errors.append(error)
            else:
                result.latencies_ms.append(seconds * 1000)
    for connection in connections.values():
        connection.close()
    for clients in CLIENTS:
        for server in active:
            own, result = budget(server), results[server.name]
            if single(server):
                continue
            per_request = max(result.first_ms / 1000, 1e-4)
            requests = max(clients, min(own.burst_requests * clients,
                                        int(own.burst_seconds * clients / per_request)))
            run = burst(server.url, query.text, clients, requests, own.burst_seconds, own.timeout + GRACE)
            result.rps[clients] = run.per_second
            result.errors.extend(run.errors[:3])
    return results


def geometric_mean(values: list[float]) -> float | None:
    values = [v for v in values if v and v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None
