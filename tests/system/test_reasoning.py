"""HermiT (owlready2, on Java) on the ontology, the shipped data and the archetypes' patterns: the reasoner's
verdicts, which take tens of seconds each.

The rule path of the diagnosis matches the same OWL class expressions HermiT classifies by (the open-world
part of the rules); the last test holds the two to the same answer on every example, vignette and paper case.
"""
from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import OWL, RDF

from lpskg.contributions import diagnose_case, read_source
from lpskg.contributions.cases import build_case_file
from lpskg.knowledge.graphs import Graphs
from lpskg.knowledge.reasoning import classify, java_executable, reason, reason_over, reasoning_graph
from lpskg.namespaces import LPSKG

from support.cases import EXAMPLE_OUTCOMES, VIGNETTES, example_source

R = "https://w3id.org/lpskg/resource/"

needs_java = pytest.mark.skipif(java_executable() is None,
                                reason="HermiT runs on Java and no `java` is on the PATH (make system-deps installs it)")


@pytest.fixture(scope="module")
def graphs(bundle_store) -> Graphs:
    return Graphs(bundle_store)


@needs_java
def test_hermit_finds_the_ontology_consistent_and_every_class_satisfiable() -> None:
    report = reason(with_data=False)
    assert report.consistent
    assert report.unsatisfiable == []


@needs_java
def test_hermit_finds_the_shipped_data_consistent_with_the_ontology() -> None:
    report = reason(with_data=True)
    assert report.ok, report.text()
    assert report.triples > len(reasoning_graph(False))


@needs_java
def test_hermit_reports_an_unsatisfiable_class() -> None:
    graph = reasoning_graph(False)
    graph.add((LPSKG.Quote, OWL.disjointWith, LPSKG.Evidence))  # yet every quote is evidence
    report = reason_over(graph)
    assert report.consistent
    assert report.unsatisfiable == [str(LPSKG.Quote)]
    assert "lpskg/ontology#Quote can have no instance" in report.text()


@needs_java
def test_hermit_reports_contradicting_individuals() -> None:
    graph = reasoning_graph(False)
    graph.add((LPSKG.Quote, OWL.disjointWith, LPSKG.Observation))
    both = URIRef(R + "quote/both")
    graph.add((both, RDF.type, LPSKG.Quote))
    graph.add((both, RDF.type, LPSKG.Observation))
    report = reason_over(graph)
    assert not report.consistent and not report.ok
    assert report.text().startswith("HermiT: INCONSISTENT")


# --------------------------------------------------------------------------- archetypes as class expressions

EVIDENCE = """
@prefix lpskg: <https://w3id.org/lpskg/ontology#> .
@prefix r: <https://w3id.org/lpskg/resource/> .
r:observation\\/t1 a lpskg:Observation ; lpskg:reportsStance r:stance\\/t1 .
r:stance\\/t1 a lpskg:Stance ; lpskg:stanceOf r:stakeholder\\/operators ; lpskg:favours r:pole\\/current-goals .
r:observation\\/t2 a lpskg:Observation ; lpskg:reportsStance r:stance\\/t2 .
r:stance\\/t2 a lpskg:Stance ; lpskg:stanceOf r:stakeholder\\/sp-team ; lpskg:disregards r:pole\\/pull-based-on-needs .
r:observation\\/t3 a lpskg:Observation ; lpskg:reportsStance r:stance\\/t3 .
r:stance\\/t3 a lpskg:Stance ; lpskg:stanceOf r:stakeholder\\/lps-coaches ; lpskg:favours r:pole\\/exploitation .
r:observation\\/t4 a lpskg:Observation ; lpskg:reportsStance r:stance\\/t4 .
r:stance\\/t4 a lpskg:Stance ; lpskg:stanceOf r:stakeholder\\/senior-management ; lpskg:disregards r:pole\\/exploration .
r:observation\\/t5 a lpskg:Observation ; lpskg:showsSign r:sign\\/lean-as-normative-ideology .
r:observation\\/t6 a lpskg:Observation ; lpskg:reportsStance r:stance\\/t6 .
r:stance\\/t6 a lpskg:Stance ; lpskg:stanceOf r:stakeholder\\/sp-team ; lpskg:favours r:pole\\/current-goals .
"""


ARCHETYPE_PREFIXES = ("Myopia", "TechnicalMonuments", "Dogma", "Detached")


@needs_java
def test_hermit_recognises_each_archetype_in_a_pattern_of_evidence():
    graph = reasoning_graph(with_data=True)
    graph.parse(data=EVIDENCE, format="turtle")
    found = classify(graph, [f"{R}observation/t{i}" for i in range(1, 7)])
    patterns = {iri.rsplit("/", 1)[-1]: {c.rsplit("#", 1)[-1] for c in classes
                                        if c.rsplit("#", 1)[-1].startswith(ARCHETYPE_PREFIXES)}
                for iri, classes in found.items()}
    assert patterns == {
        "t1": {"MyopiaFavouredPole"},                  # operators are part of production; a priority, not neglect
        "t2": {"TechnicalMonumentsNeglectedPole"},
        "t3": {"DogmaFavouredPole"},                   # LPS-coaches are part of the LPS-team
        "t4": {"DetachedNeglectedPole"},
        "t5": {"DogmaSign"},                           # a sign of Dogma
        "t6": set(),                                   # the SP-team's stance on current goals
    }


@needs_java
def test_the_owl_patterns_and_the_rules_agree_on_every_example_vignette_and_paper_case(graphs: Graphs) -> None:
    """HermiT classifies each item into the archetypes' pattern classes (the open-world part of the rules); the
    rule path matches the same class expressions. One reasoner run over the examples, the sixteen vignettes and
    the paper's coded evidence covers every kind of pattern (favoured and neglected poles, drift signs, forces,
    the other pole served, counter-actions with effect, signs not seen)."""
    files = [example_source(name) for name in sorted(EXAMPLE_OUTCOMES)]
    files += [read_source(path, 10_000_000) for path in sorted(VIGNETTES.glob("[0-9][0-9]-*.yaml"))]
    reasoned = reasoning_graph(with_data=True)
    by_rules: dict[str, set[str]] = {}
    for file in files:
        contribution = build_case_file(graphs, file)
        reasoned += contribution.graph
        by_rules.update(diagnose_case(graphs, file).pattern_classes)
    for case in ("scania", "volvo-ce"):
        by_rules.update(diagnose_case(graphs, case).pattern_classes)
    patterns = set(reasoned.subjects(LPSKG.patternOf, None))
    evidence = sorted({str(e) for e in reasoned.subjects(LPSKG.fromCase, None)})
    by_hermit = {iri: {c for c in classes if URIRef(c) in patterns} for iri, classes in classify(reasoned, evidence).items()}
    assert {e: c for e, c in by_hermit.items() if c} == by_rules
    kinds = {str(reasoned.value(URIRef(c), LPSKG.patternKind)) for classes in by_rules.values() for c in classes}
    assert len(kinds) == 7     # every kind of pattern was exercised
