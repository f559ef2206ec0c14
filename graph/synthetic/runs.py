"""Runs of the synthetic packs an example opens with in one line (a sibling of
:mod:`macrograph.graph.synthetic`): the slump answered without draws, one shock of a node
on 6 Jan 2025, the slump's pack with one part changed, two routes from ``a`` to ``b``, a
threshold rule from ``a`` to ``b``, and for the engine's examples a
compiled loop of two nodes and a compiled rule whose effect halves each day.

Examples
--------
>>> pack, result = slump_answer()
>>> result.nodes["b"].delta["3m"]
-0.5
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from msgspec.structs import replace

from macrograph.graph.engine.compile import Compiled, compile_pack
from macrograph.graph.engine.plan import Block, plan_of
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.graph.result import Result
from macrograph.graph.specs import ShockSpec
from macrograph.graph.synthetic import pack_of, rule, slump_pack
from macrograph.rules.models import ClassifyRule, ThresholdRule
from macrograph.rules.pack import Pack

SHOCK_DAY = date(2025, 1, 6)
"""The day :func:`shocked` shocks a node on (a Monday)."""


def slump_answer() -> tuple[Pack, Result]:
    """:func:`~macrograph.graph.synthetic.slump_pack` and its 'a-slumps' scenario run
    without draws.

    Returns
    -------
    tuple of (Pack, Result)
        The pack and the result of ``propagate(pack, "a-slumps", RunOptions(draws=0))``.

    Examples
    --------
    >>> pack, result = slump_answer()
    >>> result.scenario, sorted(pack.nodes)
    ('a-slumps', ['a', 'b'])
    """
    pack = slump_pack()
    return pack, propagate(pack, "a-slumps", RunOptions(draws=0))


def slump_changed(part: str, key: str, **update: object) -> Pack:
    """:func:`~macrograph.graph.synthetic.slump_pack` with one of its nodes, rules or
    scenarios changed, as a lint check's example wants it.

    Parameters
    ----------
    part : str
        ``"nodes"``, ``"rules"`` or ``"scenarios"``.
    key : str
        The id of the one changed.
    **update : object
        Its fields changed, as ``model_copy(update=...)`` takes them.

    Returns
    -------
    Pack
        The pack, the others of ``part`` as they were.

    Examples
    --------
    >>> pack = slump_changed("nodes", "b", label="B")
    >>> pack.nodes["b"].label, pack.nodes["a"] == slump_changed("rules", "a_to_b").nodes["a"]
    ('B', True)
    """
    pack = slump_pack()
    found = getattr(pack, part)
    return replace(pack, **{part: {**found, key: found[key].model_copy(update=update)}})


def shocked(pack: Pack, node: str, change: float) -> Result:
    """The result, without draws, of one shock: ``node`` moved by ``change`` on 6 Jan 2025
    (described as "<node> falls" or "<node> rises"), against no scenario ("none").

    Parameters
    ----------
    pack : Pack
        The pack to run.
    node : str
        The node shocked.
    change : float
        Its change, in its own units.

    Returns
    -------
    Result
        ``propagate(pack, "none", RunOptions(draws=0), shocks=(shock,))``.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> result = shocked(pack_of([rule("ab", "a", "b", 0.5)]), "a", -1.0)
    >>> result.shocks[0].label, result.nodes["b"].delta["3m"]
    ('a falls', -0.5)
    """
    said = f"{node} falls" if change < 0 else f"{node} rises"
    shock = ShockSpec(node, SHOCK_DAY, said, change=change)
    return propagate(pack, "none", RunOptions(draws=0), shocks=(shock,))


def two_routes() -> Pack:
    """Two routes from ``a`` to ``b``: ``ab`` (0.5) directly, and ``ac`` (1.0) then ``cb``
    (-0.3) through ``c``, so that a fall of ``a`` pulls ``b`` down and pushes it up: the
    examples of routes, tugs of war and what a node's channels add up to.

    Examples
    --------
    >>> b = shocked(two_routes(), "a", -1.0).nodes["b"]
    >>> b.delta["3m"], sorted(c.rule for c in b.channels)  # -0.5 and +0.3
    (-0.2, ['ab', 'cb'])
    """
    return pack_of(
        [rule("ab", "a", "b", 0.5), rule("ac", "a", "c", 1.0), rule("cb", "c", "b", -0.3)]
    )


def threshold_rule(rule_id: str, because: str, crosses: Mapping[str, float]) -> ThresholdRule:
    """A threshold rule of low confidence from ``a`` to ``b`` in the policy channel, which
    jumps ``b`` by one index point (index/event) when ``a`` crosses ``crosses``.

    Parameters
    ----------
    rule_id : str
        The rule's id.
    because : str
        Its reason.
    crosses : Mapping[str, float]
        Its trigger: ``{"above": level}`` or ``{"below": level}``.

    Returns
    -------
    ThresholdRule
        The rule.

    Examples
    --------
    >>> stop = threshold_rule("stop", "it stops", {"below": 1.0})
    >>> stop.source, stop.target, stop.crosses.below
    ('a', 'b', 1.0)
    """
    return ThresholdRule.model_validate(
        {
            "id": rule_id,
            "kind": "threshold",
            "source": "a",
            "target": "b",
            "channel": "policy",
            "effect": "+",
            "confidence": "low",
            "because": because,
            "crosses": dict(crosses),
            "jump": {"elasticity": 1, "units": "index/event"},
        },
        strict=False,
    )


def loop_of_two() -> tuple[Compiled, Block]:
    """The compiled pack of ``a`` and ``b`` lifting each other by half (rules ``ab`` and
    ``ba``, no lag), and its one zero-lag loop.

    Returns
    -------
    tuple of (Compiled, Block)
        The compiled pack and the block of its loop.

    Examples
    --------
    >>> comp, block = loop_of_two()
    >>> comp.edges.weight.tolist(), block.nodes.tolist()
    ([0.5, 0.5], [0, 1])
    """
    comp = compile_pack(pack_of([rule("ab", "a", "b", 0.5), rule("ba", "b", "a", 0.5)]))
    (block,) = [b for _, blocks in plan_of(comp).zero for b in blocks]
    return comp, block


def halving() -> Compiled:
    """The compiled pack of one rule ``a_b``, ``a`` lifting ``b`` one for one, whose effect
    fades by half each day (``decay`` of one day).

    Returns
    -------
    Compiled
        The compiled pack.

    Examples
    --------
    >>> comp = halving()
    >>> comp.edges.keep.tolist()  # half the move kept a day on
    [0.5]
    """
    return compile_pack(pack_of([rule("a_b", "a", "b", 1.0).model_copy(update={"decay": "1d"})]))


def stance_pack() -> Pack:
    """A pack whose ``a`` (at 1.5) sets a stance ``s``: neutral between 1.0 and 2.5,
    tightening above, easing below (a ``classify`` rule).

    Examples
    --------
    >>> sorted(shocked(stance_pack(), "a", 1.25).stances)
    ['s']
    """
    sets = ClassifyRule(
        id="a_sets_s",
        kind="classify",
        source="a",
        target="s",
        channel="policy",
        effect="+",
        confidence="high",
        because="x",
        neutral=(1.0, 2.5),
    )
    return pack_of([sets], baselines={"a": 1.5})


def doubled_overlay(folder: str | Path) -> str:
    """An overlay file written in ``folder`` that doubles :func:`slump_pack`'s rule (0.5 to
    1.0, range 0.5 to 1.5); its path.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     Path(doubled_overlay(folder)).read_text().startswith("overlay: {id: doubled")
    True
    """
    overlay = Path(folder) / "doubled.yaml"
    overlay.write_text(
        "overlay: {id: doubled, title: Twice as much}\n"
        "changes: [{rule: a_to_b, elasticity: 1.0, range: [0.5, 1.5]}]",
        encoding="utf-8",
    )
    return str(overlay)
