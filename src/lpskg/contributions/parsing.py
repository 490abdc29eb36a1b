"""A submitted case or publication as Python data: what the file says, before it is linked.

The YAML (or JSON) is read with :mod:`~lpskg.contributions.reading`, checked
against the schema, and turned into these frozen records; concept names stay
labels (:class:`ConceptRef`) until :mod:`~lpskg.contributions.linking` resolves
them to IRIs.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from .errors import FieldError, SubmissionError
from .reading import Document, Path_, SourceFile, check_schema, field_name, load_yaml

# --------------------------------------------------------------------------- the model

def slugify(text: str, max_length: int = 48) -> str:
    """A readable IRI segment: ASCII lower-case words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "x"


@dataclass(frozen=True)
class ConceptRef:
    """A concept named in a submission: by label (to be linked), or new (to be minted)."""

    path: Path_
    label: str
    kind: str | None = None
    new: bool = False
    definition: str | None = None
    alt_labels: tuple[str, ...] = ()
    paradox: "ConceptRef | None" = None
    poles: tuple["ConceptRef", ...] = ()
    stakeholder: "ConceptRef | None" = None
    strategy_type: str | None = None

    @property
    def field(self) -> str:
        return field_name(self.path)

    def nested(self) -> Iterator["ConceptRef"]:
        """The concepts a new concept itself refers to (its paradox, poles, stakeholder)."""
        for ref in (self.paradox, *self.poles, self.stakeholder):
            if ref is not None:
                yield ref


def concept_ref(value: Any, path: Path_, kind: str | None = None) -> ConceptRef:
    """A ConceptRef from a schema-valid string or object; ``kind`` is what the field expects."""
    if isinstance(value, str):
        return ConceptRef(path, value.strip(), kind)
    sub = (lambda key, k: concept_ref(value[key], path + (key,), k) if key in value else None)
    return ConceptRef(
        path, value["label"].strip(), value.get("kind", kind), bool(value.get("new")),
        value.get("definition"), tuple(value.get("alt_labels", ())),
        sub("paradox", "paradox"),
        tuple(concept_ref(p, path + ("poles", i), "pole") for i, p in enumerate(value.get("poles", ()))),
        sub("stakeholder", "stakeholder"), value.get("strategy_type"))


#: An item of the same file: its key, or its 0-based position in ``evidence``.
ItemRef = str | int


@dataclass(frozen=True)
class Stance:
    """What an evidence item says a stakeholder (or a respondent role) does with the poles: favours, disregards,
    at which horizon, and how long that held (``one-off``, ``resolved``, ``recurring``, ``lasting``)."""

    path: Path_
    stakeholder: ConceptRef
    favours: ConceptRef | None
    disregards: ConceptRef | None
    horizon: ConceptRef | None
    duration: str | None = None
    resolved_by: ItemRef | None = None
    over: str | None = None

    def refs(self) -> Iterator[ConceptRef]:
        yield from (ref for ref in (self.stakeholder, self.favours, self.disregards, self.horizon) if ref)


@dataclass(frozen=True)
class ActionTaken:
    """A resolution strategy or re-contextualising action the case took, through which practice, with what
    effect (the submitter's words)."""

    path: Path_
    action: ConceptRef
    practice: ConceptRef | None
    effect: str | None
    status: str = "in place"
    outcome: str = "unknown"
    targets: tuple[ConceptRef, ...] = ()

    def refs(self) -> Iterator[ConceptRef]:
        yield from (ref for ref in (self.action, self.practice) if ref)
        yield from self.targets


@dataclass(frozen=True)
class Sighting:
    """A drift sign an item shows (or looked for and did not see), and the stakeholder it names, if any."""

    path: Path_
    sign: ConceptRef
    stakeholder: ConceptRef | None


@dataclass(frozen=True)
class Incentive:
    """How a stakeholder is measured, rewarded, targeted or budgeted, and the pole that rewards."""

    path: Path_
    applies_to: ConceptRef
    rewards: ConceptRef
    measure: str
    exclusive: bool
    text: str | None


@dataclass(frozen=True)
class When:
    """When an item holds: a partial date, or its place after another item, a lag, the source's words."""

    path: Path_
    date: str | None
    after: ItemRef | None
    lag: str | None
    phrase: str | None


@dataclass(frozen=True)
class EvidenceDetail:
    """The weighing fields of one evidence item; the defaults are what a file without them says."""

    key: str | None = None
    strength: str | None = None
    absence: bool = False
    when: When | None = None
    follows_from: tuple[ItemRef, ...] = ()
    sightings: tuple[Sighting, ...] = ()
    not_seen: tuple[Sighting, ...] = ()
    incentives: tuple[Incentive, ...] = ()

    def refs(self) -> Iterator[ConceptRef]:
        """The concept references these fields add, for the linker (the signs themselves are the item's)."""
        for sighting in self.sightings:
            yield from ([sighting.stakeholder] if sighting.stakeholder else [])
        for sighting in self.not_seen:
            yield sighting.sign
            yield from ([sighting.stakeholder] if sighting.stakeholder else [])
        for incentive in self.incentives:
            yield incentive.applies_to
            yield incentive.rewards


