"""Which horizon a document reads when the user names none.

A move whose effect is at once and then fades (an eruption's cooling, an intervention's
hold on a currency) is told where it happens, not after it is gone: the what-if's prose,
the briefing note, the chain, diff and map diagrams and the lesson read at
:func:`reading_horizon`, the horizon the headline picks (:func:`headline_horizon`) for
such a move, unless the user gives one (``--horizon``); ``explain NODE`` reads where that
node's own move is (:func:`node_horizon`).

Examples
--------
>>> from macrograph import propagate, RunOptions
>>> from macrograph.graph.synthetic import rate_step, units_pack
>>> pack = units_pack()  # a step in a rate moves a price for good: read at the last horizon
>>> result = propagate(pack, rate_step(), RunOptions(draws=0))
>>> reading_horizon(pack, result), reading_horizon(pack, result, "1d")
('1m', '1d')
"""

from __future__ import annotations

from macrograph.explain.contexts.base import differing_shocks, salience
from macrograph.explain.contexts.header import horizon_of
from macrograph.explain.wording.speaking import speaks_pack
from macrograph.graph.result import Result
from macrograph.rules.pack import Pack

PEAKED = 0.9  # of the largest consequence's peak: where a move's effect is told
TOLD_KINDS = ("rate", "asset")  # the node kinds a headline tells first (the language's kinds)
FADED = 0.5  # of its peak: below it at the last horizon, a consequence has passed


def _largest(pack: Pack, result: Result) -> list[float] | None:
    """The size (:func:`~macrograph.explain.contexts.base.salience`) at each horizon of the
    largest consequence a headline tells (of a ``TOLD_KINDS`` node if one moves); None when
    a shock that differs from the comparison is a policy decision, or none differs; an
    empty list when nothing moves."""
    if not _moves_only(pack, result):
        return None
    causes = {s.node for s in differing_shocks(result)}
    others = [n for node, n in sorted(result.nodes.items()) if node not in causes]
    paths = {n.id: [salience(n.delta[h], n.unit) for h in result.horizons] for n in others}
    moving = [n for n in others if max(paths[n.id]) > 0.0]
    told = [n for n in moving if pack.nodes[n.id].kind in TOLD_KINDS] or moving
    return max((paths[n.id] for n in told), key=max, default=[])  # the first of equals, by id


def _moves_only(pack: Pack, result: Result) -> bool:
    """Whether some shock differs from the comparison and none that does is a policy
    decision (whose effects are read at the last horizon)."""
    moved = differing_shocks(result)
    return bool(moved) and all(pack.nodes[s.node].expectations is None for s in moved)


@speaks_pack
def headline_horizon(pack: Pack, result: Result, focus: str) -> str:
    """Where the headline reads the consequences: when every shock that differs from the
    comparison is a move of a node (no policy decision), the first horizon at which the
    largest consequence the headline tells (of a ``TOLD_KINDS`` node if one moves) comes
    within ``PEAKED`` of its peak: day one for a move whose effect is at once and then
    fades, later for one whose effect builds; else ``focus``.

    Examples
    --------
    >>> from macrograph import propagate, RunOptions
    >>> from macrograph.graph.synthetic import rate_step, units_pack
    >>> pack = units_pack()  # the step has all of its move the next day
    >>> headline_horizon(pack, propagate(pack, rate_step(), RunOptions(draws=0)), "1m")
    '1d'
    """
    largest = _largest(pack, result)
    return focus if largest is None else _peaked(result, largest)


def _peaked(result: Result, largest: list[float]) -> str:
    """The first horizon at which ``largest`` comes within ``PEAKED`` of its peak (the first
    horizon when nothing moves)."""
    if not largest:
        return result.horizons[0]
    peak = max(largest)
    return next(h for h, x in zip(result.horizons, largest, strict=True) if x >= PEAKED * peak)


@speaks_pack  # sizes weighed in the pack's own units, wherever a document asks
def reading_horizon(pack: Pack, result: Result, focus: str | None = None) -> str:
    """The horizon a document's prose, table level and diagrams read: ``focus`` when the
    user gives one (checked against the result's horizons); else the headline's
    (:func:`headline_horizon`) when the consequence it reads there has faded by the last
    horizon (below ``FADED`` of its peak), so a passing shock is told where it happens;
    else the last horizon, where the effects that build behind a lasting one are told too.

    Raises
    ------
    HorizonError
        For a ``focus`` the result was not run at.

    Examples
    --------
    >>> from macrograph import propagate, RunOptions
    >>> from macrograph.graph.synthetic import rate_step, units_pack
    >>> pack = units_pack()
    >>> reading_horizon(pack, propagate(pack, rate_step(), RunOptions(draws=0)))
    '1m'
    """
    if focus is not None:
        return horizon_of(result, focus)
    return _read_at(result, _largest(pack, result))  # the headline's, its consequence read once


def _read_at(result: Result, path: list[float] | None) -> str:
    """The last horizon, or, for a ``path`` of sizes that has faded by then (below
    ``FADED`` of its peak), the first horizon within ``PEAKED`` of its peak."""
    if not path or path[-1] >= FADED * max(path):
        return result.horizons[-1]
    return _peaked(result, path)


def node_horizon(pack: Pack, result: Result, node_id: str, focus: str | None = None) -> str:
    """The horizon a question about one node reads: ``focus`` when the user gives one
    (checked against the result's horizons); else, when every shock that differs from the
    comparison is a move of a node (no policy decision) and the node's own move has faded
    by the last horizon (below ``FADED`` of its peak), the first horizon within ``PEAKED``
    of its peak, so a move that came and went is explained where it was; else the last
    horizon. A ``focus`` the result was not run at raises a :class:`HorizonError`.

    Examples
    --------
    >>> from macrograph import propagate, RunOptions
    >>> from macrograph.graph.synthetic import rate_step, units_pack
    >>> pack = units_pack()  # the price moves for good: read at the last horizon
    >>> result = propagate(pack, rate_step(), RunOptions(draws=0))
    >>> node_horizon(pack, result, "price"), node_horizon(pack, result, "price", "1d")
    ('1m', '1d')
    """
    if focus is not None:
        return horizon_of(result, focus)
    node = result.nodes[node_id]
    path = [salience(node.delta[h], node.unit) for h in result.horizons]
    return _read_at(result, path if _moves_only(pack, result) else None)
