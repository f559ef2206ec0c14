"""Typed contexts for the templates, built from a Result and its Pack: the shared pieces.

Every decision about what to say is made in the context modules, not in templates: this
one (citations, names, chains, tugs of war, hedging), :mod:`~macrograph.explain.contexts.levels`
(triggers and stances), :mod:`~macrograph.explain.selection` (which outcomes are key, in
what order) and :mod:`~macrograph.explain.contexts.node` (``explain NODE``). Hedging words
follow numbers:

- the probability of the sign (Monte Carlo): see ``SIGN_WORDS``;
- the confidence of each rule on a chain: ``MODALS`` ("lowers", "should lower", "may lower"),
  on the node's own move words, agreeing with its name (:mod:`macrograph.explain.wording.grammar`);
- the dominance W = |net| / gross of a node's channels: ``tug_word``.
Templates only loop, test and format numbers with the filters.

Examples
--------
>>> sign_word(0.97), sign_word(0.7), modal_verb(MOVE_WORDS["rise"], True, "low")
('almost certain', 'likely', 'may raise')
"""

from __future__ import annotations

import functools

from msgspec import Struct

from macrograph.explain.contexts.fitted import estimated
from macrograph.explain.filters import written
from macrograph.explain.wording.grammar import (
    MOVE_WORDS,
    MoveWords,
    agree,
    names_a_thing,
    takes_the,
)
from macrograph.graph.contributions import COMPETING_BELOW
from macrograph.graph.result import NodeOutcome, Result, ShockInfo, fired_rule
from macrograph.rules import vocabulary as words
from macrograph.rules.english.labels import names_several
from macrograph.rules.english.prose import mid_sentence as mid_sentence  # its documents' names
from macrograph.rules.models import Citation as CitationModel
from macrograph.rules.models import Node, ThresholdRule
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import active, vocabulary_for

SIGN_WORDS = (
    (0.95, "almost certain"),
    (0.80, "very likely"),
    (0.65, "likely"),
    (0.5, "uncertain"),
    (0.0, "less likely than not"),  # the draws lean the other way: never say "likely" then
)
MODALS = {"high": "", "medium": "should", "low": "may"}
CLOSE_TUG_BELOW = 0.5


def sign_word(p_sign: float) -> str:
    """How sure the sign of a move is, from the share of Monte Carlo draws that agree.

    Examples
    --------
    >>> sign_word(0.97), sign_word(0.55), sign_word(0.3)
    ('almost certain', 'uncertain', 'less likely than not')
    """
    return next(word for floor, word in SIGN_WORDS if p_sign >= floor)


def modal_verb(words: MoveWords, up: bool, confidence: str) -> str:
    """The verb for a rule's effect on a node with move ``words``, hedged by its confidence:
    lowers / should lower / may lower.

    Examples
    --------
    >>> [modal_verb(MOVE_WORDS["rise"], False, c) for c in ("high", "medium", "low")]
    ['lowers', 'should lower', 'may lower']
    """
    modal = MODALS[confidence]
    if modal:
        return f"{modal} {words.lift if up else words.lower}"
    return words.transitive(up)


def tug_word(w: float) -> str:
    """A node whose channels offset: a tug of war, close when W < 0.5 ("" when one-sided).

    Examples
    --------
    >>> tug_word(0.9), tug_word(0.6), tug_word(0.3)
    ('', 'a tug of war', 'a close tug of war')
    """
    if w >= COMPETING_BELOW:
        return ""
    return "a close tug of war" if w < CLOSE_TUG_BELOW else "a tug of war"


def salience(value: float, unit: str) -> float:
    """A move measured in notable moves of its unit (the unit's ``typical`` move).

    Rounded to 12 significant digits: moves equal but for floating-point noise (a rate
    and the spread it moves one for one) rank as ties, which each caller breaks by id.

    Examples
    --------
    >>> salience(-0.14507653061076506, "pp") == salience(0.14507653061076503, "pp")
    True
    """
    return float(f"{abs(value) / active().unit(unit).typical:.12g}")


def outcome_scale(node: Node) -> float:
    """The size against which a node's move is judged when key outcomes are chosen: the
    node's typical daily move (its ``volatility``) where it states one, else the typical
    move of its unit (from the pack's vocabulary).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> pack = units_pack()  # the rate moves 3bp a day; an index has no volatility of its own
    >>> outcome_scale(pack.nodes["rate"]), outcome_scale(pack.nodes["index"])
    (0.03, 1.0)
    """
    if node.volatility is not None:
        return node.volatility.value
    return active().unit(node.unit).typical


