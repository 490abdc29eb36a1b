"""What every command shares: the settings read once, the store opened on first use, and how to fail."""
from __future__ import annotations

import sys

import click

from ..config import Settings
from ..knowledge.graphs import Graphs
from ..store import Store, open_store


class Context:
    """What every command shares: settings, and the store (and its write path) opened on first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: Store | None = None
        self._graphs: Graphs | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.settings)
        return self._store

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
