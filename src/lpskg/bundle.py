"""The bundled graph: the ontology and the paper's data, loaded into the store.

Each file becomes its own named graph (``graph/ontology``, ``graph/paper``,
``graph/project`` ...), and loading replaces those graphs whole, so running
``lpskg load`` twice leaves the store as running it once.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from rdflib import Graph

from .inference import TBox, inferred_graph_name, with_inferences
from .namespaces import PREFIXES, graph_iri
from .paths import DATA_DIR, ONTOLOGY_FILE
from .store import Store

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


def parse_file(path: Path) -> Graph:
    """Parse one Turtle file with the project's prefixes bound."""
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    return graph.parse(path, format="turtle")


def bundle_graph() -> Graph:
    """The ontology and all data files merged in one rdflib Graph (for validation)."""
    merged = Graph()
    for prefix, iri in PREFIXES.items():
        merged.bind(prefix, iri)
    for path in bundle_files().values():
        merged.parse(path, format="turtle")
    return merged


def load_bundle(store: Store, progress: Progress | None = None) -> dict[str, int]:
    """Replace the bundled graphs in ``store`` by the files' content; triples per graph."""
    files = bundle_files()
    graphs = {name: parse_file(path) for name, path in files.items()}
    tbox = TBox(graphs[graph_iri("ontology")])
    counts: dict[str, int] = {}
    for name, graph in graphs.items():
        if progress:
            progress(f"loading {files[name].relative_to(files[name].parents[1])} ({len(graph)} triples)")
        store.replace_graphs(with_inferences(name, graph, tbox))
        counts[name] = len(graph)
    return counts
