"""Where a case stands in the paper's framework: the imbalance archetypes its evidence indicates.

The paper promises its readers "a robust anticipation power" (Section 6): read
a case's evidence through the framework and see which imbalance it drifts
towards, what that may trigger next, and what counters it.  The knowledge is
data: the archetypes' definitions are OWL class expressions in the ontology
(``lpskg:MyopiaIndication`` ...), which HermiT classifies with
(:func:`lpskg.knowledge.reasoning.classify`); ``queries/rules/*.rq`` read the
same class expressions as SPARQL CONSTRUCT rules, which is what runs here, in
milliseconds; and ``queries/diagnosis/*.rq`` read what the paper says about
each indicated archetype.  No Python here knows an archetype by name.

A diagnosis reads an in-memory store of the framework (the bundled graphs,
as the store holds them, copied once per write generation) with the one case
graph added for the time of the diagnosis, so that its cost does not grow with the store, and a case that is not
stored yet (a file, a dry run) is diagnosed exactly as a stored one.
"""
from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from ..namespaces import LPSKG, graph_iri, new_graph, resource_iri
from ..store import EmbeddedStore, Store, to_oxigraph
from .bundle import bundle_files
from .graphs import Change, Graphs
from .library import read_model, read_models

#: How the store's graphs are copied into the in-memory framework store.
NTRIPLES = "application/n-triples"


@dataclass(frozen=True)
class Support:
    """An item of the case's evidence behind an indication, and the stance or drift sign it matched by."""

    evidence: str
    kind: str           # quote or observation
    label: str
    text: str
    role: str | None
    locator: str | None
    by: str
    by_label: str
    by_kind: str        # stance or drift sign


@dataclass(frozen=True)
class Licence:
    """A passage of the paper behind the rule: the sentence that states the link, or an interpretation's basis."""

    statement: str
    statement_label: str
    status: str         # stated or interpretation
    passage: str
    locator: str
    excerpt: str | None
    rationale: str | None


@dataclass(frozen=True)
class Consequence:
    """A paradox whose imbalance the archetype may trigger next, and the archetypes that drives (Figure 2)."""

    paradox: str
    paradox_label: str
    next: tuple[tuple[str, str], ...]
    status: str | None
    passages: tuple[tuple[str, str, str | None], ...]   # (passage, locator, excerpt)


@dataclass(frozen=True)
class Counter:
    """A strategy or action the paper associates with countering the archetype; ``taken`` if the case took it."""

    strategy: str
    label: str
    mechanisms: tuple[str, ...]
    status: str | None
    passages: tuple[tuple[str, str, str | None], ...]
    taken: bool


@dataclass(frozen=True)
class Indication:
    """One archetype the case's evidence indicates, with everything that licenses and follows from it."""

    archetype: str
    label: str
    definitions: tuple[str, ...]
    supports: tuple[Support, ...]
    licences: tuple[Licence, ...]
    consequences: tuple[Consequence, ...]
    counters: tuple[Counter, ...]

    @property
    def rests_on_interpretation(self) -> bool:
        """True when no licence is stated: only the curator's interpretations license the rule."""
        return bool(self.licences) and all(licence.status == "interpretation" for licence in self.licences)


@dataclass(frozen=True)
class ActionReported:
    """An action the case's evidence reports taking; its effect is the submitter's words."""

    strategy: str
    label: str
    practice: str | None
    effect: str | None
    evidence: str


