"""The works behind a concept or a named query's answer, as BibTeX and RIS for reference managers.

Each work is written with what the graph knows of it and nothing more: its
authors in order (a work the source cites as "First et al." ends its authors
with BibTeX's ``and others``, and says so in a note in RIS, which has no such
form), its year, title and DOI where the graph has them, and a note with the
in-text citation the source uses and what the source leaves out (the paper
cites its works in its text only, so most have no title).

Values are escaped for their format: BibTeX's special characters (``{ } \\ # $
% & _ ~ ^``) become their LaTeX forms, so that a title cannot close a field or
start a command; RIS values are one line each (a line break would start a new
tag), and every line ends with CR LF as the format asks.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from ..knowledge.bibliography import NO_TITLE, Author, Work

#: The media types of the two formats, and their file extensions.
BIBTEX_TYPE, RIS_TYPE = "application/x-bibtex", "application/x-research-info-systems"
FORMATS = {"bibtex": (BIBTEX_TYPE, "bib"), "ris": (RIS_TYPE, "ris")}

_LATEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "#": r"\#", "$": r"\$", "%": r"\%", "&": r"\&",
          "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_LATEX_SPECIAL = re.compile("|".join(re.escape(c) for c in _LATEX))
_KEY = re.compile(r"[^A-Za-z0-9_:.-]")


def bibtex_escape(text: str) -> str:
    """``text`` safe inside a braced BibTeX field: special characters in their LaTeX form, one line."""
    return _LATEX_SPECIAL.sub(lambda m: _LATEX[m.group()], " ".join(text.split()))


def _bibtex_name(author: Author) -> str:
    """``{Van de Ven}`` (braced: a family name alone is never split into first and last), or ``Family, Given``."""
    family = bibtex_escape(author.family_name)
    return f"{{{family}}}, {bibtex_escape(author.given)}" if author.given else f"{{{family}}}"


def note(work: Work) -> str:
    """What a reference manager should know that no field says: the in-text citation, the authors the source
    leaves unnamed, a title it does not give."""
    said = [f"Cited in the source as \u201c{work.cited_as}\u201d"] if work.cited_as else []
    if work.et_al:
        said.append("the source names only its first author")
    if not work.title:
        said.append(NO_TITLE.lower())
    said.append(f"lpskg: {work.iri}")
    return "; ".join(said)


def bibtex(works: Iterable[Work]) -> str:
    """The works as BibTeX entries: ``@article`` for an academic article, ``@misc`` for another work."""
    entries = []
    for work in works:
        names = [_bibtex_name(a) for a in work.authors] + (["others"] if work.et_al else [])
        fields = [("author", " and ".join(names)), ("title", bibtex_escape(work.title or "")),
                  ("year", bibtex_escape(work.year or "")), ("doi", bibtex_escape(work.doi or "")),
                  ("note", bibtex_escape(note(work)))]
        body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields if value)
        entries.append(f"@{'article' if work.article else 'misc'}{{{_KEY.sub('-', work.key)},\n{body}}}\n")
    return "\n".join(entries)


def _ris_value(text: str) -> str:
    """One line: a line break in a RIS value would start a tag of its own."""
    return " ".join(text.split())


def ris(works: Iterable[Work]) -> str:
    """The works as RIS records (``JOUR`` for an academic article, ``GEN`` for another work), lines ending CR LF."""
    lines: list[str] = []
    for work in works:
        record = [("TY", "JOUR" if work.article else "GEN"), ("ID", work.key)]
        record += [("AU", f"{a.family_name}, {a.given}" if a.given else a.family_name) for a in work.authors]
        record += [("TI", work.title or ""), ("PY", work.year or ""), ("DO", work.doi or ""), ("N1", note(work)),
                   ("UR", work.iri)]
        lines += [f"{tag}  - {_ris_value(value)}" for tag, value in record if value]
        lines.append("ER  - ")
    return "".join(line + "\r\n" for line in lines)
