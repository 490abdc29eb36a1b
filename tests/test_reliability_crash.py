"""Crash safety: a process killed with SIGKILL half way through a write leaves every graph whole.

The import is killed after its progress line shows it is well inside its one
transaction; the store must then hold none of the file (or all of it) and
the shipped graphs exactly as a fresh load leaves them.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from lpskg.store import EmbeddedStore

LPSKG = [sys.executable, "-m", "lpskg"]
BULK_GRAPH = "http://example.org/bulk/"
BULK_QUADS = 130_000


def lpskg(store: Path, *args: str, **popen) -> subprocess.Popen[str]:
    env = {**os.environ, "LPSKG_STORE": str(store)}
    return subprocess.Popen([*LPSKG, *args], env=env, text=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, **popen)


def _masked(term: object) -> str:
    return "_:" if isinstance(term, ox.BlankNode) else str(term)


def quads_by_graph(store_path: Path) -> dict[str, Counter[str]]:
    """Each graph's triples, blank nodes masked: two loads of the same files mint different blank nodes."""
    store = EmbeddedStore(store_path, read_only=True)
    graphs: dict[str, Counter[str]] = {}
    try:
        for quad in store.engine.quads_for_pattern(None, None, None, None):
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
