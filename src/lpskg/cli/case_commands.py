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

from ..contributions import SourceFile, SubmissionError, read_source
from ..formats import CASES, LITERATURE, Format
from ..tables import render_table
from .context import fail
from .diagnosis_text import render_diagnosis

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
    left = "not mapped (left out; --skip-unmapped stores the rest)" if outcome.dry_run else "not mapped, left out"
    for error in outcome.unmapped:
        click.echo(f"{left}: {error.render()}")
    verb = "would store" if outcome.dry_run else "stored"
    for c in outcome.contributions:
        again = " (replacing the previous version)" if c.graph_name in outcome.replaced else ""
        click.echo(f"{verb} {c.kind} {c.id!r}: {len(c.graph)} triples in <{c.graph_name}>{again}")
    for diagnosis in outcome.diagnoses:
        click.echo(render_diagnosis(diagnosis))
    if outcome.dry_run:
        click.echo("dry run: nothing was written")


def _submit(obj, path: Path, family: tuple[Format, ...], action: Callable[..., object], endpoint: str, fmt: str,
            **options) -> None:
    """Submit a file with ``action``; while a server holds the store, a write goes to its ``endpoint``."""
    try:
        source: SourceFile = read_source(path, obj.settings.max_body, family)
        if obj.held_elsewhere() and not options.get("dry_run"):
            _through_server(obj, "POST", endpoint, source, fmt, replace=options.get("replace", False),
                            submitter=options.get("submitter"), skip_unmapped=options.get("skip_unmapped", False))
            return
        outcome = action(obj.graphs, source, **options)
    except SubmissionError as error:
        _fail(error)
    _report(outcome, fmt)


def _through_server(obj, method: str, endpoint: str, source: SourceFile | None, fmt: str, replace: bool = False,
                    submitter: str | None = None, skip_unmapped: bool = False) -> dict:
    """Send a write to the running server that holds the store; print its answer, and its refusal, with the
    words the command prints its own (the same lines, the nearest concepts of a label included)."""
    from .through_server import ServerRefused, links, send, unmapped

    url = obj.server()
    if url is None:
        fail(f"the store at {obj.settings.store} is in use by another process and no running `lpskg serve` "
             "is recorded for it: stop that process, or send the change through its HTTP API")
    if not obj.settings.token:
        fail(f"the store is held by the server at {url}: set LPSKG_TOKEN to the token it was started with, "
             "and this command sends the change through it")
    params = {key: "true" for key, on in (("replace", replace), ("skip_unmapped", skip_unmapped)) if on}
    try:
        answer = send(url, method, endpoint, obj.settings.token, source, params, submitter)
    except ServerRefused as refused:
        click.echo(f"lpskg: sent to the server at {url}, which holds the store; it refused:", err=True)
        if refused.status in (0, 401, 403):   # no submission error: the server is down, or the token is wrong
            click.echo(f"lpskg: error: {refused}", err=True)
            sys.exit(1)
        _fail(refused.as_submission_error())
    if fmt == "json":
        click.echo(json.dumps(answer, indent=2, ensure_ascii=False))
    else:
        for link in links(answer):
            click.echo(f"linked {link.render()}")
        for error in unmapped(answer):
            click.echo(f"not mapped, left out: {error.render()}")
        for graph in answer.get("graphs", []):
            again = " (replacing the previous version)" if graph.get("replaced") else ""
            click.echo(f"stored {graph['kind']} {graph['id']!r}: {graph['triples']} triples in <{graph['graph']}>"
                       f"{again}, through the server at {url}")
        for diagnosis in answer.get("diagnosis", []):
            click.echo(f"diagnosis: {diagnosis['summary']}")
        if "removed" in answer:
            click.echo(f"removed {answer['removed']!r} through the server at {url}: graph <{answer['graph']}>")
    return answer


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
@click.option("--skip-unmapped", is_flag=True,
              help="A coded .qdpx: store its cases without what cannot be mapped (--dry-run lists it).")
@click.pass_obj
def case_add(obj, file: Path, dry_run: bool, replace: bool, submitter: str | None, fmt: str,
             skip_unmapped: bool) -> None:
    """Submit a case file (YAML, Turtle/JSON-LD in the lpskg vocabulary, or a coded REFI-QDA project .qdpx).

    A .qdpx names its coders, who are recorded as the submitter unless --submitter is given.
    """
    from ..contributions import add_case

    who = submitter if submitter or file.suffix.lower() == ".qdpx" else _submitter(None)
    _submit(obj, file, CASES, add_case, "/api/cases", fmt, submitter=who, dry_run=dry_run, replace=replace,
            skip_unmapped=skip_unmapped)


