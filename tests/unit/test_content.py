"""The graph answers the paper's questions as the paper does.

Each test asks the graph one question the source texts answer and compares the
answer with the expected set written out here from the text (seed 001 for the
paper, seed 000 for the research project).  Answers are restricted to what is
stated in the paper (``lpskg:statedIn`` a passage of document 001), so that
statements of other sources, such as submitted cases, do not change them.
"""
from __future__ import annotations

from collections import defaultdict

PREFIXES = """
PREFIX lpskg: <https://w3id.org/lpskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX cito: <http://purl.org/spar/cito/>
PREFIX fabio: <http://purl.org/spar/fabio/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX archetype: <https://w3id.org/lpskg/resource/archetype/>
PREFIX organisation: <https://w3id.org/lpskg/resource/organisation/>
PREFIX strategy: <https://w3id.org/lpskg/resource/strategy/>
PREFIX study: <https://w3id.org/lpskg/resource/study/>
PREFIX work: <https://w3id.org/lpskg/resource/work/>
"""
PAPER_DOC = "<https://w3id.org/lpskg/resource/document/001-e8e679868b79b67c>"
PROJECT_DOC = "<https://w3id.org/lpskg/resource/document/000-765a35687f3ee539>"


def in_paper(var: str) -> str:
    """A filter keeping the resources the paper states."""
    return f"FILTER EXISTS {{ ?{var} lpskg:statedIn/lpskg:inDocument {PAPER_DOC} }}"


def stated(subject: str, prop: str, obj: str) -> str:
    """A filter leaving out a link that is the curator's interpretation (data/interpretations.ttl)."""
    return (f"FILTER NOT EXISTS {{ ?interpretation a lpskg:Interpretation ; lpskg:linkSubject ?{subject} ; "
            f"lpskg:linkProperty {prop} ; lpskg:linkObject ?{obj} }}")


