"""Where an IRI leads in the web pages: lpskg resources and terms open on this server."""
from __future__ import annotations

from urllib.parse import quote

from flask import url_for

from ..namespaces import LPSKG, ONTOLOGY_IRI, RESOURCE


def href(iri: str) -> str:
    """The link for ``iri``: its page here for resources and ontology terms, else the IRI itself."""
    text = str(iri)
    if text.startswith(str(RESOURCE)):
        return url_for("site.resource", name=text[len(RESOURCE):])
    if text.startswith(str(LPSKG)):
        return url_for("site.ontology") + "#" + quote(text[len(LPSKG):])
    if text == ONTOLOGY_IRI:
        return url_for("site.ontology")
    return text

