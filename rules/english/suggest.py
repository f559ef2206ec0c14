"""Did you mean: the names closest to a word that names nothing, for every layer's messages.

One measure everywhere: rapidfuzz's ratio (0 to 100, the share of characters two strings
have in common, in order). The names are compared in sorted order, so equally close names
come alphabetically and the same input always gives the same suggestion.

Examples
--------
>>> closest("linar", ["linear", "integrate", "threshold", "classify"])
['linear']
>>> did_you_mean("percent", ["pct", "bp", "index"])
"; did you mean 'pct'?"
"""

from __future__ import annotations

import re
from collections.abc import Iterable

SIMILAR = 60.0  # the ratio a suggestion must reach (difflib's 0.6 on rapidfuzz's scale)


def closest(
    word: str, names: Iterable[str], *, limit: int | None = 3, cutoff: float = SIMILAR
) -> list[str]:
    """The names most like ``word``, best first, at most ``limit`` of them (None: all),
    each at least ``cutoff`` alike.

    Examples
    --------
    >>> closest("nasdq", ["nikkei", "nasdaq", "sp500"])
    ['nasdaq']
    >>> closest("boj_rat", ["boj_rate", "boj_rates", "fed_rate"], cutoff=50)
    ['boj_rate', 'boj_rates', 'fed_rate']
    >>> closest("zzz", ["nasdaq"])
    []
    """
    # rapidfuzz (some 40 modules) is loaded when a name is missed, not by every command
    from rapidfuzz import fuzz, process

    pool = sorted(set(names))
    found = process.extract(word, pool, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
    return [name for name, _, _ in found]


def did_you_mean(word: str, names: Iterable[str]) -> str:
    """``; did you mean 'name'?`` with the closest name, or nothing when none is close.

    Examples
    --------
    >>> did_you_mean("becuase", ["because", "source"]), did_you_mean("x", ["because"])
    ("; did you mean 'because'?", '')
    """
    found = closest(word, names, limit=1)
    return f"; did you mean '{found[0]}'?" if found else ""


def unknown(what: str, word: str, names: Iterable[str]) -> str:
    """``unknown WHAT 'word'``, with the closest of ``names`` when one is close: how every
    reference to something a pack does not have is reported (a node, a scenario, a claim).

    Examples
    --------
    >>> unknown("node", "singel_fare", ["single_fare", "fleet_size"])
    "unknown node 'singel_fare'; did you mean 'single_fare'?"
    >>> unknown("source", "nobody", ["book"])
    "unknown source 'nobody'"
    """
    return f"unknown {what} '{word}'{did_you_mean(word, names)}"


def written_as(value: object, pattern: str) -> str:
    """``; write 'text'`` with ``value`` in the case and separators ``pattern`` asks for (a
    claim id in capitals, an id in lower case joined by '_' or '-'), or nothing.

    Examples
    --------
    >>> written_as("Bond Yield", r"^[a-z][a-z0-9_]{0,63}$"), written_as("c01", r"^[A-Z][0-9]{1,3}$")
    ("; write 'bond_yield'", "; write 'C01'")
    >>> written_as("../etc", r"^[a-z][a-z0-9_]{0,63}$")
    ''
    """
    if not isinstance(value, str) or len(value) > 64:
        return ""
    said = re.split(r"[\s_-]+", value.strip())
    for form in (value.upper(), value.lower(), "_".join(said).lower(), "-".join(said).lower()):
        if form != value and re.fullmatch(pattern, form):
            return f"; write '{form}'"
    return ""


__all__ = ["SIMILAR", "closest", "did_you_mean", "unknown", "written_as"]
