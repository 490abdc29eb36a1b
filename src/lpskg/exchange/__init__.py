"""Knowledge exchanged with the tools and projects around lpskg, in their own formats.

:mod:`.nanopub`: nanopublications, each stated link, interpretation, claim and case finding published
with its provenance, and others' read in.  :mod:`.qda`: REFI-QDA (QDA-XML 1.0), the codebooks
(``.qdc``) and coded projects (``.qdpx``) of NVivo, ATLAS.ti, MAXQDA and QualCoder, read into and
written from the case model.

Below ``web/`` and ``cli/``: it reads the graph through the ``.rq`` library and
writes only through :class:`lpskg.knowledge.graphs.Graphs`.
"""
