"""What every store is: a quad store with named graphs, answered in SPARQL 1.1.

lpskg reaches its data only through a :class:`Store`, so that the embedded
store (pyoxigraph on disk) and a remote SPARQL service are interchangeable and
no caller tests which one it has.  The store knows quads, graphs and SPARQL,
nothing of the project: which graphs make up the bundle, where entailments go
and when caches must forget are the knowledge layer's business
(:mod:`lpskg.knowledge.graphs`, the one write path).

Rows of SELECT queries and the small graphs of CONSTRUCT queries come back as
rdflib terms, for code that inspects values; bulk data (``quads``,
``add_quads``, serialised answers) is pyoxigraph's, which the serialisers write
without a conversion (:mod:`lpskg.store.terms`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Protocol, TypeVar, runtime_checkable

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from .answers import Answer, Job
from .base import Dataset, Rows

T = TypeVar("T")


@runtime_checkable
class Store(Protocol):
    """A quad store with named graphs, answered in SPARQL 1.1: what the embedded and the remote store share.

    ``location`` is the setting that opens the store again; ``can_open_views``
    says whether other processes may open read-only views of it (the query
    workers that enforce the timeout by being killable).
    """

    location: str
    can_open_views: bool

    def select(self, query: str, bindings: Mapping[str, Node] | None = None,
               dataset: Dataset | None = None) -> Rows:
        """Rows of a SELECT query; unbound variables are absent from a row."""

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None, dataset: Dataset | None = None) -> bool:
        """The answer of an ASK query."""

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None,
                  dataset: Dataset | None = None) -> Graph:
        """The graph of a CONSTRUCT or DESCRIBE query."""

    def answer(self, job: Job) -> Answer:
        """The answer to ``job``, serialised in the first acceptable format, with the row cap applied."""

    def update(self, update: str, base_iri: str | None = None) -> None:
        """Apply a SPARQL Update request atomically (one request, one transaction); relative IRIs
        resolve against ``base_iri``."""

    def graph_names(self) -> list[str]:
        """IRIs of all named graphs, sorted."""

    def triple_count(self, graph: str | None = None) -> int:
        """Triples in one named graph, or quads in the whole store."""

    def has_graph(self, name: str) -> bool:
        """True if the named graph ``name`` has a triple."""

    def graph(self, name: str) -> Graph:
        """A copy of the named graph ``name`` as an rdflib Graph."""

    def graph_document(self, name: str | None, media_type: str) -> bytes:
        """The named graph ``name`` (None: the store's own default graph) serialised in ``media_type``."""

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the store, for export."""

    def add_quads(self, quads: Iterable[ox.Quad], atomic: bool = True,
                  progress: Callable[[str], None] | None = None) -> None:
        """Add ``quads``: all or none (``atomic``), or as fast as the store can, for a huge import;
        ``progress`` hears of each request a remote store sends."""

    def reading(self, read: Callable[[], T]) -> T:
        """Run ``read``, which may read the store from the start again if it is retried."""

    def close(self) -> None:
        """Release the store (flush and unlock an embedded store, close HTTP sessions)."""
