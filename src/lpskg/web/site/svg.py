"""The few SVG pieces the figures of the paradox map are drawn with.

The figures are plain SVG strings built from the graph on each request (no
charting library, nothing to load in the browser): text in wrapped lines,
links to resource pages with a hover title, arrowheads.
"""
from __future__ import annotations

import textwrap
from collections.abc import Callable
from html import escape

#: Fill and stroke colours of the paradox columns and archetypes, cycled.
PALETTE = [("#e8f1fb", "#2f6db5"), ("#fdf0e3", "#c46a12"), ("#e9f6ec", "#2e8540"), ("#f6e9f5", "#8e3b8a"),
           ("#f2f2f2", "#555555")]

#: Where a box links to: the resource page of an IRI.
Href = Callable[[str], str]


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` characters (one empty line for no text)."""
    return textwrap.wrap(text, width) or [""]


def text(x: float, y: float, lines: list[str], size: float, css: str = "", anchor: str = "middle",
         line_height: float = 1.25) -> str:
    """Lines of text, the first with its baseline at ``y``."""
    spans = "".join(f'<tspan x="{x:.1f}" dy="{0 if i == 0 else size * line_height:.1f}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" class="{css}">{spans}</text>'


def link(href: str, title: str, body: str) -> str:
    """``body`` as a link to ``href``, with ``title`` shown on hover."""
    return f'<a href="{escape(href)}"><title>{escape(title)}</title>{body}</a>'


def arrow_marker(marker_id: str, colour: str) -> str:
    """A ``<marker>`` for arrowheads, used as ``marker-end="url(#marker_id)"``."""
    return (f'<marker id="{marker_id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
            f'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="{colour}"/></marker>')


def figure(width: int, height: int, label: str, css: str, parts: list[str]) -> str:
    """The ``<svg>`` element of one figure."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-label="{escape(label)}" class="{css}">{"".join(parts)}</svg>')
