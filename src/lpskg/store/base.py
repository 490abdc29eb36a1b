"""The pieces every store shares: datasets, rows, errors, and what all stores implement alike.

The :class:`~lpskg.store.protocol.Store` protocol says what a store is; this
module has what it is made of.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from ..namespaces import new_graph
from ..sparql_text import QuerySyntaxError, has_dataset_clause

T = TypeVar("T")

__all__ = ["Dataset", "Rows", "StoreBase", "StoreError", "StoreUnavailable", "StoreTimeout",
           "QuerySyntaxError", "new_graph", "graph_as_insert", "insert_data", "insert_operations"]


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


#: Triples per ``INSERT DATA`` operation.  Virtuoso compiles each operation to SQL and refuses one past
#: 10,000 lines of it (about 2,000 triples); several operations in one request are still one request.
INSERT_DATA_BLOCK = 500
_SUBJECT_BLANK = re.compile(r"(_:\S+)")
_OBJECT_BLANK = re.compile(r"\s(_:\S+)\s*\.\s*$")


def _blocks(lines: list[tuple[str | None, str]]) -> list[list[tuple[str | None, str]]]:
    """(graph, N-Triples line) pairs in blocks of about :data:`INSERT_DATA_BLOCK`, triples that share a
    blank node (directly or through others, in any graph) in the same block: a blank node label names
    one node only inside one ``INSERT DATA`` operation, and Oxigraph refuses a label shared by two."""
    parent: dict[str, str] = {}

    def root(label: str) -> str:
        while parent.setdefault(label, label) != label:
            label = parent[label]
        return label

    groups: dict[str, list[tuple[str | None, str]]] = {}
    for number, (graph, line) in enumerate(lines):
        labels = [m.group(1) for m in (_SUBJECT_BLANK.match(line), _OBJECT_BLANK.search(line)) if m]
        for other in labels[1:]:
            parent[root(other)] = root(labels[0])
        groups.setdefault(f"#{number}" if not labels else labels[0], []).append((graph, line))
    merged: dict[str, list[tuple[str | None, str]]] = {}
    for key, members in groups.items():
        merged.setdefault(key if key.startswith("#") else root(key), []).extend(members)
    blocks: list[list[tuple[str | None, str]]] = [[]]
    for members in merged.values():
        if blocks[-1] and len(blocks[-1]) + len(members) > INSERT_DATA_BLOCK:
            blocks.append([])
        blocks[-1].extend(members)
    return [block for block in blocks if block]


def insert_operations(lines: list[tuple[str | None, str]]) -> str:
    """``INSERT DATA`` operations, ``;``-separated, putting each N-Triples line into its graph (None: the
    default graph), about :data:`INSERT_DATA_BLOCK` triples each (a block with blank nodes as an
    ``INSERT ... WHERE { }``)."""
    operations = []
    for block in _blocks(lines):
        by_graph: dict[str | None, list[str]] = {}
        for graph, line in block:
            by_graph.setdefault(graph, []).append(line)
        body = "".join(f"GRAPH <{graph}> {{\n" + "\n".join(triples) + "\n}\n" if graph else "\n".join(triples) + "\n"
                       for graph, triples in by_graph.items())
        if any(_SUBJECT_BLANK.match(line) or _OBJECT_BLANK.search(line) for _, line in block):
            # SPARQL 1.1 allows blank nodes in INSERT DATA, but Virtuoso refuses them there ("not allowed in a
            # constant clause"); a template with an empty WHERE (one solution) makes the same fresh nodes anywhere
            operations.append(f"INSERT {{\n{body}}} WHERE {{ }}")
        else:
            operations.append(f"INSERT DATA {{\n{body}}}")
    return " ;\n".join(operations) or "INSERT DATA { }"


def graph_as_insert(name: str | None, graph: Graph) -> str:
    """``INSERT DATA`` putting ``graph`` into the named graph ``name`` (None: the default graph)."""
    return insert_operations([(name, line) for line in graph.serialize(format="nt").splitlines() if line])


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


def insert_data(quads: Iterable[ox.Quad]) -> str:
    """One SPARQL Update request adding ``quads``: per graph, ``INSERT DATA`` of the N-Triples Oxigraph writes.

    N-Triples is SPARQL's triple syntax too (absolute IRIs, escaped literals,
    ``_:`` labels), so the serialiser, not string pasting, writes every term.
    Triples that share a blank node stay in one operation (:func:`insert_operations`).
    """
    triples: dict[ox.NamedNode | ox.BlankNode | ox.DefaultGraph, list[ox.Triple]] = {}
    for quad in quads:
        triples.setdefault(quad.graph_name, []).append(quad.triple)
    lines: list[tuple[str | None, str]] = []
    for graph, graph_triples in triples.items():
        if isinstance(graph, ox.BlankNode):
            raise StoreError(f"SPARQL Update cannot write into a graph named by a blank node ({graph})")
        name = graph.value if isinstance(graph, ox.NamedNode) else None
        lines += [(name, line) for line in
                  ox.serialize(graph_triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8").splitlines()]
    return insert_operations(lines)
