"""Random and malformed documents (RDF, case and publication files) at every entry that reads one:
never a 5xx, never a traceback, always a message that says what is wrong.

RDF is drawn from Turtle and JSON-LD building blocks and from arbitrary text
and bytes; case files are the example case with random fields removed or
replaced by random values, or YAML assembled from its syntax (anchors,
aliases, tags, block and flow collections).  They go to the Graph Store
(PUT/POST), ``/shacl``, ``POST /api/cases``, ``POST /api/publications`` and
to ``lpskg case add``, ``lpskg literature add``, ``lpskg import`` and ``lpskg validate``.
"""
from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support.cli import assert_clean_exit, lpskg
from support.http import assert_clean_answer
from support.servers import TEST_TOKEN, ServerProcess, private_server
from support.stores import REPO, copied_store

AUTH = {"Authorization": f"Bearer {TEST_TOKEN}"}
FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
CLI_FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
EXAMPLE_CASE = yaml.safe_load((REPO / "examples" / "example-pumps.yaml").read_text(encoding="utf-8"))

TURTLE_TOKENS = [
    "@prefix lpskg: <https://w3id.org/lpskg/ontology#> .", "@prefix case: <https://w3id.org/lpskg/resource/case/> .",
    "@prefix ex: <http://example.org/> .", "@base <http://example.org/> .", "case:fuzz", "ex:a", "<rel>", "<>",
    "a", "lpskg:Case", "lpskg:Quote", "rdfs:label", "lpskg:illustrates", "lpskg:statedIn", '"label"@en',
    '"1"^^xsd:integer', '"x"^^<http://www.w3.org/2001/XMLSchema#date>', '"""long"""', "1.5e3", "true", "(", ")",
    "[", "]", "_:b", ".", ";", ",", "<<", ">>", "{", "}", "GRAPH", "PREFIX", "\\u0000", "é", "#", "\n",
]
JSONLD_KEYS = ["@id", "@type", "@context", "@graph", "@value", "@language", "@list", "@reverse", "@vocab",
               "@import", "@base", "http://example.org/p", "rdfs:label", "lpskg:illustrates", "label"]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
    | st.sampled_from(["http://example.org/a", "https://w3id.org/lpskg/resource/case/fuzz", "lpskg:Case", "_:b"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(
        st.sampled_from(JSONLD_KEYS) | st.text(max_size=8), children, max_size=4),
    max_leaves=12)
turtle_like = st.lists(st.sampled_from(TURTLE_TOKENS), max_size=30).map(" ".join)
rdf_bodies = st.one_of(turtle_like, json_values.map(json.dumps), st.text(max_size=200),
                       st.binary(max_size=200))

YAML_TOKENS = ["id:", "label:", "description:", "organisation:", "study:", "evidence:", "illustrates:", "kind:",
               "new: true", "- ", "  ", "\n", ": ", "{", "}", "[", "]", ",", "&a", "*a", "<<: *a", "!!binary",
               "!!python/object/apply:os.system", "!!set", "---", "...", "'", '"', "|", ">", "#", "\t", "? ",
               "%YAML 1.1", "~", "null", "1e400", "0x1F", ".inf", "2025-13-45", "example-pumps", "Myopia"]
yaml_like = st.lists(st.sampled_from(YAML_TOKENS), max_size=40).map("".join)


def _paths(value: object, prefix: tuple = ()) -> list[tuple]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, prefix + (index,))
    return found


CASE_PATHS = _paths(EXAMPLE_CASE)


@st.composite
def mutated_cases(draw: st.DrawFn) -> dict:
    """The example case with one to three fields removed or replaced by random values."""
    case = copy.deepcopy(EXAMPLE_CASE)
    for _ in range(draw(st.integers(1, 3))):
        *parents, last = draw(st.sampled_from(CASE_PATHS))
        holder = case
        for step in parents:
            if not isinstance(holder, (dict, list)) or step not in (holder if isinstance(holder, dict)
                                                                     else range(len(holder))):
                break
            holder = holder[step]
        else:
            # an earlier mutation may have turned a mapping into a list or back: the key must fit the holder
            if (isinstance(holder, dict) and last in holder
                    or isinstance(holder, list) and isinstance(last, int) and last < len(holder)):
                if draw(st.booleans()):
                    del holder[last]
                else:
                    holder[last] = draw(json_values)
    case["id"] = draw(st.sampled_from(["fuzz-case", "example-pumps"]) | st.text(max_size=12))
    return case


case_files = st.one_of(mutated_cases().map(lambda case: yaml.safe_dump(case, allow_unicode=True)), yaml_like,
                       st.text(max_size=200))
