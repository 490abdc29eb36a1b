"""`make release` end to end (a fresh store loaded with the bundle, every artefact written): every artefact loads back and equals what it was made from, and the checksums hold."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from lpskg.knowledge.bundle import bundle_files
from lpskg.knowledge.release import ONTOLOGY_FORMATS, build_release, changelog_has
from lpskg.namespaces import ONTOLOGY_IRI, graph_iri
from lpskg.paths import ONTOLOGY_FILE

from support.cli import lpskg
from support.stores import canonical_graph, canonical_quads, store_quads


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory):
    return build_release(tmp_path_factory.mktemp("release"))


def test_the_checksums_are_those_of_the_files(release):
    lines = (release.directory / "SHA256SUMS").read_text().splitlines()
    listed = dict(reversed(line.split("  ", 1)) for line in lines)
    assert set(listed) == {p.name for p in release.directory.iterdir()} - {"SHA256SUMS"}
    for name, digest in listed.items():
        assert hashlib.sha256((release.directory / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.parametrize("suffix", sorted(ONTOLOGY_FORMATS))
def test_each_ontology_serialisation_is_the_ontology_with_its_version_iri(release, suffix):
    loaded = Graph().parse(release.directory / f"lpskg-ontology.{suffix}", format=ONTOLOGY_FORMATS[suffix])
    assert canonical_graph(loaded) == canonical_graph(Graph().parse(ONTOLOGY_FILE))
    assert loaded.value(URIRef(ONTOLOGY_IRI), OWL.versionIRI) == URIRef(release.version_iri)
    assert release.version_iri.endswith("/" + release.version) and release.directory.name == release.version


def test_the_nquads_load_into_a_store_as_the_bundle_loads(release, bundle_store_template, tmp_path: Path):
    imported = lpskg(str(tmp_path / "store"), "import", str(release.directory / "lpskg-data.nq"))
    assert imported.exit_code == 0, imported.output
    assert canonical_quads(store_quads(tmp_path / "store")) == canonical_quads(store_quads(bundle_store_template))


def test_the_turtle_is_the_asserted_data(release):
    expected = Graph()
    for name, path in bundle_files().items():
        if name != graph_iri("ontology"):
            expected.parse(path)
    assert canonical_graph(Graph().parse(release.directory / "lpskg-data.ttl")) == canonical_graph(expected)


def test_a_version_without_a_changelog_entry_is_not_released(tmp_path: Path):
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text("# Changelog\n\n## 0.1.0 — 2026-11-29\n\n## [0.2.0-rc1]\n", encoding="utf-8")
    assert changelog_has("0.1.0", changelog) and changelog_has("0.2.0-rc1", changelog)
    assert not changelog_has("0.1", changelog) and not changelog_has("0.3.0", changelog)
