"""Routes from shocks to an outcome, told as chains of rules: which paths a document tells
(the strongest, then those worth a share of the move), what each step moves, and what the
routes not told add.

Several shocks on one node that travel the same path are told as one route: a temporary
shock (a fall, then the return) told route by route reads as two large routes of opposite
sign, each a permanent step that the other takes back.
"""

from __future__ import annotations

from msgspec import Struct
from msgspec.structs import replace

from macrograph.explain.contexts.base import (
    Citations,
    either_way,
    intransitive,
    is_plural,
    mid_sentence,
    modal_verb,
    move_words,
    node_name,
    shock_phrase,
)
from macrograph.explain.contexts.origins import says_its_move, shock_rises
from macrograph.explain.filters import shows
from macrograph.graph.result import Contribution, NodeOutcome, Result, fired_rule
from macrograph.rules.models import LinearRule, Rule
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import climbs

JOINED = " & "  # between the keys of the shocks a joined route comes from


class Step(Struct, frozen=True):
    """One rule of a chain: what it does to its target, by how much on this path."""

    verb: str
    state: str
    name: str
    amount: float | None
    unit: str
    rule: str
    cite: int
    alone: bool = False  # the amount is what this path alone gives, far past the node's move
    turned: bool = False  # its way is not the one the step before sends: told as it stands by then


class Chain(Struct, frozen=True):
    """A path from a shock to an outcome, in words: origin move, steps, amount, why.

    When the document already told the first steps (``resume`` is the last of them), only
    ``rest`` is told again; otherwise ``rest`` is every step. Shocks on one node told as one
    route (:func:`joined_routes`) give the origin's moves one by one in ``origin_moves``
    (verb and amount), and no ``origin_amount``.
    """

    shock: str
    origin: str
    origin_verb: str
    origin_amount: float | None
    origin_unit: str
    steps: tuple[Step, ...]
    resume: Step | None
    rest: tuple[Step, ...]
    amount: float
    unit: str
    because: str
    rules: tuple[str, ...]
    origin_moves: tuple[tuple[str, float], ...] = ()  # several shocks told as one: each move
    clause: bool = False  # ``shock`` reads "Once ... fires", and the chain goes on ", it"


class Remainder(Struct, frozen=True):
    """What the paths not told add: other paths (``paths``) and, only when a loop contributes,
    feedback loops (``loops``); ``rules`` are the node's moving inputs; ``through`` the node
    the other paths arrive through where one input not told carries half of them or more
    (``mostly`` where it carries less than all: 'most of it through claims paid')."""

    amount: float
    unit: str
    rules: tuple[str, ...]
    cites: tuple[int, ...]
    paths: float = 0.0
    loops: float = 0.0
    has_paths: bool = True
    has_loops: bool = False
    through: str = ""
    mostly: bool = False


def _prefix_amount(result: Result, shock: str, prefix: Contribution, h: str) -> float | None:
    """What one path prefix (its nodes and rules) moved its last node by (summed over the
    shocks of a joined route), when the result lists that prefix for each of them. Two
    rules between the same nodes (a quick runoff and a slow baseflow) are two prefixes."""
    found = []
    path, rules = prefix.path, prefix.rules
    for key in _shock_keys(shock):
        amounts = [
            c.amount[h]
            for c in result.nodes[path[-1]].contributions
            if c.shock == key
            and c.path == path
            and c.rules == rules
            and c.kind in ("path", "shock")
        ]
        if not amounts:
            return None
        found.append(amounts[0])
    return sum(found)


def _shock_keys(key: str) -> tuple[str, ...]:
    """The shocks a route comes from: one key, or those :func:`joined_routes` joined."""
    return tuple(key.split(JOINED))


