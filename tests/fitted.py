"""What the bundled pack's fitted rules make of a surprise, derived by hand from the pack.

Tests compare the propagator's moves with these sums, so a changed route (a rule added
or dropped on the way, a loop counted twice) fails even when the fitted sizes move.

Examples
--------
>>> from macrograph.rules import load_pack
>>> pack = load_pack()
>>> signed(pack, "boj_path_strengthens_yen") < 0 < carry_loop_gain(pack) < 1
True
"""

from __future__ import annotations

from dataclasses import dataclass

from macrograph.graph.engine.compile import decay_keep
from macrograph.rules.models import IntegrateRule, LinearRule
from macrograph.rules.pack import Pack


def signed(pack: Pack, rule: str) -> float:
    """The rule's fitted elasticity with its sign: target units per source unit."""
    found = pack.rules[rule]
    assert isinstance(found, LinearRule | IntegrateRule) and found.magnitude is not None
    return found.scale * found.magnitude.elasticity


def kept(pack: Pack, rule: str, periods: int = 1) -> float:
    """The share of a fading rule's effect left ``periods`` periods after the move."""
    found = pack.rules[rule]
    assert isinstance(found, LinearRule)
    return decay_keep(found.decay, pack.info.period) ** periods


def carry_loop_gain(pack: Pack) -> float:
    """The same-day loop USD/JPY -> yen carry positions -> USD/JPY: its elasticities' product."""
    return signed(pack, "yen_squeeze_unwinds_carry") * signed(pack, "carry_sells_yen")


@dataclass(frozen=True)
class YenAndCarry:
    """USD/JPY (% change) and yen carry positions ($bn) once the same-day loop settles."""

    usd_jpy: float
    carry: float


def yen_and_carry(pack: Pack, first_yen: float, gap: float) -> YenAndCarry:
    """Solve the loop for a first USD/JPY move and a move in the 2y rate gap (pp).

    The gap's carry flow builds positions (one day's flow, at a 1d horizon); positions
    sell yen and a weaker yen builds positions: ``u = y + s c``, ``c = q u + f``.
    """
    flow = signed(pack, "rate_gap_drives_carry") * signed(pack, "carry_positions_accumulate") * gap
    amplify = 1.0 / (1.0 - carry_loop_gain(pack))
    usd_jpy = (first_yen + signed(pack, "carry_sells_yen") * flow) * amplify
    return YenAndCarry(usd_jpy, signed(pack, "yen_squeeze_unwinds_carry") * usd_jpy + flow)


def outside_prior(pack: Pack, rule: str) -> bool:
    """Whether the data put the rule's elasticity outside its literature prior range."""
    found = pack.rules[rule]
    assert isinstance(found, LinearRule) and found.magnitude is not None
    estimate = found.magnitude.estimate
    assert estimate is not None and estimate.prior_range is not None
    low, high = estimate.prior_range
    return not low <= found.magnitude.elasticity <= high
