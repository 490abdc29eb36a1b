"""Every case of the graph, the paper's and the submitted ones, with where each comes from.

``queries/intake/cases.rq`` gives each case with its named graph, organisation,
evidence count and, for a submitted case, when and by whom; ``lpskg case list``
and ``GET /api/cases`` show it.
"""
from __future__ import annotations

from typing import Any

from ...namespaces import graph_iri
from ...store import Store
from ..library import read_model


def list_cases(store: Store) -> list[dict[str, Any]]:
    """Every case of the graph, the paper's and the submitted ones (``submitted`` is set for those)."""
    prefix = graph_iri("case") + "/"
    answer = []
    for row in read_model("intake/cases").run(store):
        graph = str(row["g"])
        answer.append({
            "id": graph[len(prefix):] if graph.startswith(prefix) else str(row["case"]).rsplit("/", 1)[-1],
            "iri": str(row["case"]), "label": str(row["label"]), "graph": graph,
            "organisation": str(row["organisation"]) if "organisation" in row else None,
            "evidence": int(row["evidence_count"]) if "evidence_count" in row else 0,
            "submitted": str(row["submitted"]) if "submitted" in row else None,
            "submitter": str(row["submitter"]) if "submitter" in row else None,
        })
    return answer
