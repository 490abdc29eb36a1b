"""Named-query parameters that know their kind: a label names a resource of that kind only, the answer says what
each label resolved to, an empty answer caused by a parameter says so, and a label that names nothing gets the
nearest candidates; on the API and on the command line alike."""
from __future__ import annotations

import json
import re
import shutil

import pytest
import requests

from lpskg.knowledge.library import NamedQueryError, example_text, list_named_queries, parse_named_query
from lpskg.namespaces import LPSKG, RESOURCE

from support.cli import lpskg
from support.stores import REPO

JSON = {"Accept": "application/sparql-results+json"}
CASE = str(LPSKG.Case)


def ask(endpoint, name: str, **params: str) -> requests.Response:
    return requests.get(f"{endpoint.base_url}/api/queries/{name}", params=params, headers=JSON)


def said(response: requests.Response) -> dict:
    """What the answer says of its parameters (the X-LPSKG-Parameters header)."""
    return json.loads(response.headers.get("X-LPSKG-Parameters", "{}"))


def rows(response: requests.Response) -> list[dict]:
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"]


# --------------------------------------------------------------------------- the header grammar

def test_an_iri_parameter_names_the_class_of_its_values():
    query = parse_named_query("q", "# title: t\n# description: d\n"
                                   "# param: case | iri lpskg:Case | optional | (all) | a case, e.g. case:scania\n"
                                   "SELECT ?case WHERE { ?case a ?c }")
    assert query.parameters[0].kind == CASE and query.parameters[0].kind_name == "lpskg:Case"


@pytest.mark.parametrize("spec, problem", [
    ("n | integer lpskg:Case | optional | 1 | why", "only an iri parameter names a class"),
    ("n | iri nosuch:Case | optional | (all) | why", "'nosuch:' is not one"),
])
def test_a_kind_that_cannot_be_is_refused_with_its_line(spec, problem):
    with pytest.raises(NamedQueryError, match=re.escape(problem)):
        parse_named_query("q", f"# title: t\n# description: d\n# param: {spec}\nSELECT ?n WHERE {{ ?s ?p ?n }}")


@pytest.mark.parametrize("query", list_named_queries(), ids=lambda q: q.name)
def test_every_iri_parameter_of_the_library_has_a_kind_its_example_is_of(query, kg):
    for parameter in (p for p in query.parameters if p.type == "iri"):
        assert parameter.kind, f"{query.name}: '{parameter.name}' names no class ('iri lpskg:Case')"
        example = re.search(r"e\.g\.\s+(\S+)", parameter.description).group(1).rstrip(".,;)")
        prefix, local = example.split(":", 1)
        if parameter.kind_name == "rdfs:Resource" or prefix == "case" and local.startswith("example-"):
            continue   # any resource; a case submitted in the tests, not in the bundle
        iri = f"{LPSKG}{local}" if prefix == "lpskg" else f"{RESOURCE}{prefix}/{local}"
        assert kg.store.ask(f"ASK {{ <{iri}> a <{parameter.kind}> }}"), \
            f"{query.name}: {example} is not a {parameter.kind_name}"


# --------------------------------------------------------------------------- a label of the parameter's kind

@pytest.mark.parametrize("name, value", [
    ("similar-cases", "Scania"), ("case-fingerprint", "Scania"), ("case-fingerprint", "Volvo CE"),
])
def test_a_case_is_named_by_its_organisation(endpoint, name, value):
    """Before: 'Scania' matched the organisation (the case's alternative name), and the answer was empty."""
    answer = ask(endpoint, name, case=value)
    assert rows(answer), f"{name} case={value} is empty"
    resolved, = said(answer)["resolved"]
    slug = "scania" if value == "Scania" else "volvo-ce"
    assert resolved == {"parameter": "case", "given": value, "iri": f"{RESOURCE}case/{slug}",
                        "label": f"{value} case", "match": "exact", "score": 100, "ofKind": True}
    assert rows(answer) == rows(ask(endpoint, name, case=f"case:{slug}"))


def test_quotes_of_a_concept_at_a_case_named_as_people_name_it(endpoint):
    by_label = rows(ask(endpoint, "quotes-for-concept", concept="Dogma", case="Volvo CE"))
    assert by_label and by_label == rows(ask(endpoint, "quotes-for-concept", concept="archetype:dogma",
                                             case="case:volvo-ce"))


def test_a_label_of_another_kind_does_not_resolve(endpoint):
    """Myopia is an archetype, not a tension: the tensions nearest the text are offered instead."""
    answer = requests.get(f"{endpoint.base_url}/api/queries/practices-per-tension",
                          params={"tension": "Myopia"}, headers=JSON)
    assert answer.status_code == 400
    body = answer.json()
    assert body["parameter"] == "tension" and "no paradoxical tension (lpskg:Tension) is named 'Myopia'" in body["detail"]
    assert all(c["iri"].startswith(f"{RESOURCE}tension/") for c in body["candidates"])


@pytest.mark.parametrize("typed, expected, match", [
    ("Myopya", "archetype/myopia", "fuzzy"),           # a slip in one word
    ("Doga", "archetype/dogma", "fuzzy"),              # one letter short of a short word
    ("Technical Monument", "archetype/technical-monuments", "fuzzy"),   # singular
    ("exploitation vs exploration", "tension/exploitation-vs-exploration", "fuzzy"),   # 'vs' for 'vs.'
    ("strategy:synthesis", "strategy/synthesis", "iri"),
])
def test_a_slip_resolves_and_the_answer_says_how_near(endpoint, typed, expected, match):
    answer = ask(endpoint, "quotes-for-concept", concept=typed)
    resolved, = said(answer)["resolved"]
    assert (resolved["iri"], resolved["match"]) == (f"{RESOURCE}{expected}", match)
    assert resolved["score"] >= 90


