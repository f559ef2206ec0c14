"""Why a question was not understood, and what it most likely meant.

A refusal names only what the question named: its suggestions are scenario names whose
nodes the question names too (or, for a question naming no node, near-spellings of a
whole name), ranked by meaning (a hold for a hold, a rise for a rise) and then by spelling;
its ``--shock`` example is on the node the question names first, with the sign its verb
gives (read the other way on a name of the node's other side). A question whose subject
is no node of the pack, before a verb of the pack's lexicon, is told so: "the pack has
no Council", with the pack's policy nodes (for a decision's verb) or its key outcomes.

Examples
--------
>>> from macrograph.graph.synthetic.policy import policy_pack
>>> pack = policy_pack()  # a policy node, rate, and a 25bp hike priced
>>> error = refusal(pack, "Rate raisse", "Rate raisse")
>>> error.example
'rate=+25bp'
>>> error = refusal(pack, "Council lowers 25bp", "Council lowers 25bp")
>>> error.unknown, error.known_kind, error.example
('Council', 'policy', 'rate=-25bp')
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Mapping

from msgspec import Struct
from rapidfuzz import fuzz

from macrograph.graph.errors import (
    GraphError,
    PlainWordsError,
    SizeUnitError,
    Unknown,
    UnknownScenarioError,
)
from macrograph.graph.specs import grammar_forms, moving_scenarios, policy_nodes, resolve
from macrograph.graph.words.changewords import shock_example, unit_choices
from macrograph.graph.words.levels.sizes import level_offered, scale_named
from macrograph.graph.words.naming import (
    all_named,
    exact,
    first_named,
    name_index,
    several,
    subject,
    words,
)
from macrograph.graph.words.rewording import ARTICLES_OF_NAMES, JOINS
from macrograph.graph.words.sizes import change_in_units
from macrograph.graph.words.units.counts import counting
from macrograph.graph.words.units.found import size_in
from macrograph.graph.words.units.unitwords import Size, pack_units, unit_form
from macrograph.graph.words.unnamed import decisions_said_alone
from macrograph.graph.words.verbs import NEGATIONS, heard, lexicon, node_verbs, polarity
from macrograph.rules.english.lexicon import Words
from macrograph.rules.english.suggest import closest
from macrograph.rules.models import Shock
from macrograph.rules.pack import Pack

NEGATIONS_SAID = re.compile(rf"\b(?:{'|'.join(NEGATIONS)})\b")
# words before a verb that are no part of a name ('X does not rise')
NO_NAME = frozenset((*NEGATIONS, "does", "do", "did", "will", "would", "won", "can", "may"))
# ... nor an article or a join it starts with ('a levy', "'; drop" read as 'and drop')
NO_NAME_BEFORE = frozenset((*ARTICLES_OF_NAMES, *JOINS))
VERB_TYPO = 80  # rapidfuzz's ratio a misspelt verb must reach ('rsies' for 'rises')
SPELLING = 80  # ... and a question naming no node, to a whole scenario name
NAME_WORDS = 4  # the most words read as the name of something the pack does not have
SHARED = 15  # what each word a question shares with a scenario adds to its score


def named_nodes(pack: Pack, text: str) -> frozenset[str]:
    """The nodes ``text`` names anywhere, its verbs aside (in time linear in it).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> sorted(named_nodes(units_pack(), "the rate rises and the price falls"))
    ['price', 'rate']
    """
    return frozenset(all_named(name_index(pack), _masked(pack, heard(pack, text))))


def _masked(pack: Pack, clause: str) -> str:
    """``clause`` with the lexicon's one-word verbs blanked: 'hikes' names no node."""
    return " ".join("|" if token in name_index(pack).verbs else token for token in clause.split())


@functools.lru_cache(maxsize=8)
def _candidates(pack: Pack) -> tuple[tuple[str, frozenset[str], frozenset[str], str], ...]:
    """Every scenario name with the nodes it names (else the nodes its own shocks set), the
    stems of its words and its scenario's title (see :func:`_stems`), and the way its
    scenario's own changes lean (see :func:`_leaning`)."""
    found = []
    for scenario in sorted(pack.scenarios.values(), key=lambda s: s.id):
        own = frozenset(s.node for s in scenario.shocks)
        for name in (scenario.id, *scenario.phrases):
            nodes = named_nodes(pack, name.replace("-", " "))
            stems = _stems(pack, f"{name.replace('-', ' ')} {scenario.title}")
            found.append((name, nodes or own, stems, _leaning(scenario.shocks)))
    return tuple(found)


