"""Score the pack's answers against what happened: its episodes' observed moves.

For every observation the model's median and p5-p95 band are set beside the observed
move. The bands are those an observer of the episode would see (see
:func:`~macrograph.graph.propagate.observe`): the shocks' effect over the rules' ranges
and the noise of each node that states a ``volatility``, in the episode's world only.
The scores per episode and overall are the sign hit rate (over observations that moved
more than half a daily standard deviation), the median |z| with
z = (observed - predicted) / (the noise's standard deviation over the window), and the
share of observations inside their band.

A window counts calendar days from the episode's date: ``0d`` is the move from the
close before the event to the close of its day, ``1d`` to the next day's close. A
window of N days spans the event's own day, a trading day, and N days more, of which
a node that trades on weekdays trades 252 / 365: that is the noise it carries (see
:meth:`~macrograph.rules.models.Volatility.spread`), as the Monte Carlo adds it from
the event's own day on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from macrograph.graph.errors import UnknownScenarioError
from macrograph.graph.evidence.expectations import ExpectationCheck, check_expectations
from macrograph.graph.scenarios import ScenarioSpec, ShockSpec
from macrograph.rules.episodes import Episode
from macrograph.rules.models import Citation, Node, duration_days, duration_periods
from macrograph.rules.pack import Pack

DEFAULT_DRAWS = 1000
SMALL_MOVE = 0.5  # observed moves below this many daily standard deviations carry no sign
WORST = 5


@dataclass(frozen=True)
class Carrier:
    """A rule path that carried part of a prediction, and how much."""

    rules: tuple[str, ...]
    amount: float


@dataclass(frozen=True)
class ObservationScore:
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


@dataclass(frozen=True)
class Scores:
    """Summary scores over a set of observations."""

    n: int
    sign_n: int
    sign_hit_rate: float | None
    median_abs_z: float | None
    z_n: int
    coverage: float | None
    band_n: int


@dataclass(frozen=True)
class Worst:
    """A badly explained observation and the rules that carried its prediction."""

    observation: ObservationScore
    carriers: tuple[Carrier, ...]


@dataclass(frozen=True)
class EpisodeScore:
    """An episode's observations and scores."""

    id: str
    title: str
    date: date
    observations: tuple[ObservationScore, ...]
    scores: Scores
    worst: tuple[Worst, ...]


@dataclass(frozen=True)
class Backtest:
    """Every episode's scores and the overall ones."""

    episodes: tuple[EpisodeScore, ...]
    overall: Scores
    worst: tuple[Worst, ...]
    draws: int
    seed: int
    overlay: str | None
    expectations: tuple[ExpectationCheck, ...] = ()


def daily_sd(node: Node) -> float | None:
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
    """The episode's observation windows, shortest first."""
    return tuple(sorted({o.window for o in episode.observed}, key=lambda w: (duration_days(w), w)))


def select(pack: Pack, ids: Sequence[str] = ()) -> list[Episode]:
    """The episodes named by ``ids`` (all of the pack's, in date order, when empty).

    Raises
    ------
    UnknownScenarioError
        For an id the pack does not have, with the closest ids.
    """
    import difflib

    if not ids:
        return sorted(pack.episodes.values(), key=lambda e: (e.date, e.id))
    found = []
    for episode_id in ids:
        if episode_id not in pack.episodes:
            close = difflib.get_close_matches(episode_id, sorted(pack.episodes), n=3, cutoff=0.5)
            raise UnknownScenarioError(episode_id, close, ["an episode id of the pack"])
        found.append(pack.episodes[episode_id])
    return found


def backtest(
    pack: Pack,
    ids: Sequence[str] = (),
    draws: int = DEFAULT_DRAWS,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> Backtest:
    """Score every observation of the chosen episodes (default: all of them).

    Parameters
    ----------
    pack : Pack
    ids : sequence of str
        Episode ids; empty for all.
    draws, seed : int
        Monte Carlo draws for the bands (0: point predictions only, no bands).
    progress : callable, optional
        Called with (done, total) after each episode, for a progress bar.
    """
    chosen = select(pack, ids)
    done: list[EpisodeScore] = []
    for episode in chosen:
        done.append(score_episode(pack, episode, draws, seed))
        if progress is not None:
            progress(len(done), len(chosen))
    scored = tuple(done)
    everything = [o for e in scored for o in e.observations]
    return Backtest(
        episodes=scored,
        overall=summarise(everything),
        worst=tuple(sorted((w for e in scored for w in e.worst), key=_badness)[:WORST]),
        draws=draws,
        seed=seed,
        overlay=pack.overlay,
        expectations=check_expectations(pack),
    )


def score_episode(pack: Pack, episode: Episode, draws: int, seed: int) -> EpisodeScore:
    """One episode: propagate its shocks and set each observation beside what an observer
    of it would see."""
    from macrograph.graph.montecarlo import Sampling
    from macrograph.graph.propagate import observe

    sampling = Sampling(draws, seed)
    result = observe(pack, episode_spec(episode), episode.against, windows(episode), sampling)
    found: list[ObservationScore] = []
    carried: dict[int, tuple[Carrier, ...]] = {}
    for obs in episode.observed:
        outcome = result.nodes[obs.node]
        node = pack.nodes[obs.node]
        band = outcome.band[obs.window] if outcome.band else None
        vol = daily_sd(node)
        score = ObservationScore(
            episode=episode.id,
            node=obs.node,
            label=node.label,
            unit=node.unit,
            window=obs.window,
            date=episode.date + timedelta(days=duration_days(obs.window)),
            observed=obs.change,
            predicted=band.p50 if band else outcome.delta[obs.window],
            low=band.p5 if band else None,
            high=band.p95 if band else None,
            sd=noise_sd(pack, node, obs.window),
            cites=obs.cites,
            daily=vol,
        )
        carried[len(found)] = tuple(
            Carrier(c.rules, c.amount[obs.window])
            for c in outcome.contributions
            if c.rules and abs(c.amount[obs.window]) > 1e-12
        )[:3]
        found.append(score)
    observations = tuple(found)
    worst = sorted(
        (Worst(o, carried[i]) for i, o in enumerate(observations) if _explained_badly(o)),
        key=_badness,
    )
    return EpisodeScore(
        episode.id, episode.title, episode.date, observations, summarise(found), tuple(worst)
    )


def summarise(observations: Sequence[ObservationScore]) -> Scores:
    """Sign hit rate, median |z| and band coverage over ``observations``."""
    signs = [o.sign_agrees for o in observations if o.sign_agrees is not None]
    zs = [abs(o.z) for o in observations if o.z is not None]
    inside = [o.inside for o in observations if o.inside is not None]
    return Scores(
        n=len(observations),
        sign_n=len(signs),
        sign_hit_rate=sum(signs) / len(signs) if signs else None,
        median_abs_z=median(zs) if zs else None,
        z_n=len(zs),
        coverage=sum(inside) / len(inside) if inside else None,
        band_n=len(inside),
    )


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
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack()
    >>> round(noise_sd(pack, pack.nodes["usd_jpy"], "0d"), 2)  # the event's day: a trading day
    0.6
    """
    if node.volatility is None:
        return None
    periods = duration_periods(window, pack.info.period)
    return node.volatility.spread(periods, pack.info.period)
