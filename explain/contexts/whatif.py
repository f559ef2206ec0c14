"""The whatif context: headline surprise, key outcomes with their chains, forces, triggers.

Which outcomes are reported and which are key, in what order, is decided in
:mod:`macrograph.explain.selection`; which paths tell each story and the hedging words here
and in :mod:`macrograph.explain.contexts.base`; ``whatif.*.j2`` only prints.
"""

from __future__ import annotations

import re
from datetime import date

from msgspec import Struct, field

from macrograph.explain.chart.shown import Charts
from macrograph.explain.contexts.base import (
    Citation,
    Citations,
    differing_shocks,
    in_comparison,
    is_plural,
    move_words,
    node_name,
    pricing,
    salience,
    shocked,
)
from macrograph.explain.contexts.bounds import BoundNote, bound_notes
from macrograph.explain.contexts.header import Header, header
from macrograph.explain.contexts.horizon import TOLD_KINDS, headline_horizon, reading_horizon
from macrograph.explain.contexts.levels import (
    StanceLine,
    SwitchLine,
    Threshold,
    rule_switches,
    stance_lines,
    thresholds,
)
from macrograph.explain.contexts.outcome import (
    PROSE_WIDTH,
    Outcome,
    comparative,
    outcome,
    table_layout,
)
from macrograph.explain.contexts.routes import strongest_route, top_paths
from macrograph.explain.contexts.tugs import TugOfWar, tug_of_war
from macrograph.explain.filters import shows
from macrograph.explain.selection import REPORTED_AT, key_outcomes, relevant_thresholds, reported
from macrograph.explain.wording.grammar import article
from macrograph.explain.wording.speaking import speaks_pack
from macrograph.graph.result import Result, ShockInfo
from macrograph.graph.words.units.unitwords import level_units, read_size
from macrograph.rules.pack import Pack

NOTABLE = 1.0  # salience of a notable move: a rate or a price under it leads nothing beside one


class Surprise(Struct, frozen=True):
    """A decision that differs from the comparison: what was priced and the surprise."""

    label: str
    date: date
    unit: str
    surprise: float
    tone: str
    probability: float
    priced_article: str
    priced_change: float
    action: str
    against_surprise: float | None
    cite: int
    rules: tuple[str, ...]
    pricing: str = ""  # UNPRICED for a decision markets gave no odds


class ShockLine(Struct, frozen=True):
    """A shock that differs from the comparison and is not a priced decision."""

    label: str
    date: date
    name: str
    change: float | None
    level: float | None
    unit: str
    cite: int
    rules: tuple[str, ...]
    restated: bool = False  # the label only names the node and its move: told in words
    comparative: str = ""  # "higher", "narrower"... for a change told in words
    plural: bool = False
    than: bool = False  # the change is told against the comparison's move that day


class Consequence(Struct, frozen=True):
    """A headline consequence: a node ends higher or lower by an amount at a horizon."""

    name: str
    amount: float
    unit: str
    comparative: str
    horizon: str
    rules: tuple[str, ...]
    cites: tuple[int, ...]
    plural: bool = False  # the name takes a plural verb ("prices end higher")


class Headline(Struct, frozen=True):
    """The surprise(s), what they do to the priced paths, and the biggest consequences
    (at ``horizon``)."""

    surprises: tuple[Surprise, ...]
    shocks: tuple[ShockLine, ...]
    paths: tuple[Consequence, ...]
    consequences: tuple[Consequence, ...]
    horizon: str

    @property
    def said(self) -> bool:
        """Whether there is anything to say: nothing differs from the comparison otherwise."""
        return bool(self.surprises or self.shocks or self.paths or self.consequences)


def _surprise_of(pack: Pack, result: Result, s: ShockInfo, cites: Citations) -> Surprise:
    """A priced decision as a surprise: hawkish above what was priced, dovish below."""
    surprise, change = s.surprise or 0.0, s.priced_change or 0.0
    unit = pack.nodes[s.node].unit
    tone = "" if not shows(surprise, unit) else ("hawkish" if surprise > 0 else "dovish")
    before = in_comparison(result, s.key)
    probability = s.priced_probability or 0.0
    return Surprise(
        label=s.label,
        date=s.date,
        unit=unit,
        surprise=surprise,
        tone=tone,
        probability=probability,
        priced_article=article(f"{probability * 100:.0f}"),
        priced_change=change,
        action="hike" if change > 0 else ("cut" if change < 0 else "hold"),
        against_surprise=None if before is None else before.surprise,
        cite=cites.cite(f"shock:{s.key}"),
        rules=(f"shock:{s.key}",),
        pricing=pricing(s),
    )