def group_order(pack: Pack) -> tuple[str, ...]:
    """Table headings in order: the pack's declared groups, else those of the node kinds.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> group_order(units_pack())  # no declared groups: the headings of the node kinds
    ('Policy actions', 'Rates', 'Flows', 'Assets', 'Indicators', 'Stances')
    """
    return vocabulary_for(pack.info).headings()


class Reference(Struct, frozen=True):
    """A claim (id and our paraphrase) or a source (id and title)."""

    id: str
    text: str


class Citation(Struct, frozen=True):
    """One numbered citation: a rule (or a shock) with its claims and sources."""

    number: int
    key: str
    kind: str
    name: str
    what: str
    confidence: str
    basis: str
    claims: tuple[Reference, ...]
    sources: tuple[Reference, ...]
    rationale: str


class Citations:
    """Numbers rules and shocks in the order the document first cites them."""

    def __init__(self, pack: Pack, result: Result) -> None:
        self.pack, self.result = pack, result
        self.numbers: dict[str, int] = {}
        self.told: set[tuple[str, tuple[str, ...]]] = set()  # (shock, rules of a path prefix) told

    def cite(self, key: str) -> int:
        """The number of a rule id, or of ``shock:<key>``, assigning the next on first use."""
        return self.numbers.setdefault(key, len(self.numbers) + 1)

    def entries(self) -> tuple[Citation, ...]:
        """The citations in number order."""
        return tuple(self._entry(key, n) for key, n in self.numbers.items())

    def _refs(self, claims: tuple[str, ...], sources: tuple[str, ...]) -> tuple[Reference, ...]:
        found = [Reference(c, self.pack.claims[c].text) for c in claims if c in self.pack.claims]
        found += [
            Reference(s, self.pack.sources[s].title) for s in sources if s in self.pack.sources
        ]
        return tuple(found)

    def _entry(self, key: str, number: int) -> Citation:
        kind, _, name = key.partition(":") if ":" in key else ("rule", "", key)
        if kind == "shock":
            shock = find_shock(self.result, name)
            claims, label = (shock.claims, shock.label) if shock else ((), name)
            label = f"{label} ({pricing(shock)})" if pricing(shock) else label
            refs = self._refs(claims, ())
            return Citation(number, key, "shock", name, label, "", "scenario", refs, (), "")
        what, confidence, cites = self._source(kind, name)
        refs = self._refs(cites.claims, ()) if cites else ()
        sources = self._refs((), cites.sources) if cites else ()
        basis, why = (cites.basis, cites.rationale or "") if cites else ("none", "")
        if kind == "rule":
            why = " ".join(part for part in (why, estimated(self.pack, name)) if part)
        return Citation(number, key, kind, name, what, confidence, basis, refs, sources, why)

    def _source(self, kind: str, name: str) -> tuple[str, str, CitationModel | None]:
        """What a cited rule, fact or signal says, its confidence and its citation."""
        if kind == "fact":
            fact = self.pack.facts[name]
            return fact.text, "", fact.cites
        if kind == "signal":
            signal = self.pack.signals[name]
            return signal.title, "", signal.cites
        rule = self.pack.rules[name]
        return rule.because, rule.confidence, rule.cites


UNPRICED = "unpriced: the whole move is a surprise"
"""How a decision markets gave no odds is described, wherever shocks are listed."""


def pricing(shock: ShockInfo | None) -> str:
    """:data:`UNPRICED` for an unpriced decision, else ''.

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> shock = result.shocks[0]
    >>> pricing(shock), pricing(replace(shock, unpriced=True))
    ('', 'unpriced: the whole move is a surprise')
    """
    return UNPRICED if shock is not None and shock.unpriced else ""


def find_shock(result: Result, key: str) -> ShockInfo | None:
    """The scenario's shock with this key, else the comparison's.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> find_shock(result, "a@2025-01-06").label, find_shock(result, "b@2025-01-06")
    ('a slumps', None)
    """
    for shock in (*result.shocks, *result.against_shocks):
        if shock.key == key:
            return shock
    return None


def node_name(pack: Pack, node_id: str) -> str:
    """A node's label as it reads mid-sentence: 'the reservoir level', 'household deposits'.

    Its first word goes to lower case when the pack writes it (or its plural) so elsewhere,
    unless the next word is capitalised too: 'Bank Rate' is a name, not 'the bank Rate'.

    Examples
    --------
    >>> from macrograph.graph.synthetic import labelled, slump_pack
    >>> pack = labelled(slump_pack(), {"a": "Reservoir level", "b": "Household deposits"})
    >>> node_name(pack, "a"), node_name(pack, "b")
    ('the reservoir level', 'household deposits')
    """
    node = pack.nodes[node_id]
    label = mid_sentence(pack, node.label)
    if is_plural(pack, node_id):
        return label
    if node.kind in ("rate", "policy_action", "stance"):  # the interest rate, the campaign
        return f"the {label}" if names_a_thing(label) else label
    return f"the {label}" if takes_the(label) else label  # the wage bill, not wage bill


