"""Linking labels to the paper's concepts: exact, alternative, fuzzy, restricted by kind, or an error with candidates."""
from __future__ import annotations

import pytest

from lpskg.contributions import FieldError
from lpskg.contributions.linking import ANY_CONCEPT, ILLUSTRATABLE, ConceptIndex, Link, concept_index
from lpskg.contributions.parsing import ConceptRef
from lpskg.knowledge.graphs import Graphs
from lpskg.store import EmbeddedStore

R = "https://w3id.org/lpskg/resource/"


@pytest.fixture(scope="module")
def index(bundle_store: EmbeddedStore) -> ConceptIndex:
    return ConceptIndex.from_store(bundle_store)


def resolve(index: ConceptIndex, label: str, allowed=ILLUSTRATABLE, field=("evidence", 2, "illustrates", 0)):
    return index.resolve(ConceptRef(field, label), allowed, line=31)


@pytest.mark.parametrize("label, iri", [
    ("Myopia", "archetype/myopia"),
    ("  current GOALS   vs. future goals ", "tension/current-goals-vs-future-goals"),
    ("pull vs. push", "tension/pull-vs-push"),                # skos:altLabel
    ("synchronising time horizons", "strategy/pacing"),        # skos:altLabel
])
def test_exact_label_or_alt_label_ignoring_case_and_spacing(index: ConceptIndex, label: str, iri: str) -> None:
    link = resolve(index, label)
    assert isinstance(link, Link)
    assert (str(link.iri), link.match, link.score) == (R + iri, "exact", 100.0)


@pytest.mark.parametrize("label, iri, concept", [
    ("Technical Monument", "archetype/technical-monuments", "Technical Monuments"),
    ("exploration vs exploitation", "tension/exploitation-vs-exploration", "exploitation vs. exploration"),
    ("spatal separation", "strategy/spatial-separation", "spatial separation"),
])
def test_near_miss_is_linked_fuzzily_with_its_score(index: ConceptIndex, label: str, iri: str, concept: str) -> None:
    link = resolve(index, label)
    assert isinstance(link, Link)
    assert (str(link.iri), link.match, link.concept_label) == (R + iri, "fuzzy", concept)
    assert link.score >= 90


def test_unknown_label_names_field_line_and_nearest_concepts(index: ConceptIndex) -> None:
    error = resolve(index, "quantum lean")
    assert isinstance(error, FieldError)
    assert (error.field, error.line) == ("evidence[2].illustrates[0]", 31)
    assert error.message.startswith("unknown concept label 'quantum lean'")
    assert error.candidates[0]["label"] == "digital Lean boards"
    assert error.candidates[0]["iri"] == R + "technology/digital-lean-boards"
    # only concepts that share a word (or a word with a slip) are near: "lean" here, and nothing else
    assert [c["label"] for c in error.candidates] == ["digital Lean boards"] and error.candidates[0]["score"] < 50


def test_label_equally_close_to_two_concepts_is_ambiguous(index: ConceptIndex) -> None:
    error = resolve(index, "ecentralisation")
    assert isinstance(error, FieldError)
    assert "ambiguous" in error.message
    assert {c["label"] for c in error.candidates} == {"centralisation", "decentralisation"}


def test_label_of_two_concepts_is_ambiguous_until_the_kind_is_given(index: ConceptIndex) -> None:
    error = resolve(index, "SP-team", ANY_CONCEPT, ("supports", 0))
    assert isinstance(error, FieldError)
    assert "it names 2 concepts" in error.message
    assert {c["kind"] for c in error.candidates} == {"role", "stakeholder"}
    assert str(resolve(index, "SP-team", ("role",)).iri) == R + "role/sp-team-member"
    assert str(resolve(index, "SP-team", ILLUSTRATABLE).iri) == R + "stakeholder/sp-team"


def test_restriction_to_the_field_kind(index: ConceptIndex) -> None:
    assert isinstance(resolve(index, "Myopia", ("technology",)), FieldError)
    assert str(resolve(index, "digital Lean boards", ("technology",)).iri) == R + "technology/digital-lean-boards"
    assert isinstance(resolve(index, "Scania", ILLUSTRATABLE), FieldError)  # an organisation, not a concept


NEW_TENSION = """INSERT DATA { GRAPH <https://w3id.org/lpskg/graph/case/indexed> {
  <https://w3id.org/lpskg/resource/tension/indexed-test> a lpskg:Tension ;
      rdfs:label "quality at the source vs. inspection by sensors"@en } }"""


def test_index_is_kept_until_a_write_and_then_knows_what_was_written(writable_store_path) -> None:
    """Regression: the index is keyed on the write generation of the one write path, so a SPARQL
    Update into a graph (no graph added or removed) refreshes it too."""
    store = EmbeddedStore(writable_store_path)
    try:
        graphs = Graphs(store)
        first = concept_index(graphs)
        assert concept_index(graphs) is first
        graphs.update(NEW_TENSION)
        second = concept_index(graphs)
        assert second is not first
        link = second.resolve(ConceptRef(("tension",), "quality at the source vs inspection by sensors"), ("tension",))
        assert str(link.iri) == R + "tension/indexed-test"
    finally:
        store.close()


def test_a_store_shared_with_other_writers_is_never_served_from_the_cache(bundle_store) -> None:
    graphs = Graphs(bundle_store, shared=True)
    assert concept_index(graphs) is not concept_index(graphs)


#: Misspellings, other spellings and near-synonyms a researcher writes, with what lpskg must do:
#: link to the concept (fuzzy), or refuse and suggest it first. Connectives and "vs." are left
#: out of the scores, so two tensions no longer look alike for sharing "vs." alone.
SUGGESTIONS = [
    ("curent goals vs future goals", ILLUSTRATABLE, "link", "current goals vs. future goals"),
    ("exploitation versus exploration", ILLUSTRATABLE, "link", "exploitation vs. exploration"),
    ("specialization vs. generalization", ILLUSTRATABLE, "link", "specialisation vs. generalisation"),
    ("integration versus autonomy", ILLUSTRATABLE, "link", "integration vs. autonomy"),
    ("centralization vs decentralization", ("tension",), "link", "centralisation vs. decentralisation"),
    ("pull based on need vs push based on opportunity", ("tension",), "link",
     "pull based on needs vs. push based on opportunities"),
    ("Myopa", ILLUSTRATABLE, "link", "Myopia"),
    ("digital lean board", ("technology",), "link", "digital Lean boards"),
    ("smart glass", ("technology",), "link", "smart glasses"),
    ("standardisation vs. flexibility", ("tension",), "suggest", "standardisation vs. customisation"),
    ("resource prioritization", ("tension",), "suggest",
     "resource prioritisation between current operations vs. future SP needs"),
    ("short-term vs long-term goals", ("tension",), "suggest", "current goals vs. future goals"),
    ("lean principles vs new technology", ("tension",), "suggest",
     "using LP principles vs. implementation of new technology"),
    ("Empowerment", ILLUSTRATABLE, "suggest", "Empowering"),
]


@pytest.mark.parametrize("label, allowed, outcome, concept", SUGGESTIONS)
def test_misspellings_and_near_synonyms_link_or_suggest_the_right_concept_first(
        index: ConceptIndex, label: str, allowed, outcome: str, concept: str) -> None:
    result = resolve(index, label, allowed)
    if outcome == "link":
        assert isinstance(result, Link), result
        assert (result.match, result.concept_label) == ("fuzzy", concept)
    else:
        assert isinstance(result, FieldError)
        assert result.candidates[0]["label"] == concept
