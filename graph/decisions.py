"""Decisions: a shock on a policy node is a decision, priced or not. Its size is the change
it makes (a level, the level minus the level in force), and what markets had priced splits
it into the expected part and the surprise.

Examples
--------
>>> from macrograph.graph.specs import resolve
>>> from macrograph.graph.synthetic.policy import policy_pack
>>> pack = policy_pack()  # a hike of 25bp was 85% priced: holding is a surprise of -21.25bp
>>> [(s.node, s.decision, s.surprise) for s in decided(pack, resolve(pack, "rate-holds")).shocks]
[('rate', 0.0, -0.2125)]
"""

from __future__ import annotations

from msgspec.structs import replace

from macrograph.graph.specs import ScenarioSpec, ShockSpec
from macrograph.rules.models import Priced
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import names_a_scale, vocabulary_for


def decided(pack: Pack, spec: ScenarioSpec) -> ScenarioSpec:
    """``spec`` with every shock on a policy node (one that declares ``expectations``) read
    as a decision, the one place where that reading is made.

    A decision's size is its change, or, for a level, the level minus the level in force
    (:func:`level_change`). What markets had priced is the shock's ``priced``, else its
    ``odds`` of this very decision, else nothing: an unpriced decision, whose whole size
    is the surprise carried by the market-implied path. Other shocks are left as they are.

    Examples
    --------
    >>> from macrograph.graph.scenarios import parse_shock, resolve, with_shocks
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> pack = policy_pack()
    >>> spec = resolve(pack, "meeting")  # rate 2.00% +25bp
    >>> extra = parse_shock(pack, "rate@2.5", spec.anchor)
    >>> shocks = decided(pack, with_shocks(spec, (extra,))).shocks
    >>> shock = next(s for s in shocks if s.nth)
    >>> shock.key, shock.decision, shock.surprise, shock.unpriced
    ('rate@2025-01-06#2', 0.25, 0.25, True)
    """
    shocks = tuple(_decided(pack, spec.shocks, s) for s in spec.shocks)
    return spec if shocks == spec.shocks else replace(spec, shocks=shocks)


def _decided(pack: Pack, shocks: tuple[ShockSpec, ...], shock: ShockSpec) -> ShockSpec:
    node = pack.nodes.get(shock.node)
    if node is None or node.expectations is None:
        return shock
    size = shock.change if shock.level is None else level_change(pack, shocks, shock)
    size = float(size or 0.0)
    priced = shock.priced or Priced(probability=shock.odds or 0.0, change=size)
    return replace(shock, priced=priced, decision=size)


def level_change(pack: Pack, shocks: tuple[ShockSpec, ...], shock: ShockSpec) -> float:
    """The change a level ``shock`` makes, in the node's units: its level minus the level
    in force, the baseline moved by the scenario's other shocks on the node up to its date
    (changes of the same date included: the engine applies them before a level).

    Rules that move the node itself are not counted; a policy node is one the pack's
    shocks set, not one its rules drive.

    Examples
    --------
    >>> from datetime import date
    >>> from macrograph.graph.synthetic import units_pack
    >>> pack, day = units_pack(), date(2025, 1, 6)  # rate at 2.00%, price at 150
    >>> to = ShockSpec("rate", day, "rate to 2.5%", level=2.5)
    >>> round(level_change(pack, (to,), to), 6)
    0.5
    >>> up = ShockSpec("rate", day, "rate +25bp", change=0.25)
    >>> round(level_change(pack, (up, to), to), 6)  # the same day's change comes first
    0.25
    >>> to_165 = ShockSpec("price", day, "price to 165", level=165.0)
    >>> round(level_change(pack, (to_165,), to_165), 6)  # in the node's unit: a percent change
    10.0
    """
    node = pack.nodes[shock.node]
    base = node.baseline.value if node.baseline is not None else 0.0
    form = vocabulary_for(pack.info).unit(node.unit)
    per_unit = (form.level_after(base, 1.0) - base) or 1.0
    before = [
        s
        for s in shocks
        if s.node == shock.node and s is not shock and s.date <= shock.date
        if s.level is None or s.date < shock.date
    ]
    moved = 0.0
    for s in sorted(before, key=lambda s: (s.date, s.level is not None)):
        moved = moved + (s.change or 0.0) if s.level is None else (s.level - base) / per_unit
    return (float(shock.level or 0.0) - base) / per_unit - moved


