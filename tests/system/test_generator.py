"""The benchmark's synthetic graph at 20k triples: reproducible, made of the files researchers submit, valid.

The generator writes case and publication files and builds their graphs with
the intake's code; so the graph conforms to the shapes, and a case's graph is
what ``lpskg case add`` stores for its file (issue 27).
"""
from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import PROV, RDF

from lpskg.knowledge.inference import inferred_graph_name
from lpskg.knowledge.library import load_named_query
from lpskg.knowledge.validation import validate
from lpskg.namespaces import GRAPH, LPSKG, RESOURCE
from lpskg.store import EmbeddedStore, to_oxigraph

from support.cli import lpskg
from support.stores import REPO, canonical_quads, store_quads

sys.path.insert(0, str(REPO / "bench"))
import costs  # noqa: E402 - bench/costs.py, the benchmark's whole-graph validation
from generate import SUBMITTER  # noqa: E402 - the generator's submitter, named again on the command line

GENERATOR = REPO / "bench" / "generate.py"


def generate(out: Path, seed: int = 7) -> dict:
    # 25k: the bundle alone is about 13k triples, and the sample must hold several cases
    result = subprocess.run([sys.executable, str(GENERATOR), "--triples", "25k", "--seed", str(seed),
                             "--out", str(out), "--files", str(out.with_suffix(""))],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(out.with_suffix(".json").read_text())


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, Dataset]:
    out = tmp_path_factory.mktemp("generated") / "lpskg-25k.nq"
    manifest = generate(out)
    dataset = Dataset()
    dataset.parse(out, format="nquads")
    return out, manifest, dataset


def asserted(dataset: Dataset) -> Graph:
    """Every triple outside the entailment graphs, merged, as validation sees a store."""
    merged = Graph()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        if not str(g).startswith(f"{GRAPH}inferred/"):
            merged.add((s, p, o))
    return merged


def test_the_same_seed_gives_the_same_bytes_and_another_seed_does_not(sample, tmp_path):
    out, manifest, _ = sample
    assert 25_000 <= manifest["triples"] < 25_500
    assert generate(tmp_path / "again.nq").get("triples") == manifest["triples"]
    assert (tmp_path / "again.nq").read_bytes() == out.read_bytes()
    generate(tmp_path / "other.nq", seed=8)
    assert (tmp_path / "other.nq").read_bytes() != out.read_bytes()


def test_the_manifest_counts_what_the_file_holds(sample):
    out, manifest, dataset = sample
    assert len(out.read_text(encoding="utf-8").splitlines()) == manifest["triples"]
    graphs = Counter(str(g) for _, _, _, g in dataset.quads((None, None, None, None)))
    assert len(graphs) <= manifest["graphs"]  # an entailment graph may be empty and is then absent
    cases = [g for g in graphs if g.startswith(f"{GRAPH}case/")]
    publications = [g for g in graphs if g.startswith(f"{GRAPH}publication/")]
    assert (len(cases), len(publications)) == (manifest["cases"], manifest["publications"])
    assert manifest["cases"] >= 5 and manifest["publications"] >= 50


def test_each_case_is_in_its_own_graph_with_its_entailments_beside_it(sample):
    _, manifest, dataset = sample
    for name in manifest["sample_cases"]:
        case = URIRef(f"{RESOURCE}case/{name.rsplit('/', 1)[-1]}")
        graph = dataset.graph(URIRef(name))
        assert (case, LPSKG.caseOrganisation, None) in graph
        assert set(graph.subjects(LPSKG.fromCase, case)), "a case comes with its evidence"
        assert not any(g != URIRef(name) for _, _, _, g in dataset.quads((case, None, None, None))
                       if not str(g).startswith(f"{GRAPH}inferred/"))
        inferred = dataset.graph(URIRef(inferred_graph_name(name)))
        quote = next(graph.subjects(LPSKG.speakerRole, None))
        assert (quote, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), LPSKG.Evidence) in inferred


def test_the_whole_sample_conforms_to_the_shapes(sample):
    _, _, dataset = sample
    report = validate(asserted(dataset))
    assert report.conforms, report.text()
    assert [v for v in report.violations if v.severity == "Violation"] == []


