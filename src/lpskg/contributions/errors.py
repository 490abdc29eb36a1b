"""What is wrong with a submission, said so that its author can fix it.

Every error names the field (``evidence[2].illustrates[0]``), its line in the
file and, for a label that could not be linked, the nearest concepts; the
error's kind decides the CLI's exit code and the HTTP status.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldError:
    """One problem in a submission: the field path, its line in the file, and the nearest concepts."""

    field: str
    message: str
    line: int | None = None
    candidates: tuple[dict[str, Any], ...] = ()

    def render(self) -> str:
        """One readable line: ``field (line N): message; nearest: ...``."""
        where = self.field or "(file)"
        if self.line:
            where += f" (line {self.line})"
        text = f"{where}: {self.message}"
        if self.candidates:
            text += "; nearest: " + ", ".join(
                f"{c['label']!r} ({c['kind']}, {c['score']:.0f})" for c in self.candidates)
        return text

    def as_json(self) -> dict[str, Any]:
        return {"field": self.field, "line": self.line, "message": self.message,
                "candidates": list(self.candidates)}


class SubmissionError(Exception):
    """A submission that cannot be stored; ``kind`` says how the CLI and the HTTP API answer.

    ``unreadable`` (exit 2, HTTP 400): not parseable at all; ``unsupported-type`` (exit 2,
    HTTP 415): a format lpskg does not read; ``too-large`` (exit 2, HTTP 413); ``rejected`` (exit 1, HTTP 422): schema, link or SHACL errors;
    ``conflict`` (exit 1, HTTP 409): the id exists already; ``not-found`` (exit 1, HTTP 404).
    """

    def __init__(self, kind: str, message: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.errors = errors or []

    def lines(self) -> list[str]:
        """The message and one line per field error, for the command line."""
        return [self.message] + [f"  {error.render()}" for error in self.errors]

    def as_json(self) -> dict[str, Any]:
        return {"error": self.message, "errors": [e.as_json() for e in self.errors]}

    def placed(self, places: Mapping[str, str]) -> "SubmissionError":
        """The same error with its fields named as the author of a translated file knows them: a field
        of a case a coded project was made into (``evidence[3].illustrates[0]``) as the place in the
        project it came from (``selection 'S1' of 'Interview 4' (line 88): illustrates[0]``); the place of
        ``""`` is put before any other field (``Case 'Scania': study.year``)."""
        def place(name: str) -> str:
            for prefix in sorted(places, key=len, reverse=True):
                if name == prefix or name.startswith(prefix + ".") or name.startswith(prefix + "["):
                    rest = name[len(prefix):].lstrip(".")
                    return f"{places[prefix]}: {rest}" if rest else places[prefix]
            return f"{places['']}: {name}" if "" in places else name
        if not places:
            return self
        errors = [FieldError(place(e.field), e.message, e.line, e.candidates) for e in self.errors]
        return SubmissionError(self.kind, self.message, errors)
