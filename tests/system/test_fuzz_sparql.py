"""Random and malformed SPARQL at every entry that takes SPARQL: never a 5xx, never a traceback,
always a message that says what is wrong.

Queries and updates are drawn from SPARQL's own vocabulary (keywords, braces,
variables, IRIs, literals, operators, the constructs engines find hard) so
that many of them get past the first token, plus arbitrary Unicode text.  They
go to ``GET /sparql``, ``POST /sparql`` (form and direct), ``POST /update``
with the token, and to ``lpskg query`` on a copy of the store.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support.cli import assert_clean_exit, lpskg
from support.http import assert_clean_answer
from support.servers import TEST_TOKEN, ServerProcess, private_server
from support.stores import copied_store

AUTH = {"Authorization": f"Bearer {TEST_TOKEN}"}
FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))

TOKENS = [
    "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "?s", "?p", "?o", "$x", "*", "<http://x/a>",
    "<", ">", '"a"', "'b'", '"""c"""', "@en", "^^xsd:integer", "1", "-1.5e9", "99999999999999999999999",
    "(", ")", ".", ";", ",", "FILTER", "regex(?o, \"(a+)+$\")", "BIND", "AS", "VALUES", "UNDEF", "OPTIONAL",
    "UNION", "MINUS", "GRAPH", "FROM", "FROM NAMED", "SERVICE", "LOAD", "GROUP BY", "HAVING", "ORDER BY",
    "LIMIT", "OFFSET", "COUNT(*)", "SUM(?o)", "GROUP_CONCAT(?o; SEPARATOR=\",\")", "PREFIX", "ex:",
    "BASE", "lpskg:Tension", "a", "rdfs:label", "/", "|", "^", "+", "?", "!", "<<", ">>", "EXISTS",
    "NOT", "INSERT", "DELETE", "DATA", "WITH", "USING", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY",
    "ALL", "DEFAULT", "NAMED", "SILENT", "_:b", "[]", "#", "\n", "\\", "\x00", "é", "\u202e", "%",
]
sparql_like = st.one_of(st.lists(st.sampled_from(TOKENS), max_size=30).map(" ".join), st.text(max_size=300))


@pytest.fixture(scope="module")
def server(bundle_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    yield from private_server(bundle_store_template, tmp_path_factory, "fuzz-sparql")


@FUZZ
@given(text=sparql_like)
def test_queries_get_an_answer_or_a_clear_400(server: ServerProcess, text: str) -> None:
    url = server.base_url + "/sparql"
    accept = {"Accept": "application/sparql-results+json, text/turtle;q=0.9"}
    assert_clean_answer(requests.get(url, params={"query": text}, headers=accept, timeout=30))
    assert_clean_answer(requests.post(url, data={"query": text}, headers=accept, timeout=30))
    assert_clean_answer(requests.post(url, data=text.encode("utf-8", "surrogatepass"), timeout=30,
                                      headers={**accept, "Content-Type": "application/sparql-query"}))


@FUZZ
@given(text=sparql_like)
def test_updates_apply_or_get_a_clear_400(server: ServerProcess, text: str) -> None:
    answer = requests.post(server.base_url + "/update", data=text.encode("utf-8", "surrogatepass"), timeout=30,
                           headers={**AUTH, "Content-Type": "application/sparql-update"})
    assert_clean_answer(answer)
    assert requests.get(server.base_url + "/health", timeout=10).status_code == 200


@pytest.fixture(scope="module")
def store_copy(bundle_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copied_store(bundle_store_template, tmp_path_factory, "fuzz-cli")


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=sparql_like)
def test_the_cli_query_command_says_what_is_wrong(store_copy: Path, text: str) -> None:
    result = lpskg(store_copy, "query", "--format", "json", "--", text)
    assert_clean_exit(result.exit_code, result.stderr)