def test_the_benchmarks_validation_in_chunks_side_by_side_finds_what_one_validation_finds(sample, tmp_path):
    """bench/costs.py validates a store a chunk of nodes at a time, the chunks in forked processes: with one
    pole's rank taken out of a case graph, it finds the violations one validation of the merged graph finds."""
    out, _, dataset = sample
    store = EmbeddedStore(tmp_path / "store")
    store.bulk_load(out, ox.RdfFormat.N_QUADS)
    row = store.select(f"""SELECT ?pole ?rank ?g WHERE {{
        GRAPH ?g {{ ?pole <{LPSKG.poleRank}> ?rank }} FILTER(STRSTARTS(STR(?g), "{GRAPH}case/")) }}
        ORDER BY ?pole LIMIT 1""")[0]
    pole, rank, graph = row["pole"], row["rank"], row["g"]
    store.update(f"DELETE DATA {{ GRAPH <{graph}> {{ <{pole}> <{LPSKG.poleRank}> {rank.n3()} }} }}")
    store.close()
    merged = asserted(dataset)
    merged.remove((pole, LPSKG.poleRank, rank))
    whole = [v for v in validate(merged).violations if v.severity == "Violation"]

    found = costs.full_validation(tmp_path / "store", chunk_nodes=500, workers=2)

    assert found["chunks"] > 2 and found["processes"] == 2
    assert whole and found["violations"] == len(whole) and not found["conforms"]
    assert {(v["focus"], v["path"]) for v in found["first_violations"]} == {(v.focus, v.path) for v in whole}
    assert (str(pole), str(LPSKG.poleRank)) in {(v.focus, v.path) for v in whole}


def test_a_new_tension_comes_with_two_new_poles_ranked_by_the_intake(sample):
    graph = asserted(sample[2])
    tensions = [t for t in graph.subjects(LPSKG.isNewConcept, None) if (t, RDF.type, LPSKG.Tension) in graph]
    assert tensions, "the sample declares a new tension (the third case does)"
    for tension in tensions:
        ranks = sorted(int(graph.value(pole, LPSKG.poleRank)) for pole in graph.objects(tension, LPSKG.hasPole))
        assert ranks == [1, 2]


def test_a_case_graph_is_what_lpskg_case_add_stores_for_its_file(sample, tmp_path):
    """The last case's file, submitted with ``lpskg case add`` to a store holding everything generated but
    that case, gives the generator's graph and entailments, the time of submission aside."""
    out, _, dataset = sample
    case_file = sorted((out.with_suffix("") / "cases").glob("*.yaml"))[-1]
    name = f"{GRAPH}case/{case_file.stem}"
    inferred = inferred_graph_name(name)
    others = tmp_path / "others.nq"
    others.write_text("".join(line for line in out.read_text(encoding="utf-8").splitlines(keepends=True)
                              if not line.endswith((f"<{name}> .\n", f"<{inferred}> .\n"))), encoding="utf-8")
    store = EmbeddedStore(tmp_path / "store")
    store.bulk_load(others, ox.RdfFormat.N_QUADS)
    store.close()
    result = lpskg(tmp_path / "store", "case", "add", str(case_file), "--submitter", SUBMITTER)
    assert result.exit_code == 0, result.output
    stored = store_quads(tmp_path / "store")
    for graph in (name, inferred):
        generated = [line for line in _lines(dataset, graph) if not _submission_time(line)]
        added = [line for line in stored if line.endswith(f"<{graph}> .") and not _submission_time(line)]
        assert generated and canonical_quads(added) == canonical_quads(generated), graph  # authorList: blank nodes
    assert any(_submission_time(line) for line in _lines(dataset, name))


def _lines(dataset: Dataset, graph: str) -> list[str]:
    """The N-Quads lines of one graph of ``dataset``, as pyoxigraph writes them."""
    store = ox.Store()
    store.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), ox.NamedNode(graph))
                 for s, p, o in dataset.graph(URIRef(graph)))
    return store.dump(format=ox.RdfFormat.N_QUADS).decode().splitlines()


def _submission_time(line: str) -> bool:
    """The one thing a submission mints that its file does not say: when it was made."""
    return f"<{PROV.startedAtTime}>" in line or f"<{PROV.generatedAtTime}>" in line


def test_named_queries_find_the_synthetic_cases(sample, tmp_path):
    out, manifest, _ = sample
    store = EmbeddedStore(tmp_path / "store")
    try:
        store.bulk_load(out, ox.RdfFormat.N_QUADS)
        text, bindings = load_named_query("archetypes-per-case").prepare({})
        cases = {str(row["case"]) for row in store.select(text, bindings)}
        assert len([c for c in cases if "/syn-" in c]) == manifest["cases"]
        text, bindings = load_named_query("tensions-per-paradox").prepare({})
        assert store.select(text, bindings)
    finally:
        store.close()
