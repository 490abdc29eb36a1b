"""The paradox map's third figure: the process model (the paper's Figure 3), drawn as SVG from the graph.

The phases stand in a row in the order of the paper's account (acceptance
first, dynamic equilibrium last); each transition is an arc between two
phases, above the row when it moves forward in that order and below when it
moves back (drift pulling the organisation out of equilibrium, synthesis
answering drift), captioned with what moves it.  As in the other figures,
nothing is placed by name: a phase or transition added to the graph appears.
"""
from __future__ import annotations

from ...knowledge.views.process_map import Phase, Transition
from .svg import Href, arrow_marker, figure, link, text, wrap

_BOX_W, _BOX_H, _GAP = 150, 58, 18


def process_figure(phases: list[Phase], transitions: list[Transition], href: Href, width: int = 1180) -> str:
    """Figure 3: the phases in a row, forward transitions as arcs above, backward ones below."""
    if not phases:
        return '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40"><text x="10" y="25">' \
               'The graph has no process model.</text></svg>'
    slot = {phase.iri: index for index, phase in enumerate(phases)}
    step = min(_BOX_W + _GAP, (width - 20) / len(phases))
    left = (width - step * len(phases) + _GAP) / 2
    forward = [t for t in transitions if slot[t.target] > slot[t.source]]
    backward = [t for t in transitions if slot[t.target] <= slot[t.source]]
    rise = 46  # height an arc gains per phase it spans
    # a cubic arc with both control points at its apex reaches three quarters of the way there
    above = 0.75 * (max((abs(slot[t.target] - slot[t.source]) for t in forward), default=0) * rise + 10) + 60
    below = 0.75 * (max((abs(slot[t.target] - slot[t.source]) for t in backward), default=0) * rise + 10) + 40
    row_y = above
    height = int(row_y + _BOX_H + below)

    def centre(iri: str) -> float:
        return left + slot[iri] * step + (step - _GAP) / 2

    parts = [f'<defs>{arrow_marker("forward", "#2f6db5")}{arrow_marker("back", "#c46a12")}</defs>']
    for transition in transitions:
        ahead = transition in forward
        span = max(abs(slot[transition.target] - slot[transition.source]), 1)
        x1, x2 = centre(transition.source), centre(transition.target)
        # leave the box a little off-centre, so that arcs meeting one box do not share an end
        x1 += 14 if x2 > x1 else -14
        y = row_y if ahead else row_y + _BOX_H
        apex = y - span * rise - 10 if ahead else y + span * rise + 10
        colour, marker = ("#2f6db5", "forward") if ahead else ("#c46a12", "back")
        arc = (f'<path d="M {x1:.1f} {y:.1f} C {x1:.1f} {apex:.1f} {x2:.1f} {apex:.1f} {x2:.1f} {y:.1f}" '
               f'fill="none" stroke="{colour}" stroke-width="1.8" marker-end="url(#{marker})"/>')
        caption = wrap(", ".join(transition.movers), 24 + 8 * span) if transition.movers else []
        peak = (y + 3 * apex) / 4
        if caption:
            first = peak - 6 - 14 * (len(caption) - 1) if ahead else peak + 15
            arc += text((x1 + x2) / 2, first, caption, 11.5, "chain")
        parts.append(link(href(transition.iri), transition.definition or "transition", arc))
    for phase in phases:
        x = centre(phase.iri) - (step - _GAP) / 2
        body = (f'<rect x="{x:.1f}" y="{row_y:.1f}" width="{step - _GAP:.1f}" height="{_BOX_H}" rx="10" '
                f'fill="#fffbe6" stroke="#b59b00" stroke-width="2"/>'
                + text(x + (step - _GAP) / 2, row_y + 24, wrap(phase.label, 18)[:2], 13, "head-dark"))
        parts.append(link(href(phase.iri), f"{phase.order}. {phase.label}", body))
    return figure(width, height, "The process model: phases and transitions", "process-map", parts)