@case.command("diagnose")
@click.argument("case_ref", metavar="ID|FILE")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "turtle"]), default="text")
@click.pass_obj
def case_diagnose(obj, case_ref: str, fmt: str) -> None:
    """Where a case stands in the paper's framework: a grade per imbalance archetype (indicated, possible,
    insufficient evidence, not indicated) with the items for and against it and why, the rules each grade rests
    on (stated or the curator's), what may follow, and the actions and practices against it.

    ID is a submitted case or one of the paper's (scania, volvo-ce); FILE a case file, diagnosed without being
    stored.
    """
    from ..contributions import diagnose_case, diagnose_case_file

    path = Path(case_ref)
    unmapped = []
    try:
        if path.suffix and path.exists():
            diagnoses, unmapped = diagnose_case_file(obj.graphs, read_source(path, obj.settings.max_body))
        else:
            diagnoses = [diagnose_case(obj.graphs, case_ref)]
    except SubmissionError as error:
        _fail(error)
    if fmt == "json":
        answer = [diagnosis.as_json() for diagnosis in diagnoses]
        click.echo(json.dumps(answer[0] if len(answer) == 1 and not unmapped else
                              {"diagnoses": answer, "unmapped": [e.as_json() for e in unmapped]},
                              indent=2, ensure_ascii=False))
    elif fmt == "turtle":
        for diagnosis in diagnoses:
            click.echo(diagnosis.graph().serialize(format="turtle"))
    else:
        click.echo("\n\n".join(render_diagnosis(diagnosis) for diagnosis in diagnoses))
        for error in unmapped:
            click.echo(f"not mapped (left out of the diagnosis): {error.render()}")


@case.command("evaluate")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--markdown", is_flag=True, help="Write docs/diagnosis-evaluation.md's page: the evaluation table, "
              "precision and recall, the paper's cases beside the diagnosis, the rules.")
@click.pass_obj
def case_evaluate(obj, directory: Path, markdown: bool) -> None:
    """Diagnose every case file of an evaluation set (DIRECTORY with an expected.yaml, such as
    tests/fixtures/vignettes) and compare each grade, headline and chain with what the set expects.

    Exit code 1 if any case file disagrees.
    """
    from ..contributions.evaluation import evaluate, paper_cases
    from ..contributions.evaluation_report import markdown as page

    try:
        outcomes = evaluate(obj.graphs, directory)
    except SubmissionError as error:
        _fail(error)
    if markdown:
        click.echo(page(obj.graphs, outcomes, paper_cases(obj.graphs),
                        f"lpskg case evaluate {directory} --markdown > docs/diagnosis-evaluation.md"), nl=False)
    else:
        for outcome in outcomes:
            verdict = "agrees" if outcome.agrees else "DIFFERS"
            click.echo(f"{verdict:8s} {outcome.file}: {outcome.found_headline} (expected: {outcome.expected_headline})")
    if not all(outcome.agrees for outcome in outcomes):
        sys.exit(1)


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

    if obj.held_elsewhere():
        endpoint = f"/api/cases/{item_id}" if kind == "case" else f"/api/publications/{item_id}"
        _through_server(obj, "DELETE", endpoint, None, "text")
        return
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

    _submit(obj, file, LITERATURE, add_publications, "/api/publications", fmt, submitter=_submitter(submitter), dry_run=dry_run,
            replace=replace)


literature.add_command(literature_import, name="add")


@literature.command("remove")
@click.argument("publication_id")
@click.pass_obj
def literature_remove(obj, publication_id: str) -> None:
    """Withdraw a submitted publication: its graph and its entailments."""
    _remove(obj, "publication", publication_id)



@literature.command("export")
@click.option("--concept", default=None, help="The resource whose works to export: a label, prefixed name or IRI.")
@click.option("--named", default=None, help="A named query: the works behind the resources of its answer.")
@click.option("--param", "params", multiple=True, help="NAME=VALUE for the named query (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["bibtex", "ris", "text"]), default="bibtex")
@click.pass_obj
def literature_export(obj, concept: str | None, named: str | None, params: tuple[str, ...], fmt: str) -> None:
    """The works behind a concept or a named query's answer, as BibTeX, RIS, or citations (text).

    Authors in order; a work the source cites as 'First et al.' keeps its 'and others'; what the source leaves
    out (most titles: the paper cites its works in its text only) is said in a note.
    """
    from ..exchange.bibliography import bibtex, ris
    from ..knowledge.asking import ask_named
    from ..knowledge.bibliography import works, works_behind, works_behind_answer
    from ..knowledge.labels import ANY_KIND, label_index
    from ..knowledge.library import NamedQueryError, load_named_query
    from ..knowledge.library.parameters import expand_iri

    if (concept is None) == (named is None):
        fail("give --concept LABEL or --named NAME (with --param NAME=VALUE ...), one of them", 2)
    if any("=" not in p for p in params):
        fail(f"--param takes NAME=VALUE, got {next(p for p in params if '=' not in p)!r}", 2)
    store = obj.store
    try:
        if named is not None:
            asked = ask_named(obj.graphs, load_named_query(named), dict(p.split("=", 1) for p in params))
            found = works(store, works_behind_answer(store, asked))
        else:
            iri = expand_iri(concept, "--concept") if ":" in concept else \
                label_index(obj.graphs).resolve(concept, ANY_KIND, "concept", "--concept").iri
            found = works(store, works_behind(store, [iri]))
    except NamedQueryError as error:
        fail(str(error), 2)
    if fmt == "text":
        click.echo("\n".join(work.citation for work in found))
    else:
        click.echo(bibtex(found) if fmt == "bibtex" else ris(found), nl=False)
    click.echo(f"lpskg: {len(found)} work{'s' if len(found) != 1 else ''}", err=True)
