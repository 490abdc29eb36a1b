"""The cache of answers: a write forgets every answer it could change, and the cache keeps to its bound.

On the embedded store, every named query is answered (and cached) by an
in-process app; then each kind of write goes through the one write path
(``Graphs.put``, ``Graphs.update``, a case submitted with ``add_case``), and
every query must be answered afresh, with the new answer where the write
changed it.  The HTTP side (ETag, 304, the same writes sent over the API) is
in ``test_http_caching.py``.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from lpskg.config import ConfigError, Settings
from lpskg.contributions import read_source
from lpskg.contributions.cases import add_case
from lpskg.knowledge.library import list_named_queries
from lpskg.namespaces import LPSKG, graph_iri
from lpskg.store import Answer, Dataset, Job, ResultCache
from lpskg.web.app import create_app

from support.stores import REPO

EXAMPLE = REPO / "examples" / "example-pumps.yaml"
#: Named queries answerable without parameters (those with a required one are asked with none).
NAMED = [q.name for q in list_named_queries() if not any(p.required for p in q.parameters)]


@pytest.fixture
def app(writable_store_path: Path):
    app = create_app(Settings(store=str(writable_store_path), query_workers=0, token="t"))
    yield app
    app.extensions["lpskg"].store.close()


def answers(client) -> dict[str, tuple[bytes, str]]:
    """Every parameterless named query's body and cache state (hit or miss), as CSV."""
    found = {}
    for name in NAMED:
        response = client.get(f"/api/queries/{name}", headers={"Accept": "text/csv"})
        assert response.status_code == 200, (name, response.get_data(as_text=True))
        found[name] = (response.get_data(), response.headers["X-LPSKG-Cache"])
    return found


def technology_graph() -> Graph:
    graph = Graph()
    thing = URIRef("https://w3id.org/lpskg/resource/technology/cache-test-twin")
    graph.add((thing, RDF.type, LPSKG.DigitalTechnology))
    graph.add((thing, RDFS.label, Literal("cache test twin", lang="en")))
    case = URIRef("https://w3id.org/lpskg/resource/case/cache-test")
    graph.add((case, RDF.type, LPSKG.Case))
    graph.add((case, RDFS.label, Literal("Cache test case", lang="en")))
    graph.add((case, LPSKG.usesTechnology, thing))
    return graph


