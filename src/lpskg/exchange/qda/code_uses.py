"""What each code a coded REFI-QDA project applies says: the field of an evidence item it fills, and with what.

A code of lpskg's codebook is known by its GUID (:mod:`.codebook`). Any other code, from the
researcher's own codebook or a tool's, is read by its name: a prefix such as ``favours:`` or the group
it is filed under gives its use, and its label is linked with the same exact and fuzzy rules, and the
same messages, as a case file's labels (:class:`~lpskg.contributions.linking.ConceptIndex`); a value
(``strength: strong``) must be one the case format has. What cannot be mapped is returned with its place.
"""
from __future__ import annotations

from dataclasses import dataclass

from ...contributions.errors import FieldError
from ...contributions.linking import ILLUSTRATABLE, ConceptIndex
from ...contributions.parsing import ConceptRef
from .codebook import GROUPS, Codebook, Group
from .reader import QdaCode, QdaProject

#: What a code of another codebook, outside our groups and without a prefix, may name; its kind gives its use.
OPEN_KINDS = ILLUSTRATABLE + ("role", "sign", "horizon")
USE_OF_KIND = {"role": "role", "sign": "sign", "horizon": "horizon"}


@dataclass(frozen=True)
class CodeUse:
    """What coding with one code of the project says: the field it fills, and the concept's label and kind
    (for a code of a field's value, the value as a case file writes it and ``choice``, ``flag`` or ``open``)."""

    use: str
    label: str
    kind: str

    def ref(self) -> dict[str, str]:
        return {"label": self.label, "kind": self.kind}


def code_uses(project: QdaProject, codebook: Codebook,
              index: ConceptIndex) -> tuple[dict[str, CodeUse], dict[str, FieldError]]:
    """What each code the project applies says: by GUID for our codes, by name for any other; and what cannot
    be mapped, by the code's GUID."""
    applied = {coding.code for src in project.sources for sel in src.selections for coding in sel.codings}
    applied |= {code for case in project.cases for code, _ in case.codes}
    uses: dict[str, CodeUse] = {}
    unmapped: dict[str, FieldError] = {}
    for guid in sorted(applied, key=lambda g: project.codes[g].line):
        code = project.codes[guid]
        ours = codebook.find(guid)
        if ours is not None and not ours.codable:
            unmapped[guid] = FieldError(code.place, "a group header of the lpskg codebook, not meant to be applied: "
                                                    "code with the codes inside it", code.line)
        elif ours is not None and ours.value is not None:
            uses[guid] = CodeUse(ours.use, ours.value, ours.kind)
        elif ours is not None and ours.iri in index.concepts:
            uses[guid] = CodeUse(ours.use, index.concepts[ours.iri].label, ours.kind)
        else:
            group, label = _group_of(code, codebook)
            if group is not None and group.values != "concepts":
                value, problem = _value_of(group, label, codebook)
                if value is not None:
                    uses[guid] = CodeUse(group.use, value, group.values)
                else:
                    unmapped[guid] = FieldError(code.place, problem or "", code.line)
                continue
            allowed = group.kinds if group else OPEN_KINDS
            found = index.resolve(ConceptRef((), label), allowed, code.line)
            if isinstance(found, FieldError):
                unmapped[guid] = FieldError(code.place, found.message, code.line, found.candidates)
            else:
                use = group.use if group else USE_OF_KIND.get(found.kind, "illustrates")
                uses[guid] = CodeUse(use, label, found.kind)
    return uses, unmapped


def _group_of(code: QdaCode, codebook: Codebook) -> tuple[Group | None, str]:
    """The group a code of another codebook is in, by the prefix of its name or the group it is filed under,
    and the label its name gives."""
    name = code.name.strip()
    for group in GROUPS:
        if group.values == "flag" and name.casefold() == group.flag_name.casefold():
            return group, ""
        if group.prefix and name.casefold().startswith(group.prefix.casefold()):
            return group, name[len(group.prefix):].strip()
    headers = {top.guid: group for top, group in zip(codebook.groups, GROUPS)}
    for parent in reversed(code.parents):
        group = headers.get(parent.guid) or codebook.group_names.get(parent.name.strip().casefold())
        if group is not None:
            return group, name
    return None, name


def _value_of(group: Group, label: str, codebook: Codebook) -> tuple[str | None, str | None]:
    """The value a code of another codebook names in a choice, flag or open group, or why it names none."""
    if group.values == "flag":
        return "true", None
    if group.values == "open":
        return (label, None) if label else (None, f"names no value: write it after {group.prefix.strip()!r}, "
                                                  f"as the group {group.name!r} says")
    offered = [code.value for top in codebook.groups if top.name == group.name for code in top.children if code.value]
    found = next((value for value in offered if value.casefold() == label.casefold()), None)
    if found is None:
        return None, f"{label!r} is not a value of {group.name!r}: one of {', '.join(map(repr, offered))}"
    return found, None


def counted(project: QdaProject, error: FieldError, guid: str) -> FieldError:
    count = sum(1 for src in project.sources for sel in src.selections for c in sel.codings if c.code == guid)
    count += sum(1 for case in project.cases for code, _ in case.codes if code == guid)
    return FieldError(error.field, f"{error.message} ({count} coding(s) left out)", error.line, error.candidates)
