"""Where a case stands in the paper's framework: a grade per imbalance archetype, weighed from its evidence.

A stakeholder favouring its own pole is its performing regime (Section 4.1.1), not an imbalance; an archetype
is an imbalance, the other pole neglected with drift (Section 4.2).  So the diagnosis weighs each item for and
against each archetype and grades it indicated, possible, insufficient evidence or not indicated (issue 21).
The knowledge is data: the archetypes' patterns are OWL class expressions in the ontology
(``lpskg:MyopiaNeglectedPole`` ...), which HermiT classifies with (:func:`lpskg.knowledge.reasoning.classify`)
and ``queries/rules/`` compiles and matches as SPARQL; the refinements, weights, thresholds and grades are
``queries/rules/contributions.rq`` and ``queries/diagnosis/grade.rq`` over the policy of ``data/diagnosis.ttl``;
each grading rule is a resource of the graph, stated with its passages or the curator's with its reason.  No
Python here knows an archetype, a pole or a grade by its label.

A diagnosis reads an in-memory store of the framework (the bundled graphs as the store holds them, with the
patterns compiled, copied once per write generation) with the one case graph added for the time of the
diagnosis, so that its cost does not grow with the store, and a case that is not stored yet (a file, a dry
run) is diagnosed exactly as a stored one.  The paper's own cases are diagnosed from their evidence in the
bundle, as the curator coded it (graph/interpretations).
"""
from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from ..namespaces import LPSKG, graph_iri
from ..store import EmbeddedStore, Store, to_oxigraph
from .bundle import bundle_files
from .diagnosis_results import (
    ActionReported,
    ArchetypeGrade,
    Chain,
    Composition,
    Contribution,
    Diagnosis,
    Item,
    Licence,
    Passage,
    PracticeUse,
    Rule,
    SharedOrigin,
    Suggestion,
)
from .graphs import Change, Graphs
from .library import read_model

#: How the store's graphs are copied into the in-memory framework store.
NTRIPLES = "application/n-triples"
#: The graph the diagnosed case's quads go into, in the framework's in-memory store.
DIAGNOSED = "urn:lpskg:diagnosed-case"
#: The archetypes' patterns compiled into flat conditions (queries/rules/pattern-conditions.rq), once per framework.
COMPILED = "urn:lpskg:compiled-patterns"
#: The pattern matches and contributions of the case being diagnosed, dropped after each diagnosis.
WORK = "urn:lpskg:diagnosis-work"
#: One diagnosis at a time in the framework stores (each takes milliseconds).
_DIAGNOSING = threading.Lock()

__all__ = ["DIAGNOSED", "Diagnosis", "Framework", "diagnose", "diagnose_in", "framework", "framework_store",
           "prepare"]


@dataclass(frozen=True)
class KnockOn:
    """A knock-on imbalance an archetype triggers, as the framework states it (and the archetypes it may drive,
    as the curator reads it)."""

    knockon: str
    archetype: str
    paradox: str
    paradox_label: str
    tension_label: str | None
    tension_status: str | None
    rule: str | None
    passages: tuple[Passage, ...]
    drives: tuple[tuple[str, str, str, tuple[Passage, ...]], ...]   # (archetype, label, rationale, passages)


@dataclass
class Framework:
    """The store the rules run on, and what the diagnosis reads from the framework once per generation."""

    store: Store
    rules: dict[str, Rule] = field(default_factory=dict)
    archetype_rules: dict[str, tuple[str, ...]] = field(default_factory=dict)
    weighing_rules: tuple[str, ...] = ()
    knockons: list[KnockOn] = field(default_factory=list)
    origins: list[SharedOrigin] = field(default_factory=list)
    answers: dict[tuple[str, str], list[dict]] = field(default_factory=dict)

    def about(self, name: str, archetype: str) -> list[dict]:
        """The rows of a read model about one archetype that reads only the framework (what counters it, the
        practices used against it), run once per framework."""
        key = (name, archetype)
        if key not in self.answers:
            self.answers[key] = read_model(name).run(self.store, {"archetype": URIRef(archetype)})
        return self.answers[key]


# --------------------------------------------------------------------------- the framework, per generation