def headline(
    pack: Pack, result: Result, h: str, outcomes: list[Outcome], cites: Citations
) -> Headline:
    """The differing shocks, the priced paths they move on day one, and the top rate and price.

    Examples
    --------
    >>> from datetime import date
    >>> from macrograph import propagate, RunOptions
    >>> from macrograph.graph.specs import ScenarioSpec, ShockSpec
    >>> from macrograph.graph.synthetic import units_pack
    >>> from macrograph.rules.models import Priced
    >>> pack, on = units_pack(), date(2025, 1, 6)
    >>> odds = Priced(probability=0.85, change=0.25)  # an 85%-priced 25bp hike, skipped
    >>> skip = ShockSpec("rate", on, "no hike", change=0.0, priced=odds)
    >>> result = propagate(pack, ScenarioSpec("skip", "No hike", "", (skip,), None, on),
    ...                    RunOptions(draws=0))
    >>> [s] = headline(pack, result, "1m", [], Citations(pack, result)).surprises
    >>> round(s.surprise, 4), s.tone, s.probability, s.action
    (-0.2125, 'dovish', 0.85, 'hike')
    """
    shocks = differing_shocks(result)
    surprises = tuple(
        _surprise_of(pack, result, s, cites) for s in shocks if s.surprise is not None
    )
    others = tuple(_shock_line(pack, result, s, cites) for s in shocks if s.surprise is None)
    paths = tuple(
        _path_move(pack, result, s, cites)
        for s in shocks
        if s.expectations
        and shows(
            result.nodes[s.expectations].delta[result.horizons[0]], pack.nodes[s.expectations].unit
        )
    )
    return Headline(surprises, others, paths, _consequences(result, outcomes, h, cites), h)


def _shock_line(pack: Pack, result: Result, s: ShockInfo, cites: Citations) -> ShockLine:
    """A differing shock; a change the comparison also makes that day is told as the
    difference ('$5bn higher than in the comparison')."""
    key = f"shock:{s.key}"
    unit = pack.nodes[s.node].unit
    name = node_name(pack, s.node)
    before = in_comparison(result, s.key)
    earlier = None if before is None else before.change
    told = earlier is not None and s.change is not None
    change = s.change - earlier if s.change is not None and earlier is not None else s.change
    words = comparative(move_words(pack, s.node), change) if change is not None else ""
    return ShockLine(
        s.label,
        s.date,
        name,
        change,
        s.level,
        unit,
        cites.cite(key),
        (key,),
        restates(pack, s.label, s.node),
        words,
        is_plural(pack, s.node),
        told,
    )


def restates(pack: Pack, label: str, node: str) -> bool:
    """Whether a shock's ``label`` says no more than its node's label and a size, read as a
    question's size is (:func:`~macrograph.graph.words.unitwords.read_size`, in the pack's
    units), or a percent of its level and that size in brackets.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> pack = pack_of([rule("ab", "a", "b", 1.0)])  # node 'a', labelled 'a', in points
    >>> restates(pack, "a at 40", "a"), restates(pack, "a -2 pts", "a")
    (True, True)
    >>> restates(pack, "a -10% (-2 pts)", "a"), restates(pack, "a -10% (in a week)", "a")
    (True, False)
    >>> restates(pack, "a -2 after the frost", "a"), restates(pack, "b -2", "a")
    (False, False)
    """
    own = pack.nodes[node].label
    if not label.lower().startswith(own.lower()):
        return False
    rest = re.sub(r"^(?:at|to|by)\s+", "", label[len(own) :].strip())
    sizes = re.fullmatch(r"(.+?)\s*\((.+)\)", rest)  # a percent of a level, then its size
    said = sizes.groups() if sizes else (rest,)
    return all(read_size(part, level_units(pack)) is not None for part in said)


def _path_move(pack: Pack, result: Result, s: ShockInfo, cites: Citations) -> Consequence:
    """What a decision's surprise does to its market-implied path on the first horizon."""
    node_id, first, key = str(s.expectations), result.horizons[0], f"shock:{s.key}"
    amount, unit = result.nodes[node_id].delta[first], pack.nodes[node_id].unit
    name = node_name(pack, node_id)
    words, plural = move_words(pack, node_id), is_plural(pack, node_id)
    return Consequence(
        name, amount, unit, comparative(words, amount), first, (key,), (cites.cite(key),), plural
    )


