"""The header of a document: which question, against what, when, how many draws, what
the bands leave out. Built once per result by :func:`header`; every document's context
(what-if, briefing note, ``explain NODE``) carries it as its ``header``, and
:func:`macrograph.explain.environment.render` gives its fields to the templates as
variables of their own (``draws``, ``focus_date``...), beside the context's.

Examples
--------
>>> from macrograph import propagate, RunOptions
>>> from macrograph.graph.synthetic import slump_pack
>>> pack = slump_pack()
>>> top = header(pack, propagate(pack, "a-slumps", RunOptions(draws=0, against="none")), "1m")
>>> top.scenario, top.focus, top.draws, top.comparison
('a-slumps', '1m', 0, 'in the comparison')
"""

from __future__ import annotations

import math
from datetime import date

from msgspec import Struct

from macrograph.explain.contexts.base import node_name
from macrograph.graph.errors import HorizonError
from macrograph.graph.records import ShockInfo
from macrograph.graph.result import DivergentDraws, Result
from macrograph.graph.words.reading import asked_words
from macrograph.rules.fields import period_noun
from macrograph.rules.pack import Pack


class LeftOut(Struct, frozen=True):
    """Monte Carlo draws the bands leave out, from ``date`` on. ``kind`` ``loop``: in them
    ``loop`` (labels, back to the first) had a gain of 1 or more (up to ``gain``);
    ``system``: the strongly connected set ``loop`` grew, by up to ``rate`` percent a
    ``per`` (the pack's period); ``instant``: its zero-lag rules fed back within a
    period with a gain of 1 or more, up to ``gain``; ``set``: the strongly connected set
    ``loop``, more than one loop, fed back with a gain of 1 or more (all lags summed)."""

    draws: int
    loop: tuple[str, ...]
    gain: float
    date: date
    kind: str = "loop"
    rate: float = 0.0
    per: str = "period"


def left_out(pack: Pack, result: Result) -> tuple[LeftOut, ...]:
    """The draws a result's bands leave out, loop by loop: a loop by its nodes' labels (an
    arrowed list), a set by its nodes' names as they read mid-sentence.

    Examples
    --------
    >>> from datetime import date
    >>> from msgspec.structs import replace
    >>> from macrograph import propagate, RunOptions
    >>> from macrograph.graph.records import DivergentDraws
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> pack = pack_of([rule("a_lifts_b", "a", "b", 0.9), rule("b_lifts_a", "b", "a", 0.9)])
    >>> result = propagate(pack, "none", RunOptions(draws=0))
    >>> left_out(pack, result)  # no draws, none left out
    ()
    >>> ran = DivergentDraws(("a", "b"), 12, 1.1, date(2025, 2, 3))  # 12 draws ran away
    >>> [out] = left_out(pack, replace(result, diverged=(ran,)))
    >>> out.draws, out.loop, out.gain, out.date
    (12, ('a', 'b', 'a'), 1.1, datetime.date(2025, 2, 3))
    """
    per = period_noun(pack.info.period)

    def names(d: DivergentDraws) -> tuple[str, ...]:
        if d.kind == "loop":
            return tuple(pack.nodes[n].label for n in (*d.loop, d.loop[0]))
        return tuple(node_name(pack, n) for n in d.loop)

    return tuple(
        LeftOut(
            d.draws,
            names(d),
            d.gain,
            d.date,
            d.kind,
            100.0 * (d.gain - 1.0),
            per,
        )
        for d in result.diverged
    )


def _noise_note(pack: Pack, result: Result) -> str:
    """What the Monte Carlo header says about the nodes' own noise ("" when the pack has none).

    Worded for any pack: a population's or a grid's noise is no market's.
    """
    if result.noise:
        count = len(result.noise)
        nodes = f"{count} node{'' if count == 1 else 's'}"
        return f"with random noise on {nodes}, shared with the comparison"
    if result.draws and any(n.volatility for n in pack.nodes.values()):
        return "parameter uncertainty only (no random noise)"
    return ""


