"""Linked Data: every ``https://w3id.org/lpskg/resource/...`` IRI dereferences at ``/resource/...``.

A browser gets an HTML page (label, definition, types, links both ways with
labels, the evidence and the passages behind the resource); a client gets
Turtle, N-Triples, JSON-LD or RDF/XML by content negotiation, or by a ``.ttl``,
``.nt``, ``.jsonld`` or ``.rdf`` suffix.
"""
from __future__ import annotations

import re

from flask import Response, render_template

from ...contributions import SubmissionError, diagnose_case
from ...formats import GRAPH_TYPES, GRAPHS, by_extension
from ...knowledge.bibliography import works_behind
from ...knowledge.views.neighbourhood import neighbourhood
from ...knowledge.views.resource import describe, exists, resource_graph, third_party
from ...namespaces import RESOURCE
from ...store import Dataset
from ..errors import ApiError
from ..links import href
from ..negotiation import negotiate, prefers_html
from ..responses import cross_origin, graph_response
from ..services import services

#: Longest resource name accepted; real ones are under 100 characters.
MAX_NAME = 256
_NAME = re.compile(r"[a-z][a-z0-9-]*/[A-Za-z0-9._~-]+")


def _split_suffix(name: str, dataset: Dataset) -> tuple[str, str | None]:
    """The resource name and the graph format its file extension asks for (None without one)."""
    fmt = by_extension(GRAPHS, name)
    if fmt is None or exists(services().store, str(RESOURCE) + name, dataset):
        return name, None
    return name.rsplit(".", 1)[0], fmt.media_type


@cross_origin
def resource(name: str) -> Response:
    """The page or the RDF description of one resource; 404 if the graph says nothing about it."""
    if len(name) > MAX_NAME:
        raise ApiError(414, f"resource names are at most {MAX_NAME} characters; this one has {len(name)}")
    if ".." in name.split("/") or not _NAME.fullmatch(name):
        raise ApiError(400, f"'{name}' is not a resource name: expected KIND/SLUG such as paradox/learning "
                            "(letters, digits, '-', '.', '_', '~')")
    app = services()
    dataset = app.default_dataset()
    name, suffix_format = _split_suffix(name, dataset)
    iri = str(RESOURCE) + name
    if not exists(app.store, iri, dataset):
        raise ApiError(404, f"the graph has no resource <{iri}>")
    if suffix_format is None and prefers_html():
        view = describe(app.store, iri, dataset)
        return Response(render_template("resource.html", view=view, graph=neighbourhood(view, href),
                                        diagnosis=_diagnosis(name), third_party=third_party(app.store, iri),
                                        works=len(works_behind(app.store, [iri], dataset))),
                        mimetype="text/html")
    media = suffix_format or negotiate(GRAPH_TYPES, f"the description of <{iri}>")
    return graph_response(resource_graph(app.store, iri, dataset), media)


def _diagnosis(name: str):
    """The diagnosis shown on a case's page, a submitted one or one of the paper's (None for any other resource)."""
    kind, _, slug = name.partition("/")
    if kind != "case":
        return None
    try:
        return diagnose_case(services().graphs, slug)
    except SubmissionError:   # not a case
        return None
