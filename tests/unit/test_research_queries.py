"""The named queries researchers asked for, on the real graph: the bundle, and the bundle with the example
case submitted (``case_store``).  Each expectation is asked of the graph another way, or read in the paper."""
from __future__ import annotations

from collections import Counter

from support.results import ask
from support.stores import KnowledgeGraph


def pairs(kg: KnowledgeGraph, prop: str) -> set[tuple[str, str]]:
    return {(r["c"], r["x"]) for r in kg.select(f"SELECT ?c ?x WHERE {{ ?c a lpskg:Case ; lpskg:{prop} ?x }}")}


def test_technologies_co_occurring_with_tensions_and_archetypes(case_store):
    rows = ask(case_store, "technologies-with-tensions-and-archetypes")
    kg = KnowledgeGraph(case_store)
    uses = pairs(kg, "usesTechnology")
    shows = pairs(kg, "showsTension") | pairs(kg, "showsArchetype")
    expected = Counter((t, x) for c, t in uses for c2, x in shows if c == c2)
    found = {(r["technology"], r["concept"]): int(r["cases"]) for r in rows}
    short = {k: v for k, v in Counter({(_short(t), _short(x)): n for (t, x), n in expected.items()}).items()}
    assert found == short
    # Section 4: Volvo CE applies digital Lean boards; the example case uses them too, and both show Myopia
    assert found[("technology:digital-lean-boards", "archetype:myopia")] == 2
    assert [int(r["cases"]) for r in rows] == sorted((int(r["cases"]) for r in rows), reverse=True)


def _short(iri: str) -> str:
    kind, slug = iri.removeprefix("https://w3id.org/lpskg/resource/").split("/", 1)
    return f"{kind}:{slug}"


def test_tensions_without_evidence_are_the_ones_the_paper_gives_to_illustrate_theory(bundle_store, kg):
    rows = ask(bundle_store, "tensions-without-evidence")
    illustrated = kg.values("SELECT ?t WHERE { ?e a lpskg:Evidence ; lpskg:illustrates ?t . ?t a lpskg:Tension }", "t")
    every = kg.values("SELECT ?t WHERE { ?t a lpskg:Tension }", "t")
    assert {r["tension"] for r in rows} == {_short(t) for t in every - illustrated}
    # every example of Sections 1 and 2.2 is listed: they illustrate theory, no case is quoted on them
    illustrative = kg.values("SELECT ?t WHERE { ?t a lpskg:IllustrativeTension }", "t")
    assert {_short(t) for t in illustrative} <= {r["tension"] for r in rows}
    assert "self-expression vs. group affiliation" in {r["tensionLabel"] for r in rows}


def test_a_submitted_case_quoted_on_a_tension_takes_it_off_the_list(bundle_store, case_store):
    before = {r["tensionLabel"] for r in ask(bundle_store, "tensions-without-evidence")}
    after = {r["tensionLabel"] for r in ask(case_store, "tensions-without-evidence")}
    # the example case's LPS manager speaks of current goals vs. future goals (examples/example-pumps.yaml)
    assert "current goals vs. future goals" in before - after and after <= before


def test_concepts_a_submitted_case_proposed_with_the_nearest_of_the_paper(case_store):
    rows = ask(case_store, "proposed-concepts-and-nearest")
    proposed = {r["conceptLabel"] for r in rows}
    assert proposed >= {"autonomous mobile robots", "speed of digital change vs. stability of standard work"}
    robots = {r["nearestLabel"]: r for r in rows if r["conceptLabel"] == "autonomous mobile robots"}
    # the example case also uses digital Lean boards and vision systems (examples/example-pumps.yaml)
    assert set(robots) == {"digital Lean boards", "vision systems"} and all(r["sameCase"] == "true" for r in robots.values())
    tension = [r for r in rows if r["conceptLabel"].startswith("speed of digital change")]
    organising = KnowledgeGraph(case_store).values(
        "SELECT ?l WHERE { ?t lpskg:inParadox <https://w3id.org/lpskg/resource/paradox/organising> ; rdfs:label ?l }", "l")
    assert {r["nearestLabel"] for r in tension if r["sameParadox"] == "true"} == organising - {
        "speed of digital change vs. stability of standard work"}
    assert all(r["case"] == "case:example-pumps" for r in rows)