def move_words(pack: Pack, node_id: str) -> MoveWords:
    """How a node's move reads: its own ``moves``, else its unit's (a spread widens).

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_changed
    >>> pack = slump_changed("nodes", "b", unit="pp")  # b: a gap between two rates
    >>> move_words(pack, "b").rise, move_words(pack, "a").rise
    ('widen', 'rise')
    """
    node = pack.nodes[node_id]
    return MOVE_WORDS[node.moves or vocabulary_for(pack.info).unit(node.unit).moves]


def is_plural(pack: Pack, node_id: str) -> bool:
    """True when a node's name takes a plural verb: its ``plural``, else read from its label.

    Examples
    --------
    >>> from macrograph.graph.synthetic import labelled, slump_pack
    >>> pack = labelled(slump_pack(), {"a": "Household deposits", "b": "Cost of hedging"})
    >>> is_plural(pack, "a"), is_plural(pack, "b")
    (True, False)
    """
    node = pack.nodes[node_id]
    return names_several(node.label, node.plural)


@functools.lru_cache(maxsize=8)
def node_groups(pack: Pack) -> dict[str, str]:
    """Each node's group heading: the pack's declared groups (others: 'Other'), else the
    heading of its kind (see :mod:`macrograph.rules.vocabulary`).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> node_groups(units_pack())  # all four nodes are indicators
    {'flow': 'Indicators', 'index': 'Indicators', 'price': 'Indicators', 'rate': 'Indicators'}
    """
    declared = vocabulary_for(pack.info).groups
    if declared:
        where = {n: heading for heading, nodes in declared.items() for n in nodes}
        return {node_id: where.get(node_id, words.OTHER) for node_id in pack.nodes}
    return {node_id: words.kind_group(node.kind) for node_id, node in pack.nodes.items()}


def comparison_alone(result: Result, rule_id: str) -> str:
    """After threshold ``rule_id``'s name where it fired in the comparison alone, that.

    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> comparison_alone(slump_answer()[1], "a_to_b")  # no threshold fired
    ''
    """
    return " in the comparison alone" if result.fired_in_comparison_alone(rule_id) else ""


def shock_phrase(pack: Pack, result: Result, key: str) -> str:
    """How a chain's origin is named: the shock's label, or the trigger of the threshold
    that fired (:func:`trigger_phrase`), each said to be the comparison's where it is that
    alone (its absence moves the scenario against the comparison).

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> shock_phrase(pack, result, "a@2025-01-06")
    'a slumps'
    """
    rule_id = fired_rule(key)
    if rule_id is not None:
        return trigger_phrase(pack, rule_id) + comparison_alone(result, rule_id)
    shock = find_shock(result, key)
    alone = " (only in the comparison)" if result.shocked_in_comparison_alone(key) else ""
    return shock.label + alone if shock else key


def trigger_phrase(pack: Pack, rule_id: str) -> str:
    """A threshold that fires, named by its trigger as a clause: 'Once the price reaches
    its trigger (at or above 45.00)'; a rule's id is no word of its reader.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> from macrograph.rules.models import ThresholdRule
    >>> pack = pack_of([ThresholdRule.model_validate({"id": "stop", "kind": "threshold",
    ...     "source": "stock", "target": "flow", "channel": "policy", "effect": "+",
    ...     "confidence": "low", "because": "it stops", "crosses": {"below": 30},
    ...     "jump": {"elasticity": 1, "units": "index/event"}}, strict=False)])
    >>> trigger_phrase(pack, "stop")
    'Once stock reaches its trigger (at or below 30)'
    """
    found = pack.rules.get(rule_id)
    if not isinstance(found, ThresholdRule):
        return f"Once the {rule_id} threshold fires"
    reaches = agree("reaches its", is_plural(pack, found.source))
    return f"Once {node_name(pack, found.source)} {reaches} trigger ({_trigger_side(pack, found)})"


def trigger_name(pack: Pack, rule_id: str) -> str:
    """A threshold named as a force among others, by its trigger: 'the trigger on the
    price (at or above 45.00)'.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> trigger_name(pack_of([rule("a_lifts_b", "a", "b", 0.5)]), "a_lifts_b")
    'the a_lifts_b threshold'
    """
    found = pack.rules.get(rule_id)
    if not isinstance(found, ThresholdRule):
        return f"the {rule_id} threshold"
    return f"the trigger on {node_name(pack, found.source)} ({_trigger_side(pack, found)})"


