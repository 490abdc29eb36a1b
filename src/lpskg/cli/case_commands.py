"""The ``lpskg case`` and ``lpskg literature`` commands: submit, list, show and withdraw evidence.

Exit codes follow :class:`lpskg.contributions.SubmissionError`: 0 done, 1 rejected
(schema, link or SHACL errors, a duplicate id, an unknown id), 2 unreadable
input (not YAML/Turtle/BibTeX, not UTF-8, too large).  Errors are printed as
one line each, with the field, its line in the file and the nearest concepts.
"""
from __future__ import annotations

import getpass
import json
import sys
from collections.abc import Callable
from pathlib import Path

import click
from rdflib import Literal

from ..contributions import CSL_JSON, YAML, SourceFile, SubmissionError, read_source
from ..tables import render_table

EXIT_CODES = {"unreadable": 2, "unsupported-type": 2, "too-large": 2}


def _fail(error: SubmissionError) -> None:
    for line in error.lines():
        click.echo(f"lpskg: error: {line}" if not line.startswith("  ") else line, err=True)
    sys.exit(EXIT_CODES.get(error.kind, 1))


def _submitter(name: str | None) -> str:
    try:
        return name or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _report(outcome, fmt: str) -> None:
    """Print the links made and what was (or would be) stored."""
    if fmt == "json":
        click.echo(json.dumps(outcome.as_json(), indent=2, ensure_ascii=False))
        return
    for link in outcome.links:
        click.echo(f"linked {link.render()}")
    if outcome.dry_run:
        click.echo(outcome.turtle())
    verb = "would store" if outcome.dry_run else "stored"
    for c in outcome.contributions:
        again = " (replacing the previous version)" if c.graph_name in outcome.replaced else ""
        click.echo(f"{verb} {c.kind} {c.id!r}: {len(c.graph)} triples in <{c.graph_name}>{again}")
    if outcome.dry_run:
        click.echo("dry run: nothing was written")


def _submit(obj, path: Path, default_json: str, action: Callable[..., object], fmt: str, **options) -> None:
    try:
        source: SourceFile = read_source(path, obj.settings.max_body, default_json=default_json)
        outcome = action(obj.graphs, source, **options)
    except SubmissionError as error:
        _fail(error)
    _report(outcome, fmt)


_submission_options = [
    click.option("--dry-run", is_flag=True, help="Show the links and triples; write nothing."),
    click.option("--replace", is_flag=True, help="Replace an existing submission with the same id."),
    click.option("--submitter", default=None, help="Who submits (default: $USER); recorded as PROV."),
    click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text"),
]


def submission_options(command):
    for option in reversed(_submission_options):
        command = option(command)
    return command


@click.group()
def case() -> None:
    """Add, list, show and withdraw cases (docs/adding-a-case.md)."""


@case.command("add")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@submission_options
@click.pass_obj
def case_add(obj, file: Path, dry_run: bool, replace: bool, submitter: str | None, fmt: str) -> None:
    """Submit a case file (YAML, or Turtle/JSON-LD in the lpskg vocabulary)."""
    from ..contributions import add_case

    _submit(obj, file, YAML, add_case, fmt, submitter=_submitter(submitter), dry_run=dry_run, replace=replace)


@case.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_obj
def case_list(obj, fmt: str) -> None:
    """Every case: the paper's and the submitted ones."""
    from ..contributions import list_cases

    cases = list_cases(obj.store)
    if fmt == "json":
        click.echo(json.dumps(cases, indent=2, ensure_ascii=False))
        return
    columns = ["id", "label", "organisation", "evidence", "submitted", "submitter"]
    rows = [{k: Literal(v) for k, v in c.items() if k in columns and v is not None} for c in cases]
    click.echo(render_table(columns, rows))


@case.command("show")
@click.argument("case_id")
@click.pass_obj
def case_show(obj, case_id: str) -> None:
    """The graph of a submitted case, as Turtle."""
    from ..contributions import case_graph

    try:
        click.echo(case_graph(obj.store, case_id).serialize(format="turtle"))
    except SubmissionError as error:
        _fail(error)


def _remove(obj, kind: str, item_id: str) -> None:
    from ..contributions import remove

    try:
        name = remove(obj.graphs, item_id, kind)
    except SubmissionError as error:
        _fail(error)
    click.echo(f"removed {kind} {item_id!r}: graph <{name}> and its entailments")


@case.command("remove")
@click.argument("case_id")
@click.pass_obj
def case_remove(obj, case_id: str) -> None:
    """Withdraw a submitted case: its graph and its entailments, nothing else."""
    _remove(obj, "case", case_id)


@click.group()
def literature() -> None:
    """Add publications and the concepts they support or challenge."""


@literature.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@submission_options
@click.pass_obj
def literature_import(obj, file: Path, dry_run: bool, replace: bool, submitter: str | None, fmt: str) -> None:
    """Add publications from a BibTeX (.bib), CSL-JSON (.json) or YAML (.yaml) file.

    BibTeX fields and CSL-JSON custom fields lpskg-supports / lpskg-challenges
    name the concepts a publication supports or challenges (docs/adding-a-case.md).
    """
    from ..contributions import add_publications

    _submit(obj, file, CSL_JSON, add_publications, fmt, submitter=_submitter(submitter), dry_run=dry_run,
            replace=replace)


literature.add_command(literature_import, name="add")


@literature.command("remove")
@click.argument("publication_id")
@click.pass_obj
def literature_remove(obj, publication_id: str) -> None:
    """Withdraw a submitted publication: its graph and its entailments."""
    _remove(obj, "publication", publication_id)

