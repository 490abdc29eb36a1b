"""Run-time settings, read once from the environment (``LPSKG_*``) with safe defaults.

One frozen object carries them from the entry point (the CLI, ``server.py``)
down to the store, the query runner and the web app, so that nothing below
the entry point reads the environment behind its caller's back: what
``create_app(Settings(query_timeout=4))`` is given is what it uses.
"""
from __future__ import annotations

import logging
import os
import sys
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


_UNITS = {"": 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3}
#: The result cache's default bound: at 1M triples the server holds about 430 MB, so 64 MB of
#: answers keeps it within the 600 MB target (docs/benchmark.md).
RESULT_CACHE_BYTES = 64 * 1024 ** 2


def _bytes(env: Mapping[str, str], name: str, default: int) -> int:
    """A size in bytes, with an optional K, M or G (powers of 1024): ``64M``; 0 turns the thing off."""
    raw = (env.get(name) or "").strip().upper().removesuffix("B").removesuffix("I")
    if raw == "":
        return default
    unit = raw[-1] if raw[-1] in _UNITS else ""
    number = raw[: len(raw) - len(unit)]
    if not number.isdigit():
        raise ConfigError(f"{name}={env[name]!r} is not a size: give bytes, or a number with K, M or G (64M)")
    return int(number) * _UNITS[unit]


def _switch(env: Mapping[str, str], name: str, default: bool = False) -> bool:
    raw = (env.get(name) or "").strip().lower()
    if raw not in ("", "0", "1", "true", "false", "yes", "no", "on", "off"):
        raise ConfigError(f"{name}={env[name]!r}: use 1 or 0")
    return default if raw == "" else raw in ("1", "true", "yes", "on")


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
    ``result_cache_bytes`` bounds the cache of serialised answers (0: off);
    ``cache_remote`` says that only this server writes the remote service, so
    that answers may be cached over it too (docs/remote-engines.md).
    ``library_logs`` lets the libraries lpskg uses (pyshacl, rdflib, owlready2, pyLODE, nanopub)
    log at DEBUG to standard error; off, only their warnings and errors reach the log.
    ``access_log`` writes a line per request to standard error (off behind a
    proxy that logs: about 2 % of a light query's server time, docs/benchmark.md).
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
    result_cache_bytes: int = RESULT_CACHE_BYTES
    cache_remote: bool = False
    access_log: bool = True
    library_logs: bool = False

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
            result_cache_bytes=_bytes(env, "LPSKG_RESULT_CACHE", RESULT_CACHE_BYTES),
            cache_remote=_switch(env, "LPSKG_CACHE_REMOTE"),
            access_log=_switch(env, "LPSKG_ACCESS_LOG", default=True),
            library_logs=_switch(env, "LPSKG_LIBRARY_LOGS"),
        )

    def with_(self, **changes: object) -> "Settings":
        """A copy with some settings changed (used by the CLI's options)."""
        return replace(self, **changes)

    @property
    def url(self) -> str:
        """Where ``lpskg serve`` listens: what it prints and what its record beside the store says."""
        return f"http://{self.host}:{self.port}"

    @property
    def remote(self) -> bool:
        """True when the store is a SPARQL service rather than a directory."""
        return self.store.startswith("sparql:")

    @property
    def shared_store(self) -> bool:
        """True when other clients may write the store behind this server's back (a remote service,
        unless ``cache_remote`` says otherwise): then no write generation can be trusted."""
        return self.remote and not self.cache_remote


#: The loggers of the libraries lpskg calls: quiet unless LPSKG_LIBRARY_LOGS=1 (pyshacl alone can log
#: a thousand DEBUG lines for one submission when something turns the root logger down to DEBUG).
LIBRARY_LOGGERS = ("pyshacl", "rdflib", "owlready2", "pylode", "nanopub", "urllib3", "jsonschema")


def apply_library_logs(settings: Settings) -> None:
    """Set the libraries' loggers: warnings and errors only, or everything to standard error."""
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        if settings.library_logs:
            logger.setLevel(logging.DEBUG)
            if not logger.handlers:
                logger.addHandler(logging.StreamHandler(sys.stderr))
        else:
            logger.setLevel(logging.WARNING)
