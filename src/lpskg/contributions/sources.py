"""The bytes of a submission, what format they are in, and where they came from.

A submission arrives as a file (``lpskg case add FILE``) or as an HTTP body
with a Content-Type; either way it becomes a :class:`SourceFile`, whose name
and SHA-256 the provenance of the stored graph records.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import SubmissionError

#: How a submission's format is recognised: file extension and HTTP Content-Type.
YAML, TURTLE, JSONLD, BIBTEX, CSL_JSON = "yaml", "turtle", "json-ld", "bibtex", "csl-json"
QDPX = "qdpx"  # a coded REFI-QDA project (NVivo, ATLAS.ti, MAXQDA, QualCoder): a zip of project.qde and its sources
_EXTENSIONS = {".yaml": YAML, ".yml": YAML, ".ttl": TURTLE, ".jsonld": JSONLD,
               ".bib": BIBTEX, ".json": None, ".qdpx": QDPX}
_MEDIA_TYPES = {
    "application/yaml": YAML, "application/x-yaml": YAML, "text/yaml": YAML, "text/x-yaml": YAML,
    "text/turtle": TURTLE, "application/x-turtle": TURTLE, "application/ld+json": JSONLD,
    "application/x-bibtex": BIBTEX, "text/x-bibtex": BIBTEX,
    "application/vnd.citationstyles.csl+json": CSL_JSON, "application/json": None,
    "application/zip": QDPX, "application/x-zip-compressed": QDPX, "application/x-qdpx": QDPX,
}


@dataclass(frozen=True)
class SourceFile:
    """The bytes of a submission and what it was called, as provenance records them."""

    name: str
    data: bytes
    format: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def text(self) -> str:
        try:
            return self.data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise SubmissionError("unreadable", f"{self.name} is not UTF-8 text "
                                                f"(byte {error.start}: {error.reason})") from None


def format_for(name: str, media_type: str | None = None, default_json: str = YAML) -> str:
    """The format of a submission from its Content-Type, else its file extension.

    Plain JSON is the YAML case schema written as JSON for cases (JSON is YAML),
    and CSL-JSON for literature: the caller says which with ``default_json``.
    """
    if media_type:
        base = media_type.split(";")[0].strip().lower()
        if base in _MEDIA_TYPES:
            return _MEDIA_TYPES[base] or default_json
        raise SubmissionError("unsupported-type", f"unsupported Content-Type {base!r}; use one of "
                                                  + ", ".join(sorted(_MEDIA_TYPES)))
    suffix = Path(name).suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix] or default_json
    raise SubmissionError("unsupported-type", f"cannot tell the format of {name!r}: use a .yaml, .ttl, "
                                              ".jsonld, .bib, .json or .qdpx file")


def read_source(path: Path, max_bytes: int, default_json: str = YAML) -> SourceFile:
    """A submission file from disk, refused before reading if it is larger than ``max_bytes``."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SubmissionError("too-large", f"{path.name} is {size / 1048576:.1f} MB, larger than the "
                                               f"limit of {max_bytes / 1048576:.1f} MB (LPSKG_MAX_BODY)")
        return SourceFile(path.name, path.read_bytes(), format_for(path.name, default_json=default_json))
    except OSError as error:
        raise SubmissionError("unreadable", f"cannot read {path}: {error.strerror}") from None
