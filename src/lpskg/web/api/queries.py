"""The named queries for machines, and what the query pages read besides ``/sparql``.

``/api/queries`` lists the library of ``queries/*.rq`` with each query's
parameters; ``/api/queries/NAME`` runs one through the same path as ``/sparql``
(cache, runner, formats, errors), its URL parameters bound as typed RDF terms,
never pasted into the text; ``/api/labels`` gives the English labels of the
IRIs a result shows.
"""
from __future__ import annotations

import json

from flask import Response, request

from ...knowledge.asking import Asked, ask_named, why_empty
from ...knowledge.library import NamedQuery, list_named_queries, load_named_query
from ...knowledge.views.result_labels import english_labels
from ...sparql_text import is_absolute_iri
from ...store import Dataset, own_dataset
from ..errors import ApiError
from ..responses import cross_origin, json_response
from ..services import Services, services
from ..sparql.protocol import request_params
from ..sparql.query import run_query

#: The most IRIs one /api/labels request may ask about.
MAX_LABELS = 2000


def _describe(query: NamedQuery) -> dict:
    return {"name": query.name, "title": query.title, "description": query.description, "text": query.text,
            "parameters": [{"name": p.name, "type": p.type, "default": p.default, "required": p.required,
                            "description": p.description} | ({"kind": p.kind, "kindName": p.kind_name} if p.kind else {})
                           for p in query.parameters]}


@cross_origin
def named_queries() -> Response:
    """The library of named queries with their parameters."""
    return json_response([_describe(q) for q in list_named_queries()])


def ask_from_request(name: str) -> tuple[Services, Dataset, Asked]:
    """The named query ``name`` asked with this request's URL parameters (all but ``format``), over the
    server's default dataset: what ``/api/queries/NAME`` answers and ``/api/queries/NAME/works`` reads."""
    params = request_params(with_form_body=False)
    values = {key: params.one(key) or "" for key in params.values if key != "format"}
    app = services()
    dataset = app.default_dataset()
    return app, dataset, ask_named(app.graphs, load_named_query(name), values, dataset)


@cross_origin
def run_named_query(name: str) -> Response:
    """Run a named query; its parameters are URL parameters, bound as typed terms (never pasted).

    A parameter that takes a resource takes its label too ("Scania", among the cases); the header
    ``X-LPSKG-Parameters`` says what each value was taken to mean, and why an empty answer is empty.
    """
    params = request_params(with_form_body=False)
    app, dataset, asked = ask_from_request(name)
    response = run_query(asked.text, asked.bindings, own_dataset(asked.text, dataset), params.joined("format"))
    said: dict = {"resolved": asked.as_json()} if asked.resolutions else {}
    if response.headers.get("X-LPSKG-Result-Count") == "0":
        empty = why_empty(app.graphs, asked, dataset)
        said |= {"empty": empty} if empty else {}
    if said:
        # ASCII JSON: a header carries Latin-1 only, and labels are not all of it ("Tóth")
        response.headers["X-LPSKG-Parameters"] = json.dumps(said, ensure_ascii=True)
    return response


@cross_origin
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
        return json_response({})
    return json_response(english_labels(services().store, wanted))
