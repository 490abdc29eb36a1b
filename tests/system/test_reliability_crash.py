"""Crash safety: a process killed with SIGKILL half way through a write leaves every graph whole.

The import is killed after its progress line shows it is well inside its one
transaction; the store must then hold none of the file (or all of it) and
the shipped graphs exactly as a fresh load leaves them.  The server is killed
at several moments of case submissions (parsing, linking, validation,
writing); after each restart a case is either absent, with no entailments,
or exactly what the submission writes, with its entailments.
"""
from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph, Literal, Namespace
from rdflib.compare import isomorphic

from lpskg.knowledge.inference import inferred_graph_name
from lpskg.namespaces import graph_iri
from lpskg.store import EmbeddedStore

from support.cli import lpskg_process
from support.servers import TEST_TOKEN, ServerProcess, private_server
from support.stores import REPO

AUTH = {"Authorization": f"Bearer {TEST_TOKEN}"}
BULK_GRAPH = "http://example.org/bulk/"
BULK_QUADS = 130_000


def lpskg(store: Path, *args: str, **popen) -> subprocess.Popen[str]:
    """``lpskg ARGS`` running in a process of its own, to be killed."""
    return lpskg_process(store, *args, wait=False, **popen)


def _masked(term: object) -> str:
    return "_:" if isinstance(term, ox.BlankNode) else str(term)


def quads_by_graph(store_path: Path) -> dict[str, Counter[str]]:
    """Each graph's triples, blank nodes masked: two loads of the same files mint different blank nodes."""
    store = EmbeddedStore(store_path, read_only=True)
    graphs: dict[str, Counter[str]] = {}
    try:
        for quad in store.quads():
            triple = " ".join(_masked(t) for t in (quad.subject, quad.predicate, quad.object))
            graphs.setdefault(str(quad.graph_name), Counter())[triple] += 1
    finally:
        store.close()
    return graphs


def bulk_count(graphs: dict[str, Counter[str]]) -> int:
    return sum(sum(c.values()) for g, c in graphs.items() if g.startswith(f"<{BULK_GRAPH}"))


def shipped(graphs: dict[str, Counter[str]]) -> dict[str, Counter[str]]:
    return {g: c for g, c in graphs.items() if not g.startswith(f"<{BULK_GRAPH}")}


@pytest.fixture(scope="module")
def fresh_load(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Counter[str]]:
    """The quads of every graph after `lpskg load` on an empty store."""
    path = tmp_path_factory.mktemp("fresh") / "store"
    loader = lpskg(path, "load")
    assert loader.wait(timeout=300) == 0, loader.stderr.read()
    return quads_by_graph(path)


@pytest.fixture(scope="module")
def bulk_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated N-Quads file large enough that its import takes several seconds."""
    path = tmp_path_factory.mktemp("bulk") / "bulk.nq"
    with path.open("w", encoding="utf-8") as out:
        for i in range(BULK_QUADS):
            out.write(f'<http://example.org/s{i // 7}> <http://example.org/p{i % 7}> "value {i}" '
                      f'<{BULK_GRAPH}{i % 4}> .\n')
    return path


def test_import_killed_half_way_leaves_nothing_and_the_shipped_graphs_intact(
        tmp_path: Path, fresh_load: dict[str, Counter[str]], bulk_file: Path) -> None:
    store = tmp_path / "store"
    assert lpskg(store, "load").wait(timeout=300) == 0

    importer = lpskg(store, "import", str(bulk_file))
    first_progress = importer.stderr.readline()
    assert first_progress.startswith("… imported 100,000 quads"), first_progress
    importer.send_signal(signal.SIGKILL)
    assert importer.wait(timeout=30) == -signal.SIGKILL

    after = quads_by_graph(store)
    assert bulk_count(after) in (0, BULK_QUADS)
    assert shipped(after) == fresh_load

    rerun = lpskg(store, "import", str(bulk_file))
    assert rerun.wait(timeout=300) == 0, rerun.stderr.read()
    after = quads_by_graph(store)
    assert bulk_count(after) == BULK_QUADS
    assert shipped(after) == fresh_load


def test_load_killed_half_way_leaves_each_shipped_graph_whole(
        tmp_path: Path, fresh_load: dict[str, Counter[str]]) -> None:
    """``lpskg load`` writes one transaction per file: killed between two, every graph it wrote is whole."""
    store = tmp_path / "store"
    loader = lpskg(store, "load")
    progress = [loader.stderr.readline() for _ in range(2)]
    assert progress[1].startswith("… loading data/"), progress
    loader.send_signal(signal.SIGKILL)
    loader.wait(timeout=30)

    after = quads_by_graph(store)
    assert after and all(after[g] == fresh_load[g] for g in after)
    assert lpskg(store, "load").wait(timeout=300) == 0
    assert quads_by_graph(store) == fresh_load


# --------------------------------------------------------------------------- a server killed mid-submission

sys.path.insert(0, str(REPO / "bench"))
from load import case_document  # noqa: E402  (bench/ is not a package)

PROV = Namespace("http://www.w3.org/ns/prov#")
#: When to kill, as fractions of the time an undisturbed submission takes: mostly around its end,
#: where it writes.
KILL_AT = [0.6, 0.9, 1.0]


def without_times(graph: Graph) -> Graph:
    """The graph with the submission's timestamps fixed: they are the only part that varies between runs."""
    fixed = Graph()
    for s, p, o in graph:
        fixed.add((s, p, Literal("time") if p in (PROV.generatedAtTime, PROV.startedAtTime) else o))
    return fixed


