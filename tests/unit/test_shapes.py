"""The SHACL shapes: the shipped bundle conforms, and each kind of mistake is caught
with the message a researcher needs.

Each file in tests/fixtures/invalid/ breaks one rule; it is validated the way a
submitted case is (``validate_submission``: the bundle store as context, read for
what the fixture links to, and only the fixture's own nodes as focus),
and the test asserts the report that tests/fixtures/invalid/manifest.ttl gives
beside it: which node fails, on which property, with which severity, shape and
sh:message.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from lpskg.knowledge.bundle import bundle_graph
from lpskg.knowledge.graphs import Graphs
from lpskg.knowledge.validation import ValidationReport, load_shapes, path_text, validate, validate_submission
from lpskg.namespaces import SH
from lpskg.store import EmbeddedStore

from support.cli import lpskg
from support.stores import REPO, copied_store

FIXTURES = REPO / "tests" / "fixtures" / "invalid"
LPSH = "https://w3id.org/lpskg/shapes#"
LPSKG = "https://w3id.org/lpskg/ontology#"
RES = "https://w3id.org/lpskg/resource/"
FABIO_YEAR = "http://purl.org/spar/fabio/hasPublicationYear"

MANIFEST = FIXTURES / "manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")


@dataclass(frozen=True)
class Entry:
    """One sht:Validate entry of the manifest: a fixture and the report validating it must give."""

    name: str
    data: Path
    conforms: bool
    results: frozenset[tuple[str | None, str | None, str, str, str]]  # focus (None: a blank node), path,
    #                                                                    severity, shape, message


def read_manifest() -> dict[str, Entry]:
    manifest = Graph().parse(MANIFEST, format="turtle", publicID=MANIFEST.as_uri())
    entries = {}
    for entry in Collection(manifest, manifest.value(URIRef(MANIFEST.as_uri()), MF.entries)):
        action, report = manifest.value(entry, MF.action), manifest.value(entry, MF.result)
        results = set()
        for result in manifest.objects(report, SH.result):
            focus, path = manifest.value(result, SH.focusNode), manifest.value(result, SH.resultPath)
            results.add((None if isinstance(focus, BNode) else str(focus),
                         None if path is None else path_text(manifest, path),
                         str(manifest.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
                         str(manifest.value(result, SH.sourceShape)), str(manifest.value(result, SH.resultMessage))))
        name = str(manifest.value(entry, MF.name))
        entries[name] = Entry(name, Path(str(manifest.value(action, SHT.dataGraph)).removeprefix("file://")),
                              manifest.value(report, SH.conforms).toPython(), frozenset(results))
    return entries


ENTRIES = read_manifest()


def message(entry: str) -> str:
    """The one sh:message the manifest expects for ``entry``."""
    (result,) = ENTRIES[entry].results
    return result[-1]


@pytest.fixture(scope="session")
def bundle() -> Graph:
    """The ontology and the shipped data, parsed once."""
    return bundle_graph()


@pytest.fixture(scope="session")
def bundle_report(bundle: Graph) -> ValidationReport:
    return validate(bundle)


def test_the_shipped_bundle_conforms(bundle_report: ValidationReport) -> None:
    violations = [v for v in bundle_report.violations if v.severity == "Violation"]
    assert bundle_report.conforms, bundle_report.text()
    assert violations == []


def test_every_fixture_is_in_the_manifest() -> None:
    assert sorted(p.name for p in FIXTURES.glob("*.ttl") if p != MANIFEST) == \
        sorted(entry.data.name for entry in ENTRIES.values())


@pytest.fixture(scope="module")
def bundle_graphs(bundle_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Graphs:
    """The bundle store a fixture is submitted to (a copy: opening a store takes its lock)."""
    store = EmbeddedStore(copied_store(bundle_store_template, tmp_path_factory, "shapes-store"))
    yield Graphs(store)
    store.close()


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_invalid_fixture_gives_the_report_its_manifest_entry_expects(name: str, bundle_graphs: Graphs) -> None:
    entry = ENTRIES[name]
    data = Graph().parse(entry.data, format="turtle")
    report = validate_submission(bundle_graphs.store, data, bundle_graphs.entail(data))
    blanks = {f"_:{s}" for s in data.subjects(RDF.type) if isinstance(s, BNode)}
    found = {(None if v.focus in blanks else v.focus, v.path, v.severity, v.shape, v.message)
             for v in report.violations}
    assert found == entry.results
    assert report.conforms is entry.conforms


def test_focused_validation_checks_the_submission_not_its_context(bundle: Graph) -> None:
    """A real quote validates against only the types and labels of what it points to;
    removing its case is then its one violation (the context nodes, which lack
    definitions and passages, are not validated)."""
    quote = URIRef(RES + "quote/scania-lps-manager-not-all-new-ideas")
    submission = Graph()
    for triple in bundle.triples((quote, None, None)):
        submission.add(triple)
    context = Graph()
    for target in {o for o in submission.objects() if isinstance(o, URIRef)}:
        for predicate in (RDF.type, RDFS.label):
            for triple in bundle.triples((target, predicate, None)):
                context.add(triple)
    assert len(submission) > 5 and len(context) > 5
    assert validate(submission, context=context).violations == []

    submission.remove((quote, URIRef(LPSKG + "fromCase"), None))
    report = validate(submission, context=context)
    assert [(v.focus, v.shape) for v in report.violations] == [(str(quote), LPSH + "QuoteCaseShape")]


def test_explicit_focus_nodes_limit_what_is_validated(bundle: Graph) -> None:
    data = Graph().parse(FIXTURES / "tension-one-pole.ttl", format="turtle")
    data += Graph().parse(FIXTURES / "quote-without-text.ttl", format="turtle")
    only_quote = validate(data, context=bundle, focus_nodes=[URIRef(RES + "quote/fixture-without-text")])
    assert [v.shape for v in only_quote.violations] == [LPSH + "QuoteTextShape"]


def test_report_text_and_rdf(bundle: Graph) -> None:
    data = Graph().parse(FIXTURES / "tension-one-pole.ttl", format="turtle")
    report = validate(data, context=bundle)
    assert report.text() == f"fixture tension with one pole lpskg:hasPole: {message('tension-one-pole')}"
    rdf = report.graph()
    (node,) = rdf.subjects(RDF.type, SH.ValidationReport)
    assert rdf.value(node, SH.conforms) == Literal(False)
    (result,) = rdf.objects(node, SH.result)
    assert rdf.value(result, SH.focusNode) == URIRef(RES + "tension/fixture-one-pole")
    assert rdf.value(result, SH.sourceShape) == URIRef(LPSH + "TensionPoleCountShape")


def test_every_shape_is_documented_and_every_constraint_has_a_message() -> None:
    shapes = load_shapes()
    constraint_parameters = {SH[p] for p in (
        "minCount", "maxCount", "class", "datatype", "pattern", "nodeKind", "languageIn", "uniqueLang", "or",
        "not", "in", "minInclusive", "maxInclusive", "minLength", "qualifiedValueShape")}
    named = {s for s in shapes.subjects(RDF.type, None) if str(s).startswith(LPSH)}
    shape_types = {SH.NodeShape, SH.PropertyShape}
    declared = {s for s in named if set(shapes.objects(s, RDF.type)) & shape_types}
    assert len(declared) > 90
    for shape in declared:
        for annotation in (RDFS.label, RDFS.comment):
            assert any(v.language == "en" for v in shapes.objects(shape, annotation)), (shape, annotation)
        if set(shapes.predicates(shape, None)) & constraint_parameters:
            assert any(m.language == "en" for m in shapes.objects(shape, SH.message)), shape
    # no anonymous shape hides behind sh:property: results must name the shape that failed
    assert all(isinstance(p, URIRef) and str(p).startswith(LPSH) for p in shapes.objects(None, SH.property))


def test_cli_validate_reports_violations_and_exit_codes(tmp_path, bundle_store_template) -> None:
    invalid = lpskg(bundle_store_template, "validate", str(FIXTURES / "quote-two-cases.ttl"))
    assert invalid.exit_code == 1
    assert "quote:fixture-two-cases" in invalid.output
    assert message("quote-two-cases") in invalid.output

    broken = tmp_path / "broken.ttl"
    broken.write_text('@prefix lpskg: <https://w3id.org/lpskg/ontology#> .\n\n<x> lpskg:text "open .\n')
    unreadable = lpskg(bundle_store_template, "validate", str(broken))
    assert unreadable.exit_code == 2
    assert f"{broken}:3: is not valid Turtle: newline found in string literal" in unreadable.output

    not_loaded = lpskg(tmp_path / "empty-store", "validate", str(FIXTURES / "quote-two-cases.ttl"))
    assert not_loaded.exit_code == 2 and "run `lpskg load` first" in not_loaded.stderr

    bundle = lpskg(None, "validate")
    assert bundle.exit_code == 0, bundle.output
    assert "conforms: 0 violation(s)" in bundle.output
