"""A release carries its nanopublications: an unchanged statement keeps its URI from release to release, a
changed or withdrawn one is superseded, and the release is refused until CHANGELOG.md names those."""
from __future__ import annotations

import functools
from pathlib import Path

import pytest

from lpskg.exchange.nanopub import INDEX, read_index
from lpskg.exchange.nanopub.ledger import Entry, append_ledger, read_ledger
from lpskg.exchange.nanopub.release import SUPERSEDED, changelog_section, release_date, release_nanopubs
from lpskg.knowledge.release import ReleaseError, build_release


def test_a_release_publishes_what_is_new_and_supersedes_what_changed(tmp_path: Path) -> None:
    target, ledger = tmp_path / "release", tmp_path / "nanopubs.tsv"
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text("# Changelog\n\n## 0.1.0 — 2026-11-29\n\n- the first\n")
    release = functools.partial(release_nanopubs, changelog=changelog, ledger_file=ledger)

    first = build_release(target, also=release)
    index = read_index(first.directory / "nanopubs" / INDEX)
    assert any(name.startswith("nanopubs/RA") for name in first.checksums) and f"nanopubs/{INDEX}" in first.checksums
    entries = read_ledger(ledger)
    assert set(entries) == set(index) and {e.nanopub for e in entries.values()} == set(index.values())
    assert {(e.version, e.date) for e in entries.values()} == {(f"https://w3id.org/lpskg/ontology/{first.version}",
                                                                "2026-11-29")}
    text = (first.directory / "nanopubs" / f"{index[next(iter(index))].rsplit('/', 1)[-1]}.trig").read_text()
    assert '"2026-11-29"^^xsd:date' in text and f"ontology/{first.version}>" in text

    again = build_release(target, also=release)          # nothing changed: the same URIs, nothing superseded
    assert again.checksums[f"nanopubs/{INDEX}"] == first.checksums[f"nanopubs/{INDEX}"]
    assert (again.directory / SUPERSEDED).read_text().splitlines() == ["source\tsuperseded\tby"]

    # the ledger of a release in which one statement said something else, and one was withdrawn since
    source = sorted(index)[0]
    gone = "https://w3id.org/lpskg/resource/link/gone"
    append_ledger([Entry(source, "an-older-content", "https://w3id.org/lpskg/ontology/0.0.9", "2026-01-01",
                         "https://w3id.org/lpskg/np/RAold"),
                   Entry(gone, "content", "https://w3id.org/lpskg/ontology/0.0.9", "2026-01-01",
                         "https://w3id.org/lpskg/np/RAgone")], ledger)
    with pytest.raises(ReleaseError, match=r"does not list 2 of the 2 nanopublications this release supersedes"):
        build_release(target, also=release)
    rows = (first.directory / SUPERSEDED).read_text().splitlines()[1:]
    assert rows == sorted([f"{gone}\thttps://w3id.org/lpskg/np/RAgone\t",
                           f"{source}\thttps://w3id.org/lpskg/np/RAold\t{index[source]}"])
    assert read_ledger(ledger)[source].nanopub == "https://w3id.org/lpskg/np/RAold"   # refused: ledger untouched
    changelog.write_text("# Changelog\n\n## 0.1.0 — 2026-11-29\n\n- supersedes <https://w3id.org/lpskg/np/RAold>\n"
                         "- supersedes <https://w3id.org/lpskg/np/RAgone> (withdrawn)\n\n## 0.0.9\n\n- older\n")
    assert "RAgone" in changelog_section(first.version, changelog)[1]
    build_release(target, also=release)
    assert read_ledger(ledger)[source].nanopub == index[source] and read_ledger(ledger)[gone].content == ""


def test_the_release_date_is_the_changelogs(tmp_path: Path) -> None:
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text("# Changelog\n\n## 0.3.0 — 2027-01-15\n\n- x\n")
    assert release_date("0.3.0", changelog) == "2027-01-15"