def same_decision(old: ShockSpec | None, new: ShockSpec) -> ShockSpec:
    """``new``, which takes the place of ``old`` on the same node and date: where ``old`` is
    a decision and ``new`` does not say what was priced, it keeps what markets had priced
    for that meeting (a new size of the same decision, not a decision nobody expected).

    Examples
    --------
    >>> from datetime import date
    >>> old = ShockSpec("r", date(2025, 12, 19), "hike", 0.25,
    ...                 priced=Priced(probability=0.85, change=0.25))
    >>> same_decision(old, ShockSpec("r", date(2025, 12, 19), "to 1%", level=1.0)).priced
    Priced(probability=0.85, change=0.25)
    """
    if old is None or old.priced is None or new.priced is not None or new.odds is not None:
        return new
    return replace(new, priced=old.priced)


def decided_so(pack: Pack, base: ScenarioSpec, node: str, way: int) -> tuple[ShockSpec, ...]:
    """The shocks ``base`` (the default scenario) puts on ``node``, where each of them moves
    it the way ``way`` says (a change of that sign, a level that far from the level in
    force): a decision said without its size that the default already makes ('the
    government raises the wage floor', where the default raises it) is that decision as it
    stands. None where the default does not move ``node``, or moves it another way.

    Examples
    --------
    >>> from datetime import date
    >>> from macrograph.graph.synthetic import units_pack
    >>> pack, day = units_pack(), date(2025, 1, 6)  # rate at 2.00%
    >>> to = ShockSpec("rate", day, "rate to 2.5%", level=2.5)
    >>> base = ScenarioSpec("up", "up", "up", (to,), against=None, anchor=day)
    >>> [len(decided_so(pack, base, "rate", way)) for way in (1, -1)]
    [1, 0]
    """
    found = tuple(s for s in base.shocks if s.node == node)
    sizes = [s.change if s.change is not None else level_change(pack, found, s) for s in found]
    return found if sizes and all(size * way > 0 for size in sizes) else ()


def decision_step(pack: Pack, node: str, sign: int) -> float | None:
    """The step the pack's own thresholds move a decision, ``node``, by the way ``sign``
    says, where the decision is a level of a scale in stages (its unit's sign names it:
    'REAP 4', 'stage 3'): the jump of each threshold rule into it that way, where they agree
    ('the service declares a critical incident': the one level its threshold declares it
    by). None where none moves it so, their steps differ, or ``node`` is no decision (a
    policy action) in stages: a tariff or a price raised without a size is asked its size.

    Examples
    --------
    >>> from macrograph.graph.synthetic import Shape, synthetic_pack
    >>> pack = synthetic_pack(12, shape=Shape(thresholds=1))
    >>> rule = next(r for r in pack.rules.values() if r.kind == "threshold")
    >>> way, target = (1 if rule.effect == "+" else -1), rule.target
    >>> decision_step(pack, target, way) is None  # an indicator: no decision's step
    True
    >>> policy = pack.nodes[target].model_copy(update={"kind": "policy_action"})
    >>> pack = replace(pack, nodes={**pack.nodes, target: policy})
    >>> decision_step(pack, target, way) is None  # a decision of no scale in stages
    True
    """
    found = pack.nodes[node]
    staged = names_a_scale(vocabulary_for(pack.info).unit(found.unit).symbol)
    if found.kind != "policy_action" or not staged:
        return None
    steps = {
        rule.jump.elasticity
        for rule in pack.rules.values()
        if rule.kind == "threshold" and rule.target == node and _WAYS.get(rule.effect) == sign
    }
    return steps.pop() if len(steps) == 1 else None


_WAYS = {"+": 1, "-": -1}
