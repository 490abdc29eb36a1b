"""The HTTP face of lpskg, one blueprint per audience, like Fuseki's protocol servlets apart from its UI.

* :mod:`.sparql`: the W3C protocols (SPARQL 1.1 Query and Update, Graph Store,
  service description, VoID, SHACL validation), for any SPARQL client;
* :mod:`.api`: lpskg's JSON API for machines (cases and publications,
  diagnoses, named queries, search, OpenAPI, health and metrics);
* :mod:`.site`: the pages for people, with their templates and static files.

The modules at this level are the kit all three share: :mod:`.app`
(``create_app``), :mod:`.services`, :mod:`.errors` (every exception mapped to
its status once), :mod:`.responses` (bodies, HTTP caching, the marks a view
carries), :mod:`.negotiation` and :mod:`.accept`, :mod:`.links`,
:mod:`.metrics`, :mod:`.rate_limit`, and :mod:`.serve` (granian).
"""
