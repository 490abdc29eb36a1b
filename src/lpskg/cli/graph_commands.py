"""The commands on the graph itself: load, stats, query, export/import, serve, validate, reason, check."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from rdflib.term import Literal, URIRef

from ..sparql_text import query_form
from ..store import QuerySyntaxError, Store, StoreError, open_store
from ..tables import render_csv, render_json, render_table
from .context import Context, fail, progress


@click.command()
@click.pass_obj
def load(obj: Context) -> None:
    """Load the bundled ontology and data into the store (idempotent)."""
    from ..knowledge.bundle import load_bundle

    obj.require_writable()
    counts = load_bundle(obj.graphs, progress=progress)
    click.echo(f"loaded {sum(counts.values())} triples in {len(counts)} graphs into {obj.settings.store}")
    _report_repairs(obj)


@click.command("upgrade")
@click.pass_obj
def upgrade_command(obj: Context) -> None:
    """Repair data an earlier lpskg stored (queries/upgrade/*.rq), such as excerpts a submission never copied."""
    obj.require_writable()
    _report_repairs(obj, quiet=False)


def _report_repairs(obj: Context, quiet: bool = True) -> None:
    from ..knowledge.upgrade import upgrade

    for repair in upgrade(obj.graphs):
        if repair.removed or not quiet:
            click.echo(f"upgrade: {repair.title}: removed {repair.removed} in {len(repair.graphs)} graph(s)")


@click.command()
@click.pass_obj
def stats(obj: Context) -> None:
    """Instances per class and triples per named graph."""
    from ..knowledge.statistics import class_counts, graph_counts

    classes = class_counts(obj.store)
    click.echo(render_table(["class", "instances"],
                            [{"class": URIRef(c), "instances": Literal(n)} for c, n in classes]))
    click.echo()
    graphs = graph_counts(obj.store)
    click.echo(render_table(["graph", "triples"],
                            [{"graph": URIRef(g), "triples": Literal(n)} for g, n in graphs]))


@click.command()
@click.argument("query", required=False)
@click.option("--named", "named", default=None, help="Run a named query from queries/ instead.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of a named query (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
@click.pass_obj
def query(obj: Context, query: str | None, named: str | None, params: tuple[str, ...], fmt: str) -> None:
    """Run a SPARQL SELECT/ASK/CONSTRUCT given as text or as a .rq file."""
    if named:
        _run_named(obj, named, params, fmt)
        return
    if not query:
        fail("give a SPARQL query, a .rq file, or --named NAME", 2)
    path = Path(query)
    text = path.read_text(encoding="utf-8") if query.endswith(".rq") and path.exists() else query
    _print_result(obj.store, text, None, fmt)


def _run_named(obj: Context, named: str, params: tuple[str, ...], fmt: str) -> None:
    """A named query with labels resolved as the API resolves them: what each label was taken to mean, and why
    an empty answer is empty, go to stderr (the answer alone to stdout)."""
    from ..knowledge.asking import ask_named, why_empty
    from ..knowledge.library import NamedQueryError, load_named_query

    if any("=" not in p for p in params):
        fail(f"--param takes NAME=VALUE, got {next(p for p in params if '=' not in p)!r}", 2)
    try:
        asked = ask_named(obj.graphs, load_named_query(named), dict(p.split("=", 1) for p in params))
    except NamedQueryError as error:
        fail(str(error), 2)
    for resolution in asked.resolutions:
        if resolution.match != "iri":
            click.echo(f"lpskg: {resolution.describe()}", err=True)
    if _print_result(obj.store, asked.text, asked.bindings, fmt) == 0:
        empty = why_empty(obj.graphs, asked)
        if empty:
            click.echo(f"lpskg: {empty}", err=True)


def _print_result(store: Store, text: str, bindings, fmt: str) -> int | None:
    """Print the answer; the number of rows of a SELECT."""
    kind = query_form(text)
    try:
        if kind == "ASK":
            click.echo("true" if store.ask(text, bindings) else "false")
            return None
        if kind in ("CONSTRUCT", "DESCRIBE"):
            click.echo(store.construct(text, bindings).serialize(format="turtle"))
            return None
        rows = store.select(text, bindings)
    except QuerySyntaxError as error:
        fail(f"query does not parse: {error}", 2)
    columns = rows.variables
    render = {"table": render_table, "csv": render_csv, "json": render_json}[fmt]
    click.echo(render(columns, rows))
    return len(rows)


@click.command("queries")
@click.option("--markdown", is_flag=True, help="Print the catalogue as Markdown (docs/queries.md).")
def queries_command(markdown: bool) -> None:
    """List the named queries that `lpskg query --named NAME` runs, with their parameters."""
    from ..knowledge.library import NamedQueryError, list_named_queries, render_catalogue

    try:
        if markdown:
            click.echo(render_catalogue(), nl=False)
            return
        for named_query in list_named_queries():
            params = " ".join(f"{p.name}={p.type}" + ("" if p.required else "?") for p in named_query.parameters)
            click.echo(f"{named_query.name:32} {named_query.title}" + (f"  [{params}]" if params else ""))
    except NamedQueryError as error:
        fail(str(error), 2)


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["nquads", "trig"]), default=None,
              help="Default: from the file extension (.nq, .trig), else nquads.")
@click.pass_obj
def export_command(obj: Context, file: Path, fmt: str | None) -> None:
    """Write every named graph of the store, embedded or remote, to FILE (works while `lpskg serve` runs)."""
    from ..store import TransferError, export_store

    fmt = fmt or ("trig" if file.suffix.lower() == ".trig" else "nquads")
    store = open_store(obj.settings, read_only=True)
    try:
        report = export_store(store, file, fmt, progress=progress)
    except TransferError as error:
        fail(str(error), 1)
    finally:
        store.close()
    click.echo(f"exported {report.quads} quads in {len(report.quads_per_graph)} graphs to {file}")


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", default=None, help="nquads, trig or a file extension (default: from FILE).")
@click.option("--graph", default=None, help="Graph IRI for the file's default-graph triples.")
@click.option("--bulk", is_flag=True,
              help="Faster and lighter for huge files, but not atomic: a failure half way leaves what was "
                   "loaded so far (on a SPARQL service: one update request per batch of quads).")
@click.pass_obj
def import_command(obj: Context, file: Path, fmt: str | None, graph: str | None, bulk: bool) -> None:
    """Add the quads of FILE to the store, all in one transaction (or none).

    On a SPARQL service (LPSKG_STORE=sparql:...) the transaction is one update request."""
    from ..store import TransferError, import_file

    obj.require_writable()
    try:
        report = import_file(obj.graphs, file, fmt, graph, bulk, progress=progress)
    except TransferError as error:
        fail(str(error), 1)
    click.echo(f"imported {report.quads} quads in {len(report.quads_per_graph)} graphs from {file}")


@click.command("release")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=Path("release"))
def release_command(directory: Path) -> None:
    """Write the release of the current ontology version to DIRECTORY/VERSION: the ontology in Turtle,
    RDF/XML and JSON-LD, the data as N-Quads and Turtle, its nanopublications, SHA256SUMS (CHANGELOG.md
    needs an entry first, naming the nanopublications it supersedes of an earlier release in DIRECTORY)."""
    from ..exchange.nanopub.release import release_nanopubs
    from ..knowledge.release import ReleaseError, build_release

    try:
        release = build_release(directory, progress=progress, also=release_nanopubs)
    except ReleaseError as error:
        fail(str(error), 1)
    for name, digest in release.checksums.items():
        click.echo(f"{digest}  {release.directory / name}")
    click.echo(f"released {release.version} ({release.version_iri}) to {release.directory}")


def _check_not_in_use(store: Path) -> None:
    """Fail in one line if another process holds the embedded store.

    Not by opening it: RocksDB opened in this process, which becomes the server's main process,
    would hold the store the worker must open; a lock probe on its LOCK file does not."""
    lock_file = store / "LOCK"
    if lock_file.exists():
        import fcntl

        with open(lock_file, "a") as handle:
            try:
                fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                fail(f"the store at {store} is in use by another process (a running `lpskg serve`?)")


@click.command()
@click.option("--host", default=None, help="Interface to listen on (default: LPSKG_HOST or 127.0.0.1).")
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Port (default: LPSKG_PORT or 8000).")
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True,
              help="Worker processes; the embedded store allows only 1, a remote store any number.")
@click.option("--threads", type=click.IntRange(1), default=8, show_default=True,
              help="Request threads of the worker process.")
@click.option("--query-workers", type=click.IntRange(0), default=None,
              help="Query processes that enforce the timeout (default: LPSKG_QUERY_WORKERS, else one per core; "
                   "0: in-thread, no timeout).")
@click.pass_obj
def serve(obj: Context, host: str | None, port: int | None, workers: int, threads: int,
          query_workers: int | None) -> None:
    """Serve the SPARQL endpoint, Linked Data and the web pages (granian, one worker process with threads)."""
    settings = obj.settings.with_(host=host or obj.settings.host, port=port or obj.settings.port,
                                  query_workers=obj.settings.query_workers if query_workers is None else query_workers)
    if settings.remote:
        # A location that does not parse fails here, in one line; the service itself may start later.
        where = str(open_store(settings))
    else:
        if workers != 1:
            fail("the embedded store admits one writer process: use --workers 1 and raise --threads", 2)
        _check_not_in_use(Path(settings.store))
        where = settings.store
    click.echo(f"serving {where} on {settings.url}/", err=True)
    if settings.token:
        click.echo("writes are on: send Authorization: Bearer $LPSKG_TOKEN (lpskg case add beside this server "
                   "sends it when LPSKG_TOKEN is set)", err=True)
    else:
        click.echo("writes are off (dry runs work): start with LPSKG_TOKEN=<a secret> set to accept cases, "
                   "publications, /update and Graph Store writes", err=True)
    obj.close()
    sys.stdout.flush()
    sys.stderr.flush()
    # The same process becomes granian's lean main process (lpskg.web.serve explains why).
    # Two malloc arenas, not eight per core: the request threads' allocations would otherwise spread over
    # arenas that glibc seldom gives back (measured at 1M: the app's process 209 MB instead of 227).
    env = {"MALLOC_ARENA_MAX": "2", **os.environ, "LPSKG_STORE": settings.store, "LPSKG_HOST": settings.host,
           "LPSKG_PORT": str(settings.port),
           "LPSKG_QUERY_WORKERS": "" if settings.query_workers is None else str(settings.query_workers)}
    os.execve(sys.executable, [sys.executable, "-m", "lpskg.web.serve", "--threads", str(threads),
                               "--workers", str(workers)], env)


@click.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def validate(obj: Context, files: tuple[Path, ...]) -> None:
    """Check FILES as submissions to the store (or, without files, the whole bundle) against the SHACL
    shapes; exit 1 on violations."""
    from rdflib import Graph

    from ..knowledge.bundle import bundle_graph
    from ..knowledge.graphs import ontology_tbox
    from ..knowledge.validation import validate as run_validation
    from ..knowledge.validation import validate_submission
    from ..rdf_input import UnreadableInput, read_data_file

    if not files:
        progress("validating the bundled graph against the shapes")
        report = run_validation(bundle_graph())
    else:
        data = Graph()
        try:
            for path in files:
                data += read_data_file(path)
        except UnreadableInput as error:
            fail(str(error), 2)
        store = _loaded_store(obj)
        progress(f"validating {len(data)} triples as a submission to {store}")
        try:
            report = validate_submission(store, data, ontology_tbox().entail(data))
        finally:
            store.close()
    click.echo(report.grouped_text())
    sys.exit(0 if report.conforms else 1)


def _loaded_store(obj: Context) -> Store:
    """The store opened read-only (it runs beside a serving process); exit 2 if the bundle is not loaded."""
    from ..namespaces import graph_iri

    try:
        store = open_store(obj.settings, read_only=True)
    except StoreError as error:
        fail(f"{error}: run `lpskg load` first", 2)
    if graph_iri("ontology") not in store.graph_names():
        store.close()
        fail(f"the store at {obj.settings.store} holds no ontology graph: run `lpskg load` first", 2)
    return store


@click.command()
@click.option("--with-data", is_flag=True, help="Reason over the shipped data too, not only the ontology.")
def reason(with_data: bool) -> None:
    """Run HermiT: is the ontology consistent, is every class satisfiable? Exit 1 if not."""
    from ..knowledge.reasoning import ReasonerUnavailable, ReasoningError
    from ..knowledge.reasoning import reason as run_reasoner

    try:
        report = run_reasoner(with_data, progress=progress)
    except ReasonerUnavailable as error:
        fail(str(error), 2)
    except ReasoningError as error:
        fail(str(error), 1)
    click.echo(report.text())
    sys.exit(0 if report.ok else 1)


@click.command()
@click.option("--all-graphs", is_flag=True, help="Also check submitted cases and publications.")
@click.pass_obj
def check(obj: Context, all_graphs: bool) -> None:
    """Run the ontology quality checks (ontology/checks/*.rq) on the store; exit 1 if any fails."""
    from ..knowledge.quality import CheckFileError, render_results, run_checks

    store = _loaded_store(obj)
    try:
        results = run_checks(store, all_graphs=all_graphs)
    except CheckFileError as error:
        fail(str(error), 2)
    finally:
        store.close()
    click.echo(render_results(results))
    sys.exit(0 if all(result.passed for result in results) else 1)


#: The commands of this module, in the order `lpskg --help` lists them.
COMMANDS = [load, upgrade_command, stats, query, queries_command, export_command, import_command, serve, validate,
            reason, check, release_command]
