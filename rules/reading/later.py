"""A mapping built the first time it is read: the sections of a cached pack that only some
commands read (the episodes and the calendar of events, two thirds of an entry's bytes, which
only the evidence commands use) are rebuilt from their JSON when first read, not at load.

Examples
--------
>>> built = []
>>> later = Later(lambda: built.append("once") or {"b": 2, "a": 1})
>>> built  # nothing yet
[]
>>> later["a"], list(later), len(later), later == {"b": 2, "a": 1}, built
(1, ['b', 'a'], 2, True, ['once'])
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TypeVar

Value = TypeVar("Value")


class Later(Mapping[str, Value]):
    """A read-only mapping whose items ``make`` builds on first use (once)."""

    def __init__(self, make: Callable[[], Mapping[str, Value]]) -> None:
        self._make: Callable[[], Mapping[str, Value]] | None = make
        self._items: Mapping[str, Value] = {}

    def _built(self) -> Mapping[str, Value]:
        if self._make is not None:
            self._items, self._make = self._make(), None
        return self._items

    def __getitem__(self, key: str) -> Value:
        return self._built()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._built())

    def __contains__(self, key: object) -> bool:
        return key in self._built()

    def __repr__(self) -> str:
        return f"Later({dict(self._built())!r})"
