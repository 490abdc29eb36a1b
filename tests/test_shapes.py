"""The SHACL shapes: the shipped bundle conforms, and each kind of mistake is caught
with the message a researcher needs.

Each file in tests/fixtures/invalid/ breaks one rule; it is validated the way a
submitted case is (the bundle as context, only the fixture's own nodes as focus),
and the test asserts exactly which node fails, on which property, with which
sh:message.
"""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from lpskg.bundle import bundle_graph
from lpskg.cli import cli
from lpskg.namespaces import SH
from lpskg.validation import ValidationReport, load_shapes, validate

from conftest import REPO

FIXTURES = REPO / "tests" / "fixtures" / "invalid"
LPSH = "https://w3id.org/lpskg/shapes#"
LPSKG = "https://w3id.org/lpskg/ontology#"
RES = "https://w3id.org/lpskg/resource/"
FABIO_YEAR = "http://purl.org/spar/fabio/hasPublicationYear"

#: The sh:message of each shape the fixtures trip, word for word.
MESSAGES = {
    "TensionPoleCountShape":
        "A tension needs exactly two poles (lpskg:hasPole): add the missing pole or remove the extra one.",
    "TensionParadoxCountShape":
        "A tension belongs to exactly one paradox (lpskg:inParadox): name the performing, organising, learning "
        "or belonging paradox it is part of, and only one.",
    "TensionPoleClassShape":
        "A tension's lpskg:hasPole must point to a pole (lpskg:Pole): correct the IRI or type the target as a pole.",
    "QuoteTextShape":
        "A quote needs exactly one text (lpskg:text): give the respondent's words verbatim, and split two "
        "statements into two quotes.",
    "QuoteCaseShape":
        "A quote comes from exactly one case (lpskg:fromCase an lpskg:Case): name the case it was collected in, "
        "and only one.",
    "QuoteRoleShape":
        "A quote needs exactly one speaker role (lpskg:speakerRole an lpskg:RespondentRole, e.g. SP manager): "
        "add the role or correct the IRI.",
    "ResourceIRIShape":
        "A resource of the knowledge graph must be named by an IRI of the form "
        "https://w3id.org/lpskg/resource/<kind>/<slug> (not a blank node, not another namespace): mint its IRI "
        "in the lpskg resource namespace.",
    "EvidenceIllustratesShape":
        "Evidence must illustrate at least one concept of the framework (lpskg:illustrates a paradox, tension, "
        "pole, strategy, archetype, stakeholder, technology or practice): add the concept or correct the IRI.",
    "PublicationYearRangeShape":
        'A publication year (fabio:hasPublicationYear) must be four digits between 1900 and 2100, such as '
        '"2021"^^xsd:gYear: correct the year.',
    "PublicationYearDatatypeShape":
        'A publication year (fabio:hasPublicationYear) must be typed xsd:gYear, such as "2021"^^xsd:gYear: '
        'add the datatype.',
    "PublicationYearCountShape":
        "A publication has one publication year (fabio:hasPublicationYear): keep the year of the version cited "
        "and remove the others.",
    "PublicationYearPresentShape":
        'This publication has no publication year (fabio:hasPublicationYear "2021"^^xsd:gYear): add it if the '
        'source states it.',
    "PublicationCreatorShape":
        "A publication needs at least one creator (dcterms:creator, a foaf:Person or foaf:Group): add its authors.",
    "PublicationDoiShape":
        "A publication's DOI (bibo:doi) must be one plain string of the form 10.NNNN/suffix, without "
        "https://doi.org/: correct it.",
    "LabelEnglishShape":
        'A label (rdfs:label) must be an English string tagged @en: write it as "…"@en.',
    "LabelUniqueShape":
        "This resource has more than one English label (rdfs:label): keep one and move the others to skos:altLabel.",
    "LabelPresentShape":
        'This resource has no label: add one English label, e.g. rdfs:label "digital Lean board"@en.',
    "DefinitionPresentShape":
        "This concept has no definition: add a skos:definition \"…\"@en saying what it means in the paper's "
        "framework.",
    "StatedInPresentShape":
        "This resource does not say where it comes from: add lpskg:statedIn pointing to the passage (section, "
        "table, figure or page) of the source document that states it.",
    "StatedInPassageShape":
        "lpskg:statedIn must point to a passage (a resource typed lpskg:Passage with its document and excerpt): "
        "declare the passage or correct the IRI.",
    "PassageExcerptShape":
        "A passage needs at least one verbatim excerpt (lpskg:excerpt, a non-empty plain string) copied from its "
        "document: add one.",
    "PassageDocumentShape":
        "A passage lies in exactly one source document (lpskg:inDocument an lpskg:SourceDocument): name the "
        "document it is taken from.",
    "StrategyKindShape":
        "A resolution strategy must also be typed as lpskg:PreEmptiveBalancing (separation, contextualisation, "
        "synthesis) or lpskg:ReContextualisingAction (Empowering, Patching, Pacing, Leveraging): add the type "
        "that fits.",
    "PreEmptiveBalancingShape":
        "A strategy cannot be both pre-emptive balancing and a re-contextualising action: keep the one type that "
        "the source describes.",
    "ArchetypeParadoxShape":
        "An imbalance archetype must name the paradox it unbalances: add lpskg:drivenByImbalanceOf (the paradox "
        "whose imbalance drives it) or lpskg:triggersImbalanceOf (a paradox it throws off balance).",
    "CaseOrganisationShape":
        "A case needs exactly one organisation (lpskg:caseOrganisation an org:Organization, e.g. the company "
        "studied): add it or correct the IRI.",
    "ProjectMonthShape":
        "A project's start and end months (lpskg:startYearMonth, lpskg:endYearMonth) must be plain strings "
        'written YYYY-MM, such as "2020-01": correct the value.',
}