def framework(graphs: Graphs) -> Framework:
    """The bundled graphs (ontology, framework, paper, links ...) in memory, the patterns compiled, read from the
    store once and kept until a write touches one of them."""
    return graphs.derived("diagnosis-framework", lambda: _read_framework(graphs.store), _unless_bundle_written)


def framework_store(graphs: Graphs) -> Store:
    """The in-memory store of the framework the diagnosis runs on."""
    return framework(graphs).store


def _read_framework(store: Store) -> Framework:
    memory = EmbeddedStore(None)
    for name in bundle_files():
        memory.add_quads(_quads(store.graph_document(name, NTRIPLES), name))
    return prepare(memory)


def _unless_bundle_written(value: Framework, change: Change) -> Framework | None:
    """A case written leaves the framework as it was; a write to a bundled graph, or one that cannot say which
    graphs it wrote, does not."""
    if change.graphs is None or any(name in bundle_files() for name in change.graphs):
        return None
    return value


def prepare(store: Store) -> Framework:
    """Compile the archetypes' patterns into ``store`` (an in-memory store holding the framework) and read the
    rules, knock-on imbalances and origins of drift the diagnosis reports."""
    if not store.ask(f"ASK {{ GRAPH <{COMPILED}> {{ ?s ?p ?o }} }}"):
        _insert(store, read_model("rules/pattern-conditions").run(store), COMPILED)
    rules: dict[str, list[dict]] = defaultdict(list)
    for row in read_model("diagnosis/rules").run(store):
        rules[str(row["rule"])].append(row)
    framework_ = Framework(store)
    for iri, rows in rules.items():
        first = rows[0]
        framework_.rules[iri] = Rule(iri, str(first["ruleId"]), str(first["label"]), str(first["definition"]),
                                     str(first["status"]), _str(first, "rationale"), _passages(rows))
        for archetype in {str(r["archetype"]) for r in rows if "archetype" in r}:
            framework_.archetype_rules[archetype] = framework_.archetype_rules.get(archetype, ()) + (iri,)
        if any(_bool(r, "weighing") for r in rows):
            framework_.weighing_rules += (iri,)
    knockons: dict[str, list[dict]] = defaultdict(list)
    for row in read_model("diagnosis/knock-ons").run(store):
        knockons[str(row["knockon"])].append(row)
    for iri, rows in knockons.items():
        first = rows[0]
        drives: dict[str, list[dict]] = defaultdict(list)
        for row in rows:
            if "next" in row:
                drives[str(row["next"])].append(row)
        framework_.knockons.append(KnockOn(
            iri, str(first["archetype"]), str(first["paradox"]), str(first["paradoxLabel"]),
            _str(first, "tensionLabel"), _str(first, "tensionStatus"), _str(first, "rule"), _passages(rows),
            tuple((nxt, str(group[0]["nextLabel"]), str(group[0]["nextRationale"]),
                   _passages(group, "nextPassage", "nextLocator", "nextExcerpt")) for nxt, group in drives.items())))
    origins: dict[str, list[dict]] = defaultdict(list)
    for row in read_model("diagnosis/origins").run(store):
        origins[str(row["origin"])].append(row)
    framework_.origins = [SharedOrigin(iri, str(rows[0]["label"]), tuple(sorted({str(r["archetype"]) for r in rows})),
                                       _passages(rows)) for iri, rows in origins.items()]
    return framework_


# --------------------------------------------------------------------------- the diagnosis

def diagnose(graphs: Graphs, case: URIRef, case_graph: Graph | None = None) -> Diagnosis:
    """Diagnose ``case`` against the framework the store holds: the stored case, or ``case_graph`` for one that
    is not stored (a file, a dry run; an empty graph for one of the paper's cases, whose evidence is the bundle's).

    The case's quads go into a graph of their own in the framework's in-memory store for the time of the
    diagnosis, one diagnosis at a time, so that none sees another's case. (Naming the graphs in each query's
    dataset instead was measured 8x slower than the union default.)
    """
    current = framework(graphs)
    if case_graph is None:
        quads = _quads(graphs.store.graph_document(graph_iri("case", case.rsplit("/", 1)[-1]), NTRIPLES), DIAGNOSED)
    else:
        target = ox.NamedNode(DIAGNOSED)
        quads = [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), target) for s, p, o in case_graph]
    with _DIAGNOSING:
        current.store.add_quads(quads)
        try:
            return diagnose_in(current.store, case, current)
        finally:
            current.store.update(f"DROP SILENT GRAPH <{DIAGNOSED}>")


