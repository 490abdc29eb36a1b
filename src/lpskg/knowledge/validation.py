"""SHACL validation of the knowledge graph and of what is submitted to it.

The shapes in ``shapes/*.ttl`` state what a well-formed paradox, tension,
quote, case or publication is, each rule with a message a researcher can act
on.  This module runs them with pyshacl and turns pyshacl's report graph into
:class:`Violation` records that the CLI, the case-submission workflow and the
HTTP endpoint all print the same way: one line per failed constraint, the
failing node named by its label.

Two modes:

* the whole bundle (``validate(bundle_graph())``): every targeted node is
  checked;
* a submission (:func:`validate_submission`), the one way ``/shacl``,
  ``lpskg validate FILES`` and case intake decide "valid": the types and labels
  of the existing nodes it links to are read from the store, only so that
  links resolve (``sh:class`` needs their types), and only the nodes the
  submission describes are validated (pyshacl's ``focus_nodes``), so the cost
  follows the size of the submission, not the size of the store
  (measured: about 3 ms at any store size).

The ontology's class hierarchy is always added to the graph pyshacl sees, so
that ``sh:targetClass lpskg:Evidence`` reaches quotes and ``sh:class
lpskg:ResolutionStrategy`` accepts a re-contextualising action.  pyshacl is
only ever given rdflib memory graphs: on an Oxigraph-backed graph it reports
false violations and counts the whole store per violation (RDFLib/pySHACL#286).
pyshacl is imported on the first validation, not with this module: it takes
a few tenths of a second, which every CLI command would otherwise pay.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from ..namespaces import PREFIXES, SH, new_graph
from ..paths import ONTOLOGY_FILE, SHAPES_DIR
from ..store import Store
from ..tables import shorten
from .library import read_model

if TYPE_CHECKING:
    from pyshacl.shapes_graph import ShapesGraph

#: Blank nodes of the validated data are renamed into this scheme while pyshacl
#: runs (its ``focus_nodes`` option only selects IRIs), and named back after.
_BLANK_PREFIX = "urn:lpskg:blank:"

SHAPES_NS = "https://w3id.org/lpskg/shapes#"


@lru_cache(maxsize=1)
def load_shapes() -> Graph:
    """All shapes of ``shapes/*.ttl`` in one graph, parsed once per process."""
    shapes = new_graph()
    shapes.bind("lpsh", SHAPES_NS)
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        shapes.parse(path, format="turtle")
    return shapes


class _ParameterList(list):
    """pyshacl's list of constraint parameters, with the membership test of a set.

    For every shape on every validation, pyshacl 0.40 tests each predicate of
    the shape with ``p in <list of ~40 parameters>`` (``Shape.validate``), each
    test up to 40 rdflib term comparisons.  Looked up by hash, the validation of
    the example case takes 33.4 ms instead of 39.4 ms (medians of 60, alternated
    in one process).  The list stays a list: pyshacl copies and extends it for
    SHACL-AF and JS, which lpskg does not enable.
    """

    def __init__(self, items: Iterable[Node]) -> None:
        super().__init__(items)
        self._members = frozenset(self)

    def __contains__(self, item: object) -> bool:
        return item in self._members


def _index_constraint_parameters() -> None:
    """Give pyshacl's shape module its constraint-parameter cache, as a :class:`_ParameterList`.

    ``pyshacl.shape`` fills ``CONSTRAINT_PARAMS`` itself on first use; filled
    first here, the same parameters are looked up by hash.  A pyshacl that no
    longer reads that attribute just ignores it (pyshacl is pinned in pyproject)."""
    import pyshacl.shape
    from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP

    pyshacl.shape.CONSTRAINT_PARAMS = (_ParameterList(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP)


@lru_cache(maxsize=1)
def _shapes_graph() -> "ShapesGraph":
    """pyshacl's compiled form of the shapes, built once and shared by every validation."""
    from pyshacl.shapes_graph import ShapesGraph

    _index_constraint_parameters()
    # A copy, because pyshacl adds its own triples to it, and with few prefixes,
    # because pyshacl binds each of them in every report it builds.
    copy = Graph(bind_namespaces="none")
    copy.bind("sh", str(SH))
    copy.bind("lpskg", PREFIXES["lpskg"])
    copy.bind("lpsh", SHAPES_NS)
    for triple in load_shapes():
        copy.add(triple)
    compiled = ShapesGraph(copy)
    compiled.shapes  # noqa: B018 - the property harvests and compiles the shapes
    return compiled


@lru_cache(maxsize=1)
def class_hierarchy() -> tuple[tuple[Node, Node, Node], ...]:
    """The ontology's ``rdfs:subClassOf`` triples: what targets and ``sh:class`` must see."""
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    return tuple(ontology.triples((None, RDFS.subClassOf, None)))


def validate(data: Graph, *, context: Graph | None = None,
             focus_nodes: Iterable[Node] | None = None) -> ValidationReport:
    """Validate ``data`` against the shapes.

    ``context`` is added to the graph pyshacl sees (so links from ``data`` to
    existing concepts resolve) but only ``focus_nodes`` are validated —
    by default every node ``data`` describes when a context is given, and
    every targeted node when it is not.
    """
    if focus_nodes is None and context is None:
        target, blanks, focus = _target_graph(data, None), {}, None
    else:
        named, blanks = _name_blank_nodes(data)
        target = _target_graph(named, context)
        requested = set(data.subjects()) if focus_nodes is None else set(focus_nodes)
        focus = sorted({_renamed(node, blanks) for node in requested})
        if not focus:
            return ValidationReport(True, [])
    compiled = _shapes_graph()
    if focus is not None:  # pyshacl expands focus nodes outside http/https/urn/file as CURIEs, from str only
        focus = [str(node) for node in focus]
    from pyshacl import Validator
    from pyshacl.graph_abstraction import DataGraph

    validator = Validator(DataGraph.from_rdflib(target), shacl_graph=compiled.graph,
                                  options={"inplace": True, "focus_nodes": focus,
                                           "allow_warnings": True})  # warnings inform, never reject
    validator.shacl_graph = compiled
    validator.make_executor = _with_indexed_focus(validator.make_executor)
    conforms, report, _ = validator.run()
    original = {URIRef(named_iri): blank for blank, named_iri in blanks.items()}
    if original:
        report = _rename_back(report, original)
    violations = violations_of(report)
    labels = {node_text(s): str(o) for s, o in target.subject_objects(RDFS.label)
              if isinstance(o, Literal) and o.language in (None, "en")}
    labels.update({node_text(b): labels[str(u)] for u, b in original.items() if str(u) in labels})
    return ValidationReport(bool(conforms), violations, labels, report)


def _with_indexed_focus(make_executor):
    """pyshacl's ``make_executor`` whose executor looks focus nodes up by hash.

    pyshacl 0.40 keeps the focus nodes in a list and tests every target of every
    shape against it: with 20,000 focus nodes (a chunk of the benchmark's
    validation of a large graph) that is most of the time, where a set makes it
    nothing (see :class:`_ParameterList`)."""
    def make():
        executor = make_executor()
        if executor.focus_nodes is not None:
            executor.focus_nodes = _ParameterList(executor.focus_nodes)
        return executor
    return make


def _target_graph(data: Graph, context: Graph | None) -> Graph:
    """A fresh memory graph: the class hierarchy, the context, then the data."""
    target = Graph(bind_namespaces="none")  # binding prefixes costs more than validating
    for triple in class_hierarchy():
        target.add(triple)
    for graph in (context, data):
        if graph is not None:
            for triple in graph:
                target.add(triple)
    return target


def _name_blank_nodes(data: Graph) -> tuple[Graph, dict[BNode, str]]:
    """``data`` with each blank node replaced by an IRI, and the renaming used."""
    renaming: dict[BNode, str] = {}

    def rename(node: Node) -> Node:
        if isinstance(node, BNode):
            return URIRef(renaming.setdefault(node, f"{_BLANK_PREFIX}{node}"))
        return node

    named = Graph(bind_namespaces="none")
    for s, p, o in data:
        named.add((rename(s), p, rename(o)))
    return named, renaming


def _renamed(node: Node, blanks: Mapping[BNode, str]) -> URIRef:
    if isinstance(node, BNode):
        return URIRef(blanks.get(node, f"{_BLANK_PREFIX}{node}"))
    return URIRef(str(node))


def _rename_back(report: Graph, original: Mapping[URIRef, BNode]) -> Graph:
    """The report with the temporary IRIs of blank nodes replaced by the blank nodes."""
    renamed = Graph(namespace_manager=report.namespace_manager)
    for s, p, o in report:
        renamed.add((original.get(s, s), p, original.get(o, o)))  # type: ignore[arg-type]
    return renamed


def existing_context(store: Store, nodes: Iterable[URIRef]) -> Graph:
    """Types and labels of existing nodes, so that ``sh:class`` on links to them can be checked."""
    context = Graph()
    nodes = sorted(set(nodes))
    if nodes:
        for row in read_model("intake/existing-context").run(store, values=nodes):
            context.add((row["s"], row["p"], row["o"]))
    return context


def validate_submission(store: Store, data: Graph, entailments: Graph,
                        own: Iterable[Node] | None = None) -> ValidationReport:
    """Validate ``data`` as a submission to ``store``: only its own nodes, with what it links to as context.

    ``own`` are the nodes the submission describes (default: every subject of
    ``data``); an existing node it restates is context, not a focus.
    ``entailments`` are the triples the graph's entailments add (an inverse,
    a super-class), which shapes may need.
    """
    own = set(data.subjects()) if own is None else set(own)
    referenced = {o for o in data.objects() if isinstance(o, URIRef) and o not in own}
    context = existing_context(store, referenced)
    for triple in entailments:
        context.add(triple)
    return validate(data, context=context, focus_nodes=[node for node in own if (node, None, None) in data])


# --------------------------------------------------------------------------- the report, readable

_SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class Violation:
    """One failed constraint: which node, which property, what to do about it."""

    focus: str          # IRI (or blank node id) of the node that fails
    path: str | None    # the property IRI, if any
    message: str        # the sh:message (or pyshacl's) — readable
    severity: str       # "Violation" | "Warning" | "Info"
    value: str | None   # the offending value, if any
    shape: str          # the source shape IRI


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of a validation, readable by people (``text``) and machines (``graph``)."""

    conforms: bool
    violations: list[Violation]
    labels: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    report_graph: Graph | None = field(default=None, compare=False, repr=False)

    def name(self, iri: str) -> str:
        """The English label of a node, or its IRI shortened with the project's prefixes."""
        return self.labels.get(iri) or short_iri(iri)

    def text(self) -> str:
        """One line per violation: ``<focus label or short IRI> <path>: <message>``.

        Warnings and infos, which do not make the data non-conforming, say so
        in front of the message.
        """
        return "\n".join(f"{self.name(v.focus)}{' ' if v.path else ': '}{_detail(v)}"
                         for v in self.violations)

    def grouped_text(self) -> str:
        """The violations grouped under each failing node (label and IRI), then a summary."""
        blocks = []
        for focus, violations in self.by_focus().items():
            label = self.labels.get(focus)
            heading = f"{short_iri(focus)}" + (f"  \"{label}\"" if label else "")
            blocks.append("\n".join([heading] + [f"  {_detail(v)}" for v in violations]))
        counts = Counter(v.severity for v in self.violations)
        summary = (f"{'conforms' if self.conforms else 'does not conform'}: "
                   f"{counts['Violation']} violation(s), {counts['Warning']} warning(s), {counts['Info']} info(s) "
                   f"on {len(blocks)} resource(s)")
        return "\n\n".join(blocks + [summary])

    def by_focus(self) -> dict[str, list[Violation]]:
        """Violations grouped by the node that fails, in report order."""
        groups: dict[str, list[Violation]] = {}
        for violation in self.violations:
            groups.setdefault(violation.focus, []).append(violation)
        return groups

    def graph(self) -> Graph:
        """The SHACL validation report as RDF (an ``sh:ValidationReport``)."""
        if self.report_graph is not None:
            return self.report_graph
        report = Graph()
        node = BNode()
        report.add((node, RDF.type, SH.ValidationReport))
        report.add((node, SH.conforms, Literal(self.conforms)))
        return report


def _detail(violation: Violation) -> str:
    """``<path>: <message>`` of one violation (or the message alone), marked unless it is a violation."""
    severity = "" if violation.severity == "Violation" else f"({violation.severity.lower()}) "
    path = f"{short_path(violation.path)}: " if violation.path else ""
    return f"{path}{severity}{violation.message}"


def short_path(path: str) -> str:
    """A property or a SPARQL property path with its IRIs shortened: ``^lpskg:hasPole``."""
    if "<" not in path:
        return short_iri(path)
    return re.sub(r"<([^>]+)>", lambda match: short_iri(match.group(1)), path)


def short_iri(iri: str) -> str:
    """``https://w3id.org/lpskg/resource/tension/x`` -> ``tension:x``; blank node ids stay."""
    return iri if iri.startswith("_:") else shorten(URIRef(iri))


def node_text(node: Node) -> str:
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def path_text(report: Graph, path: Node, nested: bool = False) -> str:
    """A property path: a plain property is its IRI, any other path SPARQL syntax with <IRI>s."""
    if isinstance(path, URIRef):
        return f"<{path}>" if nested else str(path)
    inverse = report.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{path_text(report, inverse, True)}"
    alternatives = report.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(path_text(report, p, True) for p in Collection(report, alternatives)) + ")"
    if report.value(path, RDF.first) is not None:
        return "/".join(path_text(report, p, True) for p in Collection(report, path))
    return node_text(path)


def violations_of(report: Graph) -> list[Violation]:
    """The results of a pyshacl report, one per distinct (node, path, value, shape, message)."""
    found: set[Violation] = set()
    for result in report.objects(None, SH.result):
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        found.add(Violation(
            focus=node_text(report.value(result, SH.focusNode)),
            path=path_text(report, path) if path is not None else None,
            message=str(report.value(result, SH.resultMessage) or "constraint not satisfied"),
            severity=_SEVERITIES.get(report.value(result, SH.resultSeverity), "Violation"),
            value=node_text(value) if value is not None else None,
            shape=node_text(report.value(result, SH.sourceShape)),
        ))
    return sorted(found, key=lambda v: (v.focus, v.path or "", v.message, v.value or ""))