def _leaning(shocks: tuple[Shock, ...]) -> str:
    """'up' or 'down' when every shock of a scenario is a change that way, 'hold' when every
    one is no change, else '' (a level, or both ways): how a name without a verb of the
    lexicon leans ('a levy surcharge', 'dearer seats') against a question that negates.

    Examples
    --------
    >>> from datetime import date
    >>> rise = Shock(node="a", date=date(2026, 1, 1), change=2.0, label="a rises")
    >>> _leaning((rise,)), _leaning((rise, rise.model_copy(update={"change": -2.0})))
    ('up', '')
    """
    signs = {(s.change > 0) - (s.change < 0) if s.change is not None else 2 for s in shocks}
    return {1: "up", -1: "down", 0: "hold"}.get(signs.pop(), "") if len(signs) == 1 else ""


def _stems(pack: Pack, text: str) -> frozenset[str]:
    """The first four letters of the words of four letters or more, verbs aside: what a
    question and a scenario share in meaning beyond its verb ('wage' of 'wages')."""
    verbs = name_index(pack).verbs
    return frozenset(w[:4] for w in words(text).split() if len(w) >= 4 and w not in verbs)


def suggest(pack: Pack, text: str, n: int = 3) -> list[str]:
    """The pack's scenario names closest to ``text`` in meaning and spelling, best first.

    Only names whose nodes the question names are offered; a name leaning the other way
    (a hike for a hold) ranks below every name that does not.

    Examples
    --------
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> suggest(policy_pack(), "no hike from rate")  # the names of rate-holds
    ['no hike', 'rate holds']
    >>> suggest(policy_pack(), "price sells off 10%")  # no scenario moves price by itself
    []
    """
    wanted = words(text)
    readings = _readings(pack, wanted)
    if readings:  # the start names several nodes: each of them, with the rest as asked
        return readings[:n]
    asked = named_nodes(pack, wanted)
    leaning = polarity(pack, wanted)
    # 'no <name>' of a scenario that moves: a name of it with no verb ('dearer seats') leans
    # the way its scenario's changes do, the opposite of what was said
    negated = bool(NEGATIONS_SAID.search(wanted))
    stems = _stems(pack, wanted)
    scored: dict[str, float] = {}
    for name, nodes, their, leans in _candidates(pack):
        said = words(name.replace("-", " "))
        if asked and not nodes <= asked:
            continue
        # a name as typed ('rate-holdz') is compared with the name as written, too
        if not asked and max(fuzz.ratio(wanted, said), fuzz.ratio(wanted, words(name))) < SPELLING:
            continue
        score = (fuzz.token_set_ratio(wanted, said) + fuzz.WRatio(wanted, words(name))) / 2
        score += SHARED * len(stems & their)
        other = polarity(pack, said) or (leans if negated else "")
        if leaning and other and other != leaning:
            score -= 100
        elif leaning and other == leaning:
            score += 10
        scored.setdefault(name, score)
    ranked = sorted(scored, key=lambda k: (-scored[k], k))
    kept: dict[str, str] = {}  # one of names that read alike: 'a-b' is 'a b'
    for name in ranked:
        if scored[name] >= 50:
            kept.setdefault(words(name.replace("-", " ")), name)
    return list(kept.values())[:n]


def no_size(pack: Pack, text: str, node: str, meant: int) -> GraphError:
    """The refusal of a move of ``node`` said with a way (``meant``) and no size: a misspelt
    scenario name ('pirce rise') is offered its spellings; else a size, or a scenario.

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack, units_pack
    >>> err = no_size(units_pack(), "price rises", "price", 1)  # a size is asked for
    >>> err.problem, err.example
    ('no_size', 'price=+0.6%')
    >>> no_size(slump_pack(), "a slmups", "a", -1).suggestions  # a misspelt scenario name
    ['a slumps']
    """
    alike = spelt_alike(pack, text)
    if alike:
        forms = grammar_forms(pack)
        return UnknownScenarioError(text, alike[:3], forms, example(pack, node, meant))
    shown, ways = example(pack, node, meant), moving_scenarios(pack, node, meant)
    return PlainWordsError(text, "no_size", node, shown, ways)


