"""Stores for tests: the bundle's paths, private copies of a store, its quads compared canonically, and
named queries asked with readable answers."""
from __future__ import annotations

import hashlib
import shutil
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import pytest

from lpskg.knowledge.library import load_named_query
from lpskg.paths import ROOT, SEED_DIR
from lpskg.store import EmbeddedStore, Store
from lpskg.tables import shorten

#: The repository (the project's files) and the source texts the graph is built from.
REPO: Path = ROOT
SEEDS: Path = SEED_DIR


class KnowledgeGraph:
    """The loaded store with a string-valued ``select`` for readable assertions."""

    def __init__(self, store: EmbeddedStore) -> None:
        self.store = store

    def select(self, sparql: str) -> list[dict[str, str]]:
        return [{k: str(v) for k, v in row.items()} for row in self.store.select(sparql)]

    def values(self, sparql: str, var: str) -> set[str]:
        """The set of values one variable takes."""
        return {row[var] for row in self.select(sparql) if var in row}


def copied_store(template: Path, factory: pytest.TempPathFactory, name: str) -> Path:
    """A private copy of the bundle store in a new temporary directory ``name``."""
    target = factory.mktemp(name) / "store"
    shutil.copytree(template, target)
    return target


def store_quads(store_path: Path, skip: tuple[str, ...] = ()) -> list[str]:
    """The store's quads as sorted N-Quads lines, without those of the graphs in ``skip``; read through
    a read-only view, so that it works beside a process that holds the store."""
    view = ox.Store.read_only(str(store_path))
    lines = view.dump(format=ox.RdfFormat.N_QUADS).decode().splitlines()
    return sorted(line for line in lines if not any(line.endswith(f"<{g}> .") for g in skip))


def canonical_quads(quads: Iterable[ox.Quad] | list[str]) -> Counter[str]:
    """Quads (or N-Quads lines) with each blank node named by a hash of what hangs below it, so that two
    copies compare equal whatever labels their stores gave the blank nodes.

    The bundle's blank nodes are the ontology's class expressions: trees (RDF lists included), for which
    the hash is a canonical name.  (rdflib's isomorphism test takes minutes on them: many are alike.)
    """
    if isinstance(quads, list) and quads and isinstance(quads[0], str):
        quads = list(ox.parse("\n".join(quads), format=ox.RdfFormat.N_QUADS))
    quads = list(quads)
    below: dict[ox.BlankNode, list[tuple[str, object]]] = {}
    for quad in quads:
        if isinstance(quad.subject, ox.BlankNode):
            below.setdefault(quad.subject, []).append((str(quad.predicate), quad.object))
    names: dict[ox.BlankNode, str] = {}

    def name(node: object) -> str:
        if not isinstance(node, ox.BlankNode):
            return str(node)
        if node not in names:
            names[node] = "_:" + hashlib.sha256(
                "|".join(sorted(f"{p} {name(o)}" for p, o in below.get(node, []))).encode()).hexdigest()
        return names[node]
    return Counter(f"{name(q.subject)} {q.predicate} {name(q.object)} {q.graph_name}" for q in quads)


def ask(store: Store, name: str, **params: str) -> list[dict[str, str]]:
    """Rows of a named query, each term shortened (``paradox:learning``) for readable expectations."""
    text, bindings = load_named_query(name).prepare(params)
    return [{k: shorten(v) for k, v in row.items()} for row in store.select(text, bindings)]


def project(rows: list[dict[str, str]], *columns: str) -> list[tuple[str | None, ...]]:
    """The given columns of each row, None where a row has no value."""
    return [tuple(row.get(c) for c in columns) for row in rows]


def named_rows(store: Store | Path, name: str, **params: str) -> list[dict[str, str]]:
    """The rows of the named query ``name`` with ``params``, as strings; ``store`` is a store or a
    store directory (opened read-only, so that it works beside a process that holds it)."""
    text, bindings = load_named_query(name).prepare(params)
    opened = EmbeddedStore(store, read_only=True) if isinstance(store, (str, Path)) else store
    try:
        return [{k: str(v) for k, v in row.items()} for row in opened.select(text, bindings)]
    finally:
        if opened is not store:
            opened.close()


def assert_same_graphs(store: Store, expected: Store) -> None:
    """``store`` holds the graphs of ``expected``, each with as many triples, and no other."""
    assert store.graph_names() == expected.graph_names()
    for name in expected.graph_names():
        assert store.triple_count(name) == expected.triple_count(name), name
    assert store.triple_count() == expected.triple_count()


def canonical_graph(graph) -> Counter[str]:
    """An rdflib graph's triples as :func:`canonical_quads` names them: two graphs that differ only in the
    labels of their blank nodes compare equal (rdflib's ``isomorphic`` takes minutes on the ontology's
    many alike class expressions)."""
    return canonical_quads(list(ox.parse(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)))
