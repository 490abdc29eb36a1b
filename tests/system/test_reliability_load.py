"""Load and concurrency: several clients at once get no errors and lose no submission.

The short version of ``bench/load.py`` (4 clients, 5 s of named queries and
case submissions) must end without an error and with every acknowledged case
in the graph; cases submitted at the same moment from several processes all
land, and the same case submitted from several processes at once lands once.
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
import requests

from support.servers import TEST_TOKEN, ServerProcess, private_server
from support.stores import REPO

sys.path.insert(0, str(REPO / "bench"))
from load import case_document, run_load  # noqa: E402  (bench/ is not a package)

PROCESSES = 6


@pytest.fixture(scope="module")
def server(bundle_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    yield from private_server(bundle_store_template, tmp_path_factory, "load")


def post_case(base_url: str, case_id: str, number: int) -> tuple[int, int | None]:
    """Submit one case (run in a client process): the status and the triples the server reported."""
    answer = requests.post(base_url + "/api/cases", data=case_document(case_id, number), timeout=120,
                           headers={"Authorization": f"Bearer {TEST_TOKEN}", "Content-Type": "application/yaml"})
    return answer.status_code, answer.json()["graphs"][0]["triples"] if answer.status_code == 201 else None


def stored_triples(server: ServerProcess, case_id: str) -> int | None:
    answer = requests.get(f"{server.base_url}/api/cases/{case_id}", headers={"Accept": "application/json"},
                          timeout=30)
    return answer.json()["triples"] if answer.status_code == 200 else None


def test_a_short_load_has_no_errors_and_loses_nothing(server: ServerProcess) -> None:
    report = run_load(server.base_url, TEST_TOKEN, clients=4, seconds=5, max_requests=500, submit_every=5)
    print(report.render())
    assert not report.errors, report.render()
    assert report.acknowledged and not report.missing
    assert len(report.samples) > len(report.acknowledged) > 0


def test_different_cases_from_several_processes_all_land(server: ServerProcess) -> None:
    ids = [f"parallel-{n}" for n in range(PROCESSES)]
    with ProcessPoolExecutor(PROCESSES) as pool:
        answers = list(pool.map(post_case, [server.base_url] * PROCESSES, ids, range(PROCESSES)))
    assert [status for status, _ in answers] == [201] * PROCESSES
    assert [stored_triples(server, case_id) for case_id in ids] == [triples for _, triples in answers]


def test_the_same_case_from_several_processes_lands_once(server: ServerProcess) -> None:
    with ProcessPoolExecutor(PROCESSES) as pool:
        answers = list(pool.map(post_case, [server.base_url] * PROCESSES, ["same-case"] * PROCESSES,
                                [7] * PROCESSES))
    statuses = sorted(status for status, _ in answers)
    assert statuses == [201] + [409] * (PROCESSES - 1)
    accepted = next(triples for status, triples in answers if status == 201)
    assert stored_triples(server, "same-case") == accepted
    listed = [case for case in requests.get(server.base_url + "/api/cases", timeout=30).json()["cases"]
              if case["id"] == "same-case"]
    assert len(listed) == 1
