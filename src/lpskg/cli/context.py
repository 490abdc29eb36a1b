"""What every command shares: the settings read once, the store opened on first use, and how to fail."""
from __future__ import annotations

import sys

import click

from ..config import Settings
from ..knowledge.graphs import Graphs
from ..store import Store, StoreError, open_store


class Context:
    """What every command shares: settings, and the store (and its write path) opened on first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: Store | None = None
        self._graphs: Graphs | None = None
        self.in_use: str | None = None   # why the store was opened read-only, if it was

    @property
    def store(self) -> Store:
        """The store, read-write; or, while a running ``lpskg serve`` holds it, a read-only view."""
        if self._store is None:
            try:
                self._store = open_store(self.settings)
            except StoreError as error:
                if "in use" not in str(error):
                    raise
                self._store = open_store(self.settings, read_only=True)
                self.in_use = str(error)
        return self._store

    def server(self) -> str | None:
        """The URL of the running server that holds the store, if one does."""
        from ..serving import running_server

        return None if self.settings.remote else running_server(self.settings.store)

    def held_elsewhere(self) -> bool:
        """Whether another process (a running server) holds the store, so that this one reads a view."""
        return self.store is not None and self.in_use is not None

    def require_writable(self) -> None:
        """Fail in one line, saying what to do, if a running server holds the store."""
        if self.held_elsewhere():
            url = self.server()
            where = f" (lpskg serve at {url})" if url else ""
            fail(f"the store at {self.settings.store} is held by a running server{where}: stop it to run this "
                 "command, or send the change through its HTTP API")

    @property
    def graphs(self) -> Graphs:
        """The one write path over the store: every command that writes goes through it."""
        if self._graphs is None:
            self._graphs = Graphs(self.store, shared=self.settings.shared_store)
        return self._graphs

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def progress(message: str) -> None:
    """Progress of long operations goes to stderr, so stdout stays parseable."""
    click.echo(f"… {message}", err=True)


def fail(message: str, code: int = 1) -> None:
    click.echo(f"lpskg: error: {message}", err=True)
    sys.exit(code)
