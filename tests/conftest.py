"""Fixtures both lanes share: the real bundled graph in a real store, built once per test session.

The tests come in two lanes: ``tests/unit`` runs in this process (stores in temporary
directories, the web app answering through Flask's WSGI machinery), ``tests/system``
starts what a user runs (``lpskg serve``, the CLI as a process, a browser, HermiT,
Oxigraph's server and Virtuoso, fuzzing and crashes).  Each lane's conftest adds its
own ``endpoint`` and ``workbench``; what many modules need is in ``support/``.
"""
from __future__ import annotations

import fcntl
import shutil
from pathlib import Path

import pytest

from lpskg.knowledge.bundle import load_bundle
from lpskg.knowledge.graphs import Graphs
from lpskg.store import EmbeddedStore

from support.cli import lpskg
from support.stores import REPO, KnowledgeGraph, copied_store


def loaded_once_per_run(factory: pytest.TempPathFactory) -> Path:
    """A closed store holding the bundle, loaded by the first pytest-xdist worker that asks, under a lock,
    in the directory the run's workers share; each worker copies it (loading parses the Turtle: seconds)."""
    run = factory.getbasetemp()
    if run.name.startswith("popen-gw"):  # a worker's directory: the run's is its parent
        run = run.parent
    built = run / "bundle-loaded" / "store"
    with (run / "bundle-loaded.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not built.exists():
            partial = run / "bundle-loaded" / "partial"
            shutil.rmtree(partial, ignore_errors=True)
            store = EmbeddedStore(partial)
            load_bundle(Graphs(store))
            store.close()
            partial.rename(built)
    return built


@pytest.fixture(scope="session")
def bundle_store(bundle_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    """A store in a temporary directory holding the bundled ontology and data."""
    store = EmbeddedStore(copied_store(bundle_store_template, tmp_path_factory, "bundle-store"))
    yield store
    store.close()


@pytest.fixture(scope="session")
def kg(bundle_store: EmbeddedStore) -> KnowledgeGraph:
    return KnowledgeGraph(bundle_store)


@pytest.fixture(scope="session")
def bundle_store_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed store directory holding the bundle: tests that write copy it (``writable_store_path``)."""
    return copied_store(loaded_once_per_run(tmp_path_factory), tmp_path_factory, "bundle-template")


@pytest.fixture
def writable_store_path(bundle_store_template: Path, tmp_path: Path) -> Path:
    """A private copy of the bundle store for one test, which may write to it."""
    target = tmp_path / "store"
    shutil.copytree(bundle_store_template, target)
    return target


@pytest.fixture(scope="session")
def examples_store(bundle_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    """The bundle with the illustrative cases of ``examples/`` submitted, as a researcher would submit them."""
    from lpskg.contributions import add_case, read_source

    store = EmbeddedStore(copied_store(bundle_store_template, tmp_path_factory, "examples-store"))
    graphs = Graphs(store)
    for path in sorted((REPO / "examples").glob("example-*.yaml")):
        add_case(graphs, read_source(path, 10_000_000), submitter="conftest")
    yield store
    store.close()


@pytest.fixture(scope="session")
def case_store_template(bundle_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed store directory: the bundle with the example case submitted (``examples/example-pumps.yaml``),
    so that the paper's cases stand beside a submitted one."""
    path = tmp_path_factory.mktemp("case-template") / "store"
    shutil.copytree(bundle_store_template, path)
    added = lpskg(path, "case", "add", str(REPO / "examples" / "example-pumps.yaml"))
    assert added.exit_code == 0, added.output
    return path


@pytest.fixture(scope="session")
def case_store(case_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    """A read-only view of ``case_store_template`` for queries."""
    path = tmp_path_factory.mktemp("case-store") / "store"
    shutil.copytree(case_store_template, path)
    store = EmbeddedStore(path)
    yield store
    store.close()
