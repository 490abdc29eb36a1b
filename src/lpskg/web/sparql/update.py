"""``/update``: the SPARQL 1.1 Protocol update operation, through the one write path.

A POST needs the bearer token; the update and the entailments of the graphs it
writes are one transaction (:meth:`lpskg.knowledge.graphs.Graphs.update`).  A GET
gives the endpoint's service description, which claims SPARQL 1.1 Update only
when the server has a token, since without one it refuses every update.
"""
from __future__ import annotations

from flask import Response, request

from ...namespaces import SD
from ...sparql_text import article, query_form
from ..errors import ApiError
from ..responses import cross_origin, empty_response
from ..services import require_token, services
from .protocol import posted_operation, refuse_remote_access, request_params, with_using_graphs
from .query import described


@cross_origin
def update() -> Response:
    """The SPARQL 1.1 Protocol update operation (POST, with the bearer token); GET gives its service description."""
    if request.method in ("GET", "HEAD"):  # HEAD is a GET without the body (RFC 9110 9.3.2)
        params = request_params(with_form_body=False)
        if params.all("update"):
            raise ApiError(400, "an update is sent by POST (SPARQL 1.1 Protocol 2.2), not by GET")
        return described(params, SD.SPARQL11Update if services().settings.token else None)
    require_token()
    params, text = posted_operation("update", "application/sparql-update", "/sparql", "query")
    form = query_form(text)
    if form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        raise ApiError(400, f"this is {article(form)} {form} query, not an update: send it to /sparql")
    refuse_remote_access(text, "update")
    text = with_using_graphs(text, params)
    services().graphs.update(text, base_iri=request.base_url)
    return empty_response(204)
