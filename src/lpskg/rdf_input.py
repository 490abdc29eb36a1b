"""RDF sent from outside (an upload, a submitted case, a file to validate), parsed safely.

rdflib's parsers are generous in ways a server cannot afford: a JSON-LD
document may name its ``@context`` by URL, which rdflib would fetch from
anywhere (or from a local file), and Turtle may carry terms Oxigraph refuses
when they are written (an IRI with a space, a lone surrogate).  Everything
that reads RDF from outside goes through the checks here, so a bad document is
refused with a message naming what is wrong before anything else looks at it.
"""
from __future__ import annotations

import json
from pathlib import Path
from xml.sax import SAXParseException

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .namespaces import new_graph


def remote_jsonld_context(text: str) -> str | None:
    """The first context a JSON-LD document names by IRI (``"@context": "..."``, ``"@import"``), else None.

    rdflib fetches such a context while parsing: from any URL, or a local file
    for a relative one.  Uploaded documents must inline their contexts, or any
    client could make the server send requests wherever it likes (SSRF).
    """
    try:
        stack = [json.loads(text)]
    except (ValueError, RecursionError):
        return None  # not JSON: the parser says so, and fetches nothing
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                named = [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]
                if key in ("@context", "@import") and named:
                    return named[0]
                stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)
    return None


def unstorable_term(graph: Graph) -> str | None:
    """The first term of ``graph`` the store would refuse, with the reason, or None.

    rdflib's parsers let through terms that are not valid RDF (an IRI with a
    space, a malformed language tag, a lone surrogate); Oxigraph checks every
    term when the graph is written.  Uploads are checked right after parsing,
    so that the client gets a 400 naming the term instead of a failed write.
    """
    checked: set[Node] = set()
    for term in (term for triple in graph for term in triple):
        if term in checked:
            continue
        checked.add(term)
        try:
            if isinstance(term, URIRef):
                ox.NamedNode(str(term))
            elif isinstance(term, BNode):
                ox.BlankNode(str(term))
            elif isinstance(term, Literal):
                ox.Literal(str(term), language=term.language,
                           datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
        except ValueError as error:  # UnicodeEncodeError (a lone surrogate) is a ValueError too
            kind = {URIRef: "IRI", BNode: "blank node"}.get(type(term), "literal")
            return f"the {kind} {str(term)[:200]!r}: {error}"
    return None


REMOTE_CONTEXT_HINT = "is not fetched: write the context inline, as an object under \"@context\""




#: The RDF formats ``read_data_file`` accepts, by file extension.
DATA_FORMATS = {".ttl": "turtle", ".jsonld": "json-ld", ".json": "json-ld", ".nt": "nt",
                ".rdf": "xml", ".owl": "xml"}


#: How each rdflib format is named in messages.
FORMAT_NAMES = {"turtle": "Turtle", "json-ld": "JSON-LD", "nt": "N-Triples", "xml": "RDF/XML"}


class UnreadableInput(ValueError):
    """RDF that cannot be read; the message reads ``name:line: what is wrong`` where the line is known."""


def parse_rdf(text: str, fmt: str, name: str, public_id: str | None = None) -> Graph:
    """``text`` parsed as ``fmt`` (an rdflib format name) into a new graph, or UnreadableInput saying why.

    A JSON-LD context named by URL is refused, not fetched; a term the store
    would refuse is reported now rather than when the graph is written.
    """
    if fmt == "json-ld" and (context := remote_jsonld_context(text)):
        raise UnreadableInput(f"{name}: the JSON-LD context {context!r} {REMOTE_CONTEXT_HINT}")
    graph = new_graph()
    shown = FORMAT_NAMES.get(fmt, fmt)
    try:
        graph.parse(data=text, format=fmt, publicID=public_id)
    except SyntaxError as error:  # rdflib's Turtle/N-Triples BadSyntax: 0-based ``lines``
        line = getattr(error, "lines", None)
        why = getattr(error, "_why", None) or " ".join(str(error).split())
        raise UnreadableInput(f"{name}:{line + 1 if line is not None else '?'}: is not valid {shown}: {why}") from None
    except json.JSONDecodeError as error:
        raise UnreadableInput(f"{name}:{error.lineno}: is not valid {shown}: {error.msg}") from None
    except SAXParseException as error:  # RDF/XML
        raise UnreadableInput(f"{name}:{error.getLineNumber()}: is not valid {shown}: {error.getMessage()}") from None
    except Exception as error:  # noqa: BLE001 - rdflib's parsers raise anything on malformed input
        raise UnreadableInput(f"{name} is not valid {shown}: {' '.join(str(error).split())[:300]}") from None
    if problem := unstorable_term(graph):
        raise UnreadableInput(f"{name} has a term that is not valid RDF: {problem}")
    return graph


def read_data_file(path: Path) -> Graph:
    """Parse a Turtle, JSON-LD, N-Triples or RDF/XML file, or say in one line why not."""
    fmt = DATA_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UnreadableInput(f"{path}: unknown RDF format '{path.suffix}' (use one of "
                              f"{', '.join(sorted(DATA_FORMATS))})")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise UnreadableInput(f"{path}: not UTF-8 text (byte {error.start}: {error.reason})") from None
    return parse_rdf(text, fmt, str(path))
