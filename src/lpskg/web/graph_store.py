"""The SPARQL 1.1 Graph Store HTTP Protocol at ``/rdf-graphs/service`` (indirect identification).

``?graph=IRI`` names a named graph, ``?default`` the store's own default graph
(the target of updates that name no graph).  GET is open to everyone; PUT,
POST and DELETE need the bearer token.  Writing one of the project's graphs
(``https://w3id.org/lpskg/graph/...``) also rewrites its entailments in
``graph/inferred/...``, computed from that graph alone; the inferred graphs
themselves cannot be written directly.
"""
from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, request
from rdflib import Graph

from ..inference import inferred_graph_name, with_inferences
from ..namespaces import GRAPH, PREFIXES
from ..store import graph_as_insert
from .errors import ApiError
from .negotiation import GRAPH_TYPES, negotiate
from .protocol import Params, check_iri, request_params
from .services import require_token, services
from .uploads import parse_body

blueprint = Blueprint("graph_store", __name__)

_INFERRED = f"{GRAPH}inferred/"
_OX_FORMATS = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
               "application/ld+json": ox.RdfFormat.JSON_LD, "application/rdf+xml": ox.RdfFormat.RDF_XML}


def _target(params: Params) -> str | None:
    """The graph IRI the request names, or None for the default graph."""
    graph = params.one("graph")
    default = "default" in params.values
    if graph is not None and default:
        raise ApiError(400, "name either ?graph=IRI or ?default, not both")
    if graph is None and not default:
        raise ApiError(400, "name the graph: /rdf-graphs/service?graph=IRI or /rdf-graphs/service?default")
    if graph is not None:
        check_iri(graph, "graph")
    return graph


def _exists(name: str | None) -> bool:
    return name is None or name in services().store.graph_names()


@blueprint.route("/rdf-graphs/service", methods=["GET"])
def get_graph() -> Response:
    """The triples of one graph in the negotiated RDF format; 404 if the store has no such graph."""
    params = request_params(with_form_body=False)
    name = _target(params)
    media = negotiate(GRAPH_TYPES, "a graph", params.one("format"))
    if not _exists(name):
        raise ApiError(404, f"the store has no graph <{name}>")
    triples = services().store.graph_triples(name)
    iris = {term.value for t in triples for term in (t.subject, t.predicate, t.object)
            if isinstance(term, ox.NamedNode)}
    prefixes = {p: iri for p, iri in PREFIXES.items() if any(i.startswith(iri) for i in iris)}
    body = ox.serialize(triples, format=_OX_FORMATS[media], prefixes=prefixes)
    response = Response(body, mimetype=media)
    response.headers["Vary"] = "Accept"
    return response


def _writable(name: str | None) -> None:
    if name is not None and name.startswith(_INFERRED):
        raise ApiError(403, f"<{name}> holds computed entailments: write the graph it is inferred from instead")


def _store_graph(name: str | None, graph: Graph, replace: bool) -> None:
    """Put ``graph`` into the named (or default) graph, replacing or adding, in one transaction."""
    app = services()
    if name is not None and name.startswith(str(GRAPH)):
        content = graph if replace else app.store.graph(name) + graph
        app.store.replace_graphs(with_inferences(name, content))
    elif name is not None:
        app.store.update(("DROP SILENT GRAPH <%s> ;\n" % name if replace else "") + graph_as_insert(name, graph))
    else:
        body = graph.serialize(format="nt")
        app.store.update(("DROP SILENT DEFAULT ;\n" if replace else "") + f"INSERT DATA {{\n{body}\n}}")
    app.written()


@blueprint.route("/rdf-graphs/service", methods=["PUT", "POST"])
def write_graph() -> Response:
    """PUT replaces the graph with the body; POST merges the body into it (token required)."""
    require_token()
    name = _target(request_params(with_form_body=False))
    _writable(name)
    graph = parse_body(GRAPH_TYPES, "the graph")
    existed = _exists(name)
    _store_graph(name, graph, replace=request.method == "PUT")
    return Response(status=204 if existed else 201)


@blueprint.route("/rdf-graphs/service", methods=["DELETE"])
def delete_graph() -> Response:
    """Remove the graph (and its entailments); 404 if there is none (token required)."""
    require_token()
    name = _target(request_params(with_form_body=False))
    _writable(name)
    if not _exists(name):
        raise ApiError(404, f"the store has no graph <{name}>")
    app = services()
    if name is None:
        app.store.update("DROP SILENT DEFAULT")
    else:
        app.store.replace_graphs({}, remove=[name, inferred_graph_name(name)] if name.startswith(str(GRAPH))
                                 else [name])
    app.written()
    return Response(status=204)
