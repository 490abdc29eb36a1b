"""The SPARQL 1.1 Graph Store HTTP Protocol: indirect identification at ``/rdf-graphs/service``,
direct identification under ``/rdf-graphs/``.

Indirect (GSP 4.2): ``/rdf-graphs/service?graph=IRI`` names any named graph, the
project's (``https://w3id.org/lpskg/graph/...``) included; a relative IRI is
resolved against the request URL.  ``?default`` is the store's own default graph
(the target of updates that name no graph).

Direct (GSP 4.1): a graph whose IRI is a URL of this server under
``/rdf-graphs/`` is reached at that URL itself, such as the graph a POST to
``/rdf-graphs/service`` without ``graph``/``default`` creates (GSP 5.5: 201 and
its ``Location``).  Graph IRIs elsewhere (the project's ``w3id.org`` graphs)
cannot be dereferenced here and are reached indirectly.

GET and HEAD are open to everyone; PUT, POST and DELETE need the bearer token
and go through the one write path, which also rewrites the entailments of a
project graph in ``graph/inferred/...``; the inferred graphs themselves cannot
be written directly.  A POST merges its body, or every part of a
``multipart/form-data`` body, into the graph.
"""
from __future__ import annotations

import uuid
from urllib.parse import urljoin

from flask import Response, request
from rdflib import Graph

from ...formats import GRAPH_TYPES
from ..errors import ApiError
from ..negotiation import negotiate
from ..responses import cross_origin, empty_response
from ..services import require_token, services
from .protocol import Params, check_graph_iri, media_type, request_params
from .uploads import check_type, parse_body, parse_document

SERVICE = "/rdf-graphs/service"
DIRECT = "/rdf-graphs/<path:name>"
MULTIPART = "multipart/form-data"


def _target(params: Params, direct: str | None) -> str | None:
    """The graph IRI the request names, or None for the default graph."""
    graph = params.one("graph")
    default = "default" in params.values
    if direct is not None:
        if graph is not None or default:
            raise ApiError(400, f"{request.base_url} names its graph itself: send no ?graph= or ?default")
        check_graph_iri(request.base_url, "the graph URL")
        return request.base_url
    if graph is not None and default:
        raise ApiError(400, "name either ?graph=IRI or ?default, not both")
    if graph is None and not default:
        raise ApiError(400, f"name the graph: {SERVICE}?graph=IRI or {SERVICE}?default "
                            f"(a POST without either creates a new graph)")
    if graph is not None:
        graph = urljoin(request.base_url, graph)  # GSP 4.2: a relative IRI is resolved against the request URL
        check_graph_iri(graph, "graph")
    return graph


def _exists(name: str | None) -> bool:
    return name is None or name in services().store.graph_names()


@cross_origin
def get_graph(name: str | None = None) -> Response:
    """The triples of one graph in the negotiated RDF format; 404 if the store has no such graph.

    HEAD is answered by the same code, without the body (GSP 5.4)."""
    params = request_params(with_form_body=False)
    graph = _target(params, name)
    media = negotiate(GRAPH_TYPES, "a graph", params.joined("format"))
    if not _exists(graph):
        raise ApiError(404, f"the store has no graph <{graph}>")
    response = Response(services().store.graph_document(graph, media), mimetype=media)
    response.headers["Vary"] = "Accept"
    return response


def _body_graph() -> Graph:
    """The RDF of the body: one document, or the parts of a multipart/form-data body merged (GSP 5.5)."""
    if media_type() != MULTIPART:
        return parse_body(GRAPH_TYPES, "the graph", base=request.base_url)
    if request.form:
        raise ApiError(400, f"the multipart part {next(iter(request.form))!r} is not a file: send each RDF "
                            "document as a part with a filename and its Content-Type")
    merged = Graph()
    for field, part in request.files.items(multi=True):
        what = f"the multipart part {part.filename or field!r}"
        check_type(part.mimetype, GRAPH_TYPES, what)
        raw = part.read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ApiError(400, f"{what} is not valid UTF-8 (byte {error.start})") from None
        merged += parse_document(text, part.mimetype, what, request.base_url)
    if not request.files:
        raise ApiError(400, "the multipart/form-data body has no part")
    return merged


@cross_origin
def write_graph(name: str | None = None) -> Response:
    """PUT replaces the graph with the body; POST merges the body into it, or into a new graph when the
    request names none (201 with its Location); token required."""
    require_token()
    params = request_params(with_form_body=False)
    minted = request.method == "POST" and name is None and "graph" not in params.values \
        and "default" not in params.values
    graph_name = f"{request.host_url}rdf-graphs/{uuid.uuid4().hex}" if minted else _target(params, name)
    graph = _body_graph()
    graphs = services().graphs
    with graphs.writing():
        existed = not minted and _exists(graph_name)
        if request.method == "PUT":
            graphs.put({graph_name: graph})
        else:
            graphs.add(graph_name, graph)
    if existed:
        return empty_response(204)
    return empty_response(201, {"Location": graph_name} if minted else None)


@cross_origin
def delete_graph(name: str | None = None) -> Response:
    """Remove the graph (and its entailments); 404 if there is none (token required)."""
    require_token()
    graph_name = _target(request_params(with_form_body=False), name)
    graphs = services().graphs
    with graphs.writing():
        if not _exists(graph_name):
            raise ApiError(404, f"the store has no graph <{graph_name}>")
        graphs.drop([graph_name])
    return empty_response(204)
