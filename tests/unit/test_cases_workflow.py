"""Submitting, replacing and withdrawing cases through the CLI, on a private copy of the bundle store.

Every rejected submission must leave the store exactly as it was: the tests
compare the sorted N-Quads of the whole store before and after.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from lpskg.namespaces import RESOURCE

from support.cases import write
from support.cli import lpskg
from support.results import named_rows
from support.stores import REPO
from support.stores import store_quads as quads

EXAMPLE = REPO / "examples" / "example-pumps.yaml"
CASE_GRAPH = "https://w3id.org/lpskg/graph/case/example-pumps"


def test_example_case_is_stored_and_compared_beside_the_papers_cases(writable_store_path: Path) -> None:
    result = lpskg(writable_store_path, "case", "add", str(EXAMPLE), "--submitter", "Ada")
    assert result.exit_code == 0, result.output
    assert "stored case 'example-pumps': " in result.output
    assert "'Technical Monument' -> <https://w3id.org/lpskg/resource/archetype/technical-monuments>" in result.output

    technologies = named_rows(writable_store_path, "technologies-per-case")
    by_case = {}
    for row in technologies:
        by_case.setdefault(row["caseLabel"], set()).add(row["technologyLabel"])
    assert {"Scania case", "Volvo CE case", "Example Pumps AS case (fictional)"} <= set(by_case)
    assert by_case["Example Pumps AS case (fictional)"] == {
        "digital Lean boards", "vision systems", "autonomous mobile robots"}

    archetypes = {(r["caseLabel"], r["archetypeLabel"], r["quotes"]) for r in named_rows(writable_store_path,
                                                                                          "archetypes-per-case")}
    assert ("Example Pumps AS case (fictional)", "Technical Monuments", "1") in archetypes
    assert ("Example Pumps AS case (fictional)", "Myopia", "1") in archetypes

    shown = {(r["caseLabel"], r["tensionLabel"]) for r in named_rows(writable_store_path, "cases-by-tension")
             if r["shown"] == "true"}
    assert ("Example Pumps AS case (fictional)", "speed of digital change vs. stability of standard work") in shown
    assert ("Example Pumps AS case (fictional)", "current goals vs. future goals") in shown
    assert ("Scania case", "current goals vs. future goals") in shown

    listed = json.loads(lpskg(writable_store_path, "case", "list", "--format", "json").output)
    mine = next(c for c in listed if c["id"] == "example-pumps")
    assert (mine["submitter"], mine["evidence"], mine["graph"]) == ("Ada", 5, CASE_GRAPH)
    assert {c["id"] for c in listed} == {"example-pumps", "scania", "volvo-ce"}

    shown_graph = Graph().parse(data=lpskg(writable_store_path, "case", "show", "example-pumps").output,
                                format="turtle")
    sha = [str(o) for o in shown_graph.objects(None, URIRef("http://purl.org/dc/terms/identifier"))
           if str(o).startswith("sha256:")]
    assert sha == ["sha256:" + hashlib.sha256(EXAMPLE.read_bytes()).hexdigest()]


def test_dry_run_shows_links_and_triples_and_writes_nothing(writable_store_path: Path) -> None:
    before = quads(writable_store_path)
    result = lpskg(writable_store_path, "case", "add", str(EXAMPLE), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "(archetype 'Technical Monuments', fuzzy 95)" in result.output
    assert "case:example-pumps a lpskg:Case" in result.output
    assert "dry run: nothing was written" in result.output
    assert quads(writable_store_path) == before


def test_replace_changes_only_that_case_graph(writable_store_path: Path, tmp_path: Path) -> None:
    assert lpskg(writable_store_path, "case", "add", str(EXAMPLE)).exit_code == 0
    own = (CASE_GRAPH, CASE_GRAPH.replace("/graph/case/", "/graph/inferred/case/"))
    others, whole = quads(writable_store_path, skip=own), quads(writable_store_path)
    edited = write(tmp_path, EXAMPLE.read_text().replace("nobody dared to change", "nobody wanted to change"))

    refused = lpskg(writable_store_path, "case", "add", str(edited))
    assert refused.exit_code == 1
    assert "case 'example-pumps' already in the graph" in refused.output
    assert quads(writable_store_path) == whole

    replaced = lpskg(writable_store_path, "case", "add", str(edited), "--replace")
    assert replaced.exit_code == 0, replaced.output
    assert "(replacing the previous version)" in replaced.output
    assert quads(writable_store_path, skip=own) == others
    case_quads = "\n".join(quads(writable_store_path))
    assert "nobody wanted to change" in case_quads and "nobody dared to change" not in case_quads


def test_remove_restores_the_store_exactly(writable_store_path: Path) -> None:
    before = quads(writable_store_path)
    assert lpskg(writable_store_path, "case", "add", str(EXAMPLE)).exit_code == 0
    assert quads(writable_store_path) != before
    result = lpskg(writable_store_path, "case", "remove", "example-pumps")
    assert result.exit_code == 0
    assert quads(writable_store_path) == before
    again = lpskg(writable_store_path, "case", "remove", "example-pumps")
    assert again.exit_code == 1 and "no submitted case 'example-pumps'" in again.output


def _example(old: str, new: str) -> str:
    text = EXAMPLE.read_text()
    assert old in text
    return text.replace(old, new, 1)


BAD_CASES = {  # text, exit code, the text on the line the error names, expected messages ({line} filled in)
    "invalid YAML": ("id: [unclosed\n", 2, None, ["is not valid YAML at line"]),
    "missing field": (_example("  year: 2025\n", ""), 1, "study:",
                      ["study.year (line {line}): required field is missing"]),
    "wrong datatype": (_example("  year: 2025", '  year: "20x3"'), 1, '"20x3"',
                       ["study.year (line {line}): '20x3' is not of type 'integer'"]),
    "unknown label": (_example("      - Myopia\n", "      - quantum lean\n"), 1, "quantum lean",
                      ["evidence[0].illustrates[1] (line {line}): unknown concept label 'quantum lean'",
                       "nearest: 'digital Lean boards' (technology, 29)"]),
    "ambiguous label": (_example("      - Myopia\n", "      - ecentralisation\n"), 1, "ecentralisation",
                        ["evidence[0].illustrates[1] (line {line}): ambiguous concept label 'ecentralisation'",
                         "'centralisation' (pole, 90)", "'decentralisation' (pole, 90)"]),
    "new concept that exists": (_example("  - label: autonomous mobile robots", "  - label: vision systems"), 1,
                                "label: vision systems",
                                ["technologies[2] (line {line}): the graph already has the technology 'vision "
                                 "systems'"]),
}


@pytest.mark.parametrize("name", BAD_CASES)
def test_bad_case_file_is_refused_with_field_line_and_store_unchanged(writable_store_path: Path, tmp_path: Path,
                                                                      name: str) -> None:
    text, code, needle, messages = BAD_CASES[name]
    line = next((i for i, row in enumerate(text.splitlines(), start=1) if needle and needle in row), None)
    before = quads(writable_store_path)
    result = lpskg(writable_store_path, "case", "add", str(write(tmp_path, text)))
    assert result.exit_code == code, result.output
    for message in messages:
        assert message.format(line=line) in result.output
    assert quads(writable_store_path) == before


def test_file_over_ten_megabytes_is_refused_unread(writable_store_path: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(EXAMPLE.read_bytes() + b"#" * (10 * 1024 * 1024))
    before = quads(writable_store_path)
    result = lpskg(writable_store_path, "case", "add", str(big))
    assert result.exit_code == 2
    assert "big.yaml is 10.0 MB, larger than the limit of 10.0 MB (LPSKG_MAX_BODY)" in result.output
    assert quads(writable_store_path) == before


def _example_as_turtle(store_path: Path) -> str:
    """The example case as a machine would send it: the dry run's triples without lpskg's provenance."""
    dry = json.loads(lpskg(store_path, "case", "add", str(EXAMPLE), "--dry-run", "--format", "json").output)
    graph = Graph().parse(data=dry["turtle"], format="turtle")
    for subject in set(graph.subjects()):
        if str(subject).startswith((f"{RESOURCE}submission/", "https://w3id.org/lpskg/graph/")):
            graph.remove((subject, None, None))
    return graph.serialize(format="turtle")


@pytest.mark.parametrize("name, rdf_format", [("case.ttl", "turtle"), ("case.jsonld", "json-ld")])
def test_rdf_case_is_validated_and_stored_like_yaml(writable_store_path: Path, tmp_path: Path, name: str,
                                                   rdf_format: str) -> None:
    graph = Graph().parse(data=_example_as_turtle(writable_store_path), format="turtle")
    path = write(tmp_path, graph.serialize(format=rdf_format), name)
    result = lpskg(writable_store_path, "case", "add", str(path))
    assert result.exit_code == 0, result.output
    assert "stored case 'example-pumps'" in result.output
    assert "(archetype 'Technical Monuments', iri)" in result.output
    rows = named_rows(writable_store_path, "technologies-per-case")
    assert {"Example Pumps AS case (fictional)"} <= {r["caseLabel"] for r in rows}


@pytest.mark.parametrize("edit, messages", [
    (lambda g: g.remove((URIRef(f"{RESOURCE}quote/example-pumps-1"), URIRef("https://w3id.org/lpskg/ontology#fromCase"),
                         None)),
     ["quote:example-pumps-1", "this lpskg:Quote has no case: add lpskg:fromCase <https://w3id.org/lpskg/resource/case/example-pumps>"]),
    (lambda g: g.remove((URIRef(f"{RESOURCE}quote/example-pumps-2"),
                         URIRef("https://w3id.org/lpskg/ontology#speakerRole"), None)),
     ["quote:example-pumps-2", "lpskg:speakerRole: A quote needs exactly one speaker role"]),
    (lambda g: g.add((URIRef(f"{RESOURCE}quote/example-pumps-1"), URIRef("https://w3id.org/lpskg/ontology#illustrates"),
                      URIRef(f"{RESOURCE}tension/no-such-tension"))),
     ["points to <https://w3id.org/lpskg/resource/tension/no-such-tension>, which the graph does not have"]),
    (lambda g: g.add((URIRef(f"{RESOURCE}tension/current-goals-vs-future-goals"),
                      URIRef("http://www.w3.org/2000/01/rdf-schema#comment"), URIRef(f"{RESOURCE}case/example-pumps"))),
     ["tension:current-goals-vs-future-goals", "already exists in the graph"]),
])
def test_bad_turtle_case_is_refused_and_store_unchanged(writable_store_path: Path, tmp_path: Path, edit,
                                                        messages: list[str]) -> None:
    graph = Graph().parse(data=_example_as_turtle(writable_store_path), format="turtle")
    edit(graph)
    path = write(tmp_path, graph.serialize(format="turtle"), "case.ttl")
    before = quads(writable_store_path)
    result = lpskg(writable_store_path, "case", "add", str(path))
    assert result.exit_code == 1, result.output
    for message in messages:
        assert message in result.output
    assert quads(writable_store_path) == before
