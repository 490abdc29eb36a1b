"""RDF documents sent in a request body (Graph Store writes, SHACL validation)."""
from __future__ import annotations

from rdflib import Graph

from ...formats import GRAPHS, by_media_type
from ...rdf_input import UnreadableInput, parse_rdf
from ..errors import ApiError
from .protocol import body_text, media_type

#: What relative IRIs of a document resolve against when the request gives no better base.
UPLOAD_BASE = "urn:lpskg:upload"


def check_type(content_type: str, accepted: tuple[str, ...], what: str) -> None:
    """415 unless ``content_type`` is one of ``accepted``, checked before the body is read as text."""
    if content_type not in accepted:
        raise ApiError(415, f"{what} is sent as {', '.join(accepted)}, not as "
                            f"{content_type or 'a body without Content-Type'}")


def parse_document(text: str, content_type: str, what: str, base: str = UPLOAD_BASE) -> Graph:
    """``text`` parsed as RDF in ``content_type`` (checked by :func:`check_type`); 400 naming the parse error.

    Relative IRIs resolve against ``base`` (RFC 3986 5.1: the URI the document was sent to, when there is one).
    """
    try:
        return parse_rdf(text, by_media_type(GRAPHS, content_type).rdflib, what, public_id=base)
    except UnreadableInput as error:
        raise ApiError(400, str(error)) from None


def parse_body(accepted: tuple[str, ...], what: str, base: str = UPLOAD_BASE) -> Graph:
    """The request body parsed as RDF in its Content-Type (see :func:`parse_document`)."""
    content_type = media_type()
    check_type(content_type, accepted, what)
    return parse_document(body_text(what), content_type, what, base)
