"""Adding publications: a hand-written YAML file, or what reference managers export (BibTeX, CSL-JSON).

A publication states which concepts of the framework it supports or
challenges (``lpskg:supports`` / ``lpskg:challenges``).  Reference managers
have no field for that, so lpskg reads it from fields they keep untouched:

* BibTeX: ``lpskg-supports = {Myopia; Patching}`` and ``lpskg-challenges = {...}``
  (labels separated by semicolons);
* CSL-JSON: ``"custom": {"lpskg-supports": [...], "lpskg-challenges": [...]}``,
  or lines ``lpskg-supports: Myopia; Patching`` in ``note`` (where Zotero
  exports its "Extra" field).

Every entry is converted to the ``publication`` definition of
``docs/case-schema.json`` and checked like a hand-written file, with errors
naming the entry, the field and the line.  Each publication becomes its own
named graph ``graph/publication/<id>``; all entries of one file are stored in
one transaction.  A publication the graph already has (same DOI, or the same
in-text citation such as "Buer et al., 2021") is not duplicated: the new
graph only adds what it supports or challenges.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import bibtexparser
from bibtexparser.bparser import BibTexParser
from bibtexparser.customization import convert_to_unicode
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from ..formats import BIBTEX, CSL_JSON
from ..knowledge.bibliography import Author, format_citation
from ..knowledge.graphs import Graphs
from ..knowledge.library import read_model
from ..namespaces import BIBO, CITO, FABIO, LPSKG, new_graph, resource_iri
from ..store import Store
from .building import Contribution, Outcome, describe_authors, en, find_people
from .errors import FieldError, SubmissionError
from .linking import ANY_CONCEPT, Concept, ConceptIndex, Link, concept_index
from .parsing import ConceptRef, citation_label, concept_ref, family_name, given_names, slugify
from .reading import Document, Path_, SourceFile, check_schema, load_yaml
from .storing import add_provenance, check_absent, submit

_BIBTEX_TYPES = {"article": "article", "book": "book", "incollection": "chapter", "inbook": "chapter",
                 "inproceedings": "conference-paper", "conference": "conference-paper",
                 "techreport": "report", "report": "report", "phdthesis": "thesis",
                 "mastersthesis": "thesis", "thesis": "thesis"}
_CSL_TYPES = {"article-journal": "article", "article": "article", "book": "book", "chapter": "chapter",
              "paper-conference": "conference-paper", "report": "report", "thesis": "thesis"}
_ENTRY_START = re.compile(r"@(\w+)\s*[{(]\s*([^,\s]+)\s*,")
_FIELD_START = re.compile(r"^\s*([\w-]+)\s*=", re.MULTILINE)
SUPPORTS, CHALLENGES = "lpskg-supports", "lpskg-challenges"


# --------------------------------------------------------------------------- a publication, as Python data

@dataclass(frozen=True)
class Publication:
    """A publication to add to the graph, from a YAML file, a BibTeX entry or a CSL-JSON item."""

    path: Path_
    id: str
    title: str
    authors: tuple[str, ...]
    year: int
    type: str = "article"
    doi: str | None = None
    venue: str | None = None
    cited_as: str | None = None
    supports: tuple[ConceptRef, ...] = ()
    challenges: tuple[ConceptRef, ...] = ()
    locator: str = "whole file"
    cites: tuple[str, ...] = ()  # DOIs or in-text citations of works the graph has

    def concept_refs(self) -> Iterator[ConceptRef]:
        yield from self.supports
        yield from self.challenges


def publication_from(data: Mapping[str, Any], path: Path_, locator: str) -> Publication:
    """A Publication from schema-valid data; the id defaults to ``family-year-firstword``."""
    authors = tuple(a.strip() for a in data["authors"])
    first_word = next(iter(re.findall(r"[A-Za-z0-9]+", data["title"])), "untitled")
    pub_id = data.get("id") or slugify(f"{family_name(authors[0])}-{data['year']}-{first_word}")
    cited_as = data.get("cited_as") or citation_label([family_name(a) for a in authors], data["year"])
    return Publication(
        path, pub_id, data["title"].strip(), authors, data["year"], data.get("type", "article"),
        data.get("doi"), data.get("venue"), cited_as,
        tuple(concept_ref(c, path + ("supports", i)) for i, c in enumerate(data.get("supports", ()))),
        tuple(concept_ref(c, path + ("challenges", i)) for i, c in enumerate(data.get("challenges", ()))),
        locator, tuple(key.strip() for key in data.get("cites", ())))


def parse_publication_yaml(source: SourceFile) -> tuple[list[Publication], Document]:
    """One publication written by hand in YAML (the ``publication`` definition of the schema)."""
    document = load_yaml(source)
    if not isinstance(document.data, Mapping):
        raise SubmissionError("rejected", f"{source.name} must be a mapping of publication fields",
                              [document.error((), "expected a mapping at the top level")])
    check_schema(document, "publication", source.name)
    return [publication_from(document.data, (), "whole file")], document


def _labels(value: Any) -> list[str]:
    """Concept labels from ``"A; B"`` or ``["A", "B"]``."""
    items = value if isinstance(value, list) else str(value).split(";")
    return [str(item).strip() for item in items if str(item).strip()]


def _year(value: Any) -> Any:
    """A year as an integer when it is written as digits; anything else is left for the schema to reject."""
    text = str(value).strip()
    return int(text) if text.isdigit() else text


def _bare_doi(doi: str) -> str:
    return re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", doi.strip(), flags=re.IGNORECASE)


def _without_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def parse_bibtex(source: SourceFile) -> tuple[list[Publication], list[FieldError], Document]:
    """Publications of a .bib file; entries that break the schema are reported, not skipped."""
    text = source.text()
    parser = BibTexParser(common_strings=True, ignore_nonstandard_types=False)
    try:
        database = bibtexparser.loads(text, parser=parser)
    except Exception as error:  # bibtexparser 1.x raises pyparsing and plain exceptions
        raise SubmissionError("unreadable", f"{source.name} is not valid BibTeX: {error}") from None
    if not database.entries:
        raise SubmissionError("unreadable", f"{source.name} has no BibTeX entries (@article{{key, ...}})")
    lines = _bibtex_lines(text)
    publications, errors, merged = [], [], Document(None)
    for raw in database.entries:
        entry = convert_to_unicode(dict(raw))
        key = entry["ID"]
        data = _without_empty({
            "id": slugify(key, 64), "type": _BIBTEX_TYPES.get(entry["ENTRYTYPE"].lower(), "other"),
            "title": re.sub(r"[{}]", "", entry.get("title", "")).strip(),
            "authors": [a.strip() for a in re.split(r"\s+and\s+", entry.get("author", "")) if a.strip()],
            "year": _year(entry["year"]) if "year" in entry else None,
            "doi": _bare_doi(entry["doi"]) if "doi" in entry else None,
            "venue": entry.get("journal") or entry.get("booktitle") or entry.get("publisher"),
            "supports": _labels(entry.get(SUPPORTS, "")), "challenges": _labels(entry.get(CHALLENGES, "")),
        })
        field_lines = {"authors": "author", "venue": "journal", "supports": SUPPORTS, "challenges": CHALLENGES}
        document = Document(data, {(key,): lines.get((key,))})
        for name in data:
            document.lines[(key, name)] = lines.get((key, field_lines.get(name, name)), lines.get((key,)))
        publication = _checked(document, (key,), f"entry {key}", source.name, errors)
        if publication is not None:
            publications.append(publication)
        merged.lines.update(document.lines)
    return publications, errors, merged


def _bibtex_lines(text: str) -> dict[Path_, int]:
    """Line of each entry (by key) and of each of its fields, found in the raw text."""
    lines: dict[Path_, int] = {}
    starts = list(_ENTRY_START.finditer(text))
    for i, match in enumerate(starts):
        key, offset = match.group(2), match.start()
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        lines[(key,)] = text.count("\n", 0, offset) + 1
        for field in _FIELD_START.finditer(text, match.end(), end):
            lines.setdefault((key, field.group(1).lower()), text.count("\n", 0, field.start(1)) + 1)
    return lines


def parse_csl_json(source: SourceFile) -> tuple[list[Publication], list[FieldError], Document]:
    """Publications of a CSL-JSON export (a list of items, or one item)."""
    raw = load_yaml(source)  # JSON is YAML: this keeps the line of every field
    items = raw.data if isinstance(raw.data, list) else [raw.data]
    if not items or not all(isinstance(item, dict) for item in items):
        raise SubmissionError("unreadable", f"{source.name} is not CSL-JSON: expected a list of items")
    publications, errors, merged = [], [], Document(None)
    for index, item in enumerate(items):
        position = (index,) if isinstance(raw.data, list) else ()
        key = str(item.get("id", index))
        custom = item.get("custom") if isinstance(item.get("custom"), dict) else {}
        notes = dict(re.findall(r"^\s*(lpskg-(?:supports|challenges))\s*:\s*(.+)$", str(item.get("note", "")),
                                re.MULTILINE))
        data = _without_empty({
            "id": slugify(key, 64), "type": _CSL_TYPES.get(str(item.get("type")), "other"),
            "title": str(item.get("title", "")).strip(),
            "authors": [_csl_name(a) for a in item.get("author", []) if isinstance(a, dict) and _csl_name(a)],
            "year": _csl_year(item.get("issued")),
            "doi": _bare_doi(str(item["DOI"])) if item.get("DOI") else None,
            "venue": item.get("container-title") or item.get("publisher"),
            "supports": _labels(custom.get(SUPPORTS) or notes.get(SUPPORTS, "")),
            "challenges": _labels(custom.get(CHALLENGES) or notes.get(CHALLENGES, "")),
        })
        origin = {"id": ("id",), "type": ("type",), "title": ("title",), "authors": ("author",),
                  "year": ("issued",), "doi": ("DOI",), "venue": ("container-title",),
                  "supports": ("custom", SUPPORTS) if SUPPORTS in custom else ("note",),
                  "challenges": ("custom", CHALLENGES) if CHALLENGES in custom else ("note",)}
        document = Document(data, {(key,): raw.line(position)})
        for name in data:
            document.lines[(key, name)] = raw.line(position + origin[name])
        publication = _checked(document, (key,), f"item {key}", source.name, errors)
        if publication is not None:
            publications.append(publication)
        merged.lines.update(document.lines)
    return publications, errors, merged


def _csl_name(author: dict[str, Any]) -> str:
    if author.get("literal"):
        return str(author["literal"]).strip()
    family, given = str(author.get("family", "")).strip(), str(author.get("given", "")).strip()
    return f"{family}, {given}" if family and given else family or given


def _csl_year(issued: Any) -> Any:
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            return _year(parts[0][0])
        if issued.get("raw"):
            return _year(str(issued["raw"])[:4])
    return None


def _checked(document: Document, prefix: Path_, locator: str, name: str,
             errors: list[FieldError]) -> Publication | None:
    try:
        check_schema(document, "publication", name, prefix)
    except SubmissionError as error:
        errors.extend(error.errors)
        return None
    return publication_from(document.data, prefix, locator)


def read_publications(source: SourceFile) -> tuple[list[Publication], Document]:
    """The publications of a YAML, BibTeX or CSL-JSON file, with the lines of their fields.

    Schema errors of all entries are raised together.
    """
    if source.format == BIBTEX:
        publications, errors, document = parse_bibtex(source)
    elif source.format == CSL_JSON:
        publications, errors, document = parse_csl_json(source)
    else:
        return parse_publication_yaml(source)
    if errors:
        raise SubmissionError("rejected", f"{source.name}: {len(errors)} problem(s) in its entries", errors)
    return publications, document


# --------------------------------------------------------------------------- the publication graphs

def _existing_works(store: Store, publications: list[Publication]) -> dict[str, URIRef]:
    """Works the graph has, by lower-cased DOI and in-text citation, that these publications may be or cite."""
    keys = ({p.doi.lower() for p in publications if p.doi} | {p.cited_as.lower() for p in publications if p.cited_as}
            | {key.lower() for p in publications for key in p.cites})
    if not keys:
        return {}
    rows = read_model("intake/works-by-key").run(store, values=[Literal(k) for k in sorted(keys)])
    return {str(row["key"]): URIRef(str(row["work"])) for row in rows if int(row["n"]) == 1}


def build_publication(publication: Publication, index: ConceptIndex, people: Mapping[str, Concept],
                      works: dict[str, URIRef], source: SourceFile, line) -> Contribution:
    """The graph of one publication: the work (unless the graph has it), its authors, what it supports."""
    c = Contribution("publication", publication.id, new_graph())
    origin = (publication.path[0] if publication.path else "title", line(publication.path))
    document = c.mint(resource_iri("document", f"publication-{publication.id}"), origin)
    c.add(document, RDF.type, LPSKG.SourceDocument)
    c.add(document, RDFS.label, en(f"{source.name} (submitted reference list)"))
    c.add(document, DCTERMS.identifier, Literal(source.name))
    passage = c.mint(resource_iri("passage", f"publication-{publication.id}"), origin)
    c.add(passage, RDF.type, LPSKG.Passage)
    c.add(passage, RDFS.label, en(f"{source.name}, {publication.locator}"))
    c.add(passage, LPSKG.inDocument, document)
    c.add(passage, LPSKG.locator, Literal(publication.locator))
    c.add(passage, LPSKG.excerpt, Literal(publication.title))

    minted = resource_iri("work", publication.id)
    known = next((works[k.lower()] for k in (publication.doi, publication.cited_as) if k and k.lower() in works),
                 None)
    if known is not None and known != minted:
        work = known
        c.links.append(Link(origin[0], publication.cited_as or publication.title, known, "exact", 100.0,
                            publication.cited_as or publication.title, "publication"))
        c.add(work, LPSKG.statedIn, passage)
    else:
        work = _describe_work(c, publication, people, minted, passage, origin)
    c.cites = work

    errors = []
    for refs, prop in ((publication.supports, LPSKG.supports), (publication.challenges, LPSKG.challenges)):
        for ref in refs:
            result = index.resolve(ref, ANY_CONCEPT, line(ref.path))
            if isinstance(result, FieldError):
                errors.append(result)
            else:
                c.links.append(result)
                c.add(work, prop, result.iri)
    for i, key in enumerate(publication.cites):
        cited = works.get(key.lower())
        if cited is None:
            errors.append(FieldError(f"{origin[0]}.cites[{i}]" if publication.path else f"cites[{i}]",
                                     f"no work of the graph has the DOI or in-text citation {key!r} "
                                     "(or more than one has it): cite works the graph already has",
                                     line(publication.path + ("cites", i))))
        else:
            c.add(work, CITO.cites, cited)
    if errors:
        raise SubmissionError("rejected", f"{source.name}: {len(errors)} label(s) could not be linked to "
                                          "concepts of the graph", errors)
    return c


def _describe_work(c: Contribution, publication: Publication, people: Mapping[str, Concept], iri: URIRef,
                   passage: URIRef, origin: tuple[str, int | None]) -> URIRef:
    types = [BIBO.AcademicArticle] if publication.type == "article" else [BIBO.Document]
    cited_as = publication.cited_as or citation_label([family_name(a) for a in publication.authors],
                                                      publication.year)
    c.describe(c.mint(iri, origin), types, cited_as, passage)
    c.add(iri, DCTERMS.title, Literal(publication.title))
    c.add(iri, FABIO.hasPublicationYear, Literal(str(publication.year), datatype=XSD.gYear))
    c.add(iri, BIBO.doi, Literal(publication.doi) if publication.doi else None)
    c.add(iri, LPSKG.citedAs, Literal(cited_as))
    c.add(iri, LPSKG.authorCount, Literal(len(publication.authors)))
    # the citation with its venue, which the graph keeps nowhere else; authors in their order, as every citation
    authors = [Author(str(i), family_name(name), given_names(name) or None)
               for i, name in enumerate(publication.authors)]
    citation = format_citation(authors, False, publication.year, publication.title, publication.venue,
                               publication.doi)
    c.add(iri, DCTERMS.bibliographicCitation, Literal(citation))
    describe_authors(c, iri, people, publication.authors, passage, f"{origin[0]}.authors", origin[1])
    return iri


def add_publications(graphs: Graphs, source: SourceFile, *, submitter: str, dry_run: bool = False,
                     replace: bool = False) -> Outcome:
    """Submit a publication file (YAML, BibTeX or CSL-JSON): link, validate, store all entries at once."""
    store = graphs.store
    publications, document = read_publications(source)
    _refuse_repeated_ids(publications, source)
    check_absent(store, [("publication", p.id) for p in publications], replace)
    index = concept_index(graphs)
    works = _existing_works(store, publications)
    people = find_people(store, [a for p in publications for a in p.authors])
    contributions, errors = [], []
    for publication in publications:
        try:
            contributions.append(build_publication(publication, index, people, works, source, document.line))
        except SubmissionError as error:
            errors.extend(error.errors)
    if errors:
        raise SubmissionError("rejected", f"{source.name}: {len(errors)} label(s) could not be linked to "
                                          "concepts of the graph", errors)
    for contribution in contributions:
        add_provenance(contribution, submitter, source)
    return submit(graphs, contributions, dry_run=dry_run, replace=replace)


def _refuse_repeated_ids(publications: Iterable[Publication], source: SourceFile) -> None:
    seen: dict[str, Publication] = {}
    errors = []
    for publication in publications:
        if publication.id in seen:
            errors.append(FieldError(".".join(map(str, publication.path)) or "id",
                                     f"id {publication.id!r} is used by two entries; give one another id"))
        seen[publication.id] = publication
    if errors:
        raise SubmissionError("rejected", f"{source.name} repeats a publication id", errors)
