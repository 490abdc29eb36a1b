"""Finding resources by what people call them: a label, an alternative label, an OCR slip of a name.

The search box of every page and the named-query parameters that take a
resource both read ``queries/lookup/label-search.rq``; this module turns its
rows into matches and a typed name into one IRI, or an error that lists the
candidates.
"""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal

from ..namespaces import LPSKG
from ..store import Dataset, Store
from .library import NamedQueryError, read_model

#: The shortest text searched: one letter matches most of the graph.
MIN_SEARCH = 2


@dataclass(frozen=True)
class LabelMatch:
    """A resource found by a label: its IRI, its label, the label that matched and the name of its class."""

    iri: str
    label: str
    matched: str
    kind: str
    exact: bool


def search_labels(store: Store, text: str, dataset: Dataset | None = None) -> list[LabelMatch]:
    """The resources whose label or alternative label contains ``text``, best first (at most 20)."""
    text = " ".join(text.split())
    if len(text) < MIN_SEARCH:
        return []
    rows = read_model("lookup/label-search").run(store, {"search": Literal(text)}, dataset=dataset)
    return [LabelMatch(str(r["iri"]), str(r.get("label", r["matched"])), str(r["matched"]), _kind(r),
                       int(r["rank"]) == 0) for r in rows]


def _kind(row: dict) -> str:
    if "kind" in row:
        return str(row["kind"])
    return "ontology term" if str(row["iri"]).startswith(str(LPSKG)) else ""


def resolve_label(store: Store, text: str, what: str, dataset: Dataset | None = None) -> str:
    """The one resource whose label or alternative label is ``text`` (case-insensitive), for ``what``.

    Raises NamedQueryError when no label or several resources' labels are exactly ``text``,
    naming the nearest labels so that the person can choose.
    """
    matches = search_labels(store, text, dataset)
    exact = [m for m in matches if m.exact]
    if len(exact) == 1:
        return exact[0].iri
    if exact:
        listed = "; ".join(f"{m.label} ({m.kind or 'resource'}) <{m.iri}>" for m in exact[:6])
        raise NamedQueryError(f"{what}: the label {text!r} names {len(exact)} resources: {listed}; "
                              "give the IRI or prefixed name of the one meant")
    near = "; ".join(f"{m.label} <{m.iri}>" for m in matches[:6])
    raise NamedQueryError(f"{what}: no resource is labelled {text!r}"
                          + (f"; labels containing it: {near}" if near else "")
                          + "; give a label, a prefixed name such as paradox:learning, or an IRI")
