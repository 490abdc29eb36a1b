"""A SHACL validation report a person can read and a machine can parse.

pyshacl's report graph is turned into :class:`Violation` records that the CLI,
the case-submission workflow and the HTTP endpoint all print the same way:
one line per failed constraint, the failing node named by its label.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.term import Node

from ..namespaces import SH
from ..tables import shorten

_SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class Violation:
    """One failed constraint: which node, which property, what to do about it."""

    focus: str          # IRI (or blank node id) of the node that fails
    path: str | None    # the property IRI, if any
    message: str        # the sh:message (or pyshacl's) — readable
    severity: str       # "Violation" | "Warning" | "Info"
    value: str | None   # the offending value, if any
    shape: str          # the source shape IRI


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of a validation, readable by people (``text``) and machines (``graph``)."""

    conforms: bool
    violations: list[Violation]
    labels: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    report_graph: Graph | None = field(default=None, compare=False, repr=False)

    def name(self, iri: str) -> str:
        """The English label of a node, or its IRI shortened with the project's prefixes."""
        return self.labels.get(iri) or short_iri(iri)

    def text(self) -> str:
        """One line per violation: ``<focus label or short IRI> <path>: <message>``.

        Warnings and infos, which do not make the data non-conforming, say so
        in front of the message.
        """
        return "\n".join(f"{self.name(v.focus)}{' ' if v.path else ': '}{_detail(v)}"
                         for v in self.violations)

    def grouped_text(self) -> str:
        """The violations grouped under each failing node (label and IRI), then a summary."""
        blocks = []
        for focus, violations in self.by_focus().items():
            label = self.labels.get(focus)
            heading = f"{short_iri(focus)}" + (f"  \"{label}\"" if label else "")
            blocks.append("\n".join([heading] + [f"  {_detail(v)}" for v in violations]))
        counts = Counter(v.severity for v in self.violations)
        summary = (f"{'conforms' if self.conforms else 'does not conform'}: "
                   f"{counts['Violation']} violation(s), {counts['Warning']} warning(s), {counts['Info']} info(s) "
                   f"on {len(blocks)} resource(s)")
        return "\n\n".join(blocks + [summary])

    def by_focus(self) -> dict[str, list[Violation]]:
        """Violations grouped by the node that fails, in report order."""
        groups: dict[str, list[Violation]] = {}
        for violation in self.violations:
            groups.setdefault(violation.focus, []).append(violation)
        return groups

    def graph(self) -> Graph:
        """The SHACL validation report as RDF (an ``sh:ValidationReport``)."""
        if self.report_graph is not None:
            return self.report_graph
        report = Graph()
        node = BNode()
        report.add((node, RDF.type, SH.ValidationReport))
        report.add((node, SH.conforms, Literal(self.conforms)))
        return report


def _detail(violation: Violation) -> str:
    """``<path>: <message>`` of one violation (or the message alone), marked unless it is a violation."""
    severity = "" if violation.severity == "Violation" else f"({violation.severity.lower()}) "
    path = f"{short_path(violation.path)}: " if violation.path else ""
    return f"{path}{severity}{violation.message}"


def short_path(path: str) -> str:
    """A property or a SPARQL property path with its IRIs shortened: ``^lpskg:hasPole``."""
    if "<" not in path:
        return short_iri(path)
    return re.sub(r"<([^>]+)>", lambda match: short_iri(match.group(1)), path)


def short_iri(iri: str) -> str:
    """``https://w3id.org/lpskg/resource/tension/x`` -> ``tension:x``; blank node ids stay."""
    return iri if iri.startswith("_:") else shorten(URIRef(iri))


def node_text(node: Node) -> str:
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def path_text(report: Graph, path: Node, nested: bool = False) -> str:
    """A property path: a plain property is its IRI, any other path SPARQL syntax with <IRI>s."""
    if isinstance(path, URIRef):
        return f"<{path}>" if nested else str(path)
    inverse = report.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{path_text(report, inverse, True)}"
    alternatives = report.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(path_text(report, p, True) for p in Collection(report, alternatives)) + ")"
    if report.value(path, RDF.first) is not None:
        return "/".join(path_text(report, p, True) for p in Collection(report, path))
    return node_text(path)


def violations_of(report: Graph) -> list[Violation]:
    """The results of a pyshacl report, one per distinct (node, path, value, shape, message)."""
    found: set[Violation] = set()
    for result in report.objects(None, SH.result):
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        found.add(Violation(
            focus=node_text(report.value(result, SH.focusNode)),
            path=path_text(report, path) if path is not None else None,
            message=str(report.value(result, SH.resultMessage) or "constraint not satisfied"),
            severity=_SEVERITIES.get(report.value(result, SH.resultSeverity), "Violation"),
            value=node_text(value) if value is not None else None,
            shape=node_text(report.value(result, SH.sourceShape)),
        ))
    return sorted(found, key=lambda v: (v.focus, v.path or "", v.message, v.value or ""))
