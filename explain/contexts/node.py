"""The ``explain NODE`` context: why a node moved (its causes, strongest first) or why not
(:mod:`macrograph.explain.contexts.whynot`).
"""

from __future__ import annotations

from msgspec import Struct
from msgspec.structs import replace

from macrograph.explain.contexts.base import (
    Citation,
    Citations,
    find_shock,
    node_name,
    pricing,
    shock_phrase,
)
from macrograph.explain.contexts.bounds import BoundNote, bound_notes
from macrograph.explain.contexts.header import Header, header
from macrograph.explain.contexts.horizon import node_horizon
from macrograph.explain.contexts.levels import (
    StanceLine,
    stance_lines,
)
from macrograph.explain.contexts.outcome import Outcome, outcome
from macrograph.explain.contexts.routes import Chain, Remainder, joined_shares, route_phrase
from macrograph.explain.contexts.tugs import TugOfWar, tug_of_war
from macrograph.explain.contexts.whynot import (
    EarlierMove,
    Idle,
    WhyNot,
    active,
    earlier_move,
    idle_rule,
    why_not,
)
from macrograph.explain.filters import move, shows
from macrograph.explain.wording.speaking import speaks_pack
from macrograph.graph.result import Result, fired_rule
from macrograph.rules.columns import cells as columns_of
from macrograph.rules.models import AnyRule, IntegrateRule
from macrograph.rules.pack import Pack

TREE_DEPTH, TREE_WIDTH, PATHS, PATH_SHARE = 4, 4, 5, 0.1


class CauseRow(Struct, frozen=True):
    """One input in the causes tree: what it adds to the node above it, and from where."""

    depth: int
    indent: str
    amount: float
    unit: str
    kind: str
    name: str
    source_move: float | None
    source_unit: str
    rule: str
    because: str
    cite: int
    rules: tuple[str, ...]
    again: bool = False
    pricing: str = ""  # a shock row's: UNPRICED for a decision markets gave no odds
    earlier: EarlierMove | None = None  # an input back where it was: how far it had moved


def _cause_rows(
    pack: Pack, result: Result, node_id: str, h: str, cites: Citations
) -> tuple[CauseRow, ...]:
    """The causes tree, flattened depth first: each node's inputs, strongest first.

    A node's own inputs are listed once, under its first (strongest) appearance; later
    appearances are marked ``again``.
    """
    rows: list[CauseRow] = []
    _rows(_Tree(pack, result, h, cites), node_id, 0, rows, {node_id})
    return tuple(rows)


class _Tree(Struct, frozen=True):
    """What every row of one causes tree reads: the pack, the result, the horizon and the
    citations it numbers."""

    pack: Pack
    result: Result
    h: str
    cites: Citations


def _rows(tree: _Tree, node_id: str, depth: int, rows: list[CauseRow], expanded: set[str]) -> None:
    pack, result, h, cites = tree.pack, tree.result, tree.h, tree.cites
    node = result.nodes[node_id]
    moving = [ch for ch in node.channels if shows(ch.amount[h], node.unit)]
    moving.sort(key=lambda ch: (-abs(ch.amount[h]), ch.rule))
    for ch in moving[:TREE_WIDTH]:
        if ch.rule == "" and _shocks(result, node_id, h):
            rows.extend(_shock_rows(pack, result, node_id, h, cites, depth))
            continue
        row = _row(tree, node_id, (ch.rule, ch.source), ch.amount[h], depth)
        deeper = row.kind == "rule" and depth + 1 < TREE_DEPTH
        again = deeper and ch.source in expanded
        rows.append(replace(row, again=again))
        if deeper and not again:
            expanded.add(ch.source)
            _rows(tree, ch.source, depth + 1, rows, expanded)


def _shocks(result: Result, node_id: str, h: str) -> list[tuple[str, float]]:
    """The shocks set on a node, each with what it adds at ``h``, strongest first: a
    threshold's jump is no shock here, as it is an input of its own (its rule's channel)."""
    found: dict[str, float] = {}
    for c in result.nodes[node_id].set_directly:
        found[c.shock] = found.get(c.shock, 0.0) + c.amount[h]
    return sorted(found.items(), key=lambda item: (-abs(item[1]), item[0]))


