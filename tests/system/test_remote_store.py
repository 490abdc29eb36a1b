"""lpskg over a real remote SPARQL service: an `oxigraph serve` process on 127.0.0.1.

The CLI is run with ``LPSKG_STORE=sparql:QUERY|UPDATE`` and its output is
compared with the same command over an embedded store loaded from the same
files: a remote deployment must answer exactly as the embedded one does.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from lpskg.knowledge.bundle import bundle_dataset
from lpskg.knowledge.graphs import Graphs
from lpskg.knowledge.inference import inferred_graph_name
from lpskg.knowledge.statistics import class_counts
from lpskg.namespaces import LPSKG, graph_iri
from lpskg.sparql_text import bind
from lpskg.store import Dataset, Job, QuerySyntaxError, RemoteStore, StoreError

from support.cli import lpskg_process as lpskg
from support.engines import oxigraph_process
from support.results import unordered_concatenations
from support.servers import free_port
from support.stores import REPO, assert_same_graphs

CASE_GRAPH = graph_iri("case", "remote-test")
LABEL_OF = "SELECT ?label WHERE {{ {iri} rdfs:label ?label }}"


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a fresh `oxigraph serve`, stopped after the module."""
    with oxigraph_process(tmp_path_factory.mktemp("oxigraph-server")) as base:
        yield base


@pytest.fixture(scope="module")
def location(oxigraph_server: str) -> str:
    return f"sparql:{oxigraph_server}/query|{oxigraph_server}/update"