@pytest.mark.parametrize("typed, nearest", [
    ("quantum lean", "lean production"),        # shares a word, and no more
    ("learning", None),                         # no concept is named only 'learning'
])
def test_an_unknown_label_gets_the_nearest_candidates(endpoint, typed, nearest):
    answer = ask(endpoint, "quotes-for-concept", concept=typed)
    assert answer.status_code == 400
    body = answer.json()
    assert body["candidates"] and "the nearest:" in body["detail"]
    assert nearest is None or body["candidates"][0]["label"] == nearest
    assert all({"label", "iri", "name", "kind", "score"} <= set(c) for c in body["candidates"])


def test_a_label_near_nothing_lists_some_of_the_kind(endpoint):
    body = ask(endpoint, "similar-cases", case="Zzqx").json()
    assert "no case (lpskg:Case) is named 'Zzqx' or anything near it" in body["detail"]
    assert {c["label"] for c in body["candidates"]} >= {"Scania case", "Volvo CE case"}


# --------------------------------------------------------------------------- empty answers say why

def test_an_empty_answer_left_by_a_parameter_says_so(endpoint):
    answer = ask(endpoint, "quotes-for-concept", concept="Myopia", case="Volvo CE")
    assert rows(answer) == []
    empty = said(answer)["empty"]
    assert "no rows for case = 'Volvo CE' → Volvo CE case" in empty and "without 'case' the query has 1 row" in empty


def test_a_resource_of_another_kind_given_as_an_iri_is_named_as_the_reason(endpoint):
    answer = ask(endpoint, "case-fingerprint", case="organisation:scania")
    assert rows(answer) == []
    assert said(answer)["resolved"][0]["ofKind"] is False
    assert "is not a case (lpskg:Case)" in said(answer)["empty"]


def test_the_library_tells_the_query_page_each_parameters_kind(endpoint):
    library = {q["name"]: q for q in requests.get(f"{endpoint.base_url}/api/queries").json()}
    case, = library["similar-cases"]["parameters"]
    assert (case["kind"], case["kindName"]) == (CASE, "lpskg:Case")
    assert "X-LPSKG-Parameters" in ask(endpoint, "similar-cases", case="Scania").headers[
        "Access-Control-Expose-Headers"]


# --------------------------------------------------------------------------- the command line alike

@pytest.fixture(scope="module")
def cli_store(bundle_store_template, tmp_path_factory):
    path = tmp_path_factory.mktemp("typed-cli") / "store"
    shutil.copytree(bundle_store_template, path)
    return path


def test_the_cli_resolves_as_the_api_and_says_so_on_stderr(cli_store):
    result = lpskg(cli_store, "query", "--named", "similar-cases", "--param", "case=Scania", "--format", "csv")
    assert result.exit_code == 0 and "case/volvo-ce" in result.stdout
    assert "case = 'Scania' → Scania case <https://w3id.org/lpskg/resource/case/scania> (exact)" in result.stderr
    empty = lpskg(cli_store, "query", "--named", "quotes-for-concept", "--param", "concept=Myopia",
                  "--param", "case=Volvo CE", "--format", "csv")
    assert empty.exit_code == 0 and "without 'case' the query has 1 row" in empty.stderr
    unknown = lpskg(cli_store, "query", "--named", "quotes-for-concept", "--param", "concept=quantum lean")
    assert unknown.exit_code == 2 and "the nearest: lean production (paradigm:lean-production" in unknown.output


# --------------------------------------------------------------------------- YASGUI's example tabs

def test_an_example_tab_leaves_optional_parameters_unbound_and_shows_no_parameter_column(kg):
    """'Drift paths from each paradox' ran for one paradox only, with a statedOnly column."""
    from lpskg.knowledge.library import load_named_query

    query = load_named_query("drift-paths")
    text = example_text(query)
    answer = kg.store.select(text)
    assert "statedOnly" not in answer.variables and "paradox/performing" not in text[text.index("SELECT"):]
    everything = kg.store.select(*query.prepare({}))
    assert {str(r["paradox"]) for r in answer} == {str(r["paradox"]) for r in everything}
    assert len({str(r["paradox"]) for r in answer}) > 1


def test_the_yasgui_page_gives_each_example_its_required_values_only(endpoint):
    html = requests.get(f"{endpoint.base_url}/yasgui", headers={"Accept": "text/html"}).text
    examples = json.loads(re.search(r'<script id="yasgui-config" type="application/json">(.*?)</script>', html,
                                    re.S).group(1))["examples"]
    drift = examples["drift-paths"][examples["drift-paths"].index("SELECT"):]   # the header names the example
    assert "paradox:performing" not in drift and "resource/paradox/performing" not in drift
    assert "resource/case/scania" in examples["similar-cases"]   # required: its example is bound
    assert not re.search(r"SELECT[^{]*\?statedOnly", drift)
    assert (REPO / "docs" / "queries.md").read_text(encoding="utf-8").count("--param paradox=paradox:performing")
