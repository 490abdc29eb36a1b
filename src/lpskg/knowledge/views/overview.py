"""What the overview page reads besides the paradox map: the graph in numbers, and the cases to choose from.

``queries/pages/overview-counts.rq`` counts paradoxes, tensions, strategies,
archetypes, quotes, cases and cited works; ``queries/pages/case-list.rq`` gives
the cases, for the fingerprint's choice of case.
"""
from __future__ import annotations

from ...store import Dataset, Store
from ..library import read_model


def counts(store: Store, dataset: Dataset) -> dict[str, int]:
    """How many of each kind the graph holds, by the name the page shows ("paradoxes": 4)."""
    return {row["label"].toPython(): int(row["n"])
            for row in read_model("pages/overview-counts").run(store, dataset=dataset)}


def case_choices(store: Store, dataset: Dataset) -> list[tuple[str, str]]:
    """(IRI, label) of every case, by label."""
    return sorted({(str(r["case"]), str(r["label"])) for r in read_model("pages/case-list").run(store, dataset=dataset)},
                  key=lambda case: case[1])
