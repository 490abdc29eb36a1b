"""Per-graph entailments: class and property hierarchy and inverses of the real ontology."""
from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from lpskg.knowledge.graphs import Graphs, ontology_tbox
from lpskg.knowledge.inference import inferred_graph_name
from lpskg.namespaces import GRAPH, LPSKG, PROV, RESOURCE
from lpskg.store import EmbeddedStore

TENSION = URIRef(f"{RESOURCE}tension/demo")
POLE = URIRef(f"{RESOURCE}pole/demo")
ACTION = URIRef(f"{RESOURCE}strategy/demo")


def test_types_and_inverses_are_entailed():
    data = Graph()
    data.add((TENSION, RDF.type, LPSKG.Tension))
    data.add((TENSION, LPSKG.hasPole, POLE))
    data.add((ACTION, RDF.type, LPSKG.ReContextualisingAction))
    data.add((ACTION, LPSKG.addressesTension, TENSION))
    data.add((ACTION, LPSKG.statedIn, URIRef(f"{RESOURCE}passage/demo")))
    inferred = ontology_tbox().entail(data)
    assert (POLE, LPSKG.poleOf, TENSION) in inferred
    assert (TENSION, RDF.type, SKOS.Concept) in inferred
    assert {o for o in inferred.objects(ACTION, RDF.type)} == {
        LPSKG.ResolutionStrategy, LPSKG.Concept, SKOS.Concept}
    assert (ACTION, LPSKG.addresses, TENSION) in inferred
    assert (ACTION, PROV.wasDerivedFrom, URIRef(f"{RESOURCE}passage/demo")) in inferred
    assert not set(inferred) & set(data), "asserted triples are not repeated"


def test_entailments_live_in_their_own_graph(tmp_path):
    name = f"{GRAPH}case/demo"
    data = Graph()
    data.add((TENSION, RDF.type, LPSKG.Tension))
    store = EmbeddedStore(tmp_path / "store")
    try:
        Graphs(store).put({name: data})
        assert store.graph_names() == [name, f"{GRAPH}inferred/case/demo"]
        assert (TENSION, RDF.type, SKOS.Concept) in store.graph(f"{GRAPH}inferred/case/demo")
    finally:
        store.close()
    assert inferred_graph_name(f"{GRAPH}paper") == f"{GRAPH}inferred/paper"
