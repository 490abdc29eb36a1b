"""The steps every submission takes after it is built: provenance, validation, storage.

The order is what keeps a bad submission out of the store: refuse a duplicate
id, validate only the new nodes with the SHACL shapes (the one "validate as a
submission" of :mod:`lpskg.knowledge.validation`, whose cost does not grow with
the store), and only then write the graphs and their entailments in one
transaction through the one write path, all under its lock so that no other
write slips in between the checks and the write.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, XSD

from ..knowledge.graphs import Graphs
from ..knowledge.validation import validate_submission
from ..namespaces import graph_iri, resource_iri
from ..store import Store
from ..tables import shorten
from .building import Contribution, Outcome, en
from .errors import FieldError, SubmissionError
from .reading import SourceFile


def add_provenance(c: Contribution, submitter: str, source: SourceFile, now: datetime | None = None) -> None:
    """A PROV activity for the submission: who sent which file (name, SHA-256) when, from which study."""
    when = Literal((now or datetime.now(timezone.utc)).isoformat(timespec="seconds"), datatype=XSD.dateTime)
    activity = resource_iri("submission", f"{c.kind}-{c.id}")
    agent = resource_iri("submission", f"{c.kind}-{c.id}-submitter")
    upload = resource_iri("submission", f"{c.kind}-{c.id}-file")
    graph = URIRef(c.graph_name)
    c.add(activity, RDF.type, PROV.Activity)
    c.add(activity, RDFS.label, en(f"Submission of {c.kind} {c.id}"))
    c.add(activity, PROV.startedAtTime, when)
    c.add(agent, RDF.type, PROV.Agent)
    c.add(agent, RDFS.label, en(submitter))
    c.add(agent, FOAF.name, Literal(submitter))
    c.add(upload, RDF.type, PROV.Entity)
    c.add(upload, RDFS.label, en(source.name))
    c.add(upload, DCTERMS.identifier, Literal(f"sha256:{source.sha256}"))
    c.add(upload, DCTERMS.format, Literal(source.format.media_type))
    c.add(graph, RDF.type, PROV.Entity)
    c.add(graph, RDFS.label, en(f"Graph of {c.kind} {c.id}"))
    c.add(graph, PROV.wasGeneratedBy, activity)
    c.add(graph, PROV.wasAttributedTo, agent)
    c.add(graph, PROV.generatedAtTime, when)
    c.add(graph, PROV.wasDerivedFrom, upload)
    c.add(graph, DCTERMS.source, c.cites)


def validate_contribution(graphs: Graphs, c: Contribution) -> list[FieldError]:
    """SHACL-validate the nodes the submission describes; violations mapped to fields and lines."""
    report = validate_submission(graphs.store, c.graph, graphs.entail(c.graph), own=c.origins)
    errors = []
    for violation in report.violations:
        if violation.severity != "Violation":
            continue
        name, line = c.origins.get(URIRef(violation.focus), (violation.focus, None))
        where = f"{shorten(URIRef(violation.path))}: " if violation.path and "://" in violation.path else ""
        errors.append(FieldError(name, f"{where}{violation.message}", line))
    return errors


def submit(graphs: Graphs, contributions: list[Contribution], *, dry_run: bool = False,
           replace: bool = False) -> Outcome:
    """Validate the contributions and store them with their entailments in one transaction."""
    with graphs.writing():
        existing = check_absent(graphs.store, [(c.kind, c.id) for c in contributions], replace)
        errors = [error for c in contributions for error in validate_contribution(graphs, c)]
        if errors:
            raise SubmissionError("rejected", f"{len(errors)} SHACL violation(s): the submission does not "
                                              "satisfy the graph's shapes", errors)
        if not dry_run:
            graphs.put({c.graph_name: c.graph for c in contributions}, new=not existing)
    return Outcome(contributions, dry_run, existing)


def check_absent(store: Store, items: Iterable[tuple[str, str]], replace: bool) -> list[str]:
    """The graphs of these (kind, id) pairs that exist; a ``conflict`` unless replacing them is asked for."""
    items = list(items)
    taken = [(kind, i) for kind, i in items if store.has_graph(graph_iri(kind, i))]
    if taken and not replace:
        raise SubmissionError("conflict", ", ".join(f"{kind} {i!r}" for kind, i in taken) + " already in the "
                                          "graph (use --replace / ?replace=true to replace it)",
                              [FieldError("id", f"{kind} {i!r} exists in <{graph_iri(kind, i)}>")
                               for kind, i in taken])
    return [graph_iri(kind, i) for kind, i in taken]
