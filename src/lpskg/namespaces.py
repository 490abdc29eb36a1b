"""The IRIs lpskg mints and the vocabularies it reuses, in one place.

Every other module takes its namespaces from here so that the IRI scheme
(``https://w3id.org/lpskg/...``) is defined once and stays stable.
"""
from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/lpskg/"
LPSKG = Namespace(BASE + "ontology#")
ONTOLOGY_IRI = BASE + "ontology"
RESOURCE = Namespace(BASE + "resource/")
GRAPH = Namespace(BASE + "graph/")

BIBO = Namespace("http://purl.org/ontology/bibo/")
CITO = Namespace("http://purl.org/spar/cito/")
FABIO = Namespace("http://purl.org/spar/fabio/")
ORG = Namespace("http://www.w3.org/ns/org#")
VANN = Namespace("http://purl.org/vocab/vann/")
SH = Namespace("http://www.w3.org/ns/shacl#")
DEO = Namespace("http://purl.org/spar/deo/")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

#: Prefixes bound in every graph lpskg serialises and offered to query authors.
PREFIXES: dict[str, str] = {
    "lpskg": str(LPSKG),
    "lpr": str(RESOURCE),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "org": str(ORG),
    "bibo": str(BIBO),
    "cito": str(CITO),
    "fabio": str(FABIO),
    "deo": str(DEO),
    "sh": str(SH),
}

#: One prefix per kind of resource, as the data files declare them.
RESOURCE_KINDS = (
    "paradox", "tension", "pole", "strategy", "archetype", "stakeholder", "role",
    "case", "organisation", "technology", "practice", "quote", "observation",
    "consequence", "work", "person", "cluster", "study", "rq", "method", "project",
    "document", "passage", "scheme", "evidence", "submission",
    # the framework as structure (data/framework.ttl, links.ttl, citations.ttl, claims.ttl, interpretations.ttl)
    "manifestation", "system", "paradigm", "concept", "phase", "transition", "mechanism", "horizon", "sign",
    "use", "link", "citation", "claim", "theme", "stance", "scenario", "action", "diagnosis",
    # the weighed diagnosis (data/diagnosis.ttl, data/roles.ttl): the case format's vocabularies, the grading,
    # the knock-on imbalances (shared with issue 22) and what several archetypes may result from
    "strength", "duration", "status", "result", "measure", "incentive", "sighting", "grade", "rule", "policy",
    "contribution", "origin",
    # the rest of the framework: forces of drift, moves, outcomes, knock-on imbalances, regimes, paces,
    # drivers, capabilities, characteristics of equilibrium, levels of analysis, kinds spoken of as a whole
    "force", "move", "outcome", "knockon", "regime", "pace", "driver", "capability", "characteristic", "level",
    "collection",
)
for _kind in RESOURCE_KINDS:
    PREFIXES.setdefault(_kind, f"{RESOURCE}{_kind}/")

#: What a query may use without declaring it: the prefixes above, and ``dct:``, the other usual name of
#: Dublin Core terms (DCAT's).  Output keeps one name per namespace (:data:`PREFIXES`).  ``dc:`` is not
#: predeclared: it names the older Dublin Core elements, which the graph does not use.
QUERY_PREFIXES: dict[str, str] = {**PREFIXES, "dct": str(DCTERMS)}


def graph_iri(kind: str, name: str | None = None) -> str:
    """IRI of a named graph of the store: ``graph/ontology``, ``graph/case/<id>`` ..."""
    return f"{GRAPH}{kind}" + (f"/{name}" if name else "")


def resource_iri(kind: str, slug: str) -> URIRef:
    """``https://w3id.org/lpskg/resource/<kind>/<slug>``: the IRI of a resource of the graph."""
    return URIRef(f"{RESOURCE}{kind}/{slug}")


def new_graph() -> Graph:
    """An empty rdflib graph with the project's prefixes bound, so that its Turtle reads well."""
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    return graph
