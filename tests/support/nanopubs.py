"""Nanopublications checked by two libraries lpskg did not write: nanopub-py (structure and trusty hash) and
nanopub-rs through nanopub-sign (the hash again)."""
from __future__ import annotations

import warnings
from collections.abc import Iterable
from pathlib import Path

from nanopub_sign import Nanopub as RustNanopub


def assert_valid_elsewhere(files: Iterable[Path]) -> int:
    """Check each exported nanopublication with both libraries; how many were checked."""
    import rdflib

    normalising = rdflib.NORMALIZE_LITERALS
    from nanopub import Nanopub as PyNanopub  # its import turns rdflib's literal normalisation off, process-wide

    rdflib.NORMALIZE_LITERALS = normalising
    checked = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in files:
            np = PyNanopub(rdf=path)
            assert np.is_valid and np.has_valid_trusty, path.name
            assert np.source_uri.endswith(path.stem)
            assert RustNanopub(path.read_text()).check().info()["trusty_hash"] == path.stem
            checked += 1
    return checked
