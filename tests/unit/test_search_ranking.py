"""The search box and ``/search``: a typo tolerated by the shared matcher, concepts before ontology terms and the
records behind them, ``limit`` honoured within bounds, and a list cut at the limit says so."""
from __future__ import annotations

import re

import pytest
import requests

from lpskg.knowledge.matching import LINKED
from lpskg.namespaces import LPSKG

BROWSER = {"Accept": "text/html"}
#: What the index calls the records behind the things: they come last.
RECORDS = {"stated link", "interpretation", "passage", "citation"}


def search(endpoint, text: str, **params) -> requests.Response:
    return requests.get(endpoint.base_url + "/api/search", params={"q": text, **params})


def standing(match: dict) -> int:
    """0 for a thing of the domain, 1 for a term of the ontology, 2 for a record behind them."""
    return 2 if match["kind"] in RECORDS else 1 if match["iri"].startswith(str(LPSKG)) else 0


@pytest.mark.parametrize("typed, first", [
    ("myopa", "Myopia"), ("Myopya", "Myopia"), ("Doga", "Dogma"), ("technical monument", "Technical Monuments"),
    ("exploitation vs exploration", "exploitation vs. exploration"),
])
def test_a_typo_finds_the_concept_first(endpoint, typed, first):
    found = search(endpoint, typed).json()
    assert found and found[0]["label"] == first


@pytest.mark.parametrize("typed", ["quantum lean", "zzqx"])
def test_an_unrelated_phrase_finds_no_near_match(endpoint, typed):
    """A phrase that shares a word ('lean') and no more is not a slip: nothing is offered as near it."""
    assert not [m for m in search(endpoint, typed).json() if m["match"] == "fuzzy"]


def test_concepts_come_before_ontology_terms_and_records(endpoint):
    """'myop' before: stated links and the ontology's Myopia classes among the first; now things first."""
    found = search(endpoint, "myop", limit=100).json()
    ranks = [standing(m) for m in found]
    assert ranks == sorted(ranks) and set(ranks) == {0, 1, 2}
    assert found[0]["label"] == "Myopia" and found[0]["kind"] == "imbalance archetype"


def test_a_fuzzy_match_says_how_near(endpoint):
    myopia, = search(endpoint, "myopa").json()
    assert myopia["match"] == "fuzzy" and myopia["score"] >= LINKED and myopia["exact"] is False


def test_a_list_cut_at_the_limit_says_so_and_limit_is_honoured(endpoint, kg):
    everything = kg.values("SELECT ?s WHERE { ?s rdfs:label|skos:altLabel ?l "
                           "FILTER (isIRI(?s) && CONTAINS(LCASE(?l), 'lean')) }", "s")
    cut = search(endpoint, "lean")
    assert len(cut.json()) == 20 and cut.headers["X-LPSKG-Truncated"] == "true"
    assert int(cut.headers["X-LPSKG-Total"]) == len(everything) > 20
    whole = search(endpoint, "lean", limit=100)
    assert {m["iri"] for m in whole.json()} == everything and "X-LPSKG-Truncated" not in whole.headers
    assert len(search(endpoint, "lean", limit=5).json()) == 5


@pytest.mark.parametrize("limit", ["0", "101", "ten", "-3"])
def test_a_limit_out_of_bounds_is_refused(endpoint, limit):
    response = search(endpoint, "lean", limit=limit)
    assert response.status_code == 400 and "limit must be a whole number from 1 to 100" in response.text


def test_the_suggestions_of_a_parameter_keep_its_kind(endpoint):
    found = search(endpoint, "Scania", kind="lpskg:Case").json()
    assert [m["label"] for m in found] == ["Scania case"]


def test_the_search_page_says_when_the_list_is_cut_and_links_the_rest(endpoint):
    html = requests.get(endpoint.base_url + "/search", params={"q": "lean"}, headers=BROWSER).text
    count = re.search(r'id="search-count">(.*?)</p>', html, re.S).group(1)
    total = int(search(endpoint, "lean").headers["X-LPSKG-Total"])
    assert f"The first 20 of {total} resources" in count and f"limit={total}" in count
    html = requests.get(endpoint.base_url + "/search", params={"q": "lean", "limit": total}, headers=BROWSER).text
    assert html.count('<tr><td><a href=') == total and "The first" not in html


def test_the_search_page_shows_a_typo_as_near(endpoint):
    html = requests.get(endpoint.base_url + "/search", params={"q": "myopa"}, headers=BROWSER).text
    assert 'href="/resource/archetype/myopia"' in html and 'class="near"' in html
