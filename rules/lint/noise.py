"""Lint checks of the nodes' noise: a ``volatility``'s half-life, trading days and level.

- ``half_life`` is a whole number of the pack's periods, longer than zero;
- ``trades`` applies to a pack counted in days (elsewhere a volatility is per period);
- ``positive`` moves the log of the level: the node needs a baseline above zero, unless
  its unit reads changes as percents of the level;
- a ``positive`` volatility that moves the log of the level by more than 1 a period (the
  level times e, or over e times smaller, in one period at one standard deviation) is a
  warning: the draws overflow, and such a value is most often written in the level's unit
  where the unit reads changes as percents (400 for $400/t, 400% a month);
- an ``identity`` node takes its moves from its rules: it needs some.
"""

from __future__ import annotations

from collections.abc import Callable

from macrograph.rules import limits
from macrograph.rules.errors import PackIssue
from macrograph.rules.fields import period_noun
from macrograph.rules.models import Baseline, duration_days, duration_periods
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import vocabulary_for


def _error(pack: Pack, node: str, field: str, message: str, code: str) -> PackIssue:
    where = pack.locate("nodes", node)
    return PackIssue(where.file, where.line, node, field, message, "error", code)


def check_noise(pack: Pack) -> list[PackIssue]:
    """Each node's ``volatility`` fields fit the pack's period and the node's level.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> check_noise(load_pack())
    []
    """
    found = []
    period = pack.info.period
    vocab = vocabulary_for(pack.info)
    for node in pack.nodes.values():
        vol = node.volatility
        if vol is None:
            continue
        if vol.half_life is not None:
            problem = _half_life(vol.half_life, period)
            if problem is not None:
                found.append(_error(pack, node.id, "volatility.half_life", *problem))
        if vol.trades is not None and period != "1d":
            msg = (
                f"'trades' applies to a pack counted in days; this one counts {period}, "
                "so its volatility is per period"
            )
            found.append(_error(pack, node.id, "volatility.trades", msg, "trades-not-daily"))
        percent = vocab.unit(node.unit).change == "percent"
        if vol.positive and node.baseline is None and not percent:
            msg = "'positive' moves the log of the level: give the node a baseline above 0"
            found.append(_error(pack, node.id, "volatility.positive", msg, "no-level"))
        elif vol.positive and _log_step(vol.value, node.baseline, percent) > LOG_STEP_MOST:
            found.append(_too_wide(pack, node.id, vol.value, percent))
    targets = {r.target for r in pack.rules.values()}
    for node in pack.nodes.values():
        if node.identity and node.id not in targets:
            msg = "an identity takes its moves from its rules, and no rule reaches this node"
            found.append(_error(pack, node.id, "identity", msg, "identity-without-rules"))
    return found


LOG_STEP_MOST = 1.0
"""The most a ``positive`` volatility may move the log of a level in a period before lint
warns: one standard deviation multiplies the level by e."""


def _log_step(value: float, baseline: Baseline | None, percent: bool) -> float:
    """How far one period's standard deviation moves the log of the level: the volatility
    over 100 where changes are percents, over the baseline level elsewhere (0 without one).

    Examples
    --------
    >>> _log_step(400, None, True), _log_step(7, None, True)
    (4.0, 0.07)
    """
    if percent:
        return value / 100
    level = baseline.value if baseline is not None else 0.0
    return value / level if level > 0 else 0.0


def _too_wide(pack: Pack, node: str, value: float, percent: bool) -> PackIssue:
    """The warning for a volatility that multiplies the level by more than e a period."""
    per = period_noun(pack.info.period)
    said = f"{value:g}% a {per}" if percent else f"{value:g} a {per}, more than the level itself"
    msg = (
        f"a volatility of {said} moves the level by a factor of more than e each {per} and "
        "the draws overflow; the unit reads changes as percents, so is it written in the "
        "level's unit?"
        if percent
        else f"a volatility of {said} moves the level by a factor of more than e each "
        f"{per} and the draws overflow; is it in the node's unit?"
    )
    where = pack.locate("nodes", node)
    return PackIssue(where.file, where.line, node, "volatility.value", msg, "warning", "too-wide")


def _half_life(text: str, period: str) -> tuple[str, str] | None:
    """(message, code) when a half-life is not a whole, positive number of periods."""
    try:
        duration_periods(text, period)
    except ValueError:
        why = f"half_life {text} is not a whole number of the pack's periods ({period})"
        return why, "not-whole-periods"
    if duration_days(text) == 0:
        return "a half-life must be longer than zero (leave it out for a random walk)", (
            "zero-half-life"
        )
    try:
        limits.check_duration(text)
    except ValueError as err:
        return f"half_life {err}", "over-limit"
    return None


NOISE_CHECKS: tuple[Callable[[Pack], list[PackIssue]], ...] = (check_noise,)
