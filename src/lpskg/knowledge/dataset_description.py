"""The dataset described for consumers: VoID (W3C Interest Group Note 2011) and DCAT 3, from the store itself.

A consumer finds, in one document: the dataset and one subset per named graph
(with its triples and distinct subjects), the vocabularies its properties and
classes come from, the licence and title the ontology states, the SPARQL
endpoint (``void:sparqlEndpoint``, and a ``dcat:DataService``), and where each
graph can be downloaded whole (``void:dataDump``: the Graph Store URL of the
graph, which the server answers in N-Triples).  The numbers come from the read
models ``queries/publish/*.rq``, so the description follows every write.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, VOID, XSD

from ..namespaces import SD
from ..store import Store
from .library import read_model

#: The dataset's name, as the VoID description and the service descriptions give it.
DATASET_TITLE = "lpskg: the lean-digitalization paradox knowledge graph"


@dataclass(frozen=True)
class ServiceLinks:
    """Where the server publishes the dataset: this description, the SPARQL endpoint, the Graph Store."""

    description: str
    sparql: str
    graph_store: str

    @property
    def dataset(self) -> str:
        """The dataset's IRI: a fragment of the description (the service description's default dataset too)."""
        return self.description + "#dataset"


def vocabulary_of(term: str) -> str:
    """The namespace a property or class IRI belongs to: up to its last ``#``, else its last ``/``."""
    cut = term.rfind("#") if "#" in term else term.rfind("/")
    return term[: cut + 1]


def ontology_metadata(store: Store) -> dict[str, object]:
    """Title, licence, version IRI and version of the ontology as its graph states them (empty if not loaded)."""
    rows = read_model("publish/ontology-metadata").run(store)
    return dict(rows[0]) if rows else {}


def describe_dataset(store: Store, links: ServiceLinks) -> Graph:
    """The VoID and DCAT description of everything the store holds, published at ``links.description``."""
    graph = Graph()
    for prefix, namespace in (("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS), ("sd", SD), ("foaf", FOAF)):
        graph.bind(prefix, namespace)
    dataset = URIRef(links.dataset)
    sparql = URIRef(links.sparql)
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, FOAF.homepage, URIRef(links.sparql.rsplit("/", 1)[0] + "/")))
    metadata = ontology_metadata(store)
    graph.add((dataset, DCTERMS.title, Literal(DATASET_TITLE, lang="en")))
    graph.add((dataset, DCTERMS.description, Literal(
        "The organisational paradoxes of integrating digital technologies into lean-based production systems, "
        "their tensions, resolution strategies and imbalance archetypes, with the cases, quotes and literature "
        "they rest on; every statement points to the passage of its source.", lang="en")))
    if "license" in metadata:
        graph.add((dataset, DCTERMS.license, metadata["license"]))
    if "versionIRI" in metadata:
        graph.add((dataset, VOID.vocabulary, metadata["ontology"]))
        graph.add((dataset, DCTERMS.conformsTo, metadata["versionIRI"]))
    graph.add((dataset, VOID.sparqlEndpoint, sparql))
    graph.add((dataset, VOID.uriSpace, Literal("https://w3id.org/lpskg/resource/")))

    service = URIRef(links.sparql + "#service")
    graph.add((service, RDF.type, DCAT.DataService))
    graph.add((service, DCAT.endpointURL, sparql))
    graph.add((service, DCAT.endpointDescription, sparql))
    graph.add((service, DCAT.servesDataset, dataset))
    graph.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    distribution = BNode()
    graph.add((dataset, DCAT.distribution, distribution))
    graph.add((distribution, RDF.type, DCAT.Distribution))
    graph.add((distribution, DCAT.accessURL, sparql))
    graph.add((distribution, DCAT.accessService, service))

    total = 0
    for row in read_model("publish/graph-sizes").run(store):
        name, triples = str(row["graph"]), int(row["triples"])
        total += triples
        subset = URIRef(f"{links.dataset}-graph-{quote(name, safe='')}")
        dump = URIRef(f"{links.graph_store}?graph={quote(name, safe='')}")
        graph.add((dataset, VOID.subset, subset))
        graph.add((subset, RDF.type, VOID.Dataset))
        graph.add((subset, SD.name, URIRef(name)))
        graph.add((subset, VOID.triples, Literal(triples, datatype=XSD.integer)))
        graph.add((subset, VOID.distinctSubjects, Literal(int(row["subjects"]), datatype=XSD.integer)))
        graph.add((subset, VOID.dataDump, dump))
        download = BNode()
        graph.add((dataset, DCAT.distribution, download))
        graph.add((download, RDF.type, DCAT.Distribution))
        graph.add((download, DCTERMS.title, Literal(f"the named graph <{name}>", lang="en")))
        graph.add((download, DCAT.downloadURL, dump))
        graph.add((download, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/text/turtle")))
    graph.add((dataset, VOID.triples, Literal(total, datatype=XSD.integer)))
    for vocabulary in sorted({vocabulary_of(str(row["term"]))
                              for row in read_model("publish/terms-used").run(store)}):
        graph.add((dataset, VOID.vocabulary, URIRef(vocabulary)))
    return graph
