"""A REFI-QDA project written out: ``project.qde`` and its plain-text sources, zipped as a ``.qdpx``.

The writer knows the standard, not the case model: users, the codebook, the
variables, the cases with their variable values and codes, the text sources with
their coded selections, the notes, and the links between selections. Its output is the same bytes for the same
project (GUIDs are derived, entries carry a fixed date, nothing records the
time), so that a committed example can be rebuilt and compared, and it is
validated against ``Project.xsd`` before it is handed out.
"""
from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from .archive import PROJECT_FILE, PROJECT_NS, schema
from .codebook import GUID_NAMESPACE, Codebook, codes_element

#: The date every archive entry carries, so that a project is the same bytes each time it is written.
FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def derived_guid(*parts: str) -> str:
    """A GUID derived from what it names (the same project, the same GUIDs)."""
    return str(uuid.uuid5(GUID_NAMESPACE, "|".join(parts)))


@dataclass
class Coding:
    code: str                         # the code's GUID
    notes: tuple[str, ...] = ()       # GUIDs of the notes on this coding


@dataclass
class Selection:
    start: int
    end: int
    codings: list[Coding]
    notes: tuple[str, ...] = ()
    name: str = ""


@dataclass
class TextSource:
    guid: str
    name: str
    text: str
    description: str = ""
    selections: list[Selection] = field(default_factory=list)


@dataclass
class Case:
    guid: str
    name: str
    description: str
    variables: dict[str, str | int]   # by variable name
    codes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    selections: list[str] = field(default_factory=list)


@dataclass
class Link:
    """A link from one object of the project to another (here: between two selections), one way."""

    guid: str
    name: str
    origin: str
    target: str


@dataclass
class Project:
    name: str
    user: str
    codebook: Codebook
    description: str = ""
    cases: list[Case] = field(default_factory=list)
    sources: list[TextSource] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # note GUID -> its text
    variable_types: dict[str, str] = field(default_factory=dict)  # variable name -> Text, Integer ...
    links: list[Link] = field(default_factory=list)

    def note(self, text: str, *about: str) -> str:
        """Add a note (a memo) and return its GUID, derived from what it is about and its text."""
        guid = derived_guid("note", *about, text)
        self.notes[guid] = text
        return guid


def _q(tag: str) -> str:
    return f"{{{PROJECT_NS}}}{tag}"


def project_xml(project: Project) -> etree._Element:
    """``project.qde`` of the project, valid against ``Project.xsd`` (checked)."""
    user = derived_guid("user", project.user)
    root = etree.Element(_q("Project"), nsmap={None: PROJECT_NS}, name=project.name, origin="lpskg",
                         creatingUserGUID=user)
    users = etree.SubElement(root, _q("Users"))
    etree.SubElement(users, _q("User"), guid=user, name=project.user)
    codebook = etree.SubElement(root, _q("CodeBook"))
    codebook.append(codes_element(project.codebook.groups, PROJECT_NS))
    names = sorted({name for case in project.cases for name in case.variables})
    if names:
        variables = etree.SubElement(root, _q("Variables"))
        for name in names:
            variable = etree.SubElement(variables, _q("Variable"), guid=derived_guid("variable", name), name=name,
                                        typeOfVariable=project.variable_types.get(name, "Text"))
            etree.SubElement(variable, _q("Description")).text = f"lpskg case field: {name}"
    if project.cases:
        cases = etree.SubElement(root, _q("Cases"))
        for case in project.cases:
            cases.append(_case(case, project.variable_types))
    if project.sources:
        sources = etree.SubElement(root, _q("Sources"))
        for source in project.sources:
            sources.append(_source(source, user))
    if project.notes:
        notes = etree.SubElement(root, _q("Notes"))
        for guid, text in project.notes.items():
            note = etree.SubElement(notes, _q("Note"), guid=guid, name=" ".join(text.split()[:8]),
                                    creatingUser=user)
            etree.SubElement(note, _q("PlainTextContent")).text = text
    if project.links:
        links = etree.SubElement(root, _q("Links"))
        for link in project.links:
            etree.SubElement(links, _q("Link"), guid=link.guid, name=link.name, direction="OneWay",
                             originGUID=link.origin, targetGUID=link.target)
    if project.description:
        etree.SubElement(root, _q("Description")).text = project.description
    schema("Project.xsd").assertValid(root)
    return root


def _case(case: Case, types: dict[str, str]) -> etree._Element:
    element = etree.Element(_q("Case"), guid=case.guid, name=case.name)
    etree.SubElement(element, _q("Description")).text = case.description
    for code in case.codes:
        etree.SubElement(element, _q("CodeRef"), targetGUID=code)
    for name, value in sorted(case.variables.items()):
        holder = etree.SubElement(element, _q("VariableValue"))
        etree.SubElement(holder, _q("VariableRef"), targetGUID=derived_guid("variable", name))
        kind = types.get(name, "Text")
        etree.SubElement(holder, _q(f"{kind}Value")).text = str(value)
    for source in case.sources:
        etree.SubElement(element, _q("SourceRef"), targetGUID=source)
    for selection in case.selections:
        etree.SubElement(element, _q("SelectionRef"), targetGUID=selection)
    return element


def selection_guid(source: TextSource, selection: Selection, number: int) -> str:
    return derived_guid("selection", source.guid, str(selection.start), str(selection.end), str(number))


def _source(source: TextSource, user: str) -> etree._Element:
    element = etree.Element(_q("TextSource"), guid=source.guid, name=source.name,
                            plainTextPath=f"internal://{source.guid}.txt", creatingUser=user)
    if source.description:
        etree.SubElement(element, _q("Description")).text = source.description
    for number, selection in enumerate(source.selections):
        guid = selection_guid(source, selection, number)
        sel = etree.SubElement(element, _q("PlainTextSelection"), guid=guid,
                               name=selection.name or " ".join(source.text[selection.start:selection.end].split()[:6]),
                               startPosition=str(selection.start), endPosition=str(selection.end), creatingUser=user)
        for k, coding in enumerate(selection.codings):
            coded = etree.SubElement(sel, _q("Coding"), guid=derived_guid("coding", guid, str(k), coding.code),
                                     creatingUser=user)
            etree.SubElement(coded, _q("CodeRef"), targetGUID=coding.code)
            for note in coding.notes:
                etree.SubElement(coded, _q("NoteRef"), targetGUID=note)
        for note in selection.notes:
            etree.SubElement(sel, _q("NoteRef"), targetGUID=note)
    return element


def qdpx_bytes(project: Project) -> bytes:
    """The ``.qdpx``: ``project.qde`` and ``sources/<guid>.txt`` for each text source, the same bytes each time."""
    root = project_xml(project)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        def put(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(name, FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)

        put(PROJECT_FILE, etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))
        for source in project.sources:
            put(f"sources/{source.guid}.txt", source.text.encode("utf-8"))
    return buffer.getvalue()
