"""The embedded store: named graphs, atomic replacement, persistence, clear errors."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from lpskg.knowledge.graphs import Graphs
from lpskg.namespaces import RESOURCE, graph_iri
from lpskg.store import EmbeddedStore, QuerySyntaxError, StoreError

CASE = graph_iri("case", "demo")
OTHER = graph_iri("case", "other")


def _graph(*labels: str) -> Graph:
    graph = Graph()
    for label in labels:
        graph.add((URIRef(f"{RESOURCE}case/{label}"), RDFS.label, Literal(label, lang="en")))
    return graph


def put(store: EmbeddedStore, graphs: dict[str, Graph]) -> None:
    """Replace named graphs the only way lpskg writes them, through the write path."""
    Graphs(store).put(graphs)


@pytest.fixture()
def store(tmp_path):
    opened = EmbeddedStore(tmp_path / "store")
    yield opened
    opened.close()


def test_replace_graph_replaces_only_that_graph(store):
    put(store, {CASE: _graph("a", "b"), OTHER: _graph("x")})
    put(store, {CASE: _graph("c")})
    assert store.graph_names() == sorted([CASE, OTHER])
    assert {str(o) for o in store.graph(CASE).objects()} == {"c"}
    assert {str(o) for o in store.graph(OTHER).objects()} == {"x"}
    assert store.triple_count() == 2


def test_a_failing_update_leaves_the_store_unchanged(store):
    put(store, {CASE: _graph("a")})
    with pytest.raises(QuerySyntaxError):
        store.update(f"DROP GRAPH <{CASE}> ; INSERT DATA {{ GRAPH <{CASE}> {{ <x:s> <x:p> }} }}")
    assert {str(o) for o in store.graph(CASE).objects()} == {"a"}


def test_data_survives_reopening(tmp_path):
    first = EmbeddedStore(tmp_path / "store")
    put(first, {CASE: _graph("kept")})
    first.close()
    again = EmbeddedStore(tmp_path / "store")
    assert {str(o) for o in again.graph(CASE).objects()} == {"kept"}
    again.close()


def test_a_second_writer_is_told_why_it_cannot_open(store):
    with pytest.raises(StoreError, match="in use by another process"):
        EmbeddedStore(store.path)


def test_read_only_views_beside_the_writer_keep_answering(store):
    for round_ in range(20):
        put(store, {graph_iri("case", f"c{round_ % 3}"): _graph(f"v{round_}")})
        view = EmbeddedStore(store.path, read_only=True)
        assert len(view.select("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")) == min(round_ + 1, 3)
        view.close()
    view = EmbeddedStore(store.path, read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        view.update(f"DROP GRAPH <{CASE}>")


def test_select_returns_rdflib_terms_and_the_projection(store):
    put(store, {CASE: _graph("a")})
    rows = store.select("SELECT ?s ?label ?missing WHERE { ?s rdfs:label ?label OPTIONAL { ?s <x:none> ?missing } }")
    assert rows.variables == ["s", "label", "missing"]
    assert rows == [{"s": URIRef(f"{RESOURCE}case/a"), "label": Literal("a", lang="en")}]


def test_bindings_are_values_not_query_text(store):
    put(store, {CASE: _graph("a")})
    hostile = Literal('a"@en } ; DROP ALL ; #')
    query = "SELECT ?s ?label WHERE { ?s rdfs:label ?label }"
    assert store.select(query, bindings={"label": hostile}) == []
    assert store.select(query, bindings={"label": Literal("a", lang="en")}) == [
        {"s": URIRef(f"{RESOURCE}case/a"), "label": Literal("a", lang="en")}]
    assert store.triple_count() == 1


def test_a_binding_outside_the_projection_is_explained(store):
    with pytest.raises(QuerySyntaxError, match="must be listed in the SELECT clause"):
        store.select("SELECT ?s WHERE { ?s rdfs:label ?label }", bindings={"label": Literal("a")})


def test_syntax_errors_carry_the_position_on_one_line(store):
    with pytest.raises(QuerySyntaxError) as error:
        store.select("SELECT ?x WHERE {")
    assert str(error.value).startswith("line 1, column 18: the query ends before it is complete ('{' not closed)")
    assert "\n" not in str(error.value)


#: Queries people get wrong, and what the message must say (issue 26: not the parser's token lists).
SYNTAX_ERRORS = [
    ("SELECT * WHERE { ?s foo:bar ?o }", "line 1, column 21: unknown prefix foo: in 'foo:bar'; declare it with PREFIX foo:"),
    ("SELECT * WHERE { ?s dc:title ?o }", "unknown prefix dc: in 'dc:title' (did you mean dct:?)"),
    ("SELECT * WHERE { ?s ?p }", "the triple pattern '?s ?p' has no object"),
    ("SELECT * WHERE { ?s rdfs:label ?l . ?l ?p }", "the triple pattern '?l ?p' has no object"),
    ("SELEC * WHERE {}", "the text does not begin with a query form: SELECT, CONSTRUCT, ASK or DESCRIBE"),
    ('SELECT * WHERE { ?s ?p "a }', 'a string opened with " at line 1 is not closed'),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT x", "unexpected 'x'; expected HAVING, OFFSET"),
    ("SELECT * WHERE { ?s ?p ?o FILTER(?o > ) }", "expected an expression"),
]


@pytest.mark.parametrize("query, said", SYNTAX_ERRORS)
def test_a_syntax_error_says_what_is_wrong_in_words(store, query: str, said: str) -> None:
    with pytest.raises(QuerySyntaxError) as error:
        store.select(query)
    assert said in str(error.value)
    assert "['" not in str(error.value) and "expected one of" not in str(error.value)


def test_dct_is_predeclared_beside_dcterms(bundle_store) -> None:
    titles = {str(r["t"]) for r in bundle_store.select("SELECT ?t WHERE { ?w dct:title ?t }")}
    assert titles and titles == {str(r["t"]) for r in bundle_store.select("SELECT ?t WHERE { ?w dcterms:title ?t }")}


def test_a_large_write_is_one_request_of_blocks_that_keep_blank_nodes_together(tmp_path):
    """A graph past one INSERT DATA block (Virtuoso refuses an operation of more than about 2,000 triples) is
    written as several operations of one request; a blank node that links triples of different blocks'
    worth, and one shared by two graphs of an import, stays one node (Oxigraph refuses a label shared by
    two operations)."""
    import pyoxigraph as ox
    from rdflib import BNode

    from lpskg.store.inserts import INSERT_DATA_BLOCK, graph_as_insert, insert_data

    graph = Graph()
    for number in range(INSERT_DATA_BLOCK * 3):
        graph.add((URIRef(f"urn:lpskg-test:{number}"), RDFS.label, Literal(str(number))))
    nodes = [BNode() for _ in range(5)]
    for number, (node, following) in enumerate(zip(nodes, nodes[1:])):
        graph.add((node, RDFS.seeAlso, following))
        graph.add((URIRef(f"urn:lpskg-test:{number * INSERT_DATA_BLOCK}"), RDFS.seeAlso, node))
    text = graph_as_insert("urn:lpskg-test:chain", graph)
    assert text.count("INSERT DATA") >= 3
    store = ox.Store()
    store.update(text)
    assert len(store) == len(graph)
    assert len({term for quad in store for term in (quad.subject, quad.object)
                if isinstance(term, ox.BlankNode)}) == len(nodes)
    shared = ox.BlankNode()
    quads = [ox.Quad(shared, ox.NamedNode("urn:p"), ox.Literal(str(n)), ox.NamedNode(f"urn:g{n % 2}"))
             for n in range(INSERT_DATA_BLOCK + 10)]
    quads += [ox.Quad(ox.NamedNode(f"urn:s{n}"), ox.NamedNode("urn:p"), ox.Literal("x"), ox.NamedNode("urn:g"))
              for n in range(INSERT_DATA_BLOCK * 2)]
    store = ox.Store()
    store.update(insert_data(quads))
    assert len(store) == len(quads)
    assert len({q.subject for q in store.quads_for_pattern(None, ox.NamedNode("urn:p"), None, None)
                if isinstance(q.subject, ox.BlankNode)}) == 1


def test_the_docs_list_every_predeclared_prefix() -> None:
    from lpskg.namespaces import QUERY_PREFIXES, RESOURCE_KINDS

    from support.stores import REPO

    docs = (REPO / "docs" / "endpoint.md").read_text(encoding="utf-8")
    assert all(f"`{prefix}:`" in docs for prefix in QUERY_PREFIXES)
    assert all(f"| `{p}:` | `{iri}` |" in docs for p, iri in QUERY_PREFIXES.items() if p not in RESOURCE_KINDS)
