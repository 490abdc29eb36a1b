"""The two tensions the paper puts in no paradox (examples its introduction gives) are shown as such: not under
"performing paradox" on /compare, and drawn on the paradox map, whose count of tensions is what it draws."""
from __future__ import annotations

import re

import requests

BROWSER = {"Accept": "text/html"}
UNPLACED = {"waste minimisation and simplicity vs. digital complexity",
            "centralised digitalisation vs. decentralised improvement work"}


def test_compare_puts_the_tensions_of_no_paradox_in_a_section_of_their_own(endpoint, kg):
    table = requests.get(endpoint.base_url + "/compare", params={"format": "json"}).json()
    tensions = next(g for g in table["groups"] if g["name"] == "tensions")["rows"]
    in_paradox = kg.values("SELECT ?l WHERE { ?p a lpskg:Paradox ; lpskg:hasTension/rdfs:label ?l }", "l")
    sections = {row["label"]: row["section"] for row in tensions}
    assert {label for label in sections if label not in in_paradox} == UNPLACED
    assert {sections[label] for label in UNPLACED} == {"in no paradox (examples in the introduction)"}
    assert all(sections[label].endswith("paradox") and sections[label] != "in no paradox (examples in the "
               "introduction)" for label in in_paradox)
    # on the page: the section head comes before them, after the last paradox's rows
    html = requests.get(endpoint.base_url + "/compare", headers=BROWSER).text
    heads = [(m.start(), m.group(1)) for m in re.finditer(r'class="section-head"><th[^>]*>([^<]*)</th>', html)]
    for label in UNPLACED:
        where = html.index(f">{label}<")
        assert max((p, h) for p, h in heads if p < where)[1] == "in no paradox (examples in the introduction)"


def test_the_map_draws_every_tension_its_chip_counts(endpoint):
    html = requests.get(endpoint.base_url + "/", headers=BROWSER).text
    chip = int(re.search(r"<strong>(\d+)</strong> tensions", html).group(1))
    figure = re.search(r'<svg[^>]*class="paradox-map">.*?</svg>', html, re.S).group(0)
    drawn = re.findall(r'<a href="/resource/tension/', figure)
    assert len(drawn) == chip == 14
    assert "in no paradox" in figure
    for label in UNPLACED:   # drawn in the grey column, after the four paradoxes
        assert figure.index("centralised digitalisation") > figure.index("performing paradox")
        assert label.split()[0] in figure
