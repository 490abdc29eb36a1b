"""Importing publications from BibTeX, CSL-JSON and YAML, with what they support or challenge."""
from __future__ import annotations

import json
from pathlib import Path

from lpskg.store import EmbeddedStore

from support.cases import write
from support.cli import lpskg
from support.results import named_rows
from support.stores import REPO
from support.stores import store_quads as quads

EXAMPLE_BIB = REPO / "examples" / "example-literature.bib"
R = "https://w3id.org/lpskg/resource/"


def supporting(store_path: Path, concept: str) -> set[tuple[str, str]]:
    """(stance, cited as) of the works the named query finds for ``concept``."""
    return {(r["stance"], r.get("citedAs", "")) for r in named_rows(store_path, "works-supporting-concept",
                                                                      concept=concept)}


def test_bibtex_import_stores_one_graph_per_entry_found_by_the_literature_query(writable_store_path: Path) -> None:
    result = lpskg(writable_store_path, "literature", "import", str(EXAMPLE_BIB))
    assert result.exit_code == 0, result.output
    assert "stored publication 'nordmann2024myopia': " in result.output
    assert "stored publication 'berg2023monuments': " in result.output
    assert ("supports", "Nordmann et al., 2024") in supporting(writable_store_path, "archetype:myopia")
    assert ("challenges", "Berg, 2023") in supporting(writable_store_path, "strategy:structural-separation")
    store = EmbeddedStore(writable_store_path)
    try:
        names = store.graph_names()
    finally:
        store.close()
    assert "https://w3id.org/lpskg/graph/publication/nordmann2024myopia" in names
    assert "https://w3id.org/lpskg/graph/inferred/publication/berg2023monuments" in names


def test_bibtex_errors_name_entry_field_and_line_and_write_nothing(writable_store_path: Path,
                                                                   tmp_path: Path) -> None:
    text = EXAMPLE_BIB.read_text().replace("{2024}", "{20x3}").replace("{Technical Monuments}", "{Monumental}")
    before = quads(writable_store_path)
    result = lpskg(writable_store_path, "literature", "import", str(write(tmp_path, text, "refs.bib")))
    assert result.exit_code == 1
    year_line = next(i for i, row in enumerate(text.splitlines(), 1) if "20x3" in row)
    assert f"nordmann2024myopia.year (line {year_line}): '20x3' is not of type 'integer'" in result.output
    assert quads(writable_store_path) == before
    text = EXAMPLE_BIB.read_text().replace("{Technical Monuments}", "{Monumental}")
    result = lpskg(writable_store_path, "literature", "import", str(write(tmp_path, text, "refs.bib")))
    assert result.exit_code == 1
    supports_line = next(i for i, row in enumerate(text.splitlines(), 1) if "Monumental" in row)
    assert f"berg2023monuments.supports[0] (line {supports_line}): unknown concept label 'Monumental'" in result.output
    assert "'Technical Monuments' (archetype" in result.output
    assert quads(writable_store_path) == before


def test_csl_json_custom_fields_and_note_lines(writable_store_path: Path, tmp_path: Path) -> None:
    items = [
        {"id": "holm2022", "type": "article-journal", "title": "Pacing digital change (test item)",
         "author": [{"family": "Holm", "given": "Ingrid"}], "issued": {"date-parts": [[2022, 5]]},
         "DOI": "https://doi.org/10.9999/test.2022.1", "custom": {"lpskg-supports": ["Pacing"]}},
        {"id": "strand2020", "type": "paper-conference", "title": "A second test item",
         "author": [{"family": "Strand", "given": "Per"}, {"family": "Vik", "given": "Ola"}],
         "issued": {"raw": "2020"}, "note": "lpskg-challenges: Myopia; Dogma"},
    ]
    path = write(tmp_path, json.dumps(items, indent=2), "export.json")
    result = lpskg(writable_store_path, "literature", "import", str(path))
    assert result.exit_code == 0, result.output
    assert ("supports", "Holm, 2022") in supporting(writable_store_path, "strategy:pacing")
    assert ("challenges", "Strand and Vik, 2020") in supporting(writable_store_path, "archetype:dogma")
    shown = lpskg(writable_store_path, "query", f"SELECT ?doi WHERE {{ <{R}work/holm2022> bibo:doi ?doi }}",
                  "--format", "json")
    assert json.loads(shown.output) == [{"doi": "10.9999/test.2022.1"}]


def test_publication_the_paper_cites_is_not_duplicated(writable_store_path: Path, tmp_path: Path) -> None:
    bib = """@article{buer2021,
  author = {Buer, Sven-Vegard and Semini, Marco and Strandhagen, Jan Ola and Sgarbossa, Fabio},
  title = {Test entry for a work the paper cites},
  year = {2021},
  lpskg-supports = {synthesis},
}"""
    result = lpskg(writable_store_path, "literature", "import", str(write(tmp_path, bib, "buer.bib")))
    assert result.exit_code == 0, result.output
    assert f"<{R}work/buer-2021>" in result.output
    rows = lpskg(writable_store_path, "query", f"SELECT ?w WHERE {{ ?w lpskg:supports <{R}strategy/synthesis> }}",
                 "--format", "json")
    assert {"w": f"{R}work/buer-2021"} in json.loads(rows.output)
    assert f"{R}work/buer2021" not in rows.output


def test_yaml_publication_dry_run_writes_nothing(writable_store_path: Path, tmp_path: Path) -> None:
    text = ("title: A hand-written test publication\nauthors: [\"Holm, Ingrid\"]\nyear: 2021\n"
            "supports: [learning paradox]\nchallenges: [Technical Monument]\n")
    before = quads(writable_store_path)
    result = lpskg(writable_store_path, "literature", "add", str(write(tmp_path, text, "pub.yaml")), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would store publication 'holm-2021-a'" in result.output
    assert "(archetype 'Technical Monuments', fuzzy 95)" in result.output
    assert quads(writable_store_path) == before