publication_files = st.one_of(
    json_values.map(json.dumps), yaml_like, st.text(max_size=200),
    st.lists(st.sampled_from(["@article{", "@book{", "key,", "title = {", "author = {A and B}", "year = 2021",
                              "doi = {10.1/x}", "lpskg-supports = {Myopia; Nope}", "}", ",", "{", "\n", "@comment",
                              "@string{a = \"b\"}", "#"]), max_size=20).map(" ".join))


@pytest.fixture(scope="module")
def server(bundle_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    yield from private_server(bundle_store_template, tmp_path_factory, "fuzz-documents")


@pytest.fixture(scope="module")
def store_copy(bundle_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copied_store(bundle_store_template, tmp_path_factory, "fuzz-documents-cli")


def _bytes(body: str | bytes) -> bytes:
    return body if isinstance(body, bytes) else body.encode("utf-8", "surrogatepass")


@FUZZ
@given(body=rdf_bodies,
       media=st.sampled_from(["text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml",
                              "text/plain", "application/x-www-form-urlencoded"]),
       target=st.sampled_from([("PUT", "/rdf-graphs/service?graph=https://w3id.org/lpskg/graph/case/fuzz"),
                               ("POST", "/rdf-graphs/service?graph=http://example.org/fuzz"),
                               ("PUT", "/rdf-graphs/service?default"), ("POST", "/shacl"),
                               ("POST", "/api/cases"), ("POST", "/api/cases?dry_run=true")]))
def test_rdf_documents_are_stored_or_refused_with_a_reason(server: ServerProcess, body, media: str,
                                                           target: tuple[str, str]) -> None:
    method, path = target
    answer = requests.request(method, server.base_url + path, data=_bytes(body), timeout=60,
                              headers={**AUTH, "Content-Type": media, "Accept": "application/json"})
    assert_clean_answer(answer)


@FUZZ
@given(body=case_files, media=st.sampled_from(["application/yaml", "application/json", "text/yaml"]),
       query=st.sampled_from(["", "?dry_run=true", "?replace=true", "?dry_run=maybe"]))
def test_case_files_are_stored_or_refused_with_a_reason(server: ServerProcess, body: str, media: str,
                                                        query: str) -> None:
    answer = requests.post(f"{server.base_url}/api/cases{query}", data=_bytes(body), timeout=60,
                           headers={**AUTH, "Content-Type": media, "Accept": "application/json"})
    assert_clean_answer(answer)
    if answer.status_code >= 400:
        assert answer.json()["error"]


@FUZZ
@given(body=publication_files,
       media=st.sampled_from(["application/yaml", "application/json", "application/x-bibtex",
                              "application/vnd.citationstyles.csl+json", "text/csv"]))
def test_publication_files_are_stored_or_refused_with_a_reason(server: ServerProcess, body: str,
                                                               media: str) -> None:
    answer = requests.post(f"{server.base_url}/api/publications?dry_run=true", data=_bytes(body), timeout=60,
                           headers={**AUTH, "Content-Type": media, "Accept": "application/json"})
    assert_clean_answer(answer)


@CLI_FUZZ
@given(command=st.one_of(st.tuples(st.just("case"), case_files, st.sampled_from([".yaml", ".json", ".ttl", ".jsonld"])),
                         st.tuples(st.just("literature"), publication_files, st.sampled_from([".yaml", ".json", ".bib"]))))
def test_the_cli_submission_commands_say_what_is_wrong(store_copy: Path, tmp_path_factory,
                                                       command: tuple[str, str, str]) -> None:
    group, body, suffix = command
    path = tmp_path_factory.mktemp(group) / f"submission{suffix}"
    path.write_bytes(_bytes(body))
    result = lpskg(store_copy, group, "add", "--dry-run", str(path))
    assert_clean_exit(result.exit_code, result.stderr)


@CLI_FUZZ
@given(body=rdf_bodies, suffix=st.sampled_from([".nq", ".trig", ".ttl", ".jsonld", ".rdf"]),
       command=st.sampled_from([("import", "--graph", "http://example.org/fuzz"), ("validate",)]))
def test_the_cli_rdf_commands_say_what_is_wrong(store_copy: Path, tmp_path_factory, body, suffix: str,
                                                command: tuple[str, ...]) -> None:
    path = tmp_path_factory.mktemp("rdf") / f"data{suffix}"
    path.write_bytes(_bytes(body))
    result = lpskg(store_copy, *command, str(path))
    assert_clean_exit(result.exit_code, result.stderr)
