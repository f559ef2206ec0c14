"""Score the pack's answers against what happened: its episodes' observed moves.

For every observation the model's median and p5-p95 band are set beside the observed
move, typed by hand or read from the pack's series (:mod:`macrograph.rules.observations`).
The bands are those an observer of the episode would see (see
:func:`~macrograph.graph.propagate.observe`): the shocks' effect over the rules' ranges
and the noise of each node that states a ``volatility``, in the episode's world only.
The scores, overall, per episode and by institution, node, window and year, are:

- the **sign hit rate**, over observations that moved more than half a day's standard
  deviation (smaller moves carry no sign);
- the **size ratio**, the median of predicted / observed over the observations whose sign
  counts and agrees (1 is the right size; 0.3 a third of it);
- the **skill** against predicting no move, ``1 - sum|e| / sum|o|`` with each miss ``e`` and
  each move ``o`` in units of its market noise over the window (0: no better than saying
  nothing moves; 1: perfect; negative: worse than nothing);
- the **median |z|**, z = (observed - predicted) / (the noise's standard deviation over
  the window);
- the **coverage**, the share of observations inside their p5-p95 band;
- the **call hit rate**, the sign hit rate where the model calls a move: a predicted move
  larger than half a day's standard deviation (most policy days move markets less than the
  day's other news: where the model expects little, its sign says little).

An observation the data cannot give (no close near enough) is listed as missing, not
scored.

A window counts calendar days from the episode's date: ``0d`` is the move from the
close before the event to the close of its day, ``1d`` to the next day's close. A
window of N days spans the event's own day, a trading day, and N days more, of which
a node that trades on weekdays trades 252 / 365: that is the noise it carries (see
:meth:`~macrograph.rules.models.Volatility.spread`), as the Monte Carlo adds it from
the event's own day on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from statistics import median

from msgspec import Struct

from macrograph.graph.errors import UnknownEpisodeError
from macrograph.graph.evidence.carriers import Carrier, carriers
from macrograph.graph.evidence.expectations import ExpectationCheck, check_expectations
from macrograph.graph.montecarlo import Sampling
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import observe
from macrograph.graph.scenarios import ScenarioSpec, ShockSpec
from macrograph.rules.english.suggest import closest
from macrograph.rules.episodes import Episode
from macrograph.rules.models import Citation, Node, duration_days, duration_periods
from macrograph.rules.observations import Observed, observations
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import EPISODE_SETS

SMALL_MOVE = 0.5  # observed moves below this many daily standard deviations carry no sign
WORST = 5


class ObservationScore(Struct, frozen=True):
    """One observed move beside the model's answer."""

    episode: str
    node: str
    label: str
    unit: str
    window: str
    date: date
    observed: float
    predicted: float
    low: float | None
    high: float | None
    sd: float | None
    cites: Citation
    daily: float | None = None  # the node's noise on one trading day
    institution: str | None = None
    series: str | None = None

    @property
    def z(self) -> float | None:
        """(observed - predicted) in units of market noise over the window; None without one."""
        return None if not self.sd else (self.observed - self.predicted) / self.sd

    @property
    def counts_for_sign(self) -> bool:
        """Whether the observed move is big enough for its sign to count."""
        return abs(self.observed) > SMALL_MOVE * (self.daily or 0.0) and self.observed != 0.0

    @property
    def sign_agrees(self) -> bool | None:
        """Whether predicted and observed point the same way (None when the move is too small)."""
        if not self.counts_for_sign:
            return None
        return (self.predicted > 0) == (self.observed > 0) and self.predicted != 0.0

    @property
    def inside(self) -> bool | None:
        """Whether the observed move lies inside the p5-p95 band (None without a band)."""
        if self.low is None or self.high is None:
            return None
        return self.low <= self.observed <= self.high

    @property
    def is_call(self) -> bool:
        """Whether the model calls a move here: one larger than half a day's noise."""
        return abs(self.predicted) > SMALL_MOVE * (self.daily or 0.0) > 0.0

    @property
    def size_ratio(self) -> float | None:
        """predicted / observed where the signs agree on a move big enough to count."""
        return self.predicted / self.observed if self.sign_agrees else None


