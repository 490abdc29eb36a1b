"""Adding a case to the graph, listing the cases, and withdrawing a submitted one.

A submitted case becomes one named graph, ``graph/case/<id>``, holding the
case, its organisation, study and publication, its evidence with the passages
they come from, the new concepts it introduces, and PROV provenance (who
submitted which file, with its SHA-256, when).  Keeping each case in its own
graph makes it removable and replaceable without touching anything else.
A YAML file is linked and built by :mod:`~lpskg.contributions.case_building`,
Turtle or JSON-LD checked by :mod:`~lpskg.contributions.rdf_cases`; both then
take the same path (:mod:`~lpskg.contributions.storing`).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rdflib import Graph

from ..knowledge.diagnosis import Diagnosis, diagnose
from ..knowledge.graphs import Graphs
from ..knowledge.library import read_model
from ..namespaces import graph_iri, resource_iri
from ..store import Store
from .building import Outcome, find_people
from .case_building import build_case
from .errors import SubmissionError
from .evidence_details import role_placements
from .linking import concept_index
from .parsing import is_slug, parse_case
from .rdf_cases import build_rdf_case, parse_rdf_case
from .reading import SourceFile
from .storing import add_provenance, check_absent, submit


def add_case(graphs: Graphs, source: SourceFile, *, submitter: str, dry_run: bool = False,
             replace: bool = False) -> Outcome:
    """Submit a case file (YAML, JSON, Turtle or JSON-LD): link, validate, store, and diagnose it against
    the framework (the diagnosis is part of the outcome, in a dry run too). Raises SubmissionError."""
    contribution = build_case_file(graphs, source, lambda case_id: check_absent(graphs.store, [("case", case_id)], replace))
    add_provenance(contribution, submitter, source)
    outcome = submit(graphs, [contribution], dry_run=dry_run, replace=replace)
    outcome.diagnoses.append(diagnose(graphs, resource_iri("case", contribution.id), contribution.graph))
    return outcome


def diagnose_case(graphs: Graphs, case: str | SourceFile) -> Diagnosis:
    """The diagnosis of a submitted case (by id), of one of the paper's own cases (``scania``, ``volvo-ce``:
    their evidence is the bundle's, as the curator coded it), or of a case file not stored (linked, not
    validated)."""
    if isinstance(case, SourceFile):
        contribution = build_case_file(graphs, case)
        return diagnose(graphs, resource_iri("case", contribution.id), contribution.graph)
    name = submitted_graph_name(case)
    if not graphs.store.has_graph(name) and read_model("intake/bundled-case").run(
            graphs.store, {"case": resource_iri("case", case)}):
        return diagnose(graphs, resource_iri("case", case), Graph())
    stored_graph_name(graphs.store, case)
    return diagnose(graphs, resource_iri("case", case))


def build_case_file(graphs: Graphs, source: SourceFile, check_id: Callable[[str], object] = lambda case_id: None):
    """The contribution of a case file, its labels linked; ``check_id`` sees the id before the linking."""
    if source.format.rdflib:  # Turtle or JSON-LD in the lpskg vocabulary
        contribution = build_rdf_case(parse_rdf_case(source), graphs, source)
        check_id(contribution.id)
        return contribution
    case = parse_case(source)
    check_id(case.id)
    return build_case(case, concept_index(graphs), source, find_people(graphs.store, case.study.authors),
                      role_placements(graphs))


def list_cases(store: Store) -> list[dict[str, Any]]:
    """Every case of the graph, the paper's and the submitted ones (``submitted`` is set for those)."""
    prefix = graph_iri("case") + "/"
    answer = []
    for row in read_model("intake/cases").run(store):
        graph = str(row["g"])
        answer.append({
            "id": graph[len(prefix):] if graph.startswith(prefix) else str(row["case"]).rsplit("/", 1)[-1],
            "iri": str(row["case"]), "label": str(row["label"]), "graph": graph,
            "organisation": str(row["organisation"]) if "organisation" in row else None,
            "evidence": int(row["evidence_count"]) if "evidence_count" in row else 0,
            "submitted": str(row["submitted"]) if "submitted" in row else None,
            "submitter": str(row["submitter"]) if "submitter" in row else None,
        })
    return answer


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
    """The graph IRI of a submitted case or publication the store has; ``not-found`` if it has none."""
    name = submitted_graph_name(item_id, kind)
    if not store.has_graph(name):
        raise SubmissionError("not-found", f"no submitted {kind} {item_id!r} (graph <{name}> is absent)")
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
