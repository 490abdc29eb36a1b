"""New evidence: cases and publications submitted by researchers, linked, validated and stored.

A submission takes five steps, one module each: :mod:`.reading` (the bytes,
their format, YAML with the line of every field, the JSON Schema),
:mod:`.parsing` (what the file says, as Python data), :mod:`.linking` (labels
to the graph's concepts), building (:mod:`.building`, with
:mod:`.case_building` for case files and :mod:`.rdf_cases` for cases sent as
RDF, and :mod:`.literature` for publications) and :mod:`.storing`
(provenance, SHACL validation, one transaction through the write path).
:mod:`.cases` and :mod:`.literature` are the workflows the CLI and the HTTP
API call.

The public face is the names below, each raising :class:`SubmissionError`
with errors that name the field and line. They are loaded when first used
(PEP 562): the command line imports this package for every command, and
linking and validation pull in rapidfuzz, jsonschema, bibtexparser and
pyshacl, which a ``lpskg stats`` does not need.
"""
from __future__ import annotations

import importlib
from typing import Any

#: Each public name and the module that defines it.
_EXPORTS = {
    "add_case": "cases", "case_graph": "cases", "diagnose_case": "cases", "diagnose_case_file": "cases",
    "list_cases": "cases", "remove": "cases",
    "add_publications": "literature", "Outcome": "building",
    "FieldError": "errors", "SubmissionError": "errors",
    "SourceFile": "reading", "read_source": "reading", "submission_format": "reading",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)


def __dir__() -> list[str]:
    return __all__
