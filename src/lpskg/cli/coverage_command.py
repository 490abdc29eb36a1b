"""``lpskg coverage``: the account of which sentences of the paper's framework the graph holds."""
from __future__ import annotations

import sys

import click

from .context import Context, fail


@click.command("coverage")
@click.option("--markdown", is_flag=True, help="Print the whole table as Markdown (docs/framework-coverage.md).")
@click.option("--check", "check_only", is_flag=True,
              help="Exit 1 if a sentence is held by nothing and has no note, or is both held and noted.")
@click.pass_obj
def coverage(obj: Context, markdown: bool, check_only: bool) -> None:
    """Every sentence of Sections 2.2, 4, 5 and 6 of the paper with what in the graph holds it.

    Reads the paper's text from its seed file (LPSKG_SEEDS) and the graph from the store; prints the
    counts (modelled, not modelled ...) and the sentences nothing accounts for, or with --markdown the table.
    """
    from ..knowledge.coverage import CONFLICT, UNACCOUNTED, account, counts, seed_text
    from ..knowledge.coverage import markdown as render

    try:
        rows = account(obj.store, seed_text(obj.store))
    except ValueError as error:
        fail(str(error), 2)
    if markdown:
        click.echo(render(rows), nl=False)
        return
    for name, count in counts(rows).items():
        click.echo(f"{name:40} {count}")
    wrong = [row for row in rows if row.status in (UNACCOUNTED, CONFLICT)]
    for row in wrong:
        click.echo(f"{row.status}: {row.sentence.locator} #{row.sentence.number}: {row.sentence.text[:100]}")
    if check_only and wrong:
        sys.exit(1)
