"""The pages for people (overview with the paradox map, query page, ontology documentation)
and the small JSON API the query page uses (named queries, labels)."""
from __future__ import annotations

import json

from flask import Blueprint, Response, render_template, request, url_for
from rdflib import Graph, URIRef

from ..formats import GRAPH_TYPES
from ..knowledge.labels import resolve_label
from ..knowledge.library import NamedQueryError, example_text, list_named_queries, load_named_query, read_model
from ..namespaces import PREFIXES
from ..paths import ONTOLOGY_FILE
from ..sparql_text import is_absolute_iri
from ..store import Dataset, own_dataset
from .errors import ApiError
from .links import href
from .negotiation import negotiate, prefers_html
from .ontology_doc import ontology_html, with_site_header
from .paradox_map import archetype_figure, archetypes, paradox_figure, paradoxes
from .process_map import process_figure, process_model
from .protocol import request_params
from .responses import graph_response
from .services import services
from .sparql import run_query

blueprint = Blueprint("pages", __name__)

#: The most IRIs one /api/labels request may ask about.
MAX_LABELS = 2000


def _json(data: object, status: int = 200) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), status, mimetype="application/json")


@blueprint.route("/")
def overview() -> Response:
    """The overview: what the graph holds and the paradox map drawn from it."""
    app = services()
    dataset = app.default_dataset()
    counts = {row["label"].toPython(): int(row["n"])
              for row in read_model("pages/overview-counts").run(app.store, dataset=dataset)}
    return Response(render_template(
        "overview.html", counts=counts,
        paradox_svg=paradox_figure(paradoxes(app.store, dataset), href),
        archetype_svg=archetype_figure(archetypes(app.store, dataset), href),
        process_svg=process_figure(*process_model(app.store, dataset), href),
        cases=sorted({(str(r["case"]), str(r["label"]))
                      for r in read_model("pages/case-list").run(app.store, dataset=dataset)}, key=lambda c: c[1])),
        mimetype="text/html")


@blueprint.route("/query")
def query_page() -> Response:
    """The query editor with the named queries as examples."""
    return Response(render_template("query.html", prefixes=PREFIXES,
                                    queries=list_named_queries()), mimetype="text/html")


@blueprint.route("/yasgui")
def yasgui() -> Response:
    """YASGUI (tabs, YASQE, YASR) over /sparql, each named query an example with its header's example values."""
    queries = list_named_queries()
    return Response(render_template("yasgui.html", prefixes=PREFIXES, queries=queries,
                                    examples={q.name: example_text(q) for q in queries}), mimetype="text/html")


def _describe(query) -> dict:
    return {"name": query.name, "title": query.title, "description": query.description, "text": query.text,
            "parameters": [{"name": p.name, "type": p.type, "default": p.default, "required": p.required,
                            "description": p.description} for p in query.parameters]}


@blueprint.route("/api/queries")
def named_queries() -> Response:
    """The library of named queries with their parameters."""
    return _json([_describe(q) for q in list_named_queries()])


def _named(name: str):
    try:
        return load_named_query(name)
    except NamedQueryError as error:
        raise ApiError(404, str(error)) from None


@blueprint.route("/api/queries/<name>")
def run_named_query(name: str) -> Response:
    """Run a named query; its parameters are URL parameters, bound as typed terms (never pasted)."""
    query = _named(name)
    params = request_params(with_form_body=False)
    values = {key: params.one(key) or "" for key in params.values if key != "format"}
    app = services()
    dataset = app.default_dataset()
    try:  # a parameter that takes a resource takes its label too ("Myopia")
        text, bindings = query.prepare(values, lambda label, what: resolve_label(app.store, label, what, dataset))
    except NamedQueryError as error:
        raise ApiError(400, str(error)) from None
    return run_query(text, bindings, own_dataset(text, dataset), params.joined("format"))


@blueprint.route("/api/labels", methods=["POST"])
def labels() -> Response:
    """English labels of the IRIs in the JSON body ``{"iris": [...]}``, for showing results."""
    try:
        iris = json.loads(request.get_data(cache=True).decode("utf-8"))["iris"]
    except (ValueError, KeyError, TypeError, RecursionError):  # RecursionError: JSON nested too deeply
        raise ApiError(400, 'send a JSON object {"iris": ["https://...", ...]}') from None
    if not isinstance(iris, list) or not all(isinstance(i, str) for i in iris):
        raise ApiError(400, '"iris" must be a list of strings')
    if len(iris) > MAX_LABELS:
        raise ApiError(413, f"ask for at most {MAX_LABELS} labels at a time, not {len(iris)}")
    wanted = sorted({i for i in iris if i.startswith(("http://", "https://", "urn:")) and is_absolute_iri(i)})
    if not wanted:
        return _json({})
    rows = read_model("pages/labels").run(services().store, values=[URIRef(i) for i in wanted], dataset=Dataset())
    return _json({str(row["iri"]): str(row["label"]) for row in rows})


@blueprint.route("/ontology")
def ontology() -> Response:
    """The ontology: pyLODE documentation for browsers, RDF for clients."""
    if prefers_html():
        head = "".join(f'<link rel="stylesheet" href="{url_for("static", filename=name)}">'
                       for name in ("app.css", "ontology.css"))
        return Response(with_site_header(ontology_html(), head, render_template("_header.html")),
                        mimetype="text/html")
    media = negotiate(GRAPH_TYPES, "the ontology")
    if media == "text/turtle":
        return Response(ONTOLOGY_FILE.read_bytes(), mimetype="text/turtle", headers={"Vary": "Accept"})
    return graph_response(Graph().parse(ONTOLOGY_FILE, format="turtle"), media)
