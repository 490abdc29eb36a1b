"""An account of coverage: every sentence of a paper's framework sections, and what in the graph holds it.

The table docs/framework-coverage.md is generated here, from the seed text and
the graph, never typed: the text is cut into sentences; each sentence-level
passage of the graph (``dcterms:isPartOf`` a section's passage) is placed in
the sentence its verbatim excerpt lies in; a sentence is then held by what
cites its passages (a resource stated in it, a stated link, an interpretation
based on it, a citation, evidence given for it) or by a respondent's quote or
a reported observation whose verbatim text it is.  A sentence nothing holds
is accounted for only by the curator's note (a passage with
``lpskg:coverageStatus`` and ``lpskg:coverageNote``, data/coverage.ttl); one
with neither is *unaccounted*, and one with both is a *conflict*: both are
errors that ``lpskg coverage --check`` and the tests report.

The reading of the graph is SPARQL in ``queries/reports/coverage-*.rq``; this
module only cuts text and matches strings.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef
from rdflib.term import Node

from ..namespaces import LPSKG, RESOURCE
from ..paths import SEED_DIR
from ..store import Store
from ..tables import shorten
from .library import read_model

#: The paper and the sections whose sentences are accounted for (issue 22: Sections 2.2, 4, 5 and 6).
PAPER = RESOURCE["document/001-e8e679868b79b67c"]
SECTIONS = ("2.2", "4", "5", "6")

MODELLED, NOT_MODELLED, OUTSIDE, QUOTE, UNACCOUNTED, CONFLICT = (
    "modelled", "not modelled", "outside the framework", "respondent quote", "unaccounted", "conflict")
_NOTED = {str(LPSKG.notModelled): NOT_MODELLED, str(LPSKG.outsideFramework): OUTSIDE}

_HEADING = re.compile(r"^\s*(\d(?:\.\d){0,2})\.?\s+([A-Z].*)$")
_RUN_IN_TITLE = re.compile(r"^(?P<title>[A-Z][^.]{2,60})\.\s+(?P<rest>\S.*)$")
_RUN_IN_HEAD = re.compile(r"^(?P<head>[A-Z][A-Za-z-]+(?: [A-Z][A-Za-z-]+)?):\s+(?P<rest>\S.*)$")
_SUBTITLE = re.compile(r"^(?P<subtitle>[a-z][^.:]*?)\.\s+(?=[A-Z“\"])")
_FIGURE = re.compile(r"^\s*Figure \d+\.\s*$")
_SOURCE = re.compile(r"^\s*Source\(s\):")
_ABBREVIATIONS = {"e.g", "i.e", "ie", "cf", "vs", "al", "p", "etc"}
_TERMINAL = ".?!:”\")"


@dataclass(frozen=True)
class Sentence:
    """One sentence of the covered sections, whitespace normalised, with where it stands."""

    number: int
    section: str
    locator: str
    text: str


@dataclass
class Row:
    """A sentence and what holds it: statements (rendered), the evidence it is, or the curator's note."""

    sentence: Sentence
    status: str = UNACCOUNTED
    held_by: list[str] = field(default_factory=list)
    note: str = ""
    #: (holder IRI, how it cites the passage, passage IRI), for a test to ask the store again
    holds: list[tuple[str, str, str]] = field(default_factory=list)
    #: the links of the graph the sentence is held by: (subject, property, object or value)
    links: list[tuple[str, str, str]] = field(default_factory=list)


def normalise(text: str) -> str:
    """Runs of whitespace as one space, as the excerpts are compared with the seed."""
    return " ".join(text.split())


