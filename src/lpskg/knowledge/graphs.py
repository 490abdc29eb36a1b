"""The one write path: every change to the store goes through :class:`Graphs`.

Loading the bundle, submitting or withdrawing a case or publication, a Graph
Store PUT/POST/DELETE, a SPARQL Update and an import all call one object,
which

* takes one process-wide lock, so that a read-check-write sequence (is this
  case id free? does the submission validate?) is not interleaved with
  another write;
* computes the entailments of every project graph it writes (``graph/...``
  gets ``graph/inferred/...``, :mod:`lpskg.knowledge.inference`), in Python
  for a graph in hand and in SPARQL for an update, and sends them to the store
  in the same request as the write, so both are one transaction;
* calls the store once per write;
* moves the write generation on and tells its listeners (the query workers,
  ``/health``'s count, the concept index, any cache of answers), so that a
  cache keyed on the generation never serves what a write changed.

A store that other clients also write (a shared remote service) cannot trust
a generation only this process moves: ``shared=True`` makes
:meth:`Graphs.cache_key` None, which tells caches not to keep anything.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

import pyoxigraph as ox
from rdflib import Graph

from ..namespaces import graph_iri
from ..paths import ONTOLOGY_FILE
from ..sparql_text import QuerySyntaxError, check_iri, mask_literals, touched_graphs
from ..store import PerGeneration, Store, StoreError, StoreUnavailable, graph_as_insert
from .inference import TBox, has_entailments, inferred_graph_name, is_inferred_graph

#: The lock every write of this process takes (reentrant: a submission holds it while it
#: checks, validates and then writes).
_WRITE_LOCK = threading.RLock()
ONTOLOGY_GRAPH = graph_iri("ontology")


class ReadOnlyGraph(ValueError):
    """A write names a graph that holds computed entailments; the message says what to write instead."""


class UpdateFailed(ValueError):
    """A SPARQL Update that does not parse, or that the store refused while applying it: it changed nothing.

    The client's update is at fault, not the store (a store that cannot be reached
    raises :class:`~lpskg.store.StoreUnavailable` instead)."""


@dataclass(frozen=True)
class Change:
    """What one write did: the generation it made, the graphs it wrote (None: it cannot say which),
    and, for a write that only added new graphs, their content."""

    generation: int
    graphs: frozenset[str | None] | None
    added: Graph | None = None


Listener = Callable[[Change], None]
T = TypeVar("T")


@lru_cache(maxsize=1)
def ontology_tbox() -> TBox:
    """The TBox of the project's ontology file, parsed once per process."""
    return TBox(Graph().parse(ONTOLOGY_FILE))


