"""The framework as a REFI-QDA codebook over HTTP: ``GET /api/codebook.qdc``.

Coded projects (``.qdpx``) come back through ``POST /api/cases`` and ``POST
/api/diagnosis`` as ``application/zip`` (:mod:`.cases`), like any case file.
"""
from __future__ import annotations

from flask import Response

from ...exchange.qda import codebook_document
from ..responses import cross_origin
from ..services import services


@cross_origin
def get_codebook() -> Response:
    """The paper's framework as a REFI-QDA codebook, to import into NVivo, ATLAS.ti, MAXQDA or QualCoder."""
    return Response(codebook_document(services().graphs), 200, mimetype="application/xml",
                    headers={"Content-Disposition": 'attachment; filename="lpskg-codebook.qdc"'})
