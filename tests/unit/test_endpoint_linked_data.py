"""Linked Data, the pages and the named-query API over real HTTP, on the bundled graph."""
from __future__ import annotations

import re

import pytest
import requests
from markupsafe import escape
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

MYOPIA = "https://w3id.org/lpskg/resource/archetype/myopia"
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def page(endpoint, name: str) -> str:
    response = requests.get(endpoint.base_url + "/resource/" + name, headers=BROWSER)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/html")
    return response.text


def test_resource_page_shows_label_definition_links_evidence_and_sources(endpoint, kg):
    html = page(endpoint, "archetype/myopia")
    assert '<h1 id="label">Myopia</h1>' in html
    definition = kg.values(f"SELECT ?d WHERE {{ <{MYOPIA}> skos:definition ?d }}", "d").pop()
    assert definition[:60] in html
    assert 'href="/resource/stakeholder/production"' in html and ">sits with<" in html  # a link out, by label
    assert 'href="/resource/strategy/pacing"' in html and ">counteracts<" in html      # a link in, by label
    quotes = kg.values(f"SELECT ?t WHERE {{ ?q a lpskg:Quote ; lpskg:illustrates <{MYOPIA}> ; lpskg:text ?t }}", "t")
    assert quotes and all(str(escape(quote)) in html for quote in quotes)
    assert "Figure 2" in html and "001_e8e679868b79b67c.txt" in html  # the passage and its document
    # a stated link points to the sentence that states it
    assert ('<a class="standing stated" href="/resource/link/archetype-myopia--sits-with--stakeholder-production"'
            in html)


def test_resource_page_marks_the_curators_interpretations(endpoint):
    html = page(endpoint, "archetype/detached")
    interpretation = "/resource/link/archetype-detached--over-prioritises--pole-exploitation"
    # the curator's reading of Detached's favoured pole, and the links into it the curator draws: Patching against
    # it (I-16) and Dogma's knock-on that may drive it (a chain between archetypes no sentence states)
    chain = "/resource/link/knockon-dogma-learning--may-drive--archetype-detached"
    assert html.count('class="standing interpretation"') == 3
    assert f'href="{interpretation}"' in html and f'href="{chain}"' in html
    why = page(endpoint, interpretation.removeprefix("/resource/"))
    assert ">rationale<" in why and "up to date in exploring future opportunities" in why  # why, and on what


def test_a_tension_page_quotes_the_sentences_about_it_not_its_whole_sections(endpoint):
    html = page(endpoint, "tension/current-goals-vs-future-goals")
    sources = html.split("<h2>Sources</h2>", 1)[1].split("<h2>", 1)[0]
    # Section 4.1.1 quotes four sentences; one names this tension, another the next tension of the paradox
    assert "<q>generating the paradox of current goals vs. future goals</q>" in sources
    assert "competing but potentially synergetic approaches" not in sources
    assert re.search(r"3 more excerpts\s+of this passage</a> on other things", sources)


def test_an_observation_is_not_shown_as_a_quotation(endpoint, kg):
    html = page(endpoint, "paradox/learning")
    observed = kg.values("SELECT ?t WHERE { ?o a lpskg:Observation ; lpskg:illustrates "
                         "<https://w3id.org/lpskg/resource/paradox/learning> ; lpskg:text ?t }", "t")
    quoted = kg.values("SELECT ?t WHERE { ?o a lpskg:Quote ; lpskg:illustrates "
                       "<https://w3id.org/lpskg/resource/paradox/learning> ; lpskg:text ?t }", "t")
    assert observed and quoted
    for text in observed:
        assert f'<p class="observation">{escape(text)}</p>' in html and f"<blockquote>{escape(text)}" not in html
    assert all(f"<blockquote>{escape(text)}</blockquote>" in html for text in quoted)


def test_a_work_page_has_one_badge_per_type_name(endpoint):
    html = page(endpoint, "work/schad-bansal-2018")
    badges = re.findall(r'<a class="type" href="[^"]+">([^<]+)</a>', html)
    # the most specific type only: not also FOAF's document and PROV-O's entity, which it entails
    assert badges == ["document (BIBO)"]
    assert page(endpoint, "work/this-paper").count('class="type"') == 1  # an academic article


def test_resource_negotiates_turtle_and_jsonld_and_honours_suffixes(endpoint):
    url = endpoint.base_url + "/resource/archetype/myopia"
    for accept, fmt in (("text/turtle", "turtle"), ("application/ld+json", "json-ld")):
        response = requests.get(url, headers={"Accept": accept})
        assert response.headers["Content-Type"].startswith(accept)
        graph = Graph().parse(data=response.text, format=fmt)
        assert graph.value(URIRef(MYOPIA), RDFS.label) == Literal("Myopia", lang="en")
    assert requests.get(url + ".ttl", headers=BROWSER).headers["Content-Type"].startswith("text/turtle")
    jsonld = requests.get(url + ".jsonld")
    assert jsonld.headers["Content-Type"].startswith("application/ld+json")
    graph = Graph().parse(data=jsonld.text, format="json-ld")
    assert (URIRef("https://w3id.org/lpskg/resource/strategy/pacing"),
            URIRef("https://w3id.org/lpskg/ontology#counteracts"), URIRef(MYOPIA)) in graph


def test_slug_with_dots_is_not_mistaken_for_a_suffix(endpoint):
    html = page(endpoint, "passage/001-section-4.1.1")
    assert "Section 4.1.1" in html


