"""The evidence is verbatim: quotes, observations and passage excerpts appear in the seed files.

Comparison normalises whitespace on both sides (runs of spaces and newlines
become one space), since the seeds are text extracted from PDFs and web pages.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from support.stores import SEEDS as SEED_DIR

PREFIXES = """
PREFIX lpskg: <https://w3id.org/lpskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


def _norm(text: str) -> str:
    return " ".join(text.split())


@lru_cache(maxsize=None)
def _seed(file_name: str) -> str:
    path = SEED_DIR / file_name
    assert path.is_file(), f"seed file {file_name} is not in {SEED_DIR}"
    return _norm(path.read_text(encoding="utf-8"))


def test_every_excerpt_is_verbatim_in_its_seed(kg):
    rows = kg.select(PREFIXES + """
        SELECT DISTINCT ?passage ?excerpt ?file WHERE {
            ?passage a lpskg:Passage ;
                     lpskg:excerpt ?excerpt ;
                     lpskg:inDocument ?doc .
            ?doc dcterms:identifier ?file .
        }""")
    assert len(rows) >= 80
    missing = [(r["passage"], r["excerpt"]) for r in rows if _norm(r["excerpt"]) not in _seed(r["file"])]
    assert missing == []


def test_excerpts_are_short_anchors(kg):
    rows = kg.select(PREFIXES + """
        SELECT DISTINCT ?passage ?excerpt WHERE { ?passage a lpskg:Passage ; lpskg:excerpt ?excerpt }""")
    wrong = [(r["passage"], r["excerpt"]) for r in rows if not 8 <= len(r["excerpt"].split()) <= 40]
    assert wrong == []


def test_every_passage_has_document_locator_and_excerpt(kg):
    rows = kg.select(PREFIXES + """
        SELECT ?passage (COUNT(DISTINCT ?doc) AS ?docs) (COUNT(DISTINCT ?loc) AS ?locs)
               (COUNT(DISTINCT ?ex) AS ?exs) WHERE {
            ?passage a lpskg:Passage .
            OPTIONAL { ?passage lpskg:inDocument ?doc }
            OPTIONAL { ?passage lpskg:locator ?loc }
            OPTIONAL { ?passage lpskg:excerpt ?ex }
        } GROUP BY ?passage""")
    wrong = [r["passage"] for r in rows if (r["docs"], r["locs"]) != ("1", "1") or r["exs"] == "0"]
    assert wrong == []


def test_every_evidence_text_is_verbatim_in_its_seed(kg):
    rows = kg.select(PREFIXES + """
        SELECT DISTINCT ?evidence ?text ?file WHERE {
            ?evidence lpskg:text ?text ;
                      lpskg:statedIn ?passage .
            ?passage lpskg:inDocument ?doc .
            ?doc dcterms:identifier ?file .
        }""")
    texts: dict[str, str] = {}
    files: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        texts[row["evidence"]] = row["text"]
        files[row["evidence"]].add(row["file"])
    assert len(texts) >= 12
    missing = [e for e, t in texts.items() if not any(_norm(t) in _seed(f) for f in files[e])]
    assert missing == []


def test_every_quote_and_observation_is_traceable(kg):
    rows = kg.select(PREFIXES + """
        SELECT DISTINCT ?evidence WHERE {
            { ?evidence a lpskg:Quote } UNION { ?evidence a lpskg:Observation }
            FILTER NOT EXISTS { ?evidence lpskg:text ?text ; lpskg:statedIn/lpskg:inDocument ?doc }
        }""")
    assert rows == []


def test_at_least_twelve_quotes(kg):
    rows = kg.select(PREFIXES + "SELECT (COUNT(DISTINCT ?q) AS ?n) WHERE { ?q a lpskg:Quote }")
    assert int(rows[0]["n"]) >= 12


def test_each_quote_has_exactly_one_role_and_one_case(kg):
    rows = kg.select(PREFIXES + """
        SELECT ?quote (COUNT(DISTINCT ?role) AS ?roles) (COUNT(DISTINCT ?case) AS ?cases) WHERE {
            ?quote a lpskg:Quote .
            OPTIONAL { ?quote lpskg:speakerRole ?role }
            OPTIONAL { ?quote lpskg:fromCase ?case }
        } GROUP BY ?quote""")
    assert rows
    wrong = [r["quote"] for r in rows if (r["roles"], r["cases"]) != ("1", "1")]
    assert wrong == []


# The paper's respondent quotes (Sections 4.1 and 4.2): opening words -> (role, case).
PAPER_QUOTES = {
    "We need to recognize a problem first": ("SP manager", "Volvo CE case"),
    "Actually, not all new ideas are good ones.": ("LPS manager", "Scania case"),
    "We need people that serves as bridges": ("LPS manager", "Scania case"),
    "We have the specialist functions.": ("Operations", "Scania case"),
    "Production managers have a very good overview of production": ("SP manager", "Scania case"),
    "We create a solution, but we can’t": ("Operations", "Scania case"),
    "Some people working with new technologies.": ("LPS manager", "Scania case"),
    "Same thing with Lean if you are not open to try technology": ("LPS manager", "Volvo CE case"),
    "We sometimes just try to improve the same type of process": ("LPS manager", "Volvo CE case"),
    "If top management are not involved": ("SP-team member", "Volvo CE case"),
    "When the Smart factory started some years ago": ("LPS manager", "Scania case"),
    "Today we have a very good model and strategy for digitalisation": ("LPS manager", "Scania case"),
}


def test_paper_quotes_have_their_speaker_and_case(kg):
    rows = kg.select(PREFIXES + """
        SELECT DISTINCT ?text ?role ?case WHERE {
            ?quote a lpskg:Quote ;
                   lpskg:text ?text ;
                   lpskg:speakerRole/rdfs:label ?role ;
                   lpskg:fromCase/rdfs:label ?case ;
                   lpskg:statedIn/lpskg:inDocument/dcterms:identifier "001_e8e679868b79b67c.txt" .
        }""")
    found = {}
    for row in rows:
        for opening in PAPER_QUOTES:
            if row["text"].startswith(opening):
                found[opening] = (row["role"], row["case"])
    assert found == PAPER_QUOTES
    assert len(rows) == len(PAPER_QUOTES)


def test_quotes_keep_the_seed_spelling(kg):
    """OCR slips stay as printed: the quote is evidence, not an edited text."""
    rows = kg.select(PREFIXES + """
        SELECT ?text WHERE { ?q a lpskg:Quote ; lpskg:text ?text
                             FILTER(STRSTARTS(?text, "Actually, not all new ideas")) }""")
    assert [r["text"] for r in rows] == [
        "Actually, not all new ideas are good ones. Most new ideas are bad ones, given the curvent "
        "context, but the context changes so nothing is static, and we still need to evolve"
    ]
