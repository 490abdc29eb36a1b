"""What every HTTP answer of the endpoint must look like, and checks several HTTP tests share."""
from __future__ import annotations

import json

import requests

from .cases import minimal_case


def assert_clean_answer(response: requests.Response) -> None:
    """Not a server error, no traceback, and a client error that says what is wrong."""
    assert response.status_code < 500, (response.status_code, response.text[:500])
    assert "Traceback" not in response.text
    if response.status_code >= 400:
        if response.headers.get("Content-Type", "").startswith("application/json"):
            body = json.loads(response.text)
            assert body.get("detail") or body.get("error"), response.text
        else:
            assert len(response.text.strip()) > 10, response.text


def assert_writes_refresh_the_concept_index(base_url: str, token: str) -> None:
    """A Graph Store PUT and a SPARQL Update into an existing graph both reach the concept index that
    case intake links labels with: a case naming what they added links to it at once."""
    auth = {"Authorization": f"Bearer {token}"}
    graph = "https://w3id.org/lpskg/graph/case/index-refresh"
    tension = "https://w3id.org/lpskg/resource/tension/index-refresh"

    def linked(label: str) -> list[str]:
        answer = requests.post(base_url + "/api/cases", params={"dry_run": "true"}, timeout=60,
                               data=minimal_case("index-refresh-probe", label).encode(),
                               headers={**auth, "Content-Type": "application/yaml"})
        assert answer.status_code in (200, 422), answer.text
        return [link["iri"] for link in answer.json().get("links", [])]

    assert tension not in linked("kanban by sensors vs. kanban by cards")
    put = requests.put(base_url + "/rdf-graphs/service", params={"graph": graph}, timeout=60,
                       headers={**auth, "Content-Type": "text/turtle"},
                       data=f'<{tension}> a <https://w3id.org/lpskg/ontology#Tension> ; '
                            f'<http://www.w3.org/2000/01/rdf-schema#label> "kanban by sensors vs. kanban by cards"@en .')
    assert put.status_code in (201, 204), put.text
    assert tension in linked("kanban by sensors vs. kanban by cards")
    update = requests.post(base_url + "/update", timeout=60, headers=auth, data={"update": (
        f'INSERT DATA {{ GRAPH <{graph}> {{ <{tension}> <http://www.w3.org/2004/02/skos/core#altLabel> '
        '"sensor kanban"@en } }')})
    assert update.status_code == 204, update.text
    assert tension in linked("sensor kanban")
    assert requests.delete(base_url + "/rdf-graphs/service", params={"graph": graph}, headers=auth,
                           timeout=60).status_code == 204
