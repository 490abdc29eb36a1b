"""Pages that put the evidence first: a quote's page shows it as a quotation with its speaker's role, its case and
the sentence it is given for (not as a "text" row); the plumbing of stated links and blank nodes is folded behind
a "technical" toggle."""
from __future__ import annotations

import re
from html import unescape

import requests

BROWSER = {"Accept": "text/html"}
QUOTE = "https://w3id.org/lpskg/resource/quote/scania-lps-manager-not-all-new-ideas"
OBSERVATION = "https://w3id.org/lpskg/resource/observation/volvo-ce-digital-lean-boards-challenge"
MYOPIA = "https://w3id.org/lpskg/resource/archetype/myopia"


def page(endpoint, iri: str) -> str:
    response = requests.get(endpoint.base_url + iri.removeprefix("https://w3id.org/lpskg"), headers=BROWSER)
    assert response.status_code == 200
    return response.text


def section(html: str, element_id: str) -> str:
    found = re.search(rf'<(\w+)[^>]* id="{element_id}"[^>]*>(.*?)</\1>', html, re.S)
    return found.group(2) if found else ""


def test_a_quote_is_shown_as_a_quotation_with_its_speaker_case_and_sentence(endpoint, kg):
    html = page(endpoint, QUOTE)
    text, = kg.values(f"SELECT ?t WHERE {{ <{QUOTE}> lpskg:text ?t }}", "t")
    sentence, = kg.values(f"SELECT ?x WHERE {{ <{QUOTE}> lpskg:givenFor/lpskg:excerpt ?x }}", "x")
    quotation = section(html, "quotation")
    assert f"<blockquote>{text}</blockquote>" in unescape(quotation)
    assert '<a href="/resource/role/lps-manager">LPS manager</a>' in quotation
    assert '<a href="/resource/case/scania">Scania case</a>' in quotation
    assert f"<q>{sentence}</q>" in unescape(quotation) and "Section 4.1.3 Learning paradox" in quotation
    # the words are the quotation, not a row of the table of links
    assert ">text</a></th>" not in html and ">speaker role</a></th>" not in html


def test_an_observation_is_not_shown_as_a_quotation(endpoint):
    quotation = section(page(endpoint, OBSERVATION), "quotation")
    assert "<blockquote>" not in quotation and 'class="observation"' in quotation
    assert "in the researchers' words, not a quotation" in unescape(quotation)
    assert '<a href="/resource/case/volvo-ce">Volvo CE case</a>' in quotation


def test_a_concept_page_folds_the_plumbing_behind_a_technical_toggle(endpoint, kg):
    html = page(endpoint, MYOPIA)
    links_in = section(html, "links-in")
    assert "link subject" not in links_in and "link object" not in links_in and "hasValue" not in links_in
    assert '<a href="/resource/case/scania" title="https://w3id.org/lpskg/resource/case/scania">Scania case</a>' \
        in links_in   # the links a reader wants stay
    records = kg.values(f"SELECT ?s WHERE {{ ?s ?p <{MYOPIA}> FILTER (isBlank(?s) || "
                        "EXISTS { ?s a lpskg:LinkStatement }) }", "s")
    technical = re.search(r'<details class="technical" id="technical">(.*?)</details>', html, re.S).group(1)
    assert f"Technical: {len(records)} statements about links and blank nodes" in " ".join(technical.split())
    assert technical.count("<tr>") == len(records) > 11


def test_the_neighbourhood_leaves_the_plumbing_out(endpoint):
    html = page(endpoint, MYOPIA)
    drawn = re.search(r'<script id="neighbourhood-data" type="application/json">(.*?)</script>', html, re.S).group(1)
    assert "/resource/link/" not in drawn and '"label": "hasValue"' not in drawn