def joined_routes(paths: list[Contribution]) -> list[Contribution]:
    """Path contributions of several shocks along the same path joined into one, their
    amounts summed and their keys (``node@date``) joined in order of date.

    A shock and the one that takes it back (a cold snap, then the return to normal) each
    carry a permanent step into a stock; told apart they read as two large routes of
    opposite sign, told together as what the episode did.

    Examples
    --------
    >>> fall = Contribution("t@2026-01-12", ("t", "s"), ("ts",), {"3m": -81.9})
    >>> back = Contribution("t@2026-01-26", ("t", "s"), ("ts",), {"3m": 69.3})
    >>> [(c.shock, round(c.amount["3m"], 1)) for c in joined_routes([back, fall])]
    [('t@2026-01-12 & t@2026-01-26', -12.6)]
    """
    groups: dict[tuple[tuple[str, ...], tuple[str, ...], str], list[Contribution]] = {}
    for c in paths:
        event = c.shock if fired_rule(c.shock) is not None else ""  # a threshold stays its own
        groups.setdefault((c.path, c.rules, event), []).append(c)
    found = []
    for parts in groups.values():
        if len(parts) == 1:
            found.append(parts[0])
            continue
        parts.sort(key=lambda c: (c.shock.rpartition("@")[2], c.shock))  # by date (node@date)
        amount = {h: sum(c.amount[h] for c in parts) for h in parts[0].amount}
        found.append(replace(parts[0], shock=JOINED.join(c.shock for c in parts), amount=amount))
    return found


def joined_shares(amounts: dict[str, float]) -> dict[str, float]:
    """A node's move by shock with the shocks on one node that pull it opposite ways (a
    step and its return) joined into one, their amounts summed and their keys joined in
    order of date, as :func:`joined_routes` joins their routes; shocks on one node that
    pull the same way, and fired thresholds, stay their own.

    Examples
    --------
    >>> shares = {"t@2026-01-26": 69.3, "t@2026-01-12": -81.9, "u@2026-01-12": 2.0}
    >>> {k: round(x, 1) for k, x in joined_shares(shares).items()}
    {'t@2026-01-12 & t@2026-01-26': -12.6, 'u@2026-01-12': 2.0}
    >>> joined_shares({"u@2026-01-12": 2.0, "u@2026-02-12": 1.0})
    {'u@2026-01-12': 2.0, 'u@2026-02-12': 1.0}
    """
    groups: dict[str, list[str]] = {}
    for key in amounts:
        groups.setdefault(key if fired_rule(key) is not None else key.split("@")[0], []).append(key)
    found: dict[str, float] = {}
    for keys in groups.values():
        if min(amounts[k] for k in keys) >= 0 or max(amounts[k] for k in keys) <= 0:
            found.update((k, amounts[k]) for k in keys)  # the same way: each its own share
            continue
        keys.sort(key=lambda k: (k.rpartition("@")[2], k))  # by date (node@date)
        found[JOINED.join(keys)] = sum(amounts[k] for k in keys)
    return found


def route_phrase(pack: Pack, result: Result, key: str) -> str:
    """How a route's origin is named: its shock's phrase, or a joined route's in order
    ('Temperatures fall 6°C below normal, then temperatures return to normal').

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> route_phrase(*slump_answer(), "a@2025-01-06")
    'a slumps'
    """
    first, *later = (shock_phrase(pack, result, k) for k in _shock_keys(key))
    return ", then ".join([first, *(mid_sentence(pack, p) for p in later)])


