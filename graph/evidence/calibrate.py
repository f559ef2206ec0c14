"""Fit the rules' elasticities to the episodes' observations and score the fit honestly.

The fit itself is :mod:`macrograph.graph.evidence.fitting` (a maximum a posteriori estimate
with the rules' ranges as priors, a width not a cap, and standard errors). This module
chooses what it sees and how it is scored:

- ``until``: only episodes before that date are fitted (a frozen fit), and the episodes
  from then on are scored by it: a fit never sees the events it is scored on;
- the **held-out** scores: where the episodes span several years, each year after the
  first :data:`TRAINING_YEARS` of them (:func:`first_rolling_year`) is scored by a fit on
  the years before it (an expanding window); otherwise each episode by a fit on all the
  others (leave one out);
- the scores **before** and **after** on the fitted episodes themselves (in sample), beside
  the held-out ones, so that overfitting shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from msgspec import Struct
from msgspec.structs import replace

from macrograph.graph.engine.compile import compiled
from macrograph.graph.evidence.backtest import (
    Backtest,
    EpisodeScore,
    backtest,
    grouped,
    score_episode,
    select,
    summarise,
)
from macrograph.graph.evidence.fitting import (
    Fitted,
    events_behind,
    fit,
    free_rules,
    problem_of,
    reach,
    scales,
    with_elasticities,
)
from macrograph.graph.options import DRAWS, RunOptions
from macrograph.rules.episodes import Episode
from macrograph.rules.pack import Pack

TRAINING_YEARS = 3
"""The years of episodes the first expanding-window (rolling) fit is made on."""


def first_rolling_year(episodes: Sequence[Episode]) -> int | None:
    """The first year the rolling scores start from: :data:`TRAINING_YEARS` after the
    first episode's (the pack's own record, not a fixed calendar year); None without any.

    Examples
    --------
    >>> from macrograph.graph.synthetic import hike_pack
    >>> first_rolling_year(list(hike_pack().episodes.values())), first_rolling_year([])
    (2028, None)
    """
    first = min((e.date.year for e in episodes), default=None)
    return None if first is None else first + TRAINING_YEARS


LEAVE_ONE_OUT_UP_TO = 12
"""Episodes spanning fewer than two years, or this many or fewer, are held out one by one."""

__all__ = [
    "Calibration",
    "FitOptions",
    "Fitted",
    "calibrate",
    "fit",
    "free_rules",
    "frozen_scores",
    "rolling_scores",
    "with_elasticities",
]


class FitOptions(Struct, frozen=True):
    """What a calibration fits and how it scores: the episodes (ids, or only calendar or
    written ones), a date before which alone it fits, and the Monte Carlo of the scores."""

    ids: tuple[str, ...] = ()
    only: str | None = None
    until: date | None = None
    draws: int = DRAWS
    seed: int = 0


class Calibration(Struct, frozen=True):
    """The fit, the rules left alone, and the scores before, after and held out."""

    fitted: tuple[Fitted, ...]
    unreached: tuple[str, ...]  # no observation of the fit moves them
    before: Backtest
    after: Backtest
    held_out: Backtest  # every scored episode scored by a fit that did not see it
    fits_seen: dict[str, tuple[str, ...]]  # scored episode -> the episodes its fit saw
    until: date | None = None
    later: Backtest | None = None  # with ``until``: the episodes from then on, scored by the fit
    how: str = "leave-one-episode-out"  # or "rolling", how the held-out scores were made
    unweighed: tuple[str, ...] = ()  # moved only by observations of nodes with no volatility


def calibrate(
    pack: Pack,
    options: FitOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Calibration:
    """Fit the elasticities to the chosen episodes and score the fit honestly.

    Parameters
    ----------
    pack : Pack
    options : FitOptions, optional
        Which episodes, a date to fit before, and the scores' draws and seed.
    progress : callable, optional
        Called with (done, total) after each fit, for a progress bar.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> result = calibrate(load_pack("tests/packs/markets"), FitOptions(draws=0))
    >>> sorted(f.rule for f in result.fitted)[:2]
    ['path_lowers_stocks', 'path_sets_2y']
    """
    options = options or FitOptions()
    chosen = tuple(select(pack, options.ids, options.only))
    fitted_on = tuple(e for e in chosen if options.until is None or e.date < options.until)
    later = tuple(e for e in chosen if options.until is not None and e.date >= options.until)
    rolling = _rolls(chosen) and options.until is None
    folds = _folds(fitted_on, rolling)
    total = 1 + len(folds)
    free, unweighed = reach(pack, fitted_on)
    values, errors = fit(pack, fitted_on, free)
    if progress:
        progress(1, total)
    fitted_pack = with_elasticities(pack, values)
    held, seen = _held_out(pack, folds, options, progress, total)
    reached = {compiled(pack).edges.rule_ids[e] for e in (*free, *unweighed)}
    ids = [e.id for e in fitted_on]
    return Calibration(
        fitted=tuple(_fitted(pack, fitted_on, values, errors)),
        unreached=tuple(sorted(r for r in _sized_rules(pack) if r not in reached)),
        before=_scored(pack, ids, options),
        after=_scored(fitted_pack, ids, options),
        held_out=_collected(held, options, _how(rolling, fitted_on)),
        fits_seen=seen,
        until=options.until,
        later=_scored(fitted_pack, [e.id for e in later], options) if later else None,
        how="rolling" if rolling else "leave-one-episode-out",
        unweighed=tuple(sorted(compiled(pack).edges.rule_ids[e] for e in unweighed)),
    )


def rolling_scores(
    pack: Pack,
    options: FitOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Backtest:
    """Score each year from :func:`first_rolling_year` on by a fit on the years before it.

    Every scored episode is scored by a fit that saw only earlier episodes (an expanding
    window); the result's groups say how it did by institution, node, window and year.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> rolling_scores(load_pack("tests/packs/markets"), FitOptions(draws=0)).episodes
    ()
    """
    options = options or FitOptions()
    chosen = tuple(select(pack, options.ids, options.only))
    folds = _folds(chosen, True)
    held, _ = _held_out(pack, folds, options, progress, len(folds))
    return _collected(held, options, _how(True, chosen))


def frozen_scores(
    pack: Pack,
    options: FitOptions,
    progress: Callable[[int, int], None] | None = None,
) -> Backtest:
    """Score the episodes from ``options.until`` on by one fit on the episodes before it.

    Raises
    ------
    ValueError
        Without ``options.until``.

    Examples
    --------
    >>> from macrograph.graph.synthetic import hike_pack
    >>> found = frozen_scores(hike_pack(), FitOptions(until=date(2025, 1, 1), draws=0))
    >>> [e.id for e in found.episodes], found.overall.n  # 'hike' (6 Jan) and its two moves
    (['hike'], 2)
    >>> found.fitted  # nothing before 2025 to fit on: the pack's own sizes score it
    'scored by one fit on the 0 episodes before 2025-01-01'
    """
    if options.until is None:
        raise ValueError("a frozen fit needs a date to stop before")
    chosen = tuple(select(pack, options.ids, options.only))
    training = tuple(e for e in chosen if e.date < options.until)
    later = tuple(e for e in chosen if e.date >= options.until)
    held, _ = _held_out(pack, [(training, later)], options, progress, 1)
    how = f"scored by one fit on the {len(training)} episodes before {options.until}"
    return _collected(held, options, how)


Fold = tuple[tuple[Episode, ...], tuple[Episode, ...]]  # (fitted on, scored)


def _how(rolling: bool, episodes: Sequence[Episode]) -> str:
    if rolling:
        first = first_rolling_year(episodes)
        return f"each year from {first} on scored by a fit on the years before it"
    return "each episode scored by a fit on all the others"


def _rolls(episodes: Sequence[Episode]) -> bool:
    years = {e.date.year for e in episodes}
    return len(episodes) > LEAVE_ONE_OUT_UP_TO and len(years) > 1


def _folds(episodes: Sequence[Episode], rolling: bool) -> list[Fold]:
    """The (training, scored) pairs: by year (expanding), or one episode at a time."""
    if not rolling:
        return [(tuple(o for o in episodes if o.id != e.id), (e,)) for e in episodes]
    first = first_rolling_year(episodes) or 0
    years = sorted({e.date.year for e in episodes if e.date.year >= first})
    return [
        (
            tuple(e for e in episodes if e.date.year < year),
            tuple(e for e in episodes if e.date.year == year),
        )
        for year in years
        if any(e.date.year < year for e in episodes)
    ]


def _held_out(
    pack: Pack,
    folds: Sequence[Fold],
    options: FitOptions,
    progress: Callable[[int, int], None] | None,
    total: int,
) -> tuple[list[EpisodeScore], dict[str, tuple[str, ...]]]:
    held: list[EpisodeScore] = []
    seen: dict[str, tuple[str, ...]] = {}
    for k, (training, scored) in enumerate(folds):
        values, _ = fit(pack, training, free_rules(pack, training))
        trained = with_elasticities(pack, values)
        for episode in scored:
            seen[episode.id] = tuple(e.id for e in training)
            held.append(score_episode(trained, episode, options.draws, options.seed))
        if progress:
            progress(total - len(folds) + k + 1, total)
    return held, seen


def _scored(pack: Pack, ids: Sequence[str], options: FitOptions) -> Backtest:
    """The backtest of exactly the episodes ``ids`` (none: an empty one)."""
    if ids:
        return backtest(pack, ids, RunOptions(draws=options.draws, seed=options.seed))
    return replace(_collected([], options, None), overlay=pack.overlay)


def _collected(held: list[EpisodeScore], options: FitOptions, fitted: str | None) -> Backtest:
    everything = [o for e in held for o in e.observations]
    return Backtest(
        episodes=tuple(held),
        overall=summarise(everything),
        worst=(),
        draws=options.draws,
        seed=options.seed,
        overlay=None,
        groups=grouped(everything),
        missing=tuple(m for e in held for m in e.missing),
        fitted=fitted,
    )


def _fitted(
    pack: Pack, episodes: Sequence[Episode], values: dict[int, float], errors: dict[int, float]
) -> list[Fitted]:
    comp = compiled(pack)
    free = sorted(values, key=lambda e: comp.edges.rule_ids[e])
    problem = problem_of(pack, episodes, free)
    behind = events_behind(pack, episodes, free)
    found = []
    for k, e in enumerate(free):
        scale = float(scales(comp)[e])
        count, first, last = behind.get(e, (0, None, None))
        found.append(
            Fitted(
                rule=comp.edges.rule_ids[e],
                old=float(problem.prior[k]),
                new=scale * values[e],
                low=float(problem.low[k]),
                high=float(problem.high[k]),
                prior_sd=float(problem.prior_sd[k]),
                se=errors[e],
                events=count,
                first=first,
                last=last,
            )
        )
    return found


def _sized_rules(pack: Pack) -> list[str]:
    """The rules a fit could move: sized, with a range (one that states a point is no
    rule to fit, whether an observation reaches it or not)."""
    sized = [(r.id, getattr(r, "magnitude", None)) for r in pack.rules.values()]
    ranged = [i for i, m in sized if m is not None and m.range and m.range[1] > m.range[0]]
    return sorted(ranged)
