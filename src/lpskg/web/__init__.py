"""The HTTP face of lpskg: SPARQL 1.1 Protocol endpoint, Graph Store Protocol,
Linked Data pages, the query page and the paradox map (``create_app`` in ``app``)."""
