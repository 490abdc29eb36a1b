"""Query answers serialised in the client's format, with the cap on result rows.

Every store answers a :class:`Job` with an :class:`Answer`: bytes already in
the media type the client asked for, written by pyoxigraph's serialisers.  The
cap on rows is enforced while writing: results are first written as TSV or
N-Triples, one row or triple per line, through a writer that stops the engine
as soon as the cap is passed; when the client asked for another format, the
capped text is parsed back and re-serialised, all in Rust.  A remote
service's answer goes through the same writer, so that both kinds of store
answer with the same bytes, headers and cap.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from ..formats import GRAPHS, RESULTS, Format, by_media_type
from ..namespaces import PREFIXES
from .base import Answer, Job, NotAcceptable


class _RowCap(OverflowError):
    """Raised from inside the serialiser to stop the engine once the row cap is passed."""


@dataclass
class _LineWriter:
    """A binary sink for pyoxigraph serialisers that keeps at most ``cap`` lines after the header."""

    cap: int
    header_lines: int
    chunks: list[bytes] = field(default_factory=list)
    lines: int = 0
    full: bool = False

    def write(self, data: bytes) -> int:
        self.chunks.append(data)
        self.lines += data.count(b"\n")
        if self.lines > self.cap + self.header_lines:
            self.full = True
            raise _RowCap()
        return len(data)

    def flush(self) -> None:
        """pyoxigraph calls it; the chunks are kept in memory, so there is nothing to do."""

    def text(self) -> tuple[bytes, int, bool]:
        """The kept lines, their count (header excluded) and whether the cap cut the result.

        The lines are counted and cut with ``bytes`` methods (in C): a result of 70,000 rows is
        not split into 70,000 Python objects to be joined again."""
        body = b"".join(self.chunks)
        if body and not body.endswith(b"\n"):
            body += b"\n"
        lines = body.count(b"\n")
        keep = self.cap + self.header_lines
        if lines > keep:
            end = -1
            for _ in range(keep):
                end = body.index(b"\n", end + 1)
            body, lines = body[: end + 1], keep
        return body, max(lines - self.header_lines, 0), self.full


def pick(types: tuple[str, ...], family: tuple[Format, ...], kind: str) -> Format:
    """The format of ``family`` that the first of ``types`` it has names; NotAcceptable otherwise."""
    for media_type in types:
        for fmt in family:
            if fmt.media_type == media_type:
                return fmt
    raise NotAcceptable(kind, [fmt.media_type for fmt in family])


def capped(result, line_format, header_lines: int, cap: int) -> tuple[bytes, int, bool]:
    """``result`` written in a one-row-per-line format, stopped after ``cap`` rows.

    ``result`` may also be text already in that format (a remote service's answer)."""
    writer = _LineWriter(cap, header_lines)
    try:
        if isinstance(result, bytes):
            writer.write(result)
        else:
            result.serialize(writer, format=line_format)
    except _RowCap:
        pass
    return writer.text()


def serialise(result: object, job: Job) -> Answer:
    """An engine result (solutions, boolean or triples) as the Answer ``job`` asks for."""
    if isinstance(result, ox.QueryBoolean):
        fmt = pick(job.result_types, RESULTS, "ASK")
        return Answer("ASK", result.serialize(format=fmt.oxigraph), fmt.media_type, 1, False)
    if isinstance(result, ox.QuerySolutions):
        fmt = pick(job.result_types, RESULTS, "SELECT")
        tsv, count, truncated = capped(result, ox.QueryResultsFormat.TSV, 1, job.max_rows)
        if fmt.oxigraph == ox.QueryResultsFormat.TSV:
            return Answer("SELECT", tsv, fmt.media_type, count, truncated)
        solutions = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
        return Answer("SELECT", solutions.serialize(format=fmt.oxigraph), fmt.media_type, count, truncated)
    fmt = pick(job.graph_types, GRAPHS, "CONSTRUCT or DESCRIBE")
    return graph_answer(capped(result, ox.RdfFormat.N_TRIPLES, 0, job.max_rows), fmt.media_type)


def graph_answer(ntriples_capped: tuple[bytes, int, bool], media_type: str) -> Answer:
    """N-Triples already cut at the row cap, written in ``media_type`` with the project's prefixes."""
    ntriples, count, truncated = ntriples_capped
    if media_type == "application/n-triples":
        return Answer("GRAPH", ntriples, media_type, count, truncated)
    triples = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    body = ox.serialize(triples, format=by_media_type(GRAPHS, media_type).oxigraph, prefixes=used_prefixes(ntriples))
    return Answer("GRAPH", body, media_type, count, truncated)


def used_prefixes(ntriples: bytes) -> dict[str, str]:
    """The project's prefixes that occur in the triples, so Turtle output stays short and tidy.

    A prefix that another used prefix extends (``lpr:`` under ``paradox:``) is left out,
    so that names come out as ``paradox:learning`` rather than ``lpr:paradox\\/learning``.
    """
    used = {p: iri for p, iri in PREFIXES.items() if f"<{iri}".encode() in ntriples}
    return {p: iri for p, iri in used.items()
            if not any(other != iri and other.startswith(iri) for other in used.values())}


def serialise_triples(triples: list[ox.Triple], media_type: str) -> bytes:
    """A graph's triples in ``media_type`` (one of :data:`~lpskg.formats.GRAPHS`), with the prefixes its IRIs use."""
    iris = {term.value for t in triples for term in (t.subject, t.predicate, t.object)
            if isinstance(term, ox.NamedNode)}
    prefixes = {p: iri for p, iri in PREFIXES.items() if any(i.startswith(iri) for i in iris)}
    return ox.serialize(triples, format=by_media_type(GRAPHS, media_type).oxigraph, prefixes=prefixes)
