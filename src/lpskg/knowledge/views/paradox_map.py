"""What the paradox map's first two figures show, read from the graph each time they are drawn.

After the paper's Figures 1 and 2: the paradoxes with their tensions, the two
poles of each and the resolution strategies that address them
(``queries/pages/paradox-map-*.rq``); the imbalance archetypes with their
stakeholders, the paradox each throws off balance and the one that drives it,
the poles they over-prioritise and the strategies that counteract them
(``queries/pages/archetype-map.rq``), in the order of their chain.  Nothing
is chosen by name: a paradox, tension or archetype added to the graph is read.
:mod:`lpskg.web.site.paradox_map` draws them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ...store import Dataset, Store
from ..library import read_model


@dataclass
class Tension:
    iri: str
    label: str
    illustrative: bool = False
    poles: list[str] = field(default_factory=list)


@dataclass
class Paradox:
    """A paradox with its tensions and strategies; with ``iri`` "", the tensions the paper puts in no paradox."""

    iri: str
    label: str
    tensions: dict[str, Tension] = field(default_factory=dict)
    strategies: dict[str, str] = field(default_factory=dict)


@dataclass
class Archetype:
    iri: str
    label: str
    stakeholders: dict[str, str] = field(default_factory=dict)
    driven_by: set[str] = field(default_factory=set)
    triggers: dict[str, str] = field(default_factory=dict)
    poles: dict[str, bool] = field(default_factory=dict)  # label -> the curator's interpretation?
    counteracted_by: set[str] = field(default_factory=set)
    stated_next: set[str] = field(default_factory=set)  # next archetypes a sentence says this one drives


def paradoxes(store: Store, dataset: Dataset) -> list[Paradox]:
    """Paradoxes with their tensions, poles and addressing strategies, from the graph."""
    found: dict[str, Paradox] = {}
    for row in read_model("pages/paradox-map-tensions").run(store, dataset=dataset):
        # the tensions of no paradox come as one column without an IRI ("" never names a paradox)
        iri = str(row.get("paradox", ""))
        paradox = found.setdefault(iri, Paradox(iri, str(row["paradoxLabel"])))
        if "tension" in row:
            tension = paradox.tensions.setdefault(str(row["tension"]), Tension(
                str(row["tension"]), str(row["tensionLabel"]), bool(row["illustrative"].toPython())))
            if "poleLabel" in row and str(row["poleLabel"]) not in tension.poles:
                tension.poles.append(str(row["poleLabel"]))
    for row in read_model("pages/paradox-map-strategies").run(store, dataset=dataset):
        if str(row["paradox"]) in found:
            found[str(row["paradox"])].strategies[str(row["strategy"])] = str(row["strategyLabel"])
    return list(found.values())


def archetypes(store: Store, dataset: Dataset) -> list[Archetype]:
    """Imbalance archetypes with stakeholders, paradox chain, poles and counteracting strategies."""
    found: dict[str, Archetype] = {}
    for row in read_model("pages/archetype-map").run(store, dataset=dataset):
        archetype = found.setdefault(str(row["archetype"]), Archetype(str(row["archetype"]), str(row["label"])))
        if "stakeholder" in row:
            archetype.stakeholders[str(row["stakeholder"])] = str(row["stakeholderLabel"])
        if "driven" in row:
            archetype.driven_by.add(str(row["driven"]))
        if "triggered" in row:
            archetype.triggers[str(row["triggered"])] = str(row["triggeredLabel"])
        if "poleLabel" in row:
            archetype.poles[str(row["poleLabel"])] = bool(row["interpreted"].toPython())
        if "strategyLabel" in row:
            archetype.counteracted_by.add(str(row["strategyLabel"]))
        if "statedNext" in row:
            archetype.stated_next.add(str(row["statedNext"]))
    return chain_order(list(found.values()))


def successors(archetype: Archetype, items: list[Archetype]) -> list[tuple[Archetype, str]]:
    """The archetypes ``archetype`` leads to: driven by a paradox it triggers, with that paradox's label."""
    return [(other, label) for paradox, label in archetype.triggers.items()
            for other in items if other is not archetype and paradox in other.driven_by]


def chain_order(items: list[Archetype]) -> list[Archetype]:
    """The archetypes in the order of their chain (each triggers the paradox driving the next)."""
    if not items:
        return items
    has_predecessor = {b.iri for a in items for b, _ in successors(a, items)}
    start = next((a for a in items if a.iri not in has_predecessor), items[0])
    ordered, current = [], start
    while current is not None and current not in ordered:
        ordered.append(current)
        current = next((b for b, _ in successors(current, items) if b not in ordered), None)
    return ordered + [a for a in items if a not in ordered]