def _trigger_side(pack: Pack, found: ThresholdRule) -> str:
    """Where a threshold's trigger lies, in its source's unit: 'at or above 45.00'."""
    unit = pack.nodes[found.source].unit
    above, below = found.crosses.above, found.crosses.below
    side, low, high = range_sides(above, below, ("at or above", "at or below"))
    if side == "between":
        return f"between {written(low, unit)} and {written(high, unit)}"
    return f"{side} {written(low, unit)}"


def range_sides(
    above: float | None, below: float | None, words: tuple[str, str]
) -> tuple[str, float, float]:
    """How a range with these bounds reads (``words`` of one above, one below) and its
    bounds, the same twice for a one-sided range.

    Examples
    --------
    >>> range_sides(2.0, None, ("above", "below")), range_sides(1.0, 3.0, ("above", "below"))
    (('above', 2.0, 2.0), ('between', 1.0, 3.0))
    """
    if above is not None and below is not None:
        return "between", above, below
    if below is not None:
        return words[1], below, below
    return words[0], float(above or 0.0), float(above or 0.0)


def intransitive(words: MoveWords, up: bool, plural: bool = False) -> str:
    """How a node's own move reads: a spread widens or narrows, a level rises or falls;
    a plural name takes the plural verb (prices rise).

    Examples
    --------
    >>> intransitive(MOVE_WORDS["widen"], False), intransitive(MOVE_WORDS["rise"], True, True)
    ('narrows', 'rise')
    """
    return words.intransitive(up, plural)


def either_way(words: MoveWords, plural: bool = False) -> tuple[str, str, None]:
    """Verb, state and amount of a step whose sign the rules leave open (effect ``?``).

    Examples
    --------
    >>> either_way(MOVE_WORDS["widen"])
    ('may widen or narrow', 'widens or narrows', None)
    >>> either_way(MOVE_WORDS["rise"], plural=True)
    ('may raise or lower', 'rise or fall', None)
    """
    state = f"{words.intransitive(True, plural)} or {words.intransitive(False, plural)}"
    return f"may {words.either[0]} or {words.either[1]}", state, None


def p_sign(node: NodeOutcome, h: str) -> float | None:
    """The Monte Carlo probability of the sign of the central move (None without draws).

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> b = result.nodes["b"]
    >>> p_sign(b, "3m") is None  # no draws, no probability
    True
    >>> drawn = replace(b, p_positive={"3m": 0.1}, p_negative={"3m": 0.9})
    >>> p_sign(drawn, "3m")  # b falls, and 90% of the draws agree
    0.9
    """
    if node.p_positive is None or node.p_negative is None:
        return None
    return node.p_positive[h] if node.delta[h] >= 0 else node.p_negative[h]


def shocked(node: NodeOutcome) -> bool:
    """True for a node a shock moves directly (its move is the shock, not an outcome).

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> shocked(result.nodes["a"]), shocked(result.nodes["b"])
    (True, False)
    """
    return any(ch.rule == "" for ch in node.channels)


def in_comparison(result: Result, key: str) -> ShockInfo | None:
    """The comparison's shock of ``key`` (node and date), or None when it has none.

    Examples
    --------
    >>> from macrograph import propagate, RunOptions
    >>> from macrograph.graph.synthetic import slump_pack
    >>> result = propagate(slump_pack(), "a-slumps", RunOptions(draws=0, against="a-slumps"))
    >>> in_comparison(result, "a@2025-01-06").label
    'a slumps'
    >>> in_comparison(propagate(slump_pack(), "a-slumps", RunOptions(draws=0)), "a@2025-01-06")
    """
    return next((a for a in result.against_shocks if a.key == key), None)


def differing_shocks(result: Result) -> tuple[ShockInfo, ...]:
    """The scenario's shocks that the comparison does not have, or has with another size.

    Examples
    --------
    >>> from macrograph import propagate, RunOptions
    >>> from macrograph.graph.synthetic import slump_pack
    >>> alone, same = RunOptions(draws=0), RunOptions(draws=0, against="a-slumps")
    >>> [s.label for s in differing_shocks(propagate(slump_pack(), "a-slumps", alone))]
    ['a slumps']
    >>> differing_shocks(propagate(slump_pack(), "a-slumps", same))  # it has the same shock
    ()
    """
    before = {s.key: (s.change, s.level) for s in result.against_shocks}
    return tuple(s for s in result.shocks if before.get(s.key) != (s.change, s.level))