def parse_signs(values: Sequence[Any], path: Path_) -> tuple[tuple[ConceptRef, ...], tuple[Sighting, ...]]:
    """``signs`` as today's labels or ``{sign, stakeholder}``: the signs, and the sightings that name who shows them."""
    signs, sightings = [], []
    for j, value in enumerate(values):
        if isinstance(value, str):
            signs.append(concept_ref(value, path + (j,), "sign"))
            continue
        sign = concept_ref(value["sign"], path + (j, "sign"), "sign")
        signs.append(sign)
        if "stakeholder" in value:
            sightings.append(Sighting(path + (j,), sign, concept_ref(value["stakeholder"], path + (j, "stakeholder"))))
    return tuple(signs), tuple(sightings)


def parse_detail(item: Mapping[str, Any], path: Path_) -> tuple[tuple[ConceptRef, ...], EvidenceDetail]:
    """The item's signs and the weighing fields of a schema-valid evidence item."""
    signs, sightings = parse_signs(item.get("signs", ()), path + ("signs",))
    not_seen = []
    for j, value in enumerate(item.get("signs_not_seen", ())):
        where = path + ("signs_not_seen", j)
        if isinstance(value, str):
            not_seen.append(Sighting(where, concept_ref(value, where, "sign"), None))
        else:
            not_seen.append(Sighting(where, concept_ref(value["sign"], where + ("sign",), "sign"),
                                     concept_ref(value["stakeholder"], where + ("stakeholder",))
                                     if "stakeholder" in value else None))
    incentives = tuple(
        Incentive(path + ("incentives", k), concept_ref(x["applies_to"], path + ("incentives", k, "applies_to")),
                  concept_ref(x["rewards"], path + ("incentives", k, "rewards"), "pole"), x["measure"],
                  bool(x.get("exclusive", False)), _stripped(x.get("text")))
        for k, x in enumerate(item.get("incentives", ())))
    when = item.get("when")
    return signs, EvidenceDetail(
        item.get("key"), item.get("strength"), bool(item.get("absence", False)),
        When(path + ("when",), _text(when.get("date")), when.get("after"), when.get("lag"),
             _stripped(when.get("phrase"))) if when else None,
        tuple(item.get("follows_from", ())), sightings, tuple(not_seen), incentives)


def _text(value: Any) -> str | None:
    """A date as written: YAML reads ``2024-05-03`` as a date, the file means the text."""
    return None if value is None else str(value)


@dataclass(frozen=True)
class Evidence:
    """A quote or observation. ``excerpt`` is what the submitter copied verbatim from the passage, or None:
    neither the quote's nor the observation's text is ever taken for an excerpt of the study."""

    path: Path_
    kind: str
    text: str
    role: ConceptRef | None
    illustrates: tuple[ConceptRef, ...]
    locator: str
    document: str | None
    excerpt: str | None
    stances: tuple[Stance, ...] = ()
    signs: tuple[ConceptRef, ...] = ()
    actions: tuple[ActionTaken, ...] = ()
    memos: tuple[str, ...] = ()  # the researcher's notes on the item (a REFI-QDA memo): their words, never an excerpt
    detail: EvidenceDetail = EvidenceDetail()

    def refs(self) -> Iterator[ConceptRef]:
        """The concept references of the item, in the order of the file."""
        yield from ([self.role] if self.role else [])
        yield from self.illustrates
        for stance in self.stances:
            yield from stance.refs()
        yield from self.signs
        for action in self.actions:
            yield from action.refs()
        yield from self.detail.refs()


@dataclass(frozen=True)
class Study:
    citation: str
    authors: tuple[str, ...]
    year: int
    title: str | None = None
    doi: str | None = None
    cited_as: str | None = None


@dataclass(frozen=True)
class CaseSubmission:
    """A hand-written case file, schema-checked, with every field's line kept for error messages."""

    id: str
    label: str
    description: str
    organisation: str
    organisation_description: str | None
    study: Study
    locator: str | None
    excerpt: str | None
    initiative: str | None
    sequence: str | None
    lean_experience_years: int | None
    technologies: tuple[ConceptRef, ...]
    evidence: tuple[Evidence, ...]
    document: Document
    fieldwork: tuple[str | None, str | None] = (None, None)

    def concept_refs(self) -> Iterator[ConceptRef]:
        """Every concept reference of the file, outer ones first."""
        todo = list(self.technologies)
        for item in self.evidence:
            todo += list(item.refs())
        while todo:
            ref = todo.pop(0)
            yield ref
            todo.extend(ref.nested())


