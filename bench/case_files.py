"""What the benchmark's synthetic researchers write: case files and publication files, in today's format.

Every field a generated submission has is chosen and written here, and only
here, as the data of a YAML file in the format of ``docs/case-schema.json``;
``generate.py`` turns each file into RDF with the intake's own code
(``lpskg.contributions``), as ``lpskg case add`` and ``lpskg literature add``
would.  When the case format gains a field, this is the one place where the
generator learns to write it.

Concepts are named by their labels, as a researcher names them: a bare label
where it names one concept among those the field accepts, ``{label, kind}``
where it needs the kind to, so that every name links exactly (never
fuzzily).  Now and then a case declares a concept the graph lacks
(``new: true``): a technology, a practice, or a tension with its two new poles,
which later cases name by label.  Authors come from a shared pool (so that
they recur), and every in-text citation is distinct, since the intake takes a
publication whose citation the graph already has for the same work.
"""
from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Any

from rdflib import URIRef

from lpskg.contributions.linking import ANY_CONCEPT, ILLUSTRATABLE, ConceptIndex, Link
from lpskg.contributions.parsing import ConceptRef, citation_label

_WORDS = (
    "lean production system digital technology operators standard work kaizen improvement "
    "sensors data maintenance team board smart glasses takt flow pull push waste value stream "
    "automation learning exploration exploitation autonomy integration pilot roadmap specialists "
    "management tension paradox balance drift goals future current site line assembly quality "
    "problem solving coaching visual management network platform dashboard analytics"
).split()
_SEARCHED = ("competence", "trust", "pace")  # words the search-quotes query looks for
_FAMILY_NAMES = ("Berg Lund Holm Strand Dahl Ek Sund Nyberg Falk Vik Moreau Rossi Silva Novak Kowalski "
                 "Tanaka Sato Kim Chen Singh Patel Garcia Lopez Muller Schmidt Weber Jensen Larsen "
                 "Virtanen Korhonen Costa Santos Ferreira Bianchi Romano Dubois Martin Brown Wilson").split()
_GIVEN_NAMES = ("Anna Lars Kari Ole Ingrid Jonas Maria Erik Sofia Mikko Aino Paolo Giulia Jan Ewa Hiro "
                "Yuki Min Wei Priya Raj Lucia Pedro Lena Felix Clara Mads Freja Ana Rui Chiara Marc "
                "Elise Tom Grace Sam Nora Leo Ida Hugo").split()
_COMPANY_WORDS = ("Nordic Alpine Baltic Delta Orion Atlas Vega Polar Summit Granite Harbor Meridian "
                  "Pioneer Crest Aurora Falcon Titan Zenith Cobalt Sterling").split()
_COMPANY_KINDS = ("Components", "Trucks", "Machinery", "Pumps", "Castings", "Electronics", "Bearings",
                  "Hydraulics")
_INITIATIVES = ("top-down", "bottom-up")
_SEQUENCES = ("lean-first", "digital-first")
_VENUES = ("Journal of Synthetic Operations", "Synthetic Production Review", "Proceedings of the Benchmark "
           "Conference on Lean")
#: How often a case declares a new technology or a new practice; every how many cases a new tension (with two
#: new poles).
NEW_TECHNOLOGY, NEW_PRACTICE, NEW_TENSION_EVERY = 0.5, 0.3, 33
#: How often an evidence item reports a stance, a drift sign, an action taken.
STANCE, SIGN, ACTION = 0.25, 0.1, 0.1


def person_name(number: int) -> str:
    """Author ``number``'s name, ``Family, Given X. Y.``: distinct for every number below 1,028,000,
    so that two authors never share a name (the intake takes one name for one person)."""
    families, given = len(_FAMILY_NAMES), len(_GIVEN_NAMES)
    rest = number // (families * given)
    initials = f"{chr(65 + rest % 26)}. {chr(65 + rest // 26 % 26)}."
    return f"{_FAMILY_NAMES[number % families]}, {_GIVEN_NAMES[number // families % given]} {initials}"


