"""The core commands as a user runs them: load twice, stats, query, readable errors."""
from __future__ import annotations

from pathlib import Path

import pytest

from support.cli import lpskg_process as run
from support.stores import REPO

EXAMPLE = REPO / "examples" / "example-pumps.yaml"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("cli") / "store"
    result = run(store, "load")
    assert result.returncode == 0, result.stderr
    return store


def test_load_is_idempotent_and_reports_progress(loaded: Path):
    before = run(loaded, "stats").stdout
    again = run(loaded, "load")
    assert again.returncode == 0
    assert "… loading ontology/lpskg.ttl" in again.stderr
    assert run(loaded, "stats").stdout == before


def test_stats_counts_instances_per_class(loaded: Path, kg):
    out = run(loaded, "stats").stdout
    quotes = int(kg.select("SELECT (COUNT(?q) AS ?n) WHERE { GRAPH <https://w3id.org/lpskg/graph/paper> "
                           "{ ?q a lpskg:Quote } }")[0]["n"])
    line = next(line for line in out.splitlines() if line.startswith("lpskg:Quote "))
    assert line.split()[-1] == str(quotes)
    assert "<https://w3id.org/lpskg/graph/ontology>" in out


def test_query_prints_a_table_and_json(loaded: Path):
    query = "SELECT ?label WHERE { <https://w3id.org/lpskg/ontology#Tension> rdfs:label ?label }"
    table = run(loaded, "query", query)
    assert table.returncode == 0
    assert table.stdout.splitlines()[2].strip() == "paradoxical tension"
    as_json = run(loaded, "query", "--format", "json", query)
    assert as_json.stdout.strip().startswith('[\n  {\n    "label": "paradoxical tension"')


def test_ask_and_construct(loaded: Path):
    assert run(loaded, "query", "ASK { ?t a lpskg:Tension }").stdout.strip() == "true"
    ttl = run(loaded, "query", "CONSTRUCT { lpskg:Pole ?p ?o } WHERE { lpskg:Pole ?p ?o }").stdout
    assert "lpskg:Pole" in ttl and "owl:Class" in ttl


def test_a_bad_query_is_one_line_and_exit_2(loaded: Path):
    result = run(loaded, "query", "SELECT ?x WHERE {")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("lpskg: error: query does not parse: line 1, column 18: the query ends before")


def test_reads_work_beside_a_process_that_holds_the_store_and_writes_say_what_to_do(loaded: Path):
    from lpskg.store import EmbeddedStore

    holder = EmbeddedStore(loaded)
    try:
        stats = run(loaded, "stats")
        query = run(loaded, "query", "ASK { ?t a lpskg:Tension }")
        write = run(loaded, "load")
        case = run(loaded, "case", "add", str(EXAMPLE))
    finally:
        holder.close()
    assert stats.returncode == 0 and "lpskg:Quote" in stats.stdout
    assert query.stdout.strip() == "true"
    assert write.returncode == 1
    assert write.stderr.startswith(f"lpskg: error: the store at {loaded} is held by a running server")
    assert case.returncode == 1
    assert "no running `lpskg serve` is recorded for it" in case.stderr
    assert "Traceback" not in write.stderr + case.stderr
