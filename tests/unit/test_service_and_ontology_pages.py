"""The header's "Service description" opens a page with the site's header (the same description as RDF for a
client), and /ontology shows the namespace's IRI, not its prefix."""
from __future__ import annotations

import re

import requests
from rdflib import Graph
from rdflib.compare import isomorphic

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def test_the_header_links_the_service_description_page(endpoint):
    home = requests.get(endpoint.base_url + "/", headers=BROWSER).text
    link = re.search(r'<a href="([^"]+)">Service description</a>', home).group(1)
    assert link == "/service-description"   # before: /sparql?format=turtle, raw Turtle without the header
    page = requests.get(endpoint.base_url + link, headers=BROWSER)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert 'id="site-search"' in page.text and "SPARQL 1.1 Query" in page.text
    assert f"<code id=\"endpoint\">{endpoint.base_url}/sparql</code>" in page.text
    assert "https://w3id.org/lpskg/graph/paper" in page.text and "text/csv" in page.text


def test_a_client_gets_the_same_description_as_rdf(endpoint):
    ours = requests.get(endpoint.base_url + "/service-description", headers={"Accept": "text/turtle"})
    protocol = requests.get(endpoint.base_url + "/sparql", headers={"Accept": "text/turtle"})
    assert ours.status_code == 200 and ours.headers["Content-Type"].startswith("text/turtle")
    assert isomorphic(Graph().parse(data=ours.text, format="turtle"), Graph().parse(data=protocol.text, format="turtle"))
    assert requests.get(endpoint.base_url + "/service-description", params={"format": "jsonld"}).headers[
        "Content-Type"].startswith("application/ld+json")


def test_the_ontology_page_shows_the_namespace_iri(endpoint):
    html = requests.get(endpoint.base_url + "/ontology", headers=BROWSER).text
    shown = re.search(r'preferredNamespaceUri".*?<dd>\s*<a href="([^"]+)">([^<]*)</a>', html, re.S)
    assert shown.group(1) == shown.group(2) == "https://w3id.org/lpskg/ontology#"
