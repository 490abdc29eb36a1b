"""Finding resources by name: the search box's API and page, and named-query parameters that take a label."""
from __future__ import annotations

import requests

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def search(endpoint, text: str) -> list[dict]:
    response = requests.get(endpoint.base_url + "/api/search", params={"q": text})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_label_typed_in_part_finds_the_resource_first(endpoint, kg):
    found = search(endpoint, "myop")
    assert found[0]["label"] == "Myopia" and found[0]["kind"] == "imbalance archetype"
    assert found[0]["href"] == "/resource/archetype/myopia"
    labels = kg.values("SELECT ?l WHERE { ?s rdfs:label|skos:altLabel ?l FILTER CONTAINS(LCASE(?l), 'myop') }", "l")
    assert {m["matched"] for m in found} <= labels and len(found) == min(len(labels), 20)


def test_an_ocr_form_finds_the_correct_name(endpoint):
    """The paper prints Tóth as 'Téth' (an OCR slip): the person's label is Tóth, the slip an alternative label."""
    found = {m["iri"].rsplit("/", 1)[-1]: m for m in search(endpoint, "Téth")}
    assert found["teth"]["label"] == "Tóth" and found["teth"]["matched"] == "Téth"
    assert found["teth-2022"]["label"] == "Tóth et al. (2022)"


def test_the_search_page_lists_the_matches_and_says_when_there_are_none(endpoint):
    html = requests.get(endpoint.base_url + "/search", params={"q": "Volvo CE"}, headers=BROWSER).text
    assert 'href="/resource/case/volvo-ce"' in html and 'id="site-search"' in html
    html = requests.get(endpoint.base_url + "/search", params={"q": "zzqx"}, headers=BROWSER).text
    assert "No label or alternative label contains" in html


def test_a_search_too_short_or_too_long_is_refused_with_the_reason(endpoint):
    response = requests.get(endpoint.base_url + "/api/search", params={"q": "m"})
    assert response.status_code == 400 and "at least 2 characters" in response.text
    response = requests.get(endpoint.base_url + "/api/search", params={"q": "x" * 201})
    assert response.status_code == 400 and "at most 200" in response.text


def test_a_named_query_parameter_takes_a_label(endpoint):
    def rows(value: str) -> requests.Response:
        return requests.get(endpoint.base_url + "/api/queries/quotes-for-concept", params={"concept": value},
                            headers={"Accept": "application/sparql-results+json"})
    by_label, by_name = rows("Myopia"), rows("archetype:myopia")
    assert by_label.status_code == 200 and by_label.json()["results"]["bindings"]
    assert by_label.json() == by_name.json() == rows("https://w3id.org/lpskg/resource/archetype/myopia").json()
    unknown = rows("quantum lean")   # shares a word with a concept, and no more: refused, with the nearest
    assert unknown.status_code == 400 and "is named 'quantum lean'; the nearest: lean production" in unknown.text


def test_the_cli_takes_a_label_for_a_resource_parameter(bundle_store_template, tmp_path):
    import shutil

    from support.cli import lpskg

    shutil.copytree(bundle_store_template, tmp_path / "store")
    result = lpskg(tmp_path / "store", "query", "--named", "quotes-for-concept", "--param", "concept=myopia",
                   "--format", "csv")
    assert result.exit_code == 0 and "archetype/myopia" in result.stdout
