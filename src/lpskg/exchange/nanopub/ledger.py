"""Which release first published each statement as it is now: ``data/nanopubs.tsv``, kept in the repository.

A nanopublication's trusty URI is a hash of all it says, its publication info included, and the
publication info names the release the statement comes from.  If that were simply the current
release, every release would give every statement a new URI, and each would supersede the last
for nothing.  So the ledger records, for each statement's record, the hash of its assertion and
provenance and the release (version IRI and date) that first published them so: an export names
that release while the statement is unchanged, and a statement gets a new nanopublication only when
what it says or where it comes from changed.  ``lpskg release`` appends a row for each statement
that is new or changed since the last release, and the rows are committed with the release.
"""
from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ...paths import DATA_DIR

LEDGER_FILE = DATA_DIR / "nanopubs.tsv"
_COLUMNS = ("source", "content", "version", "date", "nanopub")


@dataclass(frozen=True)
class Entry:
    """One statement as a release first published it: its record, the hash of its assertion and provenance,
    the release (version IRI and ISO date) and the nanopublication's IRI."""

    source: str
    content: str
    version: str
    date: str
    nanopub: str


def content_key(quads: Iterable[object]) -> str:
    """The SHA-256 of a statement's assertion and provenance quads, in a canonical order."""
    return hashlib.sha256("\n".join(sorted(str(q) for q in quads)).encode("utf-8")).hexdigest()


def read_ledger(path: Path = LEDGER_FILE) -> dict[str, Entry]:
    """The latest entry of each record (later rows supersede earlier ones); empty without a ledger."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["source"]: Entry(**{c: row[c] for c in _COLUMNS}) for row in csv.DictReader(handle, delimiter="\t")}


def append_ledger(entries: Iterable[Entry], path: Path = LEDGER_FILE) -> None:
    """Add ``entries`` at the end of the ledger (with its header, if it is new)."""
    entries = list(entries)
    if not entries:
        return
    new = not path.exists()
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        if new:
            writer.writerow(_COLUMNS)
        for entry in entries:
            writer.writerow([getattr(entry, c) for c in _COLUMNS])