WRITES = {
    "Graphs.put": lambda graphs: graphs.put({graph_iri("case/cache-test"): technology_graph()}),
    "Graphs.update": lambda graphs: graphs.update(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "DELETE { GRAPH ?g { ?p rdfs:label ?l } } INSERT { GRAPH ?g { ?p rdfs:label 'Renamed paradox'@en } } "
        "WHERE { GRAPH ?g { ?p a <https://w3id.org/lpskg/ontology#Paradox> ; rdfs:label ?l } }"),
    "add_case": lambda graphs: add_case(graphs, read_source(EXAMPLE, 10_000_000), submitter="test"),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_a_write_forgets_every_cached_answer_and_the_changed_ones_come_back_new(app, write: str) -> None:
    client = app.test_client()
    before = answers(client)
    assert {state for _, state in before.values()} == {"miss"}
    again = answers(client)
    assert {state for _, state in again.values()} == {"hit"}, "an unchanged store answers from the cache"
    assert {n: body for n, (body, _) in again.items()} == {n: body for n, (body, _) in before.items()}

    WRITES[write](app.extensions["lpskg"].graphs)

    after = answers(client)
    assert {state for _, state in after.values()} == {"miss"}, "a write leaves no cached answer to serve"
    changed = {name for name in NAMED if after[name][0] != before[name][0]}
    assert changed, f"{write} should change some named query's answer"
    # the fresh answers are what the store now says: the same as an app that never cached anything
    uncached = create_app(Settings(store="unused", query_workers=0, result_cache_bytes=0),
                          store=app.extensions["lpskg"].store).test_client()
    assert {n: body for n, (body, _) in answers(uncached).items()} == {n: body for n, (body, _) in after.items()}


def test_writes_of_every_kind_change_what_they_should(app) -> None:
    """The probe queries that show each write: a new technology, a renamed paradox, the example's case."""
    client = app.test_client()

    def rows(name: str) -> str:
        return client.get(f"/api/queries/{name}", headers={"Accept": "text/csv"}).get_data(as_text=True)

    graphs = app.extensions["lpskg"].graphs
    assert "Cache test case" not in rows("technologies-per-case")
    WRITES["Graphs.put"](graphs)
    assert "Cache test case" in rows("technologies-per-case")
    assert "Example Pumps" not in rows("technologies-per-case")
    WRITES["add_case"](graphs)
    assert "Example Pumps" in rows("technologies-per-case")
    assert "Renamed paradox" not in rows("tensions-per-paradox")
    WRITES["Graphs.update"](graphs)
    assert "Renamed paradox" in rows("tensions-per-paradox")


def _answer(size: int) -> Answer:
    return Answer("SELECT", b"x" * size, "text/csv", 1, False)


def _job(n: int) -> Job:
    return Job(f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {n}", None, Dataset(), ("text/csv",), ())


def test_the_cache_stays_within_its_byte_bound_and_forgets_the_least_recently_used() -> None:
    bound = 20_000
    cache = ResultCache(bound, generation=0)
    keys = [cache.key(_job(n)) for n in range(200)]
    for n, key in enumerate(keys):
        assert cache.put(key, 0, _answer(1000 + n))
        assert cache.stats().bytes <= bound
        cache.get(keys[0], 0)  # the first stays in use, so it stays
    stats = cache.stats()
    assert stats.evictions > 150 and 0 < stats.entries < 20
    assert cache.get(keys[0], 0) is not None and cache.get(keys[1], 0) is None
    assert cache.get(keys[-1], 0).body == b"x" * 1199
    assert not cache.put(cache.key(_job(999)), 0, _answer(bound // 3)), "a quarter of the bound at most"
    assert cache.stats().bytes <= bound


def test_an_answer_computed_before_a_write_is_not_kept_after_it() -> None:
    cache = ResultCache(1_000_000, generation=3)
    key = cache.key(_job(1))
    cache.moved(4)  # a write happened while the query ran
    assert not cache.put(key, 3, _answer(10))
    assert cache.get(key, 4) is None and cache.get(key, 3) is None
    assert cache.etag(key, 3) != cache.etag(key, 4)


def test_the_key_ignores_layout_and_comments_but_not_formats_bindings_or_datasets() -> None:
    key = ResultCache.key
    plain = Job("SELECT ?s WHERE { ?s ?p 'a  b' }")
    assert key(plain) == key(Job("# the same\nSELECT  ?s\n WHERE {\n  ?s ?p 'a  b' # all\n}"))
    assert key(plain) != key(Job("SELECT ?s WHERE { ?s ?p 'a b' }"))
    assert key(plain) != key(Job(plain.query, result_types=("text/csv",)))
    assert key(plain) != key(Job(plain.query, dataset=Dataset(default_graphs=("urn:g",))))
    assert key(plain) != key(Job(plain.query, bindings={"s": URIRef("urn:x")}))
    assert key(Job("SELECT (RAND() AS ?r) WHERE {}")) is None
    assert key(Job("SELECT ?s WHERE { ?s ?p 'RAND()' }")) is not None


def test_nothing_is_kept_over_a_store_others_write() -> None:
    cache = ResultCache(1_000_000, generation=None)
    key = cache.key(_job(1))
    assert not cache.put(key, None, _answer(10)) and cache.get(key, None) is None
    assert cache.etag(key, None) is None
    assert Settings(store="sparql:http://127.0.0.1:1/q").shared_store
    assert not Settings(store="sparql:http://127.0.0.1:1/q", cache_remote=True).shared_store
    assert Settings.from_env({"LPSKG_RESULT_CACHE": "16M"}).result_cache_bytes == 16 * 1024 ** 2
    assert Settings.from_env({"LPSKG_RESULT_CACHE": "0"}).result_cache_bytes == 0


@pytest.mark.parametrize("variable, value", [("LPSKG_RESULT_CACHE", "lots"), ("LPSKG_RESULT_CACHE", "-5M"),
                                             ("LPSKG_CACHE_REMOTE", "maybe"), ("LPSKG_ACCESS_LOG", "loud")])
def test_a_bad_cache_or_log_setting_is_a_clear_error(variable: str, value: str) -> None:
    with pytest.raises(ConfigError, match=variable):
        Settings.from_env({variable: value})
    assert Settings.from_env({"LPSKG_ACCESS_LOG": "0"}).access_log is False
    assert Settings.from_env({}).access_log is True
