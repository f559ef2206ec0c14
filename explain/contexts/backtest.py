"""Typed template contexts of ``backtest`` and ``calibrate``: rows of plain values.

Examples
--------
>>> from macrograph import RunOptions, load_pack
>>> from macrograph.graph.evidence.backtest import backtest
>>> pack = load_pack()
>>> written = backtest(pack, options=RunOptions(draws=0), only="written")
>>> context = build_backtest(pack, written)
>>> context.overall.n > 0
True
"""

from __future__ import annotations

from msgspec import Struct
from msgspec.structs import replace

from macrograph.explain.contexts.base import node_name
from macrograph.explain.files import is_stdout
from macrograph.explain.filters import band, move
from macrograph.explain.wording.speaking import speaks_pack
from macrograph.graph.evidence.backtest import (
    Backtest,
    EpisodeScore,
    GroupScores,
    ObservationScore,
    Scores,
    Worst,
)
from macrograph.graph.evidence.calibrate import Calibration
from macrograph.graph.evidence.expectations import ExpectationCheck
from macrograph.rules.columns import cells as columns_of
from macrograph.rules.fields import period_noun
from macrograph.rules.models import Citation
from macrograph.rules.observations import Observed
from macrograph.rules.pack import Pack


class SourceRef(Struct, frozen=True):
    """A numbered source of the observations: its id and title (or claim text)."""

    number: int
    id: str
    title: str


class Sources:
    """Numbers the observations' sources in the order the document first cites them."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.numbers: dict[str, int] = {}

    def cite(self, cites: Citation) -> tuple[int, ...]:
        """The numbers of a citation's sources and claims (assigned on first use)."""
        keys = [*cites.sources, *cites.claims]
        return tuple(self.numbers.setdefault(k, len(self.numbers) + 1) for k in keys)

    def refs(self) -> tuple[SourceRef, ...]:
        """The sources in number order."""
        return tuple(SourceRef(n, k, self._title(k)) for k, n in self.numbers.items())

    def _title(self, key: str) -> str:
        if key in self.pack.sources:
            return self.pack.sources[key].title
        if key in self.pack.claims:
            return self.pack.claims[key].text
        return key


class ObservationRow(Struct, frozen=True):
    """One observation beside the model's answer, as the templates print it."""

    node: str
    label: str
    unit: str
    window: str
    observed: float
    predicted: float
    low: float | None
    high: float | None
    z: float | None
    sign: str  # "yes", "no" or "-" (move too small to count)
    inside: str  # "yes", "no" or "-" (no band)
    cites: tuple[int, ...]

    @property
    def p5(self) -> float:
        """The band's low end, as :func:`~macrograph.explain.filters.band` reads a band."""
        return 0.0 if self.low is None else self.low

    @property
    def p95(self) -> float:
        """The band's high end."""
        return 0.0 if self.high is None else self.high


class EpisodeRow(Struct, frozen=True):
    """An episode: its observations and scores."""

    id: str
    title: str
    date: object
    rows: tuple[ObservationRow, ...]
    scores: Scores
    # widths of its table's seen, model and p5-p95 columns (see _column_widths)
    columns: tuple[int, int, int] = (8, 8, 19)
    cites_below: bool = False  # each row's citations on a line of their own, to fit
    label_above: bool = False  # each row's label on a line of its own, to fit
    band_below: bool = False  # and its band too, where the row is still too wide


class WorstRow(Struct, frozen=True):
    """A badly explained observation and the rule paths that carried its prediction."""

    episode: str
    row: ObservationRow
    carriers: tuple[tuple[str, float], ...]  # (rule path in words, amount)


class ExpectationRow(Struct, frozen=True):
    """What a scenario's source expects of a node, beside the model's answer."""

    scenario: str
    label: str  # the node's name as it reads mid-sentence (the source expects the churn rate...)
    unit: str
    horizon: str
    expected: str  # sign, change, level or rank
    low: float | None
    high: float | None
    sign: str | None
    change: float
    level: float | None
    leader: str | None  # the name of the node that moved most, for a rank, as ``label``
    met: bool


class GroupRow(Struct, frozen=True):
    """The scores of one institution, node, window or year."""

    by: str
    key: str
    label: str
    scores: Scores


class GroupSet(Struct, frozen=True):
    """The rows of one grouping (``by``: institution, node, window or year)."""

    by: str
    rows: tuple[GroupRow, ...]


