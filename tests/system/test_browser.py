"""A real browser (Debian's headless Chromium, driven by Playwright) on the pages of a real server:
the query page runs a named query and shows its rows by label; a resource page opens.

Set ``LPSKG_SCREENSHOTS=DIR`` to also save the screenshots of the query page and the paradox
map (``docs/screenshots/`` holds the committed ones).
"""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (make system-deps)")]


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def _watched(context):
    """A page of ``context`` that records JavaScript errors and every request leaving 127.0.0.1."""
    page = context.new_page()
    page.errors, page.outside = [], []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("request", lambda request: None if urlsplit(request.url).scheme in ("data", "blob")
            or urlsplit(request.url).hostname == "127.0.0.1" else page.outside.append(request.url))
    return page


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    page = _watched(context)
    yield page
    context.close()
    assert page.errors == []  # no JavaScript error on any page
    assert page.outside == []  # every asset is served by lpskg itself


@pytest.fixture
def phone(browser):
    """A page on a phone-sized screen (390 x 844, touch)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = _watched(context)
    yield page
    context.close()
    assert page.errors == [] and page.outside == []


def screenshot(page, name: str, full_page: bool) -> None:
    directory = os.environ.get("LPSKG_SCREENSHOTS")
    if directory:
        page.screenshot(path=str(Path(directory) / name), full_page=full_page)


def test_query_page_runs_a_named_query_and_shows_rows_by_label(endpoint, page, kg):
    page.goto(endpoint.base_url + "/query")
    page.get_by_role("button", name="Tensions per paradox with their poles").click()
    page.wait_for_selector("table.result-table tbody tr")
    tensions = kg.values("SELECT ?t WHERE { ?p a lpskg:Paradox ; lpskg:hasTension ?t }", "t")
    assert page.locator("table.result-table tbody tr").count() == len(tensions)
    assert "rows in" in page.locator("#status").inner_text()
    link = page.locator("table.result-table a", has_text="learning paradox").first
    assert link.get_attribute("href") == "/resource/paradox/learning"  # an IRI shown by its label
    assert "/api/queries/tensions-per-paradox?" in page.locator("#download-csv").get_attribute("href")
    screenshot(page, "query-page.png", full_page=False)
    page.locator("#named-form input[name=paradox]").fill("paradox:belonging")
    page.get_by_role("button", name="Run query").click()
    page.wait_for_function("document.querySelectorAll('table.result-table tbody tr').length < 10")
    cells = page.locator("table.result-table tbody td:nth-child(2)").all_inner_texts()
    assert cells and set(cells) == {"belonging paradox"}


def test_shareable_link_reopens_the_same_query(endpoint, page):
    query = "SELECT ?label WHERE { <https://w3id.org/lpskg/resource/paradox/performing> rdfs:label ?label }"
    page.goto(endpoint.base_url + "/query")
    page.evaluate("(q) => document.querySelector('.CodeMirror').CodeMirror.setValue(q)", query)
    page.get_by_role("button", name="Copy shareable link").click()
    shared = page.url
    assert "query=" in shared
    page.goto(shared)
    page.wait_for_selector("table.result-table tbody tr")
    assert page.locator("table.result-table tbody td").all_inner_texts() == ["performing paradox"]


def test_resource_page_opens_from_a_result(endpoint, page):
    page.goto(endpoint.base_url + "/resource/archetype/technical-monuments")
    assert page.locator("h1").inner_text() == "Technical Monuments"
    assert page.locator("blockquote").count() >= 1
    page.get_by_role("link", name="sits with").first.wait_for()
    page.locator("table.links a", has_text="SP-team").first.click()
    page.wait_for_url("**/resource/stakeholder/sp-team")
    assert page.locator("h1").inner_text() == "SP-team"


def test_paradox_map_page(endpoint, page):
    page.goto(endpoint.base_url + "/")
    assert page.locator("svg.paradox-map a").count() > 20
    assert page.locator("svg.archetype-map text", has_text="Dynamic").count() == 1
    screenshot(page, "paradox-map.png", full_page=True)


def test_the_search_box_suggests_as_one_types_and_opens_the_choice(endpoint, page):
    page.goto(endpoint.base_url + "/resource/paradox/learning")
    page.locator("#site-search").press_sequentially("myop", delay=40)
    first = page.locator("#site-search-list li").first
    first.wait_for()
    assert first.locator(".name").inner_text() == "Myopia"
    assert first.locator(".kind").inner_text() == "imbalance archetype"
    page.locator("#site-search").press("ArrowDown")
    screenshot(page, "search.png", full_page=False)
    page.locator("#site-search").press("Enter")
    page.wait_for_url("**/resource/archetype/myopia")
    assert page.locator("h1").inner_text() == "Myopia"


def test_an_ocr_form_suggests_the_correct_name(endpoint, page):
    page.goto(endpoint.base_url + "/")
    page.locator("#site-search").press_sequentially("Téth", delay=40)
    option = page.locator("#site-search-list li", has_text="Tóth").first
    option.wait_for()
    assert "Téth" in option.locator(".also").inner_text()


def test_a_query_parameter_suggests_resources_by_label(endpoint, page):
    page.goto(endpoint.base_url + "/query")
    page.get_by_role("button", name="Quotes illustrating a concept").click()
    field = page.locator("#named-form input[name=concept]")
    field.fill("")
    field.press_sequentially("Dogm", delay=40)
    page.locator("#suggest-concept li", has_text="Dogma").first.click()
    assert field.input_value() == "https://w3id.org/lpskg/resource/archetype/dogma"
    page.get_by_role("button", name="Run query").click()
    page.wait_for_selector("table.result-table tbody tr")
    assert "Dogma" in page.locator("table.result-table").inner_text()


def test_on_a_phone_the_header_fits_and_the_map_scrolls_at_a_readable_size(endpoint, phone):
    phone.goto(endpoint.base_url + "/")
    width = phone.evaluate("document.documentElement.clientWidth")
    assert phone.evaluate("document.querySelector('header.top').scrollWidth") <= width  # nothing overflows
    assert phone.locator("#site-search").is_visible() and phone.get_by_role("link", name="Query").is_visible()
    svg = phone.locator("svg.paradox-map")
    assert svg.bounding_box()["width"] >= 880  # drawn at a size one can read; its frame scrolls sideways
    assert phone.evaluate("document.documentElement.scrollWidth") <= width  # the page itself does not
    screenshot(phone, "phone-map.png", full_page=False)


def test_compare_shows_the_cases_side_by_side_and_opens_a_cells_evidence(workbench, page):
    page.goto(workbench.base_url + "/compare")
    headers = page.locator("table.compare thead th.case").all_inner_texts()
    assert headers == ["Example Pumps AS case (fictional)", "Scania case", "Volvo CE case"]
    row = page.locator("tr.concept-row", has=page.locator("th.concept", has_text="current goals vs. future goals"))
    cell = row.locator("td").first  # the example case's column
    cell.locator("summary").click()
    assert "The boards show us every disturbance in real time" in cell.locator("ul.evidence").inner_text()
    # choose two cases and one group: the address is the comparison's link
    page.locator("input[name=cases][value=example-pumps]").uncheck()
    for name in ("tensions", "strategies and actions", "digital technologies", "practices", "approach",
                 "imbalance patterns"):
        page.locator(f"input[name=groups][value='{name}']").uncheck()
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url("**/compare?*")
    assert "cases=scania" in page.url and "groups=imbalance+archetypes" in page.url
    assert page.locator("table.compare thead th.case").count() == 2
    assert page.locator("tbody.group").count() == 1
    assert "format=csv" in page.locator("#export-csv").get_attribute("href")
    page.goto(workbench.base_url + "/compare?groups=tensions&groups=imbalance+archetypes&groups=approach")
    page.locator("tr.concept-row", has_text="integration vs. autonomy").locator("td.shown summary").first.click()
    screenshot(page, "compare.png", full_page=False)


def test_the_cases_list_sorts_by_a_heading_and_filters(workbench, page):
    page.goto(workbench.base_url + "/cases")
    assert page.locator("#list tbody tr").count() == 3
    page.get_by_role("link", name="evidence items").click()
    page.wait_for_url("**sort=evidence")
    counts = [int(x) for x in page.locator("#list td[data-column=evidence]").all_inner_texts()]
    assert counts == sorted(counts)
    screenshot(page, "cases.png", full_page=False)
    page.goto(workbench.base_url + "/publications?sort=-year")
    screenshot(page, "publications.png", full_page=False)
    page.locator("#list-filter").fill("Lewis")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**q=Lewis**")
    assert 0 < page.locator("#list tbody tr").count() < 10


def test_a_sparql_link_opened_in_a_browser_shows_the_results_page(endpoint, page):
    query = "SELECT ?label WHERE { <https://w3id.org/lpskg/resource/archetype/dogma> rdfs:label ?label }"
    response = page.goto(endpoint.base_url + "/sparql?query=" + quote(query))
    assert response.ok and "/query?query=" in page.url  # not a download of SPARQL XML
    page.wait_for_selector("table.result-table tbody tr")
    assert page.locator("table.result-table tbody td").all_inner_texts() == ["Dogma"]


def test_a_resource_page_draws_its_neighbourhood_and_a_node_opens_its_page(endpoint, page, kg):
    page.goto(endpoint.base_url + "/resource/archetype/myopia")
    graph = page.locator("#neighbourhood-graph")
    graph.locator("canvas").first.wait_for()
    page.wait_for_function("document.getElementById('neighbourhood-graph').dataset.nodes")
    linked = kg.values("""SELECT ?n WHERE { { <https://w3id.org/lpskg/resource/archetype/myopia> ?p ?n }
        UNION { ?n ?p <https://w3id.org/lpskg/resource/archetype/myopia> } FILTER isIRI(?n) }""", "n")
    drawn = int(graph.get_attribute("data-nodes"))
    assert 10 < drawn <= len(linked) + 1  # the archetype and what it links to, both ways
    assert "stakeholder" in page.locator("#neighbourhood-legend").inner_text()
    page.locator("h2", has_text="Neighbourhood").scroll_into_view_if_needed()
    page.evaluate("document.querySelector('#neighbourhood-graph').scrollIntoView({block: 'center'})")
    screenshot(page, "neighbourhood.png", full_page=False)
    # cytoscape keeps where its box is on screen and learns of a scroll from the scroll event, which the
    # browser sends at the next frame: a click before it is aimed with the old offset and hits nothing
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    # a click on the stakeholder node opens its page: where the node is on screen, read in one frame (the box
    # and the node's position inside it), so that a scroll or a resize between two reads cannot move it
    position = page.evaluate("""() => {
        const box = document.getElementById('neighbourhood-graph');
        const node = box._cyreg.cy.nodes().filter((n) => n.data('id').endsWith('/stakeholder/production'))[0];
        const inside = node.renderedPosition(), where = box.getBoundingClientRect();
        return {x: where.left + inside.x, y: where.top + inside.y}; }""")
    page.mouse.click(position["x"], position["y"])
    page.wait_for_url("**/resource/stakeholder/production")


def test_yasgui_runs_a_named_query_in_a_tab_and_charts_its_counts(endpoint, page):
    page.goto(endpoint.base_url + "/yasgui")
    page.locator(".yasqe .CodeMirror").first.wait_for()
    page.locator("details.examples-menu summary").click()
    page.get_by_role("button", name="Quotes by respondent role per paradox").click()
    page.wait_for_selector(".tabPanel.active .yasr table tbody tr")
    # the editor knows the prefixes the endpoint predeclares: no "Prefix ... is not defined" mark
    editor = page.locator(".tabPanel.active .CodeMirror").first
    assert "PREFIX lpskg:" in editor.inner_text()
    marks = page.locator(".tabPanel.active .parseErrorIcon")
    assert marks.count() == 0
    # the chart view draws one bar per row from the page itself
    page.locator(".tabPanel.active .select_chart").click()
    bars = page.locator(".tabPanel.active svg.lpskg-bars rect.bar")
    bars.first.wait_for()
    rows = page.evaluate("window.lpskgYasgui.getTab().getYasr().results.getBindings().length")
    assert bars.count() == rows > 0
    page.locator("details.examples-menu summary").click()  # fold the list of examples away
    page.evaluate("document.querySelector('.tabPanel.active .yasr').scrollIntoView({block: 'start'})")
    page.mouse.wheel(0, -260)
    screenshot(page, "yasgui-chart.png", full_page=False)
    page.locator(".tabPanel.active .select_pivot").click()
    assert page.locator(".tabPanel.active table.lpskg-pivot-table tbody tr").count() >= 1
    page.locator(".tabPanel.active .select_labels").click()  # IRIs by label, linking to their pages
    learning = page.locator(".tabPanel.active table.lpskg-label-table a", has_text="learning paradox").first
    learning.wait_for()
    assert learning.get_attribute("href") == "/resource/paradox/learning"
    assert len(page.evaluate("Object.keys(window.lpskgYasgui._tabs)")) == 2  # the first tab and the example's
    yasqe = "window.lpskgYasgui.getTab().getYasqe()"
    page.evaluate(f"{yasqe}.setValue('SELECT * WHERE {{ ?s nosuch:thing ?o }}')")  # an unknown prefix is marked
    marks.first.wait_for()
    page.evaluate(f"{yasqe}.setValue('SELECT * WHERE {{ ?s skos:broader ?o }}')")  # a predeclared one is declared
    page.wait_for_function(f"{yasqe}.getValue().includes('PREFIX skos:')")
    page.wait_for_function("!document.querySelector('.tabPanel.active .parseErrorIcon')")


def test_a_case_fingerprint_lights_what_the_case_touches_on_the_paradox_map(workbench, page):
    page.goto(workbench.base_url + "/?case=volvo-ce")
    summary = page.locator("#fingerprint-summary")
    page.wait_for_function("document.getElementById('fingerprint-summary').dataset.lit")
    rows = page.evaluate("""async () => {
        const r = await fetch('/api/queries/case-fingerprint?case=https://w3id.org/lpskg/resource/case/volvo-ce',
                              {headers: {Accept: 'application/sparql-results+json'}});
        return (await r.json()).results.bindings.map((b) => b.concept.value.replace('https://w3id.org/lpskg/resource/', '/resource/')); }""")
    drawn = page.evaluate("[...document.querySelectorAll('.svg-wrap svg a')].map((a) => a.getAttribute('href'))")
    lit = page.evaluate("[...document.querySelectorAll('.svg-wrap svg a.touched')].map((a) => a.getAttribute('href'))")
    assert lit and sorted(lit) == sorted(h for h in drawn if h in set(rows))
    assert "/resource/archetype/dogma" in lit  # Section 4.2: Dogma at Volvo CE
    assert int(summary.get_attribute("data-lit")) == len(lit)
    page.evaluate("document.querySelector('.fingerprint-controls').scrollIntoView({block: 'start'})")
    screenshot(page, "fingerprint.png", full_page=False)
    # another case, chosen on the page, lights another set; none clears it
    page.locator("#fingerprint-case").select_option("example-pumps")
    page.wait_for_url("**case=example-pumps")
    page.wait_for_function("document.querySelectorAll('.svg-wrap svg a.touched').length > 0")
    other = page.evaluate("[...document.querySelectorAll('.svg-wrap svg a.touched')].map((a) => a.getAttribute('href'))")
    assert sorted(other) != sorted(lit)
    page.locator("#fingerprint-case").select_option("")
    assert page.locator(".svg-wrap svg.fingerprint").count() == 0


def test_the_ontology_page_has_the_site_header_and_its_search_box(endpoint, page):
    page.goto(endpoint.base_url + "/ontology")
    assert page.locator("header.top a.brand").inner_text() == "lpskg"
    page.locator("#site-search").press_sequentially("Dogm", delay=40)
    page.locator("#site-search-list li", has_text="Dogma").first.wait_for()
    screenshot(page, "ontology.png", full_page=False)
    page.locator("header.top a.brand").click()
    page.wait_for_url(endpoint.base_url + "/")


def test_the_query_editor_declares_the_predeclared_prefixes_a_query_uses(endpoint, page):
    page.goto(endpoint.base_url + "/query")
    editor = "document.querySelector('.CodeMirror').CodeMirror"
    page.evaluate(f"{editor}.setValue('SELECT * WHERE {{ ?t archetype:x ?o }}')")
    page.wait_for_function(f"{editor}.getValue().includes('PREFIX archetype: <https://w3id.org/lpskg/resource/archetype/>')")
    page.evaluate(f"{editor}.setValue('SELECT * WHERE {{ ?t nosuch:x ?o }}')")
    page.locator(".parseErrorIcon").first.wait_for()  # a prefix nobody declares is still marked


def test_a_submitted_case_page_shows_its_diagnosis_with_links_to_the_map_and_the_comparison(workbench, page):
    page.goto(workbench.base_url + "/resource/case/example-pumps")
    section = page.locator("section#diagnosis")
    assert "Myopia" in section.locator("h3").first.inner_text()
    assert section.locator("h3").all_inner_texts()[:2] == ["Myopia: indicated", "Technical Monuments: indicated"]
    assert "Pacing" in section.inner_text() and "reported by this case" in section.inner_text()
    section.get_by_role("link", name="beside the paper's cases").click()
    page.wait_for_url("**/compare?*")
    assert page.locator("tbody.group").count() == 2       # the imbalance patterns beside the stated archetypes
    page.goto(workbench.base_url + "/resource/case/example-pumps#diagnosis")
    screenshot(page, "diagnosis.png", full_page=False)
