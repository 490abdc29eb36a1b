"""The SPARQL 1.1 Protocol's request rules: parameters, dataset, encoding, forbidden operations.

Parameters are decoded strictly: a query string or body that is not UTF-8 is a
client error (400) rather than a query silently changed by replacement
characters.  The dataset comes from ``default-graph-uri``/``named-graph-uri``
(queries) or ``using-graph-uri``/``using-named-graph-uri`` (updates), which
override the configured default graph.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs

from flask import request

from ...sparql_text import check_iri, mask_literals, strip_literals
from ...store import Dataset, own_dataset
from ..errors import ApiError

_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_LOAD = re.compile(r"\bLOAD\b", re.IGNORECASE)
_USING_OR_WITH = re.compile(r"\b(USING|WITH)\b", re.IGNORECASE)
_WHERE = re.compile(r"\bWHERE\b", re.IGNORECASE)
_DELETE_BEFORE = re.compile(r"\bDELETE\s*$", re.IGNORECASE)

FORM = "application/x-www-form-urlencoded"


@dataclass
class Params:
    """The request's parameters, from the URL and (for a form POST) the body."""

    values: dict[str, list[str]]

    def all(self, name: str) -> list[str]:
        return self.values.get(name, [])

    def joined(self, name: str) -> str | None:
        """Every value of ``name`` joined by commas (None without one): for ``format``, which some
        clients repeat with the same format named differently (see ``negotiation``)."""
        found = self.all(name)
        return ",".join(found) if found else None

    def one(self, name: str) -> str | None:
        """The single value of ``name``; 400 if the request repeats it."""
        found = self.all(name)
        if len(found) > 1:
            raise ApiError(400, f"the request has {len(found)} '{name}' parameters; send exactly one")
        return found[0] if found else None


def _decode(raw: bytes, where: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ApiError(400, f"{where} is not valid UTF-8 (byte {error.start}: "
                            f"0x{raw[error.start]:02x})") from None


def _parse_form(raw: bytes, where: str) -> dict[str, list[str]]:
    try:
        return parse_qs(_decode(raw, where), keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ApiError(400, f"{where} has a percent-encoded value that is not valid UTF-8") from None


def request_params(with_form_body: bool) -> Params:
    """The URL's parameters, plus the body's when it is an URL-encoded form."""
    values = _parse_form(request.query_string, "the URL's query string")
    if with_form_body:
        for name, found in _parse_form(request.get_data(cache=True), "the form body").items():
            values.setdefault(name, []).extend(found)
    return Params(values)


def body_text(what: str) -> str:
    """The request body as text (a query, an update, an RDF document); 400 if not UTF-8."""
    return _decode(request.get_data(cache=True), f"the {what} in the request body")


def media_type() -> str:
    """The request's Content-Type without parameters such as charset."""
    return (request.mimetype or "").lower()


def posted_operation(field: str, direct_type: str, elsewhere: str, other: str) -> tuple[Params, str]:
    """The parameters and the text of a POSTed operation (form field ``field`` or a direct body).

    ``other`` is the field of the other endpoint's operation and ``elsewhere`` that endpoint,
    named in the error when a client sends a query to /update or an update to /sparql.
    """
    if media_type() == FORM:
        params = request_params(with_form_body=True)
        text = params.one(field)
        if text is None:
            raise ApiError(400, f"the form has no '{field}' parameter" +
                           (f"; send '{other}' to {elsewhere}" if params.all(other) else ""))
        return params, text
    if media_type() == direct_type:
        params = request_params(with_form_body=False)
        if params.all(field):
            raise ApiError(400, f"the {field} is in the body: do not also send a '{field}' URL parameter")
        return params, body_text(field)
    raise ApiError(415, f"a {field} is POSTed as {FORM} or {direct_type}, "
                        f"not as {request.content_type or 'a body without Content-Type'}")


def check_graph_iri(iri: str, parameter: str) -> None:
    """400 unless ``iri`` is an absolute IRI that can be written between <> in SPARQL."""
    try:
        check_iri(iri, parameter)
    except ValueError as error:
        raise ApiError(400, str(error)) from None


def _graph_iris(params: Params, name: str) -> tuple[str, ...]:
    iris = params.all(name)
    for iri in iris:
        check_graph_iri(iri, name)
    return tuple(iris)


def query_dataset(params: Params, configured: Dataset, query: str) -> Dataset:
    """The dataset of ``query``: the protocol's graph parameters, else its own FROM / FROM NAMED clauses,
    else the ``configured`` default (SPARQL 1.1 Protocol 2.1.4)."""
    default = _graph_iris(params, "default-graph-uri")
    named = _graph_iris(params, "named-graph-uri")
    if not default and not named:
        return own_dataset(query, configured)
    return Dataset(default_graphs=default or configured.default_graphs, named_graphs=named or None)


def refuse_remote_access(text: str, operation: str) -> None:
    """Refuse SERVICE and LOAD: the engine would fetch from the network on the client's behalf."""
    masked = strip_literals(text)
    if _SERVICE.search(masked):
        raise ApiError(400, f"this {operation} uses SERVICE: federated queries are not allowed here")
    if _LOAD.search(masked):
        raise ApiError(400, f"this {operation} uses LOAD: loading from URLs is not allowed here; "
                            "send the data with the Graph Store Protocol (PUT /rdf-graphs/service)")


def with_using_graphs(update: str, params: Params) -> str:
    """The update with the protocol's ``using-graph-uri``/``using-named-graph-uri`` applied.

    They act as USING / USING NAMED clauses of every DELETE/INSERT ... WHERE
    operation; an update that has its own USING or WITH must not get them (400).
    """
    using = _graph_iris(params, "using-graph-uri")
    using_named = _graph_iris(params, "using-named-graph-uri")
    if not using and not using_named:
        return update
    masked = mask_literals(update)
    if _USING_OR_WITH.search(masked):
        raise ApiError(400, "using-graph-uri/using-named-graph-uri cannot be combined with an update "
                            "that has its own USING or WITH clause")
    clause = "".join(f"USING <{g}> " for g in using) + "".join(f"USING NAMED <{g}> " for g in using_named)
    depth, inserts = 0, []
    for position, char in enumerate(masked):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and _WHERE.match(masked, position) and (position == 0 or not masked[position - 1].isalnum()) \
                and not _DELETE_BEFORE.search(masked[:position]):
            inserts.append(position)
    for position in reversed(inserts):
        update = update[:position] + clause + update[position:]
    return update
