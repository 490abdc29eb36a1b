"""Content negotiation: which media types a client accepts, best first.

The ``Accept`` header decides, unless the request has a ``format=`` parameter
(short names such as ``json``, ``csv``, ``turtle``, or a media type), which
overrides it, as SPARQL endpoints commonly allow for links typed by hand.
Common generic types count as the specific ones they stand for
(``application/json`` for SPARQL JSON results or JSON-LD, ``application/xml``
for SPARQL XML results or RDF/XML).
"""
from __future__ import annotations

from collections.abc import Sequence

from flask import request

from ..query_runner import GRAPH_FORMATS, RESULT_FORMATS
from .errors import ApiError

RESULT_TYPES: tuple[str, ...] = tuple(RESULT_FORMATS)
GRAPH_TYPES: tuple[str, ...] = tuple(GRAPH_FORMATS)

#: Generic media types a client may send, and the specific type each stands for.
_ALIASES: dict[str, tuple[str, ...]] = {
    "application/sparql-results+json": ("application/json",),
    "application/sparql-results+xml": ("application/xml", "text/xml"),
    "text/turtle": ("application/x-turtle", "application/turtle", "text/n3", "text/rdf+n3"),
    "application/n-triples": ("text/plain",),
    "application/ld+json": ("application/json",),
    "application/rdf+xml": ("application/xml", "text/xml"),
}

#: ``format=`` short names: (results media type, graph media type).
_SHORT_NAMES: dict[str, tuple[str | None, str | None]] = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", None),
    "tsv": ("text/tab-separated-values", None),
    "turtle": (None, "text/turtle"),
    "ttl": (None, "text/turtle"),
    "n3": (None, "text/turtle"),
    "nt": (None, "application/n-triples"),
    "ntriples": (None, "application/n-triples"),
    "n-triples": (None, "application/n-triples"),
    "jsonld": (None, "application/ld+json"),
    "json-ld": (None, "application/ld+json"),
    "rdfxml": (None, "application/rdf+xml"),
    "rdf+xml": (None, "application/rdf+xml"),
}


def _format_override(offered: Sequence[str], value: str | None) -> list[str] | None:
    """The media types a ``format=`` value asks for among ``offered``, or None without one."""
    if not value:
        return None
    value = value.strip().lower()
    wanted = {t for pair in [_SHORT_NAMES.get(value, (None, None))] for t in pair if t}
    wanted |= {t for t in offered if value == t or value in _ALIASES.get(t, ())}
    return [t for t in offered if t in wanted]


def acceptable(offered: Sequence[str], fmt: str | None = None) -> list[str]:
    """The types of ``offered`` the client accepts, best first (ties in ``offered``'s order).

    ``fmt`` is the request's ``format=`` value; the URL's is used when it is not given.
    """
    override = _format_override(offered, fmt if fmt is not None else request.args.get("format"))
    if override is not None:
        return override
    accept = request.accept_mimetypes
    if not accept:
        return list(offered)
    named = set(accept.values())
    scored = []
    for position, media_type in enumerate(offered):
        quality = max([accept.quality(media_type)] + [accept[a] for a in _ALIASES.get(media_type, ())])
        if quality > 0:  # at equal quality, a type the client named beats one reached by an alias
            scored.append((-quality, media_type not in named, position, media_type))
    return [media_type for *_, media_type in sorted(scored)]


def negotiate(offered: Sequence[str], what: str, fmt: str | None = None) -> str:
    """The best type of ``offered`` for this request, or a 406 naming what can be served."""
    types = acceptable(offered, fmt)
    if not types:
        raise not_acceptable(what, offered)
    return types[0]


def not_acceptable(what: str, offered: Sequence[str]) -> ApiError:
    """The 406 error for ``what`` (a query result, a graph ...), listing the types it comes in."""
    asked = request.args.get("format") or request.headers.get("Accept", "")
    return ApiError(406, f"{what} can be served as {', '.join(offered)} "
                         f"(or format=json|xml|csv|tsv|turtle|nt|jsonld); not as {asked!r}")


def prefers_html() -> bool:
    """True for a browser: HTML is accepted and preferred to every RDF and results type."""
    if request.args.get("format"):
        return False
    accept = request.accept_mimetypes
    html = accept["text/html"]
    others = [accept.quality(t) for t in (*RESULT_TYPES, *GRAPH_TYPES) if t in accept.values()]
    return html > 0 and "text/html" in accept.values() and all(html >= q for q in others)
