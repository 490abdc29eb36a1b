"""The W3C protocols, each as its standard says: the blueprint ``sparql`` and its routes.

Like Fuseki's protocol servlets, this package answers what any SPARQL client
expects of an endpoint, apart from the pages for people (:mod:`lpskg.web.site`)
and lpskg's own JSON API (:mod:`lpskg.web.api`):

* :mod:`.query` ``/sparql`` and :mod:`.update` ``/update``: SPARQL 1.1 Protocol,
  with the request rules of :mod:`.protocol` and the service description of
  :mod:`.service_description` (a GET without an operation);
* :mod:`.graph_store`: the Graph Store HTTP Protocol at ``/rdf-graphs/...``,
  reading request bodies with :mod:`.uploads`;
* :mod:`.void` ``/.well-known/void``: the VoID description of the dataset;
* :mod:`.shacl` ``/shacl``: a document validated against the project's shapes.

The routes are listed here, one table for the package; the views are in the modules.
"""
from __future__ import annotations

from flask import Blueprint

from . import graph_store, query, shacl, update, void

blueprint = Blueprint("sparql", __name__)

blueprint.add_url_rule("/sparql", view_func=query.sparql, methods=["GET", "POST"])
blueprint.add_url_rule("/update", view_func=update.update, methods=["GET", "POST"])
for rule in (graph_store.SERVICE, graph_store.DIRECT):
    blueprint.add_url_rule(rule, view_func=graph_store.get_graph, methods=["GET"])
    blueprint.add_url_rule(rule, view_func=graph_store.write_graph, methods=["PUT", "POST"])
    blueprint.add_url_rule(rule, view_func=graph_store.delete_graph, methods=["DELETE"])
blueprint.add_url_rule("/.well-known/void", view_func=void.void)
blueprint.add_url_rule("/shacl", view_func=shacl.shacl, methods=["POST"])
