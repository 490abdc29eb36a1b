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

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process, utils
from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..knowledge.graphs import Change, Graphs
from ..knowledge.library import read_model
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

FUZZY_THRESHOLD = 90.0
FUZZY_MARGIN = 5.0
CANDIDATES = 5


#: Words that join the meaningful words of a label: a pole separator ("vs.") or a connective.  They
#: are left out of fuzzy scores, where a shared "vs." would otherwise make any two tensions look alike.
CONNECTIVES = frozenset({"vs", "v", "versus", "and", "or", "of", "the", "a", "an", "on", "in", "to", "for",
                         "with", "between", "by", "as"})


@lru_cache(maxsize=1 << 16)
def meaningful_words(label: str) -> str:
    """The label as fuzzy matching compares it: lower case, punctuation out, connectives out.

    A label made only of connectives keeps them, so that it still has something to compare."""
    words = utils.default_process(label).split()
    kept = [word for word in words if word not in CONNECTIVES]
    return " ".join(kept or words)


def normalise(label: str) -> str:
    """Case-, width- and spacing-insensitive form of a label, for exact matching."""
    return " ".join(unicodedata.normalize("NFKC", label).casefold().split())


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
        # The whole-label scores decide; WRatio (several times dearer: 8-14 ms over the
        # 2,000 concepts of a 1M-triple graph) only ranks what an error shows.
        whole = self._whole_label_scores(ref.label, self._choices_for(allowed))
        if whole and max(whole.values()) >= FUZZY_THRESHOLD:
            score = max(whole.values())
            close = [iri for iri, s in whole.items() if score - s < FUZZY_MARGIN]
            if len(close) == 1:
                best = self.concepts[close[0]]
                return Link(ref.field, ref.label, best.iri, "fuzzy", score, best.label, best.kind_for(allowed))
        ranked = self.nearest(ref.label, allowed)
        by_whole = sorted(((c, w) for c, _, w in ranked if w), key=lambda x: -x[1])
        if by_whole and by_whole[0][1] >= FUZZY_THRESHOLD:
            best, score = by_whole[0]
            close = [(c, s) for c, s in by_whole if score - s < FUZZY_MARGIN]
            return FieldError(ref.field, f"ambiguous {wanted} label {ref.label!r}: "
                                         f"{len(close)} concepts match about equally well", line,
                              tuple(self._candidate(c, s, allowed) for c, s in close))
        return FieldError(ref.field, f"unknown {wanted} label {ref.label!r} (mark it `new: true` "
                                     "with a kind and definition to add it)", line,
                          tuple(self._candidate(c, s, allowed) for c, s, _ in ranked[:CANDIDATES]))

    def nearest(self, label: str, allowed: Iterable[str]) -> list[tuple[Concept, float, float]]:
        """Concepts of the allowed kinds by similarity, best first: (concept, WRatio, whole-label score).

        WRatio ranks the nearest concepts to show, but it scores a label contained in
        another as 90 ("lean" in "quantum lean"), so a link is only made on the
        whole-label score: the better of plain and token-sorted similarity.
        """
        choices = self._choices_for(allowed)
        if not choices:
            return []
        near = process.extract(meaningful_words(label), [meaningful_words(c[0]) for c in choices],
                               scorer=fuzz.WRatio, processor=None, limit=CANDIDATES * 3)
        best: dict[URIRef, list[float]] = {}
        for _, score, position in near:
            pair = best.setdefault(choices[position][1], [0.0, 0.0])
            pair[0] = max(pair[0], score)
        for iri, score in self._whole_label_scores(label, choices).items():
            best.setdefault(iri, [0.0, 0.0])[1] = score
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], -item[1][1], self.concepts[item[0]].label))
        return [(self.concepts[iri], near_score, whole_score) for iri, (near_score, whole_score) in ranked]

    def _choices_for(self, allowed: Iterable[str]) -> list[tuple[str, URIRef]]:
        """(label, concept) of every label of the concepts of the allowed kinds."""
        return [choice for kind in allowed for choice in self._choices.get(kind, ())]

    @staticmethod
    def _whole_label_scores(label: str, choices: list[tuple[str, URIRef]]) -> dict[URIRef, float]:
        """Concepts whose label is near ``label`` as a whole: the better of plain and
        token-sorted similarity, kept from FUZZY_THRESHOLD - FUZZY_MARGIN up."""
        texts = [meaningful_words(c[0]) for c in choices]
        scores: dict[URIRef, float] = {}
        for scorer in (fuzz.ratio, fuzz.token_sort_ratio):
            for _, score, position in process.extract(meaningful_words(label), texts, scorer=scorer, processor=None,
                                                      limit=None, score_cutoff=FUZZY_THRESHOLD - FUZZY_MARGIN):
                iri = choices[position][1]
                scores[iri] = max(scores.get(iri, 0.0), score)
        return scores

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
    return graphs.derived("concept-index", lambda: ConceptIndex.from_store(graphs.store), _with_added)


def _with_added(index: ConceptIndex, change: Change) -> ConceptIndex | None:
    """The index extended by the concepts of the graphs a write added; None after any other write."""
    if change.added is None:
        return None
    return index.overlay([(s, cls, str(label), predicate == RDFS.label)
                          for s, cls in change.added.subject_objects(RDF.type)
                          if cls in CLASS_KINDS and isinstance(s, URIRef)
                          for predicate in (RDFS.label, SKOS.altLabel) for label in change.added.objects(s, predicate)])
