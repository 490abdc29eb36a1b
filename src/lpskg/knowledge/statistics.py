"""Counts per class and per graph: what ``lpskg stats`` reports."""
from __future__ import annotations

from ..store import Store
from .library import read_model


def class_counts(store: Store) -> list[tuple[str, int]]:
    """(class IRI, number of instances) for every class used in the data, most used first."""
    return [(str(r["class"]), int(r["count"])) for r in read_model("reports/instances-per-class").run(store)]


def graph_counts(store: Store) -> list[tuple[str, int]]:
    """(named graph IRI, triples) for every graph of the store."""
    return [(name, store.triple_count(name)) for name in store.graph_names()]
