"""The paper's own cases diagnosed from their evidence in the graph, beside what the paper reports (issue 21),
and the diagnosis on a case's page and in the API's JSON (in process)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from lpskg.config import Settings
from lpskg.contributions import SubmissionError, diagnose_case
from lpskg.contributions.evaluation import paper_cases
from lpskg.knowledge.graphs import Graphs
from lpskg.store import Dataset
from lpskg.web.app import create_app

from support.stores import REPO

#: What the diagnosis finds for the paper's cases from their coded evidence (docs/diagnosis-evaluation.md).
FOUND = {
    "scania": {"Technical Monuments": "indicated", "Myopia": "possible", "Detached": "possible",
               "Dogma": "not indicated"},
    "volvo-ce": {"Dogma": "indicated", "Myopia": "possible", "Detached": "possible",
                 "Technical Monuments": "not indicated"},
}


@pytest.fixture(scope="module")
def graphs(bundle_store) -> Graphs:
    return Graphs(bundle_store)


@pytest.mark.parametrize("case", sorted(FOUND))
def test_the_papers_cases_are_diagnosed_from_their_evidence_in_the_graph(graphs: Graphs, case: str) -> None:
    diagnosis = diagnose_case(graphs, case)
    assert {g.label: g.grade_label for g in diagnosis.grades} == FOUND[case]
    # every item it weighs is the paper's own, from the case: the quotes verbatim, the observations its sentences
    assert diagnosis.items and all(item.evidence.rsplit("/", 1)[-1].startswith(case) for item in diagnosis.items.values())


def test_beside_what_the_paper_reports_every_reported_archetype_is_flagged_and_no_other(graphs: Graphs) -> None:
    for paper in paper_cases(graphs):
        flagged = {g.label for g in paper.diagnosis.grades if g.rank >= 2}
        assert flagged == set(paper.reported), paper.label
        assert all(paper.reported[label] for label in paper.reported)     # the paper gives items for each


def test_the_papers_cases_rest_on_the_curators_coding_and_say_so(graphs: Graphs) -> None:
    """Each coded link of the paper's evidence is an interpretation: without graph/interpretations the cases have
    no coded evidence, and every grade that finds something names the curator's rules it rests on."""
    store = graphs.store
    dataset = Dataset(default_graphs=tuple(g for g in store.graph_names() if not g.endswith("/interpretations")))
    coded = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?e lpskg:fromCase ?c ; lpskg:showsSign|lpskg:reportsStance ?x }",
                         dataset=dataset)
    assert int(coded[0]["n"]) == 0
    for case in FOUND:
        for grade in diagnose_case(graphs, case).grades:
            if grade.items_for:
                assert grade.rests_on_interpretation and any(r.rule_id == "I-7" for r in grade.rules)


def test_an_unknown_case_is_still_not_found(graphs: Graphs) -> None:
    with pytest.raises(SubmissionError, match="no submitted case"):
        diagnose_case(graphs, "no-such-case")


@pytest.fixture(scope="module")
def client(bundle_store_template: Path, tmp_path_factory: pytest.TempPathFactory):
    import shutil

    path = tmp_path_factory.mktemp("paper-cases-web") / "store"
    shutil.copytree(bundle_store_template, path)
    app = create_app(Settings(store=str(path), token="t", query_workers=0))
    yield app.test_client()
    app.extensions["lpskg"].store.close()


def test_the_case_page_shows_the_graded_diagnosis(client) -> None:
    page = client.get("/resource/case/scania", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'id="diagnosis"' in page and "Technical Monuments indicated; possible: Detached, Myopia" in page
    assert ">Technical Monuments</a>: indicated</h3>" in page and ">Dogma</a>" not in page.split('id="diagnosis"')[1].split("</section>")[0].split("Not indicated, no evidence")[0]
    assert 'class="standing interpretation"' in page and ">I-11</a>" in page      # the curator's rules, marked
    assert "may follow from its Technical Monuments" in page                          # C2, stated


def test_the_api_answers_the_grades_as_json(client) -> None:
    answer = json.loads(client.get("/api/cases/volvo-ce/diagnosis").data)
    assert answer["headline"] == "Dogma indicated; possible: Detached, Myopia"
    assert [i["label"] for i in answer["indications"]] == ["Dogma"]
    dogma = next(g for g in answer["grades"] if g["label"] == "Dogma")
    assert dogma["grade"] == "indicated" and len(dogma["for"]) == 3 and dogma["against"] == []
    assert {r["id"]: r["status"] for r in dogma["rules"]}["R2"] == "stated"
    assert {r["id"]: r["status"] for r in dogma["rules"]}["I-11"] == "interpretation"
    turtle = client.get("/api/cases/volvo-ce/diagnosis", headers={"Accept": "text/turtle"}).get_data(as_text=True)
    assert "lpskg:ArchetypeGrade" in turtle and "lpskg:restsOnRule" in turtle


def test_a_submitted_file_is_diagnosed_without_a_token_and_nothing_is_stored(client) -> None:
    body = (REPO / "tests" / "fixtures" / "vignettes" / "06-control-audit-postponement.yaml").read_bytes()
    answer = json.loads(client.post("/api/diagnosis", data=body, headers={"Content-Type": "application/yaml"}).data)
    assert answer["headline"] == "no imbalance indicated" and answer["balanced"] is True
    myopia = next(g for g in answer["grades"] if g["label"] == "Myopia")
    assert (myopia["grade"], myopia["reason"]) == ("not indicated", "countered")
