"""Adding a case to the graph, diagnosing it, and withdrawing a submitted one.

A submitted case becomes one named graph, ``graph/case/<id>``, holding the
case, its organisation, study and publication, its evidence with the passages
they come from, the new concepts it introduces, and PROV provenance (who
submitted which file, with its SHA-256, when).  Keeping each case in its own
graph makes it removable and replaceable without touching anything else.
A YAML file is linked and built by :mod:`~lpskg.contributions.case_building`, and so
is a coded REFI-QDA project once :mod:`lpskg.exchange.qda` has read it into the
same case model; Turtle or JSON-LD is checked by :mod:`~lpskg.contributions.rdf_cases`;
all then take the same path (:mod:`~lpskg.contributions.storing`).
"""
from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph

from ..formats import QDPX
from ..knowledge.diagnosis import Diagnosis, diagnose
from ..knowledge.graphs import Graphs
from ..knowledge.library import read_model
from ..knowledge.views.cases import list_cases as list_cases  # re-exported: the package's face lists it
from ..namespaces import graph_iri, resource_iri
from ..store import Store
from .building import Contribution, Outcome, find_people
from .case_building import build_case
from .errors import FieldError, SubmissionError
from .evidence_details import role_placements
from .linking import concept_index
from .parsing import CaseFile, is_slug, parse_case
from .rdf_cases import build_rdf_case, parse_rdf_case
from .reading import SourceFile
from .storing import add_provenance, check_absent, submit


def add_case(graphs: Graphs, source: SourceFile, *, submitter: str | None, dry_run: bool = False,
             replace: bool = False, skip_unmapped: bool = False) -> Outcome:
    """Submit a case file (YAML, JSON, Turtle, JSON-LD, or a coded REFI-QDA project of one or more cases): link,
    validate, store, and diagnose each case against the framework (in a dry run too). Raises SubmissionError.

    What a coded project holds that cannot be mapped is listed in the outcome; it stops the submission unless
    ``skip_unmapped`` (a dry run stores nothing, so it shows the rest). ``submitter`` None: the project's coders.
    """
    check = (lambda case_id: check_absent(graphs.store, [("case", case_id)], replace))
    case_file, contributions = build_case_files(graphs, source, check, accept_unmapped=dry_run or skip_unmapped)
    for contribution in contributions:
        add_provenance(contribution, submitter or case_file.submitter or "unknown", source)
    outcome = submit(graphs, contributions, dry_run=dry_run, replace=replace)
    outcome.unmapped = list(case_file.unmapped)
    outcome.diagnoses += [diagnose(graphs, resource_iri("case", c.id), c.graph) for c in contributions]
    return outcome


def diagnose_case(graphs: Graphs, case: str | SourceFile) -> Diagnosis:
    """The diagnosis of a submitted case (by id), of one of the paper's own cases (``scania``, ``volvo-ce``:
    their evidence is the bundle's, as the curator coded it), or of a case file not stored (linked, not
    validated)."""
    if isinstance(case, SourceFile):
        return diagnose_case_file(graphs, case)[0][0]
    name = submitted_graph_name(case)
    if not graphs.store.has_graph(name) and read_model("intake/bundled-case").run(
            graphs.store, {"case": resource_iri("case", case)}):
        return diagnose(graphs, resource_iri("case", case), Graph())
    stored_graph_name(graphs.store, case)
    return diagnose(graphs, resource_iri("case", case))


def diagnose_case_file(graphs: Graphs, source: SourceFile) -> tuple[list[Diagnosis], list[FieldError]]:
    """The diagnosis of each case of a file not stored, and what of the file could not be mapped (left out)."""
    case_file, contributions = build_case_files(graphs, source, accept_unmapped=True)
    return ([diagnose(graphs, resource_iri("case", c.id), c.graph) for c in contributions],
            list(case_file.unmapped))


def build_case_file(graphs: Graphs, source: SourceFile, check_id: Callable[[str], object] = lambda case_id: None):
    """The contribution of a case file of one case, its labels linked; ``check_id`` sees the id before the linking."""
    return build_case_files(graphs, source, check_id)[1][0]


def build_case_files(graphs: Graphs, source: SourceFile, check_id: Callable[[str], object] = lambda case_id: None,
                     accept_unmapped: bool = False) -> tuple[CaseFile, list[Contribution]]:
    """The cases a file holds and their contributions, labels linked; ``check_id`` sees each id before the linking."""
    if source.format.rdflib:  # Turtle or JSON-LD in the lpskg vocabulary
        contribution = build_rdf_case(parse_rdf_case(source), graphs, source)
        check_id(contribution.id)
        return CaseFile(()), [contribution]
    case_file = read_case_file(graphs, source, accept_unmapped)
    for case in case_file.cases:
        check_id(case.id)
    index, placements = concept_index(graphs), role_placements(graphs)
    contributions = []
    for case in case_file.cases:
        try:
            contributions.append(build_case(case, index, source, find_people(graphs.store, case.study.authors),
                                            placements))
        except SubmissionError as error:
            raise error.placed(case_file.places.get(case.id, {})) from None
    return case_file, contributions


def read_case_file(graphs: Graphs, source: SourceFile, accept_unmapped: bool = False) -> CaseFile:
    """The cases of a YAML (JSON) file, or of a coded REFI-QDA project, in the one case model."""
    if source.format == QDPX:
        from ..exchange.qda.codebook import codebook_of
        from ..exchange.qda.importing import read_qdpx

        return read_qdpx(source, codebook_of(graphs), concept_index(graphs), accept_unmapped)
    return CaseFile((parse_case(source),))


def submitted_graph_name(item_id: str, kind: str = "case") -> str:
    """The graph IRI of a submitted case or publication; ``not-found`` unless ``item_id`` is a slug.

    Checked before the id goes into a SPARQL query: any other text (quotes,
    spaces, ``>``) could not be the id of a submission, and would break the query.
    """
    if not is_slug(item_id):
        raise SubmissionError("not-found", f"no submitted {kind} {item_id!r}: ids are lower-case letters, "
                                           "digits and single hyphens")
    return graph_iri(kind, item_id)


def stored_graph_name(store: Store, item_id: str, kind: str = "case") -> str:
    """The graph IRI of a submitted case or publication the store has; ``not-found`` if it has none, and
    ``conflict`` for one of the paper's cases, which is part of the paper's graph, not a submission."""
    name = submitted_graph_name(item_id, kind)
    if not store.has_graph(name):
        paper = next((c for c in list_cases(store) if c["id"] == item_id), None) if kind == "case" else None
        if paper is not None:
            raise SubmissionError("conflict", f"{item_id!r} is a case of the paper, part of its graph <{paper['graph']}>, "
                                              "not a submission: it cannot be replaced or withdrawn")
        listed = "lpskg case list or GET /api/cases" if kind == "case" else "GET /api/publications"
        raise SubmissionError("not-found", f"no submitted {kind} {item_id!r} ({listed} lists them)")
    return name


def case_graph(store: Store, item_id: str, kind: str = "case") -> Graph:
    """The named graph of a submitted case (or publication); ``not-found`` if there is none."""
    return store.graph(stored_graph_name(store, item_id, kind))


def remove(graphs: Graphs, item_id: str, kind: str = "case") -> str:
    """Withdraw a submitted case or publication: its graph and its entailments, in one transaction."""
    with graphs.writing():
        name = stored_graph_name(graphs.store, item_id, kind)
        graphs.drop([name])
    return name
