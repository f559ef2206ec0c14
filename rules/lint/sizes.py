"""Lint checks of rules' sizes: an absurd elasticity, jump or range, and a range far wider
than its elasticity.

A size is absurd when it is past a million in the rule's units and also past ten thousand
once read in the units' typical moves (a typical move of the source moves the target by
that many of its typical moves): a service's retries count in the millions of requests a
second for a move of a percentage point of errors, an ordinary rule of its field whose
typical move of errors (a few thousandths of a point) brings a typical move of retries.
"""

from __future__ import annotations

from macrograph.rules.errors import PackIssue
from macrograph.rules.models import ThresholdRule
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import vocabulary_for

ABSURD_SIZE = 1e6  # an elasticity or range bound above this, in the rule's units, and
ABSURD_TYPICAL = 1e4  # above this in its units' typical moves, is absurd: runs overflow
ABSURD_WIDTH = 1e3  # a range's top this many times its elasticity is a typo, not uncertainty


def _warning(pack: Pack, rule: str, field: str, message: str) -> PackIssue:
    where = pack.locate("rules", rule)
    return PackIssue(where.file, where.line, rule, field, message, "warning", "absurd-magnitude")


def typical_ratio(pack: Pack, rule_id: str) -> float:
    """What one of a rule's units is in its units' typical moves: the source's typical move
    over the target's (a jump's is per event, so one over the target's).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> typical_ratio(units_pack(), "rate_moves_price")  # a typical 5bp of a rate, 1% of a price
    0.05
    """
    rule, units = pack.rules[rule_id], vocabulary_for(pack.info)
    target = units.unit(pack.nodes[rule.target].unit).typical
    source = (
        1.0 if isinstance(rule, ThresholdRule) else units.unit(pack.nodes[rule.source].unit).typical
    )
    return source / target if target > 0 else float("inf")


def check_magnitudes(pack: Pack) -> list[PackIssue]:
    """Warn about absurd sizes: an elasticity or range bound above 1e6 (or not finite)
    and above 1e4 in its units' typical moves, or a range whose top is more than 1000 times
    the elasticity.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> check_magnitudes(load_pack())
    []
    """
    found = []
    for rule in pack.rules.values():
        for name in ("magnitude", "jump"):
            size = getattr(rule, name, None)
            if size is None:
                continue
            top = size.range[1] if size.range else size.elasticity
            field = f"{name}.range" if size.range else f"{name}.elasticity"
            what = f"range up to {top:g}" if size.range else f"elasticity {top:g}"
            if not top <= ABSURD_SIZE and not top * typical_ratio(pack, rule.id) <= ABSURD_TYPICAL:
                message = f"{what} is absurd (above {ABSURD_SIZE:g}): a run would overflow"
            elif size.elasticity > 0 and top > ABSURD_WIDTH * size.elasticity:
                message = (
                    f"range up to {top:g} is more than {ABSURD_WIDTH:g} times the elasticity "
                    f"{size.elasticity:g}: a typo rather than uncertainty?"
                )
            else:
                continue
            found.append(_warning(pack, rule.id, field, message))
    return found