class Scores(Struct, frozen=True):
    """Summary scores over a set of observations (see the module's docstring)."""

    n: int
    sign_n: int
    sign_hit_rate: float | None
    median_abs_z: float | None
    z_n: int
    coverage: float | None
    band_n: int
    size_ratio: float | None = None
    size_n: int = 0
    skill: float | None = None
    call_hit_rate: float | None = None  # sign hits where the model calls a move (see is_call)
    call_n: int = 0


class GroupScores(Struct, frozen=True):
    """The scores of the observations sharing one value of a grouping (``by``: institution,
    node, window or year; ``key``: its value)."""

    by: str
    key: str
    scores: Scores


class Worst(Struct, frozen=True):
    """A badly explained observation and the rules that carried its prediction."""

    observation: ObservationScore
    carriers: tuple[Carrier, ...]


class EpisodeScore(Struct, frozen=True):
    """An episode's observations and scores."""

    id: str
    title: str
    date: date
    observations: tuple[ObservationScore, ...]
    scores: Scores
    worst: tuple[Worst, ...]
    institution: str | None = None
    missing: tuple[Observed, ...] = ()
    event: str | None = None  # the calendar event it was made from


class Backtest(Struct, frozen=True):
    """Every episode's scores and the overall ones."""

    episodes: tuple[EpisodeScore, ...]
    overall: Scores
    worst: tuple[Worst, ...]
    draws: int
    seed: int
    overlay: str | None
    expectations: tuple[ExpectationCheck, ...] = ()
    groups: tuple[GroupScores, ...] = ()
    missing: tuple[Observed, ...] = ()
    fitted: str | None = None  # how the scores were held out from a fit, if they were

    @property
    def events(self) -> int:
        """How many episodes were scored."""
        return len(self.episodes)

    def by(self, name: str) -> tuple[GroupScores, ...]:
        """The scores grouped by ``name`` (institution, node, window or year)."""
        return tuple(g for g in self.groups if g.by == name)


def _daily_sd(node: Node) -> float | None:
    """The node's typical daily move (its ``volatility``), or None when it states none."""
    return node.volatility.value if node.volatility is not None else None


def episode_spec(episode: Episode) -> ScenarioSpec:
    """An episode as the propagator sees a scenario: its shocks, read from its date.

    Examples
    --------
    >>> from macrograph.rules.episodes import Episode
    >>> ep = Episode.model_validate({"id": "e", "title": "E", "date": "2024-07-31",
    ...     "shocks": [{"node": "a", "date": "2024-07-31", "change": 1.0, "label": "A"}],
    ...     "observed": [{"node": "b", "window": "1d", "change": 1.0,
    ...                   "cites": {"basis": "observed"}}]}, strict=False)
    >>> episode_spec(ep).anchor
    datetime.date(2024, 7, 31)
    """
    shocks = tuple(
        sorted(
            (
                ShockSpec(s.node, s.date, s.label, s.change, s.level, s.priced, s.cites)
                for s in episode.shocks
            ),
            key=lambda s: (s.date, s.node),
        )
    )
    return ScenarioSpec(
        id=episode.id,
        title=episode.title,
        summary=episode.summary or episode.title,
        shocks=shocks,
        against=episode.against,
        anchor=episode.date,
    )


def windows(episode: Episode) -> tuple[str, ...]:
    """The episode's observation windows (those of ``observe`` too), shortest first.

    Examples
    --------
    >>> from macrograph.graph.synthetic import hike_pack
    >>> windows(hike_pack().episodes["hike"])
    ('1d', '1w')
    """
    found = {o.window for o in episode.observed}
    found |= set(episode.observe.windows if episode.observe else ())
    return tuple(sorted(found, key=lambda w: (duration_days(w), w)))


ONLY = EPISODE_SETS
"""Sets of episodes: those made from the pack's calendar, and those written in it by hand."""


def select(pack: Pack, ids: Sequence[str] = (), only: str | None = None) -> list[Episode]:
    """The episodes named by ``ids`` (all of the pack's, in date order, when empty), or only
    those made from the calendar (``only="calendar"``) or written by hand (``"written"``).

    Raises
    ------
    UnknownEpisodeError
        For an id the pack does not have, with the closest ids.

    Examples
    --------
    >>> from macrograph.graph.synthetic import hike_pack
    >>> [e.id for e in select(hike_pack())], select(hike_pack(), only="calendar")  # by hand
    (['hike'], [])
    """
    if not ids:
        chosen = sorted(pack.episodes.values(), key=lambda e: (e.date, e.id))
        if only is None:
            return chosen
        return [e for e in chosen if (e.event is not None) == (only == "calendar")]
    found = []
    for episode_id in ids:
        if episode_id not in pack.episodes:
            close = closest(episode_id, pack.episodes, cutoff=50)
            raise UnknownEpisodeError(episode_id, close)
        found.append(pack.episodes[episode_id])
    return found


