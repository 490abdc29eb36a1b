"""Adding and diagnosing a case while ``lpskg serve`` holds the store, as a researcher does beside ``make run``.

The command line reads through a read-only view and sends writes through the
running server (found from the record it leaves beside the store); the HTTP
API takes a dry run without a token.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import requests

from helpers import lpskg_process as run
from server_process import ServerProcess

EXAMPLES = Path(__file__).parent.parent / "examples"
TOKEN = "beside-token-31"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    with ServerProcess(tmp_path_factory.mktemp("beside"), env={"LPSKG_TOKEN": TOKEN,
                                                               "LPSKG_QUERY_WORKERS": "1"}) as process:
        yield process


def test_reads_and_a_dry_run_work_beside_the_server(server: ServerProcess) -> None:
    stats = run(server.store, "stats")
    dry = run(server.store, "case", "add", str(EXAMPLES / "example-pumps.yaml"), "--dry-run")
    assert stats.returncode == 0, stats.stderr
    assert dry.returncode == 0, dry.stderr
    assert "would store case 'example-pumps'" in dry.stdout
    assert "diagnosis: Example Pumps AS case (fictional): Myopia" in dry.stdout
    assert requests.get(f"{server.base_url}/api/cases/example-pumps", timeout=10).status_code == 404


def test_a_write_without_the_token_says_how_to_send_it(server: ServerProcess) -> None:
    result = run(server.store, "case", "add", str(EXAMPLES / "example-gears.yaml"), env={"LPSKG_TOKEN": ""})
    assert result.returncode == 1
    assert result.stderr.strip() == (f"lpskg: error: the store is held by the server at {server.base_url}: set "
                                     "LPSKG_TOKEN to the token it was started with, and this command sends the "
                                     "change through it")


def test_a_case_added_and_withdrawn_through_the_running_server(server: ServerProcess) -> None:
    added = run(server.store, "case", "add", str(EXAMPLES / "example-gears.yaml"), env={"LPSKG_TOKEN": TOKEN})
    assert added.returncode == 0, added.stderr
    assert f"stored case 'example-gears' through the server at {server.base_url}" in added.stdout
    diagnosis = requests.get(f"{server.base_url}/api/cases/example-gears/diagnosis", timeout=10).json()
    assert [i["label"] for i in diagnosis["indications"]] == ["Detached", "Dogma"]
    shown = run(server.store, "case", "diagnose", "example-gears")
    assert shown.returncode == 0 and "Dogma indicated" in shown.stdout
    removed = run(server.store, "case", "remove", "example-gears", env={"LPSKG_TOKEN": TOKEN})
    assert removed.returncode == 0, removed.stderr
    assert requests.get(f"{server.base_url}/api/cases/example-gears", timeout=10).status_code == 404


def test_a_dry_run_over_http_needs_no_token_but_a_write_does(server: ServerProcess) -> None:
    body = (EXAMPLES / "example-looms.yaml").read_bytes()
    headers = {"Content-Type": "application/yaml"}
    dry = requests.post(f"{server.base_url}/api/cases?dry_run=true", data=body, headers=headers, timeout=30)
    assert dry.status_code == 200, dry.text
    assert dry.json()["dry_run"] is True
    assert dry.json()["diagnosis"][0]["balanced"] is True
    write = requests.post(f"{server.base_url}/api/cases", data=body, headers=headers, timeout=30)
    assert write.status_code == 401
    assert requests.get(f"{server.base_url}/api/cases/example-looms", timeout=10).status_code == 404
