"""The SPARQL 1.1 Protocol, Graph Store Protocol and Service Description, requirement by requirement.

Each test names the section of the W3C Recommendation it checks, and the
W3C test-suite entry (rdf-tests ``sparql11/protocol`` and
``sparql11/http-rdf-update``) where there is one; together with
``test_endpoint_protocol.py`` (formats, errors, real clients) they cover what
the endpoint claims.  Writes go to graphs of their own on the shared test
endpoint, and are dropped again.
"""
from __future__ import annotations

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, VOID
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from support.servers import TEST_TOKEN

AUTH = {"Authorization": f"Bearer {TEST_TOKEN}"}
SD = "http://www.w3.org/ns/sparql-service-description#"
PAPER = "https://w3id.org/lpskg/graph/paper"
PROJECT = "https://w3id.org/lpskg/graph/project"
PERFORMING = "https://w3id.org/lpskg/resource/paradox/performing"
PARADOXES = "SELECT ?label WHERE { ?p a lpskg:Paradox ; rdfs:label ?label }"
COUNT_PARADOXES = "SELECT (COUNT(?p) AS ?n) {from} WHERE {{ ?p a lpskg:Paradox }}"


@pytest.fixture(scope="module")
def base(endpoint) -> str:
    return endpoint.base_url


def csv_rows(response: requests.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return response.text.splitlines()[1:]


def update(base: str, text: str) -> requests.Response:
    answer = requests.post(base + "/update", data={"update": text}, headers=AUTH, timeout=30)
    assert answer.status_code == 204, answer.text
    return answer


# --------------------------------------------------------------------------- base IRI

def test_relative_iris_in_a_query_resolve_against_the_endpoint_url(base):
    """SPARQL 1.1 Query 4.1.1 and RFC 3986 5.1: a relative IRI resolves against the service's base IRI,
    here the endpoint's URL; it was refused with "IRI parsing failed"."""
    answer = requests.get(base + "/sparql", params={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"},
                          headers={"Accept": "application/n-triples"}, timeout=30)
    assert answer.status_code == 200, answer.text
    assert answer.text.strip() == f'<{base}/s> <{base}/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .'


def test_relative_iris_in_an_update_resolve_against_the_endpoint_url(base):
    """SPARQL 1.1 Protocol test ``update_base_uri``: the update stores an IRI that is not ``<test>``."""
    graph = "http://example.org/protocol-base-test/"
    update(base, f"CLEAR SILENT GRAPH <{graph}> ; INSERT DATA {{ GRAPH <{graph}> "
                 "{ <http://example.org/s> <http://example.org/p> <test> } }")
    rows = csv_rows(requests.get(base + "/sparql", headers={"Accept": "text/csv"}, timeout=30, params={
        "query": f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ <http://example.org/s> <http://example.org/p> ?o }} }}"}))
    assert rows == [f"{base}/test"]
    update(base, f"DROP GRAPH <{graph}>")


# --------------------------------------------------------------------------- content negotiation

@pytest.mark.parametrize("accept, expected", [
    ("application/sparql-results+json; charset=utf-8", "application/sparql-results+json"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("text/*;q=0.3, text/tab-separated-values;q=0.8", "text/tab-separated-values"),
    ("application/json;q=1, */*;q=0.1", "application/sparql-results+json"),
])
def test_accept_parameters_and_q_values_are_honoured(base, accept, expected):
    """SPARQL 1.1 Protocol 2.1.6 and RFC 9110 12.5.1: media ranges carry parameters and q-values;
    ``application/sparql-results+json; charset=utf-8`` was refused with 406."""
    answer = requests.get(base + "/sparql", params={"query": PARADOXES}, headers={"Accept": accept}, timeout=30)
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"].split(";")[0] == expected
    assert "learning paradox" in answer.text


def test_a_charset_other_than_utf8_cannot_be_served(base):
    """RFC 9110 12.5.1: a media range's charset restricts it; lpskg writes UTF-8 only, so this is a 406."""
    answer = requests.get(base + "/sparql", params={"query": PARADOXES}, timeout=30,
                          headers={"Accept": "text/csv; charset=iso-8859-1"})
    assert answer.status_code == 406 and "can be served as" in answer.text


@pytest.mark.parametrize("fmt, check", [
    (JSON, lambda r: {b["label"]["value"] for b in r["results"]["bindings"]}),
    (XML, lambda r: {n.firstChild.data for n in r.getElementsByTagName("literal")}),
    (CSV, lambda r: set(r.decode().splitlines()[1:])),
    (TSV, lambda r: {line.split("@")[0].strip('"') for line in r.decode().splitlines()[1:]}),
])
def test_sparqlwrapper_gets_every_result_format(base, fmt, check):
    """SPARQL 1.1 Protocol 2.1.6 with a client nobody here wrote: SPARQLWrapper repeats ``format``
    (``format=tsv&format=text/tab-separated-values``), which was a 400 for TSV."""
    client = SPARQLWrapper(base + "/sparql")
    client.setQuery("PREFIX lpskg: <https://w3id.org/lpskg/ontology#> "
                    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " + PARADOXES)
    client.setReturnFormat(fmt)
    assert check(client.queryAndConvert()) == {"belonging paradox", "learning paradox", "organising paradox",
                                               "performing paradox"}


@pytest.mark.parametrize("fmt, rdflib_format", [(TURTLE, "turtle"), (N3, "turtle"), (RDFXML, "xml"),
                                                (XML, "xml"), (JSONLD, "json-ld")])
def test_sparqlwrapper_gets_every_graph_format(base, fmt, rdflib_format):
    """SPARQL 1.1 Protocol 2.1.6: CONSTRUCT in each RDF format SPARQLWrapper asks for; RDF/XML and
    JSON-LD failed with 400 "the request has 2 'format' parameters"."""
    client = SPARQLWrapper(base + "/sparql")
    client.setQuery(f"CONSTRUCT {{ <{PERFORMING}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }} "
                    f"WHERE {{ <{PERFORMING}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}")
    client.setReturnFormat(fmt)
    result = client.query()
    body = result.response.read()
    graph = Graph().parse(data=body, format=rdflib_format)
    assert graph.value(URIRef(PERFORMING), RDFS.label) == Literal("performing paradox", lang="en")


def test_format_parameters_naming_two_formats_are_a_400(base):
    """Repeats of ``format`` that name one format are one request; two formats contradict each other."""
    same = requests.get(base + "/sparql", timeout=30, params=[
        ("query", PARADOXES), ("format", "json"), ("format", "application/sparql-results+json")])
    assert same.status_code == 200 and same.headers["Content-Type"].startswith("application/sparql-results+json")
    both = requests.get(base + "/sparql", params=[("query", PARADOXES), ("format", "json"), ("format", "csv")],
                        timeout=30)
    assert both.status_code == 400 and "2 different formats" in both.text


# --------------------------------------------------------------------------- dataset

def count(base: str, from_clause: str = "", **params: str) -> int:
    query = COUNT_PARADOXES.format(**{"from": from_clause})
    return int(csv_rows(requests.get(base + "/sparql", params={"query": query, **params},
                                     headers={"Accept": "text/csv"}, timeout=30))[0])


def test_from_clauses_choose_the_dataset_when_the_request_names_none(base):
    """SPARQL 1.1 Query 13.2: FROM gives the default graph (the union default graph must not replace it);
    13.2.2: FROM NAMED alone leaves the default graph empty."""
    assert count(base) == 4
    assert count(base, f"FROM <{PAPER}>") == 4
    assert count(base, f"FROM <{PROJECT}>") == 0
    assert count(base, f"FROM NAMED <{PAPER}>") == 0


def test_protocol_graph_parameters_override_from_clauses(base):
    """SPARQL 1.1 Protocol 2.1.4: default-graph-uri / named-graph-uri take precedence over FROM / FROM NAMED
    (test ``query_multiple_dataset``)."""
    assert count(base, f"FROM <{PROJECT}>", **{"default-graph-uri": PAPER}) == 4
    assert count(base, f"FROM <{PAPER}>", **{"default-graph-uri": PROJECT}) == 0
    graphs = "SELECT DISTINCT ?g FROM NAMED <{}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}".format(PAPER)
    rows = csv_rows(requests.get(base + "/sparql", params={"query": graphs, "named-graph-uri": PROJECT},
                                 headers={"Accept": "text/csv"}, timeout=30))
    assert rows == [PROJECT]


def test_post_form_takes_dataset_parameters_from_the_url_too(base):
    """SPARQL 1.1 Protocol 2.1.2 (test ``query_post_form``): the URL's parameters join the form's."""
    answer = requests.post(base + "/sparql", params={"default-graph-uri": PROJECT}, timeout=30,
                           data={"query": COUNT_PARADOXES.format(**{"from": ""})}, headers={"Accept": "text/csv"})
    assert csv_rows(answer) == ["0"]


# --------------------------------------------------------------------------- errors

@pytest.mark.parametrize("method, path, kwargs, status", [
    ("PUT", "/sparql?query=ASK%20%7B%7D", {}, 405),                                       # bad_query_method
    ("GET", "/sparql?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D", {}, 400),             # bad_multiple_queries
    ("POST", "/sparql", {"data": b"ASK {}", "headers": {"Content-Type": "text/plain"}}, 415),  # wrong_media_type
    ("POST", "/sparql", {"data": b"query=ASK%20%7B%7D"}, 415),                             # missing_form_type
    ("POST", "/sparql", {"data": b"ASK {}"}, 415),                                        # missing_direct_type
    ("GET", "/sparql?query=ASK%20%7B", {}, 400),                                          # bad_query_syntax
    ("GET", "/update?update=CLEAR%20ALL", {}, 400),                                       # bad_update_get
    ("POST", "/update", {"data": b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT",
                         "headers": {**AUTH, "Content-Type": "application/x-www-form-urlencoded"}}, 400),
    ("POST", "/update", {"data": b"CLEAR NAMED", "headers": {**AUTH, "Content-Type": "text/plain"}}, 415),
    ("POST", "/update", {"data": b"CLEAR NAMED", "headers": AUTH}, 415),                  # missing_direct_type
    ("POST", "/update", {"data": b"update=CLEAR%20G", "headers": {
        **AUTH, "Content-Type": "application/x-www-form-urlencoded"}}, 400),               # bad_update_syntax
    ("POST", "/update?using-named-graph-uri=urn:g", {
        "data": b"WITH <urn:x> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "headers": {**AUTH, "Content-Type": "application/sparql-update"}}, 400),           # bad_update_dataset_conflict
])
def test_every_protocol_error_is_a_4xx_saying_why(base, method, path, kwargs, status):
    """SPARQL 1.1 Protocol 2.1.5 / 2.2.5 and the protocol test suite's ``bad_*`` entries."""
    answer = requests.request(method, base + path, timeout=30, **kwargs)
    assert answer.status_code == status, answer.text
    assert "Traceback" not in answer.text and len(answer.text.strip()) > 10


# --------------------------------------------------------------------------- update answers, CORS

def test_a_successful_update_answers_204_without_a_content_type(base):
    """HTTP semantics (RFC 9110 15.3.5): a 204 has no content, so no Content-Type; it was text/html."""
    answer = update(base, "INSERT DATA { GRAPH <urn:lpskg-test:no-content> { <urn:a> <urn:b> 1 } }")
    assert "Content-Type" not in answer.headers and answer.content == b""
    update(base, "DROP GRAPH <urn:lpskg-test:no-content>")


def test_a_page_on_another_origin_may_write_with_the_token(base):
    """Fetch standard, CORS protocol: the preflight must allow the Authorization header, else a web
    application on another origin cannot send the token."""
    preflight = requests.options(base + "/update", timeout=30, headers={
        "Origin": "https://app.example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "authorization" in preflight.headers["Access-Control-Allow-Headers"].lower()
    gsp = requests.options(base + "/rdf-graphs/service?graph=urn:x", timeout=30, headers={
        "Origin": "https://app.example.org", "Access-Control-Request-Method": "PUT"})
    assert {"PUT", "DELETE"} <= {m.strip() for m in gsp.headers["Access-Control-Allow-Methods"].split(",")}
    write = requests.post(base + "/update", timeout=30, headers={**AUTH, "Origin": "https://app.example.org"},
                          data={"update": "DROP SILENT GRAPH <urn:lpskg-test:cors>"})
    assert write.status_code == 204 and write.headers["Access-Control-Allow-Origin"] == "*"


# --------------------------------------------------------------------------- graph store protocol

GSP = "/rdf-graphs/service"
PERSON = """@prefix foaf: <http://xmlns.com/foaf/0.1/> .
[] a foaf:Person ; foaf:name "Alice" ."""


def test_post_without_a_graph_creates_one_and_says_where(base):
    """Graph Store Protocol 5.5 (test ``post__create__new_graph``): 201 Created and a Location naming the
    new graph, which GET then answers (direct identification, GSP 4.1)."""
    created = requests.post(base + GSP, data=PERSON.encode(), timeout=30,
                            headers={**AUTH, "Content-Type": "text/turtle; charset=utf-8"})
    assert created.status_code == 201, created.text
    location = created.headers["Location"]
    assert location.startswith(base + "/rdf-graphs/") and "Content-Type" not in created.headers
    fetched = requests.get(location, headers={"Accept": "text/turtle"}, timeout=30)
    assert fetched.status_code == 200
    people = Graph().parse(data=fetched.text, format="turtle")
    assert [str(o) for o in people.objects(None, URIRef("http://xmlns.com/foaf/0.1/name"))] == ["Alice"]
    indirect = requests.get(base + GSP, params={"graph": location}, headers={"Accept": "text/turtle"}, timeout=30)
    assert indirect.text == fetched.text
    assert requests.delete(location, headers=AUTH, timeout=30).status_code == 204
    assert requests.get(location, timeout=30).status_code == 404


def test_direct_identification_put_get_post_delete(base):
    """Graph Store Protocol 4.1: a graph whose IRI is a URL of this server under /rdf-graphs/ is reached at
    that URL (tests ``put__initial_state`` to ``delete__nonexistent_graph``)."""
    url = base + "/rdf-graphs/person/1.ttl"
    body = '<http://example.org/person/1> <http://xmlns.com/foaf/0.1/name> "John Doe" .'
    assert requests.put(url, data=body, headers={**AUTH, "Content-Type": "text/turtle; charset=utf-8"},
                        timeout=30).status_code == 201
    again = requests.put(url, data=body, headers={**AUTH, "Content-Type": "text/turtle"}, timeout=30)
    assert again.status_code == 204
    merged = requests.post(url, data=b'<http://example.org/person/1> <http://xmlns.com/foaf/0.1/nick> "JD" .',
                           headers={**AUTH, "Content-Type": "application/n-triples"}, timeout=30)
    assert merged.status_code == 204
    graph = requests.get(base + GSP, params={"graph": url}, headers={"Accept": "application/n-triples"}, timeout=30)
    assert len(graph.text.strip().splitlines()) == 2
    clash = requests.get(url, params={"graph": "urn:other"}, timeout=30)
    assert clash.status_code == 400 and "names its graph itself" in clash.text
    assert requests.delete(url, headers=AUTH, timeout=30).status_code == 204
    assert requests.delete(url, headers=AUTH, timeout=30).status_code == 404


def test_a_relative_graph_parameter_resolves_against_the_request_url(base):
    """Graph Store Protocol 4.2 (the test suite's ``?graph=$GRAPHSTORE$/person/1.ttl``)."""
    put = requests.put(base + GSP, params={"graph": "relative/1"}, data=b"<urn:a> <urn:b> <urn:c> .",
                       headers={**AUTH, "Content-Type": "application/n-triples"}, timeout=30)
    assert put.status_code == 201, put.text
    direct = requests.get(base + "/rdf-graphs/relative/1", headers={"Accept": "application/n-triples"}, timeout=30)
    assert direct.text.strip() == "<urn:a> <urn:b> <urn:c> ."
    assert requests.delete(base + "/rdf-graphs/relative/1", headers=AUTH, timeout=30).status_code == 204


def test_post_of_multipart_form_data_merges_every_part(base):
    """Graph Store Protocol 5.5 (test ``post__multipart_formdata``): each part is an RDF document, and all
    of them are merged into the graph."""
    graph = "urn:lpskg-test:multipart"
    files = [("lastName.ttl", ("lastName.ttl", b'<urn:p1> <http://xmlns.com/foaf/0.1/familyName> "Doe" .',
                               "text/turtle; charset=utf-8")),
             ("firstName.nt", ("firstName.nt", b'<urn:p1> <http://xmlns.com/foaf/0.1/givenName> "Jane" .\n',
                               "application/n-triples"))]
    posted = requests.post(base + GSP, params={"graph": graph}, files=files, headers=AUTH, timeout=30)
    assert posted.status_code == 201, posted.text
    triples = requests.get(base + GSP, params={"graph": graph}, headers={"Accept": "application/n-triples"},
                           timeout=30).text
    assert '"Doe"' in triples and '"Jane"' in triples
    wrong = requests.post(base + GSP, params={"graph": graph}, headers=AUTH, timeout=30,
                          files=[("x", ("x.png", b"\x89PNG", "image/png"))])
    assert wrong.status_code == 415 and "x.png" in wrong.text
    assert requests.delete(base + GSP, params={"graph": graph}, headers=AUTH, timeout=30).status_code == 204


def test_head_answers_like_get_without_a_body(base):
    """Graph Store Protocol 5.4 (tests ``head_on_an_existing_graph``, ``head_on_a_nonexisting_graph``), with the
    Accept header of the protocol's own examples."""
    headers = {"Accept": "text/turtle; charset=utf-8"}
    get = requests.get(base + GSP, params={"graph": PROJECT}, headers=headers, timeout=30)
    head = requests.head(base + GSP, params={"graph": PROJECT}, headers=headers, timeout=30)
    assert get.status_code == head.status_code == 200
    assert head.headers["Content-Type"] == get.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert head.headers["Content-Length"] == str(len(get.content)) and head.content == b""
    assert requests.head(base + "/rdf-graphs/person/4.ttl", timeout=30).status_code == 404


# --------------------------------------------------------------------------- service description, VoID

def description(url: str, **headers: str) -> Graph:
    answer = requests.get(url, headers={"Accept": "text/turtle", **headers}, timeout=30)
    assert answer.status_code == 200, answer.text
    return Graph().parse(data=answer.text, format="turtle")


def test_each_endpoint_describes_what_it_does_and_only_that(base):
    """SPARQL 1.1 Service Description 3.2.4: ``/sparql`` refuses updates, so it claims SPARQL11Query only;
    ``/update`` publishes its own description (GET gave 405) claiming SPARQL11Update."""
    query = description(base + "/sparql")
    languages = set(query.objects(None, URIRef(SD + "supportedLanguage")))
    assert languages == {URIRef(SD + "SPARQL11Query")}
    assert (None, URIRef(SD + "endpoint"), URIRef(base + "/sparql")) in query
    updates = description(base + "/update")
    assert set(updates.objects(None, URIRef(SD + "supportedLanguage"))) == {URIRef(SD + "SPARQL11Update")}
    assert (None, URIRef(SD + "endpoint"), URIRef(base + "/update")) in updates
    assert not set(updates.objects(None, URIRef(SD + "resultFormat")))
    for graph in (query, updates):
        assert set(graph.objects(None, URIRef(SD + "defaultDataset"))) == {URIRef(base + "/.well-known/void#dataset")}


def test_the_void_description_counts_what_the_store_holds(base, kg):
    """VoID (W3C Note 2011) 7.2: ``/.well-known/void`` describes the dataset: a subset per named graph with
    its triples, the SPARQL endpoint, the vocabularies, the licence, and a dump of each graph that loads."""
    void = description(base + "/.well-known/void")
    dataset = URIRef(base + "/.well-known/void#dataset")
    assert (dataset, RDF.type, VOID.Dataset) in void
    assert void.value(dataset, VOID.sparqlEndpoint) == URIRef(base + "/sparql")
    assert void.value(dataset, URIRef("http://purl.org/dc/terms/license")) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/")
    assert URIRef("https://w3id.org/lpskg/ontology#") in set(void.objects(dataset, VOID.vocabulary))
    subsets = {str(void.value(s, URIRef(SD + "name"))): s for s in void.objects(dataset, VOID.subset)}
    expected = {row["g"]: int(row["n"]) for row in kg.select(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g") if "lpskg" in row["g"]}
    for name, triples in expected.items():
        assert int(void.value(subsets[name], VOID.triples)) == triples, name
    dump = requests.get(str(void.value(subsets[PAPER], VOID.dataDump)), timeout=30)
    assert len(Graph().parse(data=dump.text, format="turtle")) == expected[PAPER]


# --------------------------------------------------------------------------- federation from another engine

def test_pyoxigraph_federates_a_query_to_the_endpoint(base):
    """SPARQL 1.1 Federated Query 2: a pyoxigraph store nobody here configured sends the SERVICE pattern to
    ``/sparql`` (direct POST, its own Accept header) and joins the answer with its local data."""
    local = ox.Store()
    local.add(ox.Quad(ox.NamedNode(PERFORMING), ox.NamedNode("urn:local:note"), ox.Literal("seen locally")))
    rows = local.query(f"""SELECT ?label ?note WHERE {{
        ?p <urn:local:note> ?note .
        SERVICE <{base}/sparql> {{ ?p <http://www.w3.org/2000/01/rdf-schema#label> ?label }} }}""")
    assert [(row["label"].value, row["note"].value) for row in rows] == [("performing paradox", "seen locally")]


# --------------------------------------------------------------------------- writing with clients nobody here wrote

def test_rdflib_sparqlupdatestore_writes_with_the_token_and_reads_back(base):
    """SPARQL 1.1 Protocol 2.2 with rdflib's SPARQLUpdateStore: its INSERT DATA (form POST) carries the token,
    and the triple is read back through the same store's queries."""
    from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

    store = SPARQLUpdateStore(base + "/sparql", base + "/update", headers=AUTH)
    graph = Graph(store=store, identifier=URIRef("urn:lpskg-test:rdflib-client"))
    graph.add((URIRef("urn:lpskg-test:a"), RDFS.label, Literal("written by rdflib", lang="en")))
    assert graph.value(URIRef("urn:lpskg-test:a"), RDFS.label) == Literal("written by rdflib", lang="en")
    update(base, "DROP GRAPH <urn:lpskg-test:rdflib-client>")


def test_sparqlwrapper_sends_an_update_with_the_token(base):
    """SPARQL 1.1 Protocol 2.2.1 with SPARQLWrapper's update (form POST) and a custom Authorization header."""
    client = SPARQLWrapper(base + "/sparql", updateEndpoint=base + "/update")
    client.addCustomHttpHeader("Authorization", AUTH["Authorization"])
    client.setMethod("POST")
    client.setQuery("INSERT DATA { GRAPH <urn:lpskg-test:wrapper> { <urn:lpskg-test:b> <urn:lpskg-test:p> 1 } }")
    assert client.query().response.status == 204
    rows = csv_rows(requests.get(base + "/sparql", headers={"Accept": "text/csv"}, timeout=30, params={
        "query": "SELECT ?o WHERE { GRAPH <urn:lpskg-test:wrapper> { ?s ?p ?o } }"}))
    assert rows == ["1"]
    update(base, "DROP GRAPH <urn:lpskg-test:wrapper>")
