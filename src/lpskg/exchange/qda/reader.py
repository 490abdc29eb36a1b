"""A coded REFI-QDA project (``.qdpx``) read into plain records, each with its line in ``project.qde``.

Only what a case can be made of is read: the users, the codes, the variables,
the cases, the text sources with their coded selections, the links between
them, and the notes. The
project must hold together: a selection lies inside its source, a coding names a
code of the project's codebook, a source the project points to is in the
archive; anything else is an error that names the element and its line.
What lpskg cannot make evidence of (a coded picture, PDF region, audio or video
selection, a coding of a whole source) is kept in :attr:`QdaProject.unusable`
with its place, for the submitter to see.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ...contributions.errors import FieldError, SubmissionError
from ...contributions.reading import SourceFile
from .archive import PROJECT_FILE, PROJECT_NS, Archive, decode_text, open_archive, parse_xml

_NS = {"q": PROJECT_NS}
INTERNAL = "internal://"
#: Where a source's internal path lives in the archive (the standard says "sources/"; tools write "Sources/").
SOURCES_FOLDER = "sources/"


def guid(value: str | None) -> str:
    """A GUID as compared: braces off, lower case."""
    return (value or "").strip().strip("{}").lower()


@dataclass
class QdaCode:
    guid: str
    name: str
    codable: bool
    line: int
    parents: tuple["QdaCode", ...] = ()

    @property
    def place(self) -> str:
        return f"Code {self.name!r}"


@dataclass
class QdaCoding:
    guid: str
    code: str
    line: int
    notes: tuple[str, ...]
    user: str


@dataclass
class QdaSelection:
    guid: str
    name: str
    start: int
    end: int
    line: int
    codings: list[QdaCoding]
    notes: tuple[str, ...]
    user: str
    text: str = ""


@dataclass
class QdaSource:
    guid: str
    name: str
    line: int
    text: str
    variables: dict[str, tuple[object, int]]
    selections: list[QdaSelection]


@dataclass
class QdaCase:
    guid: str
    name: str
    line: int
    description: str | None
    variables: dict[str, tuple[object, int]]
    codes: list[tuple[str, int]]
    sources: list[str]
    selections: list[str]


@dataclass
class QdaLink:
    """A REFI-QDA link: from one object of the project (its GUID) to another, under a name, one way or not."""

    guid: str
    name: str
    direction: str
    origin: str
    target: str
    line: int
    notes: tuple[str, ...]

    @property
    def place(self) -> str:
        return f"Link {self.name!r}"


@dataclass
class QdaProject:
    """What a ``.qdpx`` holds that a case can be made of, checked to hold together."""

    name: str
    users: dict[str, str] = field(default_factory=dict)
    codes: dict[str, QdaCode] = field(default_factory=dict)
    cases: list[QdaCase] = field(default_factory=list)
    sources: list[QdaSource] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    links: list[QdaLink] = field(default_factory=list)
    unusable: list[FieldError] = field(default_factory=list)


def read_project(source: SourceFile) -> QdaProject:
    """Open, check and read a ``.qdpx``; every problem is a SubmissionError naming element and line."""
    archive = open_archive(source.name, source.data)
    root = parse_xml(archive.read(PROJECT_FILE), f"{source.name}: {PROJECT_FILE}", "Project", PROJECT_NS,
                     "Project.xsd")
    project = QdaProject(root.get("name", source.name))
    errors: list[FieldError] = []
    project.users = {guid(u.get("guid")): u.get("name") or u.get("id") or "" for u in root.iterfind("q:Users/q:User", _NS)}
    for code in root.iterfind("q:CodeBook/q:Codes/q:Code", _NS):
        _read_code(code, (), project.codes)
    variables = {guid(v.get("guid")): v.get("name", "") for v in root.iterfind("q:Variables/q:Variable", _NS)}
    for note in root.iterfind("q:Notes/q:Note", _NS):
        project.notes[guid(note.get("guid"))] = _text_of(note, archive, errors, "Note") or ""
    for element in root.iterfind("q:Sources/*", _NS):
        tag = etree.QName(element).localname
        if tag == "TextSource":
            text = _text_of(element, archive, errors, "TextSource")
            if text is None:
                _unusable_codings(project, element, "a rich-text source without its plain text")
                continue
            project.sources.append(QdaSource(guid(element.get("guid")), element.get("name") or "unnamed source",
                                             element.sourceline, text, _values(element, variables),
                                             _selections(element, text, project.codes, errors)))
            _unusable_codings(project, element, "a coding of a whole source has no selected text", whole=True)
        else:
            _unusable_codings(project, element, f"a {tag[:-len('Source')].lower() or tag} source cannot be "
                                                "evidence: lpskg takes the exact text of text sources")
    for case in root.iterfind("q:Cases/q:Case", _NS):
        description = case.findtext("q:Description", namespaces=_NS)
        project.cases.append(QdaCase(
            guid(case.get("guid")), case.get("name") or "", case.sourceline,
            description.strip() if description and description.strip() else None, _values(case, variables),
            [(guid(ref.get("targetGUID")), ref.sourceline) for ref in case.iterfind("q:CodeRef", _NS)],
            [guid(ref.get("targetGUID")) for ref in case.iterfind("q:SourceRef", _NS)],
            [guid(ref.get("targetGUID")) for ref in case.iterfind("q:SelectionRef", _NS)]))
        errors += [FieldError(f"Case {case.get('name')!r}", f"its CodeRef targets {code}, which is no code of the "
                              "project's CodeBook", line) for code, line in project.cases[-1].codes
                   if code not in project.codes]
    project.links = [QdaLink(guid(link.get("guid")), (link.get("name") or "").strip(),
                             link.get("direction") or "OneWay", guid(link.get("originGUID")),
                             guid(link.get("targetGUID")), link.sourceline, _note_refs(link))
                     for link in root.iterfind("q:Links/q:Link", _NS)]
    errors += _dangling_notes(root, project.notes)
    if errors:
        first = errors[0].render() + (f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else "")
        raise SubmissionError("rejected", f"{source.name}: the project does not hold together: {first}", errors)
    return project


def _read_code(element: etree._Element, parents: tuple[QdaCode, ...], codes: dict[str, QdaCode]) -> None:
    code = QdaCode(guid(element.get("guid")), element.get("name", ""), element.get("isCodable") in ("true", "1"),
                   element.sourceline, parents)
    codes[code.guid] = code
    for child in element.iterfind("q:Code", _NS):
        _read_code(child, parents + (code,), codes)


def _values(element: etree._Element, variables: dict[str, str]) -> dict[str, tuple[object, int]]:
    """The variable values of a case or source, by the variable's name case folded: (value, line)."""
    values = {}
    for value in element.iterfind("q:VariableValue", _NS):
        name = variables.get(guid(value.find("q:VariableRef", _NS).get("targetGUID")), "")
        typed = next((child for child in value if etree.QName(child).localname != "VariableRef"), None)
        if typed is not None and name:
            values[name.strip().casefold()] = ((typed.text or "").strip(), typed.sourceline)
    return values


