"""A publication file names the works it cites that the graph has (by DOI or in-text citation): cito:cites.

The citation network is what the co-citation and citation-count queries read;
a submitted publication extends it, and a citation of a work the graph does
not have is refused with the field and its line, storing nothing.
"""
from __future__ import annotations

from pathlib import Path

from rdflib import URIRef

from lpskg.namespaces import CITO, RESOURCE
from lpskg.store import EmbeddedStore

from support.cases import write
from support.cli import lpskg
from support.stores import store_quads as quads

PUBLICATION = """title: Boards that nobody reads
authors: ["Nordmann, Kari"]
year: 2024
doi: 10.5555/cites.2024.1
id: nordmann-2024-boards
cites:
  - Buer et al., 2021
  - {cited}
"""


def cited_works(store_path: Path, work: str) -> set[URIRef]:
    store = EmbeddedStore(store_path)
    try:
        return {row["w"] for row in store.select(f"SELECT ?w WHERE {{ <{work}> <{CITO.cites}> ?w }}")}
    finally:
        store.close()


def test_cited_works_are_found_by_in_text_citation_and_by_doi(writable_store_path: Path, tmp_path: Path) -> None:
    first = write(tmp_path, PUBLICATION.format(cited="Ahlskog et al., 2023"), "first.yaml")
    assert lpskg(writable_store_path, "literature", "add", str(first)).exit_code == 0
    work = f"{RESOURCE}work/nordmann-2024-boards"
    cited = cited_works(writable_store_path, work)
    assert len(cited) == 2 and all(str(w).startswith(f"{RESOURCE}work/") for w in cited)
    second = write(tmp_path, PUBLICATION.format(cited="10.5555/CITES.2024.1").replace("cites.2024.1\n", "other\n", 1)
                   .replace("nordmann-2024-boards", "nordmann-2025-again").replace("2024\n", "2025\n"), "second.yaml")
    result = lpskg(writable_store_path, "literature", "add", str(second))
    assert result.exit_code == 0, result.output
    assert URIRef(work) in cited_works(writable_store_path, f"{RESOURCE}work/nordmann-2025-again")


def test_a_work_the_graph_lacks_is_refused_with_its_line(writable_store_path: Path, tmp_path: Path) -> None:
    before = quads(writable_store_path)
    result = lpskg(writable_store_path, "literature", "add",
                   str(write(tmp_path, PUBLICATION.format(cited="Nobody et al., 1999"), "bad.yaml")))
    assert result.exit_code == 1
    assert "cites[1] (line 8): no work of the graph has the DOI or in-text citation 'Nobody et al., 1999'" \
        in result.output
    assert quads(writable_store_path) == before
