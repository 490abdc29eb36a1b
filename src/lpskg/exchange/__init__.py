"""Knowledge exchanged with other projects in their own formats (nanopublications).

Below ``web/`` and ``cli/``: it reads the graph through the ``.rq`` library and
writes only through :class:`lpskg.knowledge.graphs.Graphs`.
"""
