"""The paper's framework as a REFI-QDA codebook, and what coding with each of its codes says.

A researcher codes interviews in NVivo, ATLAS.ti, MAXQDA or QualCoder with the
codes of :func:`framework_codebook`; a coded project comes back, and each coding
must say one thing of the case file's evidence item, without guessing. So the
codebook is cut by *use*: a code group per field of an evidence item (what it
illustrates, who speaks, whose stance, which pole is favoured, which neglected,
at which horizon, which drift sign, which action was taken, through which
practice). Inside each group the concepts nest as the ontology nests them
(``queries/qda/framework-concepts.rq``); a concept of another kind that only
groups them (a tension above its poles in "favours a pole") is a header,
``isCodable="false"``, and so is each group.

The fields a researcher records to weigh an item (issue 21: how strong it is,
whether it is negative evidence, when it holds, how long a stance held, who shows
a drift sign, signs looked for and not seen, incentives, an action's status,
outcome and targets) have groups too. Where the case format offers a fixed set of
values (``strength: strong``, ``duration: recurring``), each is a code of the
ontology's individual, described by its definition; a flag (``absence``,
``exclusive``) is one code; an open value (``date: 2024-10``, ``over: P30W``) is a
code the researcher names under its group's header, which ships without codes.
Links between items (``follows from``, ``comes after``, ``resolved by``) are
REFI-QDA links between coded selections (:mod:`.importing`), not codes.

A code's GUID is derived from the concept's IRI and its use (UUID 5), so it is
the same in every release and every store, and a coded project maps back to the
graph by GUID. A code of another codebook is mapped by its name: a prefix such
as ``favours:`` or the group it sits in gives its use, and its label is linked
with the same exact and fuzzy rules as a case file's.
"""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from lxml import etree
from rdflib import URIRef

from ...contributions.linking import CLASS_KINDS, KIND_CLASSES
from ...knowledge.bundle import bundle_files
from ...knowledge.graphs import Change, Graphs
from ...knowledge.library import read_model
from ...namespaces import LPSKG
from ...store import Store
from .archive import CODEBOOK_NS, schema

#: The namespace of the codes' GUIDs (UUID 5 of the concept's IRI and the code's use).
GUID_NAMESPACE = uuid.UUID("6f1c1e4a-3d0b-5b8e-9a57-1c2d7e0a9b11")
GROUP_IRI = "https://w3id.org/lpskg/qda/group/"


@dataclass(frozen=True)
class Group:
    """A top-level code group: the use its codes have, the kinds of concept coded there, how to code it.

    ``values`` says what its codes are: ``concepts`` of ``kinds`` (nested as the ontology nests them),
    a ``choice`` among the members of the class ``term``, one ``flag`` (the property ``term``), or an
    ``open`` value the researcher writes after the prefix. ``once`` is where a value may be coded once only:
    per ``selection`` (one stance, one incentive), per ``item`` (the stretch of text), or anywhere (None)."""

    key: str
    name: str
    use: str
    kinds: tuple[str, ...]
    prefix: str
    color: str
    guidance: str
    values: str = "concepts"
    term: str | None = None
    once: str | None = None

    @property
    def flag_name(self) -> str:
        """The name of a flag group's one code: its prefix without the colon."""
        return self.prefix.rstrip(": ")


