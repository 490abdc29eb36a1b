"""HTML for people: the blueprint ``site``, its routes, its templates and its static files.

The pages of lpskg, apart from the W3C protocols (:mod:`lpskg.web.sparql`) and
the JSON API (:mod:`lpskg.web.api`).  A page draws; it does not query: what a
screen shows is read by :mod:`lpskg.knowledge.views`, and this package turns
it into HTML and SVG.

* :mod:`.pages`: the overview with the paradox map (:mod:`.paradox_map`,
  :mod:`.process_map`, drawn with :mod:`.svg`), the query page, YASGUI, and
  ``/ontology`` (pyLODE's documentation, :mod:`.ontology_doc`, or the ontology
  itself for a client);
* :mod:`.resources`: every ``/resource/...`` IRI, a page for a browser and RDF
  for a client (Linked Data content negotiation), with the neighbourhood drawn;
* :mod:`.compare`, :mod:`.lists`, :mod:`.search`: the comparison of cases, the
  lists of cases and publications, the search results;
* :mod:`.service`: the endpoint's service description as a page (RDF for a client).

The routes are listed here, one table for the package; the views are in the
modules.  ``templates/`` and ``static/`` (served at ``/static/``, endpoint
``site.static``) belong to this blueprint; the app has none of its own.
"""
from __future__ import annotations

from flask import Blueprint

from . import compare, lists, ontology_doc, pages, resources, search, service

blueprint = Blueprint("site", __name__, template_folder="templates", static_folder="static",
                      static_url_path="/static")

blueprint.add_url_rule("/", view_func=pages.overview)
blueprint.add_url_rule("/query", view_func=pages.query_page)
blueprint.add_url_rule("/yasgui", view_func=pages.yasgui)
blueprint.add_url_rule("/ontology", view_func=pages.ontology)
blueprint.add_url_rule("/resource/<path:name>", view_func=resources.resource)
blueprint.add_url_rule("/compare", view_func=compare.compare)
blueprint.add_url_rule("/cases", view_func=lists.cases)
blueprint.add_url_rule("/publications", view_func=lists.publications)
blueprint.add_url_rule("/search", view_func=search.search)
blueprint.add_url_rule("/service-description", view_func=service.service)
# the ontology's documentation, rendered when the app starts, before anyone asks for it
blueprint.record_once(lambda state: ontology_doc.prerender())
