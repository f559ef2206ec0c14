"""The pack language's version, and what lint says to a pack written before it was stated.

``pack.yaml`` states the language a pack is written in (``language:`` under ``pack:``).
The changes between versions (README, "The pack language"):

- **1**: an ``integrate`` rule without a ``lag`` takes in the previous period's flow.
- **2**: it takes in its own period's flow (``H = H(-1) + YD - C``); ``lag: 1d`` (one
  period) keeps the meaning of 1.
- **3**: in a daily pack, a node's ``volatility`` without ``trades`` moves every day; up to
  2 it traded on weekdays, a market's calendar, which ``trades: weekdays`` keeps.

A pack that states no version is read as the current one; where that reading differs
from an earlier version's, lint warns and says how to keep either meaning.

Examples
--------
>>> from macrograph.rules import load_pack
>>> load_pack().info.language
2
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from macrograph.rules.errors import PackIssue
from macrograph.rules.info import PackInfo
from macrograph.rules.models import AnyRule, IntegrateRule, Node
from macrograph.rules.pack import Pack

LANGUAGE = 3
"""The version of the pack language this code reads."""


def unlagged_stocks(rules: Mapping[str, AnyRule]) -> list[IntegrateRule]:
    """The ``integrate`` rules that give no ``lag`` (an explicit ``lag: 0d`` is a lag), by id.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> [r.id for r in unlagged_stocks(load_pack().rules)]
    []
    """
    return [
        r
        for _, r in sorted(rules.items())
        if isinstance(r, IntegrateRule) and "lag" not in r.model_fields_set
    ]


def in_language(info: PackInfo, rules: dict[str, AnyRule]) -> dict[str, AnyRule]:
    """``rules`` as the pack's stated language means them: in language 1 an ``integrate``
    rule without a lag waits one period (the pack's ``period``) for its flow.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack()
    >>> in_language(pack.info, dict(pack.rules)) == dict(pack.rules)
    True
    """
    if info.language != 1:
        return rules
    changed = {r.id: r.model_copy(update={"lag": info.period}) for r in unlagged_stocks(rules)}
    return {**rules, **changed}


def unstated_trades(info: PackInfo, nodes: Mapping[str, Node]) -> list[Node]:
    """The nodes of a daily pack whose ``volatility`` does not say which days it trades,
    by id (their reading changed in language 3).

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack()  # language 2: read with their old meaning, on weekdays
    >>> unstated_trades(pack.info, pack.nodes)
    []
    """
    if info.period != "1d":
        return []
    return [
        n
        for _, n in sorted(nodes.items())
        if n.volatility is not None and n.volatility.trades is None
    ]


def nodes_in_language(info: PackInfo, nodes: dict[str, Node]) -> dict[str, Node]:
    """``nodes`` as the pack's stated language means them: up to language 2 a daily node's
    volatility without ``trades`` trades on weekdays.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> load_pack().nodes["usd_jpy"].volatility.trades  # the bundled pack states language 2
    'weekdays'
    """
    if info.language not in (1, 2):
        return nodes
    weekdays = {"trades": "weekdays"}
    changed = {
        n.id: n.model_copy(update={"volatility": n.volatility.model_copy(update=weekdays)})
        for n in unstated_trades(info, nodes)
        if n.volatility is not None
    }
    return {**nodes, **changed}


def check_trades_language(pack: Pack) -> list[PackIssue]:
    """Warn about each daily node whose volatility does not say which days it trades, in a
    pack that states no language: it trades every day since language 3, on weekdays before.

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.graph.synthetic import units_pack
    >>> pack = units_pack()  # its rate trades on weekdays; say nothing of it
    >>> noise = pack.nodes["rate"].volatility.model_copy(update={"trades": None})
    >>> rate = pack.nodes["rate"].model_copy(update={"volatility": noise})
    >>> found = check_trades_language(replace(pack, nodes={**pack.nodes, "rate": rate}))
    >>> [(f.obj_id, f.field, f.severity) for f in found]
    [('rate', 'volatility.trades', 'warning')]
    """
    if pack.info.language is not None:
        return []
    message = (
        "this node's volatility gives no 'trades', and the pack states no language version: "
        "since pack language 3 it moves every day (before, on weekdays: 252 trading days in "
        "365); write 'trades: weekdays' to keep the old meaning, or state "
        f"'language: {LANGUAGE}' under 'pack:' in pack.yaml to keep the new one"
    )
    found = []
    for node in unstated_trades(pack.info, pack.nodes):
        at = pack.locate("nodes", node.id)
        field = "volatility.trades"
        found.append(PackIssue(at.file, at.line, node.id, field, message, "warning", "language"))
    return found


def check_language(pack: Pack) -> list[PackIssue]:
    """Warn about each ``integrate`` rule without a lag in a pack that states no language:
    its meaning changed in language 2, and the pack may have been written before.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> stock = rule("a_to_b", "a", "b", 0.5, integrate=True)
    >>> unlagged = type(stock).model_validate(stock.model_dump(exclude={"lag"}))
    >>> [(f.obj_id, f.field, f.message[:34]) for f in check_language(pack_of([unlagged]))]
    [('a_to_b', 'lag', "this integrate rule gives no 'lag'")]
    """
    if pack.info.language is not None:
        return []
    period = pack.info.period
    message = (
        "this integrate rule gives no 'lag', and the pack states no language version: since "
        "pack language 2 such a stock takes in its own period's flow (before, it took the "
        f"previous period's); write 'lag: {period}' (one period) to keep the old meaning, "
        f"or state 'language: {LANGUAGE}' under 'pack:' in pack.yaml to keep the new one"
    )
    found = []
    for rule in unlagged_stocks(pack.rules):
        where = pack.locate("rules", rule.id)
        found.append(
            PackIssue(where.file, where.line, rule.id, "lag", message, "warning", "language")
        )
    return found


LANGUAGE_CHECKS: tuple[Callable[[Pack], list[PackIssue]], ...] = (
    check_language,
    check_trades_language,
)
