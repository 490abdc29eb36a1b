"""Ontology quality checks: SPARQL reports that must come back empty.

In the manner of the Ontology Development Kit's SPARQL reports, each check is
a SELECT query in ``ontology/checks/*.rq`` whose rows are the offending terms
or resources (a term without a definition, an lpskg term used but never
declared, a misspelt vocabulary namespace, an orphan individual ...).  The
query files carry their own ``# title:`` and ``# description:`` header so
that adding a check means adding one file, and the same files can be run by
any SPARQL tool.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .paths import ONTOLOGY_DIR
from .store import Dataset, Rows, Store
from .tables import render_table

CHECKS_DIR = ONTOLOGY_DIR / "checks"


class CheckFileError(ValueError):
    """A check file lacks its header; the message names the file and the missing field."""


@dataclass(frozen=True)
class Check:
    """One quality check: a SELECT query that must return no rows."""

    name: str           # the file name without .rq, e.g. "orphan-individuals"
    title: str
    description: str
    query: str


@dataclass(frozen=True)
class CheckResult:
    """The rows a check returned: each one is a problem to fix."""

    check: Check
    rows: Rows

    @property
    def passed(self) -> bool:
        return not self.rows


def read_check(path: Path) -> Check:
    """Parse a check file: its ``# title:`` and ``# description:`` header and its query."""
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("# ").partition(":")
        if value:
            header[key.strip().lower()] = value.strip()
    for field in ("title", "description"):
        if not header.get(field):
            raise CheckFileError(f"{path}: the header has no '# {field}:' line")
    return Check(path.stem, header["title"], header["description"], text)


def load_checks(directory: Path = CHECKS_DIR) -> list[Check]:
    """Every check of ``directory``, in file-name order."""
    return [read_check(path) for path in sorted(directory.glob("*.rq"))]


def run_checks(store: Store, checks: list[Check] | None = None,
               all_graphs: bool = False) -> list[CheckResult]:
    """Run the checks against the bundled graphs of ``store`` (or all its graphs).

    The bundle (ontology, shipped data and their entailments) is what the
    project releases and must pass; ``all_graphs`` also takes in the
    submitted cases and publications.
    """
    dataset = Dataset(union=True) if all_graphs else Dataset(default_graphs=tuple(store.bundle_graphs()))
    return [CheckResult(check, store.select(check.query, dataset=dataset))
            for check in (load_checks() if checks is None else checks)]


def render_results(results: list[CheckResult]) -> str:
    """Each check's title and verdict, and the offending rows of those that fail."""
    blocks = []
    for result in results:
        check = result.check
        if result.passed:
            blocks.append(f"ok    {check.title} ({check.name})")
        else:
            blocks.append(f"FAIL  {check.title} ({check.name}): {len(result.rows)} row(s)\n"
                          + render_table(result.rows.variables, result.rows, width=90))
    failed = sum(not r.passed for r in results)
    blocks.append(f"{len(results) - failed} of {len(results)} checks pass")
    return "\n".join(blocks)
