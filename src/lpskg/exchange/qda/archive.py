"""A ``.qdpx`` from the outside world, opened without trusting it: the zip, its XML, its text sources.

A coded project is a zip of ``project.qde`` (QDA-XML) and the sources it codes.
Nothing in it is believed before it is checked: entry names that climb out
(``../``) or start at a root are refused, and so are archives whose entries
would unpack to more than :data:`MAX_UNPACKED` bytes or expand more than
:data:`MAX_RATIO` times (a zip bomb); sizes are counted while reading, not
taken from the zip's own headers. The XML is parsed without a DTD, entities or
the network (a ``<!DOCTYPE`` is refused outright: REFI-QDA needs none) and
validated against the standard's schema, each problem named with its element
and line. Every problem is a :class:`~lpskg.contributions.errors.SubmissionError`
of one readable line.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

from lxml import etree

from ...contributions.errors import FieldError, SubmissionError

SCHEMAS = Path(__file__).parent / "schemas"
PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"

#: Caps on what a submitted archive may unpack to: all entries together, one entry's expansion, entry count.
MAX_UNPACKED = 64 * 1024 * 1024
MAX_RATIO = 200
MAX_ENTRIES = 5000
PROJECT_FILE = "project.qde"


def _unreadable(name: str, problem: str, line: int | None = None) -> SubmissionError:
    return SubmissionError("unreadable", f"{name}: {problem}", [FieldError("", problem, line)] if line else [])


def _rejected(name: str, problem: str, errors: list[FieldError] | None = None) -> SubmissionError:
    return SubmissionError("rejected", f"{name}: {problem}", errors or [])


@dataclass
class Archive:
    """The checked entries of a ``.qdpx``, read on demand and never past the caps."""

    name: str
    zip: zipfile.ZipFile
    entries: dict[str, zipfile.ZipInfo]  # by the entry's name, case folded
    budget: int = MAX_UNPACKED

    def has(self, entry: str) -> bool:
        return entry.casefold() in self.entries

    def read(self, entry: str) -> bytes:
        """The bytes of one entry, counted as they unpack; past the budget or the ratio, refused."""
        info = self.entries[entry.casefold()]
        limit = min(self.budget, max(info.compress_size, 1) * MAX_RATIO)
        with self.zip.open(info) as stream:
            data = stream.read(limit + 1)
        if len(data) > limit:
            why = (f"more than {MAX_UNPACKED // 1048576} MB unpacked" if limit == self.budget
                   else f"more than {MAX_RATIO} times its packed size")
            raise _unreadable(self.name, f"the entry {info.filename!r} unpacks to {why}: refused as a zip bomb")
        self.budget -= len(data)
        return data


def open_archive(name: str, data: bytes) -> Archive:
    """The zip of a ``.qdpx``, its entry names checked; ``project.qde`` must be at its root."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise _unreadable(name, f"not a REFI-QDA project (.qdpx is a zip archive): {error}") from None
    if len(infos) > MAX_ENTRIES:
        raise _unreadable(name, f"the archive has {len(infos)} entries, more than {MAX_ENTRIES}")
    entries: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        problem = _bad_entry_name(info.filename)
        if problem:
            raise _unreadable(name, f"the archive entry {info.filename!r} {problem}: refused")
        if info.flag_bits & 0x1:
            raise _unreadable(name, f"the archive entry {info.filename!r} is encrypted")
        entries[info.filename.casefold()] = info
    if sum(info.file_size for info in infos) > MAX_UNPACKED:
        raise _unreadable(name, f"the archive declares more than {MAX_UNPACKED // 1048576} MB unpacked: "
                                "refused as a zip bomb")
    if PROJECT_FILE not in entries:
        raise _unreadable(name, f"no {PROJECT_FILE} at the root of the archive: export the project from your "
                                "tool as a REFI-QDA project (.qdpx)")
    return Archive(name, archive, entries)


def _bad_entry_name(entry: str) -> str | None:
    """Why an entry name could write or read outside the archive's own folder, if it could."""
    if "\\" in entry or "\x00" in entry:
        return "has a backslash or a NUL in its name"
    path = PurePosixPath(entry)
    if path.is_absolute() or (path.parts and path.parts[0].endswith(":")):
        return "has an absolute path"
    if ".." in path.parts:
        return "climbs out of the archive with '..'"
    return None


# --------------------------------------------------------------------------- XML

def _parser() -> etree.XMLParser:
    """No DTD loaded, no entity resolved, no network, no huge trees, comments and PIs dropped."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True)


@lru_cache(maxsize=None)
def schema(file_name: str) -> etree.XMLSchema:
    """One of the standard's schemas, read once (they are ours, shipped beside this module)."""
    return etree.XMLSchema(etree.parse(str(SCHEMAS / file_name), _parser()))


def parse_xml(data: bytes, name: str, root: str, namespace: str, schema_file: str) -> etree._Element:
    """``data`` as QDA-XML: parsed safely, its root ``{namespace}root`` checked, valid against the schema."""
    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        raise _unreadable(name, "declares a DTD or entities (<!DOCTYPE / <!ENTITY): REFI-QDA needs none, "
                                "and they are refused")
    try:
        tree = etree.parse(io.BytesIO(data), _parser())
    except etree.XMLSyntaxError as error:
        line = error.lineno if error.lineno else None
        raise _unreadable(name, f"is not well-formed XML (line {line}): {error.msg}", line) from None
    if tree.docinfo.doctype:
        raise _unreadable(name, "declares a DTD: REFI-QDA needs none, and it is refused")
    element = tree.getroot()
    expected = f"{{{namespace}}}{root}"
    if element.tag != expected:
        found = etree.QName(element)
        where = f"in the namespace {found.namespace!r}" if found.namespace else "in no namespace"
        raise _rejected(name, f"the root element is <{found.localname}> {where} (line {element.sourceline}); "
                              f"a REFI-QDA {root} is <{root} xmlns=\"{namespace}\">",
                        [FieldError(found.localname, f"expected <{root}> in {namespace}", element.sourceline)])
    validator = schema(schema_file)
    if not validator.validate(tree):
        errors = [FieldError(_element_name(entry), entry.message, entry.line) for entry in validator.error_log]
        raise _rejected(name, f"is not valid QDA-XML ({schema_file}): {len(errors)} problem(s), the first at "
                              f"line {errors[0].line}: {errors[0].message}", errors[:20])
    return element


def _element_name(entry: etree._LogEntry) -> str:
    """The element a schema error is about, as lxml's message names it (``Element '{ns}Code', attribute ...``)."""
    message = entry.message
    if message.startswith("Element '"):
        return etree.QName(message[len("Element '"):message.index("'", len("Element '"))]).localname
    return entry.path or ""


def decode_text(data: bytes, archive: str, entry: str) -> str:
    """A plain-text source: UTF-8 (a byte-order mark is dropped, as the tools do not count it)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _unreadable(archive, f"the text source {entry!r} is not UTF-8 (byte {error.start}: {error.reason}); "
                                   "REFI-QDA plain-text sources are UTF-8") from None
