"""HEAD is GET without the body (RFC 9110 9.3.2): every route that answers GET answers HEAD alike."""
from __future__ import annotations

import requests


def test_head_answers_as_get_on_every_route_without_parameters(endpoint) -> None:
    rules = [rule for rule in endpoint.app.url_map.iter_rules()
             if "GET" in rule.methods and not rule.arguments and not rule.rule.startswith("/static")]
    assert len(rules) > 15
    for rule in rules:
        get = requests.get(endpoint.base_url + rule.rule, timeout=60, allow_redirects=False)
        head = requests.head(endpoint.base_url + rule.rule, timeout=60)
        assert head.status_code == get.status_code, (rule.rule, head.status_code, get.status_code)
        assert head.headers.get("Content-Type") == get.headers.get("Content-Type"), rule.rule
        assert head.content == b""


def test_head_of_the_protocol_endpoints_answers_as_get_in_every_media_type(endpoint) -> None:
    for path in ("/sparql", "/update"):
        for accept in ("application/json", "text/turtle", "text/html"):
            get = requests.get(endpoint.base_url + path, headers={"Accept": accept}, timeout=60, allow_redirects=False)
            head = requests.head(endpoint.base_url + path, headers={"Accept": accept}, timeout=60)
            assert (head.status_code, head.headers.get("Content-Type")) == (get.status_code,
                                                                            get.headers.get("Content-Type"))


def test_head_of_a_query_answers_as_its_get(endpoint) -> None:
    query = {"query": "SELECT ?p WHERE { ?p a lpskg:Paradox }"}
    get = requests.get(endpoint.base_url + "/sparql", params=query, timeout=60)
    head = requests.head(endpoint.base_url + "/sparql", params=query, timeout=60)
    assert (head.status_code, head.headers["X-LPSKG-Result-Count"]) == (200, get.headers["X-LPSKG-Result-Count"]) \
        == (200, "4")