#: The code groups, in the order a researcher meets them. ``use`` is the evidence item's field a coding fills.
GROUPS: tuple[Group, ...] = (
    Group("paradoxes", "Paradoxes, tensions and poles", "illustrates", ("paradox", "tension", "pole"), "",
          "#1f77b4", "Code a passage with what it illustrates: a paradox, a tension or one of its poles."),
    Group("archetypes", "Imbalance archetypes", "illustrates", ("archetype",), "", "#d62728",
          "Code a passage with the imbalance archetype it illustrates."),
    Group("stakeholders", "Stakeholders", "illustrates", ("stakeholder",), "", "#2ca02c",
          "Code a passage with the stakeholder group (or part of one) it is about."),
    Group("strategies", "Resolution strategies and re-contextualising actions", "illustrates", ("strategy",), "",
          "#9467bd", "Code a passage with the strategy or re-contextualising action it illustrates; "
                     "to say the case took it, use the group 'Actions taken'."),
    Group("practices", "Practices", "illustrates", ("practice",), "", "#8c564b",
          "Code a passage with the practice it illustrates."),
    Group("technologies", "Digital technologies", "illustrates", ("technology",), "", "#17becf",
          "Code a passage with the digital technology it is about; code the case itself with the "
          "technologies it uses."),
    Group("roles", "Respondent roles: who speaks", "role", ("role",), "", "#7f7f7f",
          "Code a respondent's words with the speaker's role: the passage becomes a quote (without a role "
          "code, the researchers' account: an observation). A text source may also carry the role for all "
          "its passages, as the variable 'speaker role'."),
    Group("strength", "Strength of the evidence", "strength", (), "strength: ", "#393b79",
          "How much the passage shows, as you judge it (not rated: read as moderate). One per passage.",
          "choice", str(LPSKG.EvidenceStrength), "item"),
    Group("absence", "Negative evidence: looked for, not found", "absence", (), "absence: ", "#5254a3",
          "Code a passage that records something you looked for and did not find (a request never made); "
          "its stances and signs say what the absence shows.", "flag", str(LPSKG.isAbsence), "item"),
    Group("dates", "When: the date of a passage", "date", (), "date: ", "#6b6ecf",
          "Create a code 'date: YYYY', 'date: YYYY-MM' or 'date: YYYY-MM-DD' under this header for each date "
          "you need, and code the passage with when it holds. One per passage.", "open", None, "item"),
    Group("lags", "When: how long after the passage it comes after", "lag", (), "lag: ", "#9c9ede",
          "Create a code 'lag: P8M' (an ISO 8601 duration: P3W, P8M, P1Y) under this header: how long after "
          "the passage it comes after (a link 'comes after') this one holds. One per passage.", "open", None,
          "item"),
    Group("phrases", "When: the source's words", "phrase", (), "time phrase: ", "#b5cf6b",
          "Create a code 'time phrase: eight months later' under this header: the words of the source that "
          "place the passage in time. One per passage.", "open", None, "item"),
    Group("stance-of", "Stances: whose stance", "stance-of", ("stakeholder", "role"), "stance of: ", "#bcbd22",
          "With 'favours' or 'disregards' codes on the same passage: the stakeholder (or the respondent role, "
          "read as the group it is placed under) whose stance it is. Every stakeholder coded here holds every "
          "stance of the passage."),
    Group("favours", "Stances: favours a pole", "favours", ("pole",), "favours: ", "#ff7f0e",
          "The pole a stakeholder prioritises. One per coded passage: code the same text again for another stance.",
          once="selection"),
    Group("disregards", "Neglect: disregards a pole", "disregards", ("pole",), "disregards: ", "#e377c2",
          "The pole a stakeholder neglects or suppresses. One per coded passage.", once="selection"),
    Group("horizons", "Time horizons of the stances", "horizon", ("horizon",), "", "#aec7e8",
          "The time horizon the stakeholder of the passage's stances works at. One per coded passage.",
          once="selection"),
    Group("durations", "Stances: how long they held", "duration", (), "duration: ", "#8ca252",
          "How long the passage's stances held (not given: a single observation). A resolved stance may name "
          "the passage that resolved it with a link 'resolved by'. One per coded passage.", "choice",
          str(LPSKG.StanceDuration), "selection"),
    Group("over", "Stances: how long a recurring or lasting one was seen", "over", (), "over: ", "#cedb9c",
          "Create a code 'over: P30W' (an ISO 8601 duration) under this header: how long the passage's recurring "
          "or lasting stances were seen. One per coded passage.", "open", None, "selection"),
    Group("signs", "Drift signs", "sign", ("sign",), "", "#ff9896",
          "The signs of drift towards an imbalance archetype the passage shows."),
    Group("shown-by", "Drift signs: shown by", "shown-by", ("stakeholder", "role"), "shown by: ", "#8c6d31",
          "With 'Drift signs' codes on the same passage: the stakeholder (or respondent role) who shows them "
          "(without it, the stakeholder the sign's sentence names). One per coded passage: code the same text "
          "again for signs another stakeholder shows.", once="selection"),
    Group("not-seen", "Drift signs looked for and not seen", "not-seen", ("sign",), "not seen: ", "#bd9e39",
          "The drift signs you looked for in the scope the passage describes and explicitly did not see: "
          "evidence against the sign's archetype."),
    Group("not-seen-in", "Drift signs not seen: in whom", "not-seen-in", ("stakeholder", "role"), "not seen in: ",
          "#e7ba52", "With 'not seen' codes on the same passage: the stakeholder (or respondent role) in whom the "
                     "signs were looked for. One per coded passage.", once="selection"),
    Group("taken", "Actions taken", "taken", ("strategy",), "taken: ", "#c5b0d5",
          "The strategy or re-contextualising action the passage reports the case took; a memo on this coding "
          "is its effect, in your words."),
    Group("through", "Actions taken through a practice", "through", ("practice",), "through: ", "#c49c94",
          "The practice the actions of the passage were taken through. One per coded passage.", once="selection"),
    Group("statuses", "Actions: status", "status", (), "status: ", "#843c39",
          "Whether the passage's actions are running (not given: in place). One per coded passage.", "choice",
          str(LPSKG.ActionStatus), "selection"),
    Group("outcomes", "Actions: outcome", "outcome", (), "outcome: ", "#ad494a",
          "Whether the passage's actions rebalanced the poles (not given: unknown); effective and partial need "
          "the effect, a memo on the 'taken' coding. One per coded passage.", "choice", str(LPSKG.ActionResult),
          "selection"),
    Group("against", "Actions: taken against", "against", ("archetype", "tension", "pole"), "against: ",
          "#d6616b", "What the case took the passage's actions against (not given: what the paper says the "
                     "strategy counteracts)."),
    Group("incentive-for", "Incentives: whom they apply to", "incentive-for", ("stakeholder", "role"),
          "incentive for: ", "#7b4173", "The stakeholder (or respondent role) a measure, incentive, target or "
                                        "budget rule of the passage applies to. One incentive per coded passage: "
                                        "code the same text again for another.", once="selection"),
    Group("rewards", "Incentives: the pole they reward", "rewards", ("pole",), "rewards: ", "#a55194",
          "The pole the passage's incentive rewards; a memo on this coding is the fact in your words. Not a "
          "stance: being measured on output is not favouring output. One per coded passage.", once="selection"),
    Group("measures", "Incentives: kind of measure", "measure", (), "measure: ", "#ce6dbd",
          "What kind of fact the passage's incentive is. One per coded passage.", "choice", str(LPSKG.MeasureKind),
          "selection"),
    Group("exclusive", "Incentives: the only measure", "exclusive", (), "exclusive: ", "#de9ed6",
          "Code a passage whose incentive is the only measure (the source says so, or you checked that nothing "
          "rewards the other pole).", "flag", str(LPSKG.exclusive), "selection"),
)
GROUP_BY_KEY = {group.key: group for group in GROUPS}


