"""The English labels of the IRIs a query result shows, so the query pages read as text (``/api/labels``).

``queries/pages/labels.rq`` gives one English (or untagged) label per IRI,
over every graph of the store, whatever the default graph of queries is.
"""
from __future__ import annotations

from collections.abc import Iterable

from rdflib import URIRef

from ...store import Dataset, Store
from ..library import read_model


def english_labels(store: Store, iris: Iterable[str]) -> dict[str, str]:
    """IRI -> label, for those of ``iris`` that have one."""
    rows = read_model("pages/labels").run(store, values=[URIRef(i) for i in iris], dataset=Dataset())
    return {str(row["iri"]): str(row["label"]) for row in rows}
