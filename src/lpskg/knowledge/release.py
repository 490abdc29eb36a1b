"""A release of the ontology and the data, in the manner of the Ontology Development Kit (``make release``).

One directory per ontology version (``release/0.1.0/``) holds what a consumer
downloads without running lpskg:

* the ontology, with its ``owl:versionIRI``, in Turtle, RDF/XML and JSON-LD;
* the data: every named graph of the loaded bundle (ontology, paper, project
  and their entailments) as N-Quads, and the asserted data graphs merged as Turtle;
* ``SHA256SUMS`` (``sha256sum -c`` reads it).

The version is the ontology's ``owl:versionInfo``, and ``CHANGELOG.md`` must
have an entry for it before a release is made: a release says what changed.
"""
from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..paths import CHANGELOG_FILE, ONTOLOGY_FILE
from ..store import EmbeddedStore, export_store, serialise_triples
from .bundle import bundle_files, load_bundle, parse_file
from .dataset_description import ontology_metadata
from .graphs import ONTOLOGY_GRAPH, Graphs

Progress = Callable[[str], None]

#: The ontology's serialisations: file suffix -> rdflib format.
ONTOLOGY_FORMATS = {"ttl": "turtle", "rdf": "xml", "jsonld": "json-ld"}
CHECKSUMS = "SHA256SUMS"


class ReleaseError(ValueError):
    """A release cannot be made; the message says what to do first."""


@dataclass
class Release:
    """What a release wrote: its version, version IRI, directory and each file's SHA-256."""

    version: str
    version_iri: str
    directory: Path
    checksums: dict[str, str] = field(default_factory=dict)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def changelog_has(version: str, changelog: Path = CHANGELOG_FILE) -> bool:
    """True if the changelog has a heading for ``version`` (``## 0.1.0`` or ``## [0.1.0]``, any suffix)."""
    text = changelog.read_text(encoding="utf-8") if changelog.exists() else ""
    return re.search(rf"^##\s+\[?{re.escape(version)}\]?(\s|$)", text, re.MULTILINE) is not None


def build_release(target: Path, progress: Progress | None = None,
                  also: Callable[[Graphs, Path, str], object] | None = None) -> Release:
    """Write the release of the current ontology version under ``target/VERSION/``.

    ``also(graphs, directory, version)`` writes more artefacts from the loaded bundle (the command line
    passes the nanopublications'); a ValueError it raises refuses the release.
    """
    with tempfile.TemporaryDirectory(prefix="lpskg-release-") as scratch:
        store = EmbeddedStore(Path(scratch) / "store")
        try:
            load_bundle(Graphs(store), progress=progress)
            metadata = ontology_metadata(store)
            if "versionInfo" not in metadata or "versionIRI" not in metadata:
                raise ReleaseError(f"{ONTOLOGY_FILE.name} states no owl:versionInfo and owl:versionIRI "
                                   "for the ontology: a release is named by them")
            version = str(metadata["versionInfo"])
            if not changelog_has(version):
                raise ReleaseError(f"{CHANGELOG_FILE.name} has no entry for version {version}: "
                                   f"add a section '## {version}' saying what changed, then release")
            directory = target / version
            directory.mkdir(parents=True, exist_ok=True)
            export_store(store, directory / "lpskg-data.nq", "nquads", progress=progress)
            if also is not None:
                try:
                    also(Graphs(store), directory, version)
                except ValueError as error:
                    raise ReleaseError(str(error)) from None
        finally:
            store.close()
    ontology = parse_file(ONTOLOGY_FILE)
    for suffix, rdflib_format in ONTOLOGY_FORMATS.items():
        ontology.serialize(directory / f"lpskg-ontology.{suffix}", format=rdflib_format, encoding="utf-8")
    # written by Oxigraph, which keeps each literal's lexical form ("17500000"^^xsd:decimal stays so)
    data = {triple for name, path in bundle_files().items() if name != ONTOLOGY_GRAPH
            for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}
    (directory / "lpskg-data.ttl").write_bytes(serialise_triples(sorted(data, key=str), "text/turtle"))
    release = Release(version, str(metadata["versionIRI"]), directory)
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        name = str(path.relative_to(directory))
        if name != CHECKSUMS:
            release.checksums[name] = _sha256(path)
    (directory / CHECKSUMS).write_text("".join(f"{digest}  {name}\n" for name, digest in release.checksums.items()),
                                       encoding="utf-8")
    return release
