"""/compare over a real server with the paper's two cases and the submitted example case."""
from __future__ import annotations

import csv
import io

import requests

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
CASE = "https://w3id.org/lpskg/resource/case/"
SCANIA, VOLVO, PUMPS = CASE + "scania", CASE + "volvo-ce", CASE + "example-pumps"


def comparison(server, **params) -> dict:
    response = requests.get(server.base_url + "/compare", params={**params, "format": "json"})
    assert response.status_code == 200, response.text
    return response.json()


def rows_of(table: dict, group: str) -> dict[str, dict]:
    return {row["label"]: row for g in table["groups"] if g["name"] == group for row in g["rows"]}


def shown_in_graph(server, prop: str) -> set[tuple[str, str]]:
    """(case, concept) pairs the graph links with ``prop``, asked over /sparql, not through /compare."""
    query = f"SELECT ?c ?x WHERE {{ ?c a lpskg:Case ; lpskg:{prop} ?x }}"
    answer = requests.get(server.base_url + "/sparql", params={"query": query},
                          headers={"Accept": "application/sparql-results+json"}).json()
    return {(b["c"]["value"], b["x"]["value"]) for b in answer["results"]["bindings"]}


def test_every_case_is_a_column_and_each_group_of_rows_is_there(workbench):
    table = comparison(workbench)
    assert [c["label"] for c in table["cases"]] == ["Example Pumps AS case (fictional)", "Scania case", "Volvo CE case"]
    assert [g["name"] for g in table["groups"]] == [
        "tensions", "imbalance archetypes", "strategies and actions", "digital technologies", "practices", "approach",
        "imbalance patterns"]


def test_a_cell_is_shown_exactly_when_the_graph_links_the_case_or_its_evidence_illustrates_the_concept(workbench):
    table = comparison(workbench)
    for group, prop in (("tensions", "showsTension"), ("imbalance archetypes", "showsArchetype"),
                        ("digital technologies", "usesTechnology"), ("practices", "hasPractice")):
        linked = shown_in_graph(workbench, prop)
        cells = {(case, row["iri"]) for row in rows_of(table, group).values()
                 for case, cell in row["cells"].items() if cell["shown"]}
        assert linked <= cells, group
        # anything shown beyond the links is shown by the case's own evidence
        for case, concept in cells - linked:
            row = next(r for r in rows_of(table, group).values() if r["iri"] == concept)
            assert any(e["kind"] in ("respondent quote", "reported observation") for e in row["cells"][case]["evidence"])


def test_a_cell_links_its_evidence_quotes_verbatim_and_observations_marked(workbench):
    tensions = rows_of(comparison(workbench), "tensions")
    cell = tensions["current goals vs. future goals"]["cells"][PUMPS]
    quote = next(e for e in cell["evidence"] if e["kind"] == "respondent quote")
    assert quote["text"].startswith("The boards show us every disturbance in real time")
    assert quote["iri"].startswith("https://w3id.org/lpskg/resource/") and quote["locator"] == "Section 4.1, p. 7"
    # the new tension the example case proposes is a row of its own, shown only there
    new = tensions["speed of digital change vs. stability of standard work"]["cells"]
    assert new[PUMPS]["shown"] and not new[SCANIA]["shown"] and not new[VOLVO]["shown"]
    # a Scania link without a quote of its own points at the passage that speaks of both
    approach = rows_of(comparison(workbench), "approach")
    top_down = approach["top-down"]["cells"][SCANIA]["evidence"]
    assert top_down[0]["kind"] == "passage" and "used a top-down approach" in top_down[0]["text"]
    assert approach["bottom-up"]["cells"][PUMPS]["shown"] and approach["lean-first"]["cells"][PUMPS]["shown"]
    assert not approach["top-down"]["cells"][VOLVO]["shown"]


