"""Export the whole store to one file and import such a file back, losing nothing.

An export is every quad of the store (all named graphs: bundle, cases,
publications and their ``graph/inferred/...`` entailments) in N-Quads or TriG.
It is written to a temporary file beside the target and renamed at the end,
so an interrupted export never leaves a truncated file under the real name.

Blank nodes are the delicate part of a round trip.  Oxigraph mints a blank
node as a random 128-bit id (32 hex digits) and writes that id as its label;
an import keeps such labels, so exporting a store and importing the file into
an empty store gives back the same quads, blank nodes included, and importing
the same export twice adds nothing the second time.  Any other label
(``_:b0`` in a hand-written file) only means something inside its file: it is
replaced by a fresh id, so that two files that both say ``_:b0`` do not merge
their nodes.

An import adds the file's quads in ONE transaction (pyoxigraph's ``extend``):
if the file has a syntax error half way, or the process is killed, the store
is left as it was.  A transaction holds the whole file in memory (about
1.5 kB per quad measured at 200k quads), so ``bulk=True`` offers the
non-transactional bulk loader for very large files going into a fresh store.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .namespaces import PREFIXES
from .store import EmbeddedStore

Progress = Callable[[str], None]

#: Export formats by the name the CLI accepts; both keep the graph of every quad.
EXPORT_FORMATS: dict[str, ox.RdfFormat] = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}

#: How often (in quads) long transfers report progress.
PROGRESS_EVERY = 100_000

_MINTED_LABEL = re.compile(r"[0-9a-f]{32}")


class TransferError(ValueError):
    """An export or import cannot be done; the message names the file and the problem."""


@dataclass
class TransferReport:
    """What a transfer moved: quads per graph (``""`` is the default graph)."""

    quads_per_graph: dict[str, int] = field(default_factory=dict)

    @property
    def quads(self) -> int:
        return sum(self.quads_per_graph.values())

    def count(self, quad: ox.Quad) -> None:
        name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        self.quads_per_graph[name] = self.quads_per_graph.get(name, 0) + 1


def format_for(path: Path, name: str | None = None) -> ox.RdfFormat:
    """The RDF format named ``name`` (an export format or a file extension), else guessed from ``path``."""
    if name:
        fmt = EXPORT_FORMATS.get(name.lower()) or ox.RdfFormat.from_extension(name.lower())
        if fmt is None:
            raise TransferError(f"unknown format {name!r}: use one of {', '.join(EXPORT_FORMATS)} "
                                "or a file extension such as nt, ttl, jsonld")
        return fmt
    suffix = path.suffix.lstrip(".").lower()
    fmt = ox.RdfFormat.from_extension(suffix) if suffix else None
    if fmt is None:
        raise TransferError(f"{path}: cannot tell the RDF format from the name; give --format")
    return fmt


def _counted(quads: Iterable[ox.Quad], report: TransferReport, verb: str,
             progress: Progress | None) -> Iterator[ox.Quad]:
    for quad in quads:
        report.count(quad)
        if progress and report.quads % PROGRESS_EVERY == 0:
            progress(f"{verb} {report.quads:,} quads")
        yield quad


def export_store(store: EmbeddedStore, path: Path, fmt: str = "nquads",
                 progress: Progress | None = None) -> TransferReport:
    """Write every quad of ``store`` to ``path`` in ``fmt`` (nquads or trig).

    A read-only view whose files the writer compacted away is reopened and
    the export started again (``EmbeddedStore.retrying``).
    """
    if fmt not in EXPORT_FORMATS:
        raise TransferError(f"unknown export format {fmt!r}: use {' or '.join(EXPORT_FORMATS)}")
    partial = path.with_name(f".{path.name}.partial")

    def write() -> TransferReport:
        report = TransferReport()
        quads = store.engine.quads_for_pattern(None, None, None, None)
        ox.serialize(_counted(quads, report, "exported", progress), str(partial),
                     format=EXPORT_FORMATS[fmt], prefixes=PREFIXES)
        return report

    try:
        report = store.retrying(write)
        os.replace(partial, path)
    except OSError as error:
        raise TransferError(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        partial.unlink(missing_ok=True)
    return report


class _BlankNodes:
    """Keeps store-minted blank node labels and gives every other label a fresh node."""

    def __init__(self) -> None:
        self._fresh: dict[str, ox.BlankNode] = {}

    def node(self, term):
        if not isinstance(term, ox.BlankNode) or _MINTED_LABEL.fullmatch(term.value):
            return term
        if term.value not in self._fresh:
            self._fresh[term.value] = ox.BlankNode()
        return self._fresh[term.value]

    def quad(self, quad: ox.Quad, graph: ox.NamedNode | None) -> ox.Quad:
        target = quad.graph_name
        if graph is not None and isinstance(target, ox.DefaultGraph):
            target = graph
        return ox.Quad(self.node(quad.subject), quad.predicate, self.node(quad.object), self.node(target))


def _parsed(path: Path, fmt: ox.RdfFormat, graph: str | None) -> Iterator[ox.Quad]:
    target = ox.NamedNode(graph) if graph else None
    blank_nodes = _BlankNodes()
    try:
        for quad in ox.parse(path=str(path), format=fmt):
            yield blank_nodes.quad(quad, target)
    except SyntaxError as error:
        raise TransferError(f"{path}: {' '.join(str(error.msg).split())}") from None


def import_file(store: EmbeddedStore, path: Path, fmt: str | None = None, graph: str | None = None,
                bulk: bool = False, progress: Progress | None = None) -> TransferReport:
    """Add the quads of ``path`` to ``store``: all of them in one transaction, or none.

    ``graph`` receives the triples of the file's default graph (required for a
    format without named graphs, such as Turtle).  ``bulk`` trades the
    transaction for the bulk loader's speed and lower memory.
    """
    if not path.is_file():
        raise TransferError(f"{path}: no such file")
    rdf_format = format_for(path, fmt)
    if not rdf_format.supports_datasets and not graph:
        raise TransferError(f"{path}: {rdf_format.name} has no named graphs; give --graph IRI "
                            "for its triples")
    if graph:
        try:
            ox.NamedNode(graph)
        except ValueError as error:
            raise TransferError(f"--graph {graph!r} is not an IRI: {error}") from None
    report = TransferReport()
    quads = _counted(_parsed(path, rdf_format, graph), report, "imported", progress)
    try:
        if bulk:
            store.engine.bulk_extend(quads)
        else:
            store.engine.extend(quads)
        store.engine.flush()
    except OSError as error:
        raise TransferError(f"{path}: the store refused the import: {error}") from None
    return report