class MissingRow(Struct, frozen=True):
    """The observations of one node the data could not give: how many, in which episodes
    (the first and last), and one reason as an example."""

    label: str
    count: int
    episodes: int
    first: str
    last: str
    reason: str


class BacktestContext(Struct, frozen=True):
    """Everything ``backtest.*.j2`` prints."""

    title: str
    pack: str
    overlay: str | None
    overlay_title: str  # "" for none
    draws: int
    seed: int
    episodes: tuple[EpisodeRow, ...]
    overall: Scores
    worst: tuple[WorstRow, ...]
    chart: str  # an SVG of predicted against observed moves ("" when not drawn)
    expectations: tuple[ExpectationRow, ...]
    sources: tuple[SourceRef, ...]
    width: int = 78  # of a line of text output
    label_width: int = 20  # of the node column of the text table
    groups: tuple[GroupSet, ...] = ()
    count: int = 0  # episodes scored
    missing: tuple[MissingRow, ...] = ()
    missing_count: int = 0
    detail: bool = True  # every episode's table; False: only the scores by group
    fitted: str | None = None  # how the scores were held out from a fit
    events: int = 0  # episodes made from the calendar
    per: str = "day"  # the pack's period, whose standard deviation sets which moves count


DETAIL_UP_TO = 12
"""A backtest of this many episodes or fewer lists every observation; a larger one its scores
by institution, node, window and year (the JSON always has every observation)."""


class FittedRow(Struct, frozen=True):
    """One rule's fit: prior, estimate, its standard error and the events behind it, and
    whether it left its prior range or rests at zero (the data would flip its sign)."""

    rule: str
    old: float
    new: float
    low: float
    high: float
    moved: float
    se: float = 0.0
    events: int = 0
    outside: bool = False
    at_zero: bool = False

    @property
    def note(self) -> str:
        """What the fit says against the prior: the sign in doubt, or outside its range."""
        if self.at_zero:
            return "at zero: the data would flip its sign"
        return "outside its prior range" if self.outside else ""


class CalibrateContext(Struct, frozen=True):
    """Everything ``calibrate.*.j2`` prints."""

    title: str
    pack: str
    output: str
    apply: str  # the options that apply the written overlay ('' when it went to stdout)
    to_stdout: bool  # the overlay was printed (above the report), not written to a file
    draws: int
    seed: int
    fitted: tuple[FittedRow, ...]
    unreached: tuple[str, ...]
    before: Scores
    after: Scores
    held_out: Scores
    episodes: tuple[str, ...]
    held_out_how: str = "leave-one-episode-out"
    until: object = None  # the date a frozen fit stops before
    unweighed: tuple[str, ...] = ()  # moved only by observations of nodes with no volatility
    later: Scores | None = None  # the episodes from ``until`` on, scored by the frozen fit
    events: int = 0  # of the fitted episodes, those made from the calendar


TABLE_WITHOUT_LABEL = 24
"""Characters of a backtest table row besides its label, its seen, model and band columns
and its citations."""


def _column_widths(rows: tuple[ObservationRow, ...], gap: int = 2) -> tuple[int, int, int]:
    """Widths of the seen, model and p5-p95 columns of a table of ``rows``: the widest
    entry (or heading) and ``gap`` spaces, so that no two numbers run together."""
    seen = [columns_of(move(r.observed, r.unit)) for r in rows]
    model = [columns_of(move(r.predicted, r.unit)) for r in rows]
    bands = [columns_of(band(r, r.unit)) for r in rows if r.low is not None]
    return max([6, *seen]) + gap, max([6, *model]) + gap, max([9, *bands]) + gap


def _fitted(episodes: tuple[EpisodeRow, ...], width: int) -> tuple[tuple[EpisodeRow, ...], int]:
    """Each episode with its table's column widths, and the room left for the labels: two
    spaces between numbers, one where two leave labels under 8 characters; where that is
    not enough, each row's citations go on a line below it, and where even that is not,
    its label on a line above it."""
    room = width
    fitted = []
    for e in episodes:
        cited = max((len("".join(f"[{n}]" for n in r.cites)) for r in e.rows), default=0)
        columns = _column_widths(e.rows)
        if width - TABLE_WITHOUT_LABEL - sum(columns) - cited < 8:
            columns = _column_widths(e.rows, gap=1)
        below = width - TABLE_WITHOUT_LABEL - sum(columns) - cited < 8
        left = width - TABLE_WITHOUT_LABEL - sum(columns) - (0 if below else cited)
        above = left < 8  # wide numbers ('-1,506万头 to -1,281万头'): labels on lines above
        if above:  # the row without its label: its citations after it where they fit
            below = width - TABLE_WITHOUT_LABEL - sum(columns) - cited - 1 < 0
        room = room if above else min(room, left)
        alone = above and TABLE_WITHOUT_LABEL + sum(columns) > width  # units said in words
        columns = (columns[0], columns[1], 0) if alone else columns
        below = TABLE_WITHOUT_LABEL + sum(columns) + cited + 1 > width if alone else below
        fitted.append(
            replace(e, columns=columns, cites_below=below, label_above=above, band_below=alone)
        )
    return tuple(fitted), room