def _consequences(
    result: Result, outcomes: list[Outcome], h: str, cites: Citations
) -> tuple[Consequence, ...]:
    """The largest rate move and the largest price move (or the two largest of anything),
    among the nodes the differing shocks do not move themselves: those are the causes; a
    move under a tenth of a notable one of its unit only where no other is larger (0.11 pp
    of CPU is no consequence beside 43 minutes of an error budget), and a rate or a price
    first only where it makes a notable move or nothing else does (a price up 2 cents, under
    its unit's notable 5, is no headline beside a mine's output down 15 kt a quarter)."""
    causes = {s.node for s in differing_shocks(result)}
    ranked = sorted(outcomes, key=lambda o: (-salience(o.move, o.unit), o.node))
    ranked = [o for o in ranked if shows(o.move, o.unit) and o.node not in causes]
    ranked = [o for o in ranked if salience(o.move, o.unit) >= REPORTED_AT] or ranked[:1]
    largest = salience(ranked[0].move, ranked[0].unit) if ranked else 0.0
    kinds = [o for o in ranked if salience(o.move, o.unit) >= min(NOTABLE, largest)]
    told = sum(any(o.kind == k for o in ranked) for k in TOLD_KINDS)  # the kinds that move
    picks = [
        next(o for o in kinds if o.kind == k) for k in TOLD_KINDS if any(o.kind == k for o in kinds)
    ]
    if picks:  # a rate or a price left out as not notable: the next largest move in its place
        picks += [o for o in ranked if o not in picks][: told - len(picks)]
    found = []
    for o in sorted(picks or ranked[:2], key=lambda o: (-salience(o.move, o.unit), o.node)):
        top = top_paths(result.nodes[o.node], h, 1)
        rules = top[0].rules if top else ()
        found.append(
            Consequence(
                o.name,
                o.move,
                o.unit,
                o.comparative,
                h,
                rules,
                tuple(cites.cite(r) for r in rules),
                o.plural,
            )
        )
    return tuple(found)


def _side_effects(
    pack: Pack, result: Result, h: str, cites: Citations, told: set[str] | None = None
) -> tuple[Consequence, ...]:
    """Indicators the scenario moves (a price index, a backlog, a queue) that are not key
    outcomes (``told``), the largest first, each cited by its strongest path."""
    moved = [
        n
        for n in result.nodes.values()
        if n.kind == "indicator"
        and n.id not in (told or set())
        and not shocked(n)
        and salience(n.delta[h], n.unit) >= REPORTED_AT
    ]
    moved.sort(key=lambda n: (-salience(n.delta[h], n.unit), n.id))
    found = []
    for node in moved:
        top = strongest_route(node, h)
        rules = top.rules if top else ()
        amount, unit = node.delta[h], node.unit
        cited = tuple(cites.cite(r) for r in rules)
        name = node_name(pack, node.id)
        words, plural = move_words(pack, node.id), is_plural(pack, node.id)
        found.append(
            Consequence(name, amount, unit, comparative(words, amount), h, rules, cited, plural)
        )
    return tuple(found)


class Group(Struct, frozen=True):
    """Table rows of one transmission channel group."""

    name: str
    outcomes: tuple[Outcome, ...]


def grouped(outcomes: tuple[Outcome, ...]) -> tuple[Group, ...]:
    """Consecutive outcomes of the same group, in their order.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> rows = tuple(outcome(pack, result, n, "3m", None) for n in ("a", "b"))
    >>> [(g.name, [o.node for o in g.outcomes]) for g in grouped(rows)]  # both indicators
    [('Indicators', ['a', 'b'])]
    """
    names = list(dict.fromkeys(o.group for o in outcomes))
    return tuple(Group(n, tuple(o for o in outcomes if o.group == n)) for n in names)


class SignLine(Struct, frozen=True):
    """A node reached only through rules without magnitudes: what signs alone say of it."""

    name: str
    word: str  # "up", "down" or "ambiguous"
    up_paths: int
    down_paths: int


SIGN_WORDS = {"+": "up", "-": "down", "?": "ambiguous"}


def sign_lines(pack: Pack, result: Result, h: str) -> tuple[SignLine, ...]:
    """Nodes no sized rule moved but unsized rules reach, with their net sign and path counts.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> sign_lines(pack, result, "3m")  # all sized
    ()
    """
    found = []
    for node_id in sorted(result.nodes):
        node = result.nodes[node_id]
        q = node.qualitative
        if q.unsized_paths and not shows(node.delta[h], node.unit) and q.sign in SIGN_WORDS:
            name = node_name(pack, node_id)
            found.append(SignLine(name, SIGN_WORDS[q.sign], q.positive_paths, q.negative_paths))
    return tuple(found)