def grouped(rows: list[dict[str, str]], key: str, value: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        out[row[key]]
        if value in row:
            out[row[key]].add(row[value])
    return dict(out)


# ---------------------------------------------------------------------------
# Paradoxes, tensions and poles (Sections 2.2 and 4.1, Figure 1)
# ---------------------------------------------------------------------------

EMPIRICAL_TENSIONS = {
    ("performing paradox", "current goals vs. future goals"): {"current goals", "future goals"},
    ("performing paradox", "competing but potentially synergetic approaches to LPS-development"): {
        "incremental improvement of already established production technologies",
        "exploring new technologies and capabilities",
    },
    ("organising paradox", "pull based on needs vs. push based on opportunities"): {
        "pull based on needs", "push based on opportunities"},
    ("organising paradox", "using LP principles vs. implementation of new technology"): {
        "using LP principles", "implementation of new technology"},
    ("organising paradox", "resource prioritisation between current operations vs. future SP needs"): {
        "current operations", "future SP needs"},
    ("learning paradox", "exploitation vs. exploration"): {"exploitation", "exploration"},
    ("learning paradox", "specialisation vs. generalisation"): {"specialisation", "generalisation"},
    ("belonging paradox", "integration vs. autonomy"): {"integration", "autonomy"},
}  # eight: performing 2, organising 3, learning 2, belonging 1 (Figure 1); dual loyalties are no ninth
THEORETICAL_TENSIONS = {
    ("performing paradox", "financial goals vs. social goals"): {"financial goals", "social goals"},
    ("organising paradox", "centralisation vs. decentralisation"): {"centralisation", "decentralisation"},
    ("organising paradox", "standardisation vs. customisation"): {"standardisation", "customisation"},
    ("belonging paradox", "self-expression vs. group affiliation"): {"self-expression", "group affiliation"},
}
INTRODUCTION_TENSIONS = {  # examples of the introduction, in no paradox (Section 1)
    "waste minimisation and simplicity vs. digital complexity": {
        "minimising waste and keeping processes simple", "complexity and data-intensive processes"},
    "centralised digitalisation vs. decentralised improvement work": {
        "centralised digitalisation of processes", "decentralised improvement work"},
}


def test_the_four_paradoxes_after_smith_and_lewis(kg):
    rows = kg.select(PREFIXES + f"""
        SELECT DISTINCT ?label ?cited WHERE {{
            ?p a lpskg:Paradox ; rdfs:label ?label ; skos:definition ?def ;
               lpskg:proposedBy ?work .
            ?work lpskg:citedAs ?cited .
            ?citation cito:hasCitedEntity ?work ; lpskg:citedFor ?p ;
                      cito:hasCitationCharacterization cito:usesConceptFrom .
            {in_paper('p')}
        }}""")
    assert grouped(rows, "label", "cited").keys() == {
        "performing paradox", "organising paradox", "learning paradox", "belonging paradox"}
    assert all("Smith and Lewis, 2011" in works for works in grouped(rows, "label", "cited").values())


def test_tensions_of_each_paradox_with_both_poles(kg):
    rows = kg.select(PREFIXES + f"""
        SELECT DISTINCT ?paradox ?tension ?pole WHERE {{
            ?t a lpskg:Tension ; rdfs:label ?tension ;
               lpskg:inParadox/rdfs:label ?paradox ;
               lpskg:hasPole ?p .
            ?p a lpskg:Pole ; rdfs:label ?pole .
            {in_paper('t')}
        }}""")
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        found[(row["paradox"], row["tension"])].add(row["pole"])
    assert dict(found) == EMPIRICAL_TENSIONS | THEORETICAL_TENSIONS


def test_every_tension_has_two_poles_and_empirical_ones_one_paradox(kg):
    rows = kg.select(PREFIXES + f"""
        SELECT ?label ?empirical (COUNT(DISTINCT ?pole) AS ?poles) (COUNT(DISTINCT ?paradox) AS ?paradoxes) WHERE {{
            ?t a lpskg:Tension ; rdfs:label ?label .
            BIND(EXISTS {{ ?t a lpskg:EmpiricalTension }} AS ?empirical)
            OPTIONAL {{ ?t lpskg:hasPole ?pole }}
            OPTIONAL {{ ?t lpskg:inParadox ?paradox }}
            {in_paper('t')}
        }} GROUP BY ?label ?empirical""")
    assert len(rows) == 14
    assert {r["label"]: (r["empirical"], r["poles"], r["paradoxes"]) for r in rows} == {
        **{t: ("true", "2", "1") for _, t in EMPIRICAL_TENSIONS},
        **{t: ("false", "2", "1") for _, t in THEORETICAL_TENSIONS},
        **{t: ("false", "2", "0") for t in INTRODUCTION_TENSIONS},
    }


def test_theoretical_and_introductory_examples_are_illustrative_not_empirical(kg):
    rows = kg.select(PREFIXES + f"""
        SELECT DISTINCT ?tension ?pole WHERE {{
            ?t a lpskg:IllustrativeTension ; rdfs:label ?tension ; lpskg:hasPole/rdfs:label ?pole .
            FILTER NOT EXISTS {{ ?t a lpskg:EmpiricalTension }}
            FILTER NOT EXISTS {{ ?case lpskg:showsTension ?t }}
            {in_paper('t')}
        }}""")
    assert grouped(rows, "tension", "pole") == {t: poles for (_, t), poles in THEORETICAL_TENSIONS.items()} \
        | INTRODUCTION_TENSIONS


def test_cases_show_the_empirical_tensions(kg):
    rows = kg.select(PREFIXES + f"""
        SELECT DISTINCT ?case ?tension WHERE {{
            ?c a lpskg:Case ; rdfs:label ?case ; lpskg:showsTension/rdfs:label ?tension .
            {in_paper('c')}
        }}""")
    empirical = {t for _, t in EMPIRICAL_TENSIONS}
    assert grouped(rows, "case", "tension") == {"Scania case": empirical, "Volvo CE case": empirical}


# ---------------------------------------------------------------------------
# Imbalance archetypes (Section 4.2, Figure 2)
# ---------------------------------------------------------------------------

ARCHETYPES = {
    # archetype: (sits with, driven by imbalance of, triggers imbalance of, over-prioritised pole)
    "Myopia": ({"production"}, {"performing paradox"}, {"organising paradox"}, {"current goals"}),
    "Technical Monuments": ({"SP-team"}, {"organising paradox"}, {"belonging paradox"},
                            {"push based on opportunities"}),
    # 4.3: "the risk of drift from the learning paradox into Dogma or Detached"
    "Dogma": ({"LPS-team"}, {"learning paradox"}, {"learning paradox"}, {"exploitation"}),
    # the paper names no over-prioritised pole for Detached (the curator's reading is an interpretation)
    "Detached": ({"senior management"}, {"learning paradox"}, {"performing paradox"}, set()),
}


def test_archetypes_sit_with_stakeholders_and_chain_paradoxes(kg):
    found = {}
    for prop, index in (("lpskg:sitsWith", 0), ("lpskg:drivenByImbalanceOf", 1),
                        ("lpskg:triggersImbalanceOf", 2), ("lpskg:overPrioritises", 3)):
        rows = kg.select(PREFIXES + f"""
            SELECT DISTINCT ?archetype ?target WHERE {{
                ?a a lpskg:ImbalanceArchetype ; rdfs:label ?archetype .
                OPTIONAL {{ ?a {prop} ?o . ?o rdfs:label ?target {stated('a', prop, 'o')} }}
                {in_paper('a')}
            }}""")
        for archetype, targets in grouped(rows, "archetype", "target").items():
            found.setdefault(archetype, [set(), set(), set(), set()])[index] = targets
    assert {a: tuple(v) for a, v in found.items()} == ARCHETYPES


def test_dogma_resembles_the_lean_trap_of_mokudai(kg):
    rows = kg.select(PREFIXES + """
        SELECT ?concept ?work ?excerpt WHERE {
            archetype:dogma lpskg:resembles ?c .
            ?c a lpskg:TheoreticalConcept ; rdfs:label ?concept ; lpskg:proposedBy/lpskg:citedAs ?work .
            ?link a lpskg:StatedLink ; lpskg:linkSubject archetype:dogma ; lpskg:linkProperty lpskg:resembles ;
                  lpskg:linkObject ?c ; lpskg:statedIn/lpskg:excerpt ?excerpt .
        }""")
    assert [(r["concept"], r["work"]) for r in rows] == [("Lean trap", "Mokudai et al., 2021")]
    assert "The Dogma imbalance resemblances what Mokudai et al (2021) refers to" in rows[0]["excerpt"]


def test_cases_show_archetypes(kg):
    rows = kg.select(PREFIXES + f"""
        SELECT DISTINCT ?case ?archetype WHERE {{
            ?c a lpskg:Case ; rdfs:label ?case ; lpskg:showsArchetype/rdfs:label ?archetype .
            {in_paper('c')}
        }}""")
    assert grouped(rows, "case", "archetype") == {
        "Scania case": {"Myopia", "Technical Monuments", "Detached"},
        "Volvo CE case": {"Myopia", "Dogma", "Detached"},
    }


# ---------------------------------------------------------------------------
# Resolution strategies and their unintended consequences (Sections 2.2, 4.3, 5)
# ---------------------------------------------------------------------------

STRATEGIES = {
    # strategy: (kind, broader, addresses paradox, counteracts)
    "structural separation": ("PreEmptiveBalancing", set(), {"performing paradox"}, set()),
    "spatial separation": ("PreEmptiveBalancing", {"structural separation"}, set(), set()),
    "temporal separation": ("PreEmptiveBalancing", {"structural separation"}, set(), set()),
    "contextualisation": ("PreEmptiveBalancing", set(), set(), set()),
    "synthesis": ("PreEmptiveBalancing", set(), {"performing paradox", "belonging paradox"}, set()),
    "Empowering": ("ReContextualisingAction", set(), {"learning paradox", "organising paradox"},
                   {"Dogma", "Detached"}),
    "Patching": ("ReContextualisingAction", set(),
                 {"performing paradox", "organising paradox", "learning paradox", "belonging paradox"}, set()),
    # no sentence ties Pacing to a paradox as a whole; it rebalances pull vs. push (a tension)
    "Pacing": ("ReContextualisingAction", set(), set(), {"Myopia", "Technical Monuments"}),
    "Leveraging": ("ReContextualisingAction", set(), {"learning paradox"}, set()),
}


def test_strategies_kinds_hierarchy_and_targets(kg):
    kinds = kg.select(PREFIXES + f"""
        SELECT DISTINCT ?strategy ?kind WHERE {{
            VALUES ?k {{ lpskg:PreEmptiveBalancing lpskg:ReContextualisingAction }}
            ?s a ?k ; rdfs:label ?strategy .
            BIND(STRAFTER(STR(?k), "#") AS ?kind)
            {in_paper('s')}
        }}""")
    found = {r["strategy"]: [r["kind"], set(), set(), set()] for r in kinds}
    assert len(kinds) == len(found)
    for prop, index in (("skos:broader", 1), ("lpskg:addressesParadox", 2), ("lpskg:counteracts", 3)):
        rows = kg.select(PREFIXES + f"""
            SELECT DISTINCT ?strategy ?target WHERE {{
                ?s a lpskg:ResolutionStrategy ; rdfs:label ?strategy ; {prop} ?o .
                ?o rdfs:label ?target .
                {stated('s', prop, 'o')}
                {in_paper('s')}
            }}""")
        for strategy, targets in grouped(rows, "strategy", "target").items():
            found[strategy][index] = targets
    assert {s: tuple(v) for s, v in found.items()} == STRATEGIES


def test_leveraging_does_not_counteract_but_notes_the_irony(kg):
    rows = kg.select(PREFIXES + """
        SELECT ?note WHERE { strategy:leveraging skos:scopeNote ?note }""")
    assert any("ironically" in r["note"] for r in rows)


CONSEQUENCES = {
    # (strategy, practice, paradox managed, paradox drifting, countered by)
    ("structural separation", "structural separation into LPS-teams and SP-teams",
     "performing paradox", "belonging paradox", frozenset({"synthesis"})),  # Patching: an interpretation
    ("", "dual affiliation", "learning paradox", "belonging paradox", frozenset()),
}


def test_which_strategy_triggers_which_drift(kg):
    rows = kg.select(PREFIXES + f"""
        SELECT DISTINCT ?c ?strategy ?practice ?managed ?drift ?counter WHERE {{
            ?c a lpskg:UnintendedConsequence ;
               lpskg:viaPractice/rdfs:label ?practice ;
               lpskg:managesParadox/rdfs:label ?managed ;
               lpskg:triggersDriftIn/rdfs:label ?drift .
            OPTIONAL {{ ?c lpskg:resultsFromStrategy/rdfs:label ?strategy }}
            OPTIONAL {{ ?c lpskg:counteredBy ?o . ?o rdfs:label ?counter {stated('c', 'lpskg:counteredBy', 'o')} }}
            {in_paper('c')}
        }}""")
    found: dict[str, list] = {}
    for r in rows:
        entry = found.setdefault(r["c"], [r.get("strategy", ""), r["practice"], r["managed"], r["drift"], set()])
        if "counter" in r:
            entry[4].add(r["counter"])
    assert {(s, p, m, d, frozenset(c)) for s, p, m, d, c in found.values()} == CONSEQUENCES


# ---------------------------------------------------------------------------
# Cases, technologies, practices (Sections 3.1 and 4)
# ---------------------------------------------------------------------------

def test_cases_and_their_companies(kg):
    rows = kg.select(PREFIXES + f"""
        SELECT DISTINCT ?case ?company ?approach ?years ?study WHERE {{
            ?c a lpskg:Case ; rdfs:label ?case ;
               lpskg:caseOrganisation/rdfs:label ?company ;
               lpskg:initialApproach ?approach ;
               lpskg:leanExperienceYears ?years ;
               lpskg:partOfStudy ?study .
            {in_paper('c')}
        }}""")
    study = "https://w3id.org/lpskg/resource/study/cmr-scania-volvo"
    assert {tuple(r[k] for k in ("case", "company", "approach", "years", "study")) for r in rows} == {
        ("Scania case", "Scania", "top-down", "20", study),
        ("Volvo CE case", "Volvo Construction Equipment", "bottom-up", "20", study),
    }
    alt = kg.select(PREFIXES + "SELECT ?alt WHERE { organisation:volvo-ce skos:altLabel ?alt }")
    assert {r["alt"] for r in alt} == {"Volvo CE"}


def test_technologies_each_case_uses(kg):
    rows = kg.select(PREFIXES + f"""
        SELECT DISTINCT ?case ?technology WHERE {{
            ?c a lpskg:Case ; rdfs:label ?case ; lpskg:usesTechnology ?t .
            ?t a lpskg:DigitalTechnology ; rdfs:label ?technology .
            {in_paper('c')}
        }}""")
    # the sensors are a hypothetical illustration of Section 4, and "IoT ready" an investment stance: neither is here
    assert grouped(rows, "case", "technology") == {
        "Scania case": {"smart glasses", "digital team boards", "systems for data-driven maintenance"},
        "Volvo CE case": {
            "digital Lean boards", "brownfield connectivity", "vision systems", "exoskeletons",
            "additive manufacturing for tools and fixtures", "XR-technologies", "collaborative robots"},
    }


def test_practices_each_case_has(kg):
    rows = kg.select(PREFIXES + f"""
        SELECT DISTINCT ?case ?practice WHERE {{
            ?c a lpskg:Case ; rdfs:label ?case ; lpskg:hasPractice/rdfs:label ?practice .
            {in_paper('c')}
        }}""")
    common = {  # organisational units and the production system are not practices
        "continuous learning and competence development",
        "demonstrating the potential of the digital technology",
        "IoT-ready investment in new machinery",
        "structural separation into LPS-teams and SP-teams",
        "technology roadmaps",
    }
    assert grouped(rows, "case", "practice") == {
        "Scania case": common | {"checklist for testing new digital technologies", "Smart factory council"},
        "Volvo CE case": common | {"dual affiliation", "SP lab environments"},
    }


def test_respondent_roles_belong_to_stakeholders(kg):
    rows = kg.select(PREFIXES + f"""
        SELECT DISTINCT ?role ?stakeholder WHERE {{
            ?r a lpskg:RespondentRole ; rdfs:label ?role ; lpskg:roleInStakeholder/rdfs:label ?stakeholder .
            {in_paper('r')}
        }}""")
    paper = {(r["role"], r["stakeholder"]) for r in rows if r["role"] in ("SP manager", "LPS manager", "Operations",
                                                                       "SP-team member")}
    assert paper == {
        ("SP manager", "SP-team"), ("LPS manager", "LPS-team"),
        ("Operations", "production"), ("SP-team member", "SP-team"),
    }
    # the roles added for field research (data/roles.ttl): placed under the paper's groups, stated where the paper
    # names the group, the curator's interpretation where it does not
    added = kg.select(PREFIXES + """
        SELECT ?role ?stakeholder ?interpreted WHERE {
            GRAPH <https://w3id.org/lpskg/graph/roles> { ?r a lpskg:RespondentRole ; rdfs:label ?role }
            ?r lpskg:roleInStakeholder ?s . ?s rdfs:label ?stakeholder .
            BIND (EXISTS { ?i a lpskg:Interpretation ; lpskg:linkSubject ?r ; lpskg:linkObject ?s } AS ?interpreted)
        }""")
    assert {(r["role"], r["stakeholder"], r["interpreted"]) for r in added} == {
        ("production manager", "production managers", "false"), ("operator", "operators", "false"),
        ("lean coach", "LPS-coaches", "false"), ("senior manager", "senior management", "false"),
        ("plant manager", "production managers", "true"), ("team leader", "production", "true"),
        ("process engineer", "production engineers", "true"), ("maintenance technician", "production", "true"),
    }


# ---------------------------------------------------------------------------
# The study and its research questions (Sections 1 and 3)
# ---------------------------------------------------------------------------

def test_study_method_facts(kg):
    rows = kg.select(PREFIXES + """
        SELECT ?respondents ?groups ?participants ?period ?paper WHERE {
            study:cmr-scania-volvo lpskg:respondentCount ?respondents ;
                lpskg:focusGroupCount ?groups ;
                lpskg:focusGroupParticipantCount ?participants ;
                lpskg:studyPeriod ?period ;
                lpskg:reportedIn ?paper .
        }""")
    assert rows == [{
        "respondents": "11", "groups": "2", "participants": "6",
        "period": "started in autumn 2022",
        "paper": "https://w3id.org/lpskg/resource/work/this-paper",
    }]


def test_study_methods(kg):
    rows = kg.select(PREFIXES + """
        SELECT DISTINCT ?method WHERE { study:cmr-scania-volvo lpskg:usesMethod/rdfs:label ?method }""")
    assert {r["method"] for r in rows} == {
        "collaborative management research", "theoretical sampling", "purposeful sampling",
        "in-depth interviews", "focus group interviews", "case documents",
        "workshops with the in-case researchers", "thematic data analysis", "insider-researchers",
        "research team meetings", "cross-interview analysis",
    }


def test_interview_guide_themes(kg):
    rows = kg.select(PREFIXES + """
        SELECT ?note WHERE { study:cmr-scania-volvo skos:scopeNote ?note
                             FILTER(STRSTARTS(STR(?note), "Interview guide theme")) }""")
    assert len(rows) == 3


def test_the_two_research_questions(kg):
    rows = kg.select(PREFIXES + """
        SELECT DISTINCT ?notation ?question WHERE {
            study:cmr-scania-volvo lpskg:posesQuestion ?rq .
            ?rq skos:notation ?notation ; rdfs:label ?question .
        }""")
    assert {(r["notation"], r["question"]) for r in rows} == {
        ("RQ1", "What tensions and organisational paradoxes are salient in the integration of "
                "digital technologies in LPSs?"),
        ("RQ2", "How do managers develop appropriate strategies and cope with tensions and "
                "organisational paradoxes in the integration of digital technologies in LPSs?"),
    }


def test_what_answers_each_research_question(kg):
    rows = kg.select(PREFIXES + """
        SELECT DISTINCT ?notation ?answer WHERE {
            ?rq a lpskg:ResearchQuestion ; skos:notation ?notation ; lpskg:answeredBy/rdfs:label ?answer .
        }""")
    answers = grouped(rows, "notation", "answer")
    assert answers["RQ1"] == {
        "performing paradox", "organising paradox", "learning paradox", "belonging paradox",
    } | {t for _, t in EMPIRICAL_TENSIONS}
    assert answers["RQ2"] == {
        "structural separation", "synthesis", "Empowering", "Patching", "Pacing", "Leveraging"}


# ---------------------------------------------------------------------------
# Publications and literature clusters (Section 2.1, Table 1)
# ---------------------------------------------------------------------------

CLUSTERS = {
    "paradox perspective on LP without digital technologies": {
        "Maalouf and Gammelgaard, 2016", "Erthal and Marques, 2022", "Secchi and Camuffo, 2019"},
    "paradox perspective on I4.0 without LP": {
        "Dieste et al., 2022", "Putra et al., 2023", "Smith and Beretta, 2021", "Mishra et al., 2022"},
    "integration of I4.0 and LP without a paradox perspective": {
        "Rosin et al., 2020", "Sanders et al., 2017", "Tortorella et al., 2019", "Tortorella et al., 2021",
        "Buer et al., 2021", "Rossini et al., 2019", "Mokudai et al., 2021", "Holmemo and Korsen, 2023",
        "Kumar et al., 2023", "von Haartman et al., 2021", "Bittencourt et al., 2021"},
}


def test_works_in_each_literature_cluster(kg):
    rows = kg.select(PREFIXES + f"""
        SELECT DISTINCT ?cluster ?cited WHERE {{
            ?w lpskg:inCluster ?c ; lpskg:citedAs ?cited .
            ?c a lpskg:LiteratureCluster ; rdfs:label ?cluster .
            {in_paper('c')}
        }}""")
    assert grouped(rows, "cluster", "cited") == CLUSTERS


def test_the_paper_cites_every_work(kg):
    rows = kg.select(PREFIXES + """
        SELECT DISTINCT ?cited ?year WHERE {
            work:this-paper cito:cites ?w .
            ?w lpskg:citedAs ?cited ; fabio:hasPublicationYear ?year .
        }""")
    cited = {r["cited"] for r in rows}
    assert len(rows) == len(cited) == 61
    assert {"Tortorella et al., 2019", "Tortorella et al., 2021",
            "Erthal et al., 2021", "Erthal and Marques, 2022",
            "Shani et al., 2008", "Shani et al., 2012"} <= cited
    assert not [c for c in cited if "ef al" in c or "ez al" in c or "et al," in c]
    assert all(r["cited"].endswith(r["year"]) for r in rows)


def test_two_author_works_name_both_authors(kg):
    rows = kg.select(PREFIXES + """
        SELECT DISTINCT ?cited ?family WHERE {
            ?w lpskg:citedAs ?cited ; dcterms:creator/foaf:familyName ?family .
            FILTER(?cited IN ("Smith and Lewis, 2011", "Weiser and Laamanen, 2022", "Buer et al., 2021"))
        }""")
    assert grouped(rows, "cited", "family") == {
        "Smith and Lewis, 2011": {"Smith", "Lewis"},
        "Weiser and Laamanen, 2022": {"Weiser", "Laamanen"},
        "Buer et al., 2021": {"Buer"},
    }


def test_this_paper_and_its_authors(kg):
    rows = kg.select(PREFIXES + """
        SELECT ?count ?group WHERE {
            work:this-paper lpskg:authorCount ?count ; dcterms:creator ?g .
            ?g a foaf:Group ; rdfs:label ?group .
        }""")
    assert rows == [{"count": "5", "group": "the five authors of the paper"}]


def test_works_cited_for_strategies(kg):
    rows = kg.select(PREFIXES + f"""
        SELECT DISTINCT ?strategy ?cited WHERE {{
            ?s a lpskg:ReContextualisingAction ; rdfs:label ?strategy .
            ?citation lpskg:citedFor ?s ; cito:hasCitedEntity/lpskg:citedAs ?cited .
            {in_paper('s')}
        }}""")
    assert grouped(rows, "strategy", "cited") == {
        "Empowering": {"Xiao et al., 2019", "Dieste et al., 2022", "Smith and Beretta, 2021"},
        "Patching": {"Johansson et al., 2022"},
        "Leveraging": {"Secchi and Camuffo, 2019", "March, 1991"},
    }


# ---------------------------------------------------------------------------
# The research project (seed 000)
# ---------------------------------------------------------------------------

def test_project_facts(kg):
    rows = kg.select(PREFIXES + f"""
        SELECT ?label ?amount ?currency ?scheme ?start ?end ?manager ?research WHERE {{
            ?p a lpskg:ResearchProject ; rdfs:label ?label ;
               lpskg:fundingAmount ?amount ; lpskg:fundingCurrency ?currency ;
               lpskg:fundingScheme ?scheme ;
               lpskg:startYearMonth ?start ; lpskg:endYearMonth ?end ;
               lpskg:managedBy/rdfs:label ?manager ;
               lpskg:researchPartner/rdfs:label ?research .
            FILTER EXISTS {{ ?p lpskg:statedIn/lpskg:inDocument {PROJECT_DOC} }}
        }}""")
    assert len(rows) == 1
    row = rows[0]
    assert float(row.pop("amount")) == 17_500_000
    assert row == {
        "label": "The lean-digitalization paradox",
        "currency": "NOK",
        "scheme": "BIA-Brukerstyrt innovasjonsarena",
        "start": "2019-04",
        "end": "2023-12",
        "manager": "Department of Industrial Economics and Technology Management, NTNU",
        "research": "SINTEF Manufacturing",
    }


def test_project_industry_partners(kg):
    rows = kg.select(PREFIXES + f"""
        SELECT DISTINCT ?partner WHERE {{
            ?p a lpskg:ResearchProject ; lpskg:industryPartner/rdfs:label ?partner .
            FILTER EXISTS {{ ?p lpskg:statedIn/lpskg:inDocument {PROJECT_DOC} }}
        }}""")
    assert {r["partner"] for r in rows} == {"Equinor", "Hydro", "Benteler Raufoss", "Kvaerner", "Deloitte"}


def test_project_institutions_belong_to_their_parents(kg):
    rows = kg.select(PREFIXES + """
        SELECT DISTINCT ?part ?whole WHERE {
            VALUES ?p { organisation:ntnu-industrial-economics-and-technology-management
                        organisation:sintef-manufacturing }
            ?p rdfs:label ?part ; dcterms:isPartOf/rdfs:label ?whole .
        }""")
    assert {(r["part"], r["whole"]) for r in rows} == {
        ("Department of Industrial Economics and Technology Management, NTNU",
         "Norwegian University of Science and Technology"),
        ("SINTEF Manufacturing", "SINTEF"),
    }
