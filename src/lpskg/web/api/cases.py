"""The HTTP API for new evidence: submit, list, show and withdraw cases; submit publications.

The same workflow as ``lpskg case add`` (:mod:`lpskg.contributions`), for machines and
web forms.  Writes need ``Authorization: Bearer <LPSKG_TOKEN>`` and are off
when no token is configured.  Answers are JSON with the links made, and errors
``{"error": ..., "detail": ..., "errors": [{"field", "line", "message", "candidates"}]}``
whatever the Accept header (the mark :func:`~lpskg.web.errors.submission`):
201 created (200 when replacing or in a dry run), 400 unreadable, 404 unknown
id, 409 duplicate id, 413 too large, 415 unknown format, 422 rejected.
Writes go through the one write path, which tells the query workers to reopen
their read-only views.
"""
from __future__ import annotations

from collections.abc import Callable

from flask import Response, redirect, request, url_for

from ...contributions import (
    Outcome,
    SourceFile,
    SubmissionError,
    add_case,
    add_publications,
    case_graph,
    diagnose_case,
    diagnose_case_file,
    list_cases,
    remove,
    submission_format,
)
from ...formats import CASES, LITERATURE, QDPX, Format
from ...knowledge.views.lists import PUBLICATIONS, listed
from ...namespaces import RESOURCE
from ..errors import submission
from ..negotiation import acceptable
from ..responses import cross_origin, json_response
from ..services import limit_anonymous, require_token, services

SUBMITTER_HEADER = "X-LPSKG-Submitter"
#: The longest file name recorded (a file system's limit).
MAX_FILE_NAME = 255


