"""Run-time settings, read from the environment (``LPSKG_*``) with safe defaults.

One frozen object carries them so that the CLI, the server and the tests agree
on where the store is and what the endpoint allows.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

from .paths import ROOT


class ConfigError(ValueError):
    """A setting has a value lpskg cannot use; the message names the variable."""


def _number(name: str, default: float, cast: type = float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = cast(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number") from None
    if value <= 0:
        raise ConfigError(f"{name}={raw!r} must be greater than zero")
    return value


@dataclass(frozen=True)
class Settings:
    """Everything that can be configured about an lpskg installation.

    ``store`` is a directory for the embedded store, or
    ``sparql:QUERY_URL|UPDATE_URL`` for a remote SPARQL 1.1 service.
    ``default_graph`` is ``union`` (all graphs, cases included) or ``bundle``
    (only the ontology and the paper's graph) for queries that name no dataset.
    """

    store: str = str(ROOT / "var" / "store")
    default_graph: str = "union"
    token: str | None = None
    query_timeout: float = 30.0
    max_rows: int = 100_000
    max_body: int = 10 * 1024 * 1024
    host: str = "127.0.0.1"
    port: int = 8000
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls) -> "Settings":
        """Read ``LPSKG_*`` variables; raise ConfigError naming a bad one."""
        default_graph = os.environ.get("LPSKG_DEFAULT_GRAPH", "union")
        if default_graph not in ("union", "bundle"):
            raise ConfigError(f"LPSKG_DEFAULT_GRAPH={default_graph!r}: use 'union' or 'bundle'")
        return cls(
            store=os.environ.get("LPSKG_STORE") or cls.store,
            default_graph=default_graph,
            token=os.environ.get("LPSKG_TOKEN") or None,
            query_timeout=_number("LPSKG_QUERY_TIMEOUT", 30.0),
            max_rows=int(_number("LPSKG_MAX_ROWS", 100_000, int)),
            max_body=int(_number("LPSKG_MAX_BODY", 10 * 1024 * 1024, int)),
            host=os.environ.get("LPSKG_HOST", "127.0.0.1"),
            port=int(_number("LPSKG_PORT", 8000, int)),
        )

    def with_(self, **changes: object) -> "Settings":
        """A copy with some settings changed (used by the CLI's options)."""
        return replace(self, **changes)
