"""The SPARQL 1.1 Service Description of the endpoint (``GET /sparql`` without a query)."""
from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from ..formats import GRAPH_FORMATS, RESULT_FORMATS
from ..namespaces import SD
from ..store import Store


def service_description(endpoint: str, store: Store, union_default: bool, updates_enabled: bool) -> Graph:
    """What the endpoint supports and which graphs it holds, in the sd: vocabulary."""
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("dcterms", DCTERMS)
    service = URIRef(endpoint + "#service")
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint)))
    graph.add((service, DCTERMS.title, Literal("lpskg: the lean-digitalization paradox knowledge graph", lang="en")))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if updates_enabled:
        graph.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    if union_default:
        graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for known in (*RESULT_FORMATS.values(), *GRAPH_FORMATS.values()):
        graph.add((service, SD.resultFormat, URIRef(known.w3c_iri)))
    dataset = BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    default_graph = BNode()
    graph.add((dataset, SD.defaultGraph, default_graph))
    graph.add((default_graph, RDF.type, SD.Graph))
    graph.add((default_graph, DCTERMS.description, Literal(
        "the union of all named graphs" if union_default else "the bundled graphs: ontology and paper data",
        lang="en")))
    for name in store.graph_names():
        named = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
    return graph