def code_guid(iri: str, use: str, header: bool = False) -> str:
    """The stable GUID of the code of ``iri`` in a group of ``use`` (a header copy has its own)."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"{iri}#qda-{use}{'-header' if header else ''}"))


@dataclass
class Code:
    """A code of the codebook: a concept in one use, or a header that only groups codes."""

    guid: str
    name: str
    codable: bool
    description: str
    use: str | None = None
    iri: URIRef | None = None
    kind: str | None = None
    color: str | None = None
    children: list["Code"] = field(default_factory=list)
    value: str | None = None  # what a code of a choice, flag or open group writes in the case file


    def walk(self) -> Iterator["Code"]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Concept:
    iri: URIRef
    kind: str
    label: str
    definition: str
    sections: str
    parents: tuple[URIRef, ...]


class Codebook:
    """The framework's codes, by GUID and by (use, concept)."""

    def __init__(self, groups: list[Code]) -> None:
        self.groups = groups

    @cached_property
    def by_guid(self) -> dict[str, Code]:
        return {code.guid.strip("{}").lower(): code for group in self.groups for code in group.walk()}

    @cached_property
    def by_use(self) -> dict[tuple[str, URIRef], Code]:
        return {(code.use, code.iri): code for group in self.groups for code in group.walk()
                if code.codable and code.iri is not None}

    @cached_property
    def group_names(self) -> dict[str, Group]:
        """The groups by their header's name, case folded (a code of another codebook filed under one)."""
        return {group.name.casefold(): group for group in GROUPS}

    def find(self, guid: str) -> Code | None:
        return self.by_guid.get(guid.strip("{}").lower())

    def codes(self) -> Iterator[Code]:
        for group in self.groups:
            yield from group.walk()


def read_concepts(store: Store) -> dict[URIRef, Concept]:
    """The framework's concepts with their parents (``queries/qda/framework-concepts.rq``)."""
    rows = read_model("qda/framework-concepts").run(store, values=list(KIND_CLASSES.values()))
    concepts: dict[URIRef, Concept] = {}
    for row in rows:
        iri, kind = row["concept"], CLASS_KINDS.get(row["type"])
        if kind is None or kind == "organisation":
            continue
        parent = (row["parent"],) if "parent" in row else ()
        known = concepts.get(iri)
        sections = "; ".join(sorted(filter(None, str(row.get("sections", "")).split("; "))))  # the same each time
        concepts[iri] = Concept(iri, kind, str(row["label"]), str(row.get("definition", "")), sections,
                                (known.parents if known else ()) + parent)
    return concepts


@dataclass(frozen=True)
class Value:
    """A value a choice or flag group offers: the ontology's individual (or the flag's property)."""

    iri: URIRef
    label: str
    definition: str


