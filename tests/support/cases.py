"""Case files written by tests."""
from __future__ import annotations

from pathlib import Path


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