def backtest(
    pack: Pack,
    ids: Sequence[str] = (),
    options: RunOptions = RunOptions(),
    progress: Callable[[int, int], None] | None = None,
    only: str | None = None,
) -> Backtest:
    """Score every observation of the chosen episodes (default: all of them).

    Parameters
    ----------
    pack : Pack
    ids : sequence of str
        Episode ids; empty for all.
    options : RunOptions
        Its draws and seed: the Monte Carlo of the bands (0 draws: point predictions
        only, no bands). Each episode is compared as it declares, over its own windows.
    progress : callable, optional
        Called with (done, total) after each episode, for a progress bar.
    only : str, optional
        ``"calendar"`` or ``"written"``: only the episodes made from the calendar, or only
        those written by hand (when no ``ids`` are given).

    Examples
    --------
    >>> from macrograph.graph.synthetic import hike_pack
    >>> scores = backtest(hike_pack(), options=RunOptions(draws=0)).overall
    >>> scores.n, scores.sign_n, scores.sign_hit_rate, scores.size_ratio  # -0.2% said, -0.3% seen
    (2, 1, 1.0, 0.4)
    """
    chosen = select(pack, ids, only)
    done: list[EpisodeScore] = []
    for episode in chosen:
        done.append(score_episode(pack, episode, options.draws, options.seed))
        if progress is not None:
            progress(len(done), len(chosen))
    scored = tuple(done)
    everything = [o for e in scored for o in e.observations]
    return Backtest(
        episodes=scored,
        overall=summarise(everything),
        worst=tuple(sorted((w for e in scored for w in e.worst), key=_badness)[:WORST]),
        draws=options.draws,
        seed=options.seed,
        overlay=pack.overlay,
        expectations=check_expectations(pack),
        groups=grouped(everything),
        missing=tuple(m for e in scored for m in e.missing),
    )


GROUPINGS: tuple[tuple[str, Callable[[ObservationScore], str | None]], ...] = (
    ("institution", lambda o: o.institution),
    ("node", lambda o: o.node),
    ("window", lambda o: o.window),
    ("year", lambda o: str(_event_day(o).year)),
)


def _event_day(obs: ObservationScore) -> date:
    """The day of an observation's episode (its ``date`` is where its window ends): an
    episode is counted in the year it happened, whatever its windows (a quarter's after a
    frost in July ends in the next year)."""
    return obs.date - timedelta(days=duration_days(obs.window))


def grouped(observations: Sequence[ObservationScore]) -> tuple[GroupScores, ...]:
    """Scores by institution, node, window and year (observations without an institution
    are not grouped by one), each grouping in key order (windows by length).

    Examples
    --------
    >>> grouped([])
    ()
    """
    found = []
    for name, key_of in GROUPINGS:
        parts: dict[str, list[ObservationScore]] = {}
        for o in observations:
            key = key_of(o)
            if key is not None:
                parts.setdefault(key, []).append(o)
        order = (lambda k: (duration_days(k), k)) if name == "window" else (lambda k: (0, k))
        for key in sorted(parts, key=order):
            found.append(GroupScores(name, key, summarise(parts[key])))
    return tuple(found)


