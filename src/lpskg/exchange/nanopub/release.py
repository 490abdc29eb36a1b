"""A release's nanopublications, and which of the previous release's it supersedes.

``lpskg release DIR`` writes ``DIR/VERSION/nanopubs/`` (one trusty nanopublication per statement and
``index.tsv``).  When ``DIR`` also holds an earlier version's release, each of its nanopublications
whose record now has another one (the statement, its provenance or the release changed) or none
(withdrawn) is superseded: ``DIR/VERSION/nanopubs-superseded.tsv`` lists them, and CHANGELOG.md's
section for VERSION must name each superseded IRI (the release says so, and which lines to add).
"""
from __future__ import annotations

import re
from pathlib import Path

from ...knowledge.graphs import Graphs
from ...paths import CHANGELOG_FILE
from .publish import INDEX, export, read_index, superseded

SUPERSEDED = "nanopubs-superseded.tsv"


def _version_key(name: str) -> tuple[int, ...] | None:
    return tuple(int(part) for part in name.split(".")) if re.fullmatch(r"\d+(\.\d+)*", name) else None


def previous_release(directory: Path) -> Path | None:
    """The newest release beside ``directory`` (``DIR/VERSION``) older than it that has nanopublications."""
    current = _version_key(directory.name)
    older = [p for p in directory.parent.iterdir() if p.is_dir() and _version_key(p.name) is not None
             and current is not None and _version_key(p.name) < current and (p / "nanopubs" / INDEX).exists()]
    return max(older, key=lambda p: _version_key(p.name), default=None)


def changelog_section(version: str, changelog: Path = CHANGELOG_FILE) -> str:
    """The text of CHANGELOG.md's section for ``version`` (empty if none)."""
    text = changelog.read_text(encoding="utf-8") if changelog.exists() else ""
    found = re.search(rf"^##\s+\[?{re.escape(version)}\]?(\s[^\n]*)?\n(.*?)(?=^##\s|\Z)", text,
                      re.MULTILINE | re.DOTALL)
    return found.group(2) if found else ""


def release_nanopubs(graphs: Graphs, directory: Path, version: str,
                     changelog: Path = CHANGELOG_FILE) -> list[tuple[str, str, str | None]]:
    """Write the release's nanopublications under ``directory``; the (record, old, new) it supersedes.

    Raises ValueError naming the superseded nanopublications CHANGELOG.md's section does not list.
    """
    export(graphs, directory / "nanopubs")
    previous = previous_release(directory)
    if previous is None:
        return []
    rows = superseded(read_index(previous / "nanopubs" / INDEX), read_index(directory / "nanopubs" / INDEX))
    (directory / SUPERSEDED).write_text("source\tsuperseded\tby\n" + "".join(
        f"{source}\t{old}\t{new or ''}\n" for source, old, new in rows), encoding="utf-8")
    section = changelog_section(version, changelog)
    missing = [(source, old, new) for source, old, new in rows if old not in section]
    if missing:
        lines = "".join(f"\n- supersedes <{old}>" + (f" by <{new}>" if new else " (withdrawn)") + f" ({source})"
                        for source, old, new in missing[:3])
        raise ValueError(f"{changelog.name}'s section '## {version}' does not list {len(missing)} of the "
                         f"{len(rows)} nanopublications this release supersedes (since {previous.name}); add a line "
                         f"for each of {directory / SUPERSEDED}, such as:{lines}")
    return rows