def diagnose_in(store: EmbeddedStore, case: URIRef, prepared: Framework | None = None) -> Diagnosis:
    """Diagnose ``case`` over an in-memory store that holds the framework and the case: match the patterns,
    refine them into contributions, grade, then read what the grades rest on and what may follow. The matches
    and contributions are written into the store's work graph for the queries that aggregate them, and dropped."""
    if not isinstance(store, EmbeddedStore) or store.path is not None:
        raise ValueError("diagnose_in writes its working graphs into the store it runs on: give it an in-memory "
                         "store of the framework (framework_store(graphs), or EmbeddedStore(None) with the bundle)")
    fw = prepared or prepare(store)
    run = _runner(store)
    try:
        matches = run("rules/evidence-patterns", {"case": case})
        _insert(store, matches, WORK)
        _insert(store, run("rules/contributions", {"case": case}), WORK)
        grade_rows = run("diagnosis/grade")
        contribution_rows = run("diagnosis/contributions")
        indicated = [row["archetype"] for row in grade_rows if int(row["rank"]) == 3]
        chain_rows = run("diagnosis/chains", {"case": case}, values=indicated) if indicated else []
        diagnosis = _Reader(fw, run, case).diagnosis(grade_rows, contribution_rows, chain_rows)
        for evidence, cls in matches.subject_objects(RDF.type):
            if cls != LPSKG.PatternMatch:
                diagnosis.pattern_classes.setdefault(str(evidence), set()).add(str(cls))
        return diagnosis
    finally:
        store.update(f"DROP SILENT GRAPH <{WORK}>")


