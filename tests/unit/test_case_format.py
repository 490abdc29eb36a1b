"""What a field researcher records about evidence (docs/adding-a-case.md, "Weighing the evidence"): every new
field written in the lpskg vocabulary, old case files read as before, the references between items checked at
link time with the field and line, a respondent role read as its stakeholder group, and a case sent as Turtle
diagnosed as the same file sent as YAML."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from lpskg.contributions import SourceFile, SubmissionError, add_case, diagnose_case
from lpskg.contributions.cases import build_case_file
from lpskg.formats import TURTLE, YAML
from lpskg.knowledge.graphs import Graphs
from lpskg.namespaces import LPSKG, resource_iri

from support.stores import REPO

R = "https://w3id.org/lpskg/resource/"
VIGNETTES = REPO / "tests" / "fixtures" / "vignettes"

#: A case file as it was written before the weighing fields existed.
OLD_CASE = {
    "id": "old-format", "label": "Old format case (fictional)", "description": "A fictional case written before issue 21.",
    "organisation": "Old Format AB (fictional)",
    "study": {"citation": "Old, A. (2025), fictional.", "authors": ["Old, Anna"], "year": 2025},
    "evidence": [
        {"kind": "quote", "text": "Delivery comes first.", "role": "Operations",
         "illustrates": ["current goals vs. future goals"],
         "stances": [{"stakeholder": "production managers", "favours": "current goals"}],
         "signs": ["daily disruptions always prioritised"],
         "actions": [{"action": "Pacing", "effect": "Trials moved off the peaks."}],
         "passage": {"locator": "p. 1"}}],
}


@pytest.fixture(scope="module")
def graphs(bundle_store) -> Graphs:
    return Graphs(bundle_store)


def source(data: dict, name: str = "case.yaml") -> SourceFile:
    return SourceFile(name, yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode(), YAML)


def vignette(name: str) -> dict:
    return yaml.safe_load((VIGNETTES / name).read_text(encoding="utf-8"))


def rejected(graphs: Graphs, data: dict) -> list[tuple[str, str, int | None]]:
    with pytest.raises(SubmissionError) as raised:
        build_case_file(graphs, source(data))
    return [(e.field, e.message, e.line) for e in raised.value.errors]


def test_an_old_case_file_is_read_as_before(graphs: Graphs) -> None:
    graph = build_case_file(graphs, source(OLD_CASE)).graph
    quote = resource_iri("quote", "old-format-1")          # the item's IRI by position, as before
    assert (quote, LPSKG.text, Literal("Delivery comes first.")) in graph
    new = {LPSKG.evidenceStrength, LPSKG.isAbsence, LPSKG.atTime, LPSKG.followsFrom, LPSKG.showsSignOf,
           LPSKG.signNotSeen, LPSKG.reportsIncentive, LPSKG.stanceDuration, LPSKG.stanceByRole}
    assert not {p for p in graph.predicates() if p in new}
    action = resource_iri("action", "old-format-1-1")
    # a reported action is read as in place with an unknown outcome: shown, weighing nothing
    assert {(p, o) for p, o in graph.predicate_objects(action) if p in (LPSKG.actionStatus, LPSKG.actionOutcome)} == {
        (LPSKG.actionStatus, LPSKG.inPlace), (LPSKG.actionOutcome, LPSKG.effectUnknown)}
    myopia = next(g for g in diagnose_case(graphs, source(OLD_CASE)).grades if g.label == "Myopia")
    assert myopia.grade_label == "possible" and not myopia.items_against   # one item with a sign: not triangulated


def test_every_field_of_the_format_is_written_in_the_lpskg_vocabulary(graphs: Graphs) -> None:
    graph = build_case_file(graphs, source(vignette("01-myopia-boards.yaml"))).graph
    case = "vignette-01-myopia-boards"
    absent = resource_iri("observation", f"{case}-no-quieter-week")       # the key ends the IRI
    cancelled = resource_iri("observation", f"{case}-training-cancelled")
    later = resource_iri("observation", f"{case}-paper-boards-back")
    assert (absent, LPSKG.isAbsence, Literal(True)) in graph
    assert (absent, LPSKG.evidenceStrength, LPSKG.strongEvidence) in graph
    assert (cancelled, LPSKG.atTime, Literal("2024-10", datatype=XSD.gYearMonth)) in graph
    assert (cancelled, LPSKG.followsFrom, resource_iri("quote", f"{case}-output-first")) in graph
    assert (later, LPSKG.comesAfter, cancelled) in graph
    assert str(graph.value(later, LPSKG.lagAfter)) == "P2M"
    assert str(graph.value(later, LPSKG.timePhrase)) == "two months after the roll-out was due to end"
    stance = resource_iri("stance", f"{case}-training-cancelled-2")
    assert (stance, LPSKG.stanceDuration, LPSKG.recurring) in graph
    assert str(graph.value(stance, LPSKG.seenOver)) == "P30W"     # as the researcher wrote it
    sighting = graph.value(cancelled, LPSKG.showsSignOf)
    assert (sighting, LPSKG.sightedSign, URIRef(R + "sign/resources-withheld-from-new-solutions")) in graph
    assert (sighting, LPSKG.shownBy, URIRef(R + "stakeholder/production-managers")) in graph
    case_iri = resource_iri("case", case)
    assert str(graph.value(case_iri, LPSKG.fieldworkFrom)) == "2024-02"


def test_incentives_signs_not_seen_resolved_stances_and_action_states(graphs: Graphs) -> None:
    graph = build_case_file(graphs, source(vignette("14-persistent-priority.yaml"))).graph
    incentive = next(graph.subjects(RDF.type, LPSKG.Incentive))
    assert (incentive, LPSKG.rewards, URIRef(R + "pole/current-goals")) in graph
    assert (incentive, LPSKG.exclusive, Literal(True)) in graph
    assert (incentive, LPSKG.measureKind, LPSKG.measurement) in graph
    graph = build_case_file(graphs, source(vignette("06-control-audit-postponement.yaml"))).graph
    resolved = [s for s in graph.subjects(LPSKG.stanceDuration, LPSKG.resolved)]
    assert resolved and all(graph.value(s, LPSKG.resolvedBy) is not None for s in resolved)
    assert set(graph.objects(None, LPSKG.signNotSeen))
    graph = build_case_file(graphs, source(vignette("13-myopia-rebalanced-by-pacing.yaml"))).graph
    assert (None, LPSKG.actionOutcome, LPSKG.effective) in graph


def test_a_respondent_role_is_read_as_the_stakeholder_group_it_is_placed_under(graphs: Graphs) -> None:
    data = yaml.safe_load(yaml.safe_dump(OLD_CASE))
    data["evidence"][0]["stances"] = [{"stakeholder": "team leader", "disregards": "future goals"}]
    data["evidence"][0]["signs"] = [{"sign": "resources withheld from new solutions", "stakeholder": "plant manager"}]
    graph = build_case_file(graphs, source(data)).graph
    stance = resource_iri("stance", "old-format-1-1")
    assert graph.value(stance, LPSKG.stanceOf) == URIRef(R + "stakeholder/production")        # interpretation I-9
    assert graph.value(stance, LPSKG.stanceByRole) == URIRef(R + "role/team-leader")
    sighting = next(graph.objects(resource_iri("quote", "old-format-1"), LPSKG.showsSignOf))
    assert graph.value(sighting, LPSKG.shownBy) == URIRef(R + "stakeholder/production-managers")
    # "SP-team" is a stakeholder and an alternative label of the role SP-team member: the stakeholder is meant
    data["evidence"][0]["stances"] = [{"stakeholder": "SP-team", "favours": "push based on opportunities"}]
    graph = build_case_file(graphs, source(data)).graph
    assert graph.value(resource_iri("stance", "old-format-1-1"), LPSKG.stanceOf) == URIRef(R + "stakeholder/sp-team")
    # "production manager" is a role's exact label and one letter from the stakeholder "production managers":
    # the role is meant, and kept (a coded project's "stance of: production manager" says the same)
    data["evidence"][0]["stances"] = [{"stakeholder": "production manager", "favours": "current goals"}]
    graph = build_case_file(graphs, source(data)).graph
    stance = resource_iri("stance", "old-format-1-1")
    assert graph.value(stance, LPSKG.stanceByRole) == URIRef(R + "role/production-manager")
    assert graph.value(stance, LPSKG.stanceOf) == URIRef(R + "stakeholder/production-managers")


def test_a_new_role_without_a_stakeholder_cannot_be_read_by_the_rules(graphs: Graphs) -> None:
    data = yaml.safe_load(yaml.safe_dump(OLD_CASE))
    data["evidence"][0]["role"] = {"label": "shift coordinator", "new": True, "kind": "role",
                                   "definition": "A respondent who coordinates shifts."}
    data["evidence"][0]["stances"] = [{"stakeholder": "shift coordinator", "favours": "current goals"}]
    (error,) = rejected(graphs, data)
    assert error[0] == "evidence[0].stances[0].stakeholder" and "placed under no stakeholder group" in error[1]


@pytest.mark.parametrize("change,field,message", [
    (lambda ev: ev[1].update(follows_from=["no-such-item"]), "evidence[1].follows_from[0]",
     "unknown item 'no-such-item'; keys in this file: first, second"),
    (lambda ev: ev[1].update(follows_from=["second"]), "evidence[1].follows_from[0]", "an item cannot follow from itself"),
    (lambda ev: (ev[0].update(follows_from=["second"]), ev[1].update(follows_from=["first"])),
     "evidence[0].follows_from", "cycle: evidence[0] -> evidence[1] -> evidence[0]"),
    (lambda ev: (ev[0].update(when={"date": "2024-06"}), ev[1].update(when={"after": "first", "date": "2024-02"})),
     "evidence[1].when.date", "date 2024-02 is earlier than 2024-06, the date of evidence[0] it comes after"),
    (lambda ev: ev[0]["stances"][0].update(resolved_by="second"), "evidence[0].stances[0].resolved_by",
     "only a stance with duration 'resolved' can name resolved_by"),
    (lambda ev: ev[0]["stances"][0].update(over="P3M", duration="one-off"), "evidence[0].stances[0].over",
     "'over' says how long a recurring or lasting stance was seen"),
    (lambda ev: ev[0]["actions"][0].update(outcome="effective", effect=None) or ev[0]["actions"][0].pop("effect"),
     "evidence[0].actions[0].outcome", "outcome 'effective' needs an 'effect'"),
    (lambda ev: ev[1].update(key="first"), "evidence[1].key", "key 'first' is already the key of evidence[0]"),
])
def test_references_between_items_are_checked_at_link_time_with_field_and_line(graphs: Graphs, change, field,
                                                                              message) -> None:
    data = yaml.safe_load(yaml.safe_dump(OLD_CASE))
    second = dict(data["evidence"][0], key="second", text="It was the same in the autumn.")
    second.pop("actions")
    data["evidence"][0]["key"] = "first"
    data["evidence"].append(second)
    change(data["evidence"])
    found = rejected(graphs, data)
    assert any(f == field and message in m and line for f, m, line in found), found


def test_a_wrong_sign_label_is_named_with_the_nearest_signs(graphs: Graphs) -> None:
    data = yaml.safe_load(yaml.safe_dump(OLD_CASE))
    data["evidence"][0]["signs_not_seen"] = ["sense of pull"]
    ((field, message, _),) = rejected(graphs, data)
    assert field == "evidence[0].signs_not_seen[0]" and "sign label 'sense of pull'" in message


def test_a_case_sent_as_turtle_is_diagnosed_as_the_same_file_sent_as_yaml(graphs: Graphs) -> None:
    yaml_source = SourceFile("v.yaml", (VIGNETTES / "16-sign-of-another-stakeholder.yaml").read_bytes(), YAML)
    turtle = build_case_file(graphs, yaml_source).graph.serialize(format="turtle").encode()
    by_yaml, by_turtle = diagnose_case(graphs, yaml_source), diagnose_case(graphs, SourceFile("v.ttl", turtle, TURTLE))
    assert {g.label: (g.grade_label, g.support, g.counter) for g in by_turtle.grades} == {
        g.label: (g.grade_label, g.support, g.counter) for g in by_yaml.grades}
    assert by_turtle.headline() == "no imbalance indicated; possible: Detached"


def test_a_case_sent_as_turtle_may_not_link_outside_its_own_evidence(graphs: Graphs) -> None:
    source16 = SourceFile("v.yaml", (VIGNETTES / "16-sign-of-another-stakeholder.yaml").read_bytes(), YAML)
    graph = build_case_file(graphs, source16).graph
    item = resource_iri("quote", "vignette-16-sign-of-another-stakeholder-asked-for-it")
    graph.add((item, LPSKG.followsFrom, URIRef(R + "quote/scania-operations-we-create-a-solution")))
    graph.add((item, LPSKG.comesAfter, item))
    with pytest.raises(SubmissionError) as raised:
        build_case_file(graphs, SourceFile("v.ttl", graph.serialize(format="turtle").encode(), TURTLE))
    messages = [e.message for e in raised.value.errors]
    assert any("is not evidence of the case" in m for m in messages)
    assert any("points to the item itself" in m for m in messages)


def test_a_case_with_every_new_field_validates_and_is_stored_whole(writable_store_path: Path) -> None:
    from lpskg.store import EmbeddedStore

    store = EmbeddedStore(writable_store_path)
    try:
        graphs = Graphs(store)
        for name in ("01-myopia-boards.yaml", "14-persistent-priority.yaml", "07-control-root-cause-first.yaml"):
            outcome = add_case(graphs, SourceFile(name, (VIGNETTES / name).read_bytes(), YAML), submitter="test")
            assert outcome.diagnoses[0].headline() == {
                "01-myopia-boards.yaml": "Myopia indicated", "14-persistent-priority.yaml":
                "no imbalance indicated; possible: Myopia", "07-control-root-cause-first.yaml": "no imbalance indicated",
            }[name]
        assert diagnose_case(graphs, "vignette-01-myopia-boards").headline() == "Myopia indicated"
    finally:
        store.close()
