"""Bounded load test: several clients run named queries and submit cases at once; nothing may fail or be lost.

Each client is a thread with its own keep-alive connection (a requests Session).  It runs the
named queries of the library in turn (with their example parameters) and
every ``--submit-every``-th request submits a new case through
``POST /api/cases``.  The run is bounded in time (``--seconds``) and in
requests (``--max-requests`` per client).  Afterwards every submission the
server acknowledged (201) is fetched back: it must be there with the number
of triples the server reported when it accepted it.

The result is a table of latencies (p50, p99, max) per kind of request and a
verdict; the exit code is 1 when any request failed or any acknowledged case
is missing, so ``make bench`` and CI can rely on it.

    python bench/load.py                          # own server on a fresh store: 8 clients, 30 s
    python bench/load.py --clients 4 --seconds 5
    python bench/load.py --url http://127.0.0.1:8000 --token "$LPSKG_TOKEN"
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

import requests
import yaml

from systems import free_port, start, tool

SPARQL_JSON = "application/sparql-results+json"
#: Concepts of the paper's graph the generated cases link to (by label, as a researcher writes them).
TECHNOLOGIES = ["digital Lean boards", "vision systems"]
ILLUSTRATED = [["current goals vs. future goals", "Myopia"], ["Pacing"], ["Technical Monument"],
               ["using LP principles vs. implementation of new technology", "production"]]


@dataclass
class Sample:
    """One request: what it was, how it ended, how long it took."""

    kind: str
    status: int
    seconds: float
    error: str | None = None


@dataclass
class LoadReport:
    """Everything a run measured, and what the check afterwards found."""

    clients: int
    seconds: float
    samples: list[Sample] = field(default_factory=list)
    acknowledged: dict[str, int] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Sample]:
        return [s for s in self.samples if s.error]

    @property
    def ok(self) -> bool:
        return bool(self.samples) and not self.errors and not self.missing

    def latencies(self, kind: str | None = None) -> dict[str, float]:
        """Count, p50, p99 and max latency (ms) of the requests of one kind (or all)."""
        times = sorted(s.seconds * 1000 for s in self.samples if kind in (None, s.kind))
        if not times:
            return {"requests": 0}
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        return {"requests": len(times), "p50_ms": round(statistics.median(times), 1),
                "p99_ms": round(p99, 1), "max_ms": round(times[-1], 1)}

    def as_json(self) -> dict:
        kinds = sorted({s.kind for s in self.samples})
        return {"clients": self.clients, "seconds": round(self.seconds, 2),
                "requests_per_second": round(len(self.samples) / self.seconds, 1) if self.seconds else 0,
                "all": self.latencies(), "by_kind": {k: self.latencies(k) for k in kinds},
                "errors": [f"{s.kind}: {s.error}" for s in self.errors][:20], "error_count": len(self.errors),
                "acknowledged_submissions": len(self.acknowledged), "missing_submissions": self.missing}

    def render(self) -> str:
        lines = [f"{'kind':<34}{'requests':>9}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}"]
        for kind in [*sorted({s.kind for s in self.samples}), None]:
            stats = self.latencies(kind)
            lines.append(f"{kind or 'all':<34}{stats['requests']:>9}{stats.get('p50_ms', 0):>9}"
                         f"{stats.get('p99_ms', 0):>9}{stats.get('max_ms', 0):>9}")
        data = self.as_json()
        lines.append(f"{self.clients} clients, {data['seconds']} s, {data['requests_per_second']} requests/s, "
                     f"{data['error_count']} errors, {len(self.acknowledged)} cases acknowledged, "
                     f"{len(self.missing)} missing afterwards")
        lines += [f"  error: {e}" for e in data["errors"]]
        lines += [f"  missing: {m}" for m in self.missing]
        return "\n".join(lines)


def named_query_requests(url: str) -> list[tuple[str, str]]:
    """(name, path) for every named query whose required parameters have an example value."""
    answer = requests.get(f"{url}/api/queries", headers={"Accept": "application/json"}, timeout=30)
    if answer.status_code != 200:
        raise RuntimeError(f"GET /api/queries answered {answer.status_code}: {answer.text[:200]!r}")
    runs = []
    for query in answer.json():
        params = {p["name"]: p["default"] for p in query["parameters"]
                  if p["default"] and not p["default"].startswith("(")}
        if all(p["name"] in params for p in query["parameters"] if p["required"]):
            runs.append((query["name"], f"/api/queries/{quote(query['name'])}?{urlencode(params)}"))
    return runs


def case_document(case_id: str, number: int) -> bytes:
    """A case file as a researcher writes it, linking only to concepts the paper's graph has."""
    case = {
        "id": case_id,
        "label": f"Load test plant {number} case (synthetic)",
        "description": "A synthetic case submitted by the load test to check that no submission is lost.",
        "organisation": {"name": f"Load test plant {number} (synthetic)"},
        "study": {"citation": f"Load test (2025), synthetic study {number}.", "authors": ["Tester, Load"],
                  "year": 2025},
        "technologies": TECHNOLOGIES,
        "evidence": [{"kind": "quote", "text": f"Synthetic statement {number}.{i} of the load test.",
                      "role": "LPS manager", "illustrates": labels, "passage": {"locator": f"Section {i + 1}"}}
                     for i, labels in enumerate(ILLUSTRATED)],
    }
    return yaml.safe_dump(case, sort_keys=False).encode("utf-8")


