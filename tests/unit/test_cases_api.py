"""One set of cases everywhere: what /api/cases lists, /api/cases/ID shows, the paper's cases included;
and the publications listed over the API as on /publications."""
from __future__ import annotations

import requests

from support.servers import TEST_TOKEN

AUTH = {"Authorization": f"Bearer {TEST_TOKEN}"}


def test_every_listed_case_can_be_shown(endpoint) -> None:
    cases = requests.get(endpoint.base_url + "/api/cases", timeout=60).json()["cases"]
    assert {c["id"] for c in cases} >= {"scania", "volvo-ce"}
    for case in cases:
        shown = requests.get(endpoint.base_url + f"/api/cases/{case['id']}", timeout=60)
        assert shown.status_code == 200, shown.text
        assert shown.json()["label"] == case["label"]


def test_a_case_of_the_paper_says_what_it_is_and_points_to_its_description(endpoint) -> None:
    shown = requests.get(endpoint.base_url + "/api/cases/scania", timeout=60).json()
    assert shown["label"] == "Scania case" and "a case of the paper" in shown["note"]
    turtle = requests.get(endpoint.base_url + "/api/cases/scania", headers={"Accept": "text/turtle"},
                          allow_redirects=False, timeout=60)
    assert turtle.status_code == 303 and turtle.headers["Location"].endswith("/resource/case/scania.ttl")
    followed = requests.get(endpoint.base_url + "/api/cases/scania", headers={"Accept": "text/turtle"}, timeout=60)
    assert "Scania case" in followed.text


def test_a_case_of_the_paper_cannot_be_withdrawn_and_an_unknown_one_is_not_found(endpoint) -> None:
    refused = requests.delete(endpoint.base_url + "/api/cases/scania", headers=AUTH, timeout=60)
    assert refused.status_code == 409 and "a case of the paper" in refused.json()["detail"]
    missing = requests.get(endpoint.base_url + "/api/cases/no-such-case", timeout=60)
    assert missing.status_code == 404 and "(GET /api/cases lists them)" in missing.json()["detail"]


def test_publications_are_listed_over_the_api_as_on_their_page(endpoint) -> None:
    listed = requests.get(endpoint.base_url + "/api/publications", timeout=60)
    assert listed.status_code == 200
    works = listed.json()["publications"]
    assert len(works) > 60 and any("Smith" in w.get("authors", "") for w in works)
    found = requests.get(endpoint.base_url + "/api/publications", params={"q": "paradox", "sort": "-year"},
                         timeout=60).json()["publications"]
    assert found and all("paradox" in " ".join(w.values()).lower() for w in found)
    years = [int(w["year"]) for w in found if w.get("year")]
    assert years == sorted(years, reverse=True)
