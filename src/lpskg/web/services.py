"""What every request handler shares: settings, the store, the one write path, the query runner, the metrics,
the cache of answers."""
from __future__ import annotations

import hmac
from dataclasses import dataclass, field

from flask import current_app, request

from ..config import Settings
from ..exchange.nanopub import without_imports
from ..knowledge.bundle import bundle_dataset
from ..knowledge.graphs import ONTOLOGY_GRAPH, Change, Graphs
from ..knowledge.inference import has_entailments, inferred_graph_name
from ..store import Dataset, QueryRunner, ResultCache, Store
from .errors import ApiError
from .metrics import Metrics
from .rate_limit import RateLimit


@dataclass
class Services:
    """The app's collaborators, created once by ``create_app``; every write goes through ``graphs``."""

    settings: Settings
    store: Store
    graphs: Graphs
    runner: QueryRunner
    metrics: Metrics
    results: ResultCache
    anonymous: RateLimit = field(init=False)

    def __post_init__(self) -> None:
        self.graphs.on_change(self._written)
        self.anonymous = RateLimit(self.settings.anonymous_rate)

    def store_size(self) -> tuple[int, int]:
        """(triples, named graphs), counted once per write: a count scans the whole store,
        which takes seconds at 1M triples, and /health is polled often."""
        return self.graphs.derived("store size", lambda: (self.store.triple_count(), len(self.store.graph_names())),
                                   lambda size, change: None)

    def default_dataset(self) -> Dataset:
        """The dataset of a query that names none: the union of all graphs but imported nanopublications',
        or the bundle alone."""
        return without_imports(self.graphs) if self.settings.default_graph == "union" else bundle_dataset()

    @property
    def union_default(self) -> bool:
        """Whether a query's default graph is the union of all graphs (else the bundled graphs)."""
        return self.settings.default_graph == "union"

    def _written(self, change: Change) -> None:
        """The store changed: query workers must see the new state, and no cached answer the write may have
        changed may be served.  The cache moves last, so that a query filed under the new generation is
        evaluated by a worker that already knows to reopen its view."""
        self.runner.invalidate()
        self.results.moved(self.graphs.cache_key(), touched_graphs(change))


def touched_graphs(change: Change) -> frozenset[str | None] | None:
    """The graphs a write changed, with the graphs of their entailments; None when it cannot say, or when it
    wrote the ontology (whose classes and properties every graph's entailments follow)."""
    if change.graphs is None or ONTOLOGY_GRAPH in change.graphs:
        return None
    return change.graphs | {inferred_graph_name(name) for name in change.graphs if has_entailments(name)}


def services() -> Services:
    """The current app's services."""
    return current_app.extensions["lpskg"]


def require_token() -> None:
    """Allow a write only with ``Authorization: Bearer <LPSKG_TOKEN>`` (compared in constant time)."""
    token = services().settings.token
    if not token:
        raise ApiError(403, "writes are disabled on this server: start it with LPSKG_TOKEN set to enable "
                            "SPARQL Update and Graph Store writes")
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(401, "this operation needs the header 'Authorization: Bearer <token>'",
                       {"WWW-Authenticate": 'Bearer realm="lpskg"'})
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ApiError(403, "the bearer token is not the one this server accepts")


def limit_anonymous() -> None:
    """Count a request that needs no token against its client's rate, unless it carries the token; 429 past it."""
    token = services().settings.token
    given = request.headers.get("Authorization", "")
    if token and given.startswith("Bearer ") and hmac.compare_digest(given[7:].strip().encode(), token.encode()):
        return
    client = request.remote_addr or "unknown"
    wait = services().anonymous.wait(client)
    if wait:
        limit = services().settings.anonymous_rate
        raise ApiError(429, f"too many requests without a token from {client}: at most {limit} dry runs and "
                            f"diagnoses a minute (LPSKG_ANONYMOUS_RATE); retry in {wait:.0f} s, or send the token",
                       {"Retry-After": str(max(1, round(wait)))})
