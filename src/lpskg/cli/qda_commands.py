"""The ``lpskg qda`` commands: the framework as a REFI-QDA codebook, cases as a coded REFI-QDA project.

A coded project comes back as a case file: ``lpskg case add FILE.qdpx`` (:mod:`.case_commands`).
"""
from __future__ import annotations

from pathlib import Path

import click

from ..contributions import SubmissionError
from .case_commands import _fail


@click.group()
def qda() -> None:
    """REFI-QDA (NVivo, ATLAS.ti, MAXQDA, QualCoder): the codebook, and cases as coded projects."""


@qda.command("codebook")
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False))
@click.pass_obj
def qda_codebook(obj, out: Path) -> None:
    """Write the paper's framework as a REFI-QDA codebook (.qdc) to import into a QDA tool."""
    from ..exchange.qda import codebook_document

    data = codebook_document(obj.graphs)
    out.write_bytes(data)
    click.echo(f"wrote the framework's codebook to {out} ({len(data)} bytes)")


@qda.command("export")
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--case", "case_ids", multiple=True, metavar="ID",
              help="A submitted case to export (repeatable); default: the paper's own cases.")
@click.pass_obj
def qda_export(obj, out: Path, case_ids: tuple[str, ...]) -> None:
    """Write cases as a coded REFI-QDA project (.qdpx): the evidence as coded selections of their texts."""
    from ..exchange.qda import export_project

    try:
        data, notes = export_project(obj.graphs, list(case_ids) or None)
    except SubmissionError as error:
        _fail(error)
    out.write_bytes(data)
    for note in notes:
        click.echo(f"note: {note}", err=True)
    what = "the cases " + ", ".join(case_ids) if case_ids else "the paper's cases"
    click.echo(f"wrote {what} to {out} ({len(data)} bytes)")
