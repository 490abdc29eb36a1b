"""Content negotiation: which media types a client accepts, best first.

The ``Accept`` header decides (media ranges with their parameters and q-values,
:mod:`.accept`), unless the request has a ``format=`` parameter (short names
such as ``json``, ``csv``, ``turtle``, or a media type), which overrides it, as
SPARQL endpoints commonly allow for links typed by hand.
Common generic types count as the specific ones they stand for
(``application/json`` for SPARQL JSON results or JSON-LD, ``application/xml``
for SPARQL XML results or RDF/XML).
"""
from __future__ import annotations

from collections.abc import Sequence

from flask import request

from ..formats import GRAPH_TYPES, GRAPHS, RESULT_TYPES, RESULTS, Format
from .accept import named, parse_accept, quality
from .errors import ApiError, not_acceptable


def _known(media_type: str) -> Format | None:
    """The result or graph format whose own media type is ``media_type``."""
    return next((f for f in (*RESULTS, *GRAPHS) if f.media_type == media_type), None)


def _names(media_type: str) -> tuple[str, ...]:
    """The short names and generic types that stand for ``media_type`` (none for a type outside the registry)."""
    known = _known(media_type)
    return (*known.names, *known.aliases) if known else ()


def _aliases(media_type: str) -> tuple[str, ...]:
    known = _known(media_type)
    return known.aliases if known else ()


def _format_override(offered: Sequence[str], value: str | None) -> list[str] | None:
    """The media types the request's ``format=`` values ask for among ``offered``, or None without one.

    ``value`` is every ``format`` value of the request, joined by commas:
    SPARQLWrapper repeats the parameter as ``format=json-ld&format=application/ld+json,application/x-json+ld``,
    which is one format named three ways.  Names lpskg does not know are
    ignored; values that name two different formats of ``offered`` are a 400.
    """
    items = [item.split(";")[0].strip().lower() for item in (value or "").split(",")]
    items = [item for item in items if item]
    if not items:
        return None
    chosen = [t for t in offered if any(item == t or item in _names(t) for item in items)]
    if len(chosen) > 1:
        raise ApiError(400, f"the format parameters ({value}) name {len(chosen)} different formats "
                            f"({', '.join(chosen)}); name one")
    return chosen


def _url_formats() -> str:
    """Every ``format`` value of the URL, joined by commas (see :func:`_format_override`)."""
    return ",".join(request.args.getlist("format"))


def acceptable(offered: Sequence[str], fmt: str | None = None) -> list[str]:
    """The types of ``offered`` the client accepts, best first (ties in ``offered``'s order).

    ``fmt`` is the request's ``format=`` values joined by commas; the URL's are used when it is not given.
    The Accept header's media ranges count with their parameters and q-values (:mod:`.accept`).
    """
    override = _format_override(offered, fmt if fmt is not None else _url_formats())
    if override is not None:
        return override
    ranges = parse_accept(request.headers.get("Accept"))
    if not ranges:
        return list(offered)
    written = named(ranges)
    scored = []
    for position, media_type in enumerate(offered):
        best = max([quality(ranges, media_type)] + [quality(ranges, a, exact=True) for a in _aliases(media_type)])
        if best > 0:  # at equal quality, a type the client named beats one reached by an alias
            scored.append((-best, media_type not in written, position, media_type))
    return [media_type for *_, media_type in sorted(scored)]


def negotiate(offered: Sequence[str], what: str, fmt: str | None = None) -> str:
    """The best type of ``offered`` for this request, or a 406 naming what can be served."""
    types = acceptable(offered, fmt)
    if not types:
        raise not_acceptable(what, offered)
    return types[0]


def prefers_html() -> bool:
    """True for a browser: HTML is accepted and preferred to every RDF and results type."""
    if request.args.get("format"):
        return False
    ranges = parse_accept(request.headers.get("Accept"))
    html = quality(ranges, "text/html", exact=True)
    others = [quality(ranges, t) for t in (*RESULT_TYPES, *GRAPH_TYPES) if t in named(ranges)]
    return html > 0 and all(html >= q for q in others)
