"""The ontology's HTML documentation, generated from ``ontology/lpskg.ttl`` by pyLODE.

pyLODE 3.4.1 reads its own version from a ``pyproject.toml`` that its wheel
does not ship, so importing it fails; the version module is provided from the
installed package's metadata before pyLODE is imported.
"""
from __future__ import annotations

import sys
import threading
import types
from functools import lru_cache
from importlib.metadata import version

from ..paths import ONTOLOGY_FILE

_lock = threading.Lock()


def _import_pylode():
    if "pylode.version" not in sys.modules:
        module = types.ModuleType("pylode.version")
        module.__version__ = version("pylode")
        sys.modules["pylode.version"] = module
    from pylode import OntPub

    return OntPub


@lru_cache(maxsize=1)
def _generate() -> str:
    OntPub = _import_pylode()
    return OntPub(ontology=str(ONTOLOGY_FILE)).make_html()


def ontology_html() -> str:
    """The documentation page (generated once per process: about 2 s)."""
    with _lock:
        return _generate()