@pytest.fixture(scope="module")
def loaded(location: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """(remote location, embedded store directory), both loaded with `lpskg load`."""
    embedded = str(tmp_path_factory.mktemp("embedded-peer") / "store")
    for store in (location, embedded):
        result = lpskg(store, "load")
        assert result.returncode == 0, result.stderr
    return location, embedded


@pytest.fixture(scope="module")
def remote(loaded: tuple[str, str]) -> Iterator[RemoteStore]:
    store = RemoteStore.from_location(loaded[0])
    yield store
    store.close()


def same_output(loaded: tuple[str, str], *args: str) -> str:
    """Run one command against both stores, assert identical stdout and success, return it."""
    remote_run, embedded_run = (lpskg(store, *args) for store in loaded)
    assert remote_run.returncode == 0, remote_run.stderr
    assert embedded_run.returncode == 0, embedded_run.stderr
    assert remote_run.stdout == embedded_run.stdout
    return remote_run.stdout


def test_load_puts_every_bundled_graph_and_its_entailments_on_the_server(remote, bundle_store):
    assert_same_graphs(remote, bundle_store)


def test_stats_are_the_embedded_stats(loaded, bundle_store):
    out = same_output(loaded, "stats")
    paradoxes = dict(class_counts(bundle_store))[str(LPSKG.Paradox)]
    assert any(line.split() == ["lpskg:Paradox", str(paradoxes)] for line in out.splitlines())


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_query_answers_as_the_embedded_store(loaded, fmt):
    out = same_output(loaded, "query", "--format", fmt,
                      "SELECT ?tension ?label WHERE { ?tension a lpskg:Tension ; rdfs:label ?label } "
                      "ORDER BY ?tension")
    assert "lpskg" in out or "tension" in out


def test_ask_and_construct_answer_as_the_embedded_store(loaded):
    assert same_output(loaded, "query", "ASK { ?p lpskg:hasTension ?t }").strip() == "true"
    turtle = same_output(loaded, "query", "CONSTRUCT { ?t lpskg:poleOf ?p } WHERE { ?p lpskg:hasPole ?t }")
    assert "lpskg:poleOf" in turtle


def test_every_named_query_answers_as_the_embedded_store(remote, bundle_store):
    from lpskg.knowledge.library import example_values, list_named_queries

    queries = list_named_queries()
    assert queries, "queries/ holds no named query"
    for query in queries:
        text, bindings = query.prepare(example_values(query, optional=True))
        expected = bundle_store.select(text, bindings)
        answer = remote.select(text, bindings)
        assert answer.variables == expected.variables, query.name
        assert unordered_concatenations(text, answer) == unordered_concatenations(text, expected), query.name


def test_a_named_query_with_a_parameter_runs_from_the_cli(loaded):
    out = same_output(loaded, "query", "--named", "tensions-per-paradox", "--param", "paradox=paradox:learning",
                      "--format", "json")
    assert "learning" in out and "belonging" not in out


def sorted_rows(rows) -> list[list[tuple[str, str]]]:
    return sorted(sorted((k, v.n3()) for k, v in row.items()) for row in rows)


def test_a_bound_parameter_restricts_the_answer_like_the_embedded_engine(remote, bundle_store):
    query = "SELECT ?tension ?paradox WHERE { ?tension lpskg:inParadox ?paradox }"
    paradox = bundle_store.select(query)[0]["paradox"]
    expected = bundle_store.select(query, bindings={"paradox": paradox})
    answer = remote.select(query, bindings={"paradox": paradox})
    assert answer and {r["paradox"] for r in answer} == {paradox}
    assert sorted_rows(answer) == sorted_rows(expected)


def test_the_services_answer_is_written_in_the_clients_format_with_the_row_cap(remote, bundle_store):
    job = Job("SELECT ?label WHERE { lpskg:Tension rdfs:label ?label }", result_types=("text/csv",))
    answer = remote.answer(job)
    assert answer.media_type == "text/csv" and answer.body == bundle_store.answer(job).body
    assert answer.body.decode().splitlines() == ["label", "paradoxical tension"]
    capped = remote.answer(Job("SELECT ?s WHERE { ?s a lpskg:Tension }", max_rows=3))
    assert capped.count == 3 and capped.truncated


def test_a_hostile_value_is_one_literal_not_query_text(remote):
    before = remote.triple_count()
    hostile = Literal('x" } } ; DROP ALL ; SELECT * { "')
    assert remote.select("SELECT ?s ?label WHERE { ?s rdfs:label ?label }", bindings={"label": hostile}) == []
    with pytest.raises(ValueError, match="not an absolute IRI"):
        bind("SELECT ?s WHERE { ?s ?p ?o }", {"s": URIRef("https://x> } ; DROP ALL ; <y")})
    assert remote.triple_count() == before


def test_union_and_bundle_datasets_see_a_case_graph_as_the_embedded_store_does(remote, oxigraph_server):
    case = Graph()
    case.add((URIRef("https://w3id.org/lpskg/resource/case/remote-test"), RDF.type, LPSKG.Case))
    case.add((URIRef("https://w3id.org/lpskg/resource/case/remote-test"), RDFS.label, Literal("Remote test")))
    graphs = Graphs(remote, shared=True)
    graphs.put({CASE_GRAPH: case})
    try:
        query = "SELECT ?case WHERE { ?case a lpskg:Case ; rdfs:label \"Remote test\" }"
        as_param = RemoteStore(f"{oxigraph_server}/query", union="param:union-default-graph")
        assert len(remote.select(query)) == 1
        assert len(as_param.select(query)) == 1
        assert remote.select(query, dataset=bundle_dataset()) == []
        assert len(remote.select(query, dataset=Dataset(default_graphs=(CASE_GRAPH,)))) == 1
        in_graph = "SELECT ?g WHERE { GRAPH ?g { ?case rdfs:label \"Remote test\" } }"
        assert [str(r["g"]) for r in remote.select(in_graph, dataset=bundle_dataset())] == [CASE_GRAPH]
    finally:
        graphs.drop([CASE_GRAPH])
    assert CASE_GRAPH not in remote.graph_names()


def test_one_failing_update_request_changes_nothing(remote):
    before = remote.triple_count(graph_iri("paper"))
    with pytest.raises(StoreError, match="update"):
        remote.update(f"DROP GRAPH <{graph_iri('paper')}> ; DROP GRAPH <{graph_iri('no-such-graph')}>")
    assert remote.triple_count(graph_iri("paper")) == before > 0


def test_the_case_workflow_runs_unchanged(loaded, remote):
    from lpskg.store import EmbeddedStore

    example = str(REPO / "examples" / "example-pumps.yaml")
    graph = graph_iri("case", "example-pumps")
    for store in loaded:
        added = lpskg(store, "case", "add", example)
        assert added.returncode == 0, added.stderr
    listed = [re.sub(r"\d{4}-\d\d-\d\dT[\d:]+\+00:00", "<time>", lpskg(store, "case", "list").stdout)
              for store in loaded]
    assert listed[0] == listed[1] and "example-pumps" in listed[0]
    embedded = EmbeddedStore(loaded[1], read_only=True)
    try:
        assert remote.triple_count(graph) == embedded.triple_count(graph) > 0
        assert remote.triple_count(inferred_graph_name(graph)) == embedded.triple_count(inferred_graph_name(graph))
    finally:
        embedded.close()
    for store in loaded:
        assert lpskg(store, "case", "remove", "example-pumps").returncode == 0
    assert graph not in remote.graph_names()


def test_a_syntax_error_is_one_line_with_exit_2(loaded):
    result = lpskg(loaded[0], "query", "SELECT ?x WHERE { ?x")
    assert result.returncode == 2
    assert result.stderr.startswith("lpskg: error: query does not parse:") and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_unreachable_service_is_one_line_naming_it():
    url = f"http://127.0.0.1:{free_port()}/query"
    result = lpskg(f"sparql:{url}", "stats")
    assert result.returncode == 1
    assert result.stderr.strip() == f"lpskg: error: cannot reach the SPARQL service at {url}: Connection refused"


def test_a_bad_location_or_union_mode_is_refused_with_the_syntax():
    with pytest.raises(StoreError, match=r"sparql:QUERY_URL\|UPDATE_URL"):
        RemoteStore.from_location("sparql:http://a/q|http://a/u|http://a/x")
    with pytest.raises(StoreError, match="union='everything'"):
        RemoteStore.from_location("sparql:http://a/q|union=everything")
    with pytest.raises(QuerySyntaxError, match="expected a SELECT"):
        RemoteStore("http://127.0.0.1:9/q").select("ASK {}")
