"""/cases and /publications: every case and work with its provenance, searched and sorted in the URL."""
from __future__ import annotations

import requests

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def listed(server, path: str, **params) -> list[dict]:
    response = requests.get(server.base_url + path, params={**params, "format": "json"})
    assert response.status_code == 200, response.text
    return response.json()


def test_the_cases_list_gives_each_case_with_where_it_comes_from(workbench):
    cases = {c["label"]: c for c in listed(workbench, "/cases")}
    assert set(cases) == {"Example Pumps AS case (fictional)", "Scania case", "Volvo CE case"}
    submitted = cases["Example Pumps AS case (fictional)"]
    assert submitted["file"] == "example-pumps.yaml" and submitted["submitted"][:4].isdigit()
    assert submitted["submitter"]  # the submitter field, or the label of the token that wrote it
    assert submitted["citation"].startswith("Nordmann, K. and Berg, L. (2025)")
    assert submitted["g"] == "https://w3id.org/lpskg/graph/case/example-pumps" and submitted["evidence"] == "5"
    scania = cases["Scania case"]
    assert scania["source"] == "001_e8e679868b79b67c.txt" and "submitted" not in scania
    assert scania["approach"] == "top-down" and scania["organisation"] == "Scania"


def test_the_cases_list_is_searched_and_sorted_in_the_url(workbench):
    assert [c["label"] for c in listed(workbench, "/cases", q="volvo")] == ["Volvo CE case"]
    by_evidence = listed(workbench, "/cases", sort="-evidence")
    counts = [int(c["evidence"]) for c in by_evidence]
    assert counts == sorted(counts, reverse=True) and len(counts) == 3
    response = requests.get(workbench.base_url + "/cases", params={"sort": "colour"})
    assert response.status_code == 400 and "sort by one of label" in response.text


def test_the_publications_list_has_the_cited_works_the_paper_and_the_submitted_study(workbench, kg):
    works = {w["iri"].rsplit("/", 1)[-1]: w for w in listed(workbench, "/publications")}
    cited = kg.values("SELECT ?w WHERE { <https://w3id.org/lpskg/resource/work/this-paper> cito:cites ?w }", "w")
    assert {w.rsplit("/", 1)[-1] for w in cited} <= set(works)
    assert works["smith-lewis-2011"]["year"] == "2011" and works["smith-lewis-2011"]["citedBy"] == "1"
    # the paper: what its extracted text gives, and a note saying what it does not
    paper = works["this-paper"]
    assert paper["source"] == "001_e8e679868b79b67c.txt" and "title is not in the extracted text" in paper["note"]
    study = works["example-pumps-publication"]
    assert study["file"] == "example-pumps.yaml" and study["year"] == "2025"
    years = [w["year"] for w in listed(workbench, "/publications", sort="year") if w.get("year")]
    assert years == sorted(years, key=int)


def test_the_list_pages_render_with_sortable_headings(workbench):
    html = requests.get(workbench.base_url + "/publications", params={"q": "Smith"}, headers=BROWSER).text
    assert 'href="/resource/work/smith-lewis-2011"' in html and "sort=year" in html
    html = requests.get(workbench.base_url + "/cases", headers=BROWSER).text
    assert "<code>example-pumps.yaml</code>" in html and 'href="/resource/case/scania"' in html
