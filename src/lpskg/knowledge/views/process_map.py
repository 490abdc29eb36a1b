"""What the paradox map's third figure shows: the process model (the paper's Figure 3), read from the graph.

The phases in the order of the paper's account (acceptance first, dynamic
equilibrium last) and the transitions between them, each with what moves it
(``queries/pages/process-map.rq``).  :mod:`lpskg.web.site.process_map` draws them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ...store import Dataset, Store
from ..library import read_model


@dataclass
class Transition:
    iri: str
    source: str
    target: str
    definition: str = ""
    movers: list[str] = field(default_factory=list)


@dataclass
class Phase:
    iri: str
    label: str
    order: int


def process_model(store: Store, dataset: Dataset) -> tuple[list[Phase], list[Transition]]:
    """The phases in order and the transitions between them, from the graph."""
    phases: dict[str, Phase] = {}
    transitions: dict[str, Transition] = {}
    for row in read_model("pages/process-map").run(store, dataset=dataset):
        phase = str(row["phase"])
        phases.setdefault(phase, Phase(phase, str(row["label"]), int(row["order"].toPython())))
        if "transition" in row:
            transition = transitions.setdefault(str(row["transition"]), Transition(
                str(row["transition"]), phase, str(row["to"]), str(row.get("definition", ""))))
            if "moverLabel" in row and str(row["moverLabel"]) not in transition.movers:
                transition.movers.append(str(row["moverLabel"]))
    ordered = sorted(phases.values(), key=lambda p: (p.order, p.label))
    return ordered, [t for t in transitions.values() if t.target in phases]
