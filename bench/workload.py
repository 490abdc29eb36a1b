"""The benchmark's workload: every named query of queries/, as one self-contained SPARQL text.

All servers get byte-for-byte the same text: the project's prefixes the query
uses are declared in front (rdflib-endpoint and Oxigraph know none of them),
and a required parameter is bound to the example its description gives
("..., e.g. paradox:learning") with a ``VALUES`` block, the way
:class:`lpskg.remote.RemoteStore` binds it.  Optional parameters stay unbound,
which asks the broadest, heaviest form of each question.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lpskg.knowledge.library import list_named_queries
from lpskg.sparql_text import bind, with_prologue

_EXAMPLE = re.compile(r"e\.g\.\s+(\S+)")


@dataclass(frozen=True)
class Query:
    """One query of the workload with what kind of work it asks of the engine."""

    name: str
    text: str
    kinds: tuple[str, ...]


def kinds_of(text: str) -> tuple[str, ...]:
    """The kinds of heavy work a query text asks for: aggregate, text search, path, join."""
    upper = text.upper()
    kinds = []
    if "GROUP BY" in upper or re.search(r"\b(COUNT|SUM|AVG|GROUP_CONCAT)\s*\(", upper):
        kinds.append("aggregate")
    if re.search(r"\b(CONTAINS|REGEX|STRSTARTS)\s*\(", upper):
        kinds.append("text")
    if re.search(r"[\w>)]\s*[+*]\s*[\s;.?]|\w:\w[\w-]*/[\w^]", text):
        kinds.append("path")
    if len(re.findall(r"\s\.\s|\s;\s", text)) >= 4 or "EXISTS" in upper:
        kinds.append("join")
    return tuple(kinds)


def named_workload() -> list[Query]:
    """Every named query with its required parameters bound to their documented example."""
    workload = []
    for named in list_named_queries():
        values = {}
        for parameter in named.parameters:
            if parameter.required:
                example = _EXAMPLE.search(parameter.description)
                if not example:
                    raise ValueError(f"queries/{named.name}.rq: parameter '{parameter.name}' gives no "
                                     "example value ('e.g. ...') for the benchmark to use")
                values[parameter.name] = example.group(1).rstrip(".,;)")
        text, bindings = named.prepare(values)
        workload.append(Query(named.name, with_prologue(bind(text, bindings)), kinds_of(text)))
    return workload
