"""RDF documents sent in a request body (Graph Store writes, SHACL validation)."""
from __future__ import annotations

from rdflib import Graph

from ..namespaces import PREFIXES
from ..submission import REMOTE_CONTEXT_HINT, remote_jsonld_context, unstorable_term
from .errors import ApiError
from .protocol import body_text, media_type
from .responses import RDFLIB_FORMATS


def parse_body(accepted: tuple[str, ...], what: str) -> Graph:
    """The body parsed as RDF in its Content-Type; 415 for another type, 400 naming the parse error."""
    content_type = media_type()
    if content_type not in accepted:
        raise ApiError(415, f"{what} is sent as {', '.join(accepted)}, not as "
                            f"{content_type or 'a body without Content-Type'}")
    text = body_text(what)
    if content_type == "application/ld+json" and (context := remote_jsonld_context(text)):
        raise ApiError(400, f"{what}: the JSON-LD context {context!r} {REMOTE_CONTEXT_HINT}")
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    try:
        graph.parse(data=text, format=RDFLIB_FORMATS[content_type], publicID="urn:lpskg:upload")
    except Exception as error:  # rdflib's parsers raise many types; all mean a bad document
        message = " ".join(str(error).split())[:400]
        raise ApiError(400, f"{what} is not valid {content_type}: {message}") from None
    if problem := unstorable_term(graph):
        raise ApiError(400, f"{what} has a term that is not valid RDF: {problem}")
    return graph