def _shock_rows(
    pack: Pack, result: Result, node_id: str, h: str, cites: Citations, depth: int
) -> list[CauseRow]:
    """One row per shock set on the node, each with its own amount: two shocks on one node
    are not one shock named after the first."""
    unit, indent = pack.nodes[node_id].unit, "    " * depth
    rows = []
    for key, amount in _shocks(result, node_id, h):
        if not shows(amount, unit):
            continue
        ref = f"shock:{key}"
        row = CauseRow(
            depth, indent, amount, unit, "shock", shock_phrase(pack, result, key), None, "", "", "",
            cites.cite(ref), (ref,),
        )  # fmt: skip
        rows.append(replace(row, pricing=pricing(find_shock(result, key))))
    return rows


def _row(tree: _Tree, node_id: str, link: tuple[str, str], amount: float, depth: int) -> CauseRow:
    """The row of the input ``link`` (its rule id, '' for a shock, and its source node)."""
    pack, result, h, cites = tree.pack, tree.result, tree.h, tree.cites
    rule_id, source = link
    unit, indent = pack.nodes[node_id].unit, "    " * depth
    if rule_id == "":
        keys = [c.shock for c in result.nodes[node_id].set_directly]
        key = f"shock:{keys[0]}" if keys else f"shock:{node_id}"
        name = shock_phrase(pack, result, keys[0]) if keys else "the scenario's shock"
        n = cites.cite(key)
        row = CauseRow(depth, indent, amount, unit, "shock", name, None, "", "", "", n, (key,))
        return replace(row, pricing=pricing(find_shock(result, keys[0])) if keys else "")
    event = fired_rule(rule_id) is not None
    rule = pack.rules[fired_rule(rule_id) or rule_id]
    n = cites.cite(rule.id)
    move = None if event else result.nodes[source].delta[h]
    return CauseRow(
        depth=depth,
        indent=indent,
        amount=amount,
        unit=unit,
        kind="event" if event else "rule",
        name=node_name(pack, rule.source),
        source_move=move,
        source_unit="" if event else pack.nodes[source].unit,
        rule=rule.id,
        because=rule.because,
        cite=n,
        rules=(rule.id,),
        earlier=None if event else earlier_move(result, source, h, _filled(rule, amount)),
    )


def _filled(rule: AnyRule, amount: float) -> int:
    """The sign of the move of a stock's inflow that adds ``amount`` to the stock (+1 or
    -1), or 0 for a rule that is no stock's or whose sign is uncertain."""
    if not isinstance(rule, IntegrateRule) or amount == 0.0:
        return 0
    return rule.sign * (1 if amount > 0 else -1)


class ShockShare(Struct, frozen=True):
    """How much of the node's move one shock (or fired threshold) accounts for."""

    name: str
    amount: float
    unit: str


# The causes' amount column: at least 9 characters, and at most 14 or a quarter of the line,
# whichever is more (a longer amount juts out): a pack's unit may read '+145k boardings/day'.
AMOUNTS = (9, 14)


class Faded(Struct, frozen=True):
    """Where a node's move stands at the last horizon, when the explanation reads it earlier
    (its move has passed): back level with the comparison, or ``move`` from it."""

    horizon: str
    move: float
    back: bool  # the move reads as zero in the node's unit


class ExplainContext(Struct, frozen=True):
    """Everything ``explain.*.j2`` says about one node."""

    title: str
    node: str
    label: str
    name: str
    unit: str
    header: Header
    moved: bool
    outcome: Outcome
    tug: TugOfWar | None
    tree: tuple[CauseRow, ...]
    shares: tuple[ShockShare, ...]
    chains: tuple[Chain, ...]
    remainder: Remainder | None
    idle: tuple[Idle, ...]
    why_not: WhyNot | None
    stance: StanceLine | None
    citations: tuple[Citation, ...]
    width: int = 96  # of a line of text output
    past_bounds: tuple[BoundNote, ...] = ()  # the node's level past its floor or ceiling
    amount_width: int = AMOUNTS[0]  # text: the causes' amount column, as wide as they need
    share_width: int = AMOUNTS[0]  # text: the amounts' column by shock, likewise
    faded: Faded | None = None  # read before the last horizon: where the move stands by then