@dataclass(frozen=True)
class CaseFile:
    """What one submitted file holds: a YAML file one case, a coded REFI-QDA project one or more.

    ``unmapped`` lists, with their places, what the file holds that cannot become part of a case (a code of
    another codebook, a picture); ``submitter`` is who the file says made it (a project's coders), if anyone;
    ``places`` names the fields of a case translated from another format as its author knows them.
    """

    cases: tuple[CaseSubmission, ...]
    unmapped: tuple[FieldError, ...] = ()
    submitter: str | None = None
    places: Mapping[str, Mapping[str, str]] = dataclass_field(default_factory=dict)  # by case id: field -> place


def parse_case(source: SourceFile) -> CaseSubmission:
    """Read a YAML (or JSON) case file into the model; schema errors carry field and line."""
    return case_from_document(load_yaml(source), source.name)


def case_from_document(document: Document, name: str) -> CaseSubmission:
    """The case of a document in the shape of the case schema (a YAML file, or a case a coded project
    was translated into), checked against the schema; errors carry the field and its line."""
    if not isinstance(document.data, Mapping):
        raise SubmissionError("rejected", f"{name} must be a mapping of case fields "
                                          "(id, label, description, organisation, study, evidence)",
                              [document.error((), "expected a mapping at the top level")])
    check_schema(document, "case", name)
    data = document.data
    organisation = data["organisation"]
    org_name = organisation if isinstance(organisation, str) else organisation["name"]
    approach = data.get("approach", {})
    return CaseSubmission(
        id=data["id"], label=data["label"].strip(), description=data["description"].strip(),
        organisation=org_name.strip(),
        organisation_description=None if isinstance(organisation, str) else organisation.get("description"),
        study=Study(**{k: v.strip() if isinstance(v, str) else tuple(v) if isinstance(v, list) else v
                       for k, v in data["study"].items()}),
        locator=data.get("passage", {}).get("locator"),
        excerpt=_stripped(data.get("passage", {}).get("excerpt")),
        initiative=approach.get("initiative"), sequence=approach.get("sequence"),
        lean_experience_years=data.get("lean_experience_years"),
        technologies=tuple(concept_ref(t, ("technologies", i), "technology")
                           for i, t in enumerate(data.get("technologies", ()))),
        evidence=tuple(_evidence(item, ("evidence", i)) for i, item in enumerate(data["evidence"])),
        document=document,
        fieldwork=(_text(data.get("fieldwork", {}).get("from")), _text(data.get("fieldwork", {}).get("to"))),
    )


def _stripped(text: str | None) -> str | None:
    return text.strip() if text is not None else None


def _evidence(item: Mapping[str, Any], path: Path_) -> Evidence:
    def ref(value: Mapping[str, Any], key: str, where: Path_, kind: str) -> ConceptRef | None:
        return concept_ref(value[key], where + (key,), kind) if key in value else None

    stances = tuple(Stance(path + ("stances", i), concept_ref(s["stakeholder"], path + ("stances", i, "stakeholder")),
                           ref(s, "favours", path + ("stances", i), "pole"),
                           ref(s, "disregards", path + ("stances", i), "pole"),
                           ref(s, "horizon", path + ("stances", i), "horizon"),
                           s.get("duration"), s.get("resolved_by"), s.get("over"))
                    for i, s in enumerate(item.get("stances", ())))
    actions = tuple(ActionTaken(path + ("actions", i), concept_ref(a["action"], path + ("actions", i, "action"),
                                                                   "strategy"),
                                ref(a, "practice", path + ("actions", i), "practice"), _stripped(a.get("effect")),
                                a.get("status", "in place"), a.get("outcome", "unknown"),
                                tuple(concept_ref(x, path + ("actions", i, "targets", k))
                                      for k, x in enumerate(a.get("targets", ()))))
                    for i, a in enumerate(item.get("actions", ())))
    signs, detail = parse_detail(item, path)
    return Evidence(
        path, item["kind"], item["text"].strip(),
        ref(item, "role", path, "role"),
        tuple(concept_ref(c, path + ("illustrates", j)) for j, c in enumerate(item.get("illustrates", ()))),
        item["passage"]["locator"].strip(), item["passage"].get("document"),
        _stripped(item["passage"].get("excerpt")), stances, signs, actions, detail=detail)


def family_name(author: str) -> str:
    """The family name of ``Family, Given`` or ``Given Family``."""
    author = author.strip()
    return author.split(",")[0].strip() if "," in author else author.split()[-1]


def given_names(author: str) -> str:
    """The given names of ``Family, Given`` or ``Given Family`` ("" for a family name alone)."""
    author = author.strip()
    return author.split(",", 1)[1].strip() if "," in author else " ".join(author.split()[:-1])


def citation_label(families: list[str], year: int) -> str:
    """``Hansen, 2025``, ``Hansen and Berg, 2025`` or ``Hansen et al., 2025``."""
    if len(families) == 1:
        return f"{families[0]}, {year}"
    if len(families) == 2:
        return f"{families[0]} and {families[1]}, {year}"
    return f"{families[0]} et al., {year}"


def is_slug(text: str) -> bool:
    """True for an id a submission can have: lower-case letters, digits and single hyphens, at most 64."""
    return bool(text) and len(text) <= 64 and text == slugify(text, 64)
