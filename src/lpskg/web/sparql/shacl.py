"""``POST /shacl``: validate an RDF document against the project's shapes.

The document is validated as a submission would be: its own nodes are the
focus, and the types and labels of the existing nodes it links to come from
the store, so that a link to ``paradox:learning`` satisfies ``sh:class``.
The answer is the SHACL validation report in Turtle (or another RDF format),
or, for ``Accept: application/json``, the verdict and one entry per violation.
"""
from __future__ import annotations

from flask import Response

from ...formats import GRAPH_TYPES
from ...knowledge.validation import validate_submission
from ..negotiation import negotiate
from ..responses import cross_origin, graph_response, json_response
from ..services import services
from .uploads import parse_body

_DOCUMENT_TYPES = ("text/turtle", "application/ld+json")


@cross_origin
def shacl() -> Response:
    """The validation report of the document in the body (200 whether it conforms or not)."""
    media = negotiate((*GRAPH_TYPES, "application/json"), "a validation report")
    data = parse_body(_DOCUMENT_TYPES, "the document to validate")
    app = services()
    report = validate_submission(app.store, data, app.graphs.entail(data))
    if media != "application/json":
        return graph_response(report.graph(), media)
    body = {
        "conforms": report.conforms,
        "violations": [{"focus": v.focus, "focusLabel": report.name(v.focus), "path": v.path,
                        "message": v.message, "severity": v.severity, "value": v.value, "shape": v.shape}
                       for v in report.violations],
    }
    return json_response(body, indent=2)
