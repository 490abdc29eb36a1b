"""A bibliography a researcher can cite: authors in the order the source gives them (an ordered list in RDF), names
without disambiguation text, a formatted citation for every work, and BibTeX and RIS of the works behind a
concept or a named query, escaped for their format."""
from __future__ import annotations

import re

import bibtexparser
import pytest
import requests

from lpskg.exchange.bibliography import bibtex, ris
from lpskg.knowledge.bibliography import NO_TITLE, Author, Work, works

from support.cli import lpskg
from support.in_process import private_endpoint
from support.servers import TEST_TOKEN
from support.stores import REPO

R = "https://w3id.org/lpskg/resource/"


def publications(endpoint) -> dict[str, dict]:
    rows = requests.get(endpoint.base_url + "/publications", params={"format": "json"}).json()
    return {row["label"]: row for row in rows}


# --------------------------------------------------------------------------- the paper's works

def test_authors_are_in_the_order_the_source_cites_them(endpoint, kg):
    """Before: "Brannick and Coghlan (2007)" listed "Coghlan; Brannick" (GROUP_CONCAT has no order)."""
    listed = publications(endpoint)
    assert listed["Brannick and Coghlan (2007)"]["authors"] == "Brannick and Coghlan"
    assert listed["Poole and Van de Ven (1989)"]["authors"] == "Poole and Van de Ven"
    assert listed["Buer et al. (2021)"]["authors"] == "Buer et al."
    # every in-text citation of the paper names its authors in the order of the work's author list
    for row in kg.select("SELECT ?w ?c WHERE { ?w lpskg:citedAs ?c FILTER NOT EXISTS { ?w lpskg:authorCount ?n } }"):
        work, = works(kg.store, [row["w"]])
        names = row["c"].rsplit(",", 1)[0]
        assert author_order(work) == sorted(author_order(work), key=names.find), row["c"]
        assert (" et al" in names) == work.et_al, row["c"]


def author_order(work: Work) -> list[str]:
    return [a.family_name for a in work.authors]


def test_an_author_list_is_an_rdf_list_and_lists_the_creators(kg):
    first = kg.values("SELECT ?a WHERE { work:brannick-coghlan-2007 bibo:authorList/rdf:first ?a }", "a")
    second = kg.values("SELECT ?a WHERE { work:brannick-coghlan-2007 bibo:authorList/rdf:rest/rdf:first ?a }", "a")
    assert (first, second) == ({R + "person:brannick".replace(":", "/")}, {R + "person/coghlan"})
    assert kg.select("SELECT ?w WHERE { ?w bibo:authorList/rdf:rest*/rdf:first ?a "
                     "FILTER NOT EXISTS { ?w dcterms:creator ?a } }") == []


def test_names_carry_no_disambiguation_text(endpoint):
    """Before: "Eisenhardt (Eisenhardt, 2000)" as an author's name."""
    listed = publications(endpoint)
    assert listed["Eisenhardt (2000)"]["authors"] == "Eisenhardt"
    assert listed["Smith and Lewis (2011)"]["authors"] == "Smith and Lewis"
    assert not [row["authors"] for row in listed.values() if "(" in row["authors"]]


def test_an_authors_label_is_the_name_as_cited_and_two_authors_may_bear_it(kg):
    """A person's label is its name (the paper gives family names only); which work each is the author of is
    said in its definition, not added to the name. Two persons may bear one name: the paper does not say
    whether the Eisenhardt of 2000 wrote with Graebner in 2007."""
    names = kg.select("SELECT ?p ?l WHERE { ?p a foaf:Person ; rdfs:label ?l }")
    assert names and not [r for r in names if "(" in r["l"]]
    eisenhardt = {r["p"] for r in names if r["l"] == "Eisenhardt"}
    assert eisenhardt == {R + "person/eisenhardt-2000", R + "person/eisenhardt-2007"}


