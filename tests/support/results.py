"""Comparing query answers across engines: SPARQL 1.1 Query 18.5.1.7 leaves the order of GROUP_CONCAT's parts
to the engine, and named queries over the graph read with readable, shortened terms."""
from __future__ import annotations

import re
from pathlib import Path

from rdflib import Literal

from lpskg.knowledge.library import load_named_query
from lpskg.store import EmbeddedStore, Store
from lpskg.tables import shorten


def ask(store: Store, name: str, **params: str) -> list[dict[str, str]]:
    """Rows of a named query, each term shortened (``paradox:learning``) for readable expectations."""
    text, bindings = load_named_query(name).prepare(params)
    return [{k: shorten(v) for k, v in row.items()} for row in store.select(text, bindings)]


def project(rows: list[dict[str, str]], *columns: str) -> list[tuple[str | None, ...]]:
    """The given columns of each row, None where a row has no value."""
    return [tuple(row.get(c) for c in columns) for row in rows]


def named_rows(store: Store | Path, name: str, **params: str) -> list[dict[str, str]]:
    """The rows of the named query ``name`` with ``params``, as strings; ``store`` is a store or a
    store directory (opened read-only, so that it works beside a process that holds it)."""
    text, bindings = load_named_query(name).prepare(params)
    opened = EmbeddedStore(store, read_only=True) if isinstance(store, (str, Path)) else store
    try:
        return [{k: str(v) for k, v in row.items()} for row in opened.select(text, bindings)]
    finally:
        if opened is not store:
            opened.close()


_GROUP_CONCAT = re.compile(r"GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*?separator\s*=\s*\"([^\"]*)\"\s*\)\s*AS\s*\?(\w+)",
                           re.IGNORECASE)


def concatenation_separators(query: str) -> dict[str, str]:
    """The variables a query's GROUP_CONCATs bind, with their separators: SPARQL 1.1 Query 18.5.1.7 leaves
    the order of the parts to the engine, so comparisons across engines sort them."""
    return {name: separator for separator, name in _GROUP_CONCAT.findall(query)}


def sorted_parts(value: str, separator: str) -> str:
    """A GROUP_CONCAT value with its parts in sorted order."""
    return separator.join(sorted(value.split(separator)))


def unordered_concatenations(query: str, rows) -> list[list[tuple[str, str]]]:
    """Rows as sorted (variable, N3) pairs, with each GROUP_CONCAT value's parts sorted: SPARQL 1.1 Query
    18.5.1.7 leaves their order to the engine, and Oxigraph and Virtuoso choose differently; a
    concatenation of no values counts as absent (Virtuoso answers "", Oxigraph leaves it unbound)."""
    separators = concatenation_separators(query)
    result = []
    for row in rows:
        pairs = []
        for name, value in row.items():
            if name in separators:
                if not str(value):  # no values: "" as 18.5.1.7 defines (Virtuoso), unbound in Oxigraph
                    continue
                value = Literal(sorted_parts(str(value), separators[name]))
            pairs.append((name, value.n3()))
        result.append(sorted(pairs))
    return sorted(result)
