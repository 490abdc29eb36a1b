"""The works behind a concept or a named query's answer, to cite: JSON, BibTeX or RIS.

``/api/works?concept=Myopia`` (a label, a prefixed name or an IRI, of any
resource) and ``/api/queries/NAME/works?PARAM=VALUE`` (the works behind the
resources of the answer) give the works with their authors in order and a
formatted citation (:mod:`lpskg.knowledge.bibliography`); ``format=bibtex`` or
``format=ris`` (or ``Accept``) gives them for a reference manager
(:mod:`lpskg.exchange.bibliography`), as a file to save.
"""
from __future__ import annotations

from flask import Response, request

from ...exchange.bibliography import BIBTEX_TYPE, FORMATS, RIS_TYPE, bibtex, ris
from ...knowledge.bibliography import Work, author_names, works, works_behind, works_behind_answer
from ...knowledge.labels import ANY_KIND, label_index
from ...knowledge.library import NamedQueryError
from ...knowledge.library.parameters import expand_iri
from ..errors import ApiError
from ..negotiation import negotiate
from ..responses import cross_origin, json_response
from ..services import services
from .queries import ask_from_request

#: What the answer can be, by ``format=`` or ``Accept``.
_TYPES = ("application/json", BIBTEX_TYPE, RIS_TYPE)


@cross_origin
def works_of_concept() -> Response:
    """The works behind one resource (``concept=``: a label, a prefixed name or an IRI)."""
    text = request.args.get("concept", "").strip()
    if not text:
        raise ApiError(400, "give the resource whose works to list: concept=LABEL, a prefixed name or an IRI")
    app = services()
    dataset = app.default_dataset()
    resolved = label_index(app.graphs, dataset).resolve(text, ANY_KIND, "concept", "parameter 'concept'") \
        if ":" not in text else None
    iri = resolved.iri if resolved else _expanded(text)
    found = works(app.store, works_behind(app.store, [iri], dataset), dataset)
    return _answer(found, iri.rstrip("/").rsplit("/", 1)[-1], {"concept": iri})


@cross_origin
def works_of_query(name: str) -> Response:
    """The works behind the resources of a named query's answer, its parameters as ``/api/queries/NAME`` takes."""
    app, dataset, asked = ask_from_request(name)
    found = works(app.store, works_behind_answer(app.store, asked, dataset), dataset)
    return _answer(found, name, {"query": name, "resolved": asked.as_json()})


def _expanded(text: str) -> str:
    try:
        return expand_iri(text, "parameter 'concept'")
    except NamedQueryError as error:
        raise ApiError(400, str(error)) from None


def _answer(found: list[Work], name: str, about: dict) -> Response:
    fmt = request.args.get("format", "").strip().lower()
    if fmt and fmt not in (*FORMATS, "json"):
        raise ApiError(400, f"format must be bibtex, ris or json, not {fmt!r}")
    media = FORMATS[fmt][0] if fmt in FORMATS else "application/json" if fmt else negotiate(
        _TYPES, "a list of works", "")
    if media == "application/json":
        return json_response(about | {"works": [_json(w) for w in found]})
    text = bibtex(found) if media == BIBTEX_TYPE else ris(found)
    extension = next(ext for t, ext in FORMATS.values() if t == media)
    return Response(text, mimetype=media, headers={
        "Content-Disposition": f'attachment; filename="lpskg-works-{name}.{extension}"'})


def _json(work: Work) -> dict:
    return {"iri": work.iri, "label": work.label, "authors": [a.sorted_name for a in work.authors],
            "authorsText": author_names(work.authors, work.et_al), "etAl": work.et_al, "year": work.year,
            "title": work.title, "doi": work.doi, "citedAs": work.cited_as, "citation": work.citation}
