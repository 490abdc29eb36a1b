"""Export the whole store to one file and import such a file back, losing nothing.

An export is every quad of the store (all named graphs: bundle, cases,
publications and their ``graph/inferred/...`` entailments) in N-Quads or TriG.
It is written to a temporary file beside the target and renamed at the end,
so an interrupted export never leaves a truncated file under the real name.
Both work on the embedded store and on a remote SPARQL 1.1 service
(``LPSKG_STORE=sparql:...``): there the export asks for each named graph, and
the service's default graph, with a CONSTRUCT (``RemoteStore.quads``), and
the import sends ``INSERT DATA`` requests (``RemoteStore.add_quads``).

Blank nodes are the delicate part of a round trip.  Oxigraph mints a blank
node as a random 128-bit id and writes that id, in hex, as its label;
an import keeps such labels, so exporting a store and importing the file into
an empty store gives back the same quads, blank nodes included, and importing
the same export twice adds nothing the second time.  Any other label
(``_:b0`` in a hand-written file) only means something inside its file: it is
replaced by a fresh id, so that two files that both say ``_:b0`` do not merge
their nodes (:class:`~lpskg.store.BlankNodeScope`).  A SPARQL service mints
its own ids for the blank nodes of an ``INSERT DATA``, so through a remote
store the round trip is exact for IRIs and literals, and blank nodes come
back as many, with the same links, under other labels.

An import adds the file's quads in ONE transaction (pyoxigraph's ``extend``;
on a service, one update request, which Oxigraph, Fuseki and GraphDB apply as
one transaction): if the file has a syntax error half way, or the process is
killed, the store is left as it was.  A transaction holds
the whole file in memory (about 1.5 kB per quad measured at 200k quads), so
``bulk=True`` offers the non-transactional bulk loader for very large files
going into a fresh store (on a service: one request per
:data:`~lpskg.store.remote.SERVICE_BATCH` quads, so a failure leaves the
batches already sent).  An import is a write like any other, so the CLI hands
it to the knowledge layer's one write path (``Graphs.add_quads``), which
computes the entailments of the graphs it fills.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from ..formats import DATASETS, GRAPHS, by_extension, by_name
from ..namespaces import PREFIXES
from ..sparql_text import QuerySyntaxError
from .base import Store, StoreError
from .terms import BlankNodeScope

Progress = Callable[[str], None]
GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


#: How often (in quads) long transfers report progress.
PROGRESS_EVERY = 100_000



class QuadSink(Protocol):
    """Where an import goes: a store, or the write path in front of it."""

    def add_quads(self, quads: Iterable[ox.Quad], atomic: bool = True,
                  progress: Callable[[str], None] | None = None) -> object:
        """Add ``quads``, all or none when ``atomic``."""


class TransferError(ValueError):
    """An export or import cannot be done; the message names the file and the problem."""


@dataclass
class TransferReport:
    """What a transfer moved: quads per graph (``""`` is the default graph)."""

    quads_per_graph: dict[str, int] = field(default_factory=dict)

    @property
    def quads(self) -> int:
        return sum(self.quads_per_graph.values())

    def add(self, counts: Mapping[GraphName, int]) -> None:
        """Add quad counts keyed by graph term."""
        for graph, count in counts.items():
            name = "" if isinstance(graph, ox.DefaultGraph) else graph.value
            self.quads_per_graph[name] = self.quads_per_graph.get(name, 0) + count


def import_format(path: Path, name: str | None = None) -> ox.RdfFormat:
    """The RDF format named ``name`` (a dataset or graph format, by name or file extension), else ``path``'s."""
    readable = (*DATASETS, *GRAPHS)
    if name:
        fmt = by_name(readable, name) or by_extension(readable, f"file.{name}")
        if fmt is None:
            raise TransferError(f"unknown format {name!r}: use one of {', '.join(f.name for f in DATASETS)} "
                                "or a file extension such as nt, ttl, jsonld")
        return fmt.oxigraph
    fmt = by_extension(readable, path)
    if fmt is None:
        raise TransferError(f"{path}: cannot tell the RDF format from the name; give --format")
    return fmt.oxigraph


