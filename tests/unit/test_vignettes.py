"""The diagnosis against an evaluation set written before its rules were tuned (tests/fixtures/vignettes/,
sixteen FICTIONAL vignettes): every grade, reason, headline and chain as expected.yaml gives it, the ablations
it lists (the neglect or drift items removed lower a grade; the counter-evidence removed raises it again), and
docs/diagnosis-evaluation.md as `lpskg case evaluate --markdown` writes it.
"""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from lpskg.contributions import SourceFile, diagnose_case
from lpskg.contributions.evaluation import evaluate, item_positions, paper_cases, precision_recall
from lpskg.contributions.evaluation_report import markdown
from lpskg.formats import YAML
from lpskg.knowledge.graphs import Graphs

from support.stores import REPO

VIGNETTES = REPO / "tests" / "fixtures" / "vignettes"
EXPECTED = yaml.safe_load((VIGNETTES / "expected.yaml").read_text(encoding="utf-8"))["vignettes"]
BY_FILE = {entry["file"]: entry for entry in EXPECTED}
CONTROLS = sorted(entry["file"] for entry in EXPECTED if entry["kind"].startswith("balanced control"))


@pytest.fixture(scope="module")
def graphs(bundle_store) -> Graphs:
    return Graphs(bundle_store)


@pytest.fixture(scope="module")
def outcomes(graphs: Graphs):
    return {outcome.file: outcome for outcome in evaluate(graphs, VIGNETTES)}


def vignette(name: str) -> dict:
    return yaml.safe_load((VIGNETTES / name).read_text(encoding="utf-8"))


def diagnose(graphs: Graphs, data: dict):
    return diagnose_case(graphs, SourceFile("ablated.yaml", yaml.safe_dump(data, sort_keys=False).encode(), YAML))


def test_the_set_is_marked_fictional_and_has_what_the_issue_asks() -> None:
    files = sorted(path.name for path in VIGNETTES.glob("[0-9][0-9]-*.yaml"))
    assert files == sorted(BY_FILE) and len(files) >= 12
    for name in files:
        text = (VIGNETTES / name).read_text(encoding="utf-8")
        assert text.startswith("# FICTIONAL") and "(FICTIONAL)" in vignette(name)["label"]
    grades = {a: {entry["grades"][a] for entry in EXPECTED} for a in ("Myopia", "Technical Monuments", "Dogma", "Detached")}
    assert all("indicated" in found for found in grades.values())     # each archetype indicated somewhere
    assert len(CONTROLS) >= 4
    assert sum(len(entry["chains"]) for entry in EXPECTED) >= 2


