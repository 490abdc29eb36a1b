"""What every store is and shares: the :class:`Store` protocol, the values it answers in, its errors.

lpskg reaches its data only through a :class:`Store`, so that the embedded
store (pyoxigraph on disk) and a remote SPARQL service are interchangeable and
no caller tests which one it has.  The store knows quads, graphs and SPARQL,
nothing of the project: which graphs make up the bundle, where entailments go
and when caches must forget are the knowledge layer's business
(:mod:`lpskg.knowledge.graphs`, the one write path).

Rows of SELECT queries and the small graphs of CONSTRUCT queries come back as
rdflib terms, for code that inspects values; bulk data (``quads``,
``add_quads``, serialised answers) is pyoxigraph's, which the serialisers write
without a conversion (:mod:`lpskg.store.terms`).  The endpoint's queries are
asked as a :class:`Job` and answered with an :class:`Answer`, already
serialised in the client's format (:mod:`lpskg.store.answers`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol, TypeVar, runtime_checkable

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from ..namespaces import new_graph
from ..sparql_text import article, has_dataset_clause

T = TypeVar("T")

class Rows(list):
    """SELECT results: a list of rows that also knows the query's projected variables."""

    def __init__(self, variables: list[str], rows: Iterable[dict[str, Node]] = ()) -> None:
        super().__init__(rows)
        self.variables = variables


class StoreError(RuntimeError):
    """The store cannot be opened or refused an operation; the message says why."""


class StoreUnavailable(StoreError):
    """A remote store cannot be reached, failed, or refused lpskg's credentials.

    Not the client's fault: the HTTP layer answers 502 Bad Gateway."""


class StoreTimeout(StoreUnavailable):
    """A remote store did not answer within the query timeout."""


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset a query runs over (SPARQL 1.1 Protocol's graph parameters).

    ``default_graphs`` None means the union of all named graphs; ``named_graphs``
    None means every named graph is visible to ``GRAPH`` patterns.  ``from_query``
    means the query's own ``FROM``/``FROM NAMED`` clauses say it, and the store
    adds nothing (SPARQL 1.1 Query 13.2; the protocol's graph parameters, when
    sent, override them instead).
    """

    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    from_query: bool = False


def own_dataset(query: str, configured: Dataset | None = None) -> Dataset:
    """The dataset ``query`` runs over when no request names one: its own ``FROM`` / ``FROM NAMED`` when it
    has them, else ``configured`` (None: the union of all graphs).

    A configured default (the CLI's union, the server's ``LPSKG_DEFAULT_GRAPH``) never overrides the
    query's own dataset, so that a query leaving ``graph/interpretations`` out of its ``FROM`` sees no
    interpretation wherever it runs; only a request's graph parameters do (SPARQL 1.1 Protocol 2.1.4).
    """
    if has_dataset_clause(query):
        return Dataset(from_query=True)
    return configured if configured is not None else Dataset()


class NotAcceptable(ValueError):
    """The client accepts no format in which this kind of result can be written."""

    def __init__(self, kind: str, offered: list[str]) -> None:
        super().__init__(f"{article(kind)} {kind} result can be served as {', '.join(offered)}; "
                         "the Accept header (or format=) allows none of them")
        self.kind = kind
        self.offered = offered


@dataclass(frozen=True)
class Job:
    """One query to answer: text, bindings, dataset and the acceptable media types, best first.

    ``generation`` is the write generation the answer must reflect (a query
    worker whose view is older reopens it first).  ``base_iri`` is what relative
    IRIs in the query resolve against (SPARQL 1.1 Query 4.1.1: the endpoint's URL).
    """

    query: str
    bindings: Mapping[str, Node] | None = None
    dataset: Dataset | None = None
    result_types: tuple[str, ...] = ("application/sparql-results+json",)
    graph_types: tuple[str, ...] = ("text/turtle",)
    max_rows: int = 100_000
    generation: int = 0
    base_iri: str | None = None


@dataclass(frozen=True)
class Answer:
    """A serialised answer: the body, its media type, and how many rows or triples it holds."""

    form: str  # "SELECT", "ASK" or "GRAPH"
    body: bytes
    media_type: str
    count: int
    truncated: bool
    elapsed: float = 0.0



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


class StoreBase:
    """What every store implements alike, on top of its own ``select``, ``ask`` and ``update``."""

    def reading(self, read: Callable[[], T]) -> T:
        """Run ``read`` once; a store whose views go stale overrides this to retry."""
        return read()

    def graph(self, name: str) -> Graph:
        result = new_graph()
        for row in self.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"):  # type: ignore[attr-defined]
            result.add((row["s"], row["p"], row["o"]))
        return result

    def has_graph(self, name: str) -> bool:
        return self.ask(f"ASK {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")  # type: ignore[attr-defined]

    def close(self) -> None:
        """Nothing to release."""


