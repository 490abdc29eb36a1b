"""A diagnosis as a reader scans it on the command line: the headline, then each archetype's grade with the
items for and against it, why, the rules it rests on (stated or the curator's), what may follow and what to do."""
from __future__ import annotations

from ..knowledge.diagnosis_results import ArchetypeGrade, Contribution, Diagnosis


def render_diagnosis(diagnosis: Diagnosis, *, all_grades: bool = True) -> str:
    """The diagnosis as text; ``all_grades`` False leaves out the archetypes nothing bears on."""
    lines = [f"diagnosis: {diagnosis.summary()}"]
    for grade in sorted(diagnosis.grades, key=lambda g: (-g.rank, g.label)):
        if not all_grades and not (grade.items_for or grade.items_against):
            continue
        lines += _grade(diagnosis, grade)
    for chain in diagnosis.chains:
        lines.append(f"\nmay follow (stated, {chain.rule.rule_id if chain.rule else 'the paper'}): {chain.says}")
        lines.append("  items: " + "; ".join(_item(diagnosis, e) for e in chain.second_end))
        for item, source in chain.case_links:
            lines.append(f"  the researchers' reading: {_item(diagnosis, item)} follows from {_item(diagnosis, source)}")
        for _, locator, excerpt in chain.passages[:2]:
            lines.append(f"  the paper, {locator}: {excerpt!r}" if excerpt else f"  the paper, {locator}")
    for composition in diagnosis.compositions:
        lines.append(f"\nmay follow (interpretation, I-21, never stated by the paper): {composition.says}")
        lines.append(f"  why the curator reads it so: {composition.rationale}")
    for origin in diagnosis.origins:
        lines.append(f"\ncommon origin (stated): {', '.join(origin.archetypes)} may at worst result from {origin.label}")
    for action in diagnosis.actions:
        effect = f": {action.effect}" if action.effect else ""
        state = ", ".join(x for x in (action.status, action.outcome and f"outcome {action.outcome}") if x)
        lines.append(f"\naction reported: {action.label}{f' through {action.practice}' if action.practice else ''}"
                     f"{f' ({state})' if state else ''}{effect}")
    return "\n".join(lines)


def _grade(diagnosis: Diagnosis, grade: ArchetypeGrade) -> list[str]:
    reason = f" ({grade.reason})" if grade.reason else ""
    curator = [r.rule_id for r in grade.rules if r.status == "interpretation"]
    caveat = f"; rests in part on the curator's reading: {', '.join(curator)}" if curator else ""
    lines = [f"\n{grade.label}: {grade.grade_label}{reason}{caveat}", f"  why: {grade.why}"]
    for side, contributions in (("for", grade.items_for), ("against", grade.items_against)):
        for evidence in dict.fromkeys(c.evidence for c in contributions):
            mine = [c for c in contributions if c.evidence == evidence]
            lines.append(f"  {side}: {_item(diagnosis, evidence)}")
            lines.append("    " + "; ".join(_contribution(c, diagnosis.one_off_factor) for c in mine))
    if grade.rules:
        lines.append("  rules: " + "; ".join(f"{r.rule_id} {r.status}" for r in grade.rules))
    for statement in dict.fromkeys((licence.statement_label, licence.status, licence.locator)
                                   for licence in grade.licences):
        lines.append(f"  licensed by: {statement[0]} ({statement[1]}, paper {statement[2]})")
    for suggestion in grade.suggestions:
        if suggestion.strategy:
            done = "; the case reports it: " + ", ".join(
                f"{a.status or 'in place'}, outcome {a.outcome or 'unknown'}" for a in suggestion.reported) \
                if suggestion.reported else ""
            lines.append(f"  suggested: {suggestion.label} ({suggestion.status or 'no source'}){done}")
        for use in suggestion.practice_uses:
            where = f" at {', '.join(use.companies)}" if use.companies else ""
            lines.append(f"    practice{where}: {use.label}")
    return lines


def _contribution(c: Contribution, factor: float) -> str:
    by = ", ".join(repr(label) for _, label in c.by)
    note = c.note(factor)
    return f"{c.kind_label}{f' {by}' if by else ''} (weight {c.weight:g}{f'; {note}' if note else ''})"


def _item(diagnosis: Diagnosis, evidence: str) -> str:
    item = diagnosis.items.get(evidence)
    if item is None:
        return evidence
    if item.absence:
        kind = "not found"
    else:
        kind = "quote" if item.kind == "quote" else "observation, the study's account"
    text = f"{item.text!r}" if item.kind == "quote" else item.text
    words = text if len(text) < 140 else text[:137] + "..."
    who = f" ({item.role})" if item.role else ""
    strength = f", {item.strength}" if item.strength else ""
    return f"[{kind}{strength}]{who} {words}"
