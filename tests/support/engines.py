"""Other SPARQL engines for the remote-store tests: Oxigraph's server and OpenLink Virtuoso, each a real
process on free loopback ports, stopped when the test is done."""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from lpskg.store import RemoteStore

from .cli import lpskg_process
from .servers import TEST_ENV, ServerProcess, free_port

OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
#: OpenLink Virtuoso's server and SQL client, from Debian's virtuoso-opensource-7-bin (`make system-deps`).
VIRTUOSO, VIRTUOSO_ISQL = shutil.which("virtuoso-t"), shutil.which("isql-vt")


def _wait_until_up(url: str, process: subprocess.Popen, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}")
        try:
            requests.get(url, timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not start within {seconds} s")


@contextmanager
def oxigraph_process(location: Path, *options: str) -> Iterator[str]:
    """Base URL of a fresh `oxigraph serve` over ``location`` on a free loopback port, stopped after."""
    assert OXIGRAPH, "the oxigraph server binary (PyPI package oxigraph) is not installed"
    port = free_port()
    process = subprocess.Popen([OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                                *options], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base + "/", process)
        yield base
    finally:
        _stop(process, 10)


def _stop(process: subprocess.Popen, seconds: float) -> None:
    """SIGTERM, and SIGKILL after ``seconds``: a server the test started is gone when the test ends."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def loaded_service(location: str) -> str:
    """``location`` (``sparql:...``) after `lpskg load` put the bundle on its service."""
    loaded = lpskg_process(location, "load")
    assert loaded.returncode == 0, loaded.stderr
    return location


def remote_store(location: str) -> Iterator[RemoteStore]:
    """A RemoteStore over ``location``, closed after (for a module fixture)."""
    store = RemoteStore.from_location(location)
    yield store
    store.close()


def remote_server(location: str, factory: pytest.TempPathFactory, name: str) -> Iterator[str]:
    """Base URL of `lpskg serve` over the service ``location``, with the test limits (for a module fixture)."""
    with ServerProcess(factory.mktemp(name), env=TEST_ENV, store=location) as process:
        yield process.base_url


_VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
Striping = 0
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = {timeout}
"""


@dataclass(frozen=True)
class Virtuoso:
    """A running Virtuoso: its anonymous SPARQL URL, its SQL port, and a user ``lpskg`` (password
    ``lpskg-test``) with the SPARQL_UPDATE role, who writes through ``/sparql-auth`` (HTTP Digest)."""

    sparql_url: str
    sql_port: int

    @property
    def location(self) -> str:
        """LPSKG_STORE as docs/remote-engines.md advises: reads anonymous, writes by the lpskg user."""
        auth_url = self.sparql_url.replace("://", "://lpskg:lpskg-test@").replace("/sparql", "/sparql-auth")
        return f"sparql:{self.sparql_url}|{auth_url}|union=native|auth=digest"

    def sql(self, statement: str) -> None:
        """Run SQL as Virtuoso's administrator (isql-vt over the SQL port)."""
        done = subprocess.run([VIRTUOSO_ISQL, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statement}"],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and "Error" not in done.stdout, done.stdout + done.stderr


@contextmanager
def virtuoso_process(directory: Path, timeout_s: int = 60) -> Iterator[Virtuoso]:
    """A fresh OpenLink Virtuoso over a throwaway database in ``directory``, on free loopback ports, stopped
    after; skips the test when Debian's virtuoso-opensource-7-bin is missing.  ``MaxQueryExecutionTime``
    bounds a query; the ``lpskg`` user may update, the anonymous ``SPARQL`` user may not (yet)."""
    if not (VIRTUOSO and VIRTUOSO_ISQL):
        pytest.skip("OpenLink Virtuoso is not installed: `make system-deps` installs Debian's "
                    "virtuoso-opensource-7-bin (virtuoso-t, isql-vt)")
    sql_port, http_port = free_port(), free_port()
    (directory / "virtuoso.ini").write_text(_VIRTUOSO_INI.format(
        d=directory, sql_port=sql_port, http_port=http_port, timeout=timeout_s))
    process = subprocess.Popen([VIRTUOSO, "+configfile", str(directory / "virtuoso.ini"), "+foreground"],
                               cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    service = Virtuoso(f"http://127.0.0.1:{http_port}/sparql", sql_port)
    try:
        _wait_until_up(service.sparql_url + "?query=ASK%7B%7D", process, seconds=90)
        service.sql("DB.DBA.USER_CREATE ('lpskg', 'lpskg-test'); GRANT SPARQL_UPDATE TO \"lpskg\";")
        yield service
    finally:
        _stop(process, 30)
