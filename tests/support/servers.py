"""A real ``lpskg serve`` (granian) on a free 127.0.0.1 port, for the system tests that talk HTTP to a server.

Usage::

    with ServerProcess(tmp_path, env={"LPSKG_TOKEN": "t"}) as server:
        requests.get(server.base_url + "/health")
        server.kill()      # SIGKILL the whole server (master, worker, query workers)
        server.restart()   # same store, same port

The store directory is loaded with the bundle (``lpskg load``) on first start.
The server runs in its own process group, so ``stop``/``kill`` reach granian's
worker and the query worker processes too, and nothing outlives the test.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
import requests

from .stores import copied_store

LPSKG = str(Path(sys.executable).with_name("lpskg"))

#: Settings of the shared test endpoint (conftest's ``endpoint`` fixture): small limits,
#: so that the timeout, row cap and body cap can be reached by cheap requests.
TEST_TOKEN = "test-token-8c1f"
TEST_ENV = {
    "LPSKG_TOKEN": TEST_TOKEN,
    "LPSKG_QUERY_TIMEOUT": "4",
    "LPSKG_MAX_ROWS": "1000",
    "LPSKG_MAX_BODY": str(256 * 1024),
    "LPSKG_QUERY_WORKERS": "2",
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServerProcess:
    """``lpskg serve`` in a subprocess over the store in ``directory``."""

    def __init__(self, directory: Path, env: Mapping[str, str] | None = None, load: bool = True,
                 startup_timeout: float = 60.0, store: str | None = None) -> None:
        self.directory = Path(directory)
        #: The store location: a directory under ``directory``, or ``store`` (e.g. ``sparql:...``) as given.
        self.store = store or str(self.directory / "store")
        self.log_path = self.directory / "server.log"
        self.env = {**os.environ, "LPSKG_STORE": self.store, **(env or {})}
        self.port = free_port()
        self.load = load and store is None  # a given location (a remote service) is loaded by the caller
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        """What the server printed so far (access log and errors)."""
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def start(self) -> "ServerProcess":
        """Start the server (loading the bundle first if asked) and wait until /health answers."""
        if self.load and not os.path.exists(self.store):
            subprocess.run([LPSKG, "--store", self.store, "load"], env=self.env, check=True,
                           capture_output=True, timeout=300)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [LPSKG, "--store", self.store, "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"lpskg serve exited with {self.process.returncode}:\n{self.log()[-3000:]}")
            try:
                if requests.get(self.base_url + "/health", timeout=2).status_code == 200:
                    return self
            except (requests.ConnectionError, requests.Timeout):  # not up yet, or busy starting
                pass
            time.sleep(0.2)
        self.kill()
        raise RuntimeError(f"lpskg serve did not answer /health within {self.startup_timeout} s:\n{self.log()[-3000:]}")

    def _signal_group(self, sig: int) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                pass

    def stop(self, timeout: float = 30.0) -> None:
        """Stop gracefully (SIGTERM to granian), then SIGKILL whatever is left."""
        if self.process is None:
            return
        self._signal_group(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
        self.kill()

    def kill(self) -> None:
        """SIGKILL the server and every process of its group, as a crash would."""
        if self.process is None:
            return
        self._signal_group(signal.SIGKILL)
        self.process.wait(timeout=30)
        try:  # the query workers are in the same group; none may survive the test
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.process = None

    def restart(self) -> "ServerProcess":
        """Stop (if running) and start again over the same store and port."""
        self.stop()
        return self.start()

    def __enter__(self) -> "ServerProcess":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def private_server(template: Path, factory: pytest.TempPathFactory, name: str,
                   env: dict[str, str] | None = None) -> Iterator[ServerProcess]:
    """An endpoint of its own over a copy of the bundle (the test settings, plus ``env``), for a module
    whose requests carry the token and may change the store."""
    with ServerProcess(copied_store(template, factory, name).parent, env={**TEST_ENV, **(env or {})}) as process:
        yield process