class Header(Struct, frozen=True):
    """What every document says before its answer (see :func:`header`)."""

    pack_title: str
    as_of: date  # the pack's date
    scenario: str
    scenario_title: str
    asked: str  # a question in plain words as typed ("" for a scenario of the pack)
    summary: str  # the scenario's summary, on one line ("" for a question in words)
    against: str  # the comparison's id, "" for none (no shocks)
    against_title: str
    comparison: str  # how the comparison reads in a sentence
    as_priced: bool  # the question is what the comparison already does (as priced)
    priced: bool  # markets had put better than even odds on each decision of the scenario
    anchor: date
    period_from: date | None  # the day the event's period starts, where it is another day
    period_name: str  # the pack's period as a span ('month', '2 weeks')
    horizons: tuple[str, ...]
    dates: tuple[date, ...]  # of the horizons
    focus: str  # the horizon the prose reads
    focus_date: date
    draws: int
    seed: int
    left_out: tuple[LeftOut, ...]
    noise: str  # what the Monte Carlo header says about the nodes' noise
    overlay: str  # the id of the overlay applied to the pack, "" for none
    overlay_title: str  # its title, "" for none


def expected(shocks: tuple[ShockInfo, ...]) -> bool:
    """Whether markets had priced what the decisions among ``shocks`` do: at least one
    decision, and better than even odds on each one's outcome (the priced move when it is
    made, a hold when it is not); a 50% hike was not already priced.

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph import propagate, RunOptions
    >>> from macrograph.graph.synthetic import rate_skip, units_pack
    >>> skip = rate_skip()  # an 85%-priced 25bp hike that does not come
    >>> hike = replace(skip, shocks=(replace(skip.shocks[0], change=0.25),))  # that comes
    >>> [expected(propagate(units_pack(), s, RunOptions(draws=0)).shocks) for s in (hike, skip)]
    [True, False]
    >>> expected(())
    False
    """
    odds = [_odds(s) for s in shocks if s.priced_probability is not None]
    return bool(odds) and min(odds) > 0.5


def _odds(shock: ShockInfo) -> float:
    """The odds markets had put on what a decision did: its priced move, or a hold."""
    made = shock.change if shock.decision is None else shock.decision
    if shock.unpriced or shock.priced_change is None or made is None:
        return 0.0
    p = shock.priced_probability or 0.0
    if math.isclose(made, shock.priced_change, abs_tol=1e-9):
        return p
    return 1.0 - p if math.isclose(made, 0.0, abs_tol=1e-9) else 0.0


def horizon_of(result: Result, horizon: str | None) -> str:
    """``horizon`` checked against the result's horizons; default the last one.

    Raises
    ------
    HorizonError
        For a horizon the result was not run at; its ``reason`` names those it was.

    Examples
    --------
    >>> from macrograph import propagate, RunOptions
    >>> from macrograph.graph.synthetic import slump_pack
    >>> result = propagate(slump_pack(), "a-slumps", RunOptions(draws=0, horizons=("1w", "1m")))
    >>> horizon_of(result, None), horizon_of(result, "1w")
    ('1m', '1w')
    >>> horizon_of(result, "3m")
    Traceback (most recent call last):
    ...
    macrograph.graph.errors.HorizonError: not a horizon: '3m'
    """
    if horizon is None:
        return result.horizons[-1]
    if horizon not in result.horizons:
        reason = f"the result's horizons are {', '.join(result.horizons)}"
        raise HorizonError(horizon, reason=reason)
    return horizon


def header(pack: Pack, result: Result, focus: str | None = None) -> Header:
    """The header of any document about ``result``, its prose read at ``focus`` (default
    the last horizon).

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> top = header(pack, result, "1m")
    >>> top.scenario_title, top.comparison, top.focus, top.focus_date, top.draws
    ('A slumps', 'with no shocks', '1m', datetime.date(2025, 2, 5), 0)
    """
    h = focus or result.horizons[-1]
    spec = pack.scenarios.get(result.scenario)
    return Header(
        pack_title=pack.info.title,
        as_of=pack.info.as_of,
        scenario=result.scenario,
        scenario_title=result.title,
        asked=asked_words(result.reading),
        summary=" ".join(spec.summary.split()) if spec else "",
        against=result.against or "",
        against_title=result.against_title or "",
        comparison="in the comparison" if result.against else "with no shocks",
        as_priced=result.as_priced,
        priced=expected(result.shocks),
        anchor=result.anchor,
        period_from=result.anchor_period,
        period_name=period_noun(pack.info.period),
        horizons=result.horizons,
        dates=tuple(result.dates[x] for x in result.horizons),
        focus=h,
        focus_date=result.dates[h],
        draws=result.draws,
        seed=result.seed,
        left_out=left_out(pack, result),
        noise=_noise_note(pack, result),
        overlay=pack.overlay or "",
        overlay_title=pack.overlay_title,
    )
