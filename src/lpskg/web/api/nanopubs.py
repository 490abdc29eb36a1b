"""Nanopublications over HTTP: ``GET /np/`` (the index), ``GET /np/<artefact code>`` (TriG, N-Quads or
JSON-LD by content negotiation), ``POST /np/`` (import, with the write token; ``?dry_run=true`` checks only).

The graph's own nanopublications are built from the store (unsigned, trusty) and kept until the
next write; imported ones are read back from their graphs.  The logic is in
:mod:`lpskg.exchange.nanopub`; this module only translates HTTP.  An import is a
submission (:func:`~lpskg.web.errors.submission`): its errors are JSON with the
message in ``error``, and a rejected one (:class:`~lpskg.exchange.nanopub.NanopubError`)
is a 422 (:mod:`lpskg.web.errors`) with nothing stored.
"""
from __future__ import annotations

from flask import Response, request

from ...exchange.nanopub import (
    ARTEFACT_CODE,
    MEDIA,
    MEDIA_TYPES,
    find_imported,
    import_nanopubs,
    imported,
    published,
    serialise,
)
from ..errors import ApiError, submission
from ..negotiation import negotiate
from ..responses import cross_origin, json_response
from ..services import require_token, services

_SUFFIXES = {".trig": "application/trig", ".nq": "application/n-quads", ".jsonld": "application/ld+json"}


def _json(body: object, status: int = 200) -> Response:
    return json_response(body, status, indent=1)


@cross_origin
def nanopub_index() -> Response:
    """The graph's nanopublications (code, IRI, kind, source record) and the imported ones."""
    app = services()
    own = [{"code": code, "nanopub": p.nanopub.uri, "kind": str(p.item.kind), "source": p.item.source}
           for code, p in sorted(published(app.graphs).items())]
    others = [{key: str(value) for key, value in row.items()} for row in imported(app.store)]
    return _json({"published": own, "imported": others})


@cross_origin
def nanopub(name: str) -> Response:
    """One nanopublication by its trusty artefact code, with an optional .trig, .nq or .jsonld suffix."""
    code, media = name, None
    for suffix, media_type in _SUFFIXES.items():
        if name.endswith(suffix):
            code, media = name[: -len(suffix)], media_type
    if not ARTEFACT_CODE.fullmatch(code):
        raise ApiError(400, f"'{code}' is not a trusty artefact code (RA and 43 characters of base64url)")
    app = services()
    own = published(app.graphs).get(code)
    found = own.nanopub if own else find_imported(app.store, code)
    if found is None:
        raise ApiError(404, f"no nanopublication with the artefact code {code} here; GET /np/ lists them")
    media = media or negotiate(list(MEDIA_TYPES), f"the nanopublication {code}")
    return Response(serialise(found, media), mimetype=media)


@cross_origin
@submission
def post_nanopubs() -> Response:
    """Import the nanopublications of the body (its Content-Type says the format): 201 stored, 200 dry run,
    422 rejected with the reason (nothing stored), 415 an unknown type."""
    require_token()
    media = (request.mimetype or "").lower()
    if media not in MEDIA:
        raise ApiError(415, f"send nanopublications as {', '.join(sorted(MEDIA))}; got '{media or 'no type'}'")
    dry_run = request.args.get("dry_run", "").lower() in ("1", "true", "yes")
    results = import_nanopubs(services().graphs, request.get_data(), MEDIA[media], "the request body", dry_run)
    stored = sum(r.status == "stored" for r in results)
    return _json({"dry_run": dry_run, "stored": stored, "nanopubs": [r.as_json() for r in results]},
                 201 if stored else 200)
