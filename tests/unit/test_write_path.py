"""The one write path (``lpskg.knowledge.graphs.Graphs``): entailments, the lock, the generation.

Each test here pins a bug the write path was built to remove: writes that
computed entailments only on some paths, a Graph Store merge that read, merged
and wrote back without a lock, caches that did not hear of every write.
"""
from __future__ import annotations

import threading

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from lpskg.knowledge.graphs import Graphs, ReadOnlyGraph
from lpskg.knowledge.inference import inferred_graph_name
from lpskg.namespaces import GRAPH, LPSKG, RESOURCE, graph_iri
from lpskg.store import EmbeddedStore

CASE = graph_iri("case", "write-path")
QUOTE = URIRef(f"{RESOURCE}quote/write-path-1")


@pytest.fixture
def graphs(writable_store_path):
    store = EmbeddedStore(writable_store_path)
    yield Graphs(store)
    store.close()


def evidence(graphs: Graphs) -> set[str]:
    return {str(r["e"]) for r in graphs.store.select("SELECT ?e WHERE { ?e a lpskg:Evidence }")}


def test_an_update_into_a_project_graph_gets_its_entailments_in_the_same_request(graphs: Graphs) -> None:
    """Regression: /update wrote the triples but not their entailments, so the quote was no lpskg:Evidence."""
    graphs.update(f"INSERT DATA {{ GRAPH <{CASE}> {{ <{QUOTE}> a lpskg:Quote ; lpskg:statedIn "
                  f"<{RESOURCE}passage/001-section-4.2> }} }}")
    assert str(QUOTE) in evidence(graphs)
    inferred = graphs.store.graph(inferred_graph_name(CASE))
    assert (QUOTE, RDF.type, LPSKG.Evidence) in inferred
    assert (QUOTE, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), URIRef(f"{RESOURCE}passage/001-section-4.2")) \
        in inferred, "super-properties too"
    graphs.update(f"DELETE DATA {{ GRAPH <{CASE}> {{ <{QUOTE}> a lpskg:Quote }} }}")
    assert str(QUOTE) not in evidence(graphs), "entailments follow a deletion too"


def test_an_update_that_names_its_graph_by_variable_refreshes_every_graph(graphs: Graphs) -> None:
    graphs.put({CASE: Graph()})
    graphs.update(f"INSERT {{ GRAPH ?g {{ <{QUOTE}> a lpskg:Quote }} }} WHERE {{ VALUES ?g {{ <{CASE}> }} }}")
    assert str(QUOTE) in evidence(graphs)


def test_the_sparql_refresh_computes_what_python_computes(graphs: Graphs) -> None:
    """The TBox's two evaluators agree on the whole bundle: Python at load, SPARQL after an update."""
    loaded = {name: graphs.store.graph(name) for name in graphs.store.graph_names() if "/inferred/" in name}
    graphs.store.update(graphs.tbox.refresh(None))
    refreshed = {name: graphs.store.graph(name) for name in graphs.store.graph_names() if "/inferred/" in name}
    assert loaded.keys() == refreshed.keys() and loaded
    for name in loaded:
        assert set(loaded[name]) == set(refreshed[name]), name


def test_concurrent_graph_store_merges_lose_nothing(graphs: Graphs) -> None:
    """Regression: a Graph Store POST read the graph, merged and wrote it back without a lock, so two
    merges at once could each write back what the other had not seen."""
    def merge(worker: int) -> None:
        for i in range(10):
            part = Graph()
            part.add((URIRef(f"{RESOURCE}quote/w{worker}-{i}"), RDF.type, LPSKG.Quote))
            graphs.add(CASE, part)

    threads = [threading.Thread(target=merge, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(graphs.store.graph(CASE)) == 60
    assert len(evidence(graphs) & {f"{RESOURCE}quote/w{n}-{i}" for n in range(6) for i in range(10)}) == 60


def test_inferred_graphs_cannot_be_written(graphs: Graphs) -> None:
    for write in (lambda: graphs.put({inferred_graph_name(CASE): Graph()}),
                  lambda: graphs.drop([inferred_graph_name(CASE)]),
                  lambda: graphs.update(f"DROP GRAPH <{inferred_graph_name(graph_iri('paper'))}>")):
        with pytest.raises(ReadOnlyGraph, match="computed entailments"):
            write()
    assert graphs.generation == 0


def test_every_write_moves_the_generation_and_tells_the_listeners(graphs: Graphs) -> None:
    heard = []
    graphs.on_change(heard.append)
    data = Graph()
    data.add((QUOTE, RDFS.label, Literal("q", lang="en")))
    graphs.put({CASE: data}, new=True)
    graphs.add(CASE, data)
    graphs.update(f"INSERT DATA {{ GRAPH <{CASE}> {{ <{QUOTE}> a lpskg:Quote }} }}")
    graphs.drop([CASE])
    assert [change.generation for change in heard] == [1, 2, 3, 4] and graphs.generation == 4
    assert heard[0].added is not None and len(heard[0].added) == 1, "a write of new graphs says what it added"
    assert all(change.added is None for change in heard[1:])
    assert heard[2].graphs == frozenset({CASE}) and heard[3].graphs == frozenset({CASE})
    assert not graphs.store.has_graph(inferred_graph_name(CASE))


def test_a_changed_ontology_changes_every_graphs_entailments(graphs: Graphs) -> None:
    """Writing the ontology graph re-derives the entailments of the other graphs under the new hierarchy."""
    ontology = graphs.store.graph(graph_iri("ontology"))
    ontology.add((LPSKG.Quote, RDFS.subClassOf, URIRef("urn:lpskg-test:Utterance")))
    graphs.put({graph_iri("ontology"): ontology})
    utterances = graphs.store.select("SELECT ?q WHERE { ?q a <urn:lpskg-test:Utterance> }")
    assert len(utterances) > 10, "every quote of the paper is now an utterance"


def test_the_lock_is_held_around_a_read_check_write(graphs: Graphs) -> None:
    """A submission checks that its id is free and writes under one lock: no write slips in between."""
    order = []
    inside = threading.Event()

    def other_write() -> None:
        inside.wait()
        graphs.add(CASE, Graph())
        order.append("other")

    thread = threading.Thread(target=other_write)
    thread.start()
    with graphs.writing():
        inside.set()
        thread.join(timeout=0.3)
        order.append("checked and written")
    thread.join()
    assert order == ["checked and written", "other"]
    assert str(GRAPH) in CASE
