"""The ontology: its metadata, what a missing Java runtime is told, and the quality checks (HermiT's verdicts
are in tests/system/test_reasoning.py).

The quality checks must return no rows on the real bundle; each one is also
run on a store with planted mistakes, to show it finds what it is meant to.
"""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF

from lpskg.knowledge.graphs import Graphs
from lpskg.knowledge.quality import load_checks, run_checks
from lpskg.knowledge.reasoning import ReasonerUnavailable, reason
from lpskg.namespaces import LPSKG, ONTOLOGY_IRI, VANN, graph_iri
from lpskg.paths import ONTOLOGY_FILE
from lpskg.store import EmbeddedStore

from support.cli import lpskg

CHECKS = {check.name: check for check in load_checks()}
RES = "https://w3id.org/lpskg/resource/"

@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def test_ontology_header_describes_the_ontology(ontology: Graph) -> None:
    header = URIRef(ONTOLOGY_IRI)
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, DCTERMS.title).language == "en"
    assert len(str(ontology.value(header, DCTERMS.description))) > 100
    assert str(ontology.value(header, OWL.versionIRI)).startswith(ONTOLOGY_IRI + "/")
    assert ontology.value(header, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert ontology.value(header, DCTERMS.creator) is not None
    assert ontology.value(header, VANN.preferredNamespacePrefix) == Literal("lpskg")
    assert ontology.value(header, VANN.preferredNamespaceUri) == Literal(str(LPSKG))


def test_reasoning_without_java_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    import owlready2

    monkeypatch.setattr(owlready2, "JAVA_EXE", "no-such-java-runtime")
    with pytest.raises(ReasonerUnavailable, match="'no-such-java-runtime' is not on the PATH"):
        reason()
    result = lpskg(None, "reason")
    assert result.exit_code == 2
    assert "HermiT needs a Java runtime" in result.output


def test_every_check_file_has_a_title_and_description() -> None:
    assert set(CHECKS) == {"canonical-namespaces", "deprecated-terms", "duplicate-labels", "interpretations-apart",
                           "link-statements-match", "orphan-individuals", "qualified-links", "term-label-definition",
                           "undeclared-terms"}
    for check in CHECKS.values():
        assert check.title and len(check.description) > 60, check.name


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_quality_check_passes_on_the_bundle(name: str, bundle_store: EmbeddedStore) -> None:
    (result,) = run_checks(bundle_store, [CHECKS[name]])
    assert [{k: str(v) for k, v in row.items()} for row in result.rows] == []


PLANTED = """
@prefix lpskg: <https://w3id.org/lpskg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix technology: <https://w3id.org/lpskg/resource/technology/> .
@prefix case: <https://w3id.org/lpskg/resource/case/> .
@prefix quote: <https://w3id.org/lpskg/resource/quote/> .
@prefix strategy: <https://w3id.org/lpskg/resource/strategy/> .
@prefix archetype: <https://w3id.org/lpskg/resource/archetype/> .
@prefix link: <https://w3id.org/lpskg/resource/link/> .

lpskg:Gadget a owl:Class ; rdfs:label "gadget"@en, "widget"@en, "Gerät"@de .
lpskg:oldLink a owl:ObjectProperty ; owl:deprecated true ;
    rdfs:label "old link"@en ; skos:definition "Replaced by lpskg:usesTechnology."@en .
lpskg:retired a owl:ObjectProperty ; rdfs:label "obsolete retired link"@en ; skos:definition "Old."@en .

technology:glasses a lpskg:DigitalTechnology ; rdfs:label "Smart glasses"@en .
technology:glasses-again a lpskg:DigitalTechnology ; rdfs:label " smart glasses "@en .
technology:lonely a lpskg:DigitalTechnology ; rdfs:label "lonely technology"@en ;
    lpskg:statedIn <https://w3id.org/lpskg/resource/passage/p> .
case:c a lpskg:Case ; rdfs:label "case"@en ;
    lpskg:usesTechnology technology:glasses, technology:glasses-again ;
    lpskg:oldLink technology:glasses ;
    lpskg:hasPoles <http://w3id.org/lpskg/resource/pole/misspelt> ;
    <http://www.w3.org/2004/02/skos/coredefinition> "a SKOS namespace without its #"@en ;
    <https://purl.org/dc/terms/title> "Dublin Core over https"@en ;
    <http://purl.org/dc/elements/1.1/creator> "DC elements where dcterms is meant" ;
    <http://example.org/vocab/colour> "an unknown vocabulary" .
quote:q a lpskg:Qoute ; rdfs:label "misspelt class"@en ; lpskg:fromCase case:c .
strategy:s lpskg:counteracts archetype:a .
link:l a lpskg:StatedLink ; lpskg:linkSubject strategy:s ; lpskg:linkProperty lpskg:counteredBy ;
    lpskg:linkObject archetype:a .
link:i a lpskg:Interpretation ; lpskg:linkSubject case:c ; lpskg:linkProperty lpskg:usesTechnology ;
    lpskg:linkObject technology:glasses .
"""

#: check -> the rows it must find in PLANTED, as tuples of its first columns
PLANTED_FINDINGS = {
    "term-label-definition": {
        (str(LPSKG.Gadget), "2 English labels, keep one; label not tagged @en: Gerät; no skos:definition"),
    },
    # lpskg:oldLink is declared, but in the data graph instead of the ontology
    "undeclared-terms": {(str(LPSKG.hasPoles), "property"), (str(LPSKG.Qoute), "class"),
                         (str(LPSKG.oldLink), "property")},
    "canonical-namespaces": {
        ("http://w3id.org/lpskg/resource/pole/misspelt", "resource", "https://w3id.org/lpskg/"),
        ("http://www.w3.org/2004/02/skos/coredefinition", "property", "http://www.w3.org/2004/02/skos/core#"),
        ("https://purl.org/dc/terms/title", "property", "http://purl.org/dc/terms/"),
        ("http://purl.org/dc/elements/1.1/creator", "property", "http://purl.org/dc/terms/"),
        ("http://example.org/vocab/colour", "property", None),
    },
    "orphan-individuals": {(RES + "technology/lonely", str(LPSKG.DigitalTechnology))},
    # counteracts needs a source, and the stated link names counteredBy, a link not in the graph
    "qualified-links": {(RES + "strategy/s", str(LPSKG.counteracts), RES + "archetype/a")},
    "link-statements-match": {(RES + "link/l", RES + "strategy/s", str(LPSKG.counteredBy), RES + "archetype/a")},
    "interpretations-apart": {(RES + "case/c", str(LPSKG.usesTechnology), RES + "technology/glasses", graph_iri("paper"),
                               "interpreted link asserted outside graph/interpretations")},
    "duplicate-labels": {(str(LPSKG.DigitalTechnology), "smart glasses")},
    "deprecated-terms": {
        (str(LPSKG.oldLink), "deprecated property still used"),
        (str(LPSKG.retired), 'label "obsolete retired link" looks deprecated but the term is not marked owl:deprecated'),
    },
}


@pytest.fixture(scope="module")
def planted_store(tmp_path_factory: pytest.TempPathFactory, ontology: Graph) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path_factory.mktemp("planted") / "store")
    Graphs(store).put({graph_iri("ontology"): ontology, graph_iri("paper"): Graph().parse(data=PLANTED, format="turtle")})
    yield store
    store.close()


@pytest.mark.parametrize("name", sorted(PLANTED_FINDINGS))
def test_quality_check_finds_planted_mistakes(name: str, planted_store: EmbeddedStore) -> None:
    (result,) = run_checks(planted_store, [CHECKS[name]])
    columns = result.rows.variables
    width = len(next(iter(PLANTED_FINDINGS[name])))
    found = {tuple(str(row[c]) if c in row else None for c in columns[:width]) for row in result.rows}
    assert found == PLANTED_FINDINGS[name]


def test_cli_check_lists_failing_checks(planted_store: EmbeddedStore) -> None:
    # the CLI opens the store read-only, beside this test's open writer
    result = lpskg(planted_store.path, "check")
    assert result.exit_code == 1
    assert "FAIL  No orphan individual (orphan-individuals): 1 row(s)" in result.output
    assert "technology:lonely" in result.output
    assert "0 of 9 checks pass" in result.output