def _amount_width(amounts: list[str], width: int) -> int:
    """The text column of the causes' amounts: the widest and a space (two spaces, with the
    one after the column, keep the amount apart from the name), within :data:`AMOUNTS`.

    Examples
    --------
    >>> _amount_width(["+8bp", "-12bp"], 80), _amount_width(["+145k boardings/day"], 80)
    (9, 20)
    >>> _amount_width(["+145k boardings/day"], 40)
    14
    """
    most = max(AMOUNTS[1], min(width, 96) // 4)
    return min(most, max([AMOUNTS[0], *(columns_of(a) + 1 for a in amounts)]))


def _shares(pack: Pack, result: Result, node_id: str, h: str) -> tuple[ShockShare, ...]:
    node = result.nodes[node_id]
    # a temporary shock (a step, then its return) is one share, as it is one route: told
    # step by step, each is a permanent step into a stock that the other takes back
    joined = joined_shares({k: a[h] for k, a in node.by_shock.items()})
    parts = [(k, x) for k, x in joined.items() if shows(x, node.unit)]
    parts.sort(key=lambda kv: (-abs(kv[1]), kv[0]))
    return tuple(ShockShare(route_phrase(pack, result, k), x, node.unit) for k, x in parts)


@speaks_pack
def build_explain(
    pack: Pack, result: Result, node_id: str, focus: str | None = None, width: int = 96
) -> ExplainContext:
    """Why ``node_id`` moved at ``focus`` (default: where its move is,
    :func:`~macrograph.explain.contexts.horizon.node_horizon`), or why it did not.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> from macrograph.rules.models import Condition
    >>> from macrograph.graph.synthetic.runs import shocked
    >>> gated = rule("a_to_b", "a", "b", 0.5, when=Condition(node="c", above=1.0))
    >>> pack = pack_of([gated, rule("a_lifts_b", "a", "b", 0.2)], baselines={"c": 0.0})
    >>> result = shocked(pack, "a", -1.0)
    >>> ctx = build_explain(pack, result, "b")  # c stays at 0: the gated rule is idle
    >>> ctx.title, [(i.rule, i.kind, i.gate.low if i.gate else None) for i in ctx.idle]
    ('Why b moved', [('a_to_b', 'condition', 1.0)])
    """
    h = node_horizon(pack, result, node_id, focus)
    node = result.nodes[node_id]
    cites = Citations(pack, result)
    moved = shows(node.delta[h], node.unit)
    stances = stance_lines(pack, result, h, cites, only=node_id)
    tug = tug_of_war(pack, result, node_id, h, cites)
    tree = _cause_rows(pack, result, node_id, h, cites)
    told = outcome(pack, result, node_id, h, cites, PATHS, PATH_SHARE)
    incoming = [
        r
        for r in pack.rules.values()
        if r.target == node_id and r.kind != "classify" and not active(pack, result, r, h)
    ]
    idle = tuple(idle_rule(pack, result, r, h, cites) for r in incoming)
    shares = _shares(pack, result, node_id, h)
    reason = None if moved or stances else why_not(pack, result, node_id, h, cites)
    if reason is not None:  # a rule told as what blocks the node is not told again
        idle = tuple(i for i in idle if i not in reason.blockers)
    label = pack.nodes[node_id].label
    small = reason is not None and reason.reason == "small"  # it moves, by too little to show
    verb = "moved" if moved else "barely moved" if small else "did not move"
    title = label if stances else f"Why {node_name(pack, node_id)} {verb}"  # mid-sentence
    return ExplainContext(
        title=title,
        node=node_id,
        label=label,
        name=node_name(pack, node_id),
        unit=node.unit,
        header=header(pack, result, h),
        moved=moved,
        outcome=told,
        tug=tug,
        tree=tree,
        shares=shares,
        chains=told.chains,
        remainder=told.remainder,
        idle=idle,
        why_not=reason,
        stance=stances[0] if stances else None,
        citations=cites.entries(),
        width=min(width, 96),
        past_bounds=tuple(b for b in bound_notes(pack, result, h) if b.node == node_id),
        amount_width=_amount_width([move(r.amount, r.unit) for r in tree], width),
        share_width=_amount_width([move(s.amount, s.unit) for s in shares], width),
        faded=_faded(result, node_id, h) if moved else None,
    )


def _faded(result: Result, node_id: str, h: str) -> Faded | None:
    """Where the move read at ``h`` stands at the last horizon, if ``h`` is earlier."""
    last, node = result.horizons[-1], result.nodes[node_id]
    if h == last:
        return None
    return Faded(last, node.delta[last], not shows(node.delta[last], node.unit))
