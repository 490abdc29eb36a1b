"""The works of the graph as references a researcher can cite: authors in order, a formatted citation, and the
works behind a concept or a named query's answer.

A work's authors are its ``bibo:authorList`` (an ``rdf:List``, the first author
first) with each one's family and given names (``queries/bibliography/authors.rq``);
``lpskg:citedWithEtAl`` says the source names the first author only, so the
citation keeps the "et al." instead of claiming a complete list.  The paper
cites its works in its text only (the extracted text has no reference list), so
most have no title: the citation says so rather than invent one.

:func:`format_citation` is the one formatter: the publications list, the
BibTeX and RIS export (:mod:`lpskg.exchange.bibliography`) and the citation a
submitted publication stores all use it.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rdflib import URIRef

from ..store import Dataset, Store
from .asking import Asked
from .library import read_model

#: What a citation says of a work whose source gives no title.
NO_TITLE = "Title not in the source"


@dataclass(frozen=True)
class Author:
    """An author as the graph names it: family and given names where it has them, else its name or label."""

    iri: str
    family: str | None = None
    given: str | None = None
    name: str | None = None
    label: str | None = None

    @property
    def family_name(self) -> str:
        """The name an author-date citation uses: the family name, else the name or label as it stands."""
        return self.family or self.name or self.label or self.iri.rsplit("/", 1)[-1]

    @property
    def sorted_name(self) -> str:
        """``Family, G.`` with the initials of the given names, or the family name alone."""
        if not self.given:
            return self.family_name
        initials = " ".join(f"{part[0]}." for part in self.given.replace("-", " ").split() if part)
        return f"{self.family_name}, {initials}"


@dataclass(frozen=True)
class Work:
    """A work with what a reference to it is made of."""

    iri: str
    label: str
    authors: tuple[Author, ...]
    et_al: bool = False
    year: str | None = None
    title: str | None = None
    doi: str | None = None
    cited_as: str | None = None
    stated_citation: str | None = None   # the citation a submission gave, venue included
    article: bool = False

    @property
    def key(self) -> str:
        """A citation key: the last segment of the work's IRI (``brannick-coghlan-2007``)."""
        return self.iri.rstrip("/").rsplit("/", 1)[-1]

    @property
    def citation(self) -> str:
        """The citation shown: the one a submission stated, else one formatted from the graph."""
        return self.stated_citation or format_citation(self.authors, self.et_al, self.year, self.title, None,
                                                       self.doi)


def author_names(authors: Sequence[Author], et_al: bool = False) -> str:
    """``Brannick and Coghlan``, ``Nordmann, K., Berg, A. and Holm, L.``, ``Buer et al.``."""
    names = [a.sorted_name for a in authors]
    if et_al:
        return f"{names[0]} et al." if names else "et al."
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def format_citation(authors: Sequence[Author], et_al: bool, year: str | int | None, title: str | None,
                    venue: str | None = None, doi: str | None = None) -> str:
    """An author-date citation: ``Authors (Year). Title. Venue. https://doi.org/DOI``, saying what is missing."""
    parts = [f"{author_names(authors, et_al) or 'Anonymous'} ({year or 'n.d.'})"]
    parts.append(title.rstrip(".") if title else NO_TITLE)
    if venue:
        parts.append(venue.rstrip("."))
    if doi:
        parts.append(f"https://doi.org/{doi}")
    return ". ".join(parts) + "."


def works(store: Store, iris: Iterable[str], dataset: Dataset | None = None) -> list[Work]:
    """The works among ``iris`` (other resources are left out), with their authors in order, by label."""
    wanted = [URIRef(i) for i in dict.fromkeys(iris)]
    if not wanted:
        return []
    authors: dict[str, list[Author]] = defaultdict(list)
    for row in read_model("bibliography/authors").run(store, values=wanted, dataset=dataset):
        text = {k: str(v) for k, v in row.items()}
        authors[text["work"]].append(Author(text["author"], text.get("family"), text.get("given"), text.get("name"),
                                            text.get("label")))
    found = []
    for row in read_model("bibliography/works").run(store, values=wanted, dataset=dataset):
        text = {k: str(v) for k, v in row.items()}
        iri = text["work"]
        found.append(Work(iri, text.get("label", iri), tuple(authors.get(iri, ())), row.get("etAl") is not None
                          and row["etAl"].toPython() is True, text.get("year"), text.get("title"), text.get("doi"),
                          text.get("citedAs"), text.get("citation"), row["article"].toPython() is True))
    return sorted(found, key=lambda w: (w.label.casefold(), w.iri))


def works_behind(store: Store, resources: Iterable[str], dataset: Dataset | None = None) -> list[str]:
    """The works behind ``resources``: each that is a work, the works linked to one, the works cited for one
    (``queries/bibliography/works-behind.rq``)."""
    wanted = [URIRef(i) for i in dict.fromkeys(resources)]
    if not wanted:
        return []
    rows = read_model("bibliography/works-behind").run(store, values=wanted, dataset=dataset)
    return sorted({str(row["work"]) for row in rows})


def works_behind_answer(store: Store, asked: Asked, dataset: Dataset | None = None) -> list[str]:
    """The works behind a named query's answer: behind every resource its rows show."""
    rows = asked.query.run(store, asked.bindings, dataset=dataset)
    return works_behind(store, sorted({str(v) for row in rows for v in row.values() if isinstance(v, URIRef)}),
                        dataset)
