"""The account of coverage: every sentence of Sections 2.2, 4, 5 and 6 with what in the graph holds it.

docs/framework-coverage.md is generated from the graph and the seed text
(``lpskg coverage --markdown``); these tests hold it to what the store
answers: the document is the one the generator writes now, no sentence is
left unaccounted, every sentence listed as modelled has the triples it lists
(asked of the store again, independently of the generator), every stated link
whose sentence lies in those sections cites a sentence of the table, and the
text is cut into sentences as a reader would cut it.
"""
from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from lpskg.knowledge.coverage import (
    CONFLICT,
    MODELLED,
    NOT_MODELLED,
    OUTSIDE,
    QUOTE,
    UNACCOUNTED,
    account,
    counts,
    markdown,
    normalise,
    seed_text,
    sentences,
)
from lpskg.store import EmbeddedStore

from support.cli import lpskg
from support.stores import REPO
from support.stores import SEEDS as SEED_DIR

PAPER_FILE = "001_e8e679868b79b67c.txt"
LPSKG = "https://w3id.org/lpskg/ontology#"
COVERED = ("Section 2.2", "Section 4", "Section 5", "Section 6")


@pytest.fixture(scope="module")
def rows(bundle_store: EmbeddedStore):
    return account(bundle_store, seed_text(bundle_store))


def test_the_table_is_generated_from_the_graph_and_the_text(rows):
    """Regenerate with `make docs` (or `lpskg coverage --markdown > docs/framework-coverage.md`)."""
    assert (REPO / "docs" / "framework-coverage.md").read_text(encoding="utf-8") == markdown(rows)


def test_every_sentence_is_accounted_for(rows):
    tally = counts(rows)
    assert tally[UNACCOUNTED] == tally[CONFLICT] == 0, [
        (r.status, r.sentence.locator, r.sentence.text[:80]) for r in rows if r.status in (UNACCOUNTED, CONFLICT)]
    assert tally["sentences"] == len(rows) == tally[MODELLED] + tally[NOT_MODELLED] + tally[QUOTE] + tally[OUTSIDE]
    assert tally["framework sentences"] == tally[MODELLED] + tally[NOT_MODELLED]
    # the not-modelled sentences are few, each with the curator's reason
    assert tally[NOT_MODELLED] <= 15 and all(len(r.note) > 50 for r in rows if r.status in (NOT_MODELLED, OUTSIDE))


def test_a_sentence_listed_as_modelled_has_the_triples_it_lists(rows, bundle_store):
    def ask(sparql: str) -> bool:
        return bundle_store.ask(sparql)

    for row in rows:
        if row.status != MODELLED:
            continue
        assert row.held_by, row.sentence.text
        for holder, how, passage in row.holds:
            assert ask(f"ASK {{ <{holder}> <{LPSKG}{how}> <{passage}> }}"), (holder, how, passage)
        for subject, prop, target in row.links:
            term = f"<{target}>" if target.startswith("https://") else Literal(target).n3()
            assert ask(f"ASK {{ <{subject}> <{prop}> ?o FILTER(STR(?o) = STR({term})) }}"), (subject, prop, target)
        evidence = [h for h in row.held_by if "verbatim" in h]
        assert row.holds or evidence, row.sentence.text


def test_every_stated_link_of_the_sections_cites_a_sentence_of_the_table(rows, kg):
    texts = [r.sentence.text for r in rows]
    joined = [f"{a} {b}" for a, b in zip(texts, texts[1:])]
    links = kg.select("""SELECT ?link ?locator ?excerpt WHERE {
        ?link a lpskg:StatedLink ; lpskg:statedIn ?passage .
        ?passage lpskg:locator ?locator ; lpskg:excerpt ?excerpt }""")
    covered = [r for r in links if r["locator"].startswith(COVERED)]
    assert len(covered) > 200
    outside = [(r["link"], r["excerpt"][:60]) for r in covered
               if not any(normalise(r["excerpt"]) in t for t in texts + joined)]
    assert outside == []


def test_the_notes_are_for_sentences_nothing_else_holds(rows, kg):
    noted = kg.values("SELECT ?p WHERE { ?p lpskg:coverageStatus ?s }", "p")
    assert len(noted) == len([r for r in rows if r.status in (NOT_MODELLED, OUTSIDE)]) == 13
    cited = kg.select("""SELECT ?p WHERE { ?p lpskg:coverageStatus ?s .
                                           { ?x lpskg:statedIn|lpskg:basedOn|lpskg:givenFor ?p } }""")
    assert cited == []


def test_the_text_is_cut_as_a_reader_cuts_it():
    text = (SEED_DIR / PAPER_FILE).read_text(encoding="utf-8")
    found = sentences(text)
    by_text = {s.text: s for s in found}
    # a sentence broken by a page is one sentence
    assert any(s.text.endswith("even if currently they have not yet identified the possibilities or even the needs.")
               for s in found)
    # "vs." and "i.e." end no sentence; an inline quote is kept whole
    assert "In conclusion, our main contributions to the OM research and practice on LP vs. Industry 4.0 are three folded." in by_text
    assert any("“Actually, not all new ideas are good ones. Most new ideas are bad ones" in s.text for s in found)
    # run-in headings give the locator, under the concept's own name (the text prints "Mpyopia:")
    assert {s.locator for s in found if s.section == "4.2"} == {
        "Section 4.2 Forcing imbalances of organisational paradoxes", "Section 4.2, Mpyopia",
        "Section 4.2, Technical Monuments", "Section 4.2, Dogma", "Section 4.2, Detached"}
    assert not any(s.text.startswith(("Empowering:", "Pacing:", "Dogma:")) for s in found)
    # figure text and captions are no sentences
    assert not any("DOGMA MYOPIA" in s.text or "Source(s)" in s.text or s.text.startswith("Figure") for s in found)
    # a block quote keeps its speaker with its last sentence
    assert "And they don’t understand which problem it is that needs solving. (LPS manager, Scania)" in by_text
    assert [s.section for s in found][0] == "2.2" and {s.section for s in found} >= {"4.1.4", "5", "6"}


def test_a_run_in_heading_shows_under_the_concepts_name(rows):
    assert "Section 4.2, Myopia" in {r.sentence.locator for r in rows}
    assert "Section 4.2, Mpyopia" not in {r.sentence.locator for r in rows}


def test_the_cli_reports_counts_and_fails_on_an_unaccounted_sentence(writable_store_path):
    result = lpskg(writable_store_path, "coverage", "--check")
    assert result.exit_code == 0, result.output
    assert "unaccounted                              0" in result.stdout
    store = EmbeddedStore(writable_store_path)
    note = URIRef("https://w3id.org/lpskg/resource/passage/001-4.1-table-3")
    store.update(f"DELETE WHERE {{ GRAPH ?g {{ <{note}> <{LPSKG}coverageStatus> ?s ; <{LPSKG}coverageNote> ?n }} }}")
    store.close()
    failed = lpskg(writable_store_path, "coverage", "--check")
    assert failed.exit_code == 1
    assert "unaccounted: Section 4.1 Acceptance of organisational paradoxes #" in failed.stdout
    assert "IMustrating quotes of paradoxes" in failed.stdout
