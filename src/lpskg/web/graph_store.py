"""The SPARQL 1.1 Graph Store HTTP Protocol at ``/rdf-graphs/service`` (indirect identification).

``?graph=IRI`` names a named graph, ``?default`` the store's own default graph
(the target of updates that name no graph).  GET is open to everyone; PUT,
POST and DELETE need the bearer token and go through the one write path,
which also rewrites the entailments of a project graph
(``https://w3id.org/lpskg/graph/...``) in ``graph/inferred/...``; the
inferred graphs themselves cannot be written directly.
"""
from __future__ import annotations

from flask import Blueprint, Response, request

from ..formats import GRAPH_TYPES
from ..knowledge.graphs import ReadOnlyGraph
from .errors import ApiError
from .negotiation import negotiate
from .protocol import Params, check_graph_iri, request_params
from .services import require_token, services
from .uploads import parse_body

blueprint = Blueprint("graph_store", __name__)


def _target(params: Params) -> str | None:
    """The graph IRI the request names, or None for the default graph."""
    graph = params.one("graph")
    default = "default" in params.values
    if graph is not None and default:
        raise ApiError(400, "name either ?graph=IRI or ?default, not both")
    if graph is None and not default:
        raise ApiError(400, "name the graph: /rdf-graphs/service?graph=IRI or /rdf-graphs/service?default")
    if graph is not None:
        check_graph_iri(graph, "graph")
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
    response = Response(services().store.graph_document(name, media), mimetype=media)
    response.headers["Vary"] = "Accept"
    return response


@blueprint.route("/rdf-graphs/service", methods=["PUT", "POST"])
def write_graph() -> Response:
    """PUT replaces the graph with the body; POST merges the body into it (token required)."""
    require_token()
    name = _target(request_params(with_form_body=False))
    graph = parse_body(GRAPH_TYPES, "the graph")
    graphs = services().graphs
    try:
        with graphs.writing():
            existed = _exists(name)
            if request.method == "PUT":
                graphs.put({name: graph})
            else:
                graphs.add(name, graph)
    except ReadOnlyGraph as error:
        raise ApiError(403, str(error)) from None
    return Response(status=204 if existed else 201)


@blueprint.route("/rdf-graphs/service", methods=["DELETE"])
def delete_graph() -> Response:
    """Remove the graph (and its entailments); 404 if there is none (token required)."""
    require_token()
    name = _target(request_params(with_form_body=False))
    graphs = services().graphs
    try:
        with graphs.writing():
            if not _exists(name):
                raise ApiError(404, f"the store has no graph <{name}>")
            graphs.drop([name])
    except ReadOnlyGraph as error:
        raise ApiError(403, str(error)) from None
    return Response(status=204)
