"""/cases has a form to check a case file (a dry run and its diagnosis, no token) and to store it (the token typed
into the page): the page offers the case formats lpskg reads, names the API it posts to, and holds no token."""
from __future__ import annotations

import json
import re

import pytest
import requests

from lpskg.formats import CASES

from support.in_process import private_endpoint
from support.servers import TEST_TOKEN

BROWSER = {"Accept": "text/html"}


def upload_config(html: str) -> dict:
    return json.loads(re.search(r'<script id="upload-config" type="application/json">(.*?)</script>', html).group(1))


def test_the_cases_page_has_a_form_to_check_and_store_a_case_file(endpoint):
    html = requests.get(endpoint.base_url + "/cases", headers=BROWSER).text
    config = upload_config(html)
    assert config["api"] == "/api/cases" and config["writes"] is True
    assert config["formats"] == {ext: f.media_type for f in CASES for ext in f.extensions}
    assert config["formats"]["qdpx"] == "application/zip" and config["formats"]["yaml"] == "application/yaml"
    accept = re.search(r'id="upload-file"[^>]*accept="([^"]+)"', html).group(1)
    assert set(accept.split(",")) == {f".{ext}" for ext in config["formats"]}
    assert 'type="password" id="upload-token"' in html and 'autocomplete="off"' in html
    assert TEST_TOKEN not in html   # the page never holds the token
    assert '<script src="/static/upload.js"></script>' in html
    assert "upload-config" not in requests.get(endpoint.base_url + "/publications", headers=BROWSER).text


@pytest.fixture(scope="module")
def tokenless(bundle_store_template, tmp_path_factory):
    yield from private_endpoint(bundle_store_template, tmp_path_factory, "upload-no-token", env={"LPSKG_TOKEN": ""})


def test_without_a_token_the_form_checks_but_cannot_store(tokenless):
    html = requests.get(tokenless.base_url + "/cases", headers=BROWSER).text
    assert upload_config(html)["writes"] is False
    assert re.search(r'<button type="button" id="upload-store" disabled>', html)
    assert "this server has none, so its writes are off" in html
