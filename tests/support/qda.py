"""What the REFI-QDA tests share: the standard's schemas, a reader lpskg did not write, small projects.

* :func:`validate` checks a ``.qdc`` or a ``project.qde`` with ``xmlschema`` (not lxml, which lpskg itself
  validates with) against the schemas of ``../shared/standards/refi-qda/``;
* :func:`read_back` reads a ``.qdpx`` with ``pyrefiqda``, a REFI-QDA library whose models are generated
  from the standard's XSD, and returns what it found;
* :func:`signature` reduces a case to what a round trip must keep: each item's kind, text, role and links;
* :func:`small_project` writes a one-case project with lpskg's writer, for tests to code and to break.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import xmlschema
from rdflib import URIRef

from lpskg.exchange.qda.codebook import Codebook
from lpskg.exchange.qda.exporting import ExportCase
from lpskg.exchange.qda.writer import Case, Coding, Project, Selection, TextSource, derived_guid, qdpx_bytes
from lpskg.store import EmbeddedStore, to_oxigraph

from .stores import REPO

SHARED = REPO.parent / "shared" / "standards" / "refi-qda"
VENDORED = REPO / "src" / "lpskg" / "exchange" / "qda" / "schemas"


def validate(document: bytes, schema_file: str) -> None:
    """Raise unless ``document`` is valid against the standard's ``schema_file`` (xmlschema, shared copy)."""
    xmlschema.XMLSchema(str((SHARED if SHARED.is_dir() else VENDORED) / schema_file)).validate(io.BytesIO(document))


def entries(qdpx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(qdpx)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def read_back(qdpx: bytes, directory: Path) -> dict[str, object]:
    """What pyrefiqda finds in a ``.qdpx``: codes, and each text selection with its source's text."""
    from pyrefiqda import RefiProject

    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "read-back.qdpx"
    path.write_bytes(qdpx)
    project = RefiProject.load(path, extract_dir=str(directory / "extracted"))

    def walk(codes):
        for code in codes:
            yield code
            yield from walk(code.code)

    selections = []
    for source in project.sources.text_source:
        text = RefiProject.resolve_source_path(source.plain_text_path, str(directory / "extracted")).read_text("utf-8")
        for selection in source.plain_text_selection:
            selections.append((source.name, text[selection.start_position:selection.end_position],
                               [coding.code_ref.target_guid for coding in selection.coding]))
    return {"codes": list(walk(project.code_book.codes.code)), "selections": selections,
            "cases": [case.name for case in project.cases.case]}


def norm(text: str) -> str:
    return " ".join(text.split())


def signature(case: ExportCase, leave_out: set[URIRef] = frozenset()) -> list[tuple]:
    """What a round trip keeps of each item: kind, text (spacing aside), role, and every link."""
    return sorted((item.kind, norm(item.text), item.role, frozenset(set(item.illustrates) - leave_out),
                   frozenset(item.signs), frozenset(item.stances), frozenset(item.actions), tuple(item.memos))
                  for item in case.items)


def memory_store(contribution) -> EmbeddedStore:
    """An in-memory store holding one contribution's graph, for the read models to read it back."""
    import pyoxigraph as ox

    store = EmbeddedStore(None)
    name = ox.NamedNode(contribution.graph_name)
    store.add_quads(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), name) for s, p, o in contribution.graph)
    return store


INTERVIEW = ("FICTIONAL test interview.\n\nQ: How are new tools chosen?\n"
             "A: Production only wants what fixes today's stops; the sensors can wait until next year.\n")
CASE_VARIABLES = {"case id": "test-qda", "organisation": "Test Works AS (fictional)",
                  "study citation": "Test, T. (2026), a fictional study.", "study authors": "Test, Tove",
                  "study year": 2026}


def small_project(codebook: Codebook, codes: list[str], notes: dict[str, str] | None = None,
                  coding_notes: dict[str, str] | None = None, text: str = INTERVIEW,
                  variables: dict[str, str | int] | None = None) -> bytes:
    """A one-case project coding "Production only wants ... next year." with the codes ``codes`` (GUIDs);
    ``notes`` becomes a memo on the selection, ``coding_notes`` a note on the coding of that code's GUID."""
    project = Project("test project (fictional)", "Tove Test", codebook,
                      variable_types={"study year": "Integer"})
    start = text.index("Production only")
    end = text.index("next year.") + len("next year.")
    memo = tuple(project.note(t, "selection") for t in (notes or {}).values())
    codings = [Coding(g, (project.note(coding_notes[g], g),) if coding_notes and g in coding_notes else ())
               for g in codes]
    source = TextSource(derived_guid("test-source"), "interview-1.txt", text, "", [Selection(start, end, codings, memo)])
    project.sources = [source]
    project.cases = [Case(derived_guid("test-case"), "Test Works case (fictional)", "A fictional test case.",
                          dict(variables if variables is not None else CASE_VARIABLES), [], [source.guid])]
    return qdpx_bytes(project)
