"""``POST /shacl``: validate an RDF document against the project's shapes.

The document is validated as a submission would be: its own nodes are the
focus, and the types and labels of the existing nodes it links to come from
the store, so that a link to ``paradox:learning`` satisfies ``sh:class``.
The answer is the SHACL validation report in Turtle (or another RDF format),
or, for ``Accept: application/json``, the verdict and one entry per violation.
"""
from __future__ import annotations

import json

from flask import Blueprint, Response
from rdflib import URIRef

from ..inference import ontology_tbox
from .negotiation import GRAPH_TYPES, negotiate
from .responses import graph_response
from .services import services
from .uploads import parse_body

blueprint = Blueprint("shacl", __name__)

_DOCUMENT_TYPES = ("text/turtle", "application/ld+json")


@blueprint.route("/shacl", methods=["POST"])
def shacl() -> Response:
    """The validation report of the document in the body (200 whether it conforms or not)."""
    from ..cases import existing_context  # imported here: pyshacl takes a second to import
    from ..validation import validate

    media = negotiate((*GRAPH_TYPES, "application/json"), "a validation report")
    data = parse_body(_DOCUMENT_TYPES, "the document to validate")
    described = set(data.subjects())
    referenced = {o for o in data.objects() if isinstance(o, URIRef) and o not in described}
    report = validate(data + ontology_tbox().entail(data), context=existing_context(services().store, referenced),
                      focus_nodes=[s for s in described])
    if media != "application/json":
        return graph_response(report.graph(), media)
    body = {
        "conforms": report.conforms,
        "violations": [{"focus": v.focus, "focusLabel": report.name(v.focus), "path": v.path,
                        "message": v.message, "severity": v.severity, "value": v.value, "shape": v.shape}
                       for v in report.violations],
    }
    return Response(json.dumps(body, indent=2), mimetype="application/json")