class _Reader:
    """Turns the rows of the grading queries into a :class:`Diagnosis`, reading the texts, licences, suggested
    actions and chains it shows."""

    def __init__(self, fw: Framework, run: Callable[..., Any], case: URIRef) -> None:
        self.fw, self.run, self.case = fw, run, case

    def diagnosis(self, grade_rows: list[dict], contribution_rows: list[dict], chain_rows: list[dict]) -> Diagnosis:
        labels = _labels(self.run, [self.case])
        diagnosis = Diagnosis(str(self.case), labels[self.case])
        if grade_rows:
            diagnosis.one_off_factor = float(grade_rows[0]["oneOffFactor"])
        contributions = self._contributions(contribution_rows)
        diagnosis.actions = [ActionReported(str(r["strategy"]), str(r["strategyLabel"]), _str(r, "practiceLabel"),
                                            _str(r, "effect"), str(r["evidence"]), _str(r, "status"),
                                            _str(r, "outcome"))
                             for r in self.run("diagnosis/actions-taken", {"case": self.case})]
        items = {c.evidence for cs in contributions.values() for c in cs} | {str(r["item"]) for r in chain_rows}
        diagnosis.items = self._items(items)
        for row in grade_rows:
            diagnosis.grades.append(self._grade(row, contributions.get(str(row["archetype"]), []), diagnosis))
        self._chains(diagnosis, chain_rows, contributions)
        return diagnosis

    def _contributions(self, rows: list[dict]) -> dict[str, list[Contribution]]:
        grouped: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
        for row in rows:
            grouped[(str(row["archetype"]), str(row["evidence"]), str(row["kind"]))].append(row)
        found: dict[str, list[Contribution]] = defaultdict(list)
        for (archetype, evidence, kind), group in grouped.items():
            first = group[0]
            found[archetype].append(Contribution(
                evidence, kind, str(first["kindLabel"]), _bool(first, "countsFor"), float(first["weight"]),
                _bool(first, "oneOff"), _bool(first, "resolved"), _bool(first, "persistent"),
                tuple(dict.fromkeys((str(r["by"]), str(r["byLabel"])) for r in group if "by" in r)),
                (str(first["named"]), str(first["namedLabel"])) if "named" in first else None,
                tuple(str(first["rules"]).split()) if "rules" in first else ()))
        return found

    def _items(self, iris: Iterable[str]) -> dict[str, Item]:
        rows = self.run("diagnosis/evidence", values=[URIRef(i) for i in sorted(iris)])
        return {str(r["evidence"]): Item(
            str(r["evidence"]), str(r["kind"]), str(r["label"]), str(r["text"]), _str(r, "role"), _str(r, "locator"),
            _str(r, "strength"), _bool(r, "absence"), _str(r, "time"), _str(r, "timePhrase"),
            tuple(str(r.get("followsFrom", "")).split()), tuple(str(r.get("comesAfter", "")).split())) for r in rows}

    def _grade(self, row: dict, contributions: list[Contribution], diagnosis: Diagnosis) -> ArchetypeGrade:
        archetype = str(row["archetype"])
        items_for = tuple(sorted((c for c in contributions if c.counts_for), key=lambda c: (c.evidence, c.kind)))
        against = tuple(sorted((c for c in contributions if not c.counts_for), key=lambda c: (c.evidence, c.kind)))
        lowered = _bool(row, "lowered")
        rule_iris = [r for c in contributions for r in c.rules] + ([str(row["loweredBy"])] if "loweredBy" in row else [])
        if contributions:
            rule_iris += [str(row["decidedBy"])] + list(self.fw.archetype_rules.get(archetype, ()))
            rule_iris += list(self.fw.weighing_rules)
        rules = tuple(sorted({self.fw.rules[i] for i in rule_iris if i in self.fw.rules}, key=_rule_order))
        rank = int(row["rank"])
        by = {iri for c in contributions for iri, _ in c.by}
        return ArchetypeGrade(
            archetype, str(row["archetypeLabel"]), str(row["grade"]), str(row["gradeLabel"]), rank,
            str(row["base"]).rsplit("/", 1)[-1].replace("-", " "), lowered, float(row["support"]),
            float(row["counter"]), items_for, against, rules, _why(row, items_for, against),
            self._licences(archetype, by) if by else (),
            self._suggestions(archetype, diagnosis.actions) if rank >= 2 else ())

    def _licences(self, archetype: str, by: set[str]) -> tuple[Licence, ...]:
        rows = self.run("diagnosis/licences", {"archetype": URIRef(archetype)}, values=[URIRef(b) for b in sorted(by)])
        return tuple(dict.fromkeys(
            Licence(str(r["statement"]), str(r["statementLabel"]), str(r["status"]), str(r["passage"]),
                    str(r["locator"]), _str(r, "excerpt"), _str(r, "rationale")) for r in rows))

    def _suggestions(self, archetype: str, actions: list[ActionReported]) -> tuple[Suggestion, ...]:
        counters: dict[str, list[dict]] = defaultdict(list)
        for row in self.fw.about("diagnosis/counters", archetype):
            counters[str(row["strategy"])].append(row)
        uses: dict[str, list[dict]] = defaultdict(list)
        for row in self.fw.about("diagnosis/practice-uses", archetype):
            uses[str(row["use"])].append(row)
        practice_uses = [PracticeUse(use, str(g[0]["useLabel"]), str(g[0]["practiceLabel"]), str(g[0]["tensionLabel"]),
                                     str(g[0]["via"]), _str(g[0], "strategy"),
                                     tuple(sorted({str(r["company"]) for r in g if "company" in r})), _passages(g))
                         for use, g in uses.items()]
        suggestions = []
        for strategy, group in counters.items():
            statuses = {str(r["status"]) for r in group if "status" in r}
            suggestions.append(Suggestion(
                strategy, str(group[0]["strategyLabel"]), "stated" if "stated" in statuses else next(iter(statuses), None),
                tuple(sorted({str(r["mechanismLabel"]) for r in group if "mechanismLabel" in r})), _passages(group),
                tuple(a for a in actions if a.strategy == strategy),
                tuple(u for u in practice_uses if u.strategy == strategy)))
        general = tuple(u for u in practice_uses if u.strategy is None)
        if general:
            suggestions.append(Suggestion("", "practices the companies used", None, (), (), (), general))
        return tuple(sorted(suggestions, key=lambda s: (s.strategy == "", s.status != "stated", s.label)))

    def _chains(self, diagnosis: Diagnosis, rows: list[dict], contributions: dict[str, list[Contribution]]) -> None:
        by_knockon: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for row in rows:
            by_knockon[str(row["knockon"])][str(row["item"])].add(str(row["route"]))
        indicated = {g.archetype: g for g in diagnosis.indications}
        for knockon in self.fw.knockons:
            if knockon.archetype in indicated:
                for nxt, label, rationale, passages in knockon.drives:
                    if nxt in indicated:
                        diagnosis.compositions.append(Composition(
                            (knockon.archetype, indicated[knockon.archetype].label), (nxt, label), knockon.knockon,
                            rationale, passages))
            if knockon.knockon not in by_knockon:
                continue
            first = tuple(dict.fromkeys(c.evidence for c in contributions.get(knockon.archetype, []) if c.counts_for))
            second = tuple(sorted(by_knockon[knockon.knockon]))
            links = tuple((a, b) for a in second for b in diagnosis.items.get(a, Item(a, "", "", "")).follows_from
                          if b in first)
            diagnosis.chains.append(Chain(
                knockon.archetype, indicated[knockon.archetype].label, knockon.knockon, knockon.paradox,
                knockon.paradox_label, knockon.tension_label, knockon.tension_status,
                self.fw.rules.get(knockon.rule or ""), knockon.passages, first, second, links))
        for origin in self.fw.origins:
            shared = tuple(indicated[a].label for a in origin.archetypes if a in indicated)
            if len(shared) > 1:
                diagnosis.origins.append(SharedOrigin(origin.origin, origin.label, shared, origin.passages))