def _counted(quads: Iterable[ox.Quad], report: TransferReport, verb: str,
             progress: Progress | None) -> Iterator[ox.Quad]:
    """``quads`` passed on, counted per graph into ``report``, with progress every PROGRESS_EVERY.

    This runs once per quad of a million-quad import, so it does the least:
    one dict step keyed by the graph term.  Summing the report per quad made
    ``import --bulk`` of 1M quads take 248 s where the loader alone takes 20 s;
    counting in batches (``Counter`` over lists) cost 2 s more than this.
    """
    counts: dict[GraphName, int] = {}
    get = counts.get
    total = 0
    for quad in quads:
        graph = quad.graph_name
        counts[graph] = get(graph, 0) + 1
        total += 1
        if progress and total % PROGRESS_EVERY == 0:
            progress(f"{verb} {total:,} quads")
        yield quad
    report.add(counts)


def export_store(store: Store, path: Path, fmt: str = "nquads",
                 progress: Progress | None = None) -> TransferReport:
    """Write every quad of ``store`` to ``path`` in ``fmt`` (nquads or trig).

    A read-only view whose files the writer compacted away is reopened and
    the export started again (``Store.reading``).  From a SPARQL
    service the blank nodes carry the service's labels (``RemoteStore.quads``).
    """
    dataset_format = by_name(DATASETS, fmt)
    if dataset_format is None:
        raise TransferError(f"unknown export format {fmt!r}: use {' or '.join(f.name for f in DATASETS)}")
    partial = path.with_name(f".{path.name}.partial")

    def write() -> TransferReport:
        report = TransferReport()
        ox.serialize(_counted(store.quads(), report, "exported", progress), str(partial),
                     format=dataset_format.oxigraph, prefixes=PREFIXES)
        return report

    try:
        report = store.reading(write)
        os.replace(partial, path)
    except OSError as error:
        raise TransferError(f"cannot write {path}: {error.strerror or error}") from None
    except (StoreError, QuerySyntaxError) as error:
        raise TransferError(f"cannot export to {path}: {error}") from None
    finally:
        partial.unlink(missing_ok=True)
    return report


def _parsed(path: Path, fmt: ox.RdfFormat, graph: str | None) -> Iterator[ox.Quad]:
    """The quads of ``path``, blank nodes scoped to the file, default-graph triples moved to ``graph``.

    A quad that needs neither change (most of them) is passed on as parsed:
    building a new one costs more than parsing it.
    """
    target = ox.NamedNode(graph) if graph else None
    scope = BlankNodeScope()
    blank = ox.BlankNode
    try:
        for quad in ox.parse(path=str(path), format=fmt):
            subject, obj, graph_name = quad.subject, quad.object, quad.graph_name
            if target is not None and isinstance(graph_name, ox.DefaultGraph):
                graph_name = target
            elif not (isinstance(subject, blank) or isinstance(obj, blank) or isinstance(graph_name, blank)):
                yield quad
                continue
            yield ox.Quad(scope.node(subject), quad.predicate, scope.node(obj), scope.node(graph_name))
    except SyntaxError as error:
        raise TransferError(f"{path}: {' '.join(str(error.msg).split())}") from None


def import_file(target: QuadSink, path: Path, fmt: str | None = None, graph: str | None = None,
                bulk: bool = False, progress: Progress | None = None) -> TransferReport:
    """Add the quads of ``path`` to ``target``: all of them in one transaction, or none.

    ``graph`` receives the triples of the file's default graph (required for a
    format without named graphs, such as Turtle).  ``bulk`` trades the
    transaction for the bulk loader's speed and lower memory; on a SPARQL
    service, for requests of ``SERVICE_BATCH`` quads, each atomic, not the whole.
    """
    if not path.is_file():
        raise TransferError(f"{path}: no such file")
    rdf_format = import_format(path, fmt)
    if not rdf_format.supports_datasets and not graph:
        raise TransferError(f"{path}: {rdf_format.name} has no named graphs; give --graph IRI "
                            "for its triples")
    if graph:
        try:
            ox.NamedNode(graph)
        except ValueError as error:
            raise TransferError(f"--graph {graph!r} is not an IRI: {error}") from None
    report = TransferReport()
    quads = _parsed(path, rdf_format, graph)
    try:
        target.add_quads(_counted(quads, report, "imported", progress), atomic=not bulk, progress=progress)
    except OSError as error:
        raise TransferError(f"{path}: the store refused the import: {error}") from None
    except (StoreError, QuerySyntaxError) as error:
        raise TransferError(f"{path}: {error}") from None
    return report
