"""The entailments the queries rely on, computed per graph instead of store-wide.

Queries may ask for ``?x a lpskg:ResolutionStrategy`` and expect Empowering
(typed ``lpskg:ReContextualisingAction``) to answer, or follow ``lpskg:poleOf``
where the data only says ``lpskg:hasPole``.  A full RDFS closure of a large
store takes minutes (owlrl: 273 s at 100k triples), so instead each graph's
entailments under the ontology's class and property hierarchy and its inverse
properties are computed when that graph is written, from the graph and the
ontology alone, and stored beside it in ``graph/inferred/...``.  The cost of
a submission then depends on the submission's size, not the store's.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .namespaces import GRAPH
from .paths import ONTOLOGY_FILE


def inferred_graph_name(name: str) -> str:
    """Where the entailments of the named graph ``name`` are kept."""
    return f"{GRAPH}inferred/{name.removeprefix(str(GRAPH))}"


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


@lru_cache(maxsize=1)
def ontology_tbox() -> TBox:
    """The TBox of the project's ontology, parsed once per process."""
    return TBox(Graph().parse(ONTOLOGY_FILE))


def with_inferences(name: str, graph: Graph, tbox: TBox | None = None) -> dict[str, Graph]:
    """``{name: graph, inferred_name: entailments}``, ready for ``Store.replace_graphs``."""
    return {name: graph, inferred_graph_name(name): (tbox or ontology_tbox()).entail(graph)}
