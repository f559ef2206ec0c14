"""A node's market noise (its volatility, how it trades, how fast it reverts), read by the
Monte Carlo and the backtest's z-scores.

Examples
--------
>>> Volatility(value=0.6, cites=Citation(basis="assumption")).trades is None
True
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from macrograph.rules.fields import Citation, Duration, Model, duration_periods

TRADING_DAYS = 252
"""Trading days in a year of 365 on a market that trades on weekdays: 52 weeks of 5 days
(260) less about 8 holidays. A daily pack's node that trades on weekdays moves on
``TRADING_DAYS / 365`` of its calendar days."""


class Volatility(Model):
    """A node's noise of its own: the standard deviation of one period's move in its unit,
    with its citation.

    In a pack counted in days ``value`` is per day it moves, and ``trades`` says which
    days those are: ``every_day`` (the default since pack language 3: an epidemic, a grid,
    a market that never closes) or ``weekdays`` (a market's calendar, the default up to
    language 2: 252 trading days in 365, so a calendar day carries ``252 / 365`` of a
    trading day's variance; the event's own day is a trading day). In a pack counted in
    weeks, months, quarters or years ``value`` is per period and no trading calendar applies.

    Monte Carlo adds it as noise (see :mod:`macrograph.graph.engine.noise`): a random walk, or
    with ``half_life`` a process that reverts to zero, halving every half-life; with
    ``positive`` it moves the log of the level, which then never reaches zero (a price,
    a volatility index, a stock of positions or of animals).

    Examples
    --------
    >>> vol = Volatility(value=0.6, trades="weekdays", cites=Citation(basis="assumption"))
    >>> round(vol.share("1d"), 3), vol.share("1m"), round(vol.spread(90, "1d"), 2)
    (0.69, 1.0, 4.77)
    >>> Volatility(value=0.6, cites=Citation(basis="assumption")).share("1d")
    1.0
    """

    value: Annotated[float, Field(gt=0.0)]
    trades: Literal["weekdays", "every_day"] | None = None
    half_life: Duration | None = None
    positive: bool = False
    cites: Citation

    def share(self, period: str) -> float:
        """A period's variance after the event's, in units of ``value`` squared: the share
        of trading days in a daily pack's calendar day for ``weekdays``, else 1."""
        if period != "1d" or self.trades != "weekdays":
            return 1.0
        return TRADING_DAYS / 365

    def keep(self, period: str) -> float:
        """The share of the noise a period keeps: 0.5 ** (1 / half-life in periods), or 1
        for a random walk (no ``half_life``)."""
        if self.half_life is None:
            return 1.0
        return float(0.5 ** (1.0 / max(duration_periods(self.half_life, period), 1)))

    def spread(self, periods: int, period: str = "1d") -> float:
        """The standard deviation of the noise over the event's own period and ``periods``
        more, in the node's unit (for ``positive``, to first order: a move of ``value`` is
        ``value / level`` in logs)."""
        keep, later = self.keep(period), self.share(period)
        if keep >= 1.0:
            variance = 1.0 + later * periods
        else:
            fade = keep ** (2 * periods)
            variance = fade + later * (1.0 - fade) / (1.0 - keep**2)
        return float(self.value * variance**0.5)