def run_load(url: str, token: str, clients: int = 8, seconds: float = 30.0, max_requests: int = 2000,
             submit_every: int = 5, timeout: float = 60.0) -> LoadReport:
    """Run the load against ``url`` and check the acknowledged submissions afterwards."""
    queries = named_query_requests(url)
    if not queries:
        raise RuntimeError("the server lists no named query that can run without parameters")
    report = LoadReport(clients, seconds)
    lock = threading.Lock()
    run_id = secrets.token_hex(3)
    deadline = time.monotonic() + seconds
    write_headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/yaml",
                     "Accept": "application/json", "X-LPSKG-Submitter": "bench/load.py"}

    def one(session: requests.Session, number: int, index: int) -> Sample:
        if submit_every and index % submit_every == submit_every - 1:
            case_id = f"load-{run_id}-{number}-{index}"
            started = time.perf_counter()
            answer = session.post(f"{url}/api/cases", case_document(case_id, number * 100_000 + index),
                                  headers=write_headers, timeout=timeout)
            sample = Sample("submit case", answer.status_code, time.perf_counter() - started)
            if answer.status_code == 201:
                with lock:
                    report.acknowledged[case_id] = answer.json()["graphs"][0]["triples"]
            else:
                sample.error = f"HTTP {answer.status_code}: {answer.text[:300]!r}"
            return sample
        name, path = queries[(number + index) % len(queries)]
        started = time.perf_counter()
        answer = session.get(f"{url}{path}", headers={"Accept": SPARQL_JSON}, timeout=timeout)
        sample = Sample(f"query {name}", answer.status_code, time.perf_counter() - started)
        if answer.status_code != 200:
            sample.error = f"HTTP {answer.status_code}: {answer.text[:300]!r}"
        return sample

    def worker(number: int) -> None:
        with requests.Session() as session:
            for index in range(max_requests):
                if time.monotonic() >= deadline:
                    break
                try:
                    sample = one(session, number, index)
                except requests.RequestException as error:
                    sample = Sample("connection", 0, 0.0, f"{type(error).__name__}: {error}")
                with lock:
                    report.samples.append(sample)

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + timeout + 30)
    report.seconds = time.monotonic() - started

    with requests.Session() as session:
        for case_id, triples in sorted(report.acknowledged.items()):
            answer = session.get(f"{url}/api/cases/{case_id}", headers={"Accept": "application/json"},
                                 timeout=timeout)
            found = answer.json().get("triples") if answer.status_code == 200 else None
            if found != triples:
                report.missing.append(f"{case_id}: acknowledged with {triples} triples, now HTTP "
                                      f"{answer.status_code} with {found} triples")
    return report


def _own_server(workdir: Path, token: str):
    """A fresh store with the bundle, served on a free port of 127.0.0.1."""
    env = {**os.environ, "LPSKG_STORE": str(workdir / "store"), "LPSKG_TOKEN": token}
    subprocess.run([tool("lpskg"), "load"], env=env, check=True, capture_output=True)
    port = free_port()
    return start("lpskg", [tool("lpskg"), "serve", "--host", "127.0.0.1", "--port", str(port)],
                 f"http://127.0.0.1:{port}/sparql", env, workdir / "lpskg.log", 120)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="A running lpskg server (default: start one on a fresh store).")
    parser.add_argument("--token", default=os.environ.get("LPSKG_TOKEN"), help="Its LPSKG_TOKEN.")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--max-requests", type=int, default=2000, help="Per client.")
    parser.add_argument("--submit-every", type=int, default=5, help="Every N-th request submits a case (0: never).")
    parser.add_argument("--json", type=Path, help="Also write the figures to this JSON file.")
    args = parser.parse_args(argv)
    if args.url and not args.token and args.submit_every:
        parser.error("--url needs --token (or LPSKG_TOKEN) to submit cases; or pass --submit-every 0")

    with tempfile.TemporaryDirectory(prefix="lpskg-load-") as workdir:
        server = None
        token = args.token or secrets.token_urlsafe(16)
        url = args.url
        if not url:
            server = _own_server(Path(workdir), token)
            url = server.url.removesuffix("/sparql")
        try:
            report = run_load(url, token, args.clients, args.seconds, args.max_requests, args.submit_every)
        finally:
            if server is not None:
                server.stop()
    print(report.render())
    if args.json:
        args.json.write_text(json.dumps(report.as_json(), indent=2), encoding="utf-8")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
