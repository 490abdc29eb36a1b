"""The data layer: a quad store with named graphs, answered in SPARQL 1.1, embedded or remote.

The public face is small: :func:`open_store` opens what a setting names,
:func:`runner_for` chooses who evaluates the endpoint's queries, the
:class:`Store` protocol is what every caller relies on, and
:func:`export_store` / :func:`import_file` move a whole store to and from a
file. Code outside this package imports from here, not from its modules.
"""
from __future__ import annotations

from ..config import Settings
from ..sparql_text import QuerySyntaxError
from .answers import serialise_triples
from .base import (
    Answer,
    Dataset,
    Job,
    NotAcceptable,
    Rows,
    Store,
    StoreError,
    StoreTimeout,
    StoreUnavailable,
    own_dataset,
)
from .embedded import EmbeddedStore
from .generations import PerGeneration
from .inserts import graph_as_insert
from .remote import RemoteStore
from .result_cache import ResultCache
from .runners import InThreadRunner, QueryBusy, QueryFailed, QueryRunner, QueryTimeout, WorkerLost
from .terms import BlankNodeScope, to_oxigraph, to_rdflib
from .transfer import TransferError, export_store, import_file
from .workers import WorkerPool

__all__ = ["Answer", "BlankNodeScope", "Dataset", "EmbeddedStore", "InThreadRunner", "Job", "NotAcceptable", "PerGeneration",
           "QueryBusy", "QueryFailed", "QueryRunner", "QuerySyntaxError", "QueryTimeout", "RemoteStore", "ResultCache",
           "Rows", "Store", "StoreError", "StoreTimeout", "StoreUnavailable", "TransferError", "WorkerLost",
           "WorkerPool", "export_store", "graph_as_insert", "import_file", "open_store", "own_dataset", "runner_for",
           "serialise_triples", "to_oxigraph", "to_rdflib"]


def open_store(settings: Settings, read_only: bool = False) -> Store:
    """Open the store ``settings.store`` names: a directory, or ``sparql:QUERY|UPDATE`` for a remote one.

    ``read_only`` opens a view of an embedded store that another process holds
    (a running server); a remote store is shared by nature and ignores it.
    """
    if settings.remote:
        return RemoteStore.from_location(settings.store, timeout=settings.query_timeout)
    return EmbeddedStore(settings.store, read_only=read_only)


def runner_for(store: Store, settings: Settings) -> QueryRunner:
    """The endpoint's query runner: worker processes over a store they can open views of, unless
    ``settings.query_workers`` is 0; otherwise (a remote service) the calling thread."""
    if store.can_open_views and settings.query_workers != 0:
        return WorkerPool(store, settings.query_workers, settings.query_timeout)
    return InThreadRunner(store)
