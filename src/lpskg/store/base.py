"""The pieces every store shares: datasets, rows, errors, and what all stores implement alike.

The :class:`~lpskg.store.protocol.Store` protocol says what a store is; this
module has what it is made of.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from rdflib import Graph
from rdflib.term import Node

from ..namespaces import new_graph
from ..sparql_text import QuerySyntaxError

T = TypeVar("T")

__all__ = ["Dataset", "Rows", "StoreBase", "StoreError", "StoreUnavailable", "StoreTimeout",
           "QuerySyntaxError", "new_graph", "graph_as_insert"]


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


def graph_as_insert(name: str | None, graph: Graph) -> str:
    """An ``INSERT DATA`` block putting ``graph`` into the named graph ``name`` (None: the default graph)."""
    body = graph.serialize(format="nt")
    return f"INSERT DATA {{ GRAPH <{name}> {{\n{body}\n}} }}" if name else f"INSERT DATA {{\n{body}\n}}"


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
