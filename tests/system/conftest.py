"""The system lane: what a user runs.  ``endpoint`` and ``workbench`` are real ``lpskg serve`` processes
(granian, query workers) on 127.0.0.1, with the test limits of ``support.servers.TEST_ENV``
(token, 4 s timeout, 1000 rows, 256 KiB bodies), started once per session and stopped after."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support.servers import TEST_ENV, ServerProcess


@pytest.fixture(scope="session")
def endpoint(bundle_store_template: Path, tmp_path_factory: pytest.TempPathFactory):
    """One real ``lpskg serve`` over a copy of the bundle."""
    directory = tmp_path_factory.mktemp("endpoint")
    shutil.copytree(bundle_store_template, directory / "store")
    with ServerProcess(directory, env=TEST_ENV) as server:
        yield server


@pytest.fixture(scope="session")
def workbench(case_store_template: Path, tmp_path_factory: pytest.TempPathFactory):
    """A real ``lpskg serve`` over a copy of the bundle with the example case submitted."""
    directory = tmp_path_factory.mktemp("workbench")
    shutil.copytree(case_store_template, directory / "store")
    with ServerProcess(directory, env=TEST_ENV) as server:
        yield server
