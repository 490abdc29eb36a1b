"""The unit lane: everything in this process.  ``endpoint`` and ``workbench`` are the web app answering
``requests`` in-process (``support.in_process``), with the settings a real test server has, and queries
evaluated in the request thread."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support.in_process import InProcessEndpoint


@pytest.fixture(scope="session")
def endpoint(bundle_store_template: Path, tmp_path_factory: pytest.TempPathFactory):
    """The app over a copy of the bundle, shared by the session's read-only requests."""
    directory = tmp_path_factory.mktemp("endpoint")
    shutil.copytree(bundle_store_template, directory / "store")
    with InProcessEndpoint(directory) as served:
        yield served


@pytest.fixture(scope="session")
def workbench(case_store_template: Path, tmp_path_factory: pytest.TempPathFactory):
    """The app over a copy of the bundle with the example case submitted."""
    directory = tmp_path_factory.mktemp("workbench")
    shutil.copytree(case_store_template, directory / "store")
    with InProcessEndpoint(directory) as served:
        yield served
