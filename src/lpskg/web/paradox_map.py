"""The paradox map, drawn as SVG from the graph each time it is asked for.

Two figures, after the paper's Figures 1 and 2:

* the paradoxes, each with its tensions and their two poles, and the
  resolution strategies that address it;
* the imbalance archetypes around the dynamic equilibrium, each next to the
  stakeholder it sits with, with the pole it over-prioritises and the
  strategies that counteract it; arrows follow the chain "archetype triggers
  the imbalance of a paradox whose imbalance drives the next archetype".

Nothing is positioned by name: the layout comes from what the queries return,
so a paradox, tension or archetype added to the graph appears on the map.
"""
from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

from ..knowledge.library import read_model
from ..store import Dataset, Store

#: Fill and stroke colours of the paradox columns and archetypes, cycled.
PALETTE = [("#e8f1fb", "#2f6db5"), ("#fdf0e3", "#c46a12"), ("#e9f6ec", "#2e8540"), ("#f6e9f5", "#8e3b8a"),
           ("#f2f2f2", "#555555")]

Href = Callable[[str], str]


@dataclass
class Tension:
    iri: str
    label: str
    poles: list[str] = field(default_factory=list)


@dataclass
class Paradox:
    iri: str
    label: str
    tensions: dict[str, Tension] = field(default_factory=dict)
    strategies: dict[str, str] = field(default_factory=dict)


@dataclass
class Archetype:
    iri: str
    label: str
    stakeholders: dict[str, str] = field(default_factory=dict)
    driven_by: set[str] = field(default_factory=set)
    triggers: dict[str, str] = field(default_factory=dict)
    poles: set[str] = field(default_factory=set)
    counteracted_by: set[str] = field(default_factory=set)


def paradoxes(store: Store, dataset: Dataset) -> list[Paradox]:
    """Paradoxes with their tensions, poles and addressing strategies, from the graph."""
    found: dict[str, Paradox] = {}
    for row in read_model("pages/paradox-map-tensions").run(store, dataset=dataset):
        paradox = found.setdefault(str(row["paradox"]), Paradox(str(row["paradox"]), str(row["paradoxLabel"])))
        if "tension" in row:
            tension = paradox.tensions.setdefault(str(row["tension"]),
                                                  Tension(str(row["tension"]), str(row["tensionLabel"])))
            if "poleLabel" in row and str(row["poleLabel"]) not in tension.poles:
                tension.poles.append(str(row["poleLabel"]))
    for row in read_model("pages/paradox-map-strategies").run(store, dataset=dataset):
        if str(row["paradox"]) in found:
            found[str(row["paradox"])].strategies[str(row["strategy"])] = str(row["strategyLabel"])
    return list(found.values())


def archetypes(store: Store, dataset: Dataset) -> list[Archetype]:
    """Imbalance archetypes with stakeholders, paradox chain, poles and counteracting strategies."""
    found: dict[str, Archetype] = {}
    for row in read_model("pages/archetype-map").run(store, dataset=dataset):
        archetype = found.setdefault(str(row["archetype"]), Archetype(str(row["archetype"]), str(row["label"])))
        if "stakeholder" in row:
            archetype.stakeholders[str(row["stakeholder"])] = str(row["stakeholderLabel"])
        if "driven" in row:
            archetype.driven_by.add(str(row["driven"]))
        if "triggered" in row:
            archetype.triggers[str(row["triggered"])] = str(row["triggeredLabel"])
        if "poleLabel" in row:
            archetype.poles.add(str(row["poleLabel"]))
        if "strategyLabel" in row:
            archetype.counteracted_by.add(str(row["strategyLabel"]))
    return chain_order(list(found.values()))


def chain_order(items: list[Archetype]) -> list[Archetype]:
    """The archetypes in the order of their chain (each triggers the paradox driving the next)."""
    if not items:
        return items
    successors = {a.iri: [b for b in items if b is not a and set(a.triggers) & b.driven_by] for a in items}
    has_predecessor = {b.iri for followers in successors.values() for b in followers}
    start = next((a for a in items if a.iri not in has_predecessor), items[0])
    ordered, current = [], start
    while current is not None and current not in ordered:
        ordered.append(current)
        current = next((b for b in successors[current.iri] if b not in ordered), None)
    return ordered + [a for a in items if a not in ordered]


def _lines(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width) or [""]


def _text(x: float, y: float, lines: list[str], size: int, css: str = "", anchor: str = "middle",
          line_height: float = 1.25) -> str:
    spans = "".join(f'<tspan x="{x:.1f}" dy="{0 if i == 0 else size * line_height:.1f}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" class="{css}">{spans}</text>'


def _link(href: str, title: str, body: str) -> str:
    return f'<a href="{escape(href)}"><title>{escape(title)}</title>{body}</a>'


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
        fill, stroke = PALETTE[index % len(PALETTE)]
        x = gap + index * (column + gap)
        y = top
        title = _lines(paradox.label, chars - 4)
        head_height = 18 + 22 * len(title)
        parts.append(_link(href(paradox.iri), paradox.label,
                           f'<rect x="{x:.1f}" y="{y}" width="{column:.1f}" height="{head_height}" rx="10" '
                           f'fill="{stroke}"/>' + _text(x + column / 2, y + 27, title, 18, "head")))
        y += head_height + 12
        for tension in paradox.tensions.values():
            label = _lines(tension.label, chars)
            poles = _lines(" ⟷ ".join(tension.poles), chars + 4) if tension.poles else []
            height = 16 + 18 * len(label) + (15 * len(poles) + 6 if poles else 0)
            body = (f'<rect x="{x:.1f}" y="{y:.1f}" width="{column:.1f}" height="{height}" rx="8" fill="{fill}" '
                    f'stroke="{stroke}" stroke-width="1.5"/>' + _text(x + column / 2, y + 21, label, 14, "tension"))
            if poles:
                body += _text(x + column / 2, y + 24 + 18 * len(label), poles, 12, "poles")
            parts.append(_link(href(tension.iri), tension.label, body))
            y += height + 10
        if paradox.strategies:
            y += 6
            parts.append(_text(x + column / 2, y + 12, ["addressed by"], 12, "caption"))
            y += 22
            for iri, label in paradox.strategies.items():
                parts.append(_link(href(iri), label,
                                   f'<rect x="{x + 14:.1f}" y="{y:.1f}" width="{column - 28:.1f}" height="24" rx="12" '
                                   f'fill="#ffffff" stroke="{stroke}" stroke-dasharray="4 3"/>'
                                   + _text(x + column / 2, y + 16.5, [label], 13, "strategy")))
                y += 30
        bottoms.append(y)
    height = int(max(bottoms) + top)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-label="Paradoxes, tensions, poles and strategies" '
            f'class="paradox-map">{"".join(parts)}</svg>')


