"""Adding and diagnosing a case while ``lpskg serve`` holds the store, as a researcher does beside ``make run``.

The command line reads through a read-only view and sends writes through the
running server (found from the record it leaves beside the store); the HTTP
API takes a dry run without a token.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import requests

from support.cli import lpskg_process as run
from support.servers import ServerProcess
from support.stores import REPO

EXAMPLES = REPO / "examples"
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
    assert "stored case 'example-gears': " in added.stdout and f"through the server at {server.base_url}" in added.stdout
    diagnosis = requests.get(f"{server.base_url}/api/cases/example-gears/diagnosis", timeout=10).json()
    assert [i["label"] for i in diagnosis["indications"]] == ["Detached", "Dogma"]
    shown = run(server.store, "case", "diagnose", "example-gears")
    assert shown.returncode == 0 and "Detached, Dogma indicated" in shown.stdout
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


def test_the_case_page_shows_its_diagnosis_and_observations_as_observations(server: ServerProcess) -> None:
    body = (EXAMPLES / "example-gears.yaml").read_bytes()
    headers = {"Content-Type": "application/yaml", "Authorization": f"Bearer {TOKEN}"}
    assert requests.post(f"{server.base_url}/api/cases", data=body, headers=headers, timeout=30).status_code == 201
    try:
        page = requests.get(f"{server.base_url}/resource/case/example-gears", headers={"Accept": "text/html"},
                            timeout=10).text
        assert "Diagnosis against the paper's framework" in page
        assert ">Dogma</a>: indicated" in page and ">Detached</a>: indicated" in page
        assert "reported by this case: in place, outcome partial" in page
        turtle = requests.get(f"{server.base_url}/api/cases/example-gears/diagnosis",
                              headers={"Accept": "text/turtle"}, timeout=10)
        assert turtle.headers["Content-Type"].startswith("text/turtle")
        assert "lpskg:gradesArchetype" in turtle.text and "archetype:dogma" in turtle.text
        detached = requests.get(f"{server.base_url}/resource/archetype/detached", headers={"Accept": "text/html"},
                                timeout=10).text
        announced = "The programme was announced by the board"
        assert announced in detached
        assert f"<blockquote>{announced}" not in detached   # the researchers' account, not a quotation
    finally:
        requests.delete(f"{server.base_url}/api/cases/example-gears", headers=headers, timeout=30)


def test_anonymous_dry_runs_are_rate_limited_per_client_and_the_token_is_not() -> None:
    from lpskg.web.rate_limit import RateLimit

    now = [0.0]
    limit = RateLimit(3, clock=lambda: now[0])
    assert [limit.wait("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limit.wait("a") == pytest.approx(20.0)       # one request comes back every 20 s
    assert limit.wait("b") == 0.0                        # per client
    now[0] = 20.0
    assert limit.wait("a") == 0.0


def test_the_server_answers_429_with_retry_after_past_the_anonymous_rate(writable_store_path: Path) -> None:
    from lpskg.config import Settings
    from lpskg.web.app import create_app

    app = create_app(Settings(store=str(writable_store_path), token="t", anonymous_rate=2, query_workers=0))
    client = app.test_client()
    body = (EXAMPLES / "example-looms.yaml").read_bytes()
    answers = [client.post("/api/diagnosis", data=body, content_type="application/yaml") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[0].get_json()["balanced"] is True
    assert 1 <= int(answers[2].headers["Retry-After"]) <= 30   # one request comes back every 30 s
    assert "at most 2 dry runs and diagnoses a minute" in answers[2].get_json()["error"]
    with_token = client.post("/api/diagnosis", data=body, content_type="application/yaml",
                             headers={"Authorization": "Bearer t"})
    assert with_token.status_code == 200