def test_cases_groups_and_filters_are_chosen_in_the_url(workbench):
    table = comparison(workbench, cases="scania,volvo-ce", groups="imbalance archetypes", only="differ")
    assert [c["iri"] for c in table["cases"]] == [SCANIA, VOLVO]
    assert [g["name"] for g in table["groups"]] == ["imbalance archetypes"]
    rows = rows_of(table, "imbalance archetypes")
    assert rows and all(len({cell["shown"] for cell in row["cells"].values()}) == 2 for row in rows.values())
    linked = shown_in_graph(workbench, "showsArchetype")
    differing = {x for _, x in linked if ((SCANIA, x) in linked) != ((VOLVO, x) in linked)}
    assert {row["iri"] for row in rows.values()} == differing and differing
    goals = comparison(workbench, groups="tensions", q="GOALS")
    assert {r for r in rows_of(goals, "tensions")} == {
        "current goals vs. future goals", "financial goals vs. social goals"}


def test_the_csv_export_has_a_column_per_case_and_the_json_the_same_rows(workbench):
    response = requests.get(workbench.base_url + "/compare", params={"format": "csv", "groups": "practices"})
    assert response.headers["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(response.text)))
    assert table[0][:4] == ["group", "section", "row", "label"] and "Scania case" in table[0]
    as_json = rows_of(comparison(workbench, groups="practices"), "practices")
    assert len(table) - 1 == len(as_json)
    scania = table[0].index("Scania case")
    for line in table[1:]:
        assert (line[scania] == "yes") == as_json[line[3]]["cells"][SCANIA]["shown"]


def test_the_page_shows_the_table_and_the_named_queries_serve_the_same(workbench):
    html = requests.get(workbench.base_url + "/compare", headers=BROWSER).text
    assert html.count('<th class="case">') == 3 and "Example Pumps AS case (fictional)" in html
    listed = {q["name"] for q in requests.get(workbench.base_url + "/api/queries").json()}
    assert {"compare-cases", "compare-approach"} <= listed
    rows = requests.get(workbench.base_url + "/api/queries/compare-cases", params={"case": "case:example-pumps"},
                        headers={"Accept": "application/sparql-results+json"}).json()["results"]["bindings"]
    assert rows and {b["case"]["value"] for b in rows} == {PUMPS}


def test_an_unknown_case_group_or_filter_is_a_400_naming_the_choices(workbench):
    for params, says in (({"cases": "saab"}, "no case 'saab'"), ({"groups": "moods"}, "no row group 'moods'"),
                         ({"only": "some"}, "only='some' is not a filter"), ({"format": "xlsx"}, "format='xlsx'")):
        response = requests.get(workbench.base_url + "/compare", params=params)
        assert response.status_code == 400 and says in response.text, response.text


def test_the_comparison_can_be_read_from_a_page_on_another_origin(workbench):
    response = requests.get(workbench.base_url + "/compare", params={"format": "json"},
                            headers={"Origin": "https://example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "*" and response.json()["cases"]


def test_the_imbalance_patterns_group_shows_what_the_rules_match_in_each_case(workbench):
    """compare-indications.rq adds a row group without code: the items that show each archetype's pattern."""
    table = comparison(workbench)
    (group,) = [g for g in table["groups"] if g["name"] == "imbalance patterns"]
    shown = {(row["label"], case.rsplit("/", 1)[-1]) for row in group["rows"]
             for case, cell in row["cells"].items() if cell["shown"]}
    assert {s for s in shown if s[1] == "example-pumps"} == {("Myopia", "example-pumps"),
                                                             ("Technical Monuments", "example-pumps")}
    assert ("Technical Monuments", "scania") in shown and ("Dogma", "volvo-ce") in shown   # the curator's coding
    (tm,) = [row for row in group["rows"] if row["label"] == "Technical Monuments"]
    evidence = tm["cells"][PUMPS]["evidence"]
    assert {e["kind"] for e in evidence} == {"respondent quote"}
    assert any(e["text"].startswith("Once the robot routes were fixed") for e in evidence)
