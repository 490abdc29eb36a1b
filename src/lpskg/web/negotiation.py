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

from ..formats import GRAPH_FORMATS, GRAPH_TYPES, RESULT_FORMATS, RESULT_TYPES
from .errors import ApiError

_FORMATS = {**RESULT_FORMATS, **GRAPH_FORMATS}


def _names(media_type: str) -> tuple[str, ...]:
    """The short names and generic types that stand for ``media_type`` (none for a type outside the table)."""
    known = _FORMATS.get(media_type)
    return (*known.short_names, *known.aliases) if known else ()


def _aliases(media_type: str) -> tuple[str, ...]:
    known = _FORMATS.get(media_type)
    return known.aliases if known else ()


def _format_override(offered: Sequence[str], value: str | None) -> list[str] | None:
    """The media types a ``format=`` value asks for among ``offered``, or None without one."""
    if not value:
        return None
    value = value.strip().lower()
    return [t for t in offered if value == t or value in _names(t)]


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
        quality = max([accept.quality(media_type)] + [accept[a] for a in _aliases(media_type)])
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
