"""Case files: the illustrative ones of examples/ with what each is written to show, and files written by tests."""
from __future__ import annotations

from pathlib import Path

import yaml

from lpskg.contributions import SourceFile, read_source
from lpskg.formats import YAML

from .stores import REPO

EXAMPLES = REPO / "examples"
VIGNETTES = REPO / "tests" / "fixtures" / "vignettes"

#: What each illustrative case's evidence indicates, as its file says.
EXAMPLE_OUTCOMES = {
    "example-pumps.yaml": {"Myopia", "Technical Monuments"},
    "example-gears.yaml": {"Detached", "Dogma"},
    "example-looms.yaml": set(),
}


def example_source(name: str, data: dict | None = None) -> SourceFile:
    """The example case file ``name`` as submitted, or ``data`` written as a YAML file of that name."""
    if data is None:
        return read_source(EXAMPLES / name, 10_000_000)
    return SourceFile(name, yaml.safe_dump(data, sort_keys=False).encode(), YAML)


def write(directory: Path, text: str, name: str = "case.yaml") -> Path:
    """``text`` written to ``directory/name``; the path."""
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def minimal_case(case_id: str, illustrates: str) -> str:
    """A valid case file (YAML) with one observation that illustrates the concept labelled ``illustrates``."""
    return f"""id: {case_id}
label: {case_id} case (test)
description: A case written by a test.
organisation: {case_id} AS
study: {{citation: "Test, A. (2025), A test case.", authors: ["Test, Anna"], year: 2025}}
evidence:
  - kind: observation
    text: Something the test observed.
    illustrates: ["{illustrates}"]
    passage: {{locator: Section 1}}
"""
