"""``/service-description``: the SPARQL endpoint's service description, as a page for people and as RDF for clients.

The header's "Service description" link opened ``/sparql?format=turtle``: raw
Turtle, without the site's header or a way back.  This page shows the same
graph (:mod:`lpskg.web.sparql.service_description`, the description ``GET
/sparql`` gives a client) for a browser: the endpoints, what they accept, the
result formats, the default dataset and the named graphs; a client asking for
Turtle, JSON-LD ... gets the graph itself, by content negotiation.
"""
from __future__ import annotations

from flask import Response, render_template, url_for
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF

from ...formats import GRAPH_TYPES, GRAPHS, RESULTS
from ...namespaces import SD
from ..negotiation import negotiate, prefers_html
from ..responses import cross_origin, graph_response
from ..services import services
from ..sparql.service_description import service_description

#: How the page names the terms of the sd: vocabulary the description uses.
_TERMS = {SD.SPARQL11Query: "SPARQL 1.1 Query", SD.SPARQL11Update: "SPARQL 1.1 Update",
          SD.UnionDefaultGraph: "the default graph is the union of the named graphs"}


@cross_origin
def service() -> Response:
    """The service description of ``/sparql``: a page for a browser, RDF for a client."""
    app = services()
    endpoint = url_for("sparql.sparql", _external=True)
    graph = service_description(endpoint, url_for("sparql.void", _external=True) + "#dataset", app.store,
                                app.union_default, SD.SPARQL11Query)
    if not prefers_html():
        return graph_response(graph, negotiate(GRAPH_TYPES, "the service description"))
    return Response(render_template("service.html", **_shown(graph, endpoint), token=bool(app.settings.token)),
                    mimetype="text/html")


def _shown(graph: Graph, endpoint: str) -> dict:
    """What the page shows of the description, read from the graph a client gets."""
    service = next(graph.subjects(RDF.type, SD.Service))
    dataset = graph.value(service, SD.defaultDataset)
    default = graph.value(dataset, SD.defaultGraph)
    formats = {URIRef(f.w3c_iri): f for f in (*RESULTS, *GRAPHS) if f.w3c_iri}
    return {
        "title": str(graph.value(service, DCTERMS.title)),
        "endpoint": endpoint,
        "languages": [_TERMS.get(t, str(t)) for t in graph.objects(service, SD.supportedLanguage)],
        "features": [_TERMS.get(t, str(t)) for t in graph.objects(service, SD.feature)],
        "formats": sorted((formats[f].media_type, formats[f].name, str(f)) for f in graph.objects(service, SD.resultFormat)
                          if f in formats),
        "default_graph": str(graph.value(default, DCTERMS.description)),
        "named_graphs": sorted(str(graph.value(named, SD.name)) for named in graph.objects(dataset, SD.namedGraph)),
    }
