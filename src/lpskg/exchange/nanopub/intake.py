"""Import: nanopublications from elsewhere, each stored whole in its own four named graphs, or not at all.

Before anything is stored, every nanopublication of the file is read and checked
(:func:`.structure.read`: structure, trusty hash, signature); then, holding the
write lock, none may use a graph in lpskg's own namespace (``https://w3id.org/lpskg/``:
the paper's graphs, the cases', lpskg's own nanopublications), and none may
name a graph the store already has unless it is the same nanopublication with
the same content (then it is already stored).  The graphs keep the
nanopublication's own IRIs, so it can be served back and checked again; they
are never merged into the graphs of the paper or of a case.
"""
from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ...knowledge.graphs import Graphs
from ...knowledge.library import read_model
from ...namespaces import BASE
from ...store import Dataset, Store
from .structure import Nanopub, read, split
from .tools import ARTEFACT_CODE, NanopubError


@dataclass(frozen=True)
class Imported:
    """What happened to one nanopublication of an import: stored, already there, or (dry run) would be."""

    nanopub: Nanopub
    status: str   # "stored", "already stored", "valid"

    def as_json(self) -> dict[str, object]:
        checked = self.nanopub.checked
        return {"nanopub": self.nanopub.uri, "status": self.status, "trusty": bool(self.nanopub.trusty_code),
                "signed": bool(checked and checked.signature), "triples": len(self.nanopub.quads)}


def _stored(store: Store, graph: str) -> list[ox.Quad]:
    """The quads of one stored graph, each literal in its lexical form (as N-Triples from the store)."""
    text = store.graph_document(graph, "application/n-triples")
    return [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph))
            for t in ox.parse(text, format=ox.RdfFormat.N_TRIPLES)]


def _existing(store: Store, nanopub: Nanopub) -> str | None:
    """None if none of its graphs is in the store, "same" if all are with this content; else NanopubError."""
    present = [g for g in nanopub.graphs if store.has_graph(g)]
    if not present:
        return None
    stored = {quad for graph in nanopub.graphs for quad in _stored(store, graph)}
    if stored == set(nanopub.quads):
        return "same"
    raise NanopubError(f"<{nanopub.uri}>: the store already has the graph <{present[0]}> with other content; "
                       "a nanopublication is never changed in place (publish a new one that supersedes it)")


def import_nanopubs(graphs: Graphs, data: bytes, fmt: str, name: str, dry_run: bool = False) -> list[Imported]:
    """Check every nanopublication of ``data`` and store each in its own graphs (all, or none on an error)."""
    nanopubs = read(data, fmt, name)
    for nanopub in nanopubs:
        foreign = [g for g in nanopub.graphs if g.startswith(BASE)]
        if foreign:
            raise NanopubError(f"{name}: <{nanopub.uri}> names the graph <{foreign[0]}> in lpskg's own namespace "
                               f"({BASE}); lpskg's graphs are not written by an import")
    with graphs.writing():
        results, new = [], []
        for nanopub in nanopubs:
            state = _existing(graphs.store, nanopub)
            if state == "same":
                results.append(Imported(nanopub, "already stored"))
            else:
                results.append(Imported(nanopub, "valid" if dry_run else "stored"))
                new.extend(nanopub.quads)
        if new and not dry_run:
            graphs.add_quads(new, atomic=True)
    return results


def imported(store: Store) -> list[dict]:
    """Every nanopublication imported into the store, with its graphs, creator and date."""
    return [dict(row) for row in read_model("nanopub/imported").run(store)]


def find_imported(store: Store, code: str) -> Nanopub | None:
    """The imported nanopublication whose IRI ends with the artefact code ``code``, read back from its graphs."""
    if not ARTEFACT_CODE.fullmatch(code):
        return None
    for row in imported(store):
        uri = str(row["np"])
        if uri.endswith(code):
            quads = [q for key in ("head", "assertion", "provenance", "pubinfo") for q in _stored(store, str(row[key]))]
            (nanopub,) = split(quads, uri)
            return nanopub
    return None


def without_imports(graphs: Graphs) -> Dataset:
    """The union of the store's graphs without those of imported nanopublications: the default graph a
    query reads, so that what others assert never reads as what the paper or a case states (query them
    with ``GRAPH`` or ``FROM NAMED``).  Worked out once per write; the plain union while there is none."""

    def build() -> Dataset:
        theirs = {str(row[part]) for row in read_model("nanopub/imported").run(graphs.store)
                  for part in ("head", "assertion", "provenance", "pubinfo")}
        if not theirs:
            return Dataset()
        return Dataset(default_graphs=tuple(g for g in graphs.store.graph_names() if g not in theirs))

    return graphs.derived("default graph without imported nanopublications", build, lambda dataset, change: None)
