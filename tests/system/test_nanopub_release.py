"""A release carries its nanopublications: an unchanged statement keeps its URI from release to release, a
changed or withdrawn one is superseded, and the release is refused until CHANGELOG.md names those."""
from __future__ import annotations

import functools
from pathlib import Path

import pytest

from lpskg.exchange.nanopub import INDEX, read_index
from lpskg.exchange.nanopub.ledger import Entry, append_ledger, read_ledger
from lpskg.exchange.nanopub.release import SUPERSEDED, changelog_section, release_date, release_nanopubs
from lpskg.knowledge.graphs import Graphs
from lpskg.knowledge.release import ReleaseError, build_release


@pytest.fixture
def changelog(tmp_path: Path) -> Path:
    path = tmp_path / "CHANGELOG.md"
    path.write_text("# Changelog\n\n## 0.1.0 — 2026-11-29\n\n- the first\n")
    return path


def test_a_release_carries_its_nanopublications_and_writes_the_ledger(tmp_path: Path, changelog: Path) -> None:
    ledger = tmp_path / "nanopubs.tsv"
    release = build_release(tmp_path / "release", also=functools.partial(release_nanopubs, changelog=changelog,
                                                                         ledger_file=ledger))
    index = read_index(release.directory / "nanopubs" / INDEX)
    assert any(name.startswith("nanopubs/RA") for name in release.checksums) and f"nanopubs/{INDEX}" in release.checksums
    entries = read_ledger(ledger)
    assert set(entries) == set(index) and {e.nanopub for e in entries.values()} == set(index.values())
    assert {(e.version, e.date) for e in entries.values()} == {(f"https://w3id.org/lpskg/ontology/{release.version}",
                                                                "2026-11-29")}
    text = (release.directory / "nanopubs" / f"{index[next(iter(index))].rsplit('/', 1)[-1]}.trig").read_text()
    assert '"2026-11-29"^^xsd:date' in text and f"ontology/{release.version}>" in text


def test_an_unchanged_statement_keeps_its_uri_and_a_changed_one_is_superseded(
        bundle_store, tmp_path: Path, changelog: Path) -> None:
    graphs, ledger = Graphs(bundle_store), tmp_path / "nanopubs.tsv"

    def release(name: str) -> Path:
        release_nanopubs(graphs, tmp_path / name, "0.1.0", changelog, ledger)
        return tmp_path / name

    first = release("first")
    index = read_index(first / "nanopubs" / INDEX)
    again = release("again")                         # nothing changed: the same URIs, nothing superseded
    assert read_index(again / "nanopubs" / INDEX) == index
    assert (again / SUPERSEDED).read_text().splitlines() == ["source\tsuperseded\tby"]

    # the ledger of a release in which one statement said something else, and one was withdrawn since
    source = sorted(index)[0]
    gone = "https://w3id.org/lpskg/resource/link/gone"
    append_ledger([Entry(source, "an-older-content", "https://w3id.org/lpskg/ontology/0.0.9", "2026-01-01",
                         "https://w3id.org/lpskg/np/RAold"),
                   Entry(gone, "content", "https://w3id.org/lpskg/ontology/0.0.9", "2026-01-01",
                         "https://w3id.org/lpskg/np/RAgone")], ledger)
    with pytest.raises(ValueError, match=r"does not list 2 of the 2 nanopublications this release supersedes"):
        release("refused")
    rows = (tmp_path / "refused" / SUPERSEDED).read_text().splitlines()[1:]
    assert rows == sorted([f"{gone}\thttps://w3id.org/lpskg/np/RAgone\t",
                           f"{source}\thttps://w3id.org/lpskg/np/RAold\t{index[source]}"])
    assert read_ledger(ledger)[source].nanopub == "https://w3id.org/lpskg/np/RAold"   # refused: ledger untouched
    changelog.write_text("# Changelog\n\n## 0.1.0 — 2026-11-29\n\n- supersedes <https://w3id.org/lpskg/np/RAold>\n"
                         "- supersedes <https://w3id.org/lpskg/np/RAgone> (withdrawn)\n\n## 0.0.9\n\n- older\n")
    assert "RAgone" in changelog_section("0.1.0", changelog)[1]
    release("accepted")
    assert read_ledger(ledger)[source].nanopub == index[source] and read_ledger(ledger)[gone].content == ""


def test_a_refused_release_says_why(tmp_path: Path, changelog: Path) -> None:
    """build_release turns the refusal into a ReleaseError naming what CHANGELOG.md lacks."""
    ledger = tmp_path / "nanopubs.tsv"
    append_ledger([Entry("https://w3id.org/lpskg/resource/link/gone", "x", "https://w3id.org/lpskg/ontology/0.0.9",
                         "2026-01-01", "https://w3id.org/lpskg/np/RAgone")], ledger)
    with pytest.raises(ReleaseError, match="supersedes <https://w3id.org/lpskg/np/RAgone> \\(withdrawn\\)"):
        build_release(tmp_path / "release", also=functools.partial(release_nanopubs, changelog=changelog,
                                                                   ledger_file=ledger))


def test_the_release_date_is_the_changelogs(tmp_path: Path) -> None:
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text("# Changelog\n\n## 0.3.0 — 2027-01-15\n\n- x\n")
    assert release_date("0.3.0", changelog) == "2027-01-15"
