"""The bundled graph: the ontology and the paper's data, loaded into the store.

Each file becomes its own named graph (``graph/ontology``, ``graph/paper``,
``graph/project`` ...), and loading replaces those graphs whole, through the
one write path, so running ``lpskg load`` twice leaves the store as running it
once.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from rdflib import Graph

from ..namespaces import graph_iri, new_graph
from ..paths import DATA_DIR, ONTOLOGY_FILE
from ..store import Dataset
from .graphs import Graphs
from .inference import inferred_graph_name

Progress = Callable[[str], None]


def bundle_files() -> dict[str, Path]:
    """Named graph IRI -> file, for the ontology and every ``data/*.ttl``."""
    files = {graph_iri("ontology"): ONTOLOGY_FILE}
    for path in sorted(DATA_DIR.glob("*.ttl")):
        files[graph_iri(path.stem)] = path
    return files


@lru_cache(maxsize=1)
def bundle_graph_names() -> tuple[str, ...]:
    """The bundled graphs and the graphs of their entailments."""
    names = list(bundle_files())
    return tuple(names + [inferred_graph_name(name) for name in names])


def bundle_dataset() -> Dataset:
    """The dataset of the bundle alone: ontology, shipped data and their entailments, no submissions."""
    return Dataset(default_graphs=bundle_graph_names())


def parse_file(path: Path) -> Graph:
    """Parse one Turtle file with the project's prefixes bound."""
    return new_graph().parse(path, format="turtle")


def bundle_graph() -> Graph:
    """The ontology and all data files merged in one rdflib Graph (for validation and reasoning)."""
    merged = new_graph()
    for path in bundle_files().values():
        merged.parse(path, format="turtle")
    return merged


def load_bundle(graphs: Graphs, progress: Progress | None = None) -> dict[str, int]:
    """Replace the bundled graphs in the store by the files' content; triples per graph."""
    counts: dict[str, int] = {}
    for name, path in bundle_files().items():
        graph = parse_file(path)
        if progress:
            progress(f"loading {path.relative_to(path.parents[1])} ({len(graph)} triples)")
        graphs.put({name: graph})
        counts[name] = len(graph)
    return counts