ALTERNATIVE_MONTHS = f"(<{LPSKG}startYearMonth>|<{LPSKG}endYearMonth>)"

#: fixture file -> (focus node IRI, or None for the fixture's blank node; [(path, shape)] expected)
CASES = {
    "tension-one-pole.ttl": (RES + "tension/fixture-one-pole", [(LPSKG + "hasPole", "TensionPoleCountShape")]),
    "tension-three-poles.ttl": (RES + "tension/fixture-three-poles",
                                [(LPSKG + "hasPole", "TensionPoleCountShape")]),
    "tension-no-paradox.ttl": (RES + "tension/fixture-no-paradox",
                               [(LPSKG + "inParadox", "TensionParadoxCountShape")]),
    "tension-pole-not-a-pole.ttl": (RES + "tension/fixture-stakeholder-pole",
                                    [(LPSKG + "hasPole", "TensionPoleClassShape")]),
    "quote-without-text.ttl": (RES + "quote/fixture-without-text", [(LPSKG + "text", "QuoteTextShape")]),
    "quote-two-cases.ttl": (RES + "quote/fixture-two-cases", [(LPSKG + "fromCase", "QuoteCaseShape")]),
    "quote-without-role.ttl": (RES + "quote/fixture-without-role", [(LPSKG + "speakerRole", "QuoteRoleShape")]),
    "quote-role-wrong-class.ttl": (RES + "quote/fixture-stakeholder-speaker",
                                   [(LPSKG + "speakerRole", "QuoteRoleShape")]),
    "quote-blank-node.ttl": (None, [(None, "ResourceIRIShape")]),
    "observation-illustrates-nothing.ttl": (RES + "observation/fixture-illustrates-nothing",
                                            [(LPSKG + "illustrates", "EvidenceIllustratesShape")]),
    "publication-year-20x3.ttl": (RES + "work/fixture-20x3", [(FABIO_YEAR, "PublicationYearRangeShape")]),
    "publication-year-1200.ttl": (RES + "work/fixture-1200", [(FABIO_YEAR, "PublicationYearRangeShape")]),
    "publication-year-untyped.ttl": (RES + "work/fixture-untyped-year",
                                     [(FABIO_YEAR, "PublicationYearDatatypeShape")]),
    "publication-two-years.ttl": (RES + "work/fixture-two-years", [(FABIO_YEAR, "PublicationYearCountShape")]),
    "publication-no-creator.ttl": (RES + "work/fixture-no-creator",
                                   [("http://purl.org/dc/terms/creator", "PublicationCreatorShape")]),
    "publication-doi-as-url.ttl": (RES + "work/fixture-doi-url",
                                   [("http://purl.org/ontology/bibo/doi", "PublicationDoiShape")]),
    "label-without-language.ttl": (RES + "technology/fixture-untagged-label",
                                   [(str(RDFS.label), "LabelEnglishShape")]),
    "two-english-labels.ttl": (RES + "technology/fixture-two-labels", [(str(RDFS.label), "LabelUniqueShape")]),
    "no-label.ttl": (RES + "technology/fixture-no-label", [(str(RDFS.label), "LabelPresentShape")]),
    "concept-without-definition.ttl": (RES + "technology/fixture-no-definition",
                                       [("http://www.w3.org/2004/02/skos/core#definition",
                                         "DefinitionPresentShape")]),
    "missing-provenance.ttl": (RES + "technology/fixture-no-provenance",
                               [(LPSKG + "statedIn", "StatedInPresentShape")]),
    "provenance-not-a-passage.ttl": (RES + "technology/fixture-document-provenance",
                                     [(LPSKG + "statedIn", "StatedInPassageShape")]),
    "iri-outside-namespace.ttl": ("https://example.org/technology/digital-twin", [(None, "ResourceIRIShape")]),
    "passage-without-excerpt.ttl": (RES + "passage/fixture-without-excerpt",
                                    [(LPSKG + "excerpt", "PassageExcerptShape")]),
    "passage-two-documents.ttl": (RES + "passage/fixture-two-documents",
                                  [(LPSKG + "inDocument", "PassageDocumentShape")]),
    "strategy-without-kind.ttl": (RES + "strategy/fixture-without-kind", [(None, "StrategyKindShape")]),
    "strategy-both-kinds.ttl": (RES + "strategy/fixture-both-kinds", [(None, "PreEmptiveBalancingShape")]),
    "archetype-without-paradox.ttl": (RES + "archetype/fixture-without-paradox",
                                      [(f"(<{LPSKG}drivenByImbalanceOf>|<{LPSKG}triggersImbalanceOf>)",
                                        "ArchetypeParadoxShape")]),
    "case-without-organisation.ttl": (RES + "case/fixture-without-organisation",
                                      [(LPSKG + "caseOrganisation", "CaseOrganisationShape")]),
    "project-bad-month.ttl": (RES + "project/fixture-bad-month", [(ALTERNATIVE_MONTHS, "ProjectMonthShape")]),
    "publication-no-year.ttl": (RES + "work/fixture-no-year", [(FABIO_YEAR, "PublicationYearPresentShape")]),
}

