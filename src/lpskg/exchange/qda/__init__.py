"""REFI-QDA: the framework as a codebook, cases as coded projects, coded projects as cases.

* :func:`codebook_document`: the paper's framework as a ``.qdc`` codebook (:mod:`.codebook`);
* :func:`export_project`: the paper's evidence, or submitted cases, as a ``.qdpx`` (:mod:`.exporting`,
  :mod:`.writer`);
* a ``.qdpx`` submitted as a case file is read by :mod:`.reader` (safely: :mod:`.archive`) and made into
  the case model by :mod:`.importing`, from where it takes the path of every case file
  (:func:`lpskg.contributions.add_case`).
"""
from __future__ import annotations

import pyoxigraph as ox
from rdflib import URIRef

from ...contributions.cases import build_case_files, list_cases, stored_graph_name
from ...contributions.errors import FieldError, SubmissionError
from ...contributions.linking import concept_index
from ...contributions.reading import SourceFile
from ...knowledge.graphs import Graphs
from ...namespaces import resource_iri
from ...paths import SEED_DIR
from ...store import EmbeddedStore
from ...store.terms import to_oxigraph
from .codebook import codebook_of, codebook_xml
from .exporting import build_project, read_case
from .writer import qdpx_bytes

ORIGIN = "lpskg: the framework of the lean-digitalization paradox (https://w3id.org/lpskg/)"
QDC_MEDIA_TYPE = "application/xml"


def codebook_document(graphs: Graphs) -> bytes:
    """The framework as a REFI-QDA codebook (``.qdc``), valid against ``Codebook.xsd``."""
    return codebook_xml(codebook_of(graphs), ORIGIN)


def export_project(graphs: Graphs, case_ids: list[str] | None = None) -> tuple[bytes, list[str]]:
    """A ``.qdpx`` of submitted cases (by id), or of the paper's own cases when none is given; and notes on
    what could not be coded. The paper's evidence is coded in the paper's text when lpskg finds it."""
    store = graphs.store
    if case_ids:
        for case_id in case_ids:
            stored_graph_name(store, case_id)  # not-found unless it was submitted
        cases = [read_case(store, resource_iri("case", case_id)) for case_id in case_ids]
        name = "lpskg cases: " + ", ".join(case_ids)
    else:
        cases = [read_case(store, URIRef(case["iri"])) for case in list_cases(store) if not case["submitted"]]
        name = "lpskg: the paper's cases"
    documents, notes = {}, []
    for document in sorted({item.document for case in cases for item in case.items}):
        path = SEED_DIR / document
        if path.suffix == ".txt" and path.is_file():
            documents[document] = path.read_text(encoding="utf-8")
        elif path.suffix == ".txt":
            notes.append(f"{document} is not in {SEED_DIR} (LPSKG_SEEDS): its evidence is exported as the texts "
                         "lpskg holds, not coded in the document")
    if not cases:
        raise SubmissionError("not-found", "no case to export")
    project, omitted = build_project(cases, codebook_of(graphs), name, "lpskg", documents,
                                     concept_index(graphs).concepts)
    return qdpx_bytes(project), notes + omitted


def project_of_case_file(graphs: Graphs, source: SourceFile, documents: dict[str, str], name: str) -> bytes:
    """A coded project made from a case file and the plain texts its evidence is copied from (by the name
    its passages give as ``document``): each item coded as the selection of its text in its document.

    How the illustrative projects of ``examples/qda/`` are built, reproducibly, from text and codings."""
    case_file, contributions = build_case_files(graphs, source)
    cases = []
    for contribution in contributions:
        memory = EmbeddedStore(None)
        target = ox.NamedNode(contribution.graph_name)
        memory.add_quads(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), target)
                         for s, p, o in contribution.graph)
        cases.append(read_case(memory, resource_iri("case", contribution.id)))
    project, omitted = build_project(cases, codebook_of(graphs), name, "lpskg example builder", documents,
                                     concept_index(graphs).concepts)
    missing = [item.text for case in cases for item in case.items if item.document not in documents]
    if omitted or missing:
        raise SubmissionError("rejected", f"{source.name}: cannot code every item in its document",
                              [FieldError("", problem) for problem in omitted + missing])
    return qdpx_bytes(project)
