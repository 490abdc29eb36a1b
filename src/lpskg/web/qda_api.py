"""The framework as a REFI-QDA codebook over HTTP: ``GET /api/codebook.qdc``.

Coded projects (``.qdpx``) come back through ``POST /api/cases`` and ``POST
/api/diagnosis`` as ``application/zip`` (:mod:`.cases_api`), like any case file.
"""
from __future__ import annotations

from flask import Blueprint, Response

from ..exchange.qda import codebook_document
from .services import services

blueprint = Blueprint("qda_api", __name__)


@blueprint.get("/api/codebook.qdc")
def get_codebook() -> Response:
    """The paper's framework as a REFI-QDA codebook, to import into NVivo, ATLAS.ti, MAXQDA or QualCoder."""
    return Response(codebook_document(services().graphs), 200, mimetype="application/xml",
                    headers={"Content-Disposition": 'attachment; filename="lpskg-codebook.qdc"'})
