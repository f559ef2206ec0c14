"""Packs this process has read from the cache, handed back while their entry is unchanged.

A pack is frozen, so the same entry read twice may give the same object: a process that
answers many questions of one pack (a test run, a notebook, a server) then decodes it once,
and everything worked out once per pack (its words, its units, its names) is found again
instead of worked out anew for a copy. The entry's bytes are still read and their digest
checked on every load; only an entry equal to one already decoded, byte for byte, for the
same folder, is answered from here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from macrograph.rules.errors import PackIssue
from macrograph.rules.pack import Pack

KEPT = 8
"""Packs kept: a process switching between more packs than this decodes them again."""

_RECENT: OrderedDict[tuple[str, str], tuple[bytes, Pack, tuple[PackIssue, ...]]] = OrderedDict()
_HELD = threading.Lock()  # a server's threads may load packs at once


def recalled(root: str, key: str, entry: bytes) -> tuple[Pack, list[PackIssue]] | None:
    """The pack and findings decoded from ``entry`` for the folder ``root``, if this process
    did so last time it read that key; else None.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack("tests/packs/markets")
    >>> remember("here", "k", b"entry", (pack, []))
    >>> recalled("here", "k", b"entry")[0] is pack, recalled("here", "k", b"other")
    (True, None)
    """
    with _HELD:
        known = _RECENT.get((root, key))
        if known is None or known[0] != entry:
            return None
        _RECENT.move_to_end((root, key))
    return known[1], list(known[2])


def remember(root: str, key: str, entry: bytes, found: tuple[Pack, list[PackIssue]]) -> None:
    """Keep the pack and findings decoded from (or written as) ``entry`` for :func:`recalled`.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> remember("there", "k", b"entry", (load_pack("tests/packs/markets"), []))
    >>> recalled("there", "k", b"entry")[1]
    []
    """
    with _HELD:
        _RECENT[(root, key)] = (entry, found[0], tuple(found[1]))
        _RECENT.move_to_end((root, key))
        while len(_RECENT) > KEPT:
            _RECENT.popitem(last=False)