def _chain_of(pack: Pack, result: Result, c: Contribution, h: str, cites: Citations) -> Chain:
    """A contribution's path told as a chain of rules, each step with its amount when known;
    steps the document told before (two or more, same shock) are summed up, not repeated."""
    start = c.path[0]
    origin, moves = _origin(result, c, h)
    # a route whose origin moves alike in both runs (not listed, or nil) goes its shock's way
    up = moves[0] >= 0 if moves else (origin >= 0 if origin else shock_rises(result, c.shock))
    steps = []
    open_sign = False  # past a rule of uncertain sign ("?"), no step claims a direction
    flagged = False  # a step's amount said to be this route's alone (once per chain)
    amounts = [_prefix_amount(result, c.shock, _prefix(c, i + 1), h) for i in range(len(c.rules))]
    for i, rule_id in enumerate(c.rules):
        rule, target = pack.rules[rule_id], pack.nodes[c.path[i + 1]]
        amount = amounts[i]
        if i + 1 < len(c.rules) and not _passes_on(
            pack.rules[c.rules[i + 1]], amount, amounts[i + 1]
        ):
            amount = None  # its move at the horizon is not what the lagged step took up
        if amount is not None and not shows(amount, target.unit):
            amount = None  # a flow moved and taken back, or faded: told by its direction
        sent = up == (rule.sign > 0)  # the way the step before pushes this one
        up = amount > 0 if amount is not None else sent
        turned = up != sent and (i > 0 or origin is not None or bool(moves))  # not a jump's own
        words, plural = move_words(pack, target.id), is_plural(pack, target.id)
        verb, state = modal_verb(words, up, rule.confidence), intransitive(words, up, plural)
        open_sign = open_sign or rule.effect == "?"
        if open_sign:
            verb, state, amount = either_way(words, plural)
        name = node_name(pack, target.id)
        last = i == len(c.rules) - 1  # the outcome itself: 'other paths add' frames it
        alone = not (flagged or last) and _past_the_move(result, target.id, amount, h)
        flagged = flagged or alone
        cite, turned = cites.cite(rule_id), turned and amount is not None
        steps.append(Step(verb, state, name, amount, target.unit, rule_id, cite, alone, turned))
    told = _told(cites, c, len(steps))
    unit = pack.nodes[start].unit
    shock = route_phrase(pack, result, c.shock)
    verb = intransitive(
        move_words(pack, start), origin is None or origin >= 0, is_plural(pack, start)
    )
    # a place whose smaller number is better says its move in words only ('slips 10 places')
    titled = "" if climbs(pack, start) else pack.nodes[start].label
    moved = (f"{node_name(pack, start)} {verb}", titled)
    if origin is not None and says_its_move(shock, moved, origin, unit):
        origin = None  # 'The swap rate falls 50bp: this raises...', the move not said twice
    return Chain(
        shock=shock,
        clause=fired_rule(c.shock) is not None,
        origin=node_name(pack, start),
        origin_verb=verb,
        origin_amount=origin,
        origin_unit=unit,
        steps=tuple(steps),
        resume=steps[told - 1] if told else None,
        rest=tuple(steps[told:]),
        amount=c.amount[h],
        unit=pack.nodes[c.path[-1]].unit,
        because=pack.rules[c.rules[-1]].because,
        rules=c.rules,
        origin_moves=tuple(
            (intransitive(move_words(pack, start), x >= 0, is_plural(pack, start)), x)
            for x in moves
        ),
    )


PASSES_ON = 0.5  # the least ratio of a step's move to what its amount alone would pass on


def _passes_on(rule: Rule, amount: float | None, after: float | None) -> bool:
    """Whether a step's ``amount`` at the horizon is what the next rule, lagged or fading,
    passes on as ``after`` (within a factor of two): a storm's claims paid three months
    after they are booked come from the first month's claims, not from the third's; a rule
    with neither lag nor fade always passes on its source's move at the horizon.

    Examples
    --------
    >>> from macrograph.rules.models import LinearRule
    >>> paid = LinearRule.model_validate({"id": "p", "source": "a", "target": "b",
    ...     "channel": "c", "effect": "+", "lag": "3d", "confidence": "high",
    ...     "because": "b", "kind": "linear", "magnitude": {"elasticity": 1, "units": "b/a"}})
    >>> _passes_on(paid, 17.5, 140.0), _passes_on(paid, 140.0, 140.0)
    (False, True)
    """
    if not isinstance(rule, LinearRule) or rule.magnitude is None:
        return True
    if (rule.lag_days == 0 and rule.decay is None) or amount is None or after is None:
        return True
    passed = rule.scale * rule.magnitude.elasticity * amount
    return passed * after > 0 and PASSES_ON <= after / passed <= 1 / PASSES_ON


def _past_the_move(result: Result, node: str, amount: float | None, h: str) -> bool:
    """Whether a route's ``amount`` at ``node`` is more than twice the node's whole move: a
    route through a stock, before the loops that pull back, can give many times what the
    node ends up moving, and reads as the node's move unless it says it is the route's."""
    found = result.nodes.get(node)
    if amount is None or found is None or h not in found.delta:
        return False
    return abs(amount) > 2 * abs(found.delta[h])


