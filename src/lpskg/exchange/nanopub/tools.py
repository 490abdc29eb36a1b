"""The nanopublication libraries lpskg uses, behind four functions: no hash or signature is computed here.

* ``nanopub_sign`` (the Python bindings of nanopub-rs) signs with an RSA key, gives a signed
  nanopublication its trusty URI, and checks a trusty hash and an RSA signature, all offline;
* it cannot give an *unsigned* nanopublication a trusty URI, so :func:`make_trusty` uses the
  trustyuri module of ``nanopub`` (nanopub-py, the port of the reference Trusty URI code), and
  every URI it makes is checked again by ``nanopub_sign`` before it is used.

``nanopub_sign`` prints a line to the process's standard output on every successful check;
:func:`_quiet` sends that line to /dev/null so that the command line keeps stdout for its own answer
and a server's log is not filled with them.  Nothing else of lpskg writes to standard output while
it serves (the access log goes to standard error).
"""
from __future__ import annotations

import os
import re
import sys
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

#: A trusty artefact code of the RA module: "RA" and 43 characters of URL-safe base64.
ARTEFACT_CODE = re.compile(r"RA[A-Za-z0-9_-]{43}")
_QUIET_LOCK = threading.Lock()
_RDFLIB_LOCK = threading.Lock()


class NanopubError(ValueError):
    """A nanopublication is malformed, its hash or signature does not hold, or a key is unusable."""


@dataclass(frozen=True)
class Checked:
    """What the library found: the nanopublication's URI, its trusty code and signature facts ("" when none)."""

    uri: str
    trusty_code: str
    signature: str
    algorithm: str
    public_key: str


@contextmanager
def _quiet() -> Iterator[None]:
    """Standard output (file descriptor 1) sent to /dev/null while the library prints its success line."""
    with _QUIET_LOCK:
        sys.stdout.flush()
        saved = os.dup(1)
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 1)
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(devnull)


def _library_message(error: Exception) -> str:
    """The library's reason in one line, without its prefix and the hashes it appends."""
    text = str(error).replace("Error checking: ", "").replace("Error signing: ", "").replace("Invalid Nanopub: ", "")
    return " ".join(text.split("\n")[0].split())


#: The library's reasons, said as what is wrong with the nanopublication.
_REASONS = {"different than the expected hash": "its trusty hash does not match its content (nanopub-sign: {})",
            "verification error": "its signature does not verify with the public key it states (nanopub-sign: {})"}


def check(trig: str) -> Checked:
    """Check one nanopublication (TriG) with ``nanopub_sign``: trusty hash and signature, when it has them."""
    from nanopub_sign import Nanopub

    try:
        with _quiet():
            info = Nanopub(trig).check().info()
    except Exception as error:  # the bindings raise a bare Exception with the reason
        message = _library_message(error)
        reason = next((said for key, said in _REASONS.items() if key in message), "{}")
        raise NanopubError(reason.format(message)) from None
    return Checked(info["uri"]["value"], info["trusty_hash"], info["signature"], info["algo"], info["public_key"])


def sign(trig: str, private_key: str, signer: str | None = None) -> str:
    """The nanopublication (TriG, not yet trusty) signed with ``private_key`` and given its trusty URI, as TriG.

    ``signer`` (an ORCID IRI) is stated as ``npx:signedBy`` of the signature, as nanopub-java does.
    """
    from nanopub_sign import Nanopub, NpProfile

    try:
        profile = NpProfile(private_key=private_key, orcid_id=signer)
        with _quiet():
            return Nanopub(trig).sign(profile).rdf()
    except Exception as error:
        raise NanopubError(f"signing failed: {_library_message(error)}") from None


@contextmanager
def _lexical_forms_kept() -> Iterator[None]:
    """rdflib keeping each literal's lexical form while nanopub-py hashes, and as it was after.

    nanopub-py's trustyuri module turns rdflib's literal normalisation off for the whole process when
    it is imported; lpskg restores it, so that the rest of the process reads literals as before.
    """
    import rdflib

    with _RDFLIB_LOCK:
        saved = rdflib.NORMALIZE_LITERALS
        try:
            import nanopub.trustyuri.rdf  # noqa: F401  (its import sets the flag)
            rdflib.NORMALIZE_LITERALS = False
            yield
        finally:
            rdflib.NORMALIZE_LITERALS = saved


def make_trusty(quads: list[ox.Quad], base: str) -> list[ox.Quad]:
    """The unsigned nanopublication ``quads`` (its URI is ``base``) with its trusty URI, by nanopub-py's trustyuri.

    Literals are handed over with their lexical forms; the result is checked by :func:`check`.  The same
    quads always get the same trusty URI, so each distinct nanopublication is made once per process: an
    export after a write remakes only the statements the write changed (nanopub-py takes some 50 ms each).
    """
    return list(ox.parse(_made_trusty(ox.serialize(sorted(quads, key=str), format=ox.RdfFormat.N_QUADS), base),
                         format=ox.RdfFormat.N_QUADS))


@lru_cache(maxsize=8192)
def _made_trusty(nquads: bytes, base: str) -> bytes:
    """The trusty form of one nanopublication's N-Quads, checked by nanopub-sign."""
    with _lexical_forms_kept():
        text, code = _trusty_nquads(nquads, base)
    result = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    checked = check(ox.serialize(result, format=ox.RdfFormat.TRIG).decode("utf-8"))
    if checked.trusty_code != code:
        raise NanopubError(f"the trusty code {code} made by nanopub-py is not the one nanopub-sign reads "
                           f"({checked.trusty_code or 'none'})")
    return ox.serialize(result, format=ox.RdfFormat.N_QUADS)


def _trusty_nquads(nquads: bytes, base: str) -> tuple[str, str]:
    from nanopub.sign_utils import replace_trusty_in_graph
    from nanopub.trustyuri.rdf import RdfHasher, RdfUtils
    from rdflib import ConjunctiveGraph

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # nanopub-py 2.0 builds on ConjunctiveGraph
        graph = ConjunctiveGraph()
        graph.parse(data=nquads, format="nquads")
        code = RdfHasher.make_hash(RdfUtils.get_quads(graph), baseuri=base, hashstr=" ")
        graph = replace_trusty_in_graph(code, base, graph)
        return graph.serialize(format="nquads"), code


def read_private_key(path: Path) -> str:
    """The RSA private key of ``path`` as the libraries take it: base64 of PKCS#8 DER, without PEM lines.

    Accepts the nanopub tools' ``id_rsa`` (bare base64) and a PEM ``BEGIN PRIVATE KEY`` file.
    """
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as error:
        raise NanopubError(f"cannot read the key file {path}: {error}") from None
    if "BEGIN RSA PRIVATE KEY" in text or "BEGIN ENCRYPTED PRIVATE KEY" in text:
        raise NanopubError(f"{path} is a PKCS#1 or encrypted key; give an unencrypted PKCS#8 key "
                           "(openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)")
    body = "".join(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("-----"))
    if not re.fullmatch(r"[A-Za-z0-9+/=]{100,}", body):
        raise NanopubError(f"{path} holds no RSA private key in base64 (PKCS#8)")
    return body
