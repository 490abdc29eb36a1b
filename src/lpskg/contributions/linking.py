"""Linking the labels of a submission to the concepts of the graph.

A researcher writes "Myopia" or "current goals vs. future goals", not IRIs.
Each label is resolved to one concept of the class the field expects: first
by an exact match on ``rdfs:label`` or ``skos:altLabel`` (ignoring case and
spacing), then by fuzzy matching (rapidfuzz WRatio) when one concept is
clearly the closest.  Anything else is an error that lists the nearest
concepts, so the author can correct the label instead of silently creating a
duplicate concept.  The index of labels is read from the store with one query
(``queries/intake/concept-labels.rq``) and kept until the next write through
the one write path (:class:`~lpskg.knowledge.graphs.Graphs`); a write that only
added new graphs extends it instead.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..knowledge.graphs import Change, Graphs
from ..knowledge.library import read_model
from ..knowledge.matching import LINKED, LabelMatcher, normalise
from ..namespaces import LPSKG, ORG
from ..store import Store
from .errors import FieldError
from .parsing import ConceptRef

#: The class each kind of concept name stands for.
KIND_CLASSES: dict[str, URIRef] = {
    "paradox": LPSKG.Paradox,
    "tension": LPSKG.Tension,
    "pole": LPSKG.Pole,
    "strategy": LPSKG.ResolutionStrategy,
    "archetype": LPSKG.ImbalanceArchetype,
    "stakeholder": LPSKG.Stakeholder,
    "role": LPSKG.RespondentRole,
    "technology": LPSKG.DigitalTechnology,
    "practice": LPSKG.Practice,
    "horizon": LPSKG.TimeHorizon,
    "sign": LPSKG.DriftSign,
    "organisation": ORG.Organization,
}
CLASS_KINDS = {cls: kind for kind, cls in KIND_CLASSES.items()}

#: What a concept without a stated kind may be, per field: evidence illustrates any framework concept.
ILLUSTRATABLE = ("paradox", "tension", "pole", "strategy", "archetype", "stakeholder", "practice", "technology")
ANY_CONCEPT = ILLUSTRATABLE + ("role",)

#: A label is linked when one concept is at least this near (see :mod:`lpskg.knowledge.matching`) and no other
#: comes within FUZZY_MARGIN of it; below, the nearest are named in the error.
FUZZY_THRESHOLD = LINKED
FUZZY_MARGIN = 5.0
CANDIDATES = 5


@dataclass(frozen=True)
class Concept:
    iri: URIRef
    label: str
    kinds: frozenset[str]

    def kind_for(self, allowed: Iterable[str]) -> str:
        """The kind this concept was matched as (the first allowed one it has)."""
        return next((k for k in allowed if k in self.kinds), sorted(self.kinds)[0])


@dataclass(frozen=True)
class Link:
    """How one label of the submission was resolved: ``exact``, ``fuzzy`` (with score) or ``new``."""

    field: str
    label: str
    iri: URIRef
    match: str
    score: float
    concept_label: str
    kind: str

    def as_json(self) -> dict[str, Any]:
        return {"field": self.field, "label": self.label, "iri": str(self.iri), "match": self.match,
                "score": round(self.score, 1), "concept": self.concept_label, "kind": self.kind}

    def render(self) -> str:
        how = f"fuzzy {self.score:.0f}" if self.match == "fuzzy" else self.match
        return f"{self.field}: {self.label!r} -> <{self.iri}> ({self.kind} {self.concept_label!r}, {how})"


class ConceptIndex:
    """Labels of the graph's concepts by kind, for exact and fuzzy lookup."""

    def __init__(self, rows: Iterable[tuple[URIRef, URIRef, str, bool]]) -> None:
        """``rows``: (concept, class, label, whether the label is its rdfs:label)."""
        self.concepts: dict[URIRef, Concept] = {}
        self._exact: dict[str, set[URIRef]] = defaultdict(set)
        self._choices: dict[str, list[tuple[str, URIRef]]] = defaultdict(list)
        self._matchers: dict[tuple[str, ...], LabelMatcher[URIRef]] = {}
        self._extend(rows)

    def _extend(self, rows: Iterable[tuple[URIRef, URIRef, str, bool]]) -> None:
        kinds: dict[URIRef, set[str]] = defaultdict(set)
        labels: dict[URIRef, list[str]] = defaultdict(list)
        for iri, cls, label, preferred in rows:
            kinds[iri].add(CLASS_KINDS[cls])
            if label not in labels[iri]:
                labels[iri].insert(0, label) if preferred else labels[iri].append(label)
        for iri, names in labels.items():
            self._add(iri, names, kinds[iri])

    @classmethod
    def from_store(cls, store: Store) -> "ConceptIndex":
        """One query over all graphs (cases included: their new concepts can be reused)."""
        rows = read_model("intake/concept-labels").run(store, values=list(KIND_CLASSES.values()))
        return cls((r["c"], r["type"], str(r["label"]), "preferred" in r)
                   for r in rows if isinstance(r["c"], URIRef))

    def _add(self, iri: URIRef, labels: list[str], kinds: Iterable[str]) -> None:
        self.concepts[iri] = Concept(iri, labels[0], frozenset(kinds))
        for label in labels:
            self._exact[normalise(label)].add(iri)
            for kind in kinds:
                self._choices[kind].append((label, iri))

    def overlay(self, rows: Iterable[tuple[URIRef, URIRef, str, bool]]) -> "ConceptIndex":
        """A copy that also knows more concepts, given as rows like the constructor's."""
        copy = ConceptIndex(())
        copy.concepts = dict(self.concepts)
        copy._exact = defaultdict(set, {k: set(v) for k, v in self._exact.items()})
        copy._choices = defaultdict(list, {k: list(v) for k, v in self._choices.items()})
        copy._extend(rows)
        copy._matchers = {}
        return copy

    def resolve(self, ref: ConceptRef, allowed: Iterable[str], line: int | None = None) -> Link | FieldError:
        """The link for ``ref`` among concepts of the ``allowed`` kinds, or an error naming the field."""
        allowed = tuple(allowed)
        wanted = f"{' or '.join(allowed)}" if len(allowed) <= 3 else "concept"
        exact = [self.concepts[i] for i in sorted(self._exact.get(normalise(ref.label), ()))
                 if self.concepts[i].kinds & set(allowed)]
        if len(exact) == 1:
            concept = exact[0]
            return Link(ref.field, ref.label, concept.iri, "exact", 100.0, concept.label,
                        concept.kind_for(allowed))
        if len(exact) > 1:
            return FieldError(ref.field, f"ambiguous {wanted} label {ref.label!r}: it names "
                                         f"{len(exact)} concepts; write the label of one of them "
                                         "(or add `kind:`)", line,
                              tuple(self._candidate(c, 100.0, allowed) for c in exact))
        near = self.nearest(ref.label, allowed)
        if near and near[0][1] >= FUZZY_THRESHOLD:
            best, score = near[0]
            close = [(c, s) for c, s in near if score - s < FUZZY_MARGIN]
            if len(close) == 1:
                return Link(ref.field, ref.label, best.iri, "fuzzy", score, best.label, best.kind_for(allowed))
            return FieldError(ref.field, f"ambiguous {wanted} label {ref.label!r}: "
                                         f"{len(close)} concepts match about equally well", line,
                              tuple(self._candidate(c, s, allowed) for c, s in close))
        return FieldError(ref.field, f"unknown {wanted} label {ref.label!r} (mark it `new: true` "
                                     "with a kind and definition to add it)", line,
                          tuple(self._candidate(c, s, allowed) for c, s in near[:CANDIDATES]))

    def nearest(self, label: str, allowed: Iterable[str]) -> list[tuple[Concept, float]]:
        """Concepts of the allowed kinds near ``label``, best first, with their score
        (:func:`lpskg.knowledge.matching.nearness`: slips in whole words, relatives, unmatched words)."""
        allowed = tuple(allowed)
        if allowed not in self._matchers:
            self._matchers[allowed] = LabelMatcher(
                [choice for kind in allowed for choice in self._choices.get(kind, ())])
        return [(self.concepts[iri], near.score) for iri, _, near in self._matchers[allowed].near(label)]

    def _candidate(self, concept: Concept, score: float, allowed: Iterable[str]) -> dict[str, Any]:
        return {"label": concept.label, "iri": str(concept.iri), "kind": concept.kind_for(allowed),
                "score": round(score, 1)}

    def find(self, label: str, kind: str) -> Concept | None:
        """The one concept of ``kind`` with exactly this label, if there is exactly one."""
        found = [self.concepts[i] for i in self._exact.get(normalise(label), ()) if kind in self.concepts[i].kinds]
        return found[0] if len(found) == 1 else None


# --------------------------------------------------------------------------- the cache

def concept_index(graphs: Graphs) -> ConceptIndex:
    """The store's concept index, built with one query and reused until a write changes the graph;
    a write that only added new graphs extends it with their concepts instead."""
    return graphs.derived("concept-index", lambda: ConceptIndex.from_store(graphs.store), with_added)


def with_added(index: ConceptIndex, change: Change) -> ConceptIndex | None:
    """The index extended by the concepts of the graphs a write added; None after any other write."""
    if change.added is None:
        return None
    return index.overlay([(s, cls, str(label), predicate == RDFS.label)
                          for s, cls in change.added.subject_objects(RDF.type)
                          if cls in CLASS_KINDS and isinstance(s, URIRef)
                          for predicate in (RDFS.label, SKOS.altLabel) for label in change.added.objects(s, predicate)])
