"""The one door to the data: a quad store with named graphs and SPARQL.

Everything in lpskg reaches its data through a :class:`Store`, so that the
embedded store can be replaced by a remote SPARQL service without touching
the callers.  The embedded store is pyoxigraph on disk (RocksDB): it is
persistent and transactional, loads 1M triples in a few seconds and answers
joins and text filters 10-50x faster than rdflib's memory store
(``../shared/notes/measured-stack.md``).  rdflib stays at the edges: the
callers hand in and get back ``rdflib.Graph`` objects, and SELECT rows come
back as rdflib terms so that code never sees an Oxigraph type.

Writes that replace or add whole graphs are sent as one SPARQL Update
request, which Oxigraph applies in a single transaction: a submission is
stored whole or not at all, even if the process is killed half way.
"""
from __future__ import annotations

import abc
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .namespaces import PREFIXES

T = TypeVar("T")
_VIEW_RETRIES = 5
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: Oxigraph mints a blank node as a random 128-bit id and writes it as its label in
#: hexadecimal without leading zeros, first character a letter: 32 digits for 94 % of
#: ids, 31 for 6 %, fewer rarely (measured over 20,000), under 16 with odds of 2^-60.
#: Labels other engines number per answer (``b0``) and hand-written ones are shorter.
_MINTED_LABEL = re.compile(r"[a-f][0-9a-f]{15,31}")



class Rows(list):
    """SELECT results: a list of rows that also knows the query's projected variables."""

    def __init__(self, variables: list[str], rows: Iterable[dict[str, Node]] = ()) -> None:
        super().__init__(rows)
        self.variables = variables


class StoreError(RuntimeError):
    """The store cannot be opened or refused an operation; the message says why."""


class StoreUnavailable(StoreError):
    """A remote store cannot be reached, failed, or refused lpskg's credentials.

    Not the client's fault: the HTTP layer answers 502 Bad Gateway."""


class StoreTimeout(StoreUnavailable):
    """A remote store did not answer within the query timeout."""


class QuerySyntaxError(ValueError):
    """A SPARQL query or update does not parse; the message gives the position."""


