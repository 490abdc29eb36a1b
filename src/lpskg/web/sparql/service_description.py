"""The SPARQL 1.1 Service Description of each endpoint: ``GET /sparql`` and ``GET /update`` without an operation.

Each endpoint describes what it does, and only that (SPARQL 1.1 Service
Description 3.2): ``/sparql`` answers queries (SPARQL 1.1 Query, the result
formats, the union default graph when it is configured) and refuses updates;
``/update`` applies updates when the server has a token, and refuses
everything when it has none, so it then claims no language.  Both describe
the same default dataset, which is the VoID dataset of ``/.well-known/void``
(the same IRI, typed ``void:Dataset`` there).
"""
from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from ...formats import GRAPHS, RESULTS
from ...knowledge.dataset_description import DATASET_TITLE
from ...namespaces import SD
from ...store import Store


def service_description(endpoint: str, dataset: str, store: Store, union_default: bool,
                        language: URIRef | None) -> Graph:
    """What the endpoint at ``endpoint`` does and which graphs it holds, in the sd: vocabulary.

    ``language`` is ``SD.SPARQL11Query`` for the query endpoint, ``SD.SPARQL11Update`` for an update
    endpoint that accepts updates, and None for one that refuses them all; ``dataset`` is the IRI of the
    VoID description's dataset.
    """
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("dcterms", DCTERMS)
    service = URIRef(endpoint + "#service")
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint)))
    graph.add((service, DCTERMS.title, Literal(DATASET_TITLE, lang="en")))
    if language is not None:
        graph.add((service, SD.supportedLanguage, language))
    if language == SD.SPARQL11Query:
        if union_default:
            graph.add((service, SD.feature, SD.UnionDefaultGraph))
        for known in (*RESULTS, *GRAPHS):
            graph.add((service, SD.resultFormat, URIRef(known.w3c_iri)))
    default_dataset = URIRef(dataset)
    graph.add((service, SD.defaultDataset, default_dataset))
    graph.add((default_dataset, RDF.type, SD.Dataset))
    graph.add((default_dataset, RDFS.seeAlso, URIRef(dataset.split("#")[0])))
    default_graph = BNode()
    graph.add((default_dataset, SD.defaultGraph, default_graph))
    graph.add((default_graph, RDF.type, SD.Graph))
    graph.add((default_graph, DCTERMS.description, Literal(
        "the union of all named graphs but those of imported nanopublications" if union_default
        else "the bundled graphs: ontology and paper data",
        lang="en")))
    for name in store.graph_names():
        named = BNode()
        graph.add((default_dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
    return graph
