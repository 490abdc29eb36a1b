"""The neighbourhood of a resource as a small graph (nodes and edges) for its page's interactive drawing.

It is made from the links the page already lists (``ResourceView.outgoing`` and
``.incoming``), so the drawing and the tables show the same; values (texts,
numbers) stay in the tables.  A node's kind is the ``<kind>`` of its
``/resource/<kind>/<slug>`` IRI (tension, archetype, quote ...), which the
drawing colours by.  Where a node links to is the caller's (``href``: an IRI to
the page that shows it), the format is cytoscape.js's elements.
"""
from __future__ import annotations

from collections.abc import Callable

from rdflib import URIRef

from ...namespaces import RESOURCE
from .resource import ResourceView

#: The most links drawn; a work citing sixty others would be a hairball, the tables list them all.
MAX_LINKS = 40


def kind_of(iri: str) -> str:
    """``tension`` for .../resource/tension/..., ``term`` for an ontology term or another vocabulary's IRI."""
    if iri.startswith(str(RESOURCE)):
        return iri[len(RESOURCE):].split("/", 1)[0]
    return "term"


def neighbourhood(view: ResourceView, href: Callable[[str], str], limit: int = MAX_LINKS) -> dict:
    """Nodes and edges in cytoscape.js's element format, with how many links were left out."""
    nodes = {view.iri: {"data": {"id": view.iri, "label": view.label, "kind": kind_of(view.iri),
                                 "href": href(view.iri), "centre": True}}}
    edges = []
    links = [(link, True) for link in view.outgoing] + [(link, False) for link in view.incoming]
    # values stay in the tables; so do the technical links (blank nodes, with no page to open, and the link
    # statements, which the page shows as each link's "stated" / "interpretation" mark)
    links = [(link, out) for link, out in links if isinstance(link.node, URIRef) and not link.technical]
    for number, (link, outgoing) in enumerate(links[:limit]):
        other = str(link.node)
        nodes.setdefault(other, {"data": {"id": other, "label": link.node_label, "kind": kind_of(other),
                                          "href": href(other)}})
        source, target = (view.iri, other) if outgoing else (other, view.iri)
        edges.append({"data": {"id": f"e{number}", "source": source, "target": target, "label": link.prop_label,
                               "interpretation": link.interpretation}})
    return {"elements": list(nodes.values()) + edges, "omitted": max(len(links) - limit, 0)}