@dataclass
class Diagnosis:
    """The imbalance archetypes a case's evidence indicates; none means no imbalance indicated."""

    case: str
    case_label: str
    indications: list[Indication] = field(default_factory=list)
    actions: list[ActionReported] = field(default_factory=list)
    indicated_classes: dict[str, set[str]] = field(default_factory=dict)   # evidence -> indication classes

    @property
    def balanced(self) -> bool:
        return not self.indications

    def summary(self) -> str:
        """One line: what the evidence indicates."""
        if self.balanced:
            return f"{self.case_label}: no imbalance indicated by its evidence"
        found = ", ".join(f"{i.label} ({len({s.evidence for s in i.supports})} evidence item(s))"
                          for i in self.indications)
        return f"{self.case_label}: {found}"

    def as_json(self) -> dict[str, Any]:
        """The diagnosis as plain data: the JSON of the API, the dry run and ``--format json``."""
        return {"case": self.case, "label": self.case_label, "balanced": self.balanced, "summary": self.summary(),
                "indications": [_as_json(i) for i in self.indications],
                "actions_taken": [vars(a) for a in self.actions]}

    def graph(self, when: datetime | None = None) -> Graph:
        """The diagnosis in the lpskg vocabulary (lpskg:Diagnosis, lpskg:IndicatedImbalance), for Turtle."""
        g = new_graph()
        slug = self.case.rstrip("/").rsplit("/", 1)[-1]
        node = resource_iri("diagnosis", slug)
        case = URIRef(self.case)
        g.add((node, RDF.type, LPSKG.Diagnosis))
        g.add((node, RDFS.label, Literal(f"Diagnosis of {self.case_label}", lang="en")))
        g.add((node, LPSKG.diagnosisOf, case))
        g.add((node, LPSKG.balanced, Literal(self.balanced)))
        g.add((node, PROV.generatedAtTime, Literal((when or datetime.now(timezone.utc)).isoformat(timespec="seconds"),
                                                   datatype=XSD.dateTime)))
        for indication in self.indications:
            found = resource_iri("diagnosis", f"{slug}-{indication.archetype.rsplit('/', 1)[-1]}")
            g.add((node, LPSKG.findsImbalance, found))
            g.add((found, RDF.type, LPSKG.IndicatedImbalance))
            g.add((found, RDFS.label, Literal(f"{indication.label} indicated in {self.case_label}", lang="en")))
            g.add((found, LPSKG.indicatesArchetype, URIRef(indication.archetype)))
            for support in indication.supports:
                g.add((found, LPSKG.supportedBy, URIRef(support.evidence)))
            for licence in indication.licences:
                g.add((found, LPSKG.licensedBy, URIRef(licence.passage)))
            for consequence in indication.consequences:
                g.add((found, LPSKG.mayTriggerImbalanceOf, URIRef(consequence.paradox)))
                for iri, _ in consequence.next:
                    g.add((found, LPSKG.mayTrigger, URIRef(iri)))
            for counter in indication.counters:
                g.add((found, LPSKG.counterAlreadyTaken if counter.taken else LPSKG.counterStrategy,
                       URIRef(counter.strategy)))
        for evidence, classes in self.indicated_classes.items():
            for cls in classes:
                g.add((URIRef(evidence), RDF.type, URIRef(cls)))
        return g


def _as_json(indication: Indication) -> dict[str, Any]:
    return {"archetype": indication.archetype, "label": indication.label, "definitions": list(indication.definitions),
            "rests_on_interpretation": indication.rests_on_interpretation,
            "evidence": [vars(s) for s in indication.supports],
            "licensed_by": [vars(licence) for licence in indication.licences],
            "may_trigger": [{"paradox": c.paradox, "paradox_label": c.paradox_label, "status": c.status,
                             "next": [{"archetype": iri, "label": label} for iri, label in c.next],
                             "passages": [{"passage": p, "locator": loc, "excerpt": ex} for p, loc, ex in c.passages]}
                            for c in indication.consequences],
            "countered_by": [{"strategy": c.strategy, "label": c.label, "mechanisms": list(c.mechanisms),
                              "status": c.status, "already_taken": c.taken,
                              "passages": [{"passage": p, "locator": loc, "excerpt": ex} for p, loc, ex in c.passages]}
                             for c in indication.counters]}


# --------------------------------------------------------------------------- the framework, per generation