class Submitters:
    """The researchers who submit cases and publications, from one random stream.

    ``index`` is the intake's concept index at the time of the next file (the
    generator hands over the extended one after every case); ``citations`` the
    in-text citations and DOIs the graph already has (lower case), which the
    new ones must not repeat; ``cited`` the keys of the works a publication may cite.
    """

    def __init__(self, seed: int, index: ConceptIndex, citations: Iterable[str], cited: Iterable[str]) -> None:
        self.rng = random.Random(seed)
        self.index = index
        self.citations = {key.lower() for key in citations}
        self.cited = list(cited)  # one entry per citation received, plus one per work: preferential attachment
        self.persons = 0  # authors named so far; author n is person_name(n)
        self._refs: dict[tuple[URIRef, str], Any] = {}
        self.pools = {kind: self._pool(kind) for kind in
                      ("tension", "pole", "archetype", "strategy", "stakeholder", "technology", "practice",
                       "paradox", "role", "horizon", "sign")}

    # -- names of concepts ----------------------------------------------------------------

    def _pool(self, kind: str) -> list[URIRef]:
        """The concepts of ``kind`` that a field of that kind can name."""
        return sorted(iri for iri, concept in self.index.concepts.items()
                      if kind in concept.kinds and self.ref(iri, kind, (kind,)) is not None)

    def ref(self, iri: URIRef, kind: str, allowed: tuple[str, ...] = ILLUSTRATABLE) -> Any:
        """How a researcher names concept ``iri`` in a field that accepts ``allowed``: its label when that
        names it alone, else ``{label, kind}``; None if neither does (it is then not named)."""
        key = (iri, ",".join(allowed))
        if key not in self._refs:
            label = self.index.concepts[iri].label
            self._refs[key] = None
            for form, ref, kinds in ((label, ConceptRef((), label), allowed),
                                     ({"label": label, "kind": kind}, ConceptRef((), label, kind), (kind,))):
                if kind in kinds:
                    found = self.index.resolve(ref, kinds)
                    if isinstance(found, Link) and found.iri == iri:
                        self._refs[key] = form
                        break
        return self._refs[key]

    def pick(self, kind: str, allowed: tuple[str, ...] | None = None, count: int = 1) -> list[Any]:
        """``count`` distinct concepts of ``kind``, named for a field accepting ``allowed`` (default: the kind)."""
        pool = self.pools[kind]
        chosen = self.rng.sample(pool, min(count, len(pool)))
        names = [self.ref(iri, kind, allowed or (kind,)) for iri in chosen]
        return [name for name in names if name is not None]

    def any_concept(self) -> Any:
        kind = self.rng.choice(("tension", "tension", "archetype", "pole", "strategy", "practice",
                                "technology", "stakeholder", "paradox"))
        return self.pick(kind, ILLUSTRATABLE)[0] if self.pools[kind] else None

    def learn(self, index: ConceptIndex, kinds: dict[URIRef, str]) -> None:
        """The index after a case was stored, and the concepts it added (IRI -> kind), which later files name."""
        self.index = index
        for iri, kind in kinds.items():
            if kind in self.pools and self.ref(iri, kind, (kind,)) is not None:
                self.pools[kind].append(iri)

    # -- text and people ------------------------------------------------------------------

    def sentence(self, words: int) -> str:
        rng = self.rng
        text = " ".join(rng.choice(_WORDS) for _ in range(words))
        if rng.random() < 0.08:
            text += f" and {rng.choice(_SEARCHED)}"
        return text[0].upper() + text[1:] + "."

    def authors(self, low: int, high: int) -> list[str]:
        """``low``-``high`` authors: an established author (often) or a new one (sometimes)."""
        rng, numbers = self.rng, []
        for _ in range(rng.randint(low, high)):
            if self.persons and rng.random() < 0.6:
                number = rng.randrange(self.persons)
            else:
                number = self.persons
                self.persons += 1
            if number not in numbers:
                numbers.append(number)
        return [person_name(n) for n in numbers]

    def cited_as(self, authors: list[str], year: int) -> str:
        """A distinct in-text citation: ``Berg et al., 2012``, then ``2012a``, ``2012b`` ... when taken."""
        base = citation_label([a.split(",")[0] for a in authors], year)
        text, n = base, 0
        while text.lower() in self.citations:
            n += 1
            text = base + _letters(n)
        self.citations.add(text.lower())
        return text

    # -- the files ------------------------------------------------------------------------

    def case(self, number: int) -> dict[str, Any]:
        """The case file of submitted case ``number``."""
        rng = self.rng
        slug = f"syn-c{number:05d}"
        company = f"{rng.choice(_COMPANY_WORDS)} {rng.choice(_COMPANY_KINDS)} {number}"
        authors = self.authors(1, 3)
        year = rng.randint(2000, 2025)
        cited_as = self.cited_as(authors, year)
        title = self.sentence(6).rstrip(".")
        doi = f"10.5555/lpskg.case.{number}"
        self.citations.add(doi)
        self.cited.append(doi)
        technologies = self.pick("technology", count=rng.randint(2, 5))
        if rng.random() < NEW_TECHNOLOGY:
            technologies.append(self._new("technology", f"{rng.choice(_WORDS)} {rng.choice(_WORDS)} system of "
                                                        f"{company}", company))
        # what the case's evidence illustrates: the tensions, archetypes, strategies, stakeholders and
        # practices the case shows, spread over the items, plus what each item adds
        shown = (self.pick("tension", ILLUSTRATABLE, rng.randint(2, 6))
                 + self.pick("archetype", ILLUSTRATABLE, rng.randint(1, 2))
                 + self.pick("strategy", ILLUSTRATABLE, rng.randint(1, 3))
                 + self.pick("stakeholder", ILLUSTRATABLE, rng.randint(2, 4))
                 + self.pick("practice", ILLUSTRATABLE, rng.randint(1, 4)))
        if rng.random() < NEW_PRACTICE:
            shown.append(self._new("practice", f"{rng.choice(_WORDS)} routine of {company}", company))
        if number % NEW_TENSION_EVERY == 3:  # the third case has one: a small graph has one too
            shown.append(self._new_tension(company))
        items = [self.evidence("quote") for _ in range(rng.randint(5, 12))]
        items += [self.evidence("observation") for _ in range(rng.randint(1, 3))]
        for k, concept in enumerate(shown):
            _add_once(items[k % len(items)]["illustrates"], concept)
        return {
            "id": slug,
            "label": f"{company} case",
            "description": f"The integration of digital technologies into the lean-based production system of "
                           f"{company}.",
            "organisation": company if rng.random() < 0.5 else {
                "name": company, "description": f"A manufacturer of {company.split()[1].lower()}."},
            "study": {"citation": f"{'; '.join(authors)} ({year}), \"{title}\", {rng.choice(_VENUES)}.",
                      "title": title, "authors": authors, "year": year, "doi": doi, "cited_as": cited_as},
            "passage": {"locator": "Section 3", "excerpt": self.sentence(12)},
            "approach": {"initiative": rng.choice(_INITIATIVES), "sequence": rng.choice(_SEQUENCES)},
            "lean_experience_years": rng.randint(1, 30),
            "technologies": technologies,
            "evidence": items,
        }

    def evidence(self, kind: str) -> dict[str, Any]:
        """A quote (the respondent's words, with the role) or an observation (the researchers' account)."""
        rng = self.rng
        item: dict[str, Any] = {"kind": kind, "text": self.sentence(rng.randint(8, 30))}
        if kind == "quote":
            item["role"] = self.pick("role")[0]
        item["illustrates"] = []
        for _ in range(rng.randint(1, 2)):
            _add_once(item["illustrates"], self.any_concept())
        passage: dict[str, Any] = {"locator": f"Section 4.{rng.randint(1, 4)}"}
        if rng.random() < 0.3:
            passage["excerpt"] = self.sentence(rng.randint(10, 20))
        item["passage"] = passage
        if kind == "quote" and rng.random() < STANCE:
            stance: dict[str, Any] = {"stakeholder": self.pick("stakeholder")[0]}
            stance["favours" if rng.random() < 0.6 else "disregards"] = self.pick("pole")[0]
            if rng.random() < 0.5:
                stance["horizon"] = self.pick("horizon")[0]
            item["stances"] = [stance]
        if rng.random() < SIGN:
            item["signs"] = self.pick("sign")
        if rng.random() < ACTION:
            action: dict[str, Any] = {"action": self.pick("strategy")[0]}
            if rng.random() < 0.5:
                action["practice"] = self.pick("practice")[0]
            action["effect"] = self.sentence(10)
            item["actions"] = [action]
        return item

    def _new(self, kind: str, label: str, company: str) -> dict[str, Any]:
        return {"label": label, "new": True, "kind": kind,
                "definition": f"{label[0].upper()}{label[1:]}, first reported at {company}."}

    def _new_tension(self, company: str) -> dict[str, Any]:
        rng = self.rng
        tension = self._new("tension", f"{rng.choice(_WORDS)} vs. {rng.choice(_WORDS)} at {company}", company)
        tension["paradox"] = self.index.concepts[rng.choice(self.pools["paradox"])].label
        tension["poles"] = [self._new("pole", f"{rng.choice(_WORDS)} side {side} at {company}", company)
                            for side in ("a", "b")]
        return tension

    def publication(self, number: int) -> dict[str, Any]:
        """The publication file of submitted publication ``number``."""
        rng = self.rng
        slug = f"syn-w{number:06d}"
        year = rng.randint(1990, 2025)
        authors = self.authors(1, 4)
        doi = f"10.5555/lpskg.{number}"
        cites = list(dict.fromkeys(rng.choice(self.cited) for _ in range(rng.randint(0, 12))))
        self.cited.extend(cites)
        data: dict[str, Any] = {
            "id": slug, "type": "article", "title": self.sentence(8).rstrip("."), "authors": authors,
            "year": year, "doi": doi, "venue": rng.choice(_VENUES), "cited_as": self.cited_as(authors, year),
        }
        supports = [c for c in (self.any_label() for _ in range(rng.randint(0, 3))) if c]
        if supports:
            data["supports"] = list(dict.fromkeys(supports))
        if rng.random() < 0.2 and (challenged := self.any_label()):
            data["challenges"] = [challenged]
        if cites:
            data["cites"] = cites
        self.citations.add(doi)
        self.cited.append(doi)
        return data

    def any_label(self) -> str | None:
        """A concept named by its bare label (what a publication's supports and challenges take)."""
        kind = self.rng.choice(("tension", "tension", "archetype", "pole", "strategy", "practice",
                                "technology", "stakeholder", "paradox"))
        if not self.pools[kind]:
            return None
        iri = self.rng.choice(self.pools[kind])
        name = self.ref(iri, kind, ANY_CONCEPT)
        return name if isinstance(name, str) else None


def _add_once(names: list[Any], name: Any) -> None:
    """Add a concept's name to a list of names unless it is there already (or None)."""
    if name is not None and name not in names:
        names.append(name)


def _letters(n: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa: the suffix that tells apart works of the same authors and year."""
    text = ""
    while n:
        n, rest = divmod(n - 1, 26)
        text = chr(97 + rest) + text
    return text
