"""SPARQL Update text that adds triples: how a graph or a stream of quads is sent to a store as ``INSERT DATA``.

The remote store writes with it, and the write path sends a submission's graph
and its entailments in one request with it.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph

from .base import StoreError

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
