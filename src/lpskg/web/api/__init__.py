"""JSON for machines: the blueprint ``api`` and its routes.

lpskg's own API, described by ``/openapi.json`` (:mod:`.openapi`), apart from
the W3C protocols (:mod:`lpskg.web.sparql`) and the pages for people
(:mod:`lpskg.web.site`):

* :mod:`.cases`: submit, list, show, diagnose and withdraw cases; submit and
  withdraw publications (the workflow of :mod:`lpskg.contributions`);
* :mod:`.queries`: the named queries, run like ``/sparql``, and the labels of IRIs;
* :mod:`.search`: resources found by a label typed in part;
* :mod:`.works`: the works behind a concept or a named query's answer, as JSON, BibTeX or RIS;
* :mod:`.nanopubs`: the graph's nanopublications, and imports of others' (``/np/``);
* :mod:`.codebook`: the framework as a REFI-QDA codebook (``/api/codebook.qdc``);
* :mod:`.monitoring`: ``/health`` and ``/metrics``.

The routes are listed here, one table for the package; the views are in the modules.
"""
from __future__ import annotations

from flask import Blueprint

from . import cases, codebook, monitoring, nanopubs, openapi, queries, search, works

blueprint = Blueprint("api", __name__)

blueprint.add_url_rule("/api/cases", view_func=cases.get_cases, methods=["GET"])
blueprint.add_url_rule("/api/cases", view_func=cases.post_case, methods=["POST"])
blueprint.add_url_rule("/api/cases/<case_id>", view_func=cases.get_case, methods=["GET"])
blueprint.add_url_rule("/api/cases/<case_id>", view_func=cases.delete_case, methods=["DELETE"])
blueprint.add_url_rule("/api/cases/<case_id>/diagnosis", view_func=cases.get_diagnosis, methods=["GET"])
blueprint.add_url_rule("/api/diagnosis", view_func=cases.post_diagnosis, methods=["POST"])
blueprint.add_url_rule("/api/publications", view_func=cases.get_publications, methods=["GET"])
blueprint.add_url_rule("/api/publications", view_func=cases.post_publication, methods=["POST"])
blueprint.add_url_rule("/api/codebook.qdc", view_func=codebook.get_codebook, methods=["GET"])
blueprint.add_url_rule("/api/publications/<publication_id>", view_func=cases.delete_publication,
                       methods=["DELETE"])
blueprint.add_url_rule("/api/queries", view_func=queries.named_queries)
blueprint.add_url_rule("/api/queries/<name>", view_func=queries.run_named_query)
blueprint.add_url_rule("/api/queries/<name>/works", view_func=works.works_of_query)
blueprint.add_url_rule("/api/works", view_func=works.works_of_concept)
blueprint.add_url_rule("/api/labels", view_func=queries.labels, methods=["POST"])
blueprint.add_url_rule("/api/search", view_func=search.search)
blueprint.add_url_rule("/np/", view_func=nanopubs.nanopub_index, methods=["GET"])
blueprint.add_url_rule("/np/", view_func=nanopubs.post_nanopubs, methods=["POST"])
blueprint.add_url_rule("/np/<name>", view_func=nanopubs.nanopub, methods=["GET"])
blueprint.add_url_rule("/openapi.json", view_func=openapi.openapi)
blueprint.add_url_rule("/health", view_func=monitoring.health)
blueprint.add_url_rule("/metrics", view_func=monitoring.metrics)
