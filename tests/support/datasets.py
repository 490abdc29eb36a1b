"""A query that names its dataset, for the tests of FROM / FROM NAMED: what counters the drift structural
separation triggers is stated in the paper's graphs and interpreted in graph/interpretations, so it comes
back or not with the graphs a query names."""
from __future__ import annotations

from lpskg.knowledge.bundle import bundle_files
from lpskg.namespaces import graph_iri

R = "https://w3id.org/lpskg/resource/"
#: Every bundled graph but the curator's interpretations: what the sources state.
STATED_GRAPHS = [name for name in bundle_files() if name != graph_iri("interpretations")]


def counters(graphs: list[str] | None) -> str:
    """What counters the drift structural separation triggers, over ``graphs`` (a FROM each) or, with
    None, over the default dataset."""
    clause = " ".join(f"FROM <{g}>" for g in graphs or ())
    return (f"SELECT ?o {clause} WHERE {{ <{R}consequence/structural-separation-triggers-belonging-drift> "
            "<https://w3id.org/lpskg/ontology#counteredBy> ?o }")
