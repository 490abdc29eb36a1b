"""``lpskg case add`` beside a running server sends the file through it: the server records the file's name (not
http-upload.yaml), and its answer and refusal are printed with the words of the offline command, a label's
nearest concepts included.  The server here is the app in this process, recorded beside its store as
``lpskg serve`` records itself."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import requests

from lpskg.serving import remove_record, write_record

from support.cli import lpskg
from support.in_process import private_endpoint
from support.servers import TEST_TOKEN
from support.stores import REPO

#: A case to name a concept in beyond a slip: refused, with the nearest concepts.
LOOMS = (REPO / "examples" / "example-looms.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def server(bundle_store_template, tmp_path_factory):
    for served in private_endpoint(bundle_store_template, tmp_path_factory, "through-server"):
        write_record(served.store, served.base_url)
        yield served
        remove_record(served.store)


def misspelt(tmp_path: Path) -> Path:
    """example-looms.yaml (never stored here) with a tension named beyond a slip: 'current goals vs. future goals'
    → 'current goals vs. future growth'."""
    assert "current goals vs. future goals" in LOOMS
    path = tmp_path / "looms-misspelt.yaml"
    path.write_text(LOOMS.replace("current goals vs. future goals", "current goals vs. future growth"), encoding="utf-8")
    return path


def test_a_case_sent_through_the_server_keeps_its_file_name(server):
    added = lpskg(server.store, "case", "add", str(REPO / "examples" / "example-gears.yaml"),
                  env={"LPSKG_TOKEN": TEST_TOKEN})
    assert added.exit_code == 0, added.output
    assert f"through the server at {server.base_url}" in added.stdout
    recorded = requests.get(server.base_url + "/sparql", headers={"Accept": "application/sparql-results+json"},
                            params={"query": "SELECT ?name WHERE { submission:case-example-gears-file rdfs:label ?name }"})
    names = [b["name"]["value"] for b in recorded.json()["results"]["bindings"]]
    assert names == ["example-gears.yaml"]   # before: http-upload.yaml


def test_a_refusal_through_the_server_reads_as_the_offline_dry_run(server, bundle_store_template, tmp_path):
    path = misspelt(tmp_path)
    offline_store = tmp_path / "offline" / "store"
    shutil.copytree(bundle_store_template, offline_store)
    offline = lpskg(offline_store, "case", "add", str(path), "--dry-run")
    through = lpskg(server.store, "case", "add", str(path), env={"LPSKG_TOKEN": TEST_TOKEN})
    assert offline.exit_code == through.exit_code == 1
    assert "nearest: 'current goals vs. future goals' (tension" in offline.stderr
    said = through.stderr.splitlines()
    assert said[0] == f"lpskg: sent to the server at {server.base_url}, which holds the store; it refused:"
    assert said[1:] == offline.stderr.splitlines()


def test_the_api_records_the_name_a_client_sends_and_only_its_last_part(server):
    body = (REPO / "examples" / "example-looms.yaml").read_bytes()
    dry = requests.post(server.base_url + "/api/cases", params={"dry_run": "true", "filename": "C:\\cases\\looms.yaml"},
                        data=body, headers={"Content-Type": "application/yaml"})
    assert dry.status_code == 200 and "looms.yaml" in dry.json()["turtle"] and "C:" not in dry.json()["turtle"]
    too_long = requests.post(server.base_url + "/api/cases", params={"dry_run": "true", "filename": "x" * 300},
                             data=body, headers={"Content-Type": "application/yaml"})
    assert too_long.status_code == 400 and "at most 255 characters" in too_long.json()["error"]
