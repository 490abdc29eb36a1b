"""``/openapi.json``: an OpenAPI 3.1 description of the REST part of the endpoint.

The description is generated, not written by hand, from the two sources that
would otherwise drift from it: the named-query library (one path per query,
with that query's parameters and their types, so a client generator or a
fuzzer such as schemathesis sees exactly what each query accepts) and the
case-file JSON Schema ``docs/case-schema.json`` (the body of a JSON case or
publication submission).  OpenAPI 3.1 schemas are JSON Schema 2020-12, so the
case schema's definitions are used as they are.

The SPARQL Protocol and Graph Store endpoints (``/sparql``, ``/update``,
``/rdf-graphs/service``) are standards of their own and are not repeated here.
"""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from flask import Response

from ...contributions.reading import SCHEMA_FILE
from ...knowledge.library import NamedQuery, list_named_queries
from ..responses import cross_origin, json_response

_JSON = "application/json"
_SPARQL_RESULTS = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                   "text/tab-separated-values")
_PARAMETER_SCHEMAS: dict[str, dict[str, Any]] = {
    "iri": {"type": "string", "description": "An absolute IRI or a prefixed name such as paradox:learning."},
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "decimal": {"type": "number"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "year": {"type": "integer"},
}
_ERROR_STATUSES = {
    "400": "The request is malformed; the detail says what and where.",
    "401": "The write needs 'Authorization: Bearer <token>'.",
    "403": "Wrong token, or writes are disabled (no LPSKG_TOKEN on the server).",
    "404": "No such query, case or resource.",
    "406": "None of the accepted media types can be served.",
    "409": "A case or publication with this id is already in the graph, or is one of the paper's (not a submission).",
    "413": "The body is larger than LPSKG_MAX_BODY.",
    "415": "The body's Content-Type is not one this operation reads.",
    "422": "The submission was read but rejected: schema, linking or SHACL errors, each with field and line.",
    "429": "Too many dry runs or file diagnoses without a token from this client (LPSKG_ANONYMOUS_RATE a minute).",
    "503": "The query ran past LPSKG_QUERY_TIMEOUT, or every query worker was busy; retry later.",
}


def _errors(*codes: str) -> dict[str, Any]:
    return {code: {"$ref": f"#/components/responses/{code}"} for code in codes}


def _case_schema_components() -> dict[str, Any]:
    """The case file schema's definitions, with references rewritten to OpenAPI components."""
    text = SCHEMA_FILE.read_text(encoding="utf-8").replace('"#/$defs/', '"#/components/schemas/')
    return json.loads(text)["$defs"]


_SAID = {"X-LPSKG-Parameters": {"schema": {"type": "string"}, "description": (
    'JSON: {"resolved": [{"parameter", "given", "iri", "label", "match": "exact"|"fuzzy"|"iri", "score", '
    '"ofKind"}], "empty": "why a parameter left the answer empty"}')}}


def _query_parameters(query: NamedQuery) -> list[dict[str, Any]]:
    return [{
        "name": p.name, "in": "query", "required": p.required,
        "description": p.description + ("" if p.default is None else f" (default: {p.default})")
        + (f" A {p.kind_name}: its IRI, a prefixed name or its label." if p.kind else ""),
        "schema": _PARAMETER_SCHEMAS[p.type],
    } for p in query.parameters]


def _named_query_path(query: NamedQuery) -> dict[str, Any]:
    parameters = _query_parameters(query) + [{"$ref": "#/components/parameters/resultFormat"}]
    return {"get": {
        "operationId": f"run-{query.name}", "tags": ["named queries"], "summary": query.title,
        "description": query.description + " Parameter values are bound as typed RDF terms, never pasted "
                                           "into the query text.",
        "parameters": parameters,
        "responses": {"200": {"description": "The query's rows.", "headers": _SAID,
                              "content": {media: {} for media in _SPARQL_RESULTS}},
                      **_errors("400", "406", "503")},
    }}


#: The three forms of a list of works.
_WORKS = {"application/json": {"schema": {"type": "object", "properties": {"works": {"type": "array"}}}},
          "application/x-bibtex": {}, "application/x-research-info-systems": {}}
_WORKS_FORMAT = {"name": "format", "in": "query", "required": False,
                 "schema": {"type": "string", "enum": ["json", "bibtex", "ris"]}}


def _works_path(query: NamedQuery) -> dict[str, Any]:
    return {"get": {
        "operationId": f"works-of-{query.name}", "tags": ["bibliography"],
        "summary": f"The works behind the answer of {query.name}",
        "parameters": _query_parameters(query) + [_WORKS_FORMAT],
        "responses": {"200": {"description": "The works, authors in order, with a citation; or BibTeX, RIS.",
                              "content": _WORKS}, **_errors("400", "406")}}}


_BINARY = {"type": "string", "contentMediaType": "application/zip"}


def _submission(summary: str, description: str, bodies: dict[str, dict[str, Any]], listed: str) -> dict[str, Any]:
    flags = [{"name": name, "in": "query", "required": False, "description": text,
              "schema": {"type": "boolean", "default": False}}
             for name, text in (("dry_run", "Link and validate, store nothing; the answer shows the triples."),
                                ("replace", "Replace a submission with the same id instead of answering 409."))]
    flags += [{"name": "filename", "in": "query", "required": False, "schema": {"type": "string"},
               "description": "The file name recorded in the provenance."},
              {"name": "X-LPSKG-Submitter", "in": "header", "required": False, "schema": {"type": "string"},
               "description": "Who submits (recorded with prov:wasAttributedTo)."}]
    return {"post": {
        "operationId": f"submit-{listed}", "tags": [listed], "summary": summary, "description": description,
        "security": [{"bearer": []}], "parameters": flags,
        "requestBody": {"required": True, "content": {media: {"schema": schema} for media, schema in bodies.items()}},
        "responses": {
            "200": {"description": "Dry run, or replaced.", "content": {_JSON: {"schema": {"$ref": "#/components/schemas/Outcome"}}}},
            "201": {"description": "Stored, one named graph per submission.",
                    "headers": {"Location": {"schema": {"type": "string"}}},
                    "content": {_JSON: {"schema": {"$ref": "#/components/schemas/Outcome"}}}},
            **_errors("400", "401", "403", "409", "413", "415", "422", "429"),
        },
    }}


@lru_cache(maxsize=1)
def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of ``/api/...``, ``/health`` and ``/shacl``."""
    text = {"type": "string"}
    paths: dict[str, Any] = {
        "/health": {"get": {
            "operationId": "health", "tags": ["operations"], "summary": "Whether the store answers, and its size",
            "responses": {"200": {"description": "The store answers.", "content": {_JSON: {"schema": {
                "type": "object", "required": ["status", "triples", "graphs"],
                "properties": {"status": {"const": "ok"}, "triples": {"type": "integer"},
                               "graphs": {"type": "integer"}}}}}},
                          "503": {"description": "The store does not answer; the detail says why."}}}},
        "/shacl": {"post": {
            "operationId": "validate", "tags": ["validation"],
            "summary": "Validate an RDF document against the project's SHACL shapes",
            "requestBody": {"required": True, "content": {"text/turtle": {"schema": text},
                                                          "application/ld+json": {"schema": {"type": "object"}}}},
            "responses": {"200": {"description": "The validation report (whether or not the document conforms).",
                                  "content": {_JSON: {"schema": {"$ref": "#/components/schemas/Report"}},
                                              "text/turtle": {}}},
                          **_errors("400", "406", "413", "415")}}},
        "/api/queries": {"get": {
            "operationId": "list-queries", "tags": ["named queries"], "summary": "The named-query library",
            "responses": {"200": {"description": "Every named query with its parameters.", "content": {_JSON: {
                "schema": {"type": "array", "items": {"$ref": "#/components/schemas/NamedQuery"}}}}}}}},
        "/api/labels": {"post": {
            "operationId": "labels", "tags": ["named queries"], "summary": "English labels of IRIs",
            "requestBody": {"required": True, "content": {_JSON: {"schema": {
                "type": "object", "required": ["iris"],
                "properties": {"iris": {"type": "array", "items": text, "maxItems": 2000}}}}}},
            "responses": {"200": {"description": "IRI -> label.", "content": {_JSON: {"schema": {
                "type": "object", "additionalProperties": text}}}}, **_errors("400", "413")}}},
        "/api/search": {"get": {
            "operationId": "search", "tags": ["named queries"],
            "summary": "Resources whose label or alternative label contains a text, best first",
            "parameters": [{"name": "q", "in": "query", "required": True,
                            "schema": {"type": "string", "minLength": 2, "maxLength": 200}},
                           {"name": "limit", "in": "query", "required": False,
                            "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
                           {"name": "kind", "in": "query", "required": False, "schema": text,
                            "description": "A class (IRI or prefixed name): only its instances"}],
            "responses": {"200": {
                "description": "The matches, best first; X-LPSKG-Truncated says the list is cut at the limit.",
                "headers": {"X-LPSKG-Total": {"schema": {"type": "integer"}},
                            "X-LPSKG-Truncated": {"schema": {"type": "string"}}},
                "content": {_JSON: {"schema": {
                    "type": "array", "items": {"type": "object", "required": ["iri", "label", "matched", "kind", "href"],
                                               "properties": {k: text for k in ("iri", "label", "matched", "kind",
                                                                                "href", "match")}
                                               | {"exact": {"type": "boolean"}, "score": {"type": "number"}}}}}}},
                          **_errors("400")}}},
        "/api/works": {"get": {
            "operationId": "works-of-concept", "tags": ["bibliography"],
            "summary": "The works behind a resource: JSON, BibTeX or RIS",
            "parameters": [{"name": "concept", "in": "query", "required": True, "schema": text,
                            "description": "A label, a prefixed name or an IRI"}, _WORKS_FORMAT],
            "responses": {"200": {"description": "The works, authors in order, with a citation; or BibTeX, RIS.",
                                  "content": _WORKS}, **_errors("400", "406")}}},
        "/api/cases": {
            "get": {"operationId": "list-cases", "tags": ["cases"], "summary": "Every case, the paper's and submitted ones",
                    "responses": {"200": {"description": "The cases.", "content": {_JSON: {"schema": {
                        "type": "object", "properties": {"cases": {"type": "array", "items": {"type": "object"}}}}}}}}},
            **_submission("Submit a case", "A case file in YAML (or JSON), Turtle or JSON-LD, or a coded REFI-QDA "
                          "project (.qdpx, as application/zip; ?skip_unmapped=true stores it without what "
                          "cannot be mapped); see docs/adding-a-case.md.",
                          {"application/yaml": text, _JSON: {"$ref": "#/components/schemas/case"},
                           "text/turtle": text, "application/ld+json": {"type": "object"},
                           "application/zip": _BINARY}, "cases"),
        },
        "/api/cases/{case_id}": {
            "parameters": [{"name": "case_id", "in": "path", "required": True, "schema": text}],
            "get": {"operationId": "get-case", "tags": ["cases"], "summary": "A case, as /api/cases lists it",
                    "responses": {"200": {"description": "A JSON summary, or a submitted case's graph as Turtle.",
                                          "content": {_JSON: {"schema": {"type": "object"}}, "text/turtle": {}}},
                                  "303": {"description": "One of the paper's cases, asked for as Turtle: its "
                                                         "resource's description."},
                                  **_errors("404")}},
            "delete": {"operationId": "remove-case", "tags": ["cases"], "summary": "Withdraw a submitted case",
                       "security": [{"bearer": []}],
                       "responses": {"200": {"description": "Removed with its entailments.", "content": {
                           _JSON: {"schema": {"type": "object", "properties": {"removed": text, "graph": text}}}}},
                           **_errors("401", "403", "404", "409")}},
        },
        "/api/cases/{case_id}/diagnosis": {
            "parameters": [{"name": "case_id", "in": "path", "required": True, "schema": text}],
            "get": {"operationId": "diagnose-case", "tags": ["cases"],
                    "summary": "Where a submitted case stands in the paper's framework",
                    "description": "The imbalance archetypes the case's evidence indicates, with the evidence and "
                                   "the paper's passages behind each, what each may trigger next (Figure 2) and "
                                   "what counters it; balanced: true when none is indicated.",
                    "responses": {"200": {"description": "The diagnosis, as JSON or as Turtle in the lpskg "
                                                         "vocabulary.",
                                          "content": {_JSON: {"schema": {"$ref": "#/components/schemas/Diagnosis"}},
                                                      "text/turtle": {}}},
                                  **_errors("404")}}},
        "/api/diagnosis": {"post": {
            "operationId": "diagnose-file", "tags": ["cases"], "summary": "Diagnose a case file without storing it",
            "requestBody": {"required": True, "content": {"application/yaml": text,
                                                          _JSON: {"$ref": "#/components/schemas/case"},
                                                          "text/turtle": text, "application/ld+json": {"type": "object"},
                                                          "application/zip": _BINARY}},
            "responses": {"200": {"description": "The diagnosis.", "content": {
                _JSON: {"schema": {"$ref": "#/components/schemas/Diagnosis"}}, "text/turtle": {}}},
                          **_errors("400", "413", "415", "422", "429")}}},
        "/api/codebook.qdc": {"get": {
            "operationId": "codebook", "tags": ["cases"],
            "summary": "The paper's framework as a REFI-QDA codebook (.qdc) for NVivo, ATLAS.ti, MAXQDA, QualCoder",
            "responses": {"200": {"description": "QDA-XML, valid against the standard's Codebook.xsd.",
                                  "content": {"application/xml": {"schema": text}}}}}},
        "/api/publications/{publication_id}": {
            "parameters": [{"name": "publication_id", "in": "path", "required": True, "schema": text}],
            "delete": {"operationId": "remove-publication", "tags": ["publications"],
                       "summary": "Withdraw a submitted publication", "security": [{"bearer": []}],
                       "responses": {"200": {"description": "Removed with its entailments.", "content": {
                           _JSON: {"schema": {"type": "object", "properties": {"removed": text, "graph": text}}}}},
                           **_errors("401", "403", "404")}}},
        "/api/publications": {
            "get": {"operationId": "list-publications", "tags": ["publications"],
                    "summary": "Every publication: the paper, the works it cites, the submitted ones",
                    "parameters": [{"name": "q", "in": "query", "schema": text,
                                    "description": "Only the publications whose fields contain this text"},
                                   {"name": "sort", "in": "query", "schema": text,
                                    "description": "A column to sort by, with '-' before it for descending"}],
                    "responses": {"200": {"description": "The publications.", "content": {_JSON: {"schema": {
                        "type": "object", "properties": {"publications": {"type": "array", "items": {"type": "object"}}}}}}},
                                  **_errors("400")}},
            **_submission(
                "Submit publications", "A publication in YAML, or a reference manager's BibTeX or CSL-JSON export.",
                {"application/yaml": text, "application/x-bibtex": text,
                 "application/vnd.citationstyles.csl+json": {"type": "array", "items": {"type": "object"}},
                 _JSON: {"type": "array", "items": {"type": "object"}}}, "publications"),
        },
    }
    for query in list_named_queries():
        paths[f"/api/queries/{query.name}"] = _named_query_path(query)
        paths[f"/api/queries/{query.name}/works"] = _works_path(query)

    schemas = _case_schema_components()
    schemas.update({
        "Error": {"type": "object", "required": ["error", "detail"],
                  "description": "error: the status's short name (the message, on the case and publication routes); "
                                 "detail: what is wrong and where; errors: a submission's field errors.",
                  "properties": {"error": text, "detail": text, "errors": {"type": "array", "items": {
                      "type": "object", "properties": {"field": text, "line": {"type": ["integer", "null"]},
                                                       "message": text, "candidates": {"type": "array"}}}}}},
        "Outcome": {"type": "object", "required": ["dry_run", "graphs", "links"],
                    "properties": {"dry_run": {"type": "boolean"}, "graphs": {"type": "array"},
                                   "links": {"type": "array"}, "turtle": text}},
        "NamedQuery": {"type": "object", "required": ["name", "title", "text", "parameters"],
                       "properties": {"name": text, "title": text, "description": text, "text": text,
                                      "parameters": {"type": "array", "items": {"type": "object"}}}},
        "Diagnosis": {"type": "object", "required": ["case", "headline", "balanced", "summary", "indications", "grades"],
                      "properties": {"case": text, "label": text, "headline": text, "balanced": {"type": "boolean"},
                                     "summary": text, "indications": {"type": "array", "items": {"type": "object"}},
                                     "grades": {"type": "array", "items": {"type": "object"}},
                                     "may_follow": {"type": "array", "items": {"type": "object"}},
                                     "interpretation_chains": {"type": "array", "items": {"type": "object"}},
                                     "common_origins": {"type": "array", "items": {"type": "object"}},
                                     "evidence": {"type": "array", "items": {"type": "object"}},
                                     "actions_taken": {"type": "array", "items": {"type": "object"}}}},
        "Report": {"type": "object", "required": ["conforms", "violations"],
                   "properties": {"conforms": {"type": "boolean"}, "violations": {"type": "array"}}},
    })
    return {
        "openapi": "3.1.0",
        "info": {"title": "lpskg", "version": "1",
                 "description": "The knowledge graph of the lean-digitalization paradox: named queries, case and "
                                "publication submissions, validation. Reads are open; writes need the bearer "
                                "token the server was started with (LPSKG_TOKEN). SPARQL 1.1 Query/Update is "
                                "at /sparql and /update, the Graph Store Protocol at /rdf-graphs/service."},
        "paths": paths,
        "components": {
            "schemas": schemas,
            "parameters": {"resultFormat": {
                "name": "format", "in": "query", "required": False,
                "description": "Result format, instead of the Accept header.",
                "schema": {"enum": ["json", "xml", "csv", "tsv"]}}},
            "responses": {code: {"description": text_, "content": {_JSON: {"schema": {"$ref": "#/components/schemas/Error"}},
                                                                   "text/plain": {"schema": text}}}
                          for code, text_ in _ERROR_STATUSES.items()},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "The server's LPSKG_TOKEN."}},
        },
    }


@cross_origin
def openapi() -> Response:
    """The OpenAPI description, for clients, generators and API fuzzers."""
    return json_response(openapi_document())