def _origin(result: Result, c: Contribution, h: str) -> tuple[float | None, tuple[float, ...]]:
    """How far a route's first node moved (None for a threshold's route), or for a joined
    route each of its shocks' moves of it (empty when one is not listed)."""
    keys = _shock_keys(c.shock)
    if len(keys) > 1:
        moves = [_prefix_amount(result, k, _prefix(c, 0), h) for k in keys]
        return None, tuple(x for x in moves if x is not None) if None not in moves else ()
    if fired_rule(c.shock) is not None:
        return None, ()
    return _prefix_amount(result, c.shock, _prefix(c, 0), h), ()


def _prefix(c: Contribution, rules: int) -> Contribution:
    """The first ``rules`` rules of a contribution's path, and the nodes they join."""
    return replace(c, path=c.path[: rules + 1], rules=c.rules[:rules])


def _told(cites: Citations, c: Contribution, count: int) -> int:
    """How many leading steps of ``c`` the document told before (0 unless two or more with a
    known amount remain to resume from); records this chain's prefixes as told."""
    told = 0
    for k in range(2, count):
        if (c.shock, c.rules[:k]) in cites.told:
            told = k
    for k in range(1, count + 1):
        cites.told.add((c.shock, c.rules[:k]))
    return told


def top_paths(node: NodeOutcome, h: str, limit: int, share: float = 0.0) -> list[Contribution]:
    """The strongest path contributions at horizon ``h``, strongest first; after the first,
    only those worth at least ``share`` of the node's move. Shocks that travel the same path
    are one route (:func:`joined_routes`); one that has not reached the node by ``h`` (a
    later shock of the episode) is left out of it, not told as a move of nothing.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import shocked, two_routes
    >>> pack = two_routes()  # two routes from a to b
    >>> b = shocked(pack, "a", -1.0).nodes["b"]
    >>> [(c.path, c.amount["3m"]) for c in top_paths(b, "3m", 5)]
    [(('a', 'b'), -0.5), (('a', 'c', 'b'), 0.3)]
    >>> [c.path for c in top_paths(b, "3m", 5, share=2.0)]  # the first; no other is worth 2x
    [('a', 'b')]
    """
    ways = [c for c in node.contributions if _route(c) and c.amount[h] != 0.0]
    joined = joined_routes(ways)
    paths = [c for c in joined if shows(c.amount[h], node.unit)]
    paths.sort(key=lambda c: (-abs(c.amount[h]), c.shock, c.path))
    floor = share * abs(node.delta[h])
    return [c for i, c in enumerate(paths[:limit]) if i == 0 or abs(c.amount[h]) >= floor]


def _route(c: Contribution) -> bool:
    """Whether ``c`` is told as a route: a path, or a threshold's jump on its own target (a
    rule's doing, told 'Once ... reaches its trigger'), not a move a shock sets directly."""
    return c.kind == "path" or (c.kind == "shock" and fired_rule(c.shock) is not None)


def set_directly(node: NodeOutcome, h: str) -> float:
    """The part of a node's move at ``h`` its own shocks set, a threshold's jump left out
    (told as a route, :func:`top_paths`).

    Examples
    --------
    >>> from macrograph import propagate, RunOptions
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> pack = pack_of([rule("a_lifts_b", "a", "b", 0.5)])
    >>> set_directly(propagate(pack, "none", RunOptions(draws=0)).nodes["b"], "3m")
    0.0
    """
    own = (c for c in node.contributions if c.kind == "shock" and not _route(c))
    return sum((c.amount[h] for c in own), 0.0)


def strongest_route(node: NodeOutcome, h: str) -> Contribution | None:
    """The node's strongest path at ``h`` or, for a node only a threshold moves (a stage
    declared, a gate opened), the threshold's own jump; None when neither shows.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> route = strongest_route(result.nodes["b"], "3m")
    >>> route.path, route.rules, route.amount["3m"]
    (('a', 'b'), ('a_to_b',), -0.5)
    """
    top = top_paths(node, h, 1)
    if top:
        return top[0]
    fired = [
        c
        for c in node.contributions
        if c.kind == "shock" and fired_rule(c.shock) is not None and shows(c.amount[h], node.unit)
    ]
    return max(fired, key=lambda c: (abs(c.amount[h]), c.shock), default=None)