def test_approach_against_archetypes(bundle_store, kg):
    rows = ask(bundle_store, "approach-and-archetypes")
    # Section 4: Scania's SP-team began top-down, Volvo CE bottom-up
    assert {(r["caseLabel"], r["approach"]) for r in rows} == {("Scania case", "top-down"), ("Volvo CE case", "bottom-up")}
    assert {(r["case"], r["archetype"]) for r in rows} == {(_short(c), _short(a)) for c, a in pairs(kg, "showsArchetype")}
    dogma = [r for r in rows if r["archetypeLabel"] == "Dogma"]
    assert [r["approach"] for r in dogma] == ["bottom-up"] and int(dogma[0]["evidenceItems"]) >= 1


def test_quotes_by_respondent_role_per_paradox(bundle_store, kg):
    rows = ask(bundle_store, "quotes-by-role-per-paradox")
    assert {r["paradoxLabel"] for r in rows} <= {"performing paradox", "organising paradox", "learning paradox",
                                                 "belonging paradox"}
    learning = kg.values("""SELECT ?q WHERE { ?q a lpskg:Quote ; lpskg:speakerRole/rdfs:label "LPS manager"@en .
        { ?q lpskg:illustrates <https://w3id.org/lpskg/resource/paradox/learning> }
        UNION { ?q lpskg:illustrates/lpskg:inParadox <https://w3id.org/lpskg/resource/paradox/learning> }
        UNION { ?q lpskg:illustrates/lpskg:drivenByImbalanceOf <https://w3id.org/lpskg/resource/paradox/learning> } }""",
                         "q")
    found = {(r["paradoxLabel"], r["roleLabel"]): int(r["quotes"]) for r in rows}
    assert found[("learning paradox", "LPS manager")] == len(learning) > 0
    quotes = kg.values("SELECT ?q WHERE { ?q a lpskg:Quote ; lpskg:speakerRole ?r }", "q")
    assert max(found.values()) <= len(quotes)


def test_the_literature_by_year_and_by_paradox(bundle_store, kg):
    rows = ask(bundle_store, "literature-by-year-and-paradox")
    totals = {r["year"]: int(r["works"]) for r in rows if "paradox" not in r}
    by_year = Counter(r["y"] for r in kg.select(
        "SELECT ?w ?y WHERE { ?w a <http://purl.org/ontology/bibo/Document> ; fabio:hasPublicationYear ?y }"))
    assert totals == dict(by_year)
    # March (1991) is cited for exploitation vs. exploration, a tension of the learning paradox (Section 2.2)
    assert ("1991", "learning paradox") in {(r["year"], r.get("paradoxLabel")) for r in rows}
    assert all(int(r["works"]) <= totals[r["year"]] for r in rows)


def test_the_cases_most_similar_to_a_case(case_store):
    rows = ask(case_store, "similar-cases", case="case:scania")
    assert [r["otherLabel"] for r in rows] == ["Volvo CE case", "Example Pumps AS case (fictional)"]
    kg = KnowledgeGraph(case_store)
    links = "lpskg:showsTension|lpskg:showsArchetype|lpskg:appliesStrategy|lpskg:usesTechnology|lpskg:hasPractice"

    def shown(case: str) -> set[str]:
        return kg.values(f"SELECT ?x WHERE {{ <https://w3id.org/lpskg/resource/case/{case}> {links} ?x }}", "x")
    scania, volvo = shown("scania"), shown("volvo-ce")
    assert int(rows[0]["shared"]) == len(scania & volvo)
    assert int(rows[0]["similarity"]) == round(100 * len(scania & volvo) / len(scania | volvo))
    assert int(rows[0]["either"]) == len(scania | volvo)


def test_a_case_fingerprint_is_what_its_evidence_illustrates_and_what_it_is_linked_to(bundle_store, kg):
    rows = ask(bundle_store, "case-fingerprint", case="case:volvo-ce")
    volvo = "<https://w3id.org/lpskg/resource/case/volvo-ce>"
    links = "lpskg:showsTension|lpskg:showsArchetype|lpskg:appliesStrategy|lpskg:usesTechnology|lpskg:hasPractice" \
            "|lpskg:involvesStakeholder"
    linked = {_short(x) for x in kg.values(f"SELECT ?x WHERE {{ {volvo} {links} ?x }}", "x")}
    illustrated = {_short(x) for x in kg.values(
        f"SELECT ?x WHERE {{ ?e lpskg:fromCase {volvo} ; lpskg:illustrates ?x . ?x a lpskg:Concept }}", "x")}
    assert {r["concept"] for r in rows} == linked | illustrated
    assert {r["concept"] for r in rows if int(r["caseLinks"]) > 0} == linked
    assert {r["concept"] for r in rows if int(r["evidenceItems"]) > 0} == illustrated
    dogma = next(r for r in rows if r["concept"] == "archetype:dogma")
    assert int(dogma["evidenceItems"]) >= 1 and dogma["kindLabel"] == "imbalance archetype"
