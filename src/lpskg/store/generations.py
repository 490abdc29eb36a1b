"""Values derived from the store, kept until a write changes what they were derived from.

Every write through the one write path moves the store's *write generation*
on (``lpskg.knowledge.graphs.Graphs``). Whatever lpskg derives from the store
and keeps for the next reader -- the answers of the endpoint's queries, which
queries are cheap enough to run in the request thread, the concept index of
case intake, the framework a diagnosis reads, the store's size for
``/health`` -- is filed under the generation it was derived at and served only
at that generation. :class:`PerGeneration` is that one mechanism: a bounded,
least-recently-used map whose entries are forgotten when the generation moves,
unless a ``carry`` function says how an entry survives the write (an index
extended by the graphs a submission added, say).

``None`` as a generation means "no generation to trust" (a remote store that
other clients write too): nothing is kept then.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

#: What decides whether an entry survives a write: the entry's key and value, and what the write did,
#: give the value to keep (the same one, or one updated), or None to forget it.
Carry = Callable[[Any, Any, Any], Any]


class PerGeneration(Generic[K, V]):
    """Values by key, each derived at the current write generation; thread-safe.

    Bounded by ``max_entries`` and by ``max_bytes`` (each entry weighs what
    ``weigh(key, value)`` says); the least recently used go first.
    """

    def __init__(self, generation: int | None, *, max_entries: int | None = None, max_bytes: int | None = None,
                 weigh: Callable[[K, V], int] | None = None, carry: Carry | None = None) -> None:
        self._generation = generation
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._weigh = weigh or (lambda key, value: 0)
        self._carry = carry
        self._entries: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = self.evictions = 0

    @property
    def generation(self) -> int | None:
        """The generation values are kept at now (None: nothing is kept)."""
        return self._generation

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def bytes(self) -> int:
        """What the kept entries weigh."""
        return self._bytes

    def get(self, key: K, generation: int | None) -> V | None:
        """The value kept for ``key`` at ``generation``, or None (counted as a miss)."""
        with self._lock:
            entry = self._entries.get(key) if generation is not None and generation == self._generation else None
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry[0]

    def put(self, key: K, value: V, generation: int | None) -> bool:
        """Keep ``value`` if it was derived at the current generation and fits; True if kept.

        ``generation`` must have been read *before* the value was derived: a value
        that a write may have overtaken is then filed under the old generation,
        which is already forgotten.
        """
        if generation is None:
            return False
        weight = self._weigh(key, value)
        if self.max_bytes is not None and weight > self.max_bytes:
            return False
        with self._lock:
            if generation != self._generation:
                return False
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._entries[key] = (value, weight)
            self._bytes += weight
            while ((self.max_bytes is not None and self._bytes > self.max_bytes)
                   or (self.max_entries is not None and len(self._entries) > self.max_entries)):
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= dropped
                self.evictions += 1
            return True

    def moved(self, generation: int | None, change: Any = None) -> None:
        """The store was written (``change`` says how): values are kept at ``generation`` from now on.

        An entry survives only if ``carry`` gives it a value, and only if the write
        is the next one after the generation it was kept at (a write it did not
        see may have changed anything).
        """
        with self._lock:
            follows = (generation is not None and self._generation is not None
                       and generation == self._generation + 1)
            kept: OrderedDict[K, tuple[V, int]] = OrderedDict()
            if self._carry is not None and follows:
                for key, (value, _) in self._entries.items():
                    carried = self._carry(key, value, change)
                    if carried is not None:
                        kept[key] = (carried, self._weigh(key, carried))
            self._generation = generation
            self._entries = kept
            self._bytes = sum(weight for _, weight in kept.values())
