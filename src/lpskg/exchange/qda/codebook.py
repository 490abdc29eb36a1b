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
from ...store import Store
from .archive import CODEBOOK_NS, schema

#: The namespace of the codes' GUIDs (UUID 5 of the concept's IRI and the code's use).
GUID_NAMESPACE = uuid.UUID("6f1c1e4a-3d0b-5b8e-9a57-1c2d7e0a9b11")
GROUP_IRI = "https://w3id.org/lpskg/qda/group/"


@dataclass(frozen=True)
class Group:
    """A top-level code group: the use its codes have, the kinds of concept coded there, how to code it."""

    key: str
    name: str
    use: str
    kinds: tuple[str, ...]
    prefix: str
    color: str
    guidance: str


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
    Group("stance-of", "Stances: whose stance", "stance-of", ("stakeholder",), "stance of: ", "#bcbd22",
          "With 'favours' or 'disregards' codes on the same passage: the stakeholder whose stance it is. "
          "Every stakeholder coded here holds every stance of the passage."),
    Group("favours", "Stances: favours a pole", "favours", ("pole",), "favours: ", "#ff7f0e",
          "The pole a stakeholder prioritises. One per coded passage: code the same text again for another stance."),
    Group("disregards", "Neglect: disregards a pole", "disregards", ("pole",), "disregards: ", "#e377c2",
          "The pole a stakeholder neglects or suppresses. One per coded passage."),
    Group("horizons", "Time horizons of the stances", "horizon", ("horizon",), "", "#aec7e8",
          "The time horizon the stakeholder of the passage's stances works at. One per coded passage."),
    Group("signs", "Drift signs", "sign", ("sign",), "", "#ff9896",
          "The signs of drift towards an imbalance archetype the passage shows."),
    Group("taken", "Actions taken", "taken", ("strategy",), "taken: ", "#c5b0d5",
          "The strategy or re-contextualising action the passage reports the case took; a memo on this coding "
          "is its effect, in your words."),
    Group("through", "Actions taken through a practice", "through", ("practice",), "through: ", "#c49c94",
          "The practice the actions of the passage were taken through. One per coded passage."),
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


def framework_codebook(store: Store) -> Codebook:
    """The codebook of the framework the store holds: one code group per use (:data:`GROUPS`)."""
    concepts = read_concepts(store)
    return Codebook([_group(group, concepts) for group in GROUPS])


def codebook_of(graphs: Graphs) -> Codebook:
    """The framework's codebook, read once and kept until a write touches a bundled graph (a case written,
    whose new concepts the codebook leaves out, keeps it)."""
    def carry(codebook: Codebook, change: Change) -> Codebook | None:
        return None if change.graphs is None or any(name in bundle_files() for name in change.graphs) else codebook
    return graphs.derived("qda-codebook", lambda: framework_codebook(graphs.store), carry)


def _group(group: Group, concepts: dict[URIRef, Concept]) -> Code:
    top = Code(str(uuid.uuid5(GUID_NAMESPACE, GROUP_IRI + group.key)), group.name, False,
               f"Group header, not to be applied. {group.guidance}", color=group.color)
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
