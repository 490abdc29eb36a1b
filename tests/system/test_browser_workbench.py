"""The pages issue 26 changed, in a real browser on a real server (the fixtures of ``test_browser``): parameters
that know their kind and say what a label resolved to, YASGUI's example tabs, the search box and ``/search``,
a quote's page and the technical toggle, the case-file form on ``/cases``, ``/compare`` and the map, the
bibliography, the service description and the ontology's namespace.

``LPSKG_SCREENSHOTS=docs/screenshots`` saves the screenshots the README and docs/endpoint.md show.
"""
from __future__ import annotations

import pytest
import requests
from test_browser import browser, page, screenshot  # noqa: F401  (the browser fixtures, shared)

from support.servers import TEST_TOKEN, private_server
from support.stores import REPO

EXAMPLES = REPO / "examples"


# --------------------------------------------------------------------------- /query

def test_a_typed_parameter_says_what_its_label_resolved_to(endpoint, page):  # noqa: F811
    page.goto(endpoint.base_url + "/query")
    page.get_by_role("button", name="Cases most similar to a given case").click()
    field = page.locator("#named-form input[name=case]")
    assert "a lpskg:Case" in field.get_attribute("placeholder")
    field.fill("Scania")
    page.get_by_role("button", name="Run query").click()
    note = page.locator("#resolved-case")
    note.locator("a").wait_for()
    assert note.inner_text() == "→ Scania case (exact)"
    assert note.locator("a").get_attribute("href") == "/resource/case/scania"
    page.locator("table.result-table tbody tr").first.wait_for()   # before: 0 rows, no word why
    page.locator("#predeclared summary").click()
    assert "dct:" in page.locator("#predeclared").inner_text()
    screenshot(page, "query-labels.png", full_page=False)


def test_a_slip_is_marked_near_an_unknown_label_offers_candidates_and_an_empty_answer_says_why(endpoint, page):  # noqa: F811
    page.goto(endpoint.base_url + "/query?named=quotes-for-concept&p.concept=Myopya")
    note = page.locator("#resolved-concept")
    note.locator("a").wait_for()
    assert note.inner_text() == "→ Myopia (near “Myopya”, 90)"
    concept = page.locator("#named-form input[name=concept]")
    concept.fill("quantum lean")
    page.get_by_role("button", name="Run query").click()
    first = note.locator("button.candidate").first
    first.wait_for()
    assert first.inner_text() == "lean production" and "400" in page.locator("#status").inner_text()
    concept.fill("Myopia")
    page.locator("#named-form input[name=case]").fill("Volvo CE")
    page.get_by_role("button", name="Run query").click()
    page.wait_for_function("document.getElementById('status').className.includes('warn')")
    assert "without 'case' the query has 1 row" in page.locator("#status").inner_text()


def test_the_query_page_offers_the_works_behind_a_named_query(endpoint, page):  # noqa: F811
    page.goto(endpoint.base_url + "/query")
    page.get_by_role("button", name="Tensions per paradox with their poles").click()
    page.wait_for_selector("table.result-table tbody tr")
    link = page.locator("#works-bibtex")
    assert link.is_visible()
    text = requests.get(endpoint.base_url + link.get_attribute("href"), timeout=30).text
    assert "@misc{smith-lewis-2011," in text and "{Smith} and {Lewis}" in text


# --------------------------------------------------------------------------- /yasgui

def test_an_example_tab_answers_what_its_title_says(endpoint, page):  # noqa: F811
    """'Drift paths from each paradox' ran for one paradox, with a statedOnly column."""
    page.goto(endpoint.base_url + "/yasgui")
    page.locator(".yasqe .CodeMirror").first.wait_for()
    page.locator("details.examples-menu summary").click()
    page.get_by_role("button", name="Drift paths from each paradox").click()
    page.wait_for_selector(".tabPanel.active .yasr table tbody tr")
    variables = page.evaluate("window.lpskgYasgui.getTab().getYasr().results.getVariables()")
    assert "statedOnly" not in variables
    paradoxes = page.evaluate("new Set(window.lpskgYasgui.getTab().getYasr().results.getBindings()"
                              ".map((b) => b.paradox.value)).size")
    assert paradoxes > 1


# --------------------------------------------------------------------------- search

def test_a_typo_in_the_search_box_finds_the_concept_first(endpoint, page):  # noqa: F811
    page.goto(endpoint.base_url + "/")
    page.locator("#site-search").press_sequentially("myopa", delay=40)
    first = page.locator("#site-search-list li").first
    first.locator(".near").wait_for()  # the answer to "myopa" itself, not to a prefix typed before it
    assert first.locator(".name").inner_text() == "Myopia"


def test_the_search_page_says_when_it_is_cut_and_shows_the_rest(endpoint, page):  # noqa: F811
    page.goto(endpoint.base_url + "/search?q=lean")
    count = page.locator("#search-count").inner_text()
    assert count.startswith("The first 20 of ")
    total = int(count.split(" of ")[1].split()[0])
    page.locator("#search-more").click()
    page.wait_for_url("**limit=*")
    assert page.locator("table.search-results tr").count() == total
    screenshot(page, "search-page.png", full_page=False)


# --------------------------------------------------------------------------- resource pages

