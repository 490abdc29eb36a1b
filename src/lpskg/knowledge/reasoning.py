"""OWL reasoning with HermiT: is the ontology (and the shipped data) consistent?

SHACL checks the shape of the data; a DL reasoner checks the logic of the
ontology: that no class is unsatisfiable (it could never have an instance,
say because it is a subclass of two disjoint classes) and that the shipped
individuals do not contradict the axioms (a functional property with two
different values that are declared different, an individual in two disjoint
classes ...).  owlready2 bundles HermiT, which runs on Java: a few tenths of
a second for the ontology alone, seconds with the shipped data, and far too
long for a store of 100k triples (measured: 20 s for a 10k-triple ABox, no
answer within 15 minutes at 100k), so only the ontology and the shipped graph
are reasoned over, never the store.
"""
from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from .bundle import bundle_files

Progress = Callable[[str], None]


class ReasonerUnavailable(RuntimeError):
    """HermiT cannot run on this machine; the message says what to install."""


class ReasoningError(RuntimeError):
    """HermiT ran but failed; the message carries Java's explanation."""


@dataclass(frozen=True)
class ReasoningReport:
    """What HermiT concluded about the graph it was given."""

    consistent: bool
    unsatisfiable: list[str]   # IRIs of classes that can have no instance
    triples: int
    seconds: float

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable

    def text(self) -> str:
        """HermiT's verdict in a few lines: consistency, then each unsatisfiable class."""
        size = f"({self.triples} triples, {self.seconds:.1f} s)"
        if not self.consistent:
            return (f"HermiT: INCONSISTENT {size}: the axioms and individuals contradict each other "
                    "(look for an individual in two disjoint classes, or a functional property with two values)")
        if self.unsatisfiable:
            return "\n".join([f"HermiT: consistent, but {len(self.unsatisfiable)} unsatisfiable class(es) {size}:"]
                             + [f"  {iri} can have no instance: check its superclasses and disjointness axioms"
                                for iri in self.unsatisfiable])
        return f"HermiT: consistent, no unsatisfiable class {size}"


def java_executable() -> str | None:
    """The Java runtime owlready2 will call, if there is one on the PATH."""
    import owlready2

    return shutil.which(owlready2.JAVA_EXE)


def reasoning_graph(with_data: bool) -> Graph:
    """The ontology, and with ``with_data`` every shipped data file, merged."""
    files = bundle_files()
    graph = Graph()
    for path in (files.values() if with_data else list(files.values())[:1]):
        graph.parse(path, format="turtle")
    return graph


def reason(with_data: bool = False, progress: Progress | None = None) -> ReasoningReport:
    """Run HermiT over the ontology (and the shipped data) and report its verdict."""
    return reason_over(reasoning_graph(with_data), progress)


def reason_over(graph: Graph, progress: Progress | None = None) -> ReasoningReport:
    """Run HermiT over ``graph`` (an ontology with or without individuals)."""
    started = time.perf_counter()
    try:
        with _hermit(graph, progress) as world:
            unsatisfiable = sorted(cls.iri for cls in world.inconsistent_classes()
                                   if cls.iri != "http://www.w3.org/2002/07/owl#Nothing")
    except _Inconsistent:
        return ReasoningReport(False, [], len(graph), time.perf_counter() - started)
    return ReasoningReport(True, unsatisfiable, len(graph), time.perf_counter() - started)


def classify(graph: Graph, individuals: Iterable[str], progress: Progress | None = None) -> dict[str, set[str]]:
    """The named classes HermiT infers for each of ``individuals`` (IRIs) in ``graph``.

    This is how the archetype definitions, written as OWL class expressions
    (``lpskg:MyopiaIndication`` ...), recognise a pattern of evidence: HermiT
    places an item of evidence in every class whose definition it meets.
    Raises :class:`ReasoningError` if the graph is inconsistent.
    """
    try:
        with _hermit(graph, progress) as world:
            found = {}
            for iri in individuals:
                individual = world[iri]
                found[iri] = set() if individual is None else {
                    cls.iri for cls in individual.INDIRECT_is_a if hasattr(cls, "iri")}
            return found
    except _Inconsistent:
        raise ReasoningError("HermiT: the graph is inconsistent, so no class can be inferred") from None


class _Inconsistent(Exception):
    """HermiT found the graph inconsistent."""


@contextmanager
def _hermit(graph: Graph, progress: Progress | None) -> Iterator[object]:
    """An owlready2 world holding ``graph`` after HermiT has reasoned over it."""
    import owlready2

    if java_executable() is None:
        raise ReasonerUnavailable(
            f"HermiT needs a Java runtime and '{owlready2.JAVA_EXE}' is not on the PATH: "
            "install one (e.g. apt-get install default-jre-headless)")
    say = progress or (lambda message: None)
    say(f"converting {len(graph)} triples to N-Triples for owlready2")
    with tempfile.TemporaryDirectory(prefix="lpskg-reason-") as directory:
        path = Path(directory) / "graph.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        try:
            say("loading into owlready2")
            with path.open("rb") as source:
                ontology = world.get_ontology(path.as_uri()).load(fileobj=source, format="ntriples")
            say("running HermiT (this takes a few seconds)")
            try:
                owlready2.sync_reasoner_hermit(ontology, infer_property_values=False, debug=0)
            except owlready2.OwlReadyInconsistentOntologyError:
                raise _Inconsistent() from None
            except owlready2.OwlReadyJavaError as error:
                raise ReasoningError(f"HermiT failed: {' '.join(str(error).split())[:400]}") from None
            yield world
        finally:
            world.close()
