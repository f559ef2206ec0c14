"""The rule paths that carried a prediction: each path once, with what every shock that
travelled it adds together, the largest first.

Examples
--------
>>> from macrograph.graph.records import Contribution
>>> up = Contribution("a@1", ("a", "b"), ("a_to_b",), {"1d": 3.0})
>>> down = Contribution("a@2", ("a", "b"), ("a_to_b",), {"1d": -3.0})
>>> other = Contribution("c@1", ("c", "b"), ("c_to_b",), {"1d": -0.06})
>>> [(c.rules, c.amount) for c in carriers((up, down, other), "1d")]
[(('c_to_b',), -0.06)]
"""

from __future__ import annotations

from collections.abc import Iterable

from msgspec import Struct

from macrograph.graph.records import Contribution

CARRIERS = 3  # paths named for a badly explained observation


class Carrier(Struct, frozen=True):
    """A rule path that carried part of a prediction, and how much."""

    rules: tuple[str, ...]
    amount: float


def carriers(contributions: Iterable[Contribution], window: str) -> tuple[Carrier, ...]:
    """The rule paths that carry a node's move over ``window``: a path two shocks travel
    (a deploy and its rollback) is one, with their amounts added, and a path whose amounts
    cancel carries nothing; the :data:`CARRIERS` largest, by size, then by rules.

    Examples
    --------
    >>> from macrograph.graph.records import Contribution
    >>> small = Contribution("a@1", ("a", "b"), ("a_to_b",), {"1w": 0.5})
    >>> large = Contribution("c@1", ("c", "b"), ("c_to_b",), {"1w": -2.0})
    >>> [c.rules for c in carriers((small, large), "1w")]
    [('c_to_b',), ('a_to_b',)]
    """
    total: dict[tuple[str, ...], float] = {}
    gross: dict[tuple[str, ...], float] = {}
    for c in contributions:
        if c.rules:
            amount = c.amount[window]
            total[c.rules] = total.get(c.rules, 0.0) + amount
            gross[c.rules] = gross.get(c.rules, 0.0) + abs(amount)
    kept = [
        Carrier(rules, amount)
        for rules, amount in total.items()
        if abs(amount) > 1e-12 and abs(amount) > 1e-9 * gross[rules]
    ]
    kept.sort(key=lambda c: (-abs(c.amount), c.rules))
    return tuple(kept[:CARRIERS])
