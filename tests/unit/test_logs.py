"""The libraries' logs stay out of the server's log unless asked for (LPSKG_LIBRARY_LOGS)."""
from __future__ import annotations

import logging

import pytest

from lpskg.config import LIBRARY_LOGGERS, Settings, apply_library_logs
from lpskg.contributions import read_source
from lpskg.contributions.cases import build_case_file
from lpskg.knowledge.graphs import Graphs
from lpskg.knowledge.validation import validate

from support.stores import REPO


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def root_at_debug():
    """A root logger turned down to DEBUG, as some hosts and libraries do, recording everything."""
    root, handler = logging.getLogger(), Records()
    level = root.level
    root.setLevel(logging.DEBUG)
    root.addHandler(handler)
    yield handler
    root.removeHandler(handler)
    root.setLevel(level)
    apply_library_logs(Settings())


@pytest.mark.parametrize("switch, logged", [("0", False), ("1", True)])
def test_a_submissions_validation_logs_debug_only_when_asked(bundle_store, root_at_debug, switch, logged) -> None:
    apply_library_logs(Settings.from_env({"LPSKG_LIBRARY_LOGS": switch}))
    case = build_case_file(Graphs(bundle_store), read_source(REPO / "examples" / "example-pumps.yaml", 10_000_000))
    validate(case.graph)
    library = [r for r in root_at_debug.records if r.name.split(".")[0] in LIBRARY_LOGGERS and r.levelno < logging.INFO]
    assert bool(library) is logged