def test_a_name_two_authors_bear_links_a_submitted_author_to_neither(bundle_store):
    from lpskg.contributions.building import find_people

    assert set(find_people(bundle_store, ["Eisenhardt", "Brannick"])) == {"Brannick"}


def test_every_work_has_a_formatted_citation(endpoint):
    """Before: the citation column was empty for all 62 cited works."""
    listed = publications(endpoint)
    assert len(listed) >= 62 and all(row["citation"] for row in listed.values())
    assert listed["Brannick and Coghlan (2007)"]["citation"] == f"Brannick and Coghlan (2007). {NO_TITLE}."
    assert listed["Tóth et al. (2022)"]["citation"].startswith("Tóth et al. (2022).")   # the name, not its OCR slip
    html = requests.get(endpoint.base_url + "/publications", headers={"Accept": "text/html"}).text
    assert '<td data-column="citation">Brannick and Coghlan (2007). Title not in the source.</td>' in html


# --------------------------------------------------------------------------- a publication imported

@pytest.fixture(scope="module")
def with_literature(bundle_store_template, tmp_path_factory):
    for served in private_endpoint(bundle_store_template, tmp_path_factory, "bibliography"):
        response = requests.post(served.base_url + "/api/publications", params={"filename": "example-literature.bib"},
                                 data=(REPO / "examples" / "example-literature.bib").read_bytes(),
                                 headers={"Content-Type": "application/x-bibtex", "Authorization": f"Bearer {TEST_TOKEN}"})
        assert response.status_code == 201, response.text
        yield served


def test_an_imported_bibtex_keeps_its_authors_in_order(with_literature):
    """Before: Nordmann, Berg, Holm showed as "Berg; Nordmann; Holm"."""
    row = next(r for r in publications(with_literature).values() if r["iri"].endswith("/nordmann2024myopia"))
    assert row["authors"] == "Nordmann, K., Berg, L. and Holm, I."
    assert row["citation"] == ("Nordmann, K., Berg, L. and Holm, I. (2024). Short horizons on the shop floor: an "
                               "illustrative study of myopia in lean digitalisation. Example Journal of Operations "
                               "(fictional).")


def test_the_works_behind_a_concept_as_bibtex_and_ris(with_literature):
    bib = requests.get(with_literature.base_url + "/api/works", params={"concept": "Myopia", "format": "bibtex"})
    assert bib.status_code == 200 and bib.headers["Content-Type"].startswith("application/x-bibtex")
    assert bib.headers["Content-Disposition"] == 'attachment; filename="lpskg-works-myopia.bib"'
    entries = {e["ID"]: e for e in bibtexparser.loads(bib.text).entries}
    assert entries["nordmann2024myopia"]["author"] == "{Nordmann}, Kari and {Berg}, Lars and {Holm}, Ingrid"
    assert entries["nordmann2024myopia"]["ENTRYTYPE"] == "article"
    ris_text = requests.get(with_literature.base_url + "/api/works", params={"concept": "archetype:myopia"},
                            headers={"Accept": "application/x-research-info-systems"}).text
    record = ris_text.split("ER  - \r\n")[0].split("\r\n")
    assert [line[6:] for line in record if line.startswith("AU  - ")] == ["Nordmann, Kari", "Berg, Lars",
                                                                         "Holm, Ingrid"]


def test_the_works_behind_a_named_query_answer(endpoint):
    answer = requests.get(endpoint.base_url + "/api/queries/tensions-per-paradox/works",
                          params={"paradox": "learning paradox"}).json()
    assert answer["resolved"][0]["iri"] == R + "paradox/learning"
    cited = {w["label"]: w for w in answer["works"]}
    assert "March (1991)" in cited and cited["March (1991)"]["authors"] == ["March"]
    ris_text = requests.get(endpoint.base_url + "/api/queries/tensions-per-paradox/works",
                            params={"format": "ris"}).text
    smith_lewis = next(r for r in ris_text.split("ER  - \r\n") if "ID  - smith-lewis-2011" in r)
    assert re.findall(r"AU  - (\w+)", smith_lewis) == ["Smith", "Lewis"]


