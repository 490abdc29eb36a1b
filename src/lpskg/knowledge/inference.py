"""The entailments the queries rely on, computed per graph instead of store-wide.

Queries may ask for ``?x a lpskg:ResolutionStrategy`` and expect Empowering
(typed ``lpskg:ReContextualisingAction``) to answer, or follow ``lpskg:poleOf``
where the data only says ``lpskg:hasPole``.  A full RDFS closure of a large
store takes minutes (owlrl: 273 s at 100k triples), so instead each graph's
entailments under the ontology's class and property hierarchy and its inverse
properties (a symmetric property is its own inverse) are computed when that
graph is written, from the graph and the ontology alone, and stored beside it
in ``graph/inferred/...``.  The cost of
a write then depends on the size of what is written, not of the store.

One :class:`TBox` holds the hierarchy and has two evaluators of it: in Python
(:meth:`TBox.entail`) for a graph in hand (a submission, a Graph Store PUT, the
bundle), and as a SPARQL Update (:meth:`TBox.refresh`) for a SPARQL Update
whose result is only in the store, sent in the same request so that the
update and its entailments are one transaction.  A test holds the two equal.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ..namespaces import GRAPH
from ..sparql_text import is_project_graph

#: Where the entailments of ``graph/X`` are kept: ``graph/inferred/X``.
INFERRED = f"{GRAPH}inferred/"


def inferred_graph_name(name: str) -> str:
    """Where the entailments of the named graph ``name`` are kept."""
    return f"{INFERRED}{name.removeprefix(str(GRAPH))}"


def is_inferred_graph(name: str) -> bool:
    """True for a graph that holds computed entailments (never written directly)."""
    return name.startswith(INFERRED)


def has_entailments(name: str | None) -> bool:
    """True for the graphs whose entailments are kept: the project's own, not the inferred ones."""
    return name is not None and is_project_graph(name) and not is_inferred_graph(name)


def _closure(pairs: list[tuple[URIRef, URIRef]]) -> dict[URIRef, set[URIRef]]:
    """Reflexive-free transitive closure of a sub-of relation as parent sets."""
    direct: dict[URIRef, set[URIRef]] = defaultdict(set)
    for child, parent in pairs:
        direct[child].add(parent)
    closed: dict[URIRef, set[URIRef]] = {}
    for start in list(direct):
        seen: set[URIRef] = set()
        todo = list(direct[start])
        while todo:
            node = todo.pop()
            if node not in seen and node != start:
                seen.add(node)
                todo.extend(direct.get(node, ()))
        closed[start] = seen
    return closed


def _values(pairs: Iterable[tuple[URIRef, URIRef]], a: str, b: str) -> str:
    rows = " ".join(f"(<{x}> <{y}>)" for x, y in sorted(set(pairs)))
    return f"VALUES (?{a} ?{b}) {{ {rows} }}"


class TBox:
    """The class and property hierarchy and the inverses of an ontology."""

    def __init__(self, ontology: Graph) -> None:
        self.superclasses = _closure([(s, o) for s, o in ontology.subject_objects(RDFS.subClassOf)
                                      if isinstance(s, URIRef) and isinstance(o, URIRef)])
        self.superproperties = _closure([(s, o) for s, o in ontology.subject_objects(RDFS.subPropertyOf)
                                         if isinstance(s, URIRef) and isinstance(o, URIRef)])
        self.inverses: dict[URIRef, set[URIRef]] = defaultdict(set)
        for p, q in ontology.subject_objects(OWL.inverseOf):
            self.inverses[p].add(q)
            self.inverses[q].add(p)
        for p in ontology.subjects(RDF.type, OWL.SymmetricProperty):
            self.inverses[p].add(p)

    def is_subclass(self, cls: URIRef, of: URIRef) -> bool:
        """True if ``cls`` is ``of`` or below it."""
        return cls == of or of in self.superclasses.get(cls, ())

    def entail(self, graph: Graph) -> Graph:
        """Triples entailed by ``graph`` under this TBox and not already in it."""
        inferred = Graph()
        for s, p, o in graph:
            if p == RDF.type:
                for cls in self.superclasses.get(o, ()):
                    inferred.add((s, RDF.type, cls))
                continue
            for prop in self.superproperties.get(p, ()):
                inferred.add((s, prop, o))
            for inverse in self.inverses.get(p, ()):
                if not isinstance(o, URIRef):
                    continue
                inferred.add((o, inverse, s))
                for prop in self.superproperties.get(inverse, ()):
                    inferred.add((o, prop, s))
        return inferred - graph

    def _class_pairs(self) -> list[tuple[URIRef, URIRef]]:
        return [(c, s) for c, supers in self.superclasses.items() for s in supers]

    def _property_pairs(self) -> list[tuple[URIRef, URIRef]]:
        return [(p, q) for p, supers in self.superproperties.items() for q in supers]

    def _inverse_pairs(self) -> list[tuple[URIRef, URIRef]]:
        return [(p, q) for p, inverses in self.inverses.items() for inverse in inverses
                for q in {inverse, *self.superproperties.get(inverse, ())}]

    def refresh(self, graphs: Iterable[str] | None) -> str:
        """A SPARQL Update that recomputes the entailments of ``graphs`` (None: every project graph).

        The same rules as :meth:`entail`, evaluated by the store on what it holds,
        so that it can follow any SPARQL Update in the same request.
        """
        if graphs is None:
            scope = (f'GRAPH ?g {{ }} FILTER(STRSTARTS(STR(?g), "{GRAPH}") && !STRSTARTS(STR(?g), "{INFERRED}")) '
                     f'BIND(IRI(CONCAT("{INFERRED}", STRAFTER(STR(?g), "{GRAPH}"))) AS ?i)')
            clear = (f'DELETE {{ GRAPH ?i {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?i {{ ?s ?p ?o }} '
                     f'FILTER(STRSTARTS(STR(?i), "{INFERRED}")) }}')
        else:
            names = sorted({name for name in graphs if has_entailments(name)})
            if not names:
                return ""
            scope = "VALUES (?g ?i) { " + " ".join(f"(<{n}> <{inferred_graph_name(n)}>)" for n in names) + " }"
            clear = " ;\n".join(f"DROP SILENT GRAPH <{inferred_graph_name(n)}>" for n in names)
        rules = []
        if self.superclasses:
            rules.append(f"INSERT {{ GRAPH ?i {{ ?s a ?super }} }} WHERE {{ {scope} "
                         f"{_values(self._class_pairs(), 'c', 'super')} GRAPH ?g {{ ?s a ?c }} "
                         "FILTER NOT EXISTS { GRAPH ?g { ?s a ?super } } }")
        if self.superproperties:
            rules.append(f"INSERT {{ GRAPH ?i {{ ?s ?q ?o }} }} WHERE {{ {scope} "
                         f"{_values(self._property_pairs(), 'p', 'q')} GRAPH ?g {{ ?s ?p ?o }} "
                         "FILTER NOT EXISTS { GRAPH ?g { ?s ?q ?o } } }")
        if self.inverses:
            rules.append(f"INSERT {{ GRAPH ?i {{ ?o ?q ?s }} }} WHERE {{ {scope} "
                         f"{_values(self._inverse_pairs(), 'p', 'q')} GRAPH ?g {{ ?s ?p ?o }} FILTER(isIRI(?o)) "
                         "FILTER NOT EXISTS { GRAPH ?g { ?o ?q ?s } } }")
        return " ;\n".join([clear, *rules])