#: The graph the diagnosed case's quads go into, in the framework's in-memory store.
DIAGNOSED = "urn:lpskg:diagnosed-case"
#: One diagnosis at a time in the framework stores (each takes milliseconds).
_DIAGNOSING = threading.Lock()


def framework_store(graphs: Graphs) -> EmbeddedStore:
    """The bundled graphs (ontology, framework, paper, links ...) in memory, read from the store once and kept
    until a write touches one of them."""
    return graphs.derived("diagnosis-framework", lambda: _read_framework(graphs.store), _unless_bundle_written)


def _read_framework(store: Store) -> EmbeddedStore:
    memory = EmbeddedStore(None)
    for name in bundle_files():
        memory.add_quads(_quads(store.graph_document(name, NTRIPLES), name))
    return memory


def _unless_bundle_written(framework: EmbeddedStore, change: Change) -> EmbeddedStore | None:
    """A case written leaves the framework as it was; a write to a bundled graph, or one that cannot say which
    graphs it wrote, does not."""
    if change.graphs is None or any(name in bundle_files() for name in change.graphs):
        return None
    return framework


# --------------------------------------------------------------------------- the diagnosis

def diagnose(graphs: Graphs, case: URIRef, case_graph: Graph | None = None) -> Diagnosis:
    """Diagnose ``case`` against the framework the store holds: the stored case, or ``case_graph``
    for one that is not stored (a file, a dry run).

    The case's quads go into a graph of their own in the framework's in-memory store for the
    time of the diagnosis, one diagnosis at a time, so that none sees another's case. (Naming
    the graphs in each query's dataset instead was measured 8x slower than the union default.)
    """
    framework = framework_store(graphs)
    if case_graph is None:
        quads = _quads(graphs.store.graph_document(graph_iri("case", case.rsplit("/", 1)[-1]), NTRIPLES), DIAGNOSED)
    else:
        target = ox.NamedNode(DIAGNOSED)
        quads = [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), target) for s, p, o in case_graph]
    with _DIAGNOSING:
        framework.add_quads(quads)
        try:
            return diagnose_in(framework, case)
        finally:
            framework.update(f"DROP SILENT GRAPH <{DIAGNOSED}>")


def diagnose_in(store: Store, case: URIRef) -> Diagnosis:
    """Diagnose ``case`` over a store that holds the framework and the case (the rules, then the read models)."""
    matched = Graph()
    for rule in read_models("rules"):
        matched += rule.run(store, {"case": case})
    run = _runner(store)
    diagnosis = Diagnosis(str(case), _labels(run, [case])[case])
    per_archetype: dict[URIRef, list[tuple[URIRef, URIRef, URIRef]]] = defaultdict(list)
    for match in matched.subjects(RDF.type, LPSKG.IndicationMatch):
        evidence = matched.value(match, LPSKG.matchedEvidence)
        definition = matched.value(match, LPSKG.matchedDefinition)
        archetype = matched.value(match, LPSKG.indicatesArchetype)
        per_archetype[archetype].append((evidence, definition, matched.value(match, LPSKG.matchedBy)))
        diagnosis.indicated_classes.setdefault(str(evidence), set()).add(str(definition))
    actions = run("diagnosis/actions-taken", {"case": case})
    diagnosis.actions = [ActionReported(str(r["strategy"]), str(r["strategyLabel"]), _str(r, "practiceLabel"),
                                        _str(r, "effect"), str(r["evidence"])) for r in actions]
    taken = {a.strategy for a in diagnosis.actions}
    evidence_rows = _by(run("diagnosis/evidence", values={e for m in per_archetype.values() for e, _, _ in m}),
                        "evidence")
    by_rows = _by(run("diagnosis/matched-labels", values={b for m in per_archetype.values() for _, _, b in m}), "by")
    archetype_labels = _labels(run, per_archetype)
    for archetype, matches in sorted(per_archetype.items(), key=lambda item: archetype_labels[item[0]]):
        supports = tuple(sorted({_support(evidence_rows[str(e)], by_rows[str(b)], e, b) for e, _, b in matches},
                                key=lambda s: (s.evidence, s.by)))
        diagnosis.indications.append(Indication(
            str(archetype), archetype_labels[archetype], tuple(sorted({str(d) for _, d, _ in matches})), supports,
            _licences(run, archetype, {b for _, _, b in matches}), _consequences(run, archetype),
            _counters(run, archetype, taken)))
    return diagnosis