def sentences(text: str, sections: Iterable[str] = SECTIONS,
              name_of: Callable[[str], str] = lambda name: name) -> list[Sentence]:
    """The sentences of ``sections`` of a paper's text (a section covers its subsections), in order.

    Figure captions and figure text are left out; a paragraph broken by a page
    is joined again; a run-in heading ('Detached:', 'Pacing: synchronising time
    horizons.') starts a sub-locator (``name_of`` gives the name to show, so an
    OCR slip in a heading shows under the concept's label) and is not a sentence.
    """
    wanted = tuple(sections)
    found: list[Sentence] = []
    for number, title, body in _sections(text):
        if not any(number == s or number.startswith(s + ".") for s in wanted):
            continue
        locator = f"Section {number} {title}"
        sub = ""
        for paragraph in _paragraphs(body):
            head = _RUN_IN_HEAD.match(paragraph)
            if head:
                sub = name_of(head.group("head"))
                paragraph = head.group("rest")
                subtitle = _SUBTITLE.match(paragraph)
                if subtitle and len(subtitle.group("subtitle").split()) <= 6:
                    paragraph = paragraph[subtitle.end():]
            where = f"Section {number}, {sub}" if sub else locator
            for text_ in _split(paragraph):
                found.append(Sentence(len(found) + 1, number, where, text_))
    return found


def _sections(text: str) -> list[tuple[str, str, list[str]]]:
    """(number, title, body lines) of each numbered section, a run-in title's text kept in the body."""
    out: list[tuple[str, str, list[str]]] = []
    for line in text.splitlines():
        match = _HEADING.match(line)
        if match and len(line) < 100:
            number, rest = match.group(1), match.group(2).strip()
            run_in = _RUN_IN_TITLE.match(rest)
            if run_in and len(run_in.group("title").split()) <= 5:
                out.append((number, run_in.group("title"), [run_in.group("rest")]))
            else:
                out.append((number, rest, []))
        elif out:
            out[-1][2].append(line)
    return out


def _paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs of running text: figure captions and figure text out, page breaks mended."""
    paragraphs: list[list[str]] = [[]]
    in_caption = False
    for line in lines:
        if not line.strip():
            paragraphs.append([])
            in_caption = False
        elif _FIGURE.match(line):
            in_caption = True
        elif in_caption and len(line.strip()) < 30 and not line.strip().endswith("."):
            continue
        elif _SOURCE.match(line):
            in_caption = False
        else:
            in_caption = False
            previous = paragraphs[-1][-1] if paragraphs[-1] else ""
            if previous and previous[-1] in _TERMINAL and _RUN_IN_HEAD.match(line.strip()):
                paragraphs.append([])  # a run-in heading starts a paragraph, even without a blank line
            paragraphs[-1].append(line.strip())
    texts = [normalise(" ".join(p)) for p in paragraphs]
    texts = [t for t in texts if t and any(c in t for c in ".?!:")]  # figure text has no sentence
    mended: list[str] = []
    for text in texts:
        if mended and mended[-1][-1] not in _TERMINAL:
            mended[-1] = f"{mended[-1]} {text}"
        else:
            mended.append(text)
    return mended


def _split(paragraph: str) -> list[str]:
    """Sentences of a paragraph: after . ? ! (and closing quotes) before a capital or an opening
    quote, not after an abbreviation, not inside “double quotes”."""
    out, start, depth = [], 0, 0
    for i, char in enumerate(paragraph):
        if char == "“":
            depth += 1
        elif char == "”":
            depth = max(depth - 1, 0)
        if char not in ".?!" or depth:
            continue
        end = i + 1
        while end < len(paragraph) and paragraph[end] in "”\"’)":
            end += 1
        if end >= len(paragraph) or paragraph[end] != " ":
            continue
        following = paragraph[end + 1:end + 2]
        if not (following.isupper() or following in "“\""):
            continue
        word = re.search(r"([A-Za-z.]+)$", paragraph[start:i])
        if char == "." and word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
            continue
        out.append(paragraph[start:end].strip())
        start = end + 1
    if paragraph[start:].strip():
        out.append(paragraph[start:].strip())
    return out


def seed_text(store: Store, document: URIRef = PAPER, seeds: Path = SEED_DIR) -> str:
    """The text of ``document``, read from the seed file the graph names for it."""
    rows = read_model("reports/coverage-names").run(store, {"document": document})
    files = {str(r["file"]) for r in rows}
    if len(files) != 1:
        raise ValueError(f"the graph names {len(files)} seed files for {document}, expected one")
    path = seeds / files.pop()
    if not path.is_file():
        raise ValueError(f"the seed file {path} is not there: set LPSKG_SEEDS to the seed directory")
    return path.read_text(encoding="utf-8")


def account(store: Store, text: str, document: URIRef = PAPER, sections: Iterable[str] = SECTIONS) -> list[Row]:
    """Every sentence of ``sections`` with what holds it, read from the graph in ``store``."""
    names = {str(r["name"]).lower(): str(r["label"])
             for r in read_model("reports/coverage-names").run(store, {"document": document}) if "name" in r}
    rows = [Row(s) for s in sentences(text, sections, lambda name: names.get(name.lower(), name))]
    passages = _passages(store, document)
    for passage, found in passages.items():
        for row in _rows_of(rows, found["excerpts"]):
            if found["note"]:
                row.note = found["note"]
                row.status = CONFLICT if row.held_by or found["held_by"] else found["status"]
                continue
            if row.note:
                row.status = CONFLICT
            elif found["held_by"]:
                row.status = MODELLED
            row.held_by.extend(h for h in found["held_by"] if h not in row.held_by)
            row.holds.extend(found["holds"])
            row.links.extend(found["links"])
    for evidence in read_model("reports/coverage-evidence").run(store, {"document": document}):
        said = normalise(str(evidence["text"]))
        kind = "quote" if str(evidence["type"]) == str(LPSKG.Quote) else "observation"
        for row in rows:
            words = _without_attribution(row.sentence.text)
            if words in said or said in row.sentence.text:
                entry = f"`{shorten(evidence['evidence'])}` ({kind}, verbatim)"
                if entry not in row.held_by:
                    row.held_by.append(entry)
                if row.note:
                    row.status = CONFLICT
                elif row.status == UNACCOUNTED:
                    row.status = QUOTE if kind == "quote" and words in said else MODELLED
    return rows


def _without_attribution(sentence: str) -> str:
    """A block quote's sentence without the speaker given after it, '(Operations, Scania)'."""
    return re.sub(r"\s*\([^()]*\)$", "", sentence).strip("“”\" ")


