"""Finding resources by what people call them: a label, an alternative label, an OCR slip of a name, a typo.

The search box of every page and the named-query parameters that take a
resource both read the same index of names (``queries/lookup/names.rq``: each
resource's labels, and the names it goes by through another resource, such as
a case named after its organisation; ``queries/lookup/kinds.rq``: what each
resource is) and match a typed name with the one scoring of
:mod:`lpskg.knowledge.matching`, which case intake uses too:

* a **search** lists the resources with a name equal to the text, starting with
  it, containing it, or near it (a slip in a word, "myopa"), the things of the
  domain before the ontology's terms and before the records behind them (stated
  links, passages, citations);
* a **label given for a parameter** names one resource of the parameter's kind:
  an exact name first, else the one name near enough to be a slip (90 or more,
  no other within 5 points); otherwise the error lists the nearest candidates.

The index is built with two queries and kept until the next write
(:meth:`lpskg.knowledge.graphs.Graphs.derived`).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import NoReturn

from rdflib.namespace import RDFS

from ..store import Dataset, Store
from .graphs import Graphs
from .library import NamedQueryError, prefixed_name, read_model
from .matching import LINKED, LabelMatcher, normalise

#: The shortest text searched: one letter matches most of the graph.
MIN_SEARCH = 2
#: How many matches a search lists unless asked for another number, and the most it lists.
SEARCH_LIMIT, MAX_SEARCH_LIMIT = 20, 100
#: A name near enough to be a slip (LINKED) resolves a parameter when no other resource comes this near it.
MARGIN = 5.0
#: How many candidates an unresolved label is answered with.
CANDIDATES = 6
#: The class of every resource: a parameter of this kind takes any resource.
ANY_KIND = str(RDFS.Resource)
#: How a name matched a search, best first.
EXACT, PREFIX, CONTAINS, NEAR = range(4)


@dataclass(frozen=True)
class Named:
    """A resource of the index: its label, its kind's name, its classes and its standing (0 things, 1 terms,
    2 records) in a list of matches."""

    iri: str
    label: str
    kind: str
    classes: frozenset[str]
    standing: int


@dataclass(frozen=True)
class LabelMatch:
    """A resource found by a search: its IRI, label, the name that matched, its kind, and how it matched."""

    iri: str
    label: str
    matched: str
    kind: str
    exact: bool
    how: str = "exact"
    score: float = 100.0


@dataclass(frozen=True)
class Found:
    """The matches of a search, best first, cut at the limit asked for; ``total`` is how many there are."""

    matches: list[LabelMatch]
    total: int

    @property
    def truncated(self) -> bool:
        return self.total > len(self.matches)


@dataclass(frozen=True)
class Resolution:
    """What a value given for an IRI parameter resolved to: how (``iri``, ``exact`` or ``fuzzy``) and how
    near (100 for exact), the resource's label, and whether it is of the parameter's kind."""

    parameter: str
    given: str
    iri: str
    label: str
    match: str
    score: float
    of_kind: bool = True

    def as_json(self) -> dict:
        return {"parameter": self.parameter, "given": self.given, "iri": self.iri, "label": self.label,
                "match": self.match, "score": round(self.score, 1), "ofKind": self.of_kind}

    def describe(self) -> str:
        """One line: ``case = 'Scania' → Scania case <…/case/scania> (exact)``."""
        how = "exact" if self.match == "exact" else f"near, {self.score:.0f}" if self.match == "fuzzy" else "IRI"
        return f"{self.parameter} = {self.given!r} → {self.label} <{self.iri}> ({how})"


class NotFound(NamedQueryError):
    """A label names no resource of the kind asked for, or several; ``candidates`` are the nearest."""

    def __init__(self, message: str, candidates: list[dict], parameter: str) -> None:
        super().__init__(message)
        self.candidates = candidates
        self.parameter = parameter


@dataclass
class LabelIndex:
    """Every resource's names, found by a typed name (see the module)."""

    resources: dict[str, Named]
    names: list[tuple[str, str, bool]]   # (name, iri, own)
    _matchers: dict[str | None, LabelMatcher[str]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def from_store(cls, store: Store, dataset: Dataset | None = None) -> "LabelIndex":
        resources = {}
        for row in read_model("lookup/kinds").run(store, dataset=dataset):
            classes = frozenset(str(row.get("classes", "")).split())
            # a class without a label (owl:Class) is named by its prefixed name
            kind = str(row["kind"]) if "kind" in row else ", ".join(sorted(map(prefixed_name, classes)))
            resources[str(row["iri"])] = Named(str(row["iri"]), str(row["label"]), kind, classes, int(row["standing"]))
        names = [(str(r["name"]), str(r["iri"]), r["own"].toPython() is True)
                 for r in read_model("lookup/names").run(store, dataset=dataset)]
        for _, iri, _ in names:   # a resource with alternative labels only is still found
            resources.setdefault(iri, Named(iri, next(n for n, i, own in names if i == iri), "", frozenset(), 0))
        return cls(resources, names)

    def of_kind(self, iri: str, kind: str | None) -> bool:
        """Whether the resource ``iri`` is an instance of ``kind`` (None or rdfs:Resource: any)."""
        return kind in (None, ANY_KIND) or kind in getattr(self.resources.get(iri), "classes", ())

    def _matcher(self, kind: str | None) -> LabelMatcher[str]:
        with self._lock:
            if kind not in self._matchers:
                self._matchers[kind] = LabelMatcher((name, iri) for name, iri, _ in self.names
                                                    if self.of_kind(iri, kind))
            return self._matchers[kind]

    # ------------------------------------------------------------------ searching

    def search(self, text: str, limit: int = SEARCH_LIMIT, kind: str | None = None) -> Found:
        """The resources (of ``kind``) with a name equal to ``text``, starting with it, containing it or near it."""
        typed = normalise(text)
        if len(typed) < MIN_SEARCH:
            return Found([], 0)
        best: dict[str, tuple[tuple, LabelMatch]] = {}

        def offer(iri: str, name: str, how: int, score: float) -> None:
            named = self.resources[iri]
            key = (named.standing, how, -score, len(name), named.label.casefold())
            if iri not in best or key < best[iri][0]:
                best[iri] = (key, LabelMatch(iri, named.label, name, named.kind, how == EXACT,
                                             ("exact", "prefix", "contains", "fuzzy")[how], score))
        for name, iri, _ in self.names:
            if not self.of_kind(iri, kind):
                continue
            folded = normalise(name)
            if typed in folded:
                offer(iri, name, EXACT if folded == typed else PREFIX if folded.startswith(typed) else CONTAINS, 100.0)
        for iri, name, near in self._matcher(kind).near(text):
            if near.score >= LINKED:
                offer(iri, name, NEAR, near.score)
        ranked = [match for _, match in sorted(best.values(), key=lambda item: item[0])]
        return Found(ranked[:limit], len(ranked))

    # ------------------------------------------------------------------ resolving a parameter

    def resolve(self, text: str, kind: str | None, parameter: str, what: str) -> Resolution:
        """The one resource of ``kind`` that ``text`` names: exactly, else as a slip (see the module).

        Raises :class:`NotFound` naming the nearest candidates when there is none or more than one.
        """
        typed = normalise(text)
        kinds = self.kind_words(kind)
        for own in (True, False):   # a resource's own names before the names it goes by
            exact = sorted({iri for name, iri, mine in self.names
                            if mine is own and normalise(name) == typed and self.of_kind(iri, kind)})
            if len(exact) == 1:
                return Resolution(parameter, text, exact[0], self.resources[exact[0]].label, "exact", 100.0)
            if exact:
                listed = [self._candidate(iri, 100.0) for iri in exact]
                raise NotFound(f"{what}: {text!r} names {len(exact)} {kinds}: {self._list(listed)}; "
                               "give the IRI or prefixed name of the one meant", listed, parameter)
        near = self._matcher(kind).near(text)
        if near and near[0][2].score >= LINKED and (len(near) == 1 or near[1][2].score < near[0][2].score - MARGIN):
            iri, _, nearness = near[0]
            return Resolution(parameter, text, iri, self.resources[iri].label, "fuzzy", nearness.score)
        candidates = [self._candidate(iri, n.score) for iri, _, n in near[:CANDIDATES] if n.score > 0]
        if candidates:
            self._refuse(f"{what}: no {kinds} is named {text!r}; the nearest: {self._list(candidates)}",
                         candidates, parameter)
        some = sorted((named for named in self.resources.values() if self.of_kind(named.iri, kind)),
                      key=lambda named: (named.standing, named.label.casefold()))
        listed = [self._candidate(named.iri, 0.0) for named in some[:CANDIDATES]]
        more = f" (and {len(some) - len(listed)} more)" if len(some) > len(listed) else ""
        self._refuse(f"{what}: no {kinds} is named {text!r} or anything near it"
                     + (f"; some of them: {self._list(listed)}{more}" if listed else ""), listed, parameter)

    @staticmethod
    def _refuse(message: str, candidates: list[dict], parameter: str) -> NoReturn:
        raise NotFound(message + "; give a label, a prefixed name such as paradox:learning, or an IRI", candidates,
                       parameter)

    def _candidate(self, iri: str, score: float) -> dict:
        named = self.resources[iri]
        return {"label": named.label, "iri": iri, "name": prefixed_name(iri), "kind": named.kind,
                "score": round(score, 1)}

    @staticmethod
    def _list(candidates: list[dict]) -> str:
        return "; ".join(f"{c['label']} ({c['name']}" + (f", {c['score']:g}" if 0 < c["score"] < 100 else "") + ")"
                         for c in candidates)

    def kind_words(self, kind: str | None) -> str:
        """What the message calls the resources of ``kind``: the class's label ('case'), or 'resource'."""
        if kind in (None, ANY_KIND):
            return "resource"
        named = self.resources.get(kind)
        return f"{named.label} ({prefixed_name(kind)})" if named else prefixed_name(kind)


def label_index(graphs: Graphs, dataset: Dataset | None = None) -> LabelIndex:
    """The index of names of the resources in ``dataset``, kept by the write path until the next write."""
    by_dataset: dict[Dataset | None, LabelIndex] = graphs.derived("label indexes", dict, lambda indexes, change: None)
    if dataset not in by_dataset:
        by_dataset[dataset] = LabelIndex.from_store(graphs.store, dataset)
    return by_dataset[dataset]
