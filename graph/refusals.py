"""Why a question was not understood, and what it most likely meant.

A refusal names only what the question named: its suggestions are scenario names whose
nodes the question names too (or, for a question naming no node, near-spellings of a
whole name), ranked by meaning (a hold for a hold, a rise for a rise) and then by spelling;
its ``--shock`` example is on the node the question names first, with the sign its verb
gives (read the other way on a name of the node's other side). A question whose subject
is no node of the pack, before a verb of the pack's lexicon, is told so: "the pack has
no ECB", with the pack's policy nodes (for a decision's verb) or its key outcomes.

Examples
--------
>>> from macrograph.rules import load_pack
>>> pack = load_pack()
>>> error = refusal(pack, "BoJ hkes", "BoJ hkes")
>>> error.example
'boj_policy_rate=+25bp'
>>> error = refusal(pack, "ECB cuts 25bp", "ECB cuts 25bp")
>>> error.unknown, error.known_kind, error.example
('ECB', 'policy', 'boj_policy_rate=-25bp')
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from macrograph.graph.errors import GraphError, SizeUnitError, UnknownScenarioError
from macrograph.graph.naming import all_named, first_named, name_index, several, subject, words
from macrograph.graph.scenarios import grammar_forms, policy_nodes, resolve
from macrograph.graph.sizes import Size, change_in_units, read_size, shock_example, unit_choices
from macrograph.rules.lexicon import Words, lexicon_words
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import UnitForm, vocabulary_for

NEGATIONS = ("no", "not", "never", "without")
VERB_TYPO = 80  # rapidfuzz's ratio a misspelt verb must reach ('hkes' for 'hikes')
SPELLING = 80  # ... and a question naming no node, to a whole scenario name
SHARED = 15  # what each word a question shares with a scenario adds to its score


def lexicon(pack: Pack) -> Words:
    """The words the pack's questions may use (its lexicon on the built-in one)."""
    return lexicon_words(pack.info.lexicon)


def polarity(pack: Pack, text: str) -> str:
    """Which way a sentence leans: 'hold', 'up', 'down' or '' (a negated move is a hold).

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> polarity(load_pack(), "no hike from the BoJ"), polarity(load_pack(), "nasdaq sells off")
    ('hold', 'down')
    """
    lex = lexicon(pack)
    padded = f" {words(text)} "
    if any(f" {w} " in padded for w in NEGATIONS):
        return "hold"
    found = {d for w, d in lex.verbs().items() if f" {w} " in padded}
    if 0 in found:
        return "hold"
    return {1: "up", -1: "down"}.get(next(iter(found)), "") if len(found) == 1 else ""


def named_nodes(pack: Pack, text: str) -> frozenset[str]:
    """The nodes ``text`` names anywhere, its verbs aside (in time linear in it)."""
    return frozenset(all_named(name_index(pack), _masked(pack, lexicon(pack).said(words(text)))))


def _masked(pack: Pack, clause: str) -> str:
    """``clause`` with the lexicon's one-word verbs blanked: 'hikes' names no node."""
    verbs = name_index(pack).verbs
    return " ".join("|" if token in verbs else token for token in clause.split())


