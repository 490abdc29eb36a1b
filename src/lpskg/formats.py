"""The RDF and SPARQL result formats lpskg reads and writes, in one table.

Each format is known by its media type, and the table says how every part of
lpskg names it: pyoxigraph's format (the serialisers of query answers and
graphs), rdflib's parser/serialiser name (graphs built or parsed in Python),
the W3C format IRI (the service description), the short ``format=`` names a
person types into a URL, and the generic media types a client may send for
it (``application/json`` for SPARQL JSON results).
"""
from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

_W3C = "http://www.w3.org/ns/formats/"


@dataclass(frozen=True)
class Format:
    """One serialisation: its media type and its names elsewhere."""

    media_type: str
    oxigraph: ox.RdfFormat | ox.QueryResultsFormat
    rdflib: str | None
    w3c: str
    short_names: tuple[str, ...]
    aliases: tuple[str, ...] = ()

    @property
    def w3c_iri(self) -> str:
        return _W3C + self.w3c


#: SELECT and ASK answers, in the order the endpoint prefers them.
RESULT_FORMATS: dict[str, Format] = {f.media_type: f for f in (
    Format("application/sparql-results+json", ox.QueryResultsFormat.JSON, None, "SPARQL_Results_JSON",
           ("json",), ("application/json",)),
    Format("application/sparql-results+xml", ox.QueryResultsFormat.XML, None, "SPARQL_Results_XML",
           ("xml",), ("application/xml", "text/xml")),
    Format("text/csv", ox.QueryResultsFormat.CSV, None, "SPARQL_Results_CSV", ("csv",)),
    Format("text/tab-separated-values", ox.QueryResultsFormat.TSV, None, "SPARQL_Results_TSV", ("tsv",)),
)}

#: Graphs (CONSTRUCT and DESCRIBE answers, the Graph Store, resource descriptions).
GRAPH_FORMATS: dict[str, Format] = {f.media_type: f for f in (
    Format("text/turtle", ox.RdfFormat.TURTLE, "turtle", "Turtle", ("turtle", "ttl", "n3"),
           ("application/x-turtle", "application/turtle", "text/n3", "text/rdf+n3")),
    Format("application/n-triples", ox.RdfFormat.N_TRIPLES, "nt", "N-Triples", ("nt", "ntriples", "n-triples"),
           ("text/plain",)),
    Format("application/ld+json", ox.RdfFormat.JSON_LD, "json-ld", "JSON-LD", ("jsonld", "json-ld", "json"),
           ("application/json",)),
    Format("application/rdf+xml", ox.RdfFormat.RDF_XML, "xml", "RDF_XML", ("rdfxml", "rdf+xml", "xml"),
           ("application/xml", "text/xml")),
)}

RESULT_TYPES: tuple[str, ...] = tuple(RESULT_FORMATS)
GRAPH_TYPES: tuple[str, ...] = tuple(GRAPH_FORMATS)


def graph_format(media_type: str) -> Format:
    """The graph format of ``media_type`` (one of GRAPH_TYPES)."""
    return GRAPH_FORMATS[media_type]


def result_format(media_type: str) -> Format:
    """The results format of ``media_type`` (one of RESULT_TYPES)."""
    return RESULT_FORMATS[media_type]