_BOX_W, _BOX_H = 236, 92


def _clip(x1: float, y1: float, x2: float, y2: float) -> tuple[float, float]:
    """Where the line from box centre (x1, y1) towards (x2, y2) leaves the archetype box, plus a margin."""
    dx, dy = x2 - x1, y2 - y1
    scale = min((_BOX_W / 2 + 10) / abs(dx) if dx else math.inf, (_BOX_H / 2 + 10) / abs(dy) if dy else math.inf)
    return x1 + dx * scale, y1 + dy * scale


def archetype_figure(items: list[Archetype], href: Href, width: int = 960, height: int = 660) -> str:
    """Figure 2: archetypes around the dynamic equilibrium, stakeholders outside, the chain as arrows."""
    cx, cy = width / 2, height / 2
    parts = [
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#666"/></marker></defs>',
        f'<circle cx="{cx}" cy="{cy}" r="92" fill="#fffbe6" stroke="#b59b00" stroke-width="2"/>',
        _text(cx, cy - 4, ["Dynamic", "equilibrium"], 17, "head-dark"),
    ]
    count = max(len(items), 1)
    positions = []
    for index in range(len(items)):
        angle = math.radians(-135 + index * 360 / count)
        positions.append((cx + 265 * math.cos(angle), cy + 190 * math.sin(angle), angle))
    for index, archetype in enumerate(items):
        x, y, angle = positions[index]
        for number, (iri, label) in enumerate(archetype.stakeholders.items()):
            pill = 7.6 * len(label) + 28
            side_x = math.copysign(1, math.cos(angle)) if abs(math.cos(angle)) > 0.2 else 0
            side_y = math.copysign(1, math.sin(angle))
            sx = cx + side_x * (width / 2 - pill / 2 - 12)
            sy = cy + side_y * (height / 2 - 24) - side_y * number * 36
            parts.append(f'<line x1="{sx:.1f}" y1="{sy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#999" '
                         f'stroke-dasharray="3 4"/>')
            parts.append(_link(href(iri), label,
                               f'<rect x="{sx - pill / 2:.1f}" y="{sy - 15:.1f}" width="{pill:.1f}" height="30" '
                               f'rx="15" fill="#ffffff" stroke="#444" stroke-width="1.5"/>'
                               + _text(sx, sy + 5, [label], 14, "stakeholder")))
    for index, archetype in enumerate(items):
        if len(items) < 2:
            break
        following = items[(index + 1) % len(items)]
        shared = [label for iri, label in archetype.triggers.items() if iri in following.driven_by]
        if not shared:
            continue
        (x1, y1, _), (x2, y2, _) = positions[index], positions[(index + 1) % len(items)]
        start, end = _clip(x1, y1, x2, y2), _clip(x2, y2, x1, y1)
        mx, my = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
        bend_x, bend_y = mx + (mx - cx) * 0.3, my + (my - cy) * 0.3
        parts.append(f'<path d="M {start[0]:.1f} {start[1]:.1f} Q {bend_x:.1f} {bend_y:.1f} {end[0]:.1f} {end[1]:.1f}" '
                     f'fill="none" stroke="#666" stroke-width="1.8" marker-end="url(#arrow)"/>')
        label_x = bend_x + (bend_x - cx) * 0.08
        label_y = bend_y + (bend_y - cy) * 0.08 + 4
        anchor = "middle" if abs(bend_x - cx) < 40 else ("start" if bend_x > cx else "end")
        parts.append(_text(label_x, label_y, _lines("imbalance of " + ", ".join(shared), 20), 12, "chain", anchor))
    for index, archetype in enumerate(items):
        x, y, _ = positions[index]
        fill, stroke = PALETTE[index % len(PALETTE)]
        details = []
        if archetype.poles:
            details += _lines("over-prioritises " + ", ".join(sorted(archetype.poles)), 30)
        if archetype.counteracted_by:
            details += _lines("countered by " + ", ".join(sorted(archetype.counteracted_by)), 30)
        box_height = 40 + 15 * len(details)
        body = (f'<rect x="{x - _BOX_W / 2:.1f}" y="{y - 28:.1f}" width="{_BOX_W}" height="{box_height}" rx="12" '
                f'fill="{fill}" stroke="{stroke}" stroke-width="2"/>'
                + _text(x, y - 4, [archetype.label.upper()], 15, "archetype"))
        if details:
            body += _text(x, y + 15, details, 11.5, "detail")
        parts.append(_link(href(archetype.iri), archetype.label, body))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-label="Imbalance archetypes around the dynamic equilibrium" '
            f'class="archetype-map">{"".join(parts)}</svg>')