def test_an_et_al_work_keeps_and_others(endpoint):
    bib = requests.get(endpoint.base_url + "/api/works", params={"concept": "Dogma", "format": "bibtex"}).text
    entry, = (e for e in bibtexparser.loads(bib).entries if e["ID"] == "mokudai-2021")
    assert entry["author"] == "{Mokudai} and others" and "names only its first author" in entry["note"]


@pytest.mark.parametrize("params, problem", [
    ({"concept": "Dogma", "format": "endnote"}, "format must be bibtex, ris or json"),
    ({"concept": "quantum lean"}, "the nearest: lean production"),
    ({}, "give the resource whose works to list"),
])
def test_a_bad_request_for_works_says_what_is_wrong(endpoint, params, problem):
    response = requests.get(endpoint.base_url + "/api/works", params=params, headers={"Accept": "application/json"})
    assert response.status_code == 400 and problem in response.json()["detail"]


# --------------------------------------------------------------------------- escaping

NASTY = Work(R + "work/x", "X (2020)", (Author(R + "person/a", "O'Brien & {Sons}", "Ann"), Author(R + "person/b", "Van de Ven")),
             False, "2020", "100% of {lean} & \\input{x} #1 $5 under_score ~ ^\nsecond line", "10.1/x_y", None, None, True)


def test_bibtex_escapes_what_would_close_a_field_or_start_a_command():
    text = bibtex([NASTY])
    title = re.search(r"  title = \{(.*)\},\n", text).group(1)
    assert title == (r"100\% of \{lean\} \& \textbackslash{}input\{x\} \#1 \$5 under\_score \textasciitilde{} "
                     r"\textasciicircum{} second line")
    assert "author = {{O'Brien \\& \\{Sons\\}}, Ann and {Van de Ven}}" in text
    entry, = bibtexparser.loads(text).entries   # still one entry with every field
    assert {"author", "title", "year", "doi", "note"} <= set(entry)


def test_ris_values_stay_on_one_line_and_lines_end_crlf():
    text = ris([NASTY])
    assert text.endswith("ER  - \r\n") and "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")
    assert "TI  - 100% of {lean} & \\input{x} #1 $5 under_score ~ ^ second line" in lines
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines if line)


# --------------------------------------------------------------------------- the command line

def test_the_cli_exports_the_works_behind_a_concept(bundle_store_template, tmp_path):
    import shutil

    shutil.copytree(bundle_store_template, tmp_path / "store")
    result = lpskg(tmp_path / "store", "literature", "export", "--concept", "Lean trap", "--format", "bibtex")
    assert result.exit_code == 0 and "@misc{mokudai-2021," in result.stdout and "lpskg: 1 work" in result.stderr
    named = lpskg(tmp_path / "store", "literature", "export", "--named", "tensions-per-paradox", "--format", "text")
    assert named.exit_code == 0 and "Smith and Lewis (2011). Title not in the source." in named.stdout.splitlines()
    neither = lpskg(tmp_path / "store", "literature", "export")
    assert neither.exit_code == 2 and "give --concept LABEL or --named NAME" in neither.stderr


def test_a_page_links_the_works_behind_its_resource(endpoint):
    html = requests.get(endpoint.base_url + "/resource/archetype/dogma", headers={"Accept": "text/html"}).text
    cite = re.search(r'<span id="cite">(.*?)</span>', html, re.S).group(1)
    assert "cite the 1 work behind it" in cite
    link = re.search(r'href="([^"]*format=bibtex)"', cite).group(1).replace("&amp;", "&")
    assert "@misc{mokudai-2021," in requests.get(endpoint.base_url + link).text
    myopia = requests.get(endpoint.base_url + "/resource/archetype/myopia", headers={"Accept": "text/html"}).text
    assert 'id="cite"' not in myopia   # no cited work is linked to Myopia: no link to an empty list
