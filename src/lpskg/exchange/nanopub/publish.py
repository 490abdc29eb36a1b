"""Export: every nanopublication of the graph written to a directory, or served one by one, deterministically.

A directory holds one ``<artefact code>.trig`` per nanopublication and ``index.tsv`` (code, IRI,
kind, the record it comes from), sorted, so that two exports of one release are byte for byte the
same.  With a key, each is signed (RSA) before its trusty URI is made, by ``nanopub-sign``.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ...knowledge.graphs import Graphs
from ...namespaces import PREFIXES
from .build import KINDS, Builder, Item, as_nanopub
from .ledger import Entry
from .structure import Nanopub
from .tools import sign

#: Content types served for a nanopublication, with pyoxigraph's format.
MEDIA_TYPES = {"application/trig": ox.RdfFormat.TRIG, "application/n-quads": ox.RdfFormat.N_QUADS,
               "application/ld+json": ox.RdfFormat.JSON_LD}
INDEX = "index.tsv"


@dataclass(frozen=True)
class Published:
    """One exported nanopublication and what it comes from."""

    nanopub: Nanopub
    item: Item
    content: str

    @property
    def code(self) -> str:
        return self.nanopub.trusty_code or ""


def build(graphs: Graphs, what: Iterable[str] = KINDS, key: str | None = None,
          signer: str | None = None, ledger: dict[str, Entry] | None = None) -> list[Published]:
    """The nanopublications of ``what`` (links, claims, cases), trusty, and signed with ``key`` when given;
    ``ledger`` says which release published each (the repository's ledger when not given)."""
    builder = Builder(graphs, ledger)
    found = []
    for item in builder.items(set(what)):
        if key is None:
            nanopub = builder.nanopub(item)
        else:
            text = ox.serialize(builder.pre_trusty(item), format=ox.RdfFormat.TRIG).decode("utf-8")
            signed = sign(text, key, signer)
            nanopub = as_nanopub(list(ox.parse(signed.encode("utf-8"), format=ox.RdfFormat.TRIG)))
        found.append(Published(nanopub, item, builder.content(item)))
    return sorted(found, key=lambda p: p.code)


def published(graphs: Graphs) -> dict[str, Published]:
    """Every nanopublication of the graph (unsigned) by artefact code, kept until the next write."""
    return graphs.derived("nanopubs", lambda: {p.code: p for p in build(graphs)}, lambda value, change: None)


def serialise(nanopub: Nanopub, media_type: str = "application/trig") -> bytes:
    """The nanopublication in TriG (with prefixes), N-Quads or JSON-LD; graphs in head, assertion,
    provenance, publication-info order and quads sorted, so that the text is the same each time."""
    order = {graph: n for n, graph in enumerate(nanopub.graphs)}
    quads = sorted(nanopub.quads, key=lambda q: (order[q.graph_name.value], str(q)))
    prefixes = None
    if media_type == "application/trig":
        prefixes = {"this": nanopub.uri, "sub": nanopub.head[: -len("Head")], "np": "http://www.nanopub.org/nschema#",
                    "npx": "http://purl.org/nanopub/x/", **PREFIXES}
    return ox.serialize(quads, format=MEDIA_TYPES[media_type], prefixes=prefixes)


def export(graphs: Graphs, directory: Path, what: Iterable[str] = KINDS, key: str | None = None,
           signer: str | None = None, ledger: dict[str, Entry] | None = None) -> list[Published]:
    """Write the nanopublications of ``what`` to ``directory`` with ``index.tsv``; what was written."""
    found = build(graphs, what, key, signer, ledger)
    directory.mkdir(parents=True, exist_ok=True)
    for item in found:
        (directory / f"{item.code}.trig").write_bytes(serialise(item.nanopub))
    (directory / INDEX).write_text(index_text(found), encoding="utf-8")
    return found


def index_text(found: list[Published]) -> str:
    """The TSV index of an export: artefact code, IRI, kind, source record."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(["code", "nanopub", "kind", "source"])
    for item in found:
        writer.writerow([item.code, item.nanopub.uri, str(item.item.kind), item.item.source])
    return out.getvalue()


def read_index(path: Path) -> dict[str, str]:
    """An export's index as source record -> nanopublication IRI."""
    with path.open(encoding="utf-8") as handle:
        return {row["source"]: row["nanopub"] for row in csv.DictReader(handle, delimiter="\t")}