def spelt_alike(pack: Pack, text: str) -> list[str]:
    """The pack's scenario names ``text`` misspells as a whole ('pirce rise' of 'price
    rise'), closest first: what a question of a move without a size most likely meant.

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> spelt_alike(slump_pack(), "a slunps"), spelt_alike(slump_pack(), "a slumps")
    (['a slumps'], [])
    """
    scored: dict[str, float] = {}
    for said in (words(name.replace("-", " ")) for name, *_ in _candidates(pack)):
        if SPELLING <= (score := fuzz.ratio(words(text), said)) < 100:
            scored[said] = max(score, scored.get(said, 0.0))
    return sorted(scored, key=lambda k: (-scored[k], k))


def _readings(pack: Pack, clause: str) -> list[str]:
    """``clause`` with its start read as each node it could name, when it names several
    and a verb of the lexicon follows (else there is nothing to read it as)."""
    nodes, rest = several(name_index(pack), clause)
    lex = lexicon(pack)
    acts = _verb_at(lex, [t for t in rest.split() if t not in lex.fillers], lex.verbs())[0]
    if not acts or named_nodes(pack, rest):  # 'the council freezes the tariff': who acts,
        return []  # on the node named after the verb (which names none), not several nodes
    said = (" ".join(pack.nodes[n].label.lower().split()) for n in nodes)  # "point's", as written
    return [f"{label} {rest}".strip() for label in said]


def _verb_at(
    lex: Words, tokens: list[str], verbs: Mapping[str, int], typo: bool = True
) -> tuple[str, int]:
    """The longest verb the tokens start with, else (``typo``) one they misspell ('', 0)."""
    longest = max((len(v.split()) for v in verbs), default=0)
    for end in range(min(longest, len(tokens)), 0, -1):
        said = " ".join(tokens[:end])
        if said in verbs:
            return said, end
    if typo and tokens and len(tokens[0]) >= 4:
        close = closest(tokens[0], verbs, limit=1, cutoff=VERB_TYPO)
        if close:
            return close[0], 1
    return "", 0


class Meant(Struct, frozen=True):
    """What a clause most likely meant: its node, the sign it gives it (0 to hold, None when
    unknown), and
    the clause with a misspelt verb put right ('' when none was)."""

    node: str | None
    sign: int | None = None
    corrected: str = ""


def _meant(pack: Pack, clause: str) -> Meant:
    lex, index = lexicon(pack), name_index(pack)
    name, rest = subject(index, clause)
    if not name:
        leaning = {"up": 1, "down": -1, "hold": 0}.get(polarity(pack, clause))
        # else a name that is also a verb, after a negation ('no guarantee', of 'guarantees')
        after = subject(index, re.sub(r"^(?:no|not|without)\s+", "", clause))[0]
        named = first_named(index, _masked(pack, clause)) or index.names.get(after, (None,))[0]
        return Meant(named, leaning)
    node, inverse = index.names[name]
    verbs = node_verbs(pack, node)
    tokens = [t for t in rest.split() if t not in lex.fillers]
    verb, length = _verb_at(lex, tokens, verbs)
    leaning = {"up": 1, "down": -1, "hold": 0}.get(polarity(pack, rest))
    sign = verbs[verb] if verb else leaning
    typo = bool(verb) and " ".join(tokens[:length]) != verb
    corrected = " ".join([name, verb, *tokens[length:]]) if typo else ""
    return Meant(node, -sign if inverse and sign else sign, corrected)


