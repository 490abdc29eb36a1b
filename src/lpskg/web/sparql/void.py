"""``/.well-known/void``: the VoID and DCAT description of the dataset (RFC 8615 well-known URI, VoID 7.2).

The service descriptions of ``/sparql`` and ``/update`` name its dataset as
their default dataset, so a client that starts from either finds the other.
"""
from __future__ import annotations

from flask import Response, url_for

from ...formats import GRAPH_TYPES
from ...knowledge.dataset_description import ServiceLinks, describe_dataset
from ..negotiation import negotiate
from ..responses import cross_origin, graph_response
from ..services import services


@cross_origin
def void() -> Response:
    """The dataset: its graphs with their sizes, vocabularies, licence, SPARQL endpoint and dumps."""
    media = negotiate(GRAPH_TYPES, "the dataset description")
    links = ServiceLinks(url_for("sparql.void", _external=True), url_for("sparql.sparql", _external=True),
                         url_for("sparql.get_graph", _external=True))
    return graph_response(describe_dataset(services().store, links), media)
