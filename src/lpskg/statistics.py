"""Counts per class of the asserted data: what ``lpskg stats`` and ``/health`` report."""
from __future__ import annotations

from .namespaces import GRAPH
from .store import Store

_COUNT_PER_CLASS = f"""
SELECT ?class (COUNT(DISTINCT ?s) AS ?count) WHERE {{
  GRAPH ?g {{ ?s a ?class }}
  FILTER(!STRSTARTS(STR(?g), "{GRAPH}inferred/") && ?g != <{GRAPH}ontology>)
}} GROUP BY ?class ORDER BY DESC(?count) ?class
"""


def class_counts(store: Store) -> list[tuple[str, int]]:
    """(class IRI, number of instances) for every class used in the data, most used first."""
    return [(str(r["class"]), int(r["count"])) for r in store.select(_COUNT_PER_CLASS)]


def graph_counts(store: Store) -> list[tuple[str, int]]:
    """(named graph IRI, triples) for every graph of the store."""
    return [(name, store.triple_count(name)) for name in store.graph_names()]
