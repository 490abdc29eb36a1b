"""Shared fixtures: the real bundled graph in a real store, built once per test session."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from lpskg.knowledge.bundle import load_bundle
from lpskg.knowledge.graphs import Graphs
from lpskg.paths import ROOT
from lpskg.paths import SEED_DIR as _SEED_DIR
from lpskg.store import EmbeddedStore

SEED_DIR: Path = _SEED_DIR
REPO: Path = ROOT


class KnowledgeGraph:
    """The loaded store with a string-valued ``select`` for readable assertions."""

    def __init__(self, store: EmbeddedStore) -> None:
        self.store = store

    def select(self, sparql: str) -> list[dict[str, str]]:
        return [{k: str(v) for k, v in row.items()} for row in self.store.select(sparql)]

    def values(self, sparql: str, var: str) -> set[str]:
        """The set of values one variable takes."""
        return {row[var] for row in self.select(sparql) if var in row}


@pytest.fixture(scope="session")
def bundle_store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    """A store in a temporary directory holding the bundled ontology and data."""
    store = EmbeddedStore(tmp_path_factory.mktemp("bundle-store") / "store")
    load_bundle(Graphs(store))
    yield store
    store.close()


@pytest.fixture(scope="session")
def kg(bundle_store: EmbeddedStore) -> KnowledgeGraph:
    return KnowledgeGraph(bundle_store)


@pytest.fixture(scope="session")
def bundle_store_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed store directory holding the bundle: tests that write copy it (``writable_store_path``)."""
    path = tmp_path_factory.mktemp("bundle-template") / "store"
    store = EmbeddedStore(path)
    load_bundle(Graphs(store))
    store.close()
    return path


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

    from helpers import copied_store

    store = EmbeddedStore(copied_store(bundle_store_template, tmp_path_factory, "examples-store"))
    graphs = Graphs(store)
    for path in sorted((REPO / "examples").glob("example-*.yaml")):
        add_case(graphs, read_source(path, 10_000_000), submitter="conftest")
    yield store
    store.close()


@pytest.fixture(scope="session")
def endpoint(bundle_store_template: Path, tmp_path_factory: pytest.TempPathFactory):
    """One real ``lpskg serve`` on 127.0.0.1 over a copy of the bundle, with the test limits
    of ``server_process.TEST_ENV`` (token, 4 s timeout, 1000 rows, 256 KiB bodies)."""
    from server_process import TEST_ENV, ServerProcess

    directory = tmp_path_factory.mktemp("endpoint")
    shutil.copytree(bundle_store_template, directory / "store")
    with ServerProcess(directory, env=TEST_ENV) as server:
        yield server


@pytest.fixture(scope="session")
def case_store_template(bundle_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed store directory: the bundle with the example case submitted (``examples/example-pumps.yaml``),
    so that the paper's cases stand beside a submitted one."""
    from helpers import lpskg

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


@pytest.fixture(scope="session")
def workbench(case_store_template: Path, tmp_path_factory: pytest.TempPathFactory):
    """A real ``lpskg serve`` over a copy of the bundle with the example case submitted."""
    from server_process import TEST_ENV, ServerProcess

    directory = tmp_path_factory.mktemp("workbench")
    shutil.copytree(case_store_template, directory / "store")
    with ServerProcess(directory, env=TEST_ENV) as server:
        yield server


__all__ = ["SEED_DIR", "REPO", "KnowledgeGraph", "Literal", "URIRef"]
