"""The diagnosis against an evaluation set written before its rules were tuned, and against the paper itself.

An evaluation set is a directory of case files with an ``expected.yaml`` (tests/fixtures/vignettes/: sixteen
FICTIONAL vignettes, the grade a researcher expects per archetype, the chains to report, the items for and
against each grade, ablations).  :func:`evaluate` diagnoses each file as ``lpskg case diagnose FILE`` does and
compares; :func:`paper_cases` sets the diagnosis of the paper's own cases beside what the paper reports for
them; :mod:`.evaluation_report` writes both as docs/diagnosis-evaluation.md (``lpskg case evaluate DIR
--markdown``), so that the page is generated, never typed.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..knowledge.diagnosis_results import Diagnosis
from ..knowledge.graphs import Graphs
from ..knowledge.library import read_model
from ..namespaces import resource_iri
from .cases import diagnose_case
from .reading import read_source

GRADES = ("indicated", "possible", "insufficient evidence", "not indicated")


@dataclass
class Outcome:
    """One case file of the set: what was expected and what the diagnosis found."""

    file: str
    kind: str
    expected_headline: str
    found_headline: str
    expected: dict[str, str]
    found: dict[str, str]
    expected_reasons: dict[str, str]
    found_reasons: dict[str, str]
    expected_chains: list[tuple[str, tuple[int, ...]]]
    found_chains: list[tuple[str, tuple[int, ...]]]
    interpretations: dict[str, list[str]]       # archetype -> the curator's rules its grade rests on
    decisive: list[str]                          # the expectation's rests_on entries it calls decisive
    diagnosis: Diagnosis | None = field(default=None, repr=False)

    @property
    def agrees(self) -> bool:
        return (self.expected == self.found and self.expected_headline == self.found_headline
                and all(self.found_reasons.get(a) == r for a, r in self.expected_reasons.items())
                and sorted(self.expected_chains) == sorted(self.found_chains))


def evaluate(graphs: Graphs, directory: Path) -> list[Outcome]:
    """Diagnose every case file ``expected.yaml`` lists and compare it with what the file expects."""
    expected = yaml.safe_load((directory / "expected.yaml").read_text(encoding="utf-8"))
    outcomes = []
    for entry in expected["vignettes"]:
        path = directory / entry["file"]
        diagnosis = diagnose_case(graphs, read_source(path, 10_000_000))
        positions = item_positions(yaml.safe_load(path.read_text(encoding="utf-8")))
        grades = {g.label: g for g in diagnosis.grades}
        decisive = [text for rationale in (entry.get("rationale") or {}).values()
                    for text in rationale.get("rests_on", []) if "decisive" in text and "not decisive" not in text]
        outcomes.append(Outcome(
            entry["file"], entry.get("kind", ""), entry["headline"], diagnosis.headline(),
            dict(entry["grades"]), {label: g.grade_label for label, g in grades.items()},
            dict(entry.get("reasons") or {}),
            {label: g.reason for label, g in grades.items() if g.reason},
            [(c["rule"], tuple(sorted(c["second_end"]))) for c in entry.get("chains") or []],
            [(c.rule.rule_id if c.rule else "", tuple(sorted(positions[e] for e in c.second_end if e in positions)))
             for c in diagnosis.chains],
            {label: [r.rule_id for r in g.rules if r.status == "interpretation"]
             for label, g in grades.items() if g.rank or g.lowered},
            decisive, diagnosis))
    return outcomes


def item_positions(case: dict[str, Any]) -> dict[str, int]:
    """The IRI of each evidence item of a case file, to its 0-based position (the numbering of expected.yaml)."""
    found = {}
    for index, item in enumerate(case["evidence"]):
        slug = f"{case['id']}-{item['key']}" if item.get("key") else f"{case['id']}-{index + 1}"
        found[str(resource_iri(item["kind"], slug))] = index
    return found


def precision_recall(outcomes: Sequence[Outcome], positive: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """Per archetype: true and false positives and negatives, precision and recall, where a grade in
    ``positive`` is a positive (('indicated',) strictly; ('indicated', 'possible') for what the diagnosis flags)."""
    table: dict[str, dict[str, Any]] = {}
    for outcome in outcomes:
        for archetype, grade in outcome.expected.items():
            row = table.setdefault(archetype, {"tp": 0, "fp": 0, "fn": 0, "tn": 0})
            expected, found = grade in positive, outcome.found.get(archetype) in positive
            row["tp" if expected and found else "fp" if found else "fn" if expected else "tn"] += 1
    for row in table.values():
        row["precision"] = row["tp"] / (row["tp"] + row["fp"]) if row["tp"] + row["fp"] else None
        row["recall"] = row["tp"] / (row["tp"] + row["fn"]) if row["tp"] + row["fn"] else None
    return dict(sorted(table.items()))


@dataclass
class PaperCase:
    """One of the paper's cases: what the paper reports for each archetype, and what the diagnosis finds."""

    case: str
    label: str
    reported: dict[str, list[str]]          # archetype label -> the case's items the paper gives for it
    diagnosis: Diagnosis


def paper_cases(graphs: Graphs) -> list[PaperCase]:
    """Scania and Volvo CE diagnosed from the evidence the bundle holds for them (coded by the curator), beside
    the archetypes the paper reports for each (lpskg:showsArchetype)."""
    rows = read_model("diagnosis/paper-reports").run(graphs.store)
    reported: dict[str, dict[str, list[str]]] = {}
    labels: dict[str, str] = {}
    for row in rows:
        case = str(row["case"])
        labels[case] = str(row["caseLabel"])
        if "archetypeLabel" in row:
            reported.setdefault(case, {}).setdefault(str(row["archetypeLabel"]), [])
            if "evidenceLabel" in row:
                reported[case][str(row["archetypeLabel"])].append(str(row["evidenceLabel"]))
    return [PaperCase(case, labels[case], reported.get(case, {}), diagnose_case(graphs, case.rsplit("/", 1)[-1]))
            for case in sorted(labels)]
