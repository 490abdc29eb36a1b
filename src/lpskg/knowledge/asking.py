"""Asking a named query with the values people type, and saying what they were taken to mean.

A value for an IRI parameter may be a label ("Scania", "Myopya"): it is
resolved among the resources of the parameter's kind (:mod:`.labels`), and the
answer says what each label resolved to, exactly or as a slip, so that nobody
reads an answer about another resource than the one meant.  An answer left
empty by a parameter says so: which value, and how many rows the query has
without it.  The HTTP API (``/api/queries/NAME``) and ``lpskg query --named``
both ask through here.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rdflib.term import Node

from ..store import Dataset
from .graphs import Graphs
from .labels import LabelIndex, Resolution, label_index
from .library import NamedQuery, Parameter, prefixed_name, to_term


@dataclass
class Asked:
    """A named query ready to run: its text, its bound values, and what each value given for an IRI
    parameter was taken to mean."""

    query: NamedQuery
    text: str
    bindings: dict[str, Node]
    resolutions: list[Resolution] = field(default_factory=list)
    given: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> list[dict]:
        return [r.as_json() for r in self.resolutions]


def ask_named(graphs: Graphs, query: NamedQuery, values: Mapping[str, str], dataset: Dataset | None = None) -> Asked:
    """``query`` prepared with ``values``, labels resolved among the resources of each parameter's kind.

    Raises :class:`~lpskg.knowledge.library.NamedQueryError` (a
    :class:`~lpskg.knowledge.labels.NotFound` with the nearest candidates for a label that names nothing).
    """
    resolved: dict[str, Resolution] = {}
    indexes: list[LabelIndex] = []

    def index() -> LabelIndex:   # read once per request, and only when a value needs it
        if not indexes:
            indexes.append(label_index(graphs, dataset))
        return indexes[0]

    def resolve(text: str, parameter: Parameter, what: str) -> str:
        found = index().resolve(text, parameter.kind, parameter.name, what)
        resolved[parameter.name] = found
        return found.iri

    text, bindings = query.prepare(values, resolve)
    given = {name: value for name, value in values.items() if value not in (None, "")}
    resolutions = []
    for parameter in query.parameters:
        if parameter.type != "iri" or parameter.name not in given:
            continue
        if parameter.name not in resolved:   # given as an IRI or a prefixed name: said back with its label
            iri = str(bindings[parameter.name])
            named = index().resources.get(iri)
            resolved[parameter.name] = Resolution(parameter.name, given[parameter.name], iri,
                                                  named.label if named else prefixed_name(iri), "iri", 100.0,
                                                  index().of_kind(iri, parameter.kind))
        resolutions.append(resolved[parameter.name])
    return Asked(query, text, bindings, resolutions, given)


def why_empty(graphs: Graphs, asked: Asked, dataset: Dataset | None = None) -> str | None:
    """Why the answer to ``asked`` has no row, when a value given for a parameter is the reason; else None.

    A resource that is not of the parameter's kind is named as such; an optional
    parameter that leaves no row is named with the rows the query has without it.
    """
    if not asked.given:
        return None
    kinds = {p.name: p for p in asked.query.parameters}
    for resolution in asked.resolutions:
        if not resolution.of_kind:
            kind = label_index(graphs, dataset).kind_words(kinds[resolution.parameter].kind)
            return (f"no rows: {resolution.describe()} is not a {kind}, the only kind of resource the parameter "
                    f"'{resolution.parameter}' takes")
    by_name = {r.parameter: r for r in asked.resolutions}
    for name in asked.given:
        parameter = kinds.get(name)
        if parameter is None or parameter.required or asked.given[name] == parameter.default:
            continue
        without = {k: v for k, v in asked.bindings.items() if k != name}
        if parameter.default is not None:
            without[name] = to_term(asked.query.name, parameter, parameter.default)
        rows = len(asked.query.run(graphs.store, without, dataset=dataset))
        if rows:
            value = by_name[name].describe() if name in by_name else f"{name} = {asked.given[name]!r}"
            left_out = f"with {name} = {parameter.default}" if parameter.default is not None else f"without '{name}'"
            return f"no rows for {value}; {left_out} the query has {rows} row{'s' if rows != 1 else ''}"
    given = "; ".join(r.describe() for r in asked.resolutions) or ", ".join(
        f"{k} = {v!r}" for k, v in asked.given.items())
    return f"no rows for {given}: the graph holds nothing this query asks for with these values"
