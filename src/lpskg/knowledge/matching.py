"""How near a typed name is to a label: the one scoring that case intake, named-query parameters and the
search box share.

People type a concept's name with slips ("Doga", "myopa", "Technical Monument"), in another order
("exploration vs exploitation") or in other words ("quantum lean").  Similarity of whole strings
scores these the wrong way round: "Doga" is 89 against "Dogma", while "quantum lean" is 90 against
"Lean production", because "lean" is inside it.  So a label is compared word by word:

* only the meaningful words count: connectives and the pole separator ("vs.", "of", "and") are left out;
* the order of the words does not count;
* a word typed with a slip is a word of the label within a small edit distance (optimal string
  alignment, so that a transposition is one edit): none in a word of up to four letters, where one
  letter makes another word ("lean", "clean"), one up to six, two up to eleven, three in longer ones
  (British and American spellings, plurals);
* a word that shares its stem with a label's word (the first five letters or more: "empowerment",
  "empowering") is a relative, not a slip: its other letters count as unmatched;
* a word of either side that matches no word of the other is a difference in meaning, not a slip;
* a negation ("no", "not", "without") on one side only makes the opposite: never linked.

The score is ``100 - 10 × slips per matched word - 100 × unmatched letters / all letters``: 100 for
the same words, 90 for a slip in every word, and low for phrases that share a word and little else.
A name is linked to a label only at 90 or more (:data:`LINKED`), so a relative or a phrase that only
shares words is suggested, never linked.
"""
from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from rapidfuzz import process
from rapidfuzz.distance import OSA

K = TypeVar("K", bound=Hashable)

#: Words that join the meaningful words of a label: a pole separator ("vs.") or a connective.
CONNECTIVES = frozenset({"vs", "v", "versus", "and", "or", "of", "the", "a", "an", "on", "in", "to", "for",
                         "with", "between", "by", "as"})
#: Words that turn a label into its opposite ("no sense of pull"): one side having one that the other lacks is
#: never a slip, however short the word.
NEGATIONS = frozenset({"no", "not", "non", "without", "never", "lack", "lacking", "absence", "absent"})
#: What a negation on one side only costs: enough that the name is never linked to its opposite.
NEGATION_COST = 50.0
#: What one slip per matched word costs.
EDIT_COST = 10.0
#: The score from which a typed name is the label it is near (a slip in each word at most, no word unmatched).
LINKED = 90.0
#: The shortest common beginning that makes two words relatives ("empower-ment", "empower-ing").
STEM = 5


def normalise(label: str) -> str:
    """Case-, width- and spacing-insensitive form of a label, for exact matching."""
    return " ".join(unicodedata.normalize("NFKC", label).casefold().split())


@lru_cache(maxsize=1 << 16)
def words(label: str) -> tuple[str, ...]:
    """The meaningful words of a label: lower case, letters and digits only, connectives left out
    (a label made only of connectives keeps them, so that it still has something to compare)."""
    text = "".join(ch if ch.isalnum() else " " for ch in normalise(label))
    every = tuple(text.split())
    kept = tuple(word for word in every if word not in CONNECTIVES)
    return kept or every


def slips_allowed(word: str) -> int:
    """How many edits a word of a label may be typed with and still be that word."""
    return 0 if len(word) <= 4 else 1 if len(word) <= 6 else 2 if len(word) <= 11 else 3


def _stem(a: str, b: str) -> int:
    """The length of the common beginning of two words, if it makes them relatives; else 0."""
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    return common if common >= STEM else 0


@dataclass(frozen=True)
class Nearness:
    """How a typed name compares with a label: its score, the slips and the letters that matched nothing."""

    score: float
    edits: int
    unmatched: int

    @property
    def same_words(self) -> bool:
        return self.edits == 0 and self.unmatched == 0


@lru_cache(maxsize=1 << 16)
def nearness(typed: str, label: str) -> Nearness:
    """How near ``typed`` is to ``label`` (see the module's description)."""
    mine, theirs = words(typed), words(label)
    pairs = sorted((OSA.distance(a, b), i, j) for i, a in enumerate(mine) for j, b in enumerate(theirs)
                   if abs(len(a) - len(b)) <= slips_allowed(b))
    used_mine: set[int] = set()
    used_theirs: set[int] = set()
    edits = 0
    for distance, i, j in pairs:
        if i in used_mine or j in used_theirs or distance > slips_allowed(theirs[j]):
            continue
        used_mine.add(i)
        used_theirs.add(j)
        edits += distance
    matched, unmatched = len(used_mine), 0
    relatives = sorted(((-_stem(a, b), i, j) for i, a in enumerate(mine) if i not in used_mine
                        for j, b in enumerate(theirs) if j not in used_theirs and _stem(a, b)))
    for minus_stem, i, j in relatives:
        if i in used_mine or j in used_theirs:
            continue
        used_mine.add(i)
        used_theirs.add(j)
        unmatched += len(mine[i]) + len(theirs[j]) + 2 * minus_stem
    letters = sum(map(len, mine)) + sum(map(len, theirs))
    unmatched += (sum(len(w) for i, w in enumerate(mine) if i not in used_mine)
                  + sum(len(w) for j, w in enumerate(theirs) if j not in used_theirs))
    score = 100.0 - EDIT_COST * edits / max(matched, 1) - (100.0 * unmatched / letters if letters else 100.0)
    if (NEGATIONS & set(mine)) != (NEGATIONS & set(theirs)):
        score -= NEGATION_COST
    return Nearness(max(score, 0.0), edits, unmatched)


class LabelMatcher(Generic[K]):
    """Labels, each with what it names (``K``), found by a typed name: best first, by :func:`nearness`.

    Only labels with a word near a typed word (a slip, or a relative) are scored, found through an
    index of their words, so a look-up over the few thousand labels of a large graph stays cheap.
    """

    def __init__(self, labels: Iterable[tuple[str, K]]) -> None:
        self._labels = list(labels)
        self._by_word: dict[str, list[int]] = defaultdict(list)
        for number, (label, _) in enumerate(self._labels):
            for word in set(words(label)):
                self._by_word[word].append(number)
        self._vocabulary = list(self._by_word)
        self._by_stem: dict[str, list[str]] = defaultdict(list)
        for word in self._vocabulary:
            if len(word) >= STEM:
                self._by_stem[word[:STEM]].append(word)

    def near(self, typed: str) -> list[tuple[K, str, Nearness]]:
        """(what it names, label, nearness) of each label near ``typed``, best first, the best label of each."""
        found: set[int] = set()
        for word in words(typed):
            for near_word in self._near_words(word):
                found.update(self._by_word[near_word])
        scored: dict[K, tuple[str, Nearness]] = {}
        for number in found:
            label, key = self._labels[number]
            score = nearness(typed, label)
            if key not in scored or score.score > scored[key][1].score:
                scored[key] = (label, score)
        return sorted(((key, label, score) for key, (label, score) in scored.items()),
                      key=lambda item: (-item[2].score, item[1]))

    def _near_words(self, word: str) -> list[str]:
        """The words of the labels that ``word`` is, with a slip, or is a relative of."""
        near = [found for found, distance, _ in process.extract(word, self._vocabulary, scorer=OSA.distance,
                                                                score_cutoff=3, limit=None)
                if distance <= slips_allowed(found)]
        return near + (self._by_stem.get(word[:STEM], []) if len(word) >= STEM else [])
