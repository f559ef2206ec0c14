"""What a document says about sizes estimated from data: per rule, and for the rules it cites.

A pack's calibration writes each fitted rule's standard error, the events behind it and the
prior it started from (:class:`~macrograph.rules.models.Estimate`); documents say so in
each citation, and a note says how many of the rules it cites were estimated, from how many
events, so that a reader knows how many events stand behind its figures.

Examples
--------
>>> from macrograph.rules import load_pack
>>> fitted_summary(load_pack(), ()) is None
True
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from msgspec import Struct

from macrograph.explain.wording.unit_words import elasticity_text, per_unit
from macrograph.rules.pack import Pack


def estimated(pack: Pack, rule_id: str) -> str:
    """How a rule's size was fitted to data, in words ('' for a rule not fitted).

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> estimated(load_pack(), "no_such_rule")
    ''
    """
    rule = pack.rules.get(rule_id)
    magnitude = getattr(rule, "magnitude", None)
    estimate = getattr(magnitude, "estimate", None)
    if rule is None or magnitude is None or estimate is None:
        return ""
    target, source = pack.nodes[rule.target].unit, pack.nodes[rule.source].unit
    per = per_unit(source)

    def sized(x: float) -> str:
        return f"{elasticity_text(rule.scale * x, target, source)} per {per}"

    se = f"{elasticity_text(estimate.se, target, source).lstrip('+')} per {per}"
    events = f"{estimate.events} event{'' if estimate.events == 1 else 's'}"
    return (
        f"Estimated from {events} ({months(estimate.first, estimate.last)}): "
        f"{sized(magnitude.elasticity)} with a standard error of {se}, against a prior of "
        f"{sized(estimate.prior)}."
    )


def months(first: date, last: date) -> str:
    """The months from ``first`` to ``last``, one month named once.

    Examples
    --------
    >>> months(date(2013, 2, 1), date(2026, 4, 30)), months(date(2024, 8, 2), date(2024, 8, 5))
    ('Feb 2013 to Apr 2026', 'Aug 2024')
    """
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%b %Y}"
    return f"{first:%b %Y} to {last:%b %Y}"


class FittedSummary(Struct, frozen=True):
    """How many of the rules a document cites were estimated from data, and from what."""

    rules: int  # sized rules cited
    fitted: int  # of those, estimated from the event base
    fewest: int  # events behind the least-evidenced estimate
    most: int
    first: date
    last: date


def fitted_summary(pack: Pack, rule_ids: Iterable[str]) -> FittedSummary | None:
    """The estimates behind the cited ``rule_ids`` (None when none of them was fitted).

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack()
    >>> summary = fitted_summary(pack, pack.rules)
    >>> summary.fitted <= summary.rules and summary.fewest <= summary.most
    True
    """
    sized = [
        m for r in dict.fromkeys(rule_ids) if (m := getattr(pack.rules.get(r), "magnitude", None))
    ]
    found = [m.estimate for m in sized if m.estimate is not None]
    if not found:
        return None
    return FittedSummary(
        rules=len(sized),
        fitted=len(found),
        fewest=min(e.events for e in found),
        most=max(e.events for e in found),
        first=min(e.first for e in found),
        last=max(e.last for e in found),
    )
