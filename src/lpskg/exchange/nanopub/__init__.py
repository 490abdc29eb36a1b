"""Nanopublications: every stated link, interpretation, claim and case finding published as one, with a
trusty URI (and an RSA signature when the user gives a key); nanopublications from elsewhere read in,
checked, and stored each in its own named graphs (docs/nanopublications.md).
"""
from .build import KINDS, NP_BASE
from .intake import Imported, find_imported, import_nanopubs, imported, without_imports
from .publish import INDEX, MEDIA_TYPES, Published, build, export, index_text, published, read_index, serialise
from .structure import MAX_TRIPLES, MEDIA, SUFFIXES, Nanopub, read
from .tools import ARTEFACT_CODE, NanopubError, check, read_private_key, sign

__all__ = ["ARTEFACT_CODE", "INDEX", "KINDS", "MAX_TRIPLES", "MEDIA", "MEDIA_TYPES", "NP_BASE", "SUFFIXES",
           "Imported", "Nanopub", "NanopubError", "Published", "build", "check", "export", "find_imported",
           "import_nanopubs", "imported", "index_text", "published", "read", "read_index", "read_private_key",
           "serialise", "sign", "without_imports"]
