"""Where a running ``lpskg serve`` can be reached, recorded beside the store it holds.

The embedded store admits one writer process.  While ``lpskg serve`` holds it,
the command line reads it through a read-only view and sends its writes (a case
added or withdrawn, a publication) through the server's HTTP API; to find the
server it reads the record ``lpskg serve`` writes at start-up beside the store
directory (``var/store.server.json`` for ``var/store``) and removes at exit.  A
record whose process is gone is ignored.
"""
from __future__ import annotations

import json
import os
from pathlib import Path


def record_path(store: str | Path) -> Path:
    """The record of the server holding ``store``: ``<store>.server.json`` beside it."""
    path = Path(store)
    return path.with_name(path.name + ".server.json")


def write_record(store: str | Path, url: str) -> Path:
    """Record that this process serves ``store`` at ``url``."""
    path = record_path(store)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"url": url, "pid": os.getpid()}), encoding="utf-8")
    return path


def remove_record(store: str | Path) -> None:
    """Remove the record if it is this process's."""
    path = record_path(store)
    try:
        if json.loads(path.read_text(encoding="utf-8")).get("pid") == os.getpid():
            path.unlink()
    except (OSError, ValueError):
        pass


def running_server(store: str | Path) -> str | None:
    """The URL of the live ``lpskg serve`` holding ``store``, or None (no record, or its process is gone)."""
    try:
        record = json.loads(record_path(store).read_text(encoding="utf-8"))
        os.kill(int(record["pid"]), 0)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return str(record["url"])
