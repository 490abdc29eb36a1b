"""Where the project's text files live: ontology, data, shapes, queries, seeds.

lpskg runs from its source tree (``make`` installs it in editable mode), so
these are found relative to the package; ``LPSKG_ROOT`` overrides the root for
a checkout elsewhere.
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("LPSKG_ROOT", Path(__file__).resolve().parents[2]))
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "lpskg.ttl"
DATA_DIR = ROOT / "data"
SHAPES_DIR = ROOT / "shapes"
QUERIES_DIR = ROOT / "queries"
SEED_DIR = Path(os.environ.get("LPSKG_SEEDS", ROOT.parent / "shared" / "seeds"))
CHANGELOG_FILE = ROOT / "CHANGELOG.md"
