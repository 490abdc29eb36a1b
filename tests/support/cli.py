"""Running the ``lpskg`` command line from a test: in this process, or in a process of its own."""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from click.testing import CliRunner

from lpskg.cli import main

LPSKG = [sys.executable, "-m", "lpskg"]


@dataclass(frozen=True)
class CliResult:
    """What a run of the command line gave: exit code, standard output and standard error."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        """Both streams, as a person at a terminal sees them."""
        return self.stdout + self.stderr


def lpskg(store: str | Path | None, *args: str, env: dict[str, str] | None = None,
          stdin: str | None = None) -> CliResult:
    """Run ``lpskg [--store STORE] ARGS`` in this process, as the console entry point does."""
    argv = ["lpskg", *(["--store", str(store)] if store is not None else []), *args]
    runner = CliRunner()
    with runner.isolation(input=stdin, env=env) as (out, err, _), mock.patch.object(sys, "argv", argv):
        try:
            main()
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        return CliResult(code, out.getvalue().decode("utf-8", "replace"), err.getvalue().decode("utf-8", "replace"))


def lpskg_process(store: str | Path | None, *args: str, wait: bool = True,
                  env: dict[str, str] | None = None, timeout: float = 300, **popen) -> subprocess.CompletedProcess[str] | subprocess.Popen[str]:
    """Run ``lpskg ARGS`` in a process of its own (``LPSKG_STORE`` set to ``store``); with ``wait=False``
    the running process, for a test that kills it."""
    environment = {**os.environ, **(env or {}), **({"LPSKG_STORE": str(store)} if store is not None else {})}
    if wait:
        return subprocess.run([*LPSKG, *args], capture_output=True, text=True, env=environment, timeout=timeout)
    return subprocess.Popen([*LPSKG, *args], env=environment, text=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, **popen)


def assert_clean_exit(code: int, err: str) -> None:
    """Exit 0, or 1/2 with one readable ``lpskg: error:`` line; never a traceback."""
    assert "Traceback" not in err, err
    assert code in (0, 1, 2), (code, err)
    if code:
        assert err.startswith("lpskg: error: ") and len(err.strip()) > len("lpskg: error: "), err