def test_a_quote_page_shows_the_quotation_first(endpoint, page):  # noqa: F811
    page.goto(endpoint.base_url + "/resource/quote/scania-lps-manager-not-all-new-ideas")
    quotation = page.locator("#quotation")
    assert quotation.locator("blockquote").inner_text().startswith("Actually, not all new ideas are good ones")
    assert "LPS manager, Scania case" in quotation.locator("figcaption").inner_text()
    assert "The importance of exploitation and exploration" in quotation.locator(".source-sentence").inner_text()
    screenshot(page, "quote.png", full_page=False)


def test_the_plumbing_is_folded_behind_a_technical_toggle(endpoint, page):  # noqa: F811
    page.goto(endpoint.base_url + "/resource/archetype/myopia")
    technical = page.locator("details#technical")
    rows = technical.locator("table tr")
    assert not rows.first.is_visible() and "link subject" not in page.locator("#links-in").inner_text()
    technical.locator("summary").click()
    assert rows.first.is_visible() and rows.count() > 11


# --------------------------------------------------------------------------- /cases: a case file checked, then stored

@pytest.fixture(scope="module")
def intake(bundle_store_template, tmp_path_factory):
    yield from private_server(bundle_store_template, tmp_path_factory, "browser-intake")


def test_a_case_file_is_checked_without_a_token_and_stored_with_it(intake, page, tmp_path):  # noqa: F811
    page.goto(intake.base_url + "/cases")
    misspelt = tmp_path / "looms-misspelt.yaml"
    misspelt.write_text((EXAMPLES / "example-looms.yaml").read_text(encoding="utf-8").replace(
        "current goals vs. future goals", "current goals vs. future growth"), encoding="utf-8")
    page.locator("#upload-file").set_input_files(str(misspelt))
    page.get_by_role("button", name="Check (dry run)").click()
    fix = page.locator("#upload-result ul.upload-errors")
    fix.wait_for()
    assert "nearest: “current goals vs. future goals” (tension" in fix.inner_text()
    page.locator("#upload-file").set_input_files(str(EXAMPLES / "example-pumps.yaml"))
    page.get_by_role("button", name="Check (dry run)").click()
    page.wait_for_function("document.getElementById('upload-status').textContent.includes('dry run')")
    assert "Diagnosis: Example Pumps AS case (fictional): Myopia" in page.locator("#upload-result").inner_text()
    assert requests.get(intake.base_url + "/api/cases/example-pumps", timeout=10).status_code == 404
    screenshot(page, "case-upload.png", full_page=False)
    page.locator("#upload-token").fill(TEST_TOKEN)
    page.get_by_role("button", name="Store").click()
    page.wait_for_function("document.getElementById('upload-status').textContent.startsWith('stored')")
    assert page.locator("#upload-token").input_value() == ""   # sent once, kept nowhere
    kept = page.evaluate("JSON.stringify(Object.assign({}, localStorage, sessionStorage)) + document.cookie")
    assert TEST_TOKEN not in kept
    assert requests.get(intake.base_url + "/api/cases/example-pumps", timeout=10).status_code == 200
    recorded = requests.get(intake.base_url + "/sparql", timeout=10, headers={"Accept": "text/csv"}, params={
        "query": "SELECT ?name WHERE { submission:case-example-pumps-file rdfs:label ?name }"}).text
    assert "example-pumps.yaml" in recorded


# --------------------------------------------------------------------------- /compare, the map, the lists

def test_compare_puts_the_tensions_of_no_paradox_apart(endpoint, page):  # noqa: F811
    page.goto(endpoint.base_url + "/compare?groups=tensions")
    heads = page.locator("tr.section-head").all_inner_texts()
    assert heads[-1] == "in no paradox (examples in the introduction)" and "performing paradox" in heads


def test_the_map_draws_as_many_tensions_as_its_chip_counts(endpoint, page):  # noqa: F811
    page.goto(endpoint.base_url + "/")
    chip = int(page.locator("ul.counts li", has_text="tensions").locator("strong").inner_text())
    assert page.locator("svg.paradox-map a[href^='/resource/tension/']").count() == chip


def test_publications_list_authors_in_order_with_a_citation(endpoint, page):  # noqa: F811
    page.goto(endpoint.base_url + "/publications?q=Brannick")
    row = page.locator("#list tbody tr").first
    assert row.locator("td[data-column=authors]").inner_text() == "Brannick and Coghlan"
    assert row.locator("td[data-column=citation]").inner_text() == "Brannick and Coghlan (2007). Title not in the source."


# --------------------------------------------------------------------------- the header's links

def test_service_description_opens_a_page_with_the_site_header(endpoint, page):  # noqa: F811
    page.goto(endpoint.base_url + "/")
    page.get_by_role("link", name="Service description").click()
    page.wait_for_url("**/service-description")
    assert page.locator("header.top a.brand").is_visible()
    assert page.locator("#endpoint").inner_text() == endpoint.base_url + "/sparql"
    screenshot(page, "service-description.png", full_page=False)


def test_the_ontology_page_shows_its_namespace_iri(endpoint, page):  # noqa: F811
    page.goto(endpoint.base_url + "/ontology")
    assert page.get_by_role("link", name="https://w3id.org/lpskg/ontology#", exact=True).count() >= 1