def example(pack: Pack, node: str, sign: int | None, size: Size | None = None) -> str:
    """A ``--shock`` on ``node`` with ``sign`` (0: a hold, of a decision no change, of any
    other node a typical rise; None: the sign of the size said, else up): the size said when
    it applies, else the decision markets priced (a policy node), else a typical day's move.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> example(units_pack(), "rate", -1), example(units_pack(), "price", -1)  # a day's move
    ('rate=-3bp', 'price=-0.6%')
    >>> example(policy_pack(), "rate", 0), example(policy_pack(), "rate", None)  # as priced
    ('rate=+0bp', 'rate=+25bp')
    """
    if sign == 0 and pack.nodes[node].expectations is not None:  # a decision held
        return f"{node}={unit_choices(pack, node, 0.0)[0]}"
    if size is not None and scale_named(pack, node, f"{size.unit} {size.value:g}"):
        return f"{node}@{size.value:g}"  # 'stage 6' names a level, never 6 stages more
    sign = 1 if sign == 0 else sign  # nothing to hold: a typical move, never '+0t'
    if sign is None:
        sign = -1 if size is not None and size.sign == "-" else 1
    value = _said(pack, node, size) if size is not None else None
    if value is None:
        value = _priced(pack, node)
    if value is None:
        written = shock_example(pack, node).split("=", 1)[1]
        return f"{node}={'-' if sign < 0 else '+'}{written.lstrip('+-')}"
    return f"{node}={unit_choices(pack, node, sign * value)[0]}"


def _said(pack: Pack, node: str, size: Size) -> float | None:
    """The size said, as :func:`unit_choices` writes it (None if its unit does not apply)."""
    try:
        change = change_in_units(pack, node, size.value, size.unit, "")
    except SizeUnitError:
        return None
    return round(abs(change) * unit_form(pack, node).change_scale, 6)


def _priced(pack: Pack, node: str) -> float | None:
    """The size of the decision on ``node`` the default scenario prices, as
    :func:`unit_choices` writes it, or None."""
    if pack.nodes[node].expectations is None:
        return None
    try:
        decision = resolve(pack, pack.info.default_scenario).decision(node)
    except KeyError:
        return None
    priced = decision.priced.change if decision.priced else 0.0
    return round(abs(priced) * unit_form(pack, node).change_scale, 6) if priced else None


def _unknown_name(pack: Pack, clause: str) -> tuple[str, str]:
    """The words before the clause's first verb of the lexicon when they are no node's name
    ('lake board' is not 'lake'), and whether the verb is a decision's
    ('policy') or a move's ('outcome'); ('', '') when there is no such verb or the words
    name a node, or several."""
    lex = lexicon(pack)
    verbs = lex.verbs()
    index = name_index(pack)
    tokens = clause.split()
    for place in range(1, len(tokens)):
        verb, _ = _verb_at(lex, tokens[place:], verbs, typo=False)
        if not verb:
            continue
        said = [t for t in tokens[:place] if t not in lex.fillers and t not in NO_NAME]
        head = " ".join(itertools.dropwhile(NO_NAME_BEFORE.__contains__, said))
        if not head or head in index.regions:  # a region's name is who acts, no market
            continue  # 'no rise ...', 'does not fall': nothing is named before the verb
        if place > NAME_WORDS or any(c.isdigit() for c in head):
            return "", ""  # no name of an institution or a market: words of another kind
        name, rest = subject(index, head)
        if (name and not rest) or several(index, head)[0] or exact(index, head.split()):
            return "", ""  # a node's name, perhaps with words the reader does not know after it
        said = head.split()
        tails = (subject(index, " ".join(said[i:])) for i in range(1, len(said)))
        if any(found and not after for found, after in tails):
            return "", ""  # ... or before it ('teh fare': a slip, not a market the pack lacks)
        what = "policy" if verb in lex.decisions and verb not in lex.moves else "outcome"
        return head, what
    return "", ""


def _original(text: str, said: str) -> str:
    """``said`` (lower case) as the user wrote it, when the text holds it."""
    low = text.lower()
    at = low.find(said)
    return text[at : at + len(said)] if at >= 0 else said