def read_values(store: Store) -> dict[str, list[Value]]:
    """The values of the choice and flag groups, by the group's term (``queries/qda/field-values.rq``)."""
    terms = sorted({group.term for group in GROUPS if group.term})
    values: dict[str, list[Value]] = {term: [] for term in terms}
    for row in read_model("qda/field-values").run(store, values=[URIRef(t) for t in terms]):
        values[str(row["term"])].append(Value(row["value"], str(row["label"]), str(row.get("definition", ""))))
    return values


def framework_codebook(store: Store) -> Codebook:
    """The codebook of the framework the store holds: one code group per use (:data:`GROUPS`)."""
    concepts, values = read_concepts(store), read_values(store)
    return Codebook([_group(group, concepts) if group.values == "concepts" else _value_group(group, values)
                     for group in GROUPS])


def codebook_of(graphs: Graphs) -> Codebook:
    """The framework's codebook, read once and kept until a write touches a bundled graph (a case written,
    whose new concepts the codebook leaves out, keeps it)."""
    def carry(codebook: Codebook, change: Change) -> Codebook | None:
        return None if change.graphs is None or any(name in bundle_files() for name in change.graphs) else codebook
    return graphs.derived("qda-codebook", lambda: framework_codebook(graphs.store), carry)


def _header(group: Group) -> Code:
    return Code(str(uuid.uuid5(GUID_NAMESPACE, GROUP_IRI + group.key)), group.name, False,
                f"Group header, not to be applied. {group.guidance}", color=group.color)


def _value_group(group: Group, values: dict[str, list[Value]]) -> Code:
    """A group of the values of a field: one code per value of a choice, the one code of a flag, none for an
    open value (the researcher names them; :func:`open_code` is the one lpskg writes)."""
    top = _header(group)
    for value in values.get(group.term or "", []):
        name = group.flag_name if group.values == "flag" else f"{group.prefix}{value.label}"
        top.children.append(Code(code_guid(value.iri, group.use), name, True, value.definition, group.use,
                                 value.iri, group.values, group.color,
                                 value="true" if group.values == "flag" else value.label))
    top.children.sort(key=lambda child: child.name.casefold())
    return top


def open_code(group: Group, value: str) -> Code:
    """The code of an open value (``date: 2024-10``), its GUID derived from the group and the value."""
    return Code(code_guid(f"{GROUP_IRI}{group.key}/{value}", group.use), f"{group.prefix}{value}", True,
                f"{group.name}: {value}, as a case file writes it.", group.use, None, "open", group.color, value=value)


def _group(group: Group, concepts: dict[URIRef, Concept]) -> Code:
    top = _header(group)
    nodes: dict[URIRef, Code] = {}

    def node(concept: Concept) -> Code:
        if concept.iri in nodes:
            return nodes[concept.iri]
        codable = concept.kind in group.kinds
        name = f"{group.prefix}{concept.label}" if codable else concept.label
        where = f" (paper: {concept.sections})" if concept.sections else ""
        description = (f"{concept.definition}{where}" if codable else
                       f"Header, not to be applied: the {concept.kind} {concept.label!r}, grouping the codes "
                       f"below it. {concept.definition}{where}")
        code = Code(code_guid(concept.iri, group.use, not codable), name, codable, description.strip(),
                    group.use if codable else None, concept.iri if codable else None,
                    concept.kind if codable else None, group.color)
        nodes[concept.iri] = code
        parent = next((concepts[p] for p in sorted(concept.parents) if p in concepts and p != concept.iri), None)
        (node(parent).children if parent is not None else top.children).append(code)
        return code

    for concept in sorted(concepts.values(), key=lambda c: (c.label.casefold(), c.iri)):
        if concept.kind in group.kinds:
            node(concept)
    for code in top.walk():
        code.children.sort(key=lambda child: child.name.casefold())
    return top


# --------------------------------------------------------------------------- as QDA-XML

def codes_element(codes: list[Code], namespace: str) -> etree._Element:
    """``<Codes>`` with the codes nested, in the namespace of a codebook or a project."""
    element = etree.Element(f"{{{namespace}}}Codes")
    for code in codes:
        element.append(_code_element(code, namespace))
    return element


def _code_element(code: Code, namespace: str) -> etree._Element:
    element = etree.Element(f"{{{namespace}}}Code", guid=code.guid, name=code.name,
                            isCodable="true" if code.codable else "false")
    if code.color:
        element.set("color", code.color)
    etree.SubElement(element, f"{{{namespace}}}Description").text = code.description
    for child in code.children:
        element.append(_code_element(child, namespace))
    return element


def codebook_xml(codebook: Codebook, origin: str) -> bytes:
    """The codebook as a ``.qdc`` document, checked against ``Codebook.xsd`` before it is handed out."""
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS}, origin=origin)
    root.append(codes_element(codebook.groups, CODEBOOK_NS))
    schema("Codebook.xsd").assertValid(root)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