class WhatifContext(Struct, frozen=True):
    """Everything ``whatif.*.j2`` says: headline, table, chains, forces, triggers, stance."""

    title: str
    header: Header
    headline: Headline
    outcomes: tuple[Outcome, ...]
    groups: tuple[Group, ...]
    key: tuple[Outcome, ...]
    others: tuple[Consequence, ...]
    tugs: tuple[TugOfWar, ...]
    thresholds: tuple[Threshold, ...]
    stances: tuple[StanceLine, ...]
    signs: tuple[SignLine, ...]
    citations: tuple[Citation, ...]
    label_width: int
    cell_width: int
    band_width: int  # 0: the column is left out to fit the width
    level_width: int  # 0: left out
    sign_width: int  # 0: left out
    dropped: tuple[str, ...]  # the columns left out to fit the width, by heading
    columns: tuple[int, ...]  # the horizons the text table shows, by index
    width: int = 96  # of a line of text output
    short: bool = False  # the headline and the table alone, without citations
    charts: Charts = field(default_factory=Charts)  # the key moves and their fans (md, html)
    past_bounds: tuple[BoundNote, ...] = ()  # levels past a node's floor or ceiling
    switches: tuple[SwitchLine, ...] = ()  # rules with a `when` that switched on or off


def tugs_of_war(pack: Pack, result: Result, h: str, cites: Citations) -> tuple[TugOfWar, ...]:
    """Every tug of war at horizon ``h``, the largest gross push first.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import shocked, two_routes
    >>> pack = two_routes()  # a pulls b down, and up through c
    >>> result = shocked(pack, "a", -1.0)
    >>> [(t.node, t.up_total, t.down_total) for t in tugs_of_war(pack, result, "3m",
    ...                                                          Citations(pack, result))]
    [('b', 0.3, -0.5)]
    """
    found = [tug_of_war(pack, result, c.node, h, cites) for c in result.competing]
    tugs = [t for t in found if t is not None]
    return tuple(
        sorted(tugs, key=lambda t: (-salience(t.up_total - t.down_total, t.unit), t.label))
    )


@speaks_pack
def build_whatif(
    pack: Pack, result: Result, focus: str | None = None, width: int = 96
) -> WhatifContext:
    """The whatif context; prose is read at ``focus`` (default
    :func:`~macrograph.explain.contexts.horizon.reading_horizon`: the headline's horizon
    for a move whose effect fades, else the last), the headline at
    :func:`~macrograph.explain.contexts.horizon.headline_horizon` unless ``focus`` is given.

    Text lines fit ``width`` characters (prose wraps at 96 at most): the table leaves out
    its band column, then its level column, then shortens labels, then leaves out the sign
    column, until it fits.

    Examples
    --------
    >>> from macrograph import propagate, RunOptions
    >>> from macrograph.graph.synthetic import rate_skip, units_pack
    >>> pack = units_pack()
    >>> ctx = build_whatif(pack, propagate(pack, rate_skip(), RunOptions(draws=0)))
    >>> s = ctx.headline.surprises[0]
    >>> round(s.surprise, 4), s.tone, s.probability, s.action
    (-0.2125, 'dovish', 0.85, 'hike')
    """
    h = reading_horizon(pack, result, focus)
    cites = Citations(pack, result)
    rows = [outcome(pack, result, n, h, None) for n in reported(pack, result, h)]
    keys = set(key_outcomes(pack, result, h))
    first = headline_horizon(pack, result, h) if focus is None else h
    told = rows if first == h else [outcome(pack, result, n.node, first, None) for n in rows]
    head = headline(pack, result, first, told, cites)
    table = tuple(outcome(pack, result, o.node, h, cites) if o.node in keys else o for o in rows)
    others = _side_effects(pack, result, h, cites, {o.node for o in table if o.key})
    tugs = tugs_of_war(pack, result, h, cites)
    triggers = thresholds(pack, result, h, cites, relevant_thresholds(result, pack))
    turned = rule_switches(pack, result, cites)
    stances = stance_lines(pack, result, h, cites)
    return WhatifContext(
        title=result.title,
        header=header(pack, result, h),
        headline=head,
        outcomes=table,
        groups=grouped(table),
        key=tuple(o for o in table if o.key),
        others=others,
        tugs=tugs,
        thresholds=triggers,
        switches=turned,
        stances=stances,
        signs=sign_lines(pack, result, h),
        past_bounds=bound_notes(pack, result, h),
        citations=cites.entries(),
        **table_layout(table, result.horizons, h, width),
        width=min(width, PROSE_WIDTH),
    )
