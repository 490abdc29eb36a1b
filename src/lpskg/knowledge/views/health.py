"""What ``/health`` reads on every call: whether the store holds any statement (``queries/pages/store-answers.rq``).

The answer matters less than that one comes: a store that does not answer
raises, and ``/health`` reports it.  The triple count ``/health`` also gives
costs a scan of the store, so it is kept per write generation
(:meth:`lpskg.web.services.Services.store_size`); this question is answered at once.
"""
from __future__ import annotations

from ...store import Store
from ..library import read_model


def any_statement(store: Store) -> bool:
    """Whether the store holds any statement at all (it raises when it cannot be asked)."""
    return bool(read_model("pages/store-answers").run(store))
