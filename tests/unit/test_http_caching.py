"""HTTP caching against a real ``lpskg serve`` on 127.0.0.1: ETag, If-None-Match -> 304, Cache-Control,
and every write over the API (SPARQL Update, Graph Store, a case submitted) invalidating what it changes.

The server has a store of its own (a copy of the bundle) that these tests write.
"""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
import requests

from support.cases import minimal_case
from support.in_process import private_endpoint
from support.servers import TEST_TOKEN

AUTH = {"Authorization": f"Bearer {TEST_TOKEN}"}
CSV = {"Accept": "text/csv"}
PROBE = "urn:lpskg-test:cache-probe"
COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{PROBE}> {{ ?s ?p ?o }} }}"
CASES = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a <https://w3id.org/lpskg/ontology#Case> }"


@pytest.fixture(scope="module")
def base_url(bundle_store_template: Path, tmp_path_factory: pytest.TempPathFactory):
    for process in private_endpoint(bundle_store_template, tmp_path_factory, "http-caching"):
        yield process.base_url


def get(base_url: str, query: str, headers: dict[str, str] | None = None) -> requests.Response:
    return requests.get(base_url + "/sparql", params={"query": query}, headers={**CSV, **(headers or {})},
                        timeout=30)


def number(response: requests.Response) -> int:
    assert response.status_code == 200, response.text
    return int(response.text.splitlines()[1])


def test_an_answer_carries_an_etag_and_says_it_must_be_revalidated(base_url: str) -> None:
    first = get(base_url, "SELECT ?p WHERE { ?p a <https://w3id.org/lpskg/ontology#Paradox> } ORDER BY ?p")
    assert first.status_code == 200 and first.headers["X-LPSKG-Cache"] == "miss"
    etag = first.headers["ETag"]
    assert etag.startswith('"g') and etag.endswith('"')
    assert first.headers["Cache-Control"] == "public, no-cache"
    assert "Accept" in first.headers["Vary"]
    again = get(base_url, "SELECT ?p  WHERE { ?p a <https://w3id.org/lpskg/ontology#Paradox> }\nORDER BY ?p")
    assert again.headers["X-LPSKG-Cache"] == "hit" and again.headers["ETag"] == etag
    assert again.content == first.content and len(first.text.splitlines()) == 5  # header + 4 paradoxes
    other_format = requests.get(base_url + "/sparql", headers={"Accept": "application/sparql-results+json"},
                                params={"query": "SELECT ?p WHERE { ?p a <https://w3id.org/lpskg/ontology#Paradox> }"
                                                 " ORDER BY ?p"}, timeout=30)
    assert other_format.headers["ETag"] != etag, "another format is another answer"


def test_a_matching_if_none_match_gets_304_without_a_body(base_url: str) -> None:
    first = get(base_url, COUNT)
    etag = first.headers["ETag"]
    for header in (etag, f'"other", {etag}', f"W/{etag}", "*"):
        unchanged = get(base_url, COUNT, {"If-None-Match": header})
        assert unchanged.status_code == 304 and unchanged.content == b""
        assert unchanged.headers["ETag"] == etag and unchanged.headers["Cache-Control"] == "public, no-cache"
    assert get(base_url, COUNT, {"If-None-Match": '"g0-not-this-one"'}).status_code == 200
    named = requests.get(base_url + "/api/queries/strategies-against-archetypes", headers=CSV, timeout=30)
    assert named.status_code == 200 and named.headers["ETag"]
    assert requests.get(base_url + "/api/queries/strategies-against-archetypes", timeout=30,
                        headers={**CSV, "If-None-Match": named.headers["ETag"]}).status_code == 304
    posted = requests.post(base_url + "/sparql", data={"query": COUNT},
                           headers={**CSV, "If-None-Match": etag}, timeout=30)
    assert posted.status_code == 412, "a POST with a matching If-None-Match fails its precondition (RFC 9110)"


def _insert(base_url: str, n: int) -> None:
    answer = requests.post(base_url + "/update", headers=AUTH, timeout=30, data={
        "update": f"INSERT DATA {{ GRAPH <{PROBE}> {{ <urn:lpskg-test:s{n}> <urn:lpskg-test:p> {n} }} }}"})
    assert answer.status_code == 204, answer.text


def test_every_write_over_the_api_invalidates_what_it_changes(base_url: str) -> None:
    before = get(base_url, COUNT)
    count, etag = number(before), before.headers["ETag"]
    assert get(base_url, COUNT).headers["X-LPSKG-Cache"] == "hit"

    _insert(base_url, 1000)  # SPARQL Update
    after = get(base_url, COUNT, {"If-None-Match": etag})
    assert after.status_code == 200 and number(after) == count + 1 and after.headers["ETag"] != etag
    assert after.headers["X-LPSKG-Cache"] == "miss"

    etag = after.headers["ETag"]
    put = requests.put(base_url + "/rdf-graphs/service", params={"graph": PROBE}, timeout=30,
                       headers={**AUTH, "Content-Type": "text/turtle"},
                       data="<urn:lpskg-test:a> <urn:lpskg-test:p> 1, 2, 3 .")  # Graph Store: replaces it
    assert put.status_code in (201, 204), put.text
    replaced = get(base_url, COUNT, {"If-None-Match": etag})
    assert replaced.status_code == 200 and number(replaced) == 3

    cases = get(base_url, CASES)
    named = requests.get(base_url + "/api/queries/technologies-per-case", headers=CSV, timeout=30)
    submitted = requests.post(base_url + "/api/cases", data=minimal_case("cache-probe", "Myopia").encode(),
                              headers={**AUTH, "Content-Type": "application/yaml"}, timeout=60)
    assert submitted.status_code == 201, submitted.text
    assert number(get(base_url, CASES, {"If-None-Match": cases.headers["ETag"]})) == number(cases) + 1
    assert requests.get(base_url + "/api/queries/technologies-per-case", timeout=30,
                        headers={**CSV, "If-None-Match": named.headers["ETag"]}).status_code == 200

    withdrawn = requests.delete(base_url + "/api/cases/cache-probe", headers=AUTH, timeout=30)
    assert withdrawn.status_code == 200, withdrawn.text
    assert number(get(base_url, CASES)) == number(cases)


def test_no_answer_is_older_than_the_last_write_while_readers_keep_the_cache_hot(base_url: str) -> None:
    """Readers hammer the cached count while a writer inserts; every answer after a write's
    acknowledgement counts that write."""
    requests.delete(base_url + "/rdf-graphs/service", params={"graph": PROBE}, headers=AUTH, timeout=30)
    acknowledged = [0]  # writes acknowledged so far
    stale: list[tuple[int, int]] = []
    stop = threading.Event()

    def reader() -> None:
        with requests.Session() as session:
            while not stop.is_set():
                floor = acknowledged[0]
                seen = number(session.get(base_url + "/sparql", params={"query": COUNT}, headers=CSV, timeout=30))
                if seen < floor:
                    stale.append((seen, floor))

    readers = [threading.Thread(target=reader) for _ in range(3)]
    for thread in readers:
        thread.start()
    try:
        for n in range(1, 21):
            _insert(base_url, n)
            acknowledged[0] = n
            assert number(get(base_url, COUNT)) == n
    finally:
        stop.set()
        for thread in readers:
            thread.join()
    assert stale == [], f"answers older than the last write: {stale[:5]}"