def _rows_of(rows: list[Row], excerpts: list[str]) -> list[Row]:
    """The rows whose sentence holds one of the excerpts (or whose sentence and the next hold it)."""
    found: list[Row] = []
    for excerpt in excerpts:
        for index, row in enumerate(rows):
            text = row.sentence.text
            pair = f"{text} {rows[index + 1].sentence.text}" if index + 1 < len(rows) else text
            if excerpt in text or (excerpt in pair and excerpt not in rows[index + 1].sentence.text):
                if row not in found:
                    found.append(row)
    return found


def _passages(store: Store, document: URIRef) -> dict[str, dict]:
    """Each sentence-level passage of ``document``: its excerpts, note, and what holds it, rendered."""
    passages: dict[str, dict] = defaultdict(lambda: {"excerpts": [], "note": "", "status": "", "held_by": [],
                                                     "holds": [], "links": []})
    functions: dict[tuple[str, str], list[str]] = defaultdict(list)
    rows = read_model("reports/coverage-holders").run(store, {"document": document})
    for r in rows:
        passage = passages[str(r["passage"])]
        excerpt = normalise(str(r["excerpt"]))
        if excerpt not in passage["excerpts"]:
            passage["excerpts"].append(excerpt)
        if "note" in r:
            passage["note"], passage["status"] = str(r["note"]), _NOTED.get(str(r.get("status")), NOT_MODELLED)
        if "holder" in r and "function" in r:
            function = shorten(r["function"]).removeprefix("cito:")
            if function not in functions[(str(r["passage"]), str(r["holder"]))]:
                functions[(str(r["passage"]), str(r["holder"]))].append(function)
    for r in rows:
        if "holder" not in r:
            continue
        passage = passages[str(r["passage"])]
        hold = (str(r["holder"]), str(r["how"]), str(r["passage"]))
        if hold in passage["holds"]:
            continue
        passage["holds"].append(hold)
        rendered = _render(r, functions[(str(r["passage"]), str(r["holder"]))])
        if rendered not in passage["held_by"]:
            passage["held_by"].append(rendered)
        if "subject" in r and str(r["how"]) == "statedIn":
            target = r.get("object", r.get("value"))
            passage["links"].append((str(r["subject"]), str(r["property"]), str(target)))
    return passages


