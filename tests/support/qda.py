"""What the REFI-QDA tests share: the standard's schemas, a reader lpskg did not write, small projects.

* :func:`validate` checks a ``.qdc`` or a ``project.qde`` with ``xmlschema`` (not lxml, which lpskg itself
  validates with) against the schemas of ``../shared/standards/refi-qda/``;
* :func:`read_back` reads a ``.qdpx`` with ``pyrefiqda``, a REFI-QDA library whose models are generated
  from the standard's XSD, and returns what it found;
* :func:`signature` reduces a case to what a round trip must keep: each item's kind, text, role, links and
  weighing fields, an item it refers to (follows from, comes after, resolved by) by that item's text;
* :func:`small_project` writes a one-case project with lpskg's writer, for tests to code and to break;
  :func:`two_passage_project` one of two coded passages and the links between them.
"""
from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

import xmlschema
from rdflib import URIRef

from lpskg.exchange.qda.codebook import Codebook
from lpskg.exchange.qda.exporting import ExportCase
from lpskg.exchange.qda.writer import (
    Case,
    Coding,
    Link,
    Project,
    Selection,
    TextSource,
    derived_guid,
    qdpx_bytes,
    selection_guid,
)
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

    selections, texts = [], {}
    for source in project.sources.text_source:
        text = RefiProject.resolve_source_path(source.plain_text_path, str(directory / "extracted")).read_text("utf-8")
        for selection in source.plain_text_selection:
            texts[selection.guid] = text[selection.start_position:selection.end_position]
            selections.append((source.name, texts[selection.guid],
                               [coding.code_ref.target_guid for coding in selection.coding]))
    links = [(link.name, link.direction.value, texts.get(link.origin_guid), texts.get(link.target_guid))
             for link in (project.links.link if project.links else [])]
    return {"codes": list(walk(project.code_book.codes.code)), "selections": selections,
            "cases": [case.name for case in project.cases.case], "links": links}


def norm(text: str) -> str:
    return " ".join(text.split())


def signature(case: ExportCase, leave_out: set[URIRef] = frozenset()) -> list[tuple]:
    """What a round trip keeps of each item: kind, text (spacing aside), role, every link and weighing field; an
    item it refers to by that item's text (its IRI ends with a key in a case file, a number in a project)."""
    text = {item.iri: norm(item.text) for item in case.items}
    ref = (lambda iri: text.get(iri, iri))
    return sorted(((item.kind, norm(item.text), item.role, frozenset(set(item.illustrates) - leave_out),
                    frozenset(item.signs), frozenset(dataclasses.replace(s, resolved_by=ref(s.resolved_by))
                                                     for s in item.stances),
                    frozenset(item.actions), tuple(item.memos), item.strength, item.absence, item.date, item.lag,
                    item.phrase, ref(item.after), frozenset(map(ref, item.follows_from)), frozenset(item.sightings),
                    frozenset(item.not_seen), frozenset(item.not_seen_in), frozenset(item.incentives))
                   for item in case.items), key=lambda row: (row[0], row[1]))


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


TWO_ANSWERS = ("FICTIONAL test interview.\n\nQ: What happened to the trials?\n"
               "A: The board cut the improvement budget in March.\n"
               "Q: And then?\nA: Since then the sensor trials have been dropped every week.\n")


def two_passage_project(codebook: Codebook, first: list[str], second: list[str],
                        links: list[tuple[str, str]] = (), variables: dict[str, str | int] | None = None) -> bytes:
    """A one-case project coding "The board cut ... March." with the codes ``first`` and "Since then ... every
    week." with ``second`` (GUIDs), and a link ``(name, direction)`` from the second passage to the first for
    each of ``links``."""
    project = Project("test project (fictional)", "Tove Test", codebook, variable_types={"study year": "Integer"})
    spans = [(TWO_ANSWERS.index(start), TWO_ANSWERS.index(end) + len(end)) for start, end in
             (("The board", "in March."), ("Since then", "every week."))]
    selections = [Selection(a, b, [Coding(g) for g in codes]) for (a, b), codes in zip(spans, (first, second))]
    source = TextSource(derived_guid("test-source"), "interview-1.txt", TWO_ANSWERS, "", selections)
    guids = [selection_guid(source, selection, n) for n, selection in enumerate(selections)]
    project.sources = [source]
    project.cases = [Case(derived_guid("test-case"), "Test Works case (fictional)", "A fictional test case.",
                          dict(variables if variables is not None else CASE_VARIABLES), [], [source.guid])]
    project.links = [Link(derived_guid("link", name, direction), name, guids[1], guids[0]) for name, direction in links]
    data = qdpx_bytes(project)
    for name, direction in links:  # lpskg writes links one way; another tool may not
        if direction != "OneWay":
            data = _redirect(data, derived_guid("link", name, direction), direction)
    return data


def _redirect(data: bytes, guid: str, direction: str) -> bytes:
    """The project with the direction of link ``guid`` changed."""
    files = entries(data)
    qde = files["project.qde"].decode()
    start = qde.index(f'<Link guid="{guid}"')
    end = qde.index("/>", start)
    files["project.qde"] = (qde[:start] + qde[start:end].replace('direction="OneWay"', f'direction="{direction}"')
                            + qde[end:]).encode()
    return zipped(files)
