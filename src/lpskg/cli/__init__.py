"""The ``lpskg`` command line: load, inspect, query and reason over the graph, and submit evidence.

Settings are read once here, from the environment (``LPSKG_STORE`` ...) and
the ``--store`` option, and passed down.  Each command is a thin layer over a
plain function of the library (``load_bundle``, ``export_store``,
``add_case`` ...), grouped by what it works on (:mod:`.graph_commands`,
:mod:`.case_commands`).  Errors end with exit code 1 or 2 and one readable
line on stderr, never a traceback.
"""
from __future__ import annotations

import sys

import click

from ..config import ConfigError, Settings, apply_library_logs
from ..store import StoreError
from . import graph_commands
from .case_commands import case, literature
from .context import Context, fail
from .coverage_command import coverage
from .nanopub_commands import nanopub
from .qda_commands import qda


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", "store_location", envvar="LPSKG_STORE", default=None,
              help="Store directory, or sparql:QUERY_URL|UPDATE_URL (default: ./var/store).")
@click.pass_context
def cli(ctx: click.Context, store_location: str | None) -> None:
    """lpskg: the knowledge graph of the lean-digitalization paradox."""
    try:
        settings = Settings.from_env()
    except ConfigError as error:
        fail(str(error), 2)
    if store_location:
        settings = settings.with_(store=store_location)
    apply_library_logs(settings)
    ctx.obj = Context(settings)
    ctx.call_on_close(ctx.obj.close)


for command in graph_commands.COMMANDS:
    cli.add_command(command)
cli.add_command(case)
cli.add_command(literature)
cli.add_command(nanopub)
cli.add_command(qda)
cli.add_command(coverage)


def main() -> None:
    """Console entry point: run the CLI and turn store errors into one line."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        fail("aborted", 1)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Exit as exit_:
        sys.exit(exit_.exit_code)
    except StoreError as error:
        fail(str(error), 1)
    except (OSError, ValueError) as error:
        fail(str(error), 1)