def score_episode(pack: Pack, episode: Episode, draws: int, seed: int) -> EpisodeScore:
    """One episode: propagate its shocks and set each observation beside what an observer
    of it would see.

    Examples
    --------
    >>> from macrograph.graph.synthetic import hike_pack
    >>> scored = score_episode(hike_pack(), hike_pack().episodes["hike"], draws=0, seed=0)
    >>> [(o.window, o.observed, o.predicted) for o in scored.observations]
    [('1d', -0.3, -0.2), ('1w', -0.5, -0.2)]
    """
    sampling = Sampling(draws, seed)
    result = observe(pack, episode_spec(episode), episode.against, windows(episode), sampling)
    found: list[ObservationScore] = []
    carried: dict[int, tuple[Carrier, ...]] = {}
    stated = observations(pack, episode)
    for obs in stated:
        if obs.value is None:
            continue
        outcome = result.nodes[obs.node]
        node = pack.nodes[obs.node]
        band = outcome.band[obs.window] if outcome.band else None
        vol = _daily_sd(node)
        score = ObservationScore(
            episode=episode.id,
            node=obs.node,
            label=node.label,
            unit=node.unit,
            window=obs.window,
            date=episode.date + timedelta(days=duration_days(obs.window)),
            observed=obs.value,
            predicted=band.p50 if band else outcome.delta[obs.window],
            low=band.p5 if band else None,
            high=band.p95 if band else None,
            sd=noise_sd(pack, node, obs.window),
            cites=obs.cites,
            daily=vol,
            institution=episode.institution,
            series=obs.series,
        )
        carried[len(found)] = carriers(outcome.contributions, obs.window)
        found.append(score)
    scored = tuple(found)
    worst = sorted(
        (Worst(o, carried[i]) for i, o in enumerate(scored) if _explained_badly(o)),
        key=_badness,
    )
    missing = tuple(o for o in stated if o.value is None)
    return EpisodeScore(
        episode.id,
        episode.title,
        episode.date,
        scored,
        summarise(found),
        tuple(worst),
        episode.institution,
        missing,
        episode.event,
    )


def summarise(scored: Sequence[ObservationScore]) -> Scores:
    """The scores of the module's docstring over ``scored``.

    Examples
    --------
    >>> from macrograph.rules.models import Citation
    >>> def obs(o, p):
    ...     return ObservationScore("e", "n", "N", "pct", "0d", date(2024, 1, 2), o, p,
    ...                             p - 1, p + 1, 1.0, Citation(basis="observed"))
    >>> s = summarise([obs(2.0, 1.0), obs(-1.0, -0.5), obs(1.0, -1.0)])
    >>> round(s.sign_hit_rate, 3), s.size_ratio, s.skill, round(s.coverage, 3)
    (0.667, 0.5, 0.125, 0.667)
    """
    signs = [o.sign_agrees for o in scored if o.sign_agrees is not None]
    zs = [abs(o.z) for o in scored if o.z is not None]
    inside = [o.inside for o in scored if o.inside is not None]
    ratios = [r for r in (o.size_ratio for o in scored) if r is not None]
    calls = [o.sign_agrees for o in scored if o.is_call and o.sign_agrees is not None]
    return Scores(
        n=len(scored),
        sign_n=len(signs),
        sign_hit_rate=sum(signs) / len(signs) if signs else None,
        median_abs_z=median(zs) if zs else None,
        z_n=len(zs),
        coverage=sum(inside) / len(inside) if inside else None,
        band_n=len(inside),
        size_ratio=median(ratios) if ratios else None,
        size_n=len(ratios),
        skill=_skill(scored),
        call_hit_rate=sum(calls) / len(calls) if calls else None,
        call_n=len(calls),
    )


def _skill(scored: Sequence[ObservationScore]) -> float | None:
    """1 - sum|miss| / sum|move|, each in units of its noise (raw where a node has none)."""
    misses = sum(abs(o.observed - o.predicted) / (o.sd or 1.0) for o in scored)
    moves = sum(abs(o.observed) / (o.sd or 1.0) for o in scored)
    return 1.0 - misses / moves if moves > 0 else None


def _explained_badly(o: ObservationScore) -> bool:
    return o.sign_agrees is False or o.inside is False or (o.z is not None and abs(o.z) > 1.0)


def _badness(w: Worst) -> tuple[float, str, str, str]:
    o = w.observation
    size = abs(o.z) if o.z is not None else abs(o.observed - o.predicted)
    wrong_way = 1.0 if o.sign_agrees is False else 0.0
    return (-(wrong_way * 1e6 + size), o.episode, o.node, o.window)


def noise_sd(pack: Pack, node: Node, window: str) -> float | None:
    """The standard deviation of ``node``'s noise over an observation window (the event's
    period and the window's periods after it), or None when it states no ``volatility``.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> pack = units_pack()  # price moves 0.6% a day, on weekdays
    >>> round(noise_sd(pack, pack.nodes["price"], "0d"), 2)  # the event's day: a trading day
    0.6
    """
    if node.volatility is None:
        return None
    periods = duration_periods(window, pack.info.period)
    return node.volatility.spread(periods, pack.info.period)
