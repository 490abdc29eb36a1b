"""A case sent as Turtle or JSON-LD in the lpskg vocabulary, checked for shape and reach.

Machines may send a case already as RDF.  It is parsed safely
(:mod:`lpskg.rdf_input`) and must describe exactly one case, only new
resources in the resource namespace, evidence from that case only, and new
concepts flagged as such; it may point only to resources the graph has.  Each
problem is reported with the line of the file that names the node.
"""
from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from ..knowledge.graphs import Graphs
from ..knowledge.inference import TBox
from ..knowledge.library import read_model
from ..knowledge.validation import existing_context
from ..namespaces import LPSKG, RESOURCE, new_graph
from ..rdf_input import UnreadableInput, parse_rdf
from ..store import Store
from ..tables import shorten
from .building import Contribution
from .errors import FieldError, SubmissionError
from .evidence_details import rdf_reference_problems
from .linking import ANY_CONCEPT, Link, concept_index
from .parsing import is_slug
from .reading import SourceFile


def parse_rdf_case(source: SourceFile) -> Graph:
    """A Turtle or JSON-LD submission as an rdflib graph; parse errors are ``unreadable``."""
    try:
        return parse_rdf(source.text(), source.format.rdflib, source.name)
    except UnreadableInput as error:
        raise SubmissionError("unreadable", str(error)) from None


def build_rdf_case(graph: Graph, graphs: Graphs, source: SourceFile) -> Contribution:
    """A case sent already in the lpskg vocabulary: checked for shape and reach before validation.

    It must describe exactly one ``lpskg:Case`` named ``resource/case/<id>``, only new
    resources in the resource namespace, evidence from that case only, new concepts
    flagged ``lpskg:isNewConcept true``, and may point only to resources the graph has.
    """
    cases = sorted(set(graph.subjects(RDF.type, LPSKG.Case)))
    prefix = f"{RESOURCE}case/"
    if len(cases) != 1 or not str(cases[0]).startswith(prefix):
        raise SubmissionError("rejected", f"{source.name} must describe exactly one lpskg:Case named "
                                          f"{prefix}<id>; found {len(cases)}: "
                                          + ", ".join(f"<{c}>" for c in cases))
    case_id = str(cases[0])[len(prefix):]
    if not is_slug(case_id):
        raise SubmissionError("rejected", f"the case IRI <{cases[0]}> must end in a slug "
                                          "(lower-case letters, digits, hyphens)")
    c = Contribution("case", case_id, new_graph())
    for prefix_name, iri in graph.namespaces():
        c.graph.bind(prefix_name, iri, override=False)
    c.graph += graph
    c.cites = next((work for study in graph.objects(cases[0], LPSKG.partOfStudy)
                    for work in graph.objects(study, LPSKG.reportedIn)), None)
    text = source.text()
    subjects = {s for s in graph.subjects() if isinstance(s, URIRef)}
    errors: list[FieldError] = []
    for subject in sorted(subjects):
        c.mint(subject, (shorten(subject), _line_in(text, subject, graph)))
        if not str(subject).startswith(str(RESOURCE)):
            errors.append(_node_error(c, subject, "is not in the resource namespace "
                                                  f"{RESOURCE}<kind>/<slug>: mint its IRI there"))
    errors += _check_rdf_evidence(c, graph, cases[0], graphs.tbox)
    errors += _check_rdf_new_concepts(c, graph, graphs.tbox)
    errors += [_node_error(c, subject, message) for subject, message in rdf_reference_problems(graph, cases[0])]
    known = _existing_subjects(graphs.store, subjects, c.graph_name)
    errors += [_node_error(c, s, f"already exists in the graph ({known[s]}): a case can only describe "
                                 "its own new resources") for s in sorted(known)]
    references = sorted({o for p, o in graph.predicate_objects() if isinstance(o, URIRef) and p != RDF.type
                         and str(o).startswith(str(RESOURCE)) and o not in subjects})
    index = concept_index(graphs)
    reachable = set(index.concepts) | set(existing_context(graphs.store, references).subjects())
    for subject, predicate, obj in sorted(graph):
        if obj in references and obj not in reachable:
            errors.append(_node_error(c, subject, f"{shorten(predicate)} points to <{obj}>, which the graph "
                                                  "does not have"))
        elif obj in index.concepts and predicate != RDF.type:
            concept = index.concepts[obj]
            c.links.append(Link(f"{shorten(subject)} {shorten(predicate)}", shorten(obj), obj, "iri", 100.0,
                                concept.label, concept.kind_for(ANY_CONCEPT + ("organisation", "person"))))
    if errors:
        raise SubmissionError("rejected", f"{source.name}: {len(errors)} problem(s) with the submitted triples",
                              errors)
    return c


def _node_error(c: Contribution, node: URIRef, message: str) -> FieldError:
    name, line = c.origins.get(node, (shorten(node), None))
    return FieldError(name, message, line)


def _line_in(text: str, iri: URIRef, graph: Graph) -> int | None:
    """The first line of the submitted text that names ``iri`` (in full or as a prefixed name)."""
    forms = [f"<{iri}>", f'"{iri}"']
    for prefix, namespace in graph.namespaces():
        if str(iri).startswith(str(namespace)) and prefix:
            forms.append(f"{prefix}:{str(iri)[len(str(namespace)):]}")
    positions = [text.find(form) for form in forms if form in text]
    return text.count("\n", 0, min(positions)) + 1 if positions else None


def _check_rdf_evidence(c: Contribution, graph: Graph, case: URIRef, tbox: TBox) -> list[FieldError]:
    errors = []
    for subject, cls in sorted(graph.subject_objects(RDF.type)):
        if not tbox.is_subclass(cls, LPSKG.Evidence):
            continue
        cases = set(graph.objects(subject, LPSKG.fromCase))
        if not cases:
            errors.append(_node_error(c, subject, f"this {shorten(cls)} has no case: add "
                                                  f"lpskg:fromCase <{case}>"))
        elif cases != {case}:
            errors.append(_node_error(c, subject, f"this {shorten(cls)} must come from the submitted case "
                                                  f"<{case}>, not " + ", ".join(f"<{x}>" for x in cases - {case})))
    return errors


def _check_rdf_new_concepts(c: Contribution, graph: Graph, tbox: TBox) -> list[FieldError]:
    flagged = set(graph.subjects(LPSKG.isNewConcept, Literal(True)))
    errors = []
    for subject, cls in sorted(set(graph.subject_objects(RDF.type))):
        is_concept = tbox.is_subclass(cls, LPSKG.Concept)
        if is_concept and subject not in flagged:
            errors.append(_node_error(c, subject, "a concept introduced by a case must be marked "
                                                  "lpskg:isNewConcept true"))
    return errors


def _existing_subjects(store: Store, subjects: set[URIRef], own_graph: str) -> dict[URIRef, str]:
    """Which of ``subjects`` other graphs already describe (give a type), and in which graph."""
    if not subjects:
        return {}
    rows = read_model("intake/subjects-described-elsewhere").run(store, {"own": URIRef(own_graph)}, values=subjects)
    return {row["s"]: shorten(URIRef(str(row["graph"]))) for row in rows}
