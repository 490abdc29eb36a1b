"""Every nanopublication lpskg exports, read back by two libraries it did not write (nanopub-py, nanopub-rs):
137 files and two parsers, some tens of seconds."""
from __future__ import annotations

from pathlib import Path

from lpskg.exchange.nanopub import INDEX, export
from lpskg.knowledge.graphs import Graphs

from support.nanopubs import assert_valid_elsewhere


def test_every_export_is_valid_for_nanopub_py_and_nanopub_sign(bundle_store, tmp_path: Path) -> None:
    export(Graphs(bundle_store), tmp_path)
    files = sorted(tmp_path.glob("RA*.trig"))
    assert len(files) == len((tmp_path / INDEX).read_text().splitlines()) - 1 > 100
    assert assert_valid_elsewhere(files) == len(files)