def _json(body: object, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """An answer of the submission API: JSON indented for people who read it with curl."""
    return json_response(body, status, headers, indent=1)


def _flag(name: str) -> bool:
    value = request.args.get(name, "false").lower()
    if value not in ("true", "false", "1", "0", "yes", "no"):
        raise SubmissionError("unreadable", f"?{name}={value!r}: use true or false")
    return value in ("true", "1", "yes")


def _file_name(fmt: Format) -> str:
    """The name of the file sent, recorded with the submission: ``?filename=`` (its last part, as a browser or
    ``lpskg case add`` sends it), else ``http-upload.EXT``."""
    given = request.args.get("filename", "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    if len(given) > MAX_FILE_NAME:
        raise SubmissionError("unreadable", f"?filename= is at most {MAX_FILE_NAME} characters, not {len(given)}")
    return given or f"http-upload.{fmt.extensions[0]}"


def _submit(action: Callable[..., Outcome], family: tuple[Format, ...], location: str, **options: bool) -> Response:
    """Run a submission from the request body; 201 with a Location when something new was stored.

    A dry run writes nothing, so it needs no token (the body cap and the rate limit still apply)."""
    dry_run = _flag("dry_run")
    if dry_run:
        limit_anonymous()
    else:
        require_token()
    fmt = submission_format("", request.mimetype or "(none)", family)
    source = SourceFile(_file_name(fmt), request.get_data(cache=False), fmt)
    submitter = (request.headers.get(SUBMITTER_HEADER) or request.args.get("submitter")
                 or (None if fmt == QDPX else "HTTP API client"))  # a coded project names its coders
    outcome = action(services().graphs, source, submitter=submitter, dry_run=dry_run, replace=_flag("replace"),
                     **options)
    if dry_run:
        return _json(outcome.as_json())
    created = [c for c in outcome.contributions if c.graph_name not in outcome.replaced]
    headers = {"Location": f"{location}/{created[0].id}"} if len(created) == 1 else {}
    return _json(outcome.as_json(), 201 if created else 200, headers)


@cross_origin
@submission
def post_case() -> Response:
    """Submit a case: YAML (or JSON), Turtle, JSON-LD or a coded REFI-QDA project (application/zip) by
    Content-Type; ``?dry_run=true``, ``?replace=true``, ``?skip_unmapped=true``."""
    return _submit(add_case, CASES, "/api/cases", skip_unmapped=_flag("skip_unmapped"))


@cross_origin
@submission
def post_publication() -> Response:
    """Submit publications: YAML, BibTeX (application/x-bibtex) or CSL-JSON (application/json)."""
    return _submit(add_publications, LITERATURE, "/api/publications")


@cross_origin
@submission
def get_cases() -> Response:
    """Every case of the graph, the paper's and the submitted ones."""
    return _json({"cases": list_cases(services().store)})


@cross_origin
@submission
def get_case(case_id: str) -> Response:
    """A case, as ``GET /api/cases`` lists it: a submitted one's graph as Turtle when asked for, else a JSON
    summary; one of the paper's cases is part of the paper's graph, so its Turtle is its resource's."""
    store = services().store
    summary = next((c for c in list_cases(store) if c["id"] == case_id), None)
    if summary is None:
        raise SubmissionError("not-found", f"no case {case_id!r} (GET /api/cases lists them)")
    turtle = acceptable(("application/json", "text/turtle"))[:1] == ["text/turtle"]
    if not summary["submitted"]:
        page = url_for("site.resource", name=summary["iri"].removeprefix(str(RESOURCE)))
        if turtle:
            return redirect(page + ".ttl", 303)
        return _json({**summary, "description": page,
                      "note": "a case of the paper: part of its graph, not a submission, so it has no graph of its "
                              "own and cannot be replaced or withdrawn"})
    graph = case_graph(store, case_id)
    if turtle:
        return Response(graph.serialize(format="turtle"), 200, mimetype="text/turtle")
    return _json({**summary, "triples": len(graph)})


@cross_origin
@submission
def get_publications() -> Response:
    """Every publication of the graph (the paper, the works it cites, the submitted ones), as ``/publications``
    lists them: ``?q=`` filters, ``?sort=`` orders by a column (``-`` before it: descending)."""
    app = services()
    rows = listed(app.store, app.default_dataset(), PUBLICATIONS, request.args.get("q", ""),
                  request.args.get("sort", PUBLICATIONS.sort))
    return _json({"publications": rows})


@cross_origin
@submission
def get_diagnosis(case_id: str) -> Response:
    """Where a submitted case stands in the paper's framework: JSON, or Turtle in the lpskg vocabulary."""
    return _diagnosis_response(diagnose_case(services().graphs, case_id))


@cross_origin
@submission
def post_diagnosis() -> Response:
    """Diagnose a case file sent in the body (YAML, JSON, Turtle, JSON-LD or a coded .qdpx) without storing it;
    no token. A file of several cases (a coded project) is answered ``{"diagnoses": [...], "unmapped": [...]}``."""
    limit_anonymous()
    fmt = submission_format("", request.mimetype or "(none)", CASES)
    source = SourceFile(_file_name(fmt), request.get_data(cache=False), fmt)
    diagnoses, unmapped = diagnose_case_file(services().graphs, source)
    if len(diagnoses) == 1 and not unmapped:
        return _diagnosis_response(diagnoses[0])
    return _json({"diagnoses": [d.as_json() for d in diagnoses], "unmapped": [e.as_json() for e in unmapped]})


def _diagnosis_response(diagnosis) -> Response:
    """Turtle when the client asks for it first, else JSON."""
    if acceptable(("application/json", "text/turtle"))[:1] == ["text/turtle"]:
        return Response(diagnosis.graph().serialize(format="turtle"), 200, mimetype="text/turtle")
    return _json(diagnosis.as_json())


@cross_origin
@submission
def delete_case(case_id: str) -> Response:
    """Withdraw a submitted case: its graph and entailments (token required)."""
    require_token()
    name = remove(services().graphs, case_id)
    return _json({"removed": case_id, "graph": name})


@cross_origin
@submission
def delete_publication(publication_id: str) -> Response:
    """Withdraw a submitted publication: its graph and entailments (token required)."""
    require_token()
    name = remove(services().graphs, publication_id, "publication")
    return _json({"removed": publication_id, "graph": name})
