"""New evidence: cases and publications submitted by researchers, linked, validated and stored.

The public face: :func:`add_case`, :func:`diagnose_case`, :func:`add_publications`, :func:`list_cases`,
:func:`case_graph` and :func:`remove`, each raising :class:`SubmissionError`
with errors that name the field and line; :func:`read_source` and
:func:`format_for` make a :class:`SourceFile` of a file or an HTTP body.

The names are loaded when first used (PEP 562): the command line imports this
package for every command, and linking and validation pull in rapidfuzz,
jsonschema, bibtexparser and pyshacl, which a ``lpskg stats`` does not need.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: Each public name and the module that defines it.
_EXPORTS = {
    "add_case": "cases", "case_graph": "cases", "diagnose_case": "cases", "diagnose_case_file": "cases",
    "list_cases": "cases", "remove": "cases",
    "add_publications": "literature", "Outcome": "contribution",
    "FieldError": "errors", "SubmissionError": "errors",
    "CSL_JSON": "sources", "QDPX": "sources", "YAML": "sources", "SourceFile": "sources", "format_for": "sources",
    "read_source": "sources",
}
__all__ = ["CSL_JSON", "QDPX", "YAML", "FieldError", "Outcome", "SourceFile", "SubmissionError", "add_case",
           "add_publications", "case_graph", "diagnose_case", "diagnose_case_file", "format_for", "list_cases",
           "read_source", "remove"]

if TYPE_CHECKING:
    from .cases import add_case, case_graph, diagnose_case, diagnose_case_file, list_cases, remove
    from .contribution import Outcome
    from .errors import FieldError, SubmissionError
    from .literature import add_publications
    from .sources import CSL_JSON, QDPX, YAML, SourceFile, format_for, read_source


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