#: fixtures whose only finding is a warning: the data still conforms
WARNINGS_ONLY = {"publication-no-year.ttl"}


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


def test_every_fixture_is_covered() -> None:
    assert sorted(p.name for p in FIXTURES.glob("*.ttl")) == sorted(CASES)


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_invalid_fixture_is_reported_with_its_message(fixture: str, bundle: Graph) -> None:
    data = Graph().parse(FIXTURES / fixture, format="turtle")
    focus, expected = CASES[fixture]
    if focus is None:
        (blank,) = {s for s in data.subjects(RDF.type) if isinstance(s, BNode)}
        focus = f"_:{blank}"
    report = validate(data, context=bundle)
    found = {(v.focus, v.path, v.shape, v.message) for v in report.violations}
    assert found == {(focus, path, LPSH + shape, MESSAGES[shape]) for path, shape in expected}
    assert report.conforms is (fixture in WARNINGS_ONLY)
    severity = "Warning" if fixture in WARNINGS_ONLY else "Violation"
    assert {v.severity for v in report.violations} == {severity}


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
    assert report.text() == f"fixture tension with one pole lpskg:hasPole: {MESSAGES['TensionPoleCountShape']}"
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


def test_cli_validate_reports_violations_and_exit_codes(tmp_path) -> None:
    runner = CliRunner()
    invalid = runner.invoke(cli, ["validate", str(FIXTURES / "quote-two-cases.ttl")])
    assert invalid.exit_code == 1
    assert "quote:fixture-two-cases" in invalid.output
    assert MESSAGES["QuoteCaseShape"] in invalid.output

    broken = tmp_path / "broken.ttl"
    broken.write_text('@prefix lpskg: <https://w3id.org/lpskg/ontology#> .\n\n<x> lpskg:text "open .\n')
    unreadable = runner.invoke(cli, ["validate", str(broken)])
    assert unreadable.exit_code == 2
    assert f"{broken}:3: newline found in string literal" in unreadable.output

    bundle = runner.invoke(cli, ["validate"])
    assert bundle.exit_code == 0, bundle.output
    assert "conforms: 0 violation(s)" in bundle.output
