"""The paradox map's first two figures, drawn as SVG from the graph each time they are asked for.

After the paper's Figures 1 and 2:

* the paradoxes, each with its tensions and their two poles, and the
  resolution strategies that address it; a tension the paper gives only to
  illustrate theory is drawn dashed, apart from those the study identifies,
  and those it puts in no paradox stand in a grey column of their own;
* the imbalance archetypes around the dynamic equilibrium, each next to the
  stakeholder it sits with, with the pole it over-prioritises and the
  strategies that counteract it; every chain is an arrow: to the next
  archetype when the paradox an archetype throws off balance drives another
  one, to the paradox itself when none does (Technical Monuments ->
  belonging).  An interpretation of the curator is marked so, and an arrow
  from one archetype to another is one unless a sentence states it (none does).

Nothing is positioned by name: the layout comes from what the read models
return (:mod:`lpskg.knowledge.views.paradox_map`), so a paradox, tension or
archetype added to the graph appears on the map.  The third figure, the
process model, is :mod:`lpskg.web.site.process_map`.
"""
from __future__ import annotations

import math

from ...knowledge.views.paradox_map import Archetype, Paradox, successors
from .svg import PALETTE, Href, arrow_marker, figure, link, text, wrap


def paradox_figure(items: list[Paradox], href: Href, width: int = 1180) -> str:
    """Figure 1: one column per paradox, its tensions with poles, then its strategies."""
    if not items:
        return '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40"><text x="10" y="25">' \
               'The graph has no paradoxes.</text></svg>'
    gap, top = 16, 12
    column = (width - gap * (len(items) + 1)) / len(items)
    chars = max(int(column / 7.8), 12)
    parts, bottoms = [], []
    for index, paradox in enumerate(items):
        # the tensions of no paradox: a grey column, its head a caption rather than a link
        fill, stroke = PALETTE[index % (len(PALETTE) - 1)] if paradox.iri else PALETTE[-1]
        x = gap + index * (column + gap)
        y = top
        title = wrap(paradox.label, chars - 4)
        head_height = 18 + 22 * len(title)
        head = (f'<rect x="{x:.1f}" y="{y}" width="{column:.1f}" height="{head_height}" rx="10" '
                f'fill="{stroke}"/>' + text(x + column / 2, y + 27, title, 18, "head"))
        parts.append(link(href(paradox.iri), paradox.label, head) if paradox.iri else head)
        y += head_height + 12
        for tension in paradox.tensions.values():
            label = wrap(tension.label, chars)
            poles = wrap(" ⟷ ".join(tension.poles), chars + 4) if tension.poles else []
            note = ["illustration of theory"] if tension.illustrative else []
            height = 16 + 18 * len(label) + (15 * len(poles) + 6 if poles else 0) + 15 * len(note)
            outline = (f'fill="#ffffff" stroke="{stroke}" stroke-width="1.2" stroke-dasharray="5 3"'
                       if tension.illustrative else f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"')
            body = (f'<rect x="{x:.1f}" y="{y:.1f}" width="{column:.1f}" height="{height}" rx="8" {outline}/>'
                    + text(x + column / 2, y + 21, label, 14, "tension illustrative" if note else "tension"))
            if poles:
                body += text(x + column / 2, y + 24 + 18 * len(label), poles, 12, "poles")
            if note:
                body += text(x + column / 2, y + height - 8, note, 11, "caption")
            title_text = tension.label + (" (illustrates theory; not a finding of the study)" if note else "")
            parts.append(link(href(tension.iri), title_text, body))
            y += height + 10
        if paradox.strategies:
            y += 6
            parts.append(text(x + column / 2, y + 12, ["addressed by"], 12, "caption"))
            y += 22
            for iri, label in paradox.strategies.items():
                parts.append(link(href(iri), label,
                                  f'<rect x="{x + 14:.1f}" y="{y:.1f}" width="{column - 28:.1f}" height="24" rx="12" '
                                  f'fill="#ffffff" stroke="{stroke}" stroke-dasharray="4 3"/>'
                                  + text(x + column / 2, y + 16.5, [label], 13, "strategy")))
                y += 30
        bottoms.append(y)
    height = int(max(bottoms) + top)
    return figure(width, height, "Paradoxes, tensions, poles and strategies", "paradox-map", parts)


_BOX_W, _BOX_H = 236, 92


def _clip(x1: float, y1: float, x2: float, y2: float, half_w: float = _BOX_W / 2,
          half_h: float = _BOX_H / 2) -> tuple[float, float]:
    """Where the line from a box centred at (x1, y1) towards (x2, y2) leaves the box, plus a margin."""
    dx, dy = x2 - x1, y2 - y1
    scale = min((half_w + 10) / abs(dx) if dx else math.inf, (half_h + 10) / abs(dy) if dy else math.inf)
    return x1 + dx * scale, y1 + dy * scale


def _chain_arrow(start: tuple[float, float], end: tuple[float, float], centre: tuple[float, float],
                 caption: str) -> list[str]:
    """A curved arrow bending away from the centre, captioned at its middle."""
    cx, cy = centre
    mx, my = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
    bend_x, bend_y = mx + (mx - cx) * 0.3, my + (my - cy) * 0.3
    label_x, label_y = bend_x + (bend_x - cx) * 0.08, bend_y + (bend_y - cy) * 0.08 + 4
    anchor = "middle" if abs(bend_x - cx) < 40 else ("start" if bend_x > cx else "end")
    return [f'<path d="M {start[0]:.1f} {start[1]:.1f} Q {bend_x:.1f} {bend_y:.1f} {end[0]:.1f} {end[1]:.1f}" '
            f'fill="none" stroke="#666" stroke-width="1.8" marker-end="url(#arrow)"/>',
            text(label_x, label_y, wrap(caption, 20), 12, "chain", anchor)]


def archetype_figure(items: list[Archetype], href: Href, width: int = 960, height: int = 660) -> str:
    """Figure 2: archetypes around the dynamic equilibrium, stakeholders outside, the chains as arrows."""
    cx, cy = width / 2, height / 2
    parts = [
        f'<defs>{arrow_marker("arrow", "#666")}</defs>',
        f'<circle cx="{cx}" cy="{cy}" r="92" fill="#fffbe6" stroke="#b59b00" stroke-width="2"/>',
        text(cx, cy - 4, ["Dynamic", "equilibrium"], 17, "head-dark"),
    ]
    count = max(len(items), 1)
    positions = {}
    for index, archetype in enumerate(items):
        angle = math.radians(-135 + index * 360 / count)
        positions[archetype.iri] = (cx + 265 * math.cos(angle), cy + 190 * math.sin(angle), angle)
    for archetype in items:
        x, y, angle = positions[archetype.iri]
        for number, (iri, label) in enumerate(archetype.stakeholders.items()):
            pill = 7.6 * len(label) + 28
            side_x = math.copysign(1, math.cos(angle)) if abs(math.cos(angle)) > 0.2 else 0
            side_y = math.copysign(1, math.sin(angle))
            sx = cx + side_x * (width / 2 - pill / 2 - 12)
            sy = cy + side_y * (height / 2 - 24) - side_y * number * 36
            parts.append(f'<line x1="{sx:.1f}" y1="{sy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#999" '
                         f'stroke-dasharray="3 4"/>')
            parts.append(link(href(iri), label,
                              f'<rect x="{sx - pill / 2:.1f}" y="{sy - 15:.1f}" width="{pill:.1f}" height="30" '
                              f'rx="15" fill="#ffffff" stroke="#444" stroke-width="1.5"/>'
                              + text(sx, sy + 5, [label], 14, "stakeholder")))
    for index, archetype in enumerate(items):
        x1, y1, _ = positions[archetype.iri]
        for other, paradox_label in successors(archetype, items):
            x2, y2, _ = positions[other.iri]
            reading = "" if other.iri in archetype.stated_next else " (interpretation)"
            parts += _chain_arrow(_clip(x1, y1, x2, y2), _clip(x2, y2, x1, y1), (cx, cy),
                                  "imbalance of " + paradox_label + reading)
        followed = {p for p in archetype.triggers if any(p in other.driven_by for other in items if other is not archetype)}
        dangling = [(iri, label) for iri, label in archetype.triggers.items()
                    if iri not in followed and iri not in archetype.driven_by]
        for number, (iri, label) in enumerate(dangling):
            # no archetype is driven by this paradox's imbalance: point at the paradox, between this box and the next
            nx, ny, _ = positions[items[(index + 1) % len(items)].iri]
            px, py = (x1 + nx) / 2, (y1 + ny) / 2 + number * 40
            pill = 7.2 * len(label) + 28
            parts.append(_chain_arrow(_clip(x1, y1, px, py), _clip(px, py, x1, y1, pill / 2, 15), (cx, cy), "")[0])
            parts.append(link(href(iri), f"{archetype.label} triggers an imbalance of the {label}",
                              f'<rect x="{px - pill / 2:.1f}" y="{py - 15:.1f}" width="{pill:.1f}" height="30" rx="6" '
                              f'fill="#ffffff" stroke="#666" stroke-width="1.5"/>'
                              + text(px, py + 5, [label], 13, "chain")))
    for index, archetype in enumerate(items):
        x, y, _ = positions[archetype.iri]
        fill, stroke = PALETTE[index % len(PALETTE)]
        details = []
        if archetype.poles:
            poles = [label + (" (interpretation)" if interpreted else "")
                     for label, interpreted in sorted(archetype.poles.items())]
            details += wrap("over-prioritises " + ", ".join(poles), 30)
        if archetype.counteracted_by:
            details += wrap("countered by " + ", ".join(sorted(archetype.counteracted_by)), 30)
        box_height = 40 + 15 * len(details)
        body = (f'<rect x="{x - _BOX_W / 2:.1f}" y="{y - 28:.1f}" width="{_BOX_W}" height="{box_height}" rx="12" '
                f'fill="{fill}" stroke="{stroke}" stroke-width="2"/>'
                + text(x, y - 4, [archetype.label.upper()], 15, "archetype"))
        if details:
            body += text(x, y + 15, details, 11.5, "detail")
        parts.append(link(href(archetype.iri), archetype.label, body))
    return figure(width, height, "Imbalance archetypes around the dynamic equilibrium", "archetype-map", parts)