def _rule_order(rule: Rule) -> tuple[int, int]:
    """R1 ... R12, then C1 ... C3, then the curator's I-1 ... I-21."""
    return "RCI".find(rule.rule_id[0]), int("".join(ch for ch in rule.rule_id if ch.isdigit()) or 0)


def _why(row: dict, items_for: tuple[Contribution, ...], against: tuple[Contribution, ...]) -> str:
    """Why the grade, in numbers: the pattern, the support and items against the thresholds, the counter."""
    n_for, n_against = len({c.evidence for c in items_for}), len({c.evidence for c in against})
    parts = []
    if _bool(row, "pattern"):
        parts.append(f"the imbalance pattern (a neglected pole or a drift sign) is shown; {n_for} item(s) support it "
                     f"with a weight of {float(row['support']):g} (an indication needs {int(row['minimumItems'])} "
                     f"items, a weight of {float(row['minimumSupport']):g}, and a sign or a stance that is not one-off)")
    elif n_for:
        parts.append(f"no neglected pole and no drift sign of the archetype's group: {n_for} item(s) weighing "
                     f"{float(row['support']):g} show a priority or a sign of another stakeholder, which cannot tell "
                     "the normal performing regime from an imbalance")
    else:
        parts.append("no item supports it")
    if _bool(row, "persistence") and not _bool(row, "pattern"):
        parts.append("the priority persists over time" + (", with a force behind it" if _bool(row, "force") else ""))
    if n_against:
        parts.append(f"{n_against} item(s) weighing {float(row['counter']):g} count against it"
                     + (", enough to lower the grade one step (from "
                        f"{str(row['base']).rsplit('/', 1)[-1].replace('-', ' ')})" if _bool(row, "lowered") else
                        ", not enough to lower the grade"))
    return "; ".join(parts) + "."


# --------------------------------------------------------------------------- helpers

def _insert(store: Store, graph: Graph, name: str) -> None:
    target = ox.NamedNode(name)
    store.add_quads([ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), target) for s, p, o in graph])


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


def _bool(row: dict, key: str) -> bool:
    return key in row and str(row[key]).lower() in ("true", "1")


def _labels(run: Callable[..., Any], iris: Iterable[URIRef]) -> dict[URIRef, str]:
    rows = run("pages/labels", values=list(iris))
    labels = {row["iri"]: str(row["label"]) for row in rows if "label" in row}
    return {iri: labels.get(iri, str(iri)) for iri in iris}


def _passages(rows: Iterable[dict], passage: str = "passage", locator: str = "locator",
              excerpt: str = "excerpt") -> tuple[Passage, ...]:
    return tuple(dict.fromkeys((str(r[passage]), str(r[locator]), _str(r, excerpt)) for r in rows if passage in r))
