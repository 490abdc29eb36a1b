"""The rest of the framework as structure (issue 22), each gap answered by a named query on the real graph.

Every expectation here is written out from the paper's text (seed 001), with
the section it comes from: the forces of drift, pre-emptive balancing's two
moves, what unintended consequences call for, what each archetype leads to and
the chain from its knock-on imbalance, the performing regimes, Pacing's paces,
the competence gap, Figure 3 as stated and as reconstructed, the loop back to
acceptance, stagnation and fragmentation, the temporality of equilibrium, the
claims' order, levels and links, the evidence behind each link per company,
hedges, statements about a kind as a whole, and agreement with earlier work.
"""
from __future__ import annotations

import re
from functools import lru_cache

from lpskg.knowledge.coverage import normalise, sentences

from support.results import ask, project
from support.stores import SEEDS as SEED_DIR

PAPER_FILE = "001_e8e679868b79b67c.txt"
STATED = {"statedOnly": "true"}


@lru_cache(maxsize=1)
def paper() -> str:
    return normalise((SEED_DIR / PAPER_FILE).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def paper_sentences() -> list[str]:
    """Every sentence of the paper's numbered sections."""
    text = (SEED_DIR / PAPER_FILE).read_text(encoding="utf-8")
    return [s.text for s in sentences(text, sections=("1", "2", "3", "4", "5", "6"))]


def sentence_of(excerpt: str) -> str | None:
    """The sentence of the paper that holds ``excerpt``."""
    excerpt = normalise(excerpt)
    return next((s for s in paper_sentences() if excerpt in s), None)


def listed(text: str | None) -> str:
    return ", ".join(sorted(text.split(", "))) if text else ""


# --------------------------------------------------------------------------- forces of drift (2.2, 4.3, 5)

W_AND_L = "Weiser and Laamanen (2022)"


def test_the_forces_of_drift_where_they_come_from_and_what_they_drive(bundle_store):
    rows = ask(bundle_store, "drift-forces")
    assert {(r["forceLabel"], r.get("proposedByLabel"), r.get("agreesWithLabel"), r.get("fromPhaseLabel"),
             r.get("toPhaseLabel"), r.get("modalityLabel")) for r in rows} == {
        # 2.2, quoting Weiser and Laamanen (2022, p. 8): "continually pulled out of equilibrium by
        # organisational and human tendencies to drift, as well as by the unintended consequences of interactions"
        ("organisational tendencies to drift", W_AND_L, None, "dynamic equilibrium", "internal drift", None),
        ("human tendencies to drift", W_AND_L, None, "dynamic equilibrium", "internal drift", None),
        ("unintended consequences of interactions between actors", W_AND_L, None, "dynamic equilibrium",
         "internal drift", None),
        # 4.3: "the organisational and human forces amplifying tensions and imbalances of organisational paradoxes"
        ("organisational tendencies to drift", W_AND_L, None, "internal drift", "imbalance", None),
        ("human tendencies to drift", W_AND_L, None, "internal drift", "imbalance", None),
        # 1 and 5: "a resolution strategy adopted to manage one tension, might unintentionally generate new tensions"
        ("unintended consequences of resolution strategies", None, "Poole and Van de Ven (1989)",
         "pre-emptive balancing", "internal drift", "possibility"),
    }
    assert all(r["status"] == "stated" and all(normalise(e) in paper() for e in r["excerpts"].split(" | "))
               for r in rows)
    stated = ask(bundle_store, "drift-forces", **STATED)
    assert [{k: v for k, v in r.items() if k != "statedOnly"} for r in stated] == \
        [{k: v for k, v in r.items() if k != "statedOnly"} for r in rows]


# --------------------------------------------------------------------------- pre-emptive balancing (2.2)

def test_pre_emptive_balancing_splits_by_separation_and_integrates_by_contextualisation_no_more(bundle_store):
    rows = ask(bundle_store, "balancing-moves")
    assert {(r["strategyLabel"], r.get("moveLabel")) for r in rows} == {
        # 2.2: "the strategies used by management for splitting (i.e. separation strategy) and integrating
        # (contextualising strategy) the poles of the paradox"
        ("structural separation", "splitting"), ("contextualisation", "integrating"),
        # no sentence gives synthesis or the forms of separation a move
        ("synthesis", None), ("spatial separation", None), ("temporal separation", None)}
    assert {r["proposedByLabel"] for r in rows if "moveLabel" in r} == {W_AND_L}
    assert {r["excerpt"] for r in rows if "moveLabel" in r} == {
        "which are the strategies used by management for splitting (i.e. separation strategy) and integrating "
        "(contextualising strategy) the poles of the paradox."}


# --------------------------------------------------------------------------- unintended consequences (4.1.4, 5)

def test_what_each_unintended_consequence_calls_for(bundle_store):
    rows = ask(bundle_store, "consequence-answers")
    separation = "consequence:structural-separation-triggers-belonging-drift"
    dual = "consequence:dual-affiliation-lays-groundwork-for-belonging-paradox"
    assert {(r["consequence"], r["answerKind"], r["answerLabel"], r["status"]) for r in rows} == {
        # 5: "calls for either re-contextualising actions to counteract the drift or the adopting of new resolution
        # strategies, e.g. synthesis (Dieste ef al, 2022) by organising cross-functional work"
        (separation, "kind of response", "re-contextualising", "stated"),
        (separation, "kind of response", "pre-emptive balancing", "stated"),
        (separation, "strategy", "synthesis", "stated"),
        (separation, "practice", "cross-functional work", "stated"),
        (separation, "strategy", "Patching", "interpretation"),
        # 4.1.4: "A critical issue for acceptance of the paradox then is to acquire a sense of ownership and
        # relatedness ... by building trustful relationships across the organisation."
        (dual, "kind of response", "acceptance", "stated"),
        (dual, "practice", "building trustful relationships across the organisation", "stated"),
    }
    assert len(ask(bundle_store, "consequence-answers", **STATED)) == len(rows) - 1


# --------------------------------------------------------------------------- what each archetype leads to (4.2)

def test_what_each_archetype_leads_to_with_the_papers_hedge(bundle_store):
    rows = ask(bundle_store, "archetype-outcomes")
    assert {(r["archetypeLabel"], r["outcomeLabel"], r["effect"], r.get("modalityLabel")) for r in rows} == {
        # "One of the most pressing issues ... that constrain the integration of digital technologies in LPS"
        ("Myopia", "integration of digital technologies in the LPS constrained", "constrains", None),
        # "it could eventually constrain production innovation"
        ("Myopia", "production innovation constrained", "constrains", "possibility"),
        # "restricts the production organisation's ability to absorb and utilise the principles of LP to improve"
        ("Technical Monuments", "production's ability to improve with LP principles restricted", "restricts", None),
        # "gradually turns it into a technical monument that suppress LPS- development"
        ("Technical Monuments", "LPS-development suppressed", "suppresses", None),
        # "it suppresses the exploration of future orientations"; "there is also a risk of missing out opportunities"
        ("Dogma", "exploration of future orientations suppressed", "suppresses", None),
        ("Dogma", "opportunities for exploration and disruptive change missed", "impairs", "risk"),
        # "The competence gap might then ... impacts upon managers' opportunities or abilities to make decisions"
        ("Detached", "decisions on new strategic initiatives impaired", "impairs", "possibility"),
    }
    assert all(normalise(r["excerpt"]) in paper() for r in rows)
    assert {r["outcomeLabel"] for r in ask(bundle_store, "archetype-outcomes", archetype="archetype:dogma")} == {
        "exploration of future orientations suppressed", "opportunities for exploration and disruptive change missed"}


def test_each_knock_on_imbalance_and_the_chains_no_sentence_states(bundle_store):
    rows = {r["archetypeLabel"]: r for r in ask(bundle_store, "archetype-chains")}
    assert {a: (r["paradoxLabel"], r.get("modalityLabel"), r.get("tensionLabel"), r.get("tensionStatus"),
                r.get("towardsLabel"), r.get("towardsStatus"), r.get("awayFromLabel"), r.get("viaLabel"))
            for a, r in rows.items()} == {
        # 4.2: "A potential consequence ... triggers an imbalance of the organising paradox because it affects the
        # resource prioritisation between current operations and the future needs"; the direction is the reading
        "Myopia": ("organising paradox", "potentiality",
                   "resource prioritisation between current operations vs. future SP needs", "stated",
                   "current operations", "interpretation", "future SP needs", None),
        # 4.2: "which as a consequence also triggers an imbalance of the belonging paradox as responsibilities
        # changes ...; shifting responsibility ... further away from the value adding process"
        "Technical Monuments": ("belonging paradox", None, "integration vs. autonomy", "interpretation",
                                None, None, None, "maintenance far from the value-adding process"),
        # 4.2: "triggers an imbalance of the learning paradox because it suppresses the exploration of future
        # orientations"; "overly focussing on the exploitation of current production"
        "Dogma": ("learning paradox", None, "exploitation vs. exploration", "stated", "exploitation", "stated",
                  "exploration", None),
        # 4.2: "The competence gap might then have spin-off effects because it triggers an imbalance of the
        # performing paradox"
        "Detached": ("performing paradox", "possibility", "current goals vs. future goals", "interpretation",
                     None, None, None, "competence gap"),
    }
    chains = {(a, r.get("nextArchetypeLabel"), r.get("chainStatus")) for a, r in rows.items()}
    assert chains == {("Myopia", "Technical Monuments", "interpretation"), ("Technical Monuments", None, None),
                      ("Dogma", "Detached", "interpretation"), ("Detached", "Myopia", "interpretation")}
    assert all(r["chainRationale"].startswith("No sentence says") for r in rows.values() if "chainRationale" in r)
    stated = {r["archetypeLabel"]: r for r in ask(bundle_store, "archetype-chains", **STATED)}
    assert {a: (r.get("tensionLabel"), r.get("towardsLabel"), r.get("nextArchetypeLabel"))
            for a, r in stated.items()} == {
        "Myopia": ("resource prioritisation between current operations vs. future SP needs", None, None),
        "Technical Monuments": (None, None, None),
        "Dogma": ("exploitation vs. exploration", "exploitation", None),
        "Detached": (None, None, None)}


# --------------------------------------------------------------------------- performing regimes (4.1.1)

def test_the_four_performing_regimes(bundle_store):
    rows = ask(bundle_store, "performing-regimes")
    assert project(rows, "number", "ofLabel", "favoursLabel", "tensionLabel", "modalityLabel") == [
        # "the production units ... operate under one performing regime with a strong emphasis on optimising
        # day-to-day production of goods"
        ("1", "production", "current goals", "current goals vs. future goals", None),
        # "This potential disparity between senior management and the other stakeholders establishes a second
        # performing regime."
        ("2", "senior management", None, "current goals vs. future goals", "potentiality"),
        # "two distinct performing regimes ... SP-teams are focussed on exploring new technologies and capabilities,
        # which contrast with the incremental improvement approach ... favoured by the LPS"
        ("3", "lean-based production system", "incremental improvement of already established production technologies",
         "competing but potentially synergetic approaches to LPS-development", None),
        ("4", "SP-team", "exploring new technologies and capabilities",
         "competing but potentially synergetic approaches to LPS-development", None),
    ]


# --------------------------------------------------------------------------- Pacing's paces (4.3, 4.2)

def test_pacings_paces_and_the_pace_of_learning(bundle_store):
    rows = ask(bundle_store, "paces")
    assert {(r["paceLabel"], r.get("stakeholderLabel"), r.get("stakeholderStatus"), r.get("horizonLabel"),
             r.get("horizonStatus"), r.get("synchronisedByLabel")) for r in rows} == {
        # 4.3: "The different pace of changes and new initiatives initiated by the SP-team (long-term), continuous
        # improvements in production (short-term) and the pace of day-to-day production also leads to tensions"
        ("pace of the SP-team's changes and new initiatives", "SP-team", "stated", "long term", "stated", "Pacing"),
        ("pace of continuous improvements", "production", "stated", "short term", "stated", "Pacing"),
        ("pace of continuous improvements", "LPS-team", "interpretation", "short term", "stated", "Pacing"),
        ("pace of day-to-day production", "production", "stated", "short term", "interpretation", "Pacing"),
        # 4.2: "senior management is perceived to not share the same pace of learning as the other stakeholders
        # of the LPS-team, SP-team and production"
        ("pace of learning", "LPS-team", "stated", None, None, None),
        ("pace of learning", "SP-team", "stated", None, None, None),
        ("pace of learning", "production", "stated", None, None, None),
    }
    stated = ask(bundle_store, "paces", **STATED)
    assert not {r.get("stakeholderStatus") for r in stated} - {"stated", None}
    assert {r["paceLabel"]: r.get("horizonLabel") for r in stated}["pace of day-to-day production"] is None


# --------------------------------------------------------------------------- the competence gap (4.1.3, 4.2, 4.3)

def test_the_competence_gap_drives_and_is_generated_by_archetypes_and_what_closes_it(bundle_store):
    rows = ask(bundle_store, "imbalance-drivers")
    assert {(r["relation"], r["targetLabel"], r["status"]) for r in rows} == {
        # 4.2: "because of competence gaps, restricts the production organisation's ability to absorb"
        ("drives", "Technical Monuments", "stated"),
        # 4.2: "Detached is partly a consequence of not embracing the learning paradox ... thus generating a
        # competence gap"
        ("generated by", "Detached", "stated"),
        ("drives", "Myopia", "interpretation"),
        # 4.1.3: "To avoid competence gaps there are several initiatives to support continuous learning and
        # competence development"; 4.3: "To avoid competence gaps ... empowering through continuous learning"
        ("closed by", "continuous learning and competence development", "stated"),
        ("closed by", "Empowering", "stated"),
    }
    assert {r["driverLabel"] for r in rows} == {"competence gap"}
    assert len(ask(bundle_store, "imbalance-drivers", **STATED)) == len(rows) - 1


# --------------------------------------------------------------------------- Figure 3, the loop back to acceptance

def test_figure_3_as_the_paper_states_it_and_as_the_curator_reconstructs_it(bundle_store, kg):
    rows = ask(bundle_store, "figure-3-reconstruction")
    phases = {r["itemLabel"]: (r.get("step"), r.get("depictionStatus")) for r in rows if r["kind"] == "phase"}
    assert phases == {
        # 2.2: "The first step of managing or resolving paradoxes is ... accepting"; 4.1: "first ... accepted and
        # embraced and then secondly be pre-emptively balanced"; 5: "the interplay between acceptance of paradoxes,
        # pre-emptive balancing and re-contextualising as rebalancing mechanisms (Figure 3)"
        "acceptance": ("1", "stated"), "pre-emptive balancing": ("2", "stated"),
        "re-contextualising": (None, "stated"),
        # states the text places elsewhere (Figure 2) or nowhere: drawn in Figure 3 by the reconstruction
        "internal drift": (None, "interpretation"), "imbalance": (None, "interpretation"),
        "dynamic equilibrium": (None, "interpretation")}
    moves = [r for r in rows if r["kind"] == "move between phases"]
    assert len(moves) == 10 and {r["depictionStatus"] for r in moves} == {"interpretation"}
    # a worst-case outcome is an outcome, not a phase
    assert "vicious cycle" not in phases
    assert kg.select("SELECT * WHERE { { phase:vicious-cycle ?p ?o } UNION { ?s ?p phase:vicious-cycle } }") == []
    assert kg.values("SELECT ?c WHERE { outcome:vicious-cycles a ?c }", "c") >= {"https://w3id.org/lpskg/ontology#Outcome"}


def test_re_contextualising_leads_back_to_acceptance(bundle_store):
    back = [r for r in ask(bundle_store, "process-model", phase="phase:re-contextualising")
            if r.get("nextPhaseLabel") == "acceptance"]
    # 4.3: "Based on the data of what contributes to acceptance and embracement of the identified paradoxes ...
    # four types of re-contextualising actions and strategies are identified"
    assert [r["excerpt"] for r in back] == [
        "Based on the data of what contributes to acceptance and embracement of the identified paradoxes and other "
        "resolution measures taken in the companies to restore balance"]
    members = ask(bundle_store, "class-level-statements")
    assert ("re-contextualising actions", "kind acts as", "rebalancing") in {
        (r["kindLabel"], r["propertyLabel"], r["objectLabel"]) for r in members}


# --------------------------------------------------------------------------- outcomes, equilibrium

def test_failing_to_manage_paradoxes_leads_to_stagnation_or_fragmentation_and_drift_at_worst_to_vicious_cycles(
        bundle_store):
    rows = ask(bundle_store, "outcomes")
    by_outcome = {}
    for r in rows:
        by_outcome.setdefault(r["outcomeLabel"], set()).add((r["sourceLabel"], r["relation"], r.get("modalityLabel")))
    # 2.2: "failing to manage paradoxes can lead to either stagnation or fragmentation"
    assert by_outcome["stagnation"] == by_outcome["fragmentation"] == {
        ("organisational paradoxes", "leads to, when not managed", "possibility")}
    # 4.2: "forces are constantly pushing the organisations towards imbalances and in the worst case they tilt the
    # organisation and generates vicious cycles"; "four different imbalance archetypes where the risk of
    # organisational tilt is high"
    assert by_outcome["organisational tilt and vicious cycles"] == {
        ("forces of internal drift", "leads to, as a kind", "worst case"),
        ("the four imbalance archetypes", "leads to, as a kind", "risk")}
    assert {r["effect"] for r in ask(bundle_store, "outcomes", outcome="outcome:stagnation")} == {"leads into"}


def test_the_temporality_of_equilibrium(bundle_store):
    rows = ask(bundle_store, "equilibrium-temporality")
    aspects = {(r["aspect"], r["whatLabel"], listed(r.get("forParadoxes")), listed(r.get("after"))) for r in rows}
    four = "belonging paradox, learning paradox, organising paradox, performing paradox"
    after = "Dooley and Van de Ven (1999), Poole and Van de Ven (1989)"
    assert aspects == {
        # 5: "we also highlight the sensitiveness and temporality (Poole and Van de Ven, 1989; Dooley and Van de
        # Ven, 1999) of the state of equilibrium for all four paradoxes"
        ("characteristic", "sensitiveness of equilibrium", four, after),
        ("characteristic", "temporality of equilibrium", four, after),
        # 2.2: "continually pulled out of equilibrium"
        ("pulled out of equilibrium by", "organisational tendencies to drift", "", W_AND_L),
        ("pulled out of equilibrium by", "human tendencies to drift", "", W_AND_L),
        ("pulled out of equilibrium by", "unintended consequences of interactions between actors", "", W_AND_L),
        # 2.2: strategies "create or maintain the dynamic equilibrium"; 5: "not possibly to maintain without the
        # micro-shifts of re-contextualising"
        ("created or maintained through", "pre-emptive balancing", "", ""),
        ("created or maintained through", "re-contextualising", "", ""),
    }


# --------------------------------------------------------------------------- claims (1, 5, 6)

def test_the_claims_in_the_order_the_paper_gives_them(bundle_store, kg):
    rows = ask(bundle_store, "claims-in-order")
    assert [int(r["position"]) for r in rows] == list(range(1, len(rows) + 1))
    # the position is the order of each claim's first sentence in the text
    first = kg.select("""SELECT ?claim ?excerpt WHERE { ?claim lpskg:claimPosition ?p ; lpskg:statedIn/lpskg:excerpt ?excerpt }""")
    offsets: dict[str, int] = {}
    for r in first:
        offset = paper().find(normalise(r["excerpt"]))
        assert offset >= 0
        offsets[r["claim"]] = min(offset, offsets.get(r["claim"], offset))
    ordered = [f"https://w3id.org/lpskg/resource/{r['claim'].replace(':', '/')}" for r in rows]
    assert ordered == sorted(ordered, key=offsets.__getitem__)
    # 6: "our main contributions ... are three folded. First, ... Second, ... Third, ..."
    assert [r["claimLabel"] for r in sorted((r for r in rows if "listPosition" in r), key=lambda r: r["listPosition"])] == [
        "contribution: why integration sometimes fails",
        "contribution: re-contextualising actions as a key to rebalancing",
        "contribution: the usefulness of paradox theory for OM"]
    claims = {r["claimLabel"]: r for r in rows}
    # 5: "only highlights few contradictions ... on a conceptual level"; "contradictions appear on a more detailed
    # practical implementation level"; "It is on this microfoundations level the paradoxical tensions need to be
    # understood and managed"
    assert claims["finding: few contradictions on the conceptual level"]["levels"] == "conceptual level"
    assert claims["finding: contradictions appear on the practical implementation level"]["levels"] == \
        "practical implementation level"
    # 6: the two companies "are well established in the LP-paradigm" ... "To further elaborate and test the
    # suggested paradoxes, tendencies to drift and management strategies for rebalancing and transforming"
    flip = claims["future research: flip the perspective to SP-first companies"]
    assert flip["motivatedBy"] == "limitation: two companies established in LP"
    assert listed(flip["wouldTest"]) == "internal drift, organisational paradoxes, rebalancing, transforming"
    assert claims["future research: the paradox perspective in SMEs"]["motivatedBy"] == "specialist functions"
    # 5: "further adds to understanding of this complexity" (Dieste et al., 2022); "contributes with empirical
    # evidence to the conceptual model of the dissipative equilibrium"
    assert claims["contribution: pulling-apart forces and four re-contextualising actions"]["addsTo"] == \
        "Dieste et al. (2022)"
    assert claims["contribution: the interplay of acceptance, pre-emptive balancing and re-contextualising"][
        "givesEvidenceTo"] == "dissipative equilibrium model"
    # 1: "the findings suggest that maintaining dynamic equilibrium requires new strategies like synthesis"
    assert claims["finding: maintaining equilibrium requires new strategies like synthesis and re-contextualising"][
        "modalityLabel"] == "appearance"
    assert claims["finding: four imbalance archetypes with a high risk of organisational tilt"]["kindLabel"] == \
        "key finding"


def test_no_claim_carries_another_claims_sentence(kg):
    """The Section 1 sentence on new strategies and the Section 6 second contribution are claims of their own."""
    rows = kg.select("""SELECT ?claim ?passage WHERE { ?claim a lpskg:Claim ; lpskg:statedIn ?passage }""")
    owners: dict[str, set[str]] = {}
    for r in rows:
        owners.setdefault(r["passage"].rsplit("/", 1)[1], set()).add(r["claim"].rsplit("/", 1)[1])
    assert owners["001-1-synthesis-dieste"] == {"equilibrium-requires-new-strategies"}
    assert owners["001-6-key-rebalancing"] == {"re-contextualising-key-to-rebalancing"}
    assert owners["001-abstract-om"] == {"adds-perspective-to-om-research"}
    # one Section 1 sentence makes two findings: complementary effects, and contradictions in implementation
    assert owners["001-1-confirms-buer"] == {"complementary-effects-of-lp-and-digital-technologies",
                                             "contradictions-on-the-practical-implementation-level"}


# --------------------------------------------------------------------------- evidence per link and company

def test_which_links_rest_on_one_quote_from_one_company(bundle_store):
    rows = ask(bundle_store, "link-evidence")
    links = {(r["subjectLabel"], r["propertyLabel"], r["objectLabel"]): (r["quotes"], r["observations"],
                                                                        r["companies"], r.get("fromCases"))
             for r in rows}
    # 4.2: "The competence gap might then have spin-off effects ..." followed by one quote (LPS manager, Scania)
    assert links[("Detached", "triggers imbalance of", "performing paradox")] == ("1", "0", "1", "Scania case")
    # 4.2: "senior management is perceived to not share the same pace of learning" followed by the SP-team's
    # quote from Volvo CE
    assert links[("Detached", "sits with", "senior management")] == ("1", "0", "1", "Volvo CE case")
    # Technical Monuments imposed on production: the operations quote and the respondent's phrase, both Scania
    assert links[("competence gap", "drives archetype", "Technical Monuments")] == ("1", "1", "1", "Scania case")
    # Empowering's counters rest on the researchers' account alone
    assert links[("Empowering", "counteracts", "Dogma")] == ("0", "0", "0", None)
    single = {k for k, v in links.items() if v[:3] == ("1", "0", "1")}
    assert {("Detached", "triggers imbalance of", "performing paradox"),
            ("Detached", "sits with", "senior management")} <= single
    at_most_one = ask(bundle_store, "link-evidence", atMost="1")
    assert {(r["subjectLabel"], r["propertyLabel"], r["objectLabel"]) for r in at_most_one} == {
        k for k, v in links.items() if int(v[0]) + int(v[1]) <= 1}


# --------------------------------------------------------------------------- hedges

#: Stating sentences with a hedging word that does not qualify the link they state: (word, fragment) -> why.
NOT_A_HEDGE_OF_THE_LINK = {
    ("risk", "the risk of organisational tilt is high"): "qualifies the tilt, an outcome stated of the kind",
    ("risk", "and the risk of drift from the learning paradox"): "Empowering avoids the risk; the counter is stated",
    ("risk", "there is also a risk of missing out"): "qualifies the missed opportunities, an outcome with its hedge",
    ("can", "LPS-coaches can sometimes be focussed"): "a frequency ('sometimes'), not the certainty of the link",
    ("can", "Patching can then be described as"): "the paper's naming of Patching, not a possibility",
    ("can", "two distinct performing regimes can be identified"): "the paper's identification, not a possibility",
    ("can", "how they can be integrated to address the tension"): "inside Dieste et al.'s quoted clause",
    ("can", "which can then be used to re- contextualise"): "the link is stated unhedged in the next sentence",
    ("potentially", "competing but potentially synergetic approaches"): "qualifies the approaches, not the link",
    ("potential", "demonstrating the potential of the digital technology"): "a noun: the technology's potential",
    ("potential", "problems and potential digital technology solutions"): "the Lean trap's content, not the link",
    ("might", "this might limit the view of"): "the Lean trap's content, not the link",
    ("suggest", "and the findings suggest that maintaining"): "qualifies the second clause, a claim with its hedge",
    ("suggested", "To further elaborate and test the suggested paradoxes"): "the paradoxes the study suggests",
    ("suggesting", "by suggesting four paradox resolution strategies"): "held by lpskg:suggestedBy itself",
    ("possibly", "is not possibly to maintain without"): "a negation ('not possible'), not a hedge",
    ("might", "If top management are not involved they might miss"): "a respondent's words on a consequence",
    ("could", "it could eventually constrain production innovation"): "qualifies the outcome, stated with its hedge",
}
HEDGE = re.compile(r"\b(might|may|could|can|potential|potentially|tends? to|typically|suggest\w*|appears?|seems?|"
                   r"risk|possibly|possibilities|worst)\b")


def test_every_hedged_statement_keeps_its_hedge(bundle_store, kg):
    rows = ask(bundle_store, "hedged-statements")
    assert {(r["subjectLabel"], r.get("propertyLabel"), r.get("objectLabel"), r["modalityLabel"]) for r in rows
            if r["kind"] == "link"} >= {
        ("Myopia", "triggers imbalance of", "organising paradox", "potentiality"),     # "A potential consequence"
        ("Detached", "triggers imbalance of", "performing paradox", "possibility"),    # "might then have"
        ("Pacing", "addresses tension", "pull based on needs vs. push based on opportunities", "possibility"),  # "may"
        ("Leveraging", "addresses paradox", "learning paradox", "appearance"),         # "appears to be"
        ("Dogma", "driven by imbalance of", "learning paradox", "risk"),              # "the risk of drift"
        ("push based on opportunities", "pole horizon", "long term", "tendency"),     # "typically requires"
        ("Pacing", "counteracts", "Myopia", "worst case"),                            # "at worst results in"
    }
    # every cue is the paper's own words, in a sentence that states the link
    excerpts = kg.select("""SELECT ?statement ?cue ?excerpt WHERE {
        ?statement lpskg:hedgeCue ?cue ; lpskg:statedIn/lpskg:excerpt ?excerpt }""")
    found = {r["statement"] for r in excerpts if r["cue"] in (sentence_of(r["excerpt"]) or "")}
    assert found == {r["statement"] for r in excerpts} and len(found) == len(rows)


def test_no_stated_link_drops_a_hedge_of_its_sentence(kg):
    rows = kg.select("""SELECT ?link ?excerpt ?modality WHERE {
        ?link a lpskg:StatedLink ; lpskg:statedIn/lpskg:excerpt ?excerpt . OPTIONAL { ?link lpskg:modality ?modality } }""")
    unhedged: dict[str, list[str]] = {}
    hedged = {r["link"] for r in rows if "modality" in r}
    for r in rows:
        sentence = sentence_of(r["excerpt"])
        if sentence is None or r["link"] in hedged:   # Figure 2's text is no sentence
            continue
        for word in HEDGE.findall(sentence):
            if not any(w == word and fragment in sentence for w, fragment in NOT_A_HEDGE_OF_THE_LINK):
                unhedged.setdefault(r["link"], []).append(word)
    assert unhedged == {}


# --------------------------------------------------------------------------- a kind as a whole, and its members

def test_what_is_said_of_a_kind_is_not_said_of_each_member(bundle_store):
    rows = ask(bundle_store, "class-level-statements")
    rebalancing = {r["memberLabel"]: r["memberStatus"] for r in rows
                   if r["kindLabel"] == "re-contextualising actions" and r["objectLabel"] == "rebalancing"
                   and "memberLabel" in r}
    # 4.3: re-contextualising "seeks to rebalance and conjoin the different poles of a paradox" (the kind);
    # Empowering "to rebalance the organising paradox of pull vs. push" and "Patching ... a rebalancing strategy"
    # are named; Leveraging and Pacing rebalance only by the curator applying the kind's statement to them
    assert rebalancing == {"Empowering": "stated", "Patching": "stated", "Leveraging": "interpretation",
                           "Pacing": "interpretation"}
    kinds = {(r["kindLabel"], r["propertyLabel"], r["objectLabel"]) for r in rows}
    assert {("re-contextualising actions", "kind copes with", "internal drift"),        # 4.3, 5
            ("re-contextualising actions", "kind enables", "paradoxical thinking"),     # 5
            ("re-contextualising actions", "kind enables", "ambidextrous capabilities"),
            ("organisational paradoxes", "leads, when not managed, to", "stagnation")} <= kinds
    stated = ask(bundle_store, "class-level-statements", **STATED)
    assert {r.get("memberStatus") for r in stated} <= {"stated", None}


# --------------------------------------------------------------------------- citations

def test_agreement_confirmation_and_the_direction_of_evidence(bundle_store, kg):
    rows = ask(bundle_store, "citation-agreements", work="work:weiser-laamanen-2022")
    assert {(r["functionLabel"], r["locator"], r["excerpt"].split(",")[0].split(" our")[0]) for r in rows} == {
        ("agrees with", "Section 1 Introduction", "Consistent with the dissipative equilibrium model (Weiser and Laamanen"),
        ("agrees with", "Section 5 Discussion and implications", "In full accordance with the theoretical assumption "
                                                                  "made in the dissipative equilibrium model (Weiser and Laamanen"),
        ("agrees with", "Section 5 Discussion and implications", "Well in line with Smith and Lewis (2011) and "
                                                                  "Weiser and Laamanen (2022"),
        # 5: "contributes with empirical evidence to the conceptual model of the dissipative equilibrium": the
        # paper supports the model; it does not cite Weiser and Laamanen as evidence
        ("supports", "Section 5 Discussion and implications", "as such contributes with empirical evidence to the "
                                                              "conceptual model of the dissipative equilibrium proposed by Weiser and Laamanen (2022)."),
    }
    assert kg.select("SELECT * WHERE { ?c cito:hasCitedEntity work:weiser-laamanen-2022 ; "
                     "cito:hasCitationCharacterization cito:citesAsEvidence }") == []
    assert kg.select("SELECT * WHERE { work:this-paper cito:citesAsEvidence|cito:usesMethodIn work:weiser-laamanen-2022 }") == []
    # 3.3: "we applied concepts from the analytical framework (Weiser and Laamanen, 2022)": a concept, not the
    # thematic analysis of Miles et al. (2018)
    analysis = kg.select("""SELECT ?function ?for WHERE { citation:weiser-laamanen-2022--3.3-framework
        cito:hasCitationCharacterization ?function ; lpskg:citedFor ?for }""")
    assert analysis == [{"function": "http://purl.org/spar/cito/usesConceptFrom",
                         "for": "https://w3id.org/lpskg/resource/concept/dissipative-equilibrium-model"}]


def test_suggested_by_is_not_proposed_by(kg):
    # 5: "Dieste et al (2022) added the perspective ... by suggesting four paradox resolution strategies"
    assert kg.select("SELECT ?c WHERE { ?c lpskg:proposedBy work:dieste-2022 }") == []
    assert kg.values("SELECT ?l WHERE { ?c lpskg:suggestedBy work:dieste-2022 ; rdfs:label ?l }", "l") == {
        "contextualisation", "spatial separation", "temporal separation", "synthesis"}