@speaks_pack
def build_backtest(
    pack: Pack, result: Backtest, chart: str = "", width: int = 78
) -> BacktestContext:
    """The backtest's context: every episode's rows, the overall scores, the worst rows.

    Text lines fit ``width`` (at most 78): the node column narrows to make room.

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph import RunOptions
    >>> from macrograph.graph.evidence.backtest import backtest
    >>> from macrograph.graph.synthetic import slump_pack
    >>> from macrograph.rules.episodes import Episode
    >>> fell = Episode.model_validate({"id": "a-fell", "title": "a fell", "date": "2025-01-06",
    ...     "shocks": [{"node": "a", "date": "2025-01-06", "change": -1.0, "label": "a fell"}],
    ...     "observed": [{"node": "b", "window": "1d", "change": -0.4,
    ...                   "cites": {"basis": "observed", "rationale": "by hand"}}]}, strict=False)
    >>> pack = replace(slump_pack(), episodes={"a-fell": fell})
    >>> context = build_backtest(pack, backtest(pack, options=RunOptions(draws=0)))
    >>> [(r.node, r.observed, r.predicted, r.sign) for r in context.episodes[0].rows]
    [('b', -0.4, -0.5, 'yes')]
    >>> context.overall.sign_hit_rate, context.overall.size_ratio
    (1.0, 1.25)
    """
    sources = Sources(pack)
    detail = len(result.episodes) <= DETAIL_UP_TO
    episodes = tuple(_episode(e, sources) for e in result.episodes) if detail else ()
    episodes, room = _fitted(episodes, width)
    return BacktestContext(
        title=f"Backtest of {pack.info.title}",
        pack=pack.info.id,
        overlay=result.overlay,
        overlay_title=pack.overlay_title,
        draws=result.draws,
        seed=result.seed,
        episodes=episodes,
        overall=result.overall,
        worst=tuple(_worst(pack, w, sources) for w in result.worst),
        chart=chart,
        expectations=expectation_rows(pack, result.expectations),
        sources=sources.refs(),
        width=min(width, 78),
        label_width=max(8, min(20, room)),
        groups=_group_sets(pack, result),
        count=len(result.episodes),
        missing=_missing_rows(pack, result),
        missing_count=len(result.missing),
        detail=detail,
        events=sum(1 for e in result.episodes if e.event is not None),
        fitted=result.fitted,
        per=period_noun(pack.info.period),
    )


def _missing_rows(pack: Pack, result: Backtest) -> tuple[MissingRow, ...]:
    """The observations the data lacked, one row per node, by label."""
    by_node: dict[str, list[Observed]] = {}
    for m in result.missing:
        by_node.setdefault(m.node, []).append(m)
    rows = []
    for node, missed in by_node.items():
        episodes = sorted({m.episode for m in missed})
        label = pack.nodes[node].label if node in pack.nodes else node
        reason = missed[0].missing or ""
        rows.append(
            MissingRow(label, len(missed), len(episodes), episodes[0], episodes[-1], reason)
        )
    return tuple(sorted(rows, key=lambda r: r.label))


def _group_sets(pack: Pack, result: Backtest) -> tuple[GroupSet, ...]:
    """The groupings that have rows, in the backtest's order."""
    found: dict[str, list[GroupRow]] = {}
    for group in result.groups:
        found.setdefault(group.by, []).append(_group(pack, group))
    named = ("node", "institution")  # listed by name; windows by length, years in order
    return tuple(
        GroupSet(by, tuple(sorted(rows, key=lambda r: r.label) if by in named else rows))
        for by, rows in found.items()
    )


def _group(pack: Pack, group: GroupScores) -> GroupRow:
    """A group's row, labelled by the node's or institution's name where it has one."""
    label = group.key
    if group.by == "node" and group.key in pack.nodes:
        label = pack.nodes[group.key].label
    if group.by == "institution" and group.key in pack.institutions:
        label = pack.institutions[group.key].label
    if group.by == "window":
        label = group.key
    return GroupRow(group.by, group.key, label, group.scores)