def _text_of(element: etree._Element, archive: Archive, errors: list[FieldError], what: str) -> str | None:
    """The plain text of a text source or note: inline, or the archive entry its ``plainTextPath`` names."""
    inline = element.find("q:PlainTextContent", _NS)
    path = element.get("plainTextPath")
    place = f"{what} {element.get('name') or element.get('guid')!r}"
    if inline is not None:
        return inline.text or ""
    if not path:
        return None
    if not path.startswith(INTERNAL):
        errors.append(FieldError(place, f"its text is outside the project ({path}): export the project with its "
                                        "sources inside the .qdpx", element.sourceline))
        return ""
    entry = SOURCES_FOLDER + path[len(INTERNAL):]
    if not archive.has(entry):
        errors.append(FieldError(place, f"its text {path} is not in the archive (no entry {entry!r})",
                                 element.sourceline))
        return ""
    return decode_text(archive.read(entry), archive.name, entry)


def _selections(source: etree._Element, text: str, codes: dict[str, QdaCode],
                errors: list[FieldError]) -> list[QdaSelection]:
    selections = []
    name = source.get("name") or source.get("guid")
    for element in source.iterfind("q:PlainTextSelection", _NS):
        start, end = int(element.get("startPosition")), int(element.get("endPosition"))
        place = f"PlainTextSelection {element.get('name') or element.get('guid')!r}"
        if not 0 <= start < end <= len(text):
            errors.append(FieldError(place, f"characters {start}-{end} lie outside its source {name!r}, "
                                            f"which has {len(text)} characters", element.sourceline))
            continue
        codings = []
        for coding in element.iterfind("q:Coding", _NS):
            target = guid(coding.find("q:CodeRef", _NS).get("targetGUID"))
            if target not in codes:
                errors.append(FieldError(place, f"a coding targets {target}, which is no code of the project's "
                                                "CodeBook", coding.sourceline))
                continue
            codings.append(QdaCoding(guid(coding.get("guid")), target, coding.sourceline, _note_refs(coding),
                                     guid(coding.get("creatingUser"))))
        selections.append(QdaSelection(guid(element.get("guid")), element.get("name") or "", start, end,
                                       element.sourceline, codings, _note_refs(element),
                                       guid(element.get("creatingUser")), text[start:end]))
    return selections


def _note_refs(element: etree._Element) -> tuple[str, ...]:
    return tuple(guid(ref.get("targetGUID")) for ref in element.iterfind("q:NoteRef", _NS))


def _dangling_notes(root: etree._Element, notes: dict[str, str]) -> list[FieldError]:
    return [FieldError(etree.QName(ref.getparent()).localname, f"its NoteRef targets {guid(ref.get('targetGUID'))}, "
                       "which is no note of the project", ref.sourceline)
            for ref in root.iter(f"{{{PROJECT_NS}}}NoteRef") if guid(ref.get("targetGUID")) not in notes]


def _unusable_codings(project: QdaProject, source: etree._Element, why: str, whole: bool = False) -> None:
    """Record the codings lpskg cannot make evidence of, with their place, for the submitter to see."""
    name = source.get("name") or source.get("guid")
    tag = etree.QName(source).localname
    direct = source.iterfind("q:Coding", _NS)
    nested = () if whole else (s for s in source if etree.QName(s).localname.endswith("Selection")
                               and s.find("q:Coding", _NS) is not None)
    for element in (*direct, *nested):
        what = etree.QName(element).localname
        project.unusable.append(FieldError(f"{what} in {tag} {name!r}", f"{why}: left out", element.sourceline))