def _render(row: dict[str, Node], functions: list[str]) -> str:
    """One statement that holds a sentence, as a line of the table."""
    kind = shorten(row["holderType"]).removeprefix("lpskg:")
    if "subject" in row:
        target = shorten(row["object"]) if "object" in row else str(row["value"])
        hedge = f", {shorten(row['modality']).removeprefix('lpskg:')}" if "modality" in row else ""
        status = "interpretation, based on it" if str(row["how"]) == "basedOn" else f"stated{hedge}"
        return f"`{shorten(row['subject'])}` {shorten(row['property'])} `{target}` ({status})"
    if "cited" in row:
        return f"`{shorten(row['holder'])}`: {', '.join(functions)} `{shorten(row['cited'])}`"
    if str(row["how"]) == "givenFor":
        return f"`{shorten(row['holder'])}` ({kind} given for it)"
    return f"`{shorten(row['holder'])}` ({kind})"


def counts(rows: list[Row]) -> dict[str, int]:
    """Sentences per status, and the framework's sentences (modelled, not modelled, unaccounted)."""
    tally = {status: 0 for status in (MODELLED, NOT_MODELLED, QUOTE, OUTSIDE, UNACCOUNTED, CONFLICT)}
    for row in rows:
        tally[row.status] += 1
    tally["sentences"] = len(rows)
    tally["framework sentences"] = tally[MODELLED] + tally[NOT_MODELLED] + tally[UNACCOUNTED] + tally[CONFLICT]
    return tally


def markdown(rows: list[Row], document: str = "001") -> str:
    """The coverage table, docs/framework-coverage.md."""
    tally = counts(rows)
    lines = [
        "# The paper's framework, sentence by sentence",
        "",
        f"Generated by `lpskg coverage --markdown` (`make docs`) from the graph and the text of seed {document};",
        "do not edit by hand. Every sentence of Sections 2.2, 4, 5 and 6 is listed with what in the graph",
        "holds it: the resources stated in it, the links it states (with the hedge it carries), the",
        "interpretations that rest on it, the citations made in it, the evidence given for it, or, where",
        "nothing holds it, the curator's note of why (data/coverage.ttl). A test fails when a sentence",
        "listed as modelled has no such triple, when a stated link cites a sentence that is not in the",
        "table, and when a sentence is held by nothing and has no note.",
        "",
        "| sentences | count |",
        "|---|---|",
        f"| about the framework | {tally['framework sentences']} |",
        f"| modelled | {tally[MODELLED]} |",
        f"| not modelled | {tally[NOT_MODELLED]} |",
        f"| respondents' words (modelled as quotes) | {tally[QUOTE]} |",
        f"| outside the framework | {tally[OUTSIDE]} |",
        f"| all sentences of the sections | {tally['sentences']} |",
    ]
    if tally[UNACCOUNTED] or tally[CONFLICT]:
        lines.append(f"| **unaccounted** / **conflicting** | {tally[UNACCOUNTED]} / {tally[CONFLICT]} |")
    locator = None
    for row in rows:
        if row.sentence.locator != locator:
            locator = row.sentence.locator
            lines += ["", f"## {locator}", "", "| # | sentence | status | held by, or why not |", "|---|---|---|---|"]
        held = "<br>".join(row.held_by + ([row.note] if row.note else []))
        lines.append(f"| {row.sentence.number} | {_cell(row.sentence.text)} | {row.status} | {_cell(held)} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