def shocked(node: NodeOutcome, h: str) -> float:
    """The part of a node's move at ``h`` its own shocks set (a threshold's jump included),
    which no route carries: the move is told as this part, its routes and what the rest adds.

    Examples
    --------
    >>> from macrograph import propagate, RunOptions
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> pack = pack_of([rule("a_lifts_b", "a", "b", 0.5)])
    >>> result = propagate(pack, "none", RunOptions(draws=0))
    >>> shocked(result.nodes["b"], "3m")
    0.0
    """
    return sum((c.amount[h] for c in node.contributions if c.kind == "shock"), 0.0)


def chains_for(
    pack: Pack,
    result: Result,
    node: NodeOutcome,
    h: str,
    limit: int,
    cites: Citations,
    share: float = 0.0,
) -> tuple[tuple[Chain, ...], Remainder | None]:
    """The node's top chains and what the rest adds (None when it would read as zero).

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import shocked, two_routes
    >>> pack = two_routes()  # a pulls b down, and up through c
    >>> result = shocked(pack, "a", -1.0)
    >>> b, cites = result.nodes["b"], Citations(pack, result)
    >>> [chain], rest = chains_for(pack, result, b, "3m", 1, cites)  # the strongest one told
    >>> chain.shock, chain.origin_verb, [(s.verb, s.name, s.amount) for s in chain.steps]
    ('a falls', 'falls', [('should lower', 'b', -0.5)])
    >>> rest.amount, rest.rules  # the route through c, not told, adds +0.3
    (0.3, ('ab', 'cb'))
    """
    chosen = top_paths(node, h, limit, share)
    chains = tuple(_chain_of(pack, result, c, h, cites) for c in chosen)
    rest = node.delta[h] - set_directly(node, h) - sum(c.amount[h] for c in chosen)
    if not shows(rest, node.unit):
        return chains, None
    loops = sum(c.amount[h] for c in node.contributions if c.kind == "feedback")
    loops = loops if shows(loops, node.unit) else 0.0
    rules = tuple(
        sorted(
            ch.rule
            for ch in node.channels
            if ch.rule and fired_rule(ch.rule) is None and shows(ch.amount[h], node.unit)
        )
    )
    numbers = tuple(cites.cite(r) for r in rules)
    paths = rest - loops
    through, mostly = carried_through(pack, node, {c.rules[-1] for c in chosen}, paths, h)
    shown = shows(paths, node.unit)
    return chains, Remainder(
        rest, node.unit, rules, numbers, paths, loops, shown, loops != 0.0, through, mostly
    )


def carried_through(
    pack: Pack, node: NodeOutcome, told: set[str], paths: float, h: str
) -> tuple[str, bool]:
    """The name of the node whose input rule, none of ``told``, carries half or more of
    ``paths`` (what the other paths add) the same way, and whether it carries less than
    all of it ('most of it through ...'); ('', False) where none does (the other paths
    spread over several inputs, or pull both ways).

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import shocked, two_routes
    >>> pack = two_routes()  # a pulls b down directly, and up through c
    >>> b = shocked(pack, "a", -1.0).nodes["b"]
    >>> carried_through(pack, b, {"ab"}, 0.3, "3m"), carried_through(pack, b, {"ab"}, -0.3, "3m")
    (('c', False), ('', False))
    """
    inputs = [
        ch
        for ch in node.channels
        if ch.rule and ch.rule not in told and fired_rule(ch.rule) is None
    ]
    largest = max(inputs, key=lambda ch: abs(ch.amount[h]), default=None)
    if largest is None or not shows(paths, node.unit) or largest.amount[h] * paths <= 0:
        return "", False
    share = largest.amount[h] / paths
    if share < 0.5:
        return "", False
    return node_name(pack, largest.source), share < 0.9