def case_turtle(server: ServerProcess, case_id: str) -> Graph | None:
    answer = requests.get(f"{server.base_url}/api/cases/{case_id}", headers={"Accept": "text/turtle"}, timeout=30)
    if answer.status_code == 404:
        return None
    assert answer.status_code == 200, answer.text
    return Graph().parse(data=answer.text, format="turtle")


def has_graph(server: ServerProcess, name: str) -> bool:
    answer = requests.get(server.base_url + "/sparql", params={"query": f"ASK {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"},
                          headers={"Accept": "application/sparql-results+json"}, timeout=30)
    return answer.json()["boolean"]


def submit(server: ServerProcess, document: bytes) -> requests.Response:
    return requests.post(server.base_url + "/api/cases", data=document, timeout=30,
                         headers={**AUTH, "Content-Type": "application/yaml"})


def submit_until_killed(server: ServerProcess, document: bytes) -> None:
    try:
        submit(server, document)
    except requests.ConnectionError:
        pass  # the server was killed before it answered: that is the point


@pytest.fixture(scope="module")
def crashing_server(bundle_store_template: Path, tmp_path_factory: pytest.TempPathFactory):
    yield from private_server(bundle_store_template, tmp_path_factory, "crash-server")


def test_a_server_killed_during_submissions_keeps_each_whole_or_not_at_all(
        crashing_server: ServerProcess, fresh_load: dict[str, Counter[str]]) -> None:
    started = time.monotonic()  # the first submission of a server also builds its caches: time that one
    undisturbed = submit(crashing_server, case_document("crash-calibration", 99))
    assert undisturbed.status_code == 201, undisturbed.text
    duration = time.monotonic() - started
    crashing_server.restart()
    outcomes = []
    for attempt, fraction in enumerate(KILL_AT):
        case_id = f"crash-{attempt}"
        document = case_document(case_id, attempt)
        thread = threading.Thread(target=submit_until_killed, args=(crashing_server, document), daemon=True)
        thread.start()
        time.sleep(duration * fraction)
        crashing_server.kill()
        thread.join(30)
        crashing_server.start()

        stored = case_turtle(crashing_server, case_id)
        inferred = has_graph(crashing_server, inferred_graph_name(graph_iri("case", case_id)))
        outcomes.append(stored is not None)
        if stored is None:
            assert not inferred
            continue
        assert inferred
        would_write = requests.post(crashing_server.base_url + "/api/cases?dry_run=true&replace=true",
                                    data=document, headers={**AUTH, "Content-Type": "application/yaml"}, timeout=60)
        assert would_write.status_code == 200, would_write.text
        expected = Graph().parse(data=would_write.json()["turtle"], format="turtle")
        assert isomorphic(without_times(stored), without_times(expected))
    print(f"an undisturbed submission took {duration:.2f} s; present after each kill: {outcomes}")

    crashing_server.stop()
    after = quads_by_graph(crashing_server.store)
    assert {g: c for g, c in after.items() if g in fresh_load} == fresh_load