def _quads(ntriples: bytes, name: str) -> list[ox.Quad]:
    """The triples of an N-Triples document as quads of the graph ``name``."""
    target = ox.NamedNode(name)
    return [ox.Quad(t.subject, t.predicate, t.object, target) for t in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)]


def _runner(store: Store) -> Callable[..., Any]:
    """Run a read model of ``queries/`` on ``store``."""
    def run(name: str, bindings: dict | None = None, values: Iterable | None = None):
        return read_model(name).run(store, bindings, values=values)
    return run


def _str(row: dict, key: str) -> str | None:
    return str(row[key]) if key in row else None


def _by(rows, key: str) -> dict[str, dict]:
    return {str(row[key]): row for row in rows}


def _labels(run: Callable[..., Any], archetypes: Iterable[URIRef]) -> dict[URIRef, str]:
    rows = run("pages/labels", values=list(archetypes))
    labels = {row["iri"]: str(row["label"]) for row in rows if "label" in row}
    return {a: labels.get(a, str(a)) for a in archetypes}


def _support(evidence: dict, by: dict, evidence_iri: URIRef, by_iri: URIRef) -> Support:
    return Support(str(evidence_iri), str(evidence["kind"]), str(evidence["label"]), str(evidence["text"]),
                   _str(evidence, "role"), _str(evidence, "locator"), str(by_iri), str(by["label"]), str(by["kind"]))


def _licences(run: Callable[..., Any], archetype: URIRef, by: set[URIRef]) -> tuple[Licence, ...]:
    rows = run("diagnosis/licences", {"archetype": archetype}, values=by)
    return tuple(dict.fromkeys(
        Licence(str(r["statement"]), str(r["statementLabel"]), str(r["status"]), str(r["passage"]),
                str(r["locator"]), _str(r, "excerpt"), _str(r, "rationale")) for r in rows))


def _passages(rows) -> tuple[tuple[str, str, str | None], ...]:
    return tuple(dict.fromkeys((str(r["passage"]), str(r["locator"]), _str(r, "excerpt"))
                               for r in rows if "passage" in r))


def _consequences(run: Callable[..., Any], archetype: URIRef) -> tuple[Consequence, ...]:
    rows = run("diagnosis/consequences", {"archetype": archetype})
    grouped: dict[str, list] = defaultdict(list)
    for row in rows:
        grouped[str(row["paradox"])].append(row)
    return tuple(Consequence(paradox, str(group[0]["paradoxLabel"]),
                             tuple(dict.fromkeys((str(r["next"]), str(r["nextLabel"])) for r in group if "next" in r)),
                             next((str(r["status"]) for r in group if "status" in r), None), _passages(group))
                 for paradox, group in grouped.items())


def _counters(run: Callable[..., Any], archetype: URIRef, taken: set[str]) -> tuple[Counter, ...]:
    rows = run("diagnosis/counters", {"archetype": archetype})
    grouped: dict[str, list] = defaultdict(list)
    for row in rows:
        grouped[str(row["strategy"])].append(row)
    return tuple(Counter(strategy, str(group[0]["strategyLabel"]),
                         tuple(sorted({str(r["mechanismLabel"]) for r in group if "mechanismLabel" in r})),
                         next((str(r["status"]) for r in group if "status" in r), None), _passages(group),
                         strategy in taken)
                 for strategy, group in grouped.items())
