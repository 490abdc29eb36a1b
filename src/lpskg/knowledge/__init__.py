"""The knowledge layer: what the graph means and how it may change.

The ontology's entailments (:mod:`.inference`), the one write path every
change goes through (:mod:`.graphs`), the bundle of shipped data
(:mod:`.bundle`), the SHACL shapes (:mod:`.validation`), the HermiT reasoner
(:mod:`.reasoning`), the ontology quality checks (:mod:`.quality`), the
library of SPARQL files (:mod:`.library`), and the read models of the web
layer's screens (:mod:`.views`), which read that library.
"""