def refusal(
    pack: Pack,
    clause: str,
    text: str,
    read: Callable[[str], bool] | None = None,
    before: str = "",
) -> UnknownScenarioError:
    """The error for words that name no scenario and cannot be read: ``clause`` is the part
    that could not be read, ``text`` the question as typed; ``read`` says whether a clause
    reads, to offer one with its misspelt verb put right when it does; ``before`` is the
    subject of the clauses before, read as the clause's own when it names none ('Rate raises
    but says it will wait').

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> err = refusal(slump_pack(), "a slmups", "a slmups")
    >>> err.suggestions, err.example
    (['a-slumps'], 'a=-1pt')
    """
    clause = heard(pack, clause)
    size = size_in(clause, pack_units(pack))
    unknown, what = _unknown_name(pack, clause)
    if unknown:
        return _no_such(pack, text, clause, unknown, what, size)
    if before and not subject(name_index(pack), clause)[0]:
        clause = f"{before} {clause}"
    meant = _meant(pack, clause)
    if meant.node is not None:
        suggestions = suggest(pack, meant.corrected or text)
        if meant.corrected and read is not None and read(meant.corrected):
            suggestions = list(dict.fromkeys([meant.corrected, *suggestions]))[:3]
        shown = level_offered(pack, meant.node, clause)  # 'rises to 0.6 lice per fsh'
        shown = shown or example(pack, meant.node, meant.sign, size)
        return UnknownScenarioError(text, suggestions, grammar_forms(pack), shown)
    alone = decisions_said_alone(pack, clause)  # 'a 25bp cut' with several who decide
    if len(alone) > 1:
        readings = [said for _, said, _ in alone if read is None or read(said)]
        shown = example(pack, alone[0][0], alone[0][2] or None, size)
        return UnknownScenarioError(text, readings[:3], grammar_forms(pack), shown)
    nodes, rest = several(name_index(pack), clause)
    if nodes:  # the start names several nodes: each of them, with the rest as asked
        shown = example(pack, nodes[0], _sign_of(pack, rest), size)
        return UnknownScenarioError(text, suggest(pack, text), grammar_forms(pack), shown)
    acts = [n.id for n in pack.nodes.values() if n.kind == "policy_action"]
    took = [n for n in acts if size is not None and _said(pack, n, size) is not None]
    sign = {"up": 1, "down": -1}.get(polarity(pack, clause))
    # a decision said alone, none priced: the one decision its size fits, not any node
    shown = example(pack, took[0], sign, size) if len(took) == 1 and sign else shock_example(pack)
    return UnknownScenarioError(text, suggest(pack, text), grammar_forms(pack), shown)


def _no_such(
    pack: Pack, text: str, clause: str, unknown: str, what: str, size: Size | None
) -> UnknownScenarioError:
    """The pack has no such institution or market: what it has instead, and a ``--shock``
    on the first of those that takes the size said, with the sign and size said."""
    rest = clause[clause.find(unknown) + len(unknown) :]
    verb_sign = {"up": 1, "down": -1, "hold": 0}.get(polarity(pack, rest))
    acts = [n.id for n in pack.nodes.values() if n.kind == "policy_action"]  # a board's decisions
    known = (policy_nodes(pack) or acts) if what == "policy" else []
    what, known = (what, known) if known else ("outcome", list(pack.info.key_outcomes))
    named = pack.info.key_outcomes_name[1] if known else "nodes"
    known = known or sorted(n.id for n in pack.nodes.values() if n.volatility)
    counted = counting(pack, unknown)  # 'mills fall 3': a unit said as the subject
    if counted:
        what, known, named = "unit", counted, f"nodes in {unknown}"
    fits = [n for n in known if size is not None and _said(pack, n, size) is not None]
    on = (fits or known)[:1]  # the first whose unit takes the size said
    shown = example(pack, on[0], verb_sign, size) if on else shock_example(pack)
    labels = tuple((node, pack.nodes[node].label) for node in known)
    said = Unknown(_original(text, unknown), what, labels, named)
    return UnknownScenarioError(text, [], grammar_forms(pack), shown, said)


def _sign_of(pack: Pack, rest: str) -> int | None:
    """The sign of the verb ``rest`` starts with (0 to hold, None for none)."""
    lex = lexicon(pack)
    verb, _ = _verb_at(lex, [t for t in rest.split() if t not in lex.fillers], lex.verbs())
    return lex.verbs()[verb] if verb else None