@pytest.mark.parametrize("path,status", [
    ("/resource/archetype/nothing-here", 404),
    ("/resource/%2e%2e/%2e%2e/etc/passwd", 400),
    ("/resource/archetype/..%2F..%2Fsecret", 400),
    ("/resource/archetype/" + "x" * 300, 414),
])
def test_unknown_traversing_and_huge_resource_names_are_refused(endpoint, path, status):
    response = requests.get(endpoint.base_url + path)
    assert response.status_code == status, response.text
    assert "Traceback" not in response.text


def test_overview_draws_the_paradox_map_from_the_graph(endpoint, kg):
    html = requests.get(endpoint.base_url + "/").text
    svgs = re.findall(r"<svg .*?</svg>", html, re.S)
    assert len(svgs) == 3
    tensions = kg.values("SELECT ?l WHERE { ?t a lpskg:Tension ; rdfs:label ?l ; lpskg:inParadox ?p }", "l")
    illustrative = kg.values("SELECT ?l WHERE { ?t a lpskg:IllustrativeTension ; rdfs:label ?l ; lpskg:inParadox ?p }",
                             "l")
    for label in ("belonging paradox", "learning paradox", "organising paradox", "performing paradox"):
        assert label in svgs[0]
    # every tension is drawn: the twelve of the four paradoxes, and the two the introduction gives in no paradox
    every = kg.values("SELECT ?l WHERE { ?t a lpskg:Tension ; rdfs:label ?l }", "l")
    assert len(re.findall(r'href="/resource/tension/', svgs[0])) == len(every) == len(tensions) + 2 == 14
    # the four examples of Section 2.2 and the two of the introduction are drawn apart from the eight the study found
    assert svgs[0].count("illustration of theory</tspan>") == len(illustrative) + 2 == 6
    for archetype in ("DOGMA", "MYOPIA", "TECHNICAL MONUMENTS", "DETACHED"):
        assert archetype in svgs[1]
    for stakeholder in ("LPS-team", "production", "senior management", "SP-team"):
        assert f">{stakeholder}<" in svgs[1]
    # every chain: Dogma -> Detached -> Myopia -> Technical Monuments -> the belonging paradox itself
    assert svgs[1].count('marker-end="url(#arrow)"') == 4
    assert "Technical Monuments triggers an imbalance of the belonging paradox" in svgs[1]
    # the curator's reading of Detached's pole, and the three chains from one archetype to the next, which no
    # sentence states, marked as such
    assert svgs[1].count("(interpretation)") == 4
    # the process model: six phases (vicious cycles are an outcome), ten transitions (one leads back to acceptance)
    assert len(re.findall(r'href="/resource/phase/', svgs[2])) == 6
    assert len(re.findall(r'href="/resource/transition/', svgs[2])) == 10


def test_ontology_documentation_and_turtle(endpoint):
    html = requests.get(endpoint.base_url + "/ontology", headers=BROWSER)
    assert html.headers["Content-Type"].startswith("text/html")
    assert "imbalance archetype" in html.text and 'id="ImbalanceArchetype"' in html.text
    assert html.text.count('<header class="top">') == 1 and '<a class="brand" href="/">' in html.text  # a way back
    # the index names each class once: FOAF's and PROV-O's agent, FOAF's and BIBO's document told apart
    index = re.findall(r'<a href="#[^"]+">([^<]+)</a>', html.text)
    assert {"agent (FOAF)", "agent (PROV-O)", "document (FOAF)", "document (BIBO)"} <= set(index)
    assert "agent" not in index and "document" not in index
    turtle = requests.get(endpoint.base_url + "/ontology", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert (URIRef("https://w3id.org/lpskg/ontology#Paradox"), RDFS.label, Literal("organisational paradox", lang="en")) in graph


def test_named_queries_are_listed_and_run_with_typed_parameters(endpoint):
    listing = requests.get(endpoint.base_url + "/api/queries").json()
    names = {q["name"] for q in listing}
    assert {"tensions-per-paradox", "quotes-for-concept"} <= names
    run = requests.get(endpoint.base_url + "/api/queries/tensions-per-paradox",
                       params={"paradox": "paradox:learning"}, headers={"Accept": "application/sparql-results+json"})
    assert run.status_code == 200, run.text
    rows = run.json()["results"]["bindings"]
    assert rows and {r["paradoxLabel"]["value"] for r in rows} == {"learning paradox"}
    assert {r["tensionLabel"]["value"] for r in rows} >= {"exploitation vs. exploration"}
    csv = requests.get(endpoint.base_url + "/api/queries/tensions-per-paradox",
                       params={"paradox": "paradox:learning", "format": "csv"})
    assert csv.headers["Content-Type"].startswith("text/csv") and len(csv.text.strip().splitlines()) == len(rows) + 1
    missing = requests.get(endpoint.base_url + "/api/queries/quotes-for-concept")
    assert missing.status_code == 400 and "concept" in missing.text
    unknown = requests.get(endpoint.base_url + "/api/queries/no-such-query")
    assert unknown.status_code == 404 and "tensions-per-paradox" in unknown.text


def test_labels_api_names_the_iris_of_a_result(endpoint):
    response = requests.post(endpoint.base_url + "/api/labels", json={"iris": [MYOPIA, "https://example.org/x"]})
    assert response.json() == {MYOPIA: "Myopia"}
    assert requests.post(endpoint.base_url + "/api/labels", data="nope").status_code == 400
