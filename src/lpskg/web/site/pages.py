"""The pages for people: the overview with the paradox map, the query page, YASGUI, the ontology's documentation.

``/ontology`` is also the ontology for clients (Turtle, JSON-LD ...), by content negotiation."""
from __future__ import annotations

from flask import Response, render_template, url_for
from rdflib import Graph

from ...formats import GRAPH_TYPES
from ...knowledge.library import example_text, list_named_queries
from ...knowledge.views.overview import case_choices, counts
from ...knowledge.views.paradox_map import archetypes, paradoxes
from ...knowledge.views.process_map import process_model
from ...namespaces import PREFIXES, QUERY_PREFIXES
from ...paths import ONTOLOGY_FILE
from ..links import href
from ..negotiation import negotiate, prefers_html
from ..responses import cross_origin, graph_response
from ..services import services
from .ontology_doc import ontology_html, with_site_header
from .paradox_map import archetype_figure, paradox_figure
from .process_map import process_figure


def overview() -> Response:
    """The overview: what the graph holds and the paradox map drawn from it."""
    app = services()
    dataset = app.default_dataset()
    return Response(render_template(
        "overview.html", counts=counts(app.store, dataset),
        paradox_svg=paradox_figure(paradoxes(app.store, dataset), href),
        archetype_svg=archetype_figure(archetypes(app.store, dataset), href),
        process_svg=process_figure(*process_model(app.store, dataset), href),
        cases=case_choices(app.store, dataset)),
        mimetype="text/html")


def query_page() -> Response:
    """The query editor with the named queries as examples."""
    return Response(render_template("query.html", prefixes=PREFIXES, predeclared=QUERY_PREFIXES,
                                    queries=list_named_queries()), mimetype="text/html")


def yasgui() -> Response:
    """YASGUI (tabs, YASQE, YASR) over /sparql, each named query an example with its header's example values."""
    queries = list_named_queries()
    return Response(render_template("yasgui.html", prefixes=PREFIXES, queries=queries,
                                    examples={q.name: example_text(q) for q in queries}), mimetype="text/html")


@cross_origin
def ontology() -> Response:
    """The ontology: pyLODE documentation for browsers, RDF for clients."""
    if prefers_html():
        head = "".join(f'<link rel="stylesheet" href="{url_for("site.static", filename=name)}">'
                       for name in ("app.css", "ontology.css"))
        return Response(with_site_header(ontology_html(), head, render_template("_header.html")),
                        mimetype="text/html")
    media = negotiate(GRAPH_TYPES, "the ontology")
    if media == "text/turtle":
        return Response(ONTOLOGY_FILE.read_bytes(), mimetype="text/turtle", headers={"Vary": "Accept"})
    return graph_response(Graph().parse(ONTOLOGY_FILE, format="turtle"), media)
