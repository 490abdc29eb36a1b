"""Ontology quality checks: SPARQL reports that must come back empty.

In the manner of the Ontology Development Kit's SPARQL reports, each check is
a SELECT query in ``ontology/checks/*.rq`` whose rows are the offending terms
or resources (a term without a definition, an lpskg term used but never
declared, a misspelt vocabulary namespace, an orphan individual ...).  The
query files carry the same ``# title:`` and ``# description:`` header as every
other query of the project (:mod:`lpskg.knowledge.library`), so adding a check
means adding one file, and the same files can be run by any SPARQL tool.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..paths import ONTOLOGY_DIR
from ..store import Dataset, Rows, Store
from ..tables import render_table
from .bundle import bundle_dataset
from .library import NamedQueryError, QueryFile, parse_query_file

CHECKS_DIR = ONTOLOGY_DIR / "checks"


class CheckFileError(ValueError):
    """A check file lacks its header; the message names the file and the missing field."""


@dataclass(frozen=True)
class CheckResult:
    """The rows a check returned: each one is a problem to fix."""

    check: QueryFile
    rows: Rows

    @property
    def passed(self) -> bool:
        return not self.rows


def load_checks(directory: Path = CHECKS_DIR) -> list[QueryFile]:
    """Every check of ``directory``, in file-name order."""
    checks = []
    for path in sorted(directory.glob("*.rq")):
        try:
            checks.append(parse_query_file(path.stem, path.read_text(encoding="utf-8")))
        except NamedQueryError as error:
            raise CheckFileError(f"{path}: {error}") from None
    return checks


def run_checks(store: Store, checks: list[QueryFile] | None = None,
               all_graphs: bool = False) -> list[CheckResult]:
    """Run the checks against the bundled graphs of ``store`` (or all its graphs).

    The bundle (ontology, shipped data and their entailments) is what the
    project releases and must pass; ``all_graphs`` also takes in the
    submitted cases and publications.
    """
    if all_graphs:
        dataset = Dataset()
    else:  # GRAPH patterns, too, see the bundle only, not the cases submitted since
        bundle = bundle_dataset()
        dataset = Dataset(default_graphs=bundle.default_graphs, named_graphs=bundle.default_graphs)
    return [CheckResult(check, check.run(store, dataset=dataset))
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
