"""A release's nanopublications, and which nanopublications of earlier releases it supersedes.

``lpskg release DIR`` writes ``DIR/VERSION/nanopubs/`` (one trusty nanopublication per statement and
``index.tsv``).  The ledger (:mod:`.ledger`, ``data/nanopubs.tsv``) says which release first published
each statement as it is now.  A statement that is new or changed since is published by this release
(its publication info names this version and the date of CHANGELOG.md's heading for it); one that
changed or was withdrawn supersedes its earlier nanopublication.  ``DIR/VERSION/nanopubs-superseded.tsv``
lists those, CHANGELOG.md's section for VERSION must name each superseded IRI (the release says so, and
which lines to add), and only then does the ledger get its new rows, to be committed with the release.
"""
from __future__ import annotations

import datetime
import re
from pathlib import Path

from ...knowledge.graphs import Graphs
from ...paths import CHANGELOG_FILE
from .build import Builder
from .ledger import LEDGER_FILE, Entry, append_ledger, read_ledger
from .publish import export

SUPERSEDED = "nanopubs-superseded.tsv"


def changelog_section(version: str, changelog: Path = CHANGELOG_FILE) -> tuple[str, str]:
    """CHANGELOG.md's heading line and text for ``version`` (empty if there is none)."""
    text = changelog.read_text(encoding="utf-8") if changelog.exists() else ""
    found = re.search(rf"^##\s+\[?{re.escape(version)}\]?([^\n]*)\n(.*?)(?=^##\s|\Z)", text,
                      re.MULTILINE | re.DOTALL)
    return (found.group(1), found.group(2)) if found else ("", "")


def release_date(version: str, changelog: Path = CHANGELOG_FILE) -> str:
    """The date CHANGELOG.md's heading gives the release (``## 0.2.0 — 2026-12-07``), else today's."""
    heading, _ = changelog_section(version, changelog)
    found = re.search(r"\d{4}-\d{2}-\d{2}", heading)
    return found.group(0) if found else datetime.date.today().isoformat()


def release_nanopubs(graphs: Graphs, directory: Path, version: str, changelog: Path = CHANGELOG_FILE,
                     ledger_file: Path = LEDGER_FILE) -> list[tuple[str, str, str | None]]:
    """Write the release's nanopublications under ``directory`` and add what it first publishes to the
    ledger; the (record, old nanopublication, new one or None when withdrawn) it supersedes.

    Raises ValueError naming the superseded nanopublications CHANGELOG.md's section does not list;
    the ledger is then left as it was.
    """
    ledger = read_ledger(ledger_file)
    builder = Builder(graphs, ledger)
    current = {item.source: builder.content(item) for item in builder.items(("links", "claims"))}
    version_iri, date = str(builder.release.get("versionIRI") or version), release_date(version, changelog)
    new = {source: Entry(source, content, version_iri, date, "") for source, content in current.items()
           if source not in ledger or ledger[source].content != content}
    found = export(graphs, directory / "nanopubs", ("links", "claims"), ledger={**ledger, **new})
    iri = {published.item.source: published.nanopub.uri for published in found}
    rows = [(source, entry.nanopub, iri.get(source)) for source, entry in sorted(ledger.items())
            if entry.nanopub and (source not in current or source in new)]
    (directory / SUPERSEDED).write_text("source\tsuperseded\tby\n" + "".join(
        f"{source}\t{old}\t{by or ''}\n" for source, old, by in rows), encoding="utf-8")
    _, section = changelog_section(version, changelog)
    missing = [(source, old, by) for source, old, by in rows if old not in section]
    if missing:
        lines = "".join(f"\n- supersedes <{old}>" + (f" by <{by}>" if by else " (withdrawn)") + f" ({source})"
                        for source, old, by in missing[:3])
        raise ValueError(f"{changelog.name}'s section '## {version}' does not list {len(missing)} of the "
                         f"{len(rows)} nanopublications this release supersedes; add a line for each of "
                         f"{directory / SUPERSEDED}, such as:{lines}")
    withdrawn = [Entry(source, "", version_iri, date, "") for source, old, by in rows if by is None]
    append_ledger([Entry(e.source, e.content, e.version, e.date, iri[e.source]) for e in new.values()] + withdrawn,
                  ledger_file)
    return rows