def build_calibrate(
    pack: Pack, calibration: Calibration, output: str, apply: str = ""
) -> CalibrateContext:
    """The calibration's context: the fitted rules and the scores before and after;
    ``apply`` the command-line options that apply the overlay written to ``output``.

    Examples
    --------
    >>> from macrograph.graph.evidence.backtest import Backtest, Scores
    >>> from macrograph.graph.evidence.calibrate import Calibration
    >>> from macrograph.graph.evidence.fitting import Fitted
    >>> from macrograph.graph.synthetic import slump_pack
    >>> none = Backtest((), Scores(0, 0, None, None, 0, None, 0), (), 0, 0, None)  # no episodes
    >>> fit = Fitted("a_to_b", old=0.5, new=0.4, low=0.25, high=0.75, prior_sd=0.125, events=3)
    >>> fitting = Calibration((fit,), (), none, none, none, {})
    >>> context = build_calibrate(slump_pack(), fitting, "fit.yaml")
    >>> context.to_stdout, [(f.rule, f.old, f.new, round(f.moved, 2)) for f in context.fitted]
    (False, [('a_to_b', 0.5, 0.4, -0.8)])
    """
    return CalibrateContext(
        title=f"Calibration of {pack.info.title}",
        pack=pack.info.id,
        output=output,
        apply=apply,
        to_stdout=is_stdout(output),
        draws=calibration.before.draws,
        seed=calibration.before.seed,
        fitted=tuple(
            FittedRow(
                f.rule, f.old, f.new, f.low, f.high, f.moved, f.se, f.events, f.outside, f.at_zero
            )
            for f in calibration.fitted
        ),
        unreached=calibration.unreached,
        unweighed=calibration.unweighed,
        before=calibration.before.overall,
        after=calibration.after.overall,
        held_out=calibration.held_out.overall,
        episodes=tuple(e.id for e in calibration.before.episodes),
        held_out_how=calibration.how,
        until=calibration.until,
        later=calibration.later.overall if calibration.later else None,
        events=sum(1 for e in calibration.before.episodes if e.event is not None),
    )


def expectation_rows(
    pack: Pack, checks: tuple[ExpectationCheck, ...]
) -> tuple[ExpectationRow, ...]:
    """Source expectations as printed (the brief uses them too).

    Examples
    --------
    >>> from macrograph.graph.evidence.expectations import ExpectationCheck
    >>> from macrograph.graph.synthetic import units_pack
    >>> said = ExpectationCheck("rate-step", "price", "1m", "sign", None, None, "-", -0.2, None,
    ...                         None, "pct_change", True, 0.0)  # the price expected to fall: met
    >>> [(r.label, r.sign, r.change, r.met) for r in expectation_rows(units_pack(), (said,))]
    [('the price', '-', -0.2, True)]
    """
    return tuple(
        ExpectationRow(
            scenario=c.scenario,
            label=node_name(pack, c.node),
            unit=c.unit,
            horizon=c.horizon,
            expected=c.expected,
            low=c.low,
            high=c.high,
            sign=c.sign,
            change=c.change,
            level=c.level,
            leader=node_name(pack, c.leader) if c.leader else None,
            met=c.met,
        )
        for c in checks
    )


def _episode(episode: EpisodeScore, sources: Sources) -> EpisodeRow:
    return EpisodeRow(
        id=episode.id,
        title=episode.title,
        date=episode.date,
        rows=tuple(_row(o, sources) for o in episode.observations),
        scores=episode.scores,
    )


def _row(o: ObservationScore, sources: Sources) -> ObservationRow:
    return ObservationRow(
        node=o.node,
        label=o.label,
        unit=o.unit,
        window=o.window,
        observed=o.observed,
        predicted=o.predicted,
        low=o.low,
        high=o.high,
        z=o.z,
        sign=_yes_no(o.sign_agrees),
        inside=_yes_no(o.inside),
        cites=sources.cite(o.cites),
    )


def _worst(pack: Pack, w: Worst, sources: Sources) -> WorstRow:
    carriers = tuple(
        (" -> ".join(c.rules), c.amount)
        for c in w.carriers
        if all(r in pack.rules for r in c.rules)
    )
    return WorstRow(w.observation.episode, _row(w.observation, sources), carriers)


def _yes_no(value: bool | None) -> str:
    if value is None:
        return "-"
    return "yes" if value else "no"
