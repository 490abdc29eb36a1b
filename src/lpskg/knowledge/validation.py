"""SHACL validation of the knowledge graph and of what is submitted to it.

The shapes in ``shapes/*.ttl`` state what a well-formed paradox, tension,
quote, case or publication is, each rule with a message a researcher can act
on.  This module runs them with pyshacl; :mod:`lpskg.knowledge.report` turns the
report into records everyone prints the same way.

Two modes:

* the whole bundle (``validate(bundle_graph())``): every targeted node is
  checked;
* a submission (:func:`validate_submission`), the one way ``/shacl``,
  ``lpskg validate FILES`` and case intake decide "valid": the types and labels
  of the existing nodes it links to are read from the store, only so that
  links resolve (``sh:class`` needs their types), and only the nodes the
  submission describes are validated (pyshacl's ``focus_nodes``), so the cost
  follows the size of the submission, not the size of the store
  (``../shared/notes/measured-stack.md``: about 3 ms at any store size).

The ontology's class hierarchy is always added to the graph pyshacl sees, so
that ``sh:targetClass lpskg:Evidence`` reaches quotes and ``sh:class
lpskg:ResolutionStrategy`` accepts a re-contextualising action.  pyshacl is
only ever given rdflib memory graphs: on an Oxigraph-backed graph it reports
false violations and counts the whole store per violation (same notes).
pyshacl is imported on the first validation, not with this module: it takes
a few tenths of a second, which every CLI command would otherwise pay.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS
from rdflib.term import Node

from ..namespaces import PREFIXES, SH, new_graph
from ..paths import ONTOLOGY_FILE, SHAPES_DIR
from ..store import Store
from .library import read_model
from .report import ValidationReport, node_text, violations_of

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
    conforms, report, _ = validator.run()
    original = {URIRef(named_iri): blank for blank, named_iri in blanks.items()}
    if original:
        report = _rename_back(report, original)
    violations = violations_of(report)
    labels = {node_text(s): str(o) for s, o in target.subject_objects(RDFS.label)
              if isinstance(o, Literal) and o.language in (None, "en")}
    labels.update({node_text(b): labels[str(u)] for u, b in original.items() if str(u) in labels})
    return ValidationReport(bool(conforms), violations, labels, report)


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
