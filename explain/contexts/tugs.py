"""Tugs of war: a node whose channels pull both ways, each side with its sizes and sources.

Examples
--------
>>> from macrograph.explain.contexts.base import Citations
>>> from macrograph.graph.synthetic import labelled
>>> from macrograph.graph.synthetic.runs import shocked, two_routes
>>> pack = two_routes()  # a pulls b down, and up through c
>>> pack = labelled(pack, {"b": "Reservoir level"})
>>> result = shocked(pack, "a", -1.0)
>>> tug = tug_of_war(pack, result, "b", "3m", Citations(pack, result))
>>> tug.name, tug.up_total, tug.down_total
('the reservoir level', 0.3, -0.5)
"""

from __future__ import annotations

from msgspec import Struct
from msgspec.structs import replace

from macrograph.explain.contexts.base import (
    Citations,
    comparison_alone,
    is_plural,
    move_words,
    node_name,
    trigger_name,
    tug_word,
)
from macrograph.explain.filters import shows
from macrograph.graph.result import Channel, Result, fired_rule
from macrograph.rules.pack import Pack


class Force(Struct, frozen=True):
    """One side's pull in a tug of war from one source: what its channels add together,
    and their rules and citations (a source with a prompt and a slow rule into the node
    reads once, with both references)."""

    name: str
    amount: float
    rules: tuple[str, ...]
    cites: tuple[int, ...]
    source: str = ""  # what pulls: a node id, "shock" or "event:RULE" (forces merge on it)


class TugOfWar(Struct, frozen=True):
    """A node pulled both ways: both sides' sizes, the net, and W = |net| / gross."""

    node: str
    label: str
    name: str
    unit: str
    horizon: str
    up: tuple[Force, ...]
    down: tuple[Force, ...]
    up_total: float
    down_total: float
    net: float
    dominance: float
    word: str
    up_word: str
    down_word: str
    rules: tuple[str, ...]
    plural: bool = False  # the label takes a plural verb and pronoun ("are", "them")


def tug_of_war(
    pack: Pack, result: Result, node_id: str, h: str, cites: Citations
) -> TugOfWar | None:
    """The node's tug of war at horizon ``h``, or None when one side dominates (W >= 0.8) or
    the propagator found no opposing channels meeting there (a stock's inflows and outflows
    offset by construction).

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import shocked, two_routes
    >>> pack = two_routes()  # a pulls b down, and up through c
    >>> result = shocked(pack, "a", -1.0)
    >>> tug = tug_of_war(pack, result, "b", "3m", Citations(pack, result))
    >>> tug.up_total, tug.down_total, tug.net, tug.dominance, tug.word
    (0.3, -0.5, -0.2, 0.25, 'a close tug of war')
    >>> [(f.name, f.amount, f.rules) for f in (*tug.up, *tug.down)]
    [('the fall in c', 0.3, ('cb',)), ('a', -0.5, ('ab',))]
    """
    node = result.nodes[node_id]
    word = tug_word(node.w[h]) if any(c.node == node_id for c in result.competing) else ""
    moving = [ch for ch in node.channels if shows(ch.amount[h], node.unit)]
    ranked = sorted(moving, key=lambda ch: (-ch.amount[h], ch.rule))
    if (
        not word
        or not any(c.amount[h] > 0 for c in ranked)
        or not any(c.amount[h] < 0 for c in ranked)
    ):
        return None
    ups = _by_source(
        [_force(pack, result, node_id, c, h, cites) for c in ranked if c.amount[h] > 0]
    )
    downs = _by_source(
        [_force(pack, result, node_id, c, h, cites) for c in reversed(ranked) if c.amount[h] < 0]
    )
    return TugOfWar(
        node=node_id,
        label=node.label,
        name=node_name(pack, node_id),
        unit=node.unit,
        horizon=h,
        up=ups,
        down=downs,
        up_total=sum(f.amount for f in ups),
        down_total=sum(f.amount for f in downs),
        net=node.delta[h],
        dominance=node.w[h],
        word=word,
        up_word=move_words(pack, node_id).push(True),
        down_word=move_words(pack, node_id).push(False),
        rules=tuple(r for f in (*ups, *downs) for r in f.rules),
        plural=is_plural(pack, node_id),
    )


def _force(
    pack: Pack, result: Result, node_id: str, ch: Channel, h: str, cites: Citations
) -> Force:
    """One channel as a force; the shock itself and threshold jumps are named as such."""
    if ch.rule == "":
        keys = [c.shock for c in result.nodes[node_id].set_directly]
        key = f"shock:{keys[0]}" if keys else f"shock:{node_id}"
        return Force("the shock itself", ch.amount[h], (key,), (cites.cite(key),), "shock")
    fired = fired_rule(ch.rule)
    rule_id = fired or ch.rule
    if fired is not None:
        name, source = trigger_name(pack, rule_id), ch.rule
        name += comparison_alone(result, rule_id)
    else:
        name, source = node_name(pack, ch.source), ch.source
        if pack.rules[rule_id].effect == "-":  # a rise that pulls down names its rise
            name = _moved(pack, ch.source, name, ch.amount[h] < 0)
    return Force(name, ch.amount[h], (rule_id,), (cites.cite(rule_id),), source)


def _moved(pack: Pack, node_id: str, name: str, up: bool) -> str:
    """``name`` as its node's move, that way: a force against the way its source moved
    reads 'the rise in the unit cost -€31/t', not 'the unit cost -€31/t', which
    says the cost fell.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import two_routes
    >>> _moved(two_routes(), "a", "the rate", True), _moved(two_routes(), "a", "a", False)
    ('the rise in the rate', 'the fall in a')
    """
    words = move_words(pack, node_id)
    verb = words.rise if up else words.fall
    noun = verb if verb in ("rise", "fall", "slip", "climb") else f"{verb}ing"
    return f"the {noun} in {name}"


def _by_source(forces: list[Force]) -> tuple[Force, ...]:
    """One force per source, its channels summed, strongest first (ties in the given order).

    Examples
    --------
    >>> prompt = Force("the rainfall", -1.0, ("a",), (12,), "rain")
    >>> drift = Force("the rainfall", -0.7, ("b",), (14,), "rain")
    >>> _by_source([prompt, Force("the heat", -1.5, ("c",), (11,), "heat"), drift])[0]
    Force(name='the rainfall', amount=-1.7, rules=('a', 'b'), cites=(12, 14), source='rain')
    >>> len(_by_source([prompt, replace(drift, source="snow")]))  # one name, two sources
    2
    """
    merged: dict[str, Force] = {}
    for f in forces:
        seen = merged.get(f.source)
        merged[f.source] = (
            f
            if seen is None
            else replace(
                f,
                amount=seen.amount + f.amount,
                rules=seen.rules + f.rules,
                cites=seen.cites + f.cites,
            )
        )
    return tuple(sorted(merged.values(), key=lambda f: -abs(f.amount)))
