"""Run-time settings, read once from the environment (``LPSKG_*``) with safe defaults.

One frozen object carries them from the entry point (the CLI, ``server.py``)
down to the store, the query runner and the web app, so that nothing below
the entry point reads the environment behind its caller's back: what
``create_app(Settings(query_timeout=4))`` is given is what it uses.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace

from .paths import ROOT


class ConfigError(ValueError):
    """A setting has a value lpskg cannot use; the message names the variable."""


def _number(env: Mapping[str, str], name: str, default: float, cast: type = float, minimum: float = 1e-9) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = cast(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a {'whole ' if cast is int else ''}number") from None
    if value < minimum:
        raise ConfigError(f"{name}={raw!r} must be {'at least 0' if minimum == 0 else 'greater than zero'}")
    return value


@dataclass(frozen=True)
class Settings:
    """Everything that can be configured about an lpskg installation.

    ``store`` is a directory for the embedded store, or
    ``sparql:QUERY_URL|UPDATE_URL[|union=MODE]`` for a remote SPARQL 1.1 service.
    ``default_graph`` is ``union`` (all graphs, cases included) or ``bundle``
    (only the ontology and the paper's graph) for queries that name no dataset.
    ``query_workers`` is the size of the pool of query processes (None: one per
    core; 0: queries run in the request thread, without a timeout).
    ``anonymous_rate`` is how many dry runs and file diagnoses a client without the
    token may ask for a minute.
    """

    store: str = str(ROOT / "var" / "store")
    default_graph: str = "union"
    token: str | None = None
    query_timeout: float = 30.0
    max_rows: int = 100_000
    max_body: int = 10 * 1024 * 1024
    host: str = "127.0.0.1"
    port: int = 8000
    query_workers: int | None = None
    anonymous_rate: int = 30

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        """Read ``LPSKG_*`` variables (of ``env``, default the process environment); ConfigError names a bad one."""
        env = os.environ if env is None else env
        default_graph = env.get("LPSKG_DEFAULT_GRAPH", "union")
        if default_graph not in ("union", "bundle"):
            raise ConfigError(f"LPSKG_DEFAULT_GRAPH={default_graph!r}: use 'union' or 'bundle'")
        workers = env.get("LPSKG_QUERY_WORKERS", "")
        return cls(
            store=env.get("LPSKG_STORE") or cls.store,
            default_graph=default_graph,
            token=env.get("LPSKG_TOKEN") or None,
            query_timeout=_number(env, "LPSKG_QUERY_TIMEOUT", 30.0),
            max_rows=int(_number(env, "LPSKG_MAX_ROWS", 100_000, int)),
            max_body=int(_number(env, "LPSKG_MAX_BODY", 10 * 1024 * 1024, int)),
            host=env.get("LPSKG_HOST", "127.0.0.1"),
            port=int(_number(env, "LPSKG_PORT", 8000, int)),
            query_workers=None if workers == "" else int(_number(env, "LPSKG_QUERY_WORKERS", 0, int, minimum=0)),
            anonymous_rate=int(_number(env, "LPSKG_ANONYMOUS_RATE", 30, int)),
        )

    def with_(self, **changes: object) -> "Settings":
        """A copy with some settings changed (used by the CLI's options)."""
        return replace(self, **changes)

    @property
    def remote(self) -> bool:
        """True when the store is a SPARQL service rather than a directory."""
        return self.store.startswith("sparql:")
