"""Repairs of data stored by an earlier lpskg, applied by ``lpskg upgrade`` and by every ``lpskg load``.

Each repair is a query file ``queries/upgrade/*.rq``: a SELECT of the quads
(``?g ?s ?p ?o``) that must go, with a header that says why.  Finding them is
one query; removing them is one SPARQL Update per repair through the one write
path, naming each graph, so that only those graphs' entailments are recomputed.
A repair that finds nothing writes nothing: running it again is free.
"""
from __future__ import annotations

from dataclasses import dataclass

from .graphs import Graphs
from .library import read_models


@dataclass(frozen=True)
class Repair:
    """What one repair did: its title and how many quads it removed in which graphs."""

    title: str
    removed: int
    graphs: tuple[str, ...]


def upgrade(graphs: Graphs) -> list[Repair]:
    """Apply every repair of ``queries/upgrade/`` to the store; what each did."""
    repairs = []
    for repair in read_models("upgrade"):
        rows = repair.run(graphs.store)
        by_graph: dict[str, list[str]] = {}
        for row in rows:
            by_graph.setdefault(str(row["g"]), []).append(f"{row['s'].n3()} {row['p'].n3()} {row['o'].n3()} .")
        if by_graph:
            graphs.update("DELETE DATA {\n" + "\n".join(
                f"  GRAPH <{name}> {{\n    " + "\n    ".join(triples) + "\n  }" for name, triples in by_graph.items())
                + "\n}")
        repairs.append(Repair(repair.title, len(rows), tuple(by_graph)))
    return repairs