class Graphs:
    """The store's named graphs, written only through here (see the module's description)."""

    def __init__(self, store: Store, tbox: TBox | None = None, shared: bool = False) -> None:
        self.store = store
        self.tbox = tbox or ontology_tbox()
        self.shared = shared
        self._generation = 0
        self._listeners: list[Listener] = []
        self._derived: dict[str, PerGeneration] = {}
        self._derived_lock = threading.Lock()

    @property
    def generation(self) -> int:
        """How many writes went through this object."""
        return self._generation

    def cache_key(self) -> int | None:
        """What a cache of derived data keys on: the generation, or None when the store is shared."""
        return None if self.shared else self._generation

    def derived(self, name: str, build: Callable[[], T], carry: Callable[[T, Change], T | None]) -> T:
        """The value ``build`` derives from the store, kept until a write changes it (such as the concept
        index, or the framework a diagnosis reads), and built anew each time over a shared store.

        After a write, ``carry(value, change)`` gives the value to keep (the same, or one extended
        by what the write added), or None when the write may have changed it.
        """
        key = self.cache_key()
        if key is None:
            return build()
        with self._derived_lock:
            slot = self._derived.get(name)
            if slot is None:
                slot = self._derived[name] = PerGeneration(key, max_entries=1,
                                                           carry=lambda _, value, change: carry(value, change))
                self.on_change(lambda change: slot.moved(self.cache_key(), change))
        value = slot.get(name, key)
        if value is None:
            value = build()
            slot.put(name, value, key)  # kept only if no write went by while it was built
        return value

    def on_change(self, listener: Listener) -> None:
        """Call ``listener`` after every write, with the :class:`Change` it made."""
        self._listeners.append(listener)

    @contextmanager
    def writing(self) -> Iterator["Graphs"]:
        """Hold the write lock around a read-check-write sequence (the writes inside take it again)."""
        with _WRITE_LOCK:
            yield self

    def entail(self, graph: Graph) -> Graph:
        """The entailments of ``graph`` under the current ontology (what ``put`` stores beside it)."""
        return self.tbox.entail(graph)

    # -- writes ------------------------------------------------------------------------

    def put(self, graphs: Mapping[str | None, Graph], remove: Iterable[str] = (), *, new: bool = False) -> Change:
        """Replace each graph (None: the store's default graph) by the given content and drop ``remove``,
        with their entailments, in one transaction.

        ``new`` says the graphs did not exist and nothing else changed, so that
        listeners may extend what they derived instead of starting again.
        """
        remove = list(remove)
        names = [*graphs, *remove]
        self._refuse_inferred(names)
        with self.writing():
            if ONTOLOGY_GRAPH in graphs:
                tbox = TBox(graphs[ONTOLOGY_GRAPH])
            else:
                tbox = TBox(Graph()) if ONTOLOGY_GRAPH in remove else self.tbox
            parts = [self._drop(name) for name in names]
            for name, graph in graphs.items():
                if len(graph):
                    parts.append(graph_as_insert(name, graph))
                if has_entailments(name):
                    entailed = tbox.entail(graph)
                    if len(entailed):
                        parts.append(graph_as_insert(inferred_graph_name(name), entailed))
            self.store.update(" ;\n".join(parts))
            self._ontology_written(ONTOLOGY_GRAPH in names, tbox)
            added = None
            if new:
                added = Graph()
                for graph in graphs.values():
                    added += graph
            return self._changed(frozenset(names), added)

    def add(self, name: str | None, graph: Graph) -> Change:
        """Merge ``graph`` into the graph ``name`` (None: the default graph), its entailments recomputed."""
        self._refuse_inferred([name])
        with self.writing():
            text = graph_as_insert(name, graph)
            refresh = self.tbox.refresh([name]) if has_entailments(name) else ""
            self.store.update(f"{text} ;\n{refresh}" if refresh else text)
            self._reload_if_ontology([name])
            return self._changed(frozenset([name]))

    def drop(self, names: Iterable[str | None]) -> Change:
        """Remove the graphs (None: empty the default graph) and their entailments, in one transaction."""
        names = list(names)
        self._refuse_inferred(names)
        with self.writing():
            self.store.update(" ;\n".join(self._drop(name) for name in names))
            self._reload_if_ontology(names)
            return self._changed(frozenset(names))

    def update(self, text: str, base_iri: str | None = None) -> Change:
        """Apply a SPARQL Update and, in the same request, recompute the entailments of the graphs it writes.

        Relative IRIs in ``text`` resolve against ``base_iri`` (the endpoint's URL for an update sent over HTTP).

        The graphs are read off the update's text (``GRAPH <g>``, ``WITH``, ``INTO`` ...);
        an update that names them by variable (``GRAPH ?g``) or writes ``ALL`` makes
        every project graph's entailments be recomputed, which costs time in
        proportion to the store.  An update that does not parse or that the store
        refuses raises :class:`UpdateFailed`; one that names an inferred graph,
        :class:`ReadOnlyGraph`.
        """
        touched = touched_graphs(text, base_iri)
        if touched is not None:
            self._refuse_inferred(touched)
        refresh = self.tbox.refresh(touched)
        with self.writing():
            try:
                self.store.update(f"{_without_final_semicolon(text)}\n;\n{refresh}" if refresh else text, base_iri)
            except QuerySyntaxError as error:
                raise UpdateFailed(f"the update does not parse: {error}") from None
            except StoreUnavailable:
                raise
            except (StoreError, OSError, RuntimeError, ValueError) as error:   # the engine refused it
                raise UpdateFailed(f"the update failed and changed nothing: {error}") from None
            self._reload_if_ontology(touched)
            return self._changed(None if touched is None else frozenset(touched))

    def add_quads(self, quads: Iterable[ox.Quad], atomic: bool = True,
                  progress: Callable[[str], None] | None = None) -> Change:
        """Add the quads of an import; the project graphs it fills without their entailments get them.

        An export carries its ``graph/inferred/...`` graphs and they are kept as
        they are; a project graph imported alone has its entailments computed
        after the import (a second request).
        """
        written: set[str | None] = set()

        def noted(stream: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
            for quad in stream:
                graph = quad.graph_name
                written.add(graph.value if isinstance(graph, ox.NamedNode) else None)
                yield quad

        with self.writing():
            self.store.add_quads(noted(quads), atomic=atomic, progress=progress)
            missing = [name for name in written if has_entailments(name) and inferred_graph_name(name) not in written]
            refresh = self.tbox.refresh(missing)
            if refresh:
                self.store.update(refresh)
            self._reload_if_ontology(written)
            return self._changed(frozenset(written))

    # -- helpers -----------------------------------------------------------------------

    @staticmethod
    def _refuse_inferred(names: Iterable[str | None]) -> None:
        for name in names:
            if name is not None:
                check_iri(name, "graph")
                if is_inferred_graph(name):
                    raise ReadOnlyGraph(f"<{name}> holds computed entailments: write the graph it is "
                                        "inferred from instead")

    @staticmethod
    def _drop(name: str | None) -> str:
        if name is None:
            return "DROP SILENT DEFAULT"
        text = f"DROP SILENT GRAPH <{name}>"
        return f"{text} ;\nDROP SILENT GRAPH <{inferred_graph_name(name)}>" if has_entailments(name) else text

    def _reload_if_ontology(self, names: Iterable[str | None] | None) -> None:
        if names is None or ONTOLOGY_GRAPH in names:
            self._ontology_written(True, TBox(self.store.graph(ONTOLOGY_GRAPH)))

    def _ontology_written(self, written: bool, tbox: TBox) -> None:
        """Adopt the ontology's new hierarchy; if it changed, every graph's entailments follow it."""
        if not written:
            return
        changed = (tbox.superclasses, tbox.superproperties, tbox.inverses) != \
                  (self.tbox.superclasses, self.tbox.superproperties, self.tbox.inverses)
        self.tbox = tbox
        if changed:
            self.store.update(tbox.refresh(None))

    def _changed(self, graphs: frozenset[str | None] | None, added: Graph | None = None) -> Change:
        self._generation += 1
        change = Change(self._generation, graphs, added)
        for listener in self._listeners:
            listener(change)
        return change


def _without_final_semicolon(text: str) -> str:
    """``text`` without a trailing ``;`` (allowed after the last operation), so more can follow."""
    masked = mask_literals(text).rstrip()
    if masked.endswith(";"):
        return text[: len(masked) - 1]
    return text
