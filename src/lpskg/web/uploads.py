"""RDF documents sent in a request body (Graph Store writes, SHACL validation)."""
from __future__ import annotations

from rdflib import Graph

from ..formats import graph_format
from ..rdf_input import UnreadableInput, parse_rdf
from .errors import ApiError
from .protocol import body_text, media_type


def parse_body(accepted: tuple[str, ...], what: str) -> Graph:
    """The body parsed as RDF in its Content-Type; 415 for another type, 400 naming the parse error."""
    content_type = media_type()
    if content_type not in accepted:
        raise ApiError(415, f"{what} is sent as {', '.join(accepted)}, not as "
                            f"{content_type or 'a body without Content-Type'}")
    try:
        return parse_rdf(body_text(what), graph_format(content_type).rdflib, what, public_id="urn:lpskg:upload")
    except UnreadableInput as error:
        raise ApiError(400, str(error)) from None