@functools.lru_cache(maxsize=8)
def _candidates(pack: Pack) -> tuple[tuple[str, frozenset[str], frozenset[str]], ...]:
    """Every scenario name with the nodes it names (else the nodes its own shocks set) and
    the stems of its words and its scenario's title (see :func:`_stems`)."""
    found = []
    for scenario in sorted(pack.scenarios.values(), key=lambda s: s.id):
        own = frozenset(s.node for s in scenario.shocks)
        for name in (scenario.id, *scenario.phrases):
            nodes = named_nodes(pack, name.replace("-", " "))
            stems = _stems(pack, f"{name.replace('-', ' ')} {scenario.title}")
            found.append((name, nodes or own, stems))
    return tuple(found)


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
    >>> from macrograph.rules import load_pack
    >>> suggest(load_pack(), "no hike from the BoJ")[0]
    'no boj hike'
    >>> suggest(load_pack(), "Nasdaq sells off 10%")
    []
    """
    wanted = words(text)
    readings = _readings(pack, wanted)
    if readings:  # the start names several nodes: each of them, with the rest as asked
        return readings[:n]
    asked = named_nodes(pack, wanted)
    leaning = polarity(pack, wanted)
    stems = _stems(pack, wanted)
    scored: dict[str, float] = {}
    for name, nodes, their in _candidates(pack):
        said = words(name.replace("-", " "))
        if asked and not nodes <= asked:
            continue
        if not asked and fuzz.ratio(wanted, said) < SPELLING:
            continue
        score = (fuzz.token_set_ratio(wanted, said) + fuzz.WRatio(wanted, words(name))) / 2
        score += SHARED * len(stems & their)
        other = polarity(pack, said)
        if leaning and other and other != leaning:
            score -= 100
        elif leaning and other == leaning:
            score += 10
        scored.setdefault(name, score)
    ranked = sorted(scored, key=lambda k: (-scored[k], k))
    return [k for k in ranked if scored[k] >= 50][:n]


def _readings(pack: Pack, clause: str) -> list[str]:
    """``clause`` with its start read as each node it could name, when it names several."""
    nodes, rest = several(name_index(pack), clause)
    return [f"{words(pack.nodes[node].label)} {rest}".strip() for node in nodes]


def _verb_at(lex: Words, tokens: list[str], verbs: dict[str, int]) -> tuple[str, int]:
    """The longest verb the tokens start with, else one they misspell ('', 0 for none)."""
    longest = max((len(v.split()) for v in verbs), default=0)
    for end in range(min(longest, len(tokens)), 0, -1):
        said = " ".join(tokens[:end])
        if said in verbs:
            return said, end
    if tokens and len(tokens[0]) >= 4:
        close = process.extractOne(tokens[0], sorted(verbs), scorer=fuzz.ratio)
        if close is not None and close[1] >= VERB_TYPO:
            return close[0], 1
    return "", 0


@dataclass(frozen=True)
class Meant:
    """What a clause most likely meant: its node, the sign it gives it (0 when unknown), and
    the clause with a misspelt verb put right ('' when none was)."""

    node: str | None
    sign: int = 0
    corrected: str = ""


def _meant(pack: Pack, clause: str) -> Meant:
    lex = lexicon(pack)
    index = name_index(pack)
    name, rest = subject(index, clause)
    if not name:
        return Meant(first_named(index, _masked(pack, clause)))
    node, inverse = index.names[name]
    found = pack.nodes[node]
    verbs = dict(lex.moves_of(found.kind))
    if found.expectations is not None:
        verbs.update(lex.decisions)
    tokens = [t for t in rest.split() if t not in lex.fillers]
    verb, length = _verb_at(lex, tokens, verbs)
    sign = verbs.get(verb, 0) if verb else {"up": 1, "down": -1}.get(polarity(pack, rest), 0)
    typo = bool(verb) and " ".join(tokens[:length]) != verb
    corrected = " ".join([name, verb, *tokens[length:]]) if typo else ""
    return Meant(node, -sign if inverse else sign, corrected)


def example(pack: Pack, node: str, sign: int, size: Size | None = None) -> str:
    """A ``--shock`` on ``node`` with ``sign``: the size said when it applies, else the
    decision markets priced (a policy node), else a typical day's move.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> example(load_pack(), "jgb_10y", -1)
    'jgb_10y=-3bp'
    """
    if not sign:
        return shock_example(pack, node)
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
    return round(abs(change) * _form(pack, node).change_scale, 6)


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
    return round(abs(priced) * _form(pack, node).change_scale, 6) if priced else None


def _form(pack: Pack, node: str) -> UnitForm:
    return vocabulary_for(pack.info).unit(pack.nodes[node].unit)


def _size_in(clause: str) -> Size | None:
    """The first size with a unit the clause says."""
    for token in clause.split():
        size = read_size(token)
        if size is not None and size.unit:
            return size
    return None


def _unknown_name(pack: Pack, clause: str) -> tuple[str, str]:
    """The words before the first verb of the lexicon, when they name no node, and whether
    the verb is a decision's ('policy') or a move's ('outcome'); ('', '') if none."""
    lex = lexicon(pack)
    verbs = lex.verbs()
    tokens = clause.split()
    for place in range(1, len(tokens)):
        verb, _ = _verb_at(lex, tokens[place:], {v: 0 for v in verbs})
        if verb and tokens[place] == verb.split()[0]:
            what = "policy" if verb in lex.decisions and verb not in lex.moves else "outcome"
            return " ".join(tokens[:place]), what
    return "", ""


def _original(text: str, said: str) -> str:
    """``said`` (lower case) as the user wrote it, when the text holds it."""
    low = text.lower()
    at = low.find(said)
    return text[at : at + len(said)] if at >= 0 else said


def refusal(
    pack: Pack, clause: str, text: str, read: Callable[[str], object] | None = None
) -> UnknownScenarioError:
    """The error for words that name no scenario and cannot be read (``clause`` in
    :func:`words` form, ``text`` as typed); ``read`` reads a question, to offer a clause
    with its misspelt verb put right when that reads."""
    clause = lexicon(pack).said(words(clause))
    meant = _meant(pack, clause)
    size = _size_in(clause)
    if meant.node is not None:
        suggestions = suggest(pack, meant.corrected or text)
        if meant.corrected and read is not None and _reads(read, meant.corrected):
            suggestions = [meant.corrected, *suggestions][:3]
        shown = example(pack, meant.node, meant.sign, size)
        return UnknownScenarioError(text, suggestions, grammar_forms(pack), shown)
    nodes, rest = several(name_index(pack), clause)
    if nodes:  # the start names several nodes: each of them, with the rest as asked
        shown = example(pack, nodes[0], _sign_of(pack, rest), size)
        return UnknownScenarioError(text, _readings(pack, clause)[:3], grammar_forms(pack), shown)
    unknown, what = _unknown_name(pack, clause)
    if not unknown:
        return UnknownScenarioError(
            text, suggest(pack, text), grammar_forms(pack), shock_example(pack)
        )
    verb_sign = _sign_of(pack, clause[len(unknown) :])
    known = policy_nodes(pack) if what == "policy" else list(pack.info.key_outcomes)
    if not known:
        what, known = "outcome", sorted(n.id for n in pack.nodes.values() if n.volatility)
    shown = example(pack, known[0], verb_sign, size) if known else shock_example(pack)
    return UnknownScenarioError(
        text,
        [],
        grammar_forms(pack),
        shown,
        unknown=_original(text, unknown),
        known_kind=what,
        known=tuple((node, pack.nodes[node].label) for node in known),
        known_name=pack.info.key_outcomes_name[1] if pack.info.key_outcomes else "nodes",
    )


def _reads(read: Callable[[str], object], text: str) -> bool:
    try:
        read(text)
    except GraphError:
        return False
    return True


def _sign_of(pack: Pack, rest: str) -> int:
    lex = lexicon(pack)
    verb, _ = _verb_at(lex, rest.split(), lex.verbs())
    return lex.verbs().get(verb, 0) if verb else 0