@pytest.mark.parametrize("name", sorted(BY_FILE))
def test_each_vignette_gets_the_grades_headline_reasons_and_chains_it_expects(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert outcome.found == outcome.expected
    assert outcome.found_headline == outcome.expected_headline
    for archetype, reason in outcome.expected_reasons.items():
        assert outcome.found_reasons.get(archetype) == reason, archetype
    assert sorted(outcome.found_chains) == sorted(outcome.expected_chains)


@pytest.mark.parametrize("name", CONTROLS)
def test_each_balanced_control_gives_no_indication(outcomes, name: str) -> None:
    diagnosis = outcomes[name].diagnosis
    assert diagnosis.balanced and diagnosis.headline() == "no imbalance indicated"
    assert {g.grade_label for g in diagnosis.grades} == {"not indicated"}


def test_a_stance_only_case_is_insufficient_evidence_not_an_indication(outcomes) -> None:
    diagnosis = outcomes["12-stance-only.yaml"].diagnosis
    myopia = next(g for g in diagnosis.grades if g.label == "Myopia")
    assert myopia.grade_label == "insufficient evidence" and diagnosis.headline() == "insufficient evidence (Myopia)"
    assert [c.kind_label for c in myopia.items_for] == ["favoured pole"]
    assert {r.rule_id for r in myopia.rules} >= {"R1", "I-14"}


def test_every_indication_names_its_items_for_and_against_and_the_rules_it_rests_on(outcomes) -> None:
    diagnosis = outcomes["13-myopia-rebalanced-by-pacing.yaml"].diagnosis
    positions = item_positions(vignette("13-myopia-rebalanced-by-pacing.yaml"))
    myopia = next(g for g in diagnosis.grades if g.label == "Myopia")
    rationale = BY_FILE["13-myopia-rebalanced-by-pacing.yaml"]["rationale"]["Myopia"]
    assert sorted({positions[c.evidence] for c in myopia.items_for}) == rationale["for"]
    assert sorted({positions[c.evidence] for c in myopia.items_against}) == rationale["against"]
    assert myopia.lowered and myopia.base_label == "indicated" and myopia.grade_label == "possible"
    assert {(r.rule_id, r.status) for r in myopia.rules} >= {("I-19", "interpretation"), ("R2", "stated")}
    assert all(r.passages for r in myopia.rules)     # stated with its sentences, or interpreted on passages
    assert any(s.label == "Pacing" and s.reported and s.reported[0].outcome == "effective" for s in myopia.suggestions)


ABLATIONS = [(entry["file"], k) for entry in EXPECTED for k, _ in enumerate(entry.get("ablations") or [])]


@pytest.mark.parametrize("name,index", ABLATIONS)
def test_removing_items_changes_the_grade_as_the_set_expects(graphs: Graphs, name: str, index: int) -> None:
    """The neglect or drift items removed lower a grade (01, 02); the counter-evidence removed gives the
    indication back (13, 15); the two archetypes of 05 are graded apart."""
    ablation = BY_FILE[name]["ablations"][index]
    data = copy.deepcopy(vignette(name))
    for strip in ablation.get("strip", []):
        item = data["evidence"][strip["item"]]
        if strip["field"] == "signs":
            item.pop("signs", None)
        else:
            item["stances"] = [s for s in item.get("stances", []) if strip["field"] not in s]
    removed = {item.get("key") for i, item in enumerate(data["evidence"]) if i in ablation["remove"]}
    data["evidence"] = [item for i, item in enumerate(data["evidence"]) if i not in ablation["remove"]]
    for item in data["evidence"]:   # references to removed items go with them
        kept = [ref for ref in item.pop("follows_from", []) if ref not in removed]
        item.update({"follows_from": kept} if kept else {})
        if item.get("when", {}).get("after") in removed:
            item["when"] = {k: v for k, v in item["when"].items() if k not in ("after", "lag")} or {"phrase": "later"}
        for stance in item.get("stances", []):
            if stance.get("resolved_by") in removed:
                stance.pop("resolved_by")
    found = {g.label: g.grade_label for g in diagnose(graphs, data).grades}
    assert {a: found[a] for a in ablation["expected"]} == ablation["expected"]


def test_counter_evidence_lowers_a_grade_and_never_by_more_than_one_step(outcomes) -> None:
    for name in ("13-myopia-rebalanced-by-pacing.yaml", "15-dogma-empowered.yaml"):
        lowered = [g for g in outcomes[name].diagnosis.grades if g.lowered]
        assert [(g.base_label, g.grade_label) for g in lowered] == [("indicated", "possible")]


def test_precision_and_recall_per_archetype_on_the_set(outcomes) -> None:
    table = precision_recall(list(outcomes.values()), ("indicated",))
    assert {a: (row["precision"], row["recall"]) for a, row in table.items()} == {
        "Detached": (1.0, 1.0), "Dogma": (1.0, 1.0), "Myopia": (1.0, 1.0), "Technical Monuments": (1.0, 1.0)}


def test_the_evaluation_page_is_what_the_command_writes(graphs: Graphs, outcomes) -> None:
    """docs/diagnosis-evaluation.md is generated (lpskg case evaluate ... --markdown), never typed."""
    command = "lpskg case evaluate tests/fixtures/vignettes --markdown > docs/diagnosis-evaluation.md"
    page = markdown(graphs, list(outcomes.values()), paper_cases(graphs), command)
    assert (REPO / "docs" / "diagnosis-evaluation.md").read_text(encoding="utf-8") == page


def test_the_set_is_read_from_a_directory_like_any_researchers_own(graphs: Graphs, tmp_path: Path) -> None:
    """An evaluation set is a directory with an expected.yaml: a second one, of one vignette, evaluates alike."""
    (tmp_path / "12-stance-only.yaml").write_bytes((VIGNETTES / "12-stance-only.yaml").read_bytes())
    entry = dict(BY_FILE["12-stance-only.yaml"])
    entry["grades"] = dict(entry["grades"], Myopia="indicated")     # a wrong expectation is reported as such
    (tmp_path / "expected.yaml").write_text(yaml.safe_dump({"vignettes": [entry]}), encoding="utf-8")
    (outcome,) = evaluate(graphs, tmp_path)
    assert not outcome.agrees and outcome.found["Myopia"] == "insufficient evidence"
