"""A release carries its nanopublications, and is refused until CHANGELOG.md names those it supersedes."""
from __future__ import annotations

import functools
from pathlib import Path

import pytest

from lpskg.exchange.nanopub import INDEX, read_index
from lpskg.exchange.nanopub.release import SUPERSEDED, changelog_section, release_nanopubs
from lpskg.knowledge.release import ReleaseError, build_release


def test_a_release_supersedes_what_changed_since_the_previous_one(tmp_path: Path) -> None:
    target = tmp_path / "release"
    first = build_release(target, also=release_nanopubs)
    index = read_index(first.directory / "nanopubs" / INDEX)
    assert any(name.startswith("nanopubs/RA") for name in first.checksums) and f"nanopubs/{INDEX}" in first.checksums
    # an earlier release in which one statement had another nanopublication, and one that is withdrawn since
    earlier = target / "0.0.9" / "nanopubs"
    earlier.mkdir(parents=True)
    lines = (first.directory / "nanopubs" / INDEX).read_text().splitlines()
    _, current, _, source = lines[1].split("\t")
    assert index[source] == current
    old = current[:-5] + "AAAAA"
    lines[1] = lines[1].replace(current, old)
    lines.append("RAgone\thttps://w3id.org/lpskg/np/RAgone\tkind\thttps://w3id.org/lpskg/resource/link/gone")
    (earlier / INDEX).write_text("\n".join(lines) + "\n")
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text(f"# Changelog\n\n## {first.version}\n\n- something changed\n")
    with pytest.raises(ReleaseError, match=r"does not list 2 of the 2 nanopublications this release supersedes"):
        build_release(target, also=functools.partial(release_nanopubs, changelog=changelog))
    rows = (first.directory / SUPERSEDED).read_text().splitlines()[1:]
    assert rows == [f"{source}\t{old}\t{current}", "https://w3id.org/lpskg/resource/link/gone\t"
                                                    "https://w3id.org/lpskg/np/RAgone\t"]
    changelog.write_text(f"# Changelog\n\n## {first.version}\n\n- supersedes <{old}> by <{current}>\n"
                         "- supersedes <https://w3id.org/lpskg/np/RAgone> (withdrawn)\n\n## 0.0.9\n\n- older\n")
    assert "RAgone" in changelog_section(first.version, changelog)
    second = build_release(target, also=functools.partial(release_nanopubs, changelog=changelog))
    assert second.checksums[f"nanopubs/{INDEX}"] == first.checksums[f"nanopubs/{INDEX}"]   # same release, same URIs