class BlankNodeScope:
    """The blank node labels of one document: a file being imported, one answer of a service.

    A label such as ``_:b0`` names a node only inside its document, so it gets a
    fresh node, the same for every use in the document: two documents that both
    say ``_:b0`` do not merge their nodes.  A label Oxigraph minted is the node's
    id in the store the document came from and is kept, so that an export
    imported again, or a node two graphs share, stays one node.
    """

    def __init__(self) -> None:
        self._fresh: dict[str, ox.BlankNode] = {}

    def node(self, term: T) -> T:
        """``term`` itself, unless it is a blank node whose label is not store-minted."""
        if not isinstance(term, ox.BlankNode) or _MINTED_LABEL.fullmatch(term.value):
            return term
        fresh = self._fresh.get(term.value)
        if fresh is None:
            fresh = self._fresh[term.value] = ox.BlankNode()
        return fresh


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset a query runs over (SPARQL 1.1 Protocol's graph parameters).

    ``default_graphs`` None means the store's configured default: the union of
    all graphs when ``union`` is true, otherwise the graphs listed in
    ``bundle_graphs`` by the caller.
    """

    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    union: bool = True


def _to_rdflib(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unsupported term {term!r}")


def _to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


def syntax_message(error: Exception) -> str:
    """The parser's message on one line: position first, the expected-token list cut short."""
    text = " ".join(str(error).split())
    return text if len(text) <= 240 else text[:239] + "…"


def graph_as_insert(name: str, graph: Graph) -> str:
    """An ``INSERT DATA`` block putting ``graph`` into the named graph ``name``."""
    body = graph.serialize(format="nt")
    return f"INSERT DATA {{ GRAPH <{name}> {{\n{body}\n}} }}"


class Store(abc.ABC):
    """A quad store with named graphs, answered in SPARQL 1.1."""

    def bundle_graphs(self) -> list[str]:
        """The named graphs of the bundled graph (ontology, shipped data, their entailments).

        Named from the bundle's files, not found by scanning the store: in
        ``bundle`` mode this runs for every query."""
        from .bundle import bundle_graph_names  # bundle imports this module

        return list(bundle_graph_names())

    @abc.abstractmethod
    def select(self, query: str, bindings: Mapping[str, Node] | None = None,
               dataset: Dataset | None = None) -> Rows:
        """Rows of a SELECT query; unbound variables are absent from a row."""

    @abc.abstractmethod
    def ask(self, query: str, bindings: Mapping[str, Node] | None = None,
            dataset: Dataset | None = None) -> bool:
        """The answer of an ASK query."""

    @abc.abstractmethod
    def construct(self, query: str, bindings: Mapping[str, Node] | None = None,
                  dataset: Dataset | None = None) -> Graph:
        """The graph of a CONSTRUCT or DESCRIBE query."""

    @abc.abstractmethod
    def update(self, update: str) -> None:
        """Apply a SPARQL Update request atomically."""

    @abc.abstractmethod
    def graph_names(self) -> list[str]:
        """IRIs of all named graphs, sorted."""

    @abc.abstractmethod
    def triple_count(self, graph: str | None = None) -> int:
        """Triples in one named graph, or quads in the whole store."""

    @abc.abstractmethod
    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the store, for export: one iterator whatever the store, so that
        ``lpskg export`` has one writer."""

    def retrying(self, read: Callable[[], T]) -> T:
        """Run ``read``, which may read the store from the start again if it is retried.

        Only a read-only embedded view goes stale (see ``EmbeddedStore.retrying``);
        any other store runs ``read`` once."""
        return read()

    def graph(self, name: str) -> Graph:
        """A copy of the named graph ``name`` as an rdflib Graph."""
        result = Graph()
        for prefix, iri in PREFIXES.items():
            result.bind(prefix, iri)
        for row in self.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"):
            result.add((row["s"], row["p"], row["o"]))
        return result

    @abc.abstractmethod
    def graph_triples(self, name: str | None) -> list[ox.Triple]:
        """The triples of the named graph ``name`` (None: the store's own default graph) as
        pyoxigraph terms, for the Graph Store protocol to serialise without going through rdflib."""

    def has_graph(self, name: str) -> bool:
        return self.ask(f"ASK {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")

    def replace_graphs(self, graphs: Mapping[str, Graph], remove: Iterable[str] = ()) -> None:
        """Replace each named graph by the given content, and drop ``remove``, in one transaction."""
        parts = [f"DROP SILENT GRAPH <{name}>" for name in [*graphs, *remove]]
        parts += [graph_as_insert(name, g) for name, g in graphs.items() if len(g)]
        if parts:
            self.update(" ;\n".join(parts))

    def replace_graph(self, name: str, graph: Graph) -> None:
        """Replace the named graph ``name`` by ``graph``, atomically."""
        self.replace_graphs({name: graph})

    def remove_graph(self, name: str) -> None:
        """Drop the named graph ``name`` (no error if it is absent)."""
        self.update(f"DROP SILENT GRAPH <{name}>")

    def close(self) -> None:
        """Release the store (flush and unlock an embedded store)."""


class EmbeddedStore(Store):
    """pyoxigraph on disk: persistent, transactional, one writer process at a time."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        #: Writes made through this object: caches of derived data (the concept index) key on it.
        self.generation = 0
        self._store: ox.Store | None = None
        if read_only:
            self.retrying(lambda: None)
        else:
            self._open()

    def _open(self) -> None:
        try:
            if self.read_only:
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except (OSError, RuntimeError) as error:
            if self.read_only and isinstance(error, RuntimeError):
                raise  # a stale view: retrying() opens it again
            if "lock" in str(error).lower():
                raise StoreError(
                    f"the store at {self.path} is in use by another process (a running "
                    "`lpskg serve`?): stop it, or send the change through its HTTP API") from None
            raise StoreError(f"cannot open the store at {self.path}: {error}") from None

    @property
    def engine(self) -> ox.Store:
        """The underlying pyoxigraph store, for the HTTP layer's fast paths."""
        return self._store

    def _run(self, query: str, bindings: Mapping[str, Node] | None, dataset: Dataset | None):
        dataset = dataset or Dataset()
        kwargs: dict[str, object] = {}
        if dataset.default_graphs is not None:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in dataset.default_graphs]
        elif dataset.union:
            kwargs["use_default_graph_as_union"] = True
        else:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in self.bundle_graphs()]
        if dataset.named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in dataset.named_graphs]
        if bindings:
            kwargs["substitutions"] = {ox.Variable(k): _to_oxigraph(v) for k, v in bindings.items()}
        try:
            return self._store.query(query, prefixes=PREFIXES, **kwargs)
        except SyntaxError as error:
            raise QuerySyntaxError(syntax_message(error)) from None
        except RuntimeError as error:
            # Oxigraph substitutes a binding only for a variable of the SELECT
            # clause (SEP-0007); say so instead of leaking its internal wording.
            if "projection" in str(error):
                raise QuerySyntaxError(
                    f"{error}: a bound parameter must be listed in the SELECT clause") from None
            raise

    def run(self, query: str, bindings: Mapping[str, Node] | None = None,
            dataset: Dataset | None = None):
        """The raw pyoxigraph result (solutions, boolean or triples), for serialisers."""
        return self._run(query, bindings, dataset)

    def reopen(self) -> None:
        """Open a read-only view afresh, so that it sees the writer's latest state.

        Opening races with the writer's compaction too (a file the manifest lists is
        already gone), so it is retried like a read.
        """
        self._store = None
        self.retrying(lambda: None)

    def retrying(self, read: Callable[[], T]) -> T:
        """Run ``read``; in a read-only view, reopen and retry when the writer's compaction
        removed files the view still referenced (RocksDB reports that as "Corruption")."""
        for attempt in range(_VIEW_RETRIES):
            try:
                if self._store is None:
                    self._open()
                return read()
            except (RuntimeError, OSError) as error:
                stale = self.read_only and ("Corruption" in str(error) or "No such file" in str(error))
                if not stale or attempt == _VIEW_RETRIES - 1:
                    raise
                time.sleep(0.01 * (attempt + 1))
                self._store = None
        raise AssertionError("unreachable")

    def select(self, query, bindings=None, dataset=None):
        return self.retrying(lambda: self._select(query, bindings, dataset))

    def ask(self, query, bindings=None, dataset=None):
        return self.retrying(lambda: self._ask(query, bindings, dataset))

    def construct(self, query, bindings=None, dataset=None):
        return self.retrying(lambda: self._construct(query, bindings, dataset))

    def _select(self, query, bindings, dataset):
        solutions = self._run(query, bindings, dataset)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QuerySyntaxError("expected a SELECT query")
        names = [v.value for v in solutions.variables]
        rows = Rows(names)
        for solution in solutions:
            row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = _to_rdflib(value)
            rows.append(row)
        return rows

    def _ask(self, query, bindings, dataset):
        answer = self._run(query, bindings, dataset)
        if not isinstance(answer, ox.QueryBoolean):
            raise QuerySyntaxError("expected an ASK query")
        return bool(answer)

    def _construct(self, query, bindings, dataset):
        triples = self._run(query, bindings, dataset)
        if not isinstance(triples, ox.QueryTriples):
            raise QuerySyntaxError("expected a CONSTRUCT or DESCRIBE query")
        graph = Graph()
        for prefix, iri in PREFIXES.items():
            graph.bind(prefix, iri)
        for triple in triples:
            graph.add((_to_rdflib(triple.subject), _to_rdflib(triple.predicate), _to_rdflib(triple.object)))
        return graph

    def update(self, update: str) -> None:
        if self.read_only:
            raise StoreError("this store was opened read-only")
        try:
            self._store.update(update, prefixes=PREFIXES)
        except SyntaxError as error:
            raise QuerySyntaxError(syntax_message(error)) from None
        finally:
            self.generation += 1
        # No flush(): the commit is already in RocksDB's write-ahead log, which
        # survives a killed process and which read-only views replay; flushing
        # the memtable cost 25-40 ms per write (measured) for nothing more.

    def graph_names(self) -> list[str]:
        return self.retrying(lambda: sorted(
            g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)))

    def triple_count(self, graph: str | None = None) -> int:
        pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
        return int(rows[0]["n"])

    def graph_triples(self, name: str | None) -> list[ox.Triple]:
        graph = ox.NamedNode(name) if name else ox.DefaultGraph()
        return self.retrying(lambda: [quad.triple for quad in self._store.quads_for_pattern(None, None, None, graph)])

    def quads(self) -> Iterator[ox.Quad]:
        return iter(self._store.quads_for_pattern(None, None, None, None))

    def bulk_load(self, path: str | Path, fmt: ox.RdfFormat, graph: str | None = None) -> None:
        """Load a large file without a transaction (for benchmarks and imports of fresh stores)."""
        to_graph = ox.NamedNode(graph) if graph else None
        self._store.bulk_load(path=str(path), format=fmt, to_graph=to_graph)
        self._store.flush()

    def close(self) -> None:
        if not self.read_only:
            self._store.flush()
        del self._store


def open_store(location: str, read_only: bool = False) -> Store:
    """Open the store a setting names: a directory, or ``sparql:QUERY|UPDATE`` for a remote one."""
    if location.startswith("sparql:"):
        from .remote import RemoteStore  # imported lazily: only remote deployments need it

        return RemoteStore.from_location(location)
    return EmbeddedStore(location, read_only=read_only)
