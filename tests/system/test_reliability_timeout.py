"""A query that would run for hours is stopped at LPSKG_QUERY_TIMEOUT, cheap queries keep being
answered meanwhile, and once it is stopped the server's processes stop burning CPU.

The store holds the bundle plus 200k generated triples (bulk-loaded in a few
seconds), over which a two-way cartesian product has 4e10 rows to count.
"""
from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pyoxigraph as ox
import pytest
import requests

from lpskg.store import EmbeddedStore

from support.servers import TEST_ENV, ServerProcess

TIMEOUT = 2.0
GENERATED = 200_000
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
CHEAP = "SELECT ?label WHERE { <https://w3id.org/lpskg/resource/paradox/learning> rdfs:label ?label }"
RESULTS = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def server(bundle_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    directory = tmp_path_factory.mktemp("timeout")
    shutil.copytree(bundle_store_template, directory / "store")
    generated = directory / "generated.nt"
    with generated.open("w", encoding="utf-8") as out:
        for i in range(GENERATED):
            out.write(f'<http://example.org/s{i // 10}> <http://example.org/p{i % 10}> "value {i}" .\n')
    store = EmbeddedStore(directory / "store")
    store.bulk_load(generated, ox.RdfFormat.N_TRIPLES, graph="http://example.org/generated")
    store.close()
    env = {**TEST_ENV, "LPSKG_QUERY_TIMEOUT": str(TIMEOUT), "LPSKG_QUERY_WORKERS": "2"}
    with ServerProcess(directory, env=env) as process:
        yield process


def cpu_seconds(pid: int) -> dict[int, float]:
    """CPU time used so far by each process of the server's tree."""
    used = {}
    root = psutil.Process(pid)
    for process in [root, *root.children(recursive=True)]:
        try:
            times = process.cpu_times()
            used[process.pid] = times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return used


def cpu_share(pid: int, seconds: float) -> float:
    """Cores' worth of CPU the server's tree used over ``seconds`` (1.0 = one core busy)."""
    before = cpu_seconds(pid)
    time.sleep(seconds)
    after = cpu_seconds(pid)
    return sum(after[p] - before.get(p, 0.0) for p in after) / seconds


def test_a_runaway_query_is_stopped_while_cheap_ones_are_answered(server: ServerProcess) -> None:
    assert requests.get(server.base_url + "/health", timeout=10).json()["triples"] > GENERATED
    runaway: dict[str, object] = {}

    def run() -> None:
        started = time.monotonic()
        answer = requests.post(server.base_url + "/sparql", data={"query": RUNAWAY}, headers=RESULTS, timeout=60)
        runaway.update(status=answer.status_code, text=answer.text, seconds=time.monotonic() - started)

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(0.3)
    busy = cpu_share(server.process.pid, 0.5)
    cheap = []
    while thread.is_alive() and len(cheap) < 20:
        started = time.monotonic()
        answer = requests.get(server.base_url + "/sparql", params={"query": CHEAP}, headers=RESULTS, timeout=30)
        cheap.append((answer.status_code, time.monotonic() - started, thread.is_alive()))
    thread.join(60)

    assert runaway["status"] == 503 and "timeout" in str(runaway["text"]).lower(), runaway
    assert TIMEOUT <= runaway["seconds"] < TIMEOUT + 5
    answered_meanwhile = [seconds for status, seconds, during in cheap if status == 200 and during]
    assert answered_meanwhile, cheap
    assert max(answered_meanwhile) < 1.0
    assert busy > 0.3  # the runaway query kept (most of) a core busy; the machine is shared

    time.sleep(2.0)  # let the replacement worker finish starting
    assert cpu_share(server.process.pid, 1.0) < min(0.2, busy / 3)
    metrics = requests.get(server.base_url + "/metrics", timeout=10).text
    assert "lpskg_query_timeouts_total 1" in metrics.replace(".0", "")
