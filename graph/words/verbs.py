"""The verbs a pack's questions may use: the pack's lexicon on the built-in one, the verbs
its scenario names teach of a node ('<bank> cuts'), a node's own verbs, and which way a
sentence leans.

Examples
--------
>>> from macrograph.graph.synthetic import units_pack
>>> sorted(node_verbs(units_pack(), "rate"))[:3]
['add', 'added', 'adding']
"""

from __future__ import annotations

import functools
import re

from macrograph.graph.words.naming import name_index, subject, words
from macrograph.graph.words.verbforms import other_number, question_words
from macrograph.rules.english.lexicon import UNSPACED, Words
from macrograph.rules.english.phrases import scenario_names
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import climbs


@functools.cache  # compiled on first use: a class of the wide scripts takes ~4M steps to build
def _run_of_letters() -> re.Pattern[str]:
    """A run of letters of a script written without spaces between its words."""
    return re.compile(f"[{UNSPACED}]+")


NEGATIONS = ("no", "not", "never", "without")
"""Words that negate a move: 'no hike' and 'rates do not rise' are holds."""


def lexicon(pack: Pack) -> Words:
    """The words the pack's questions may use (its lexicon on the built-in one), its verbs
    in both numbers ('herds swell' where the pack wrote 'swells').

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> lex = lexicon(units_pack())  # the built-in lexicon
    >>> lex.decisions["raises"], lex.decisions["cut"], lex.decisions["holds"]
    (1, -1, 0)
    """
    return question_words(pack.info.lexicon)


@functools.lru_cache(maxsize=8)
def _unspaced_terms(pack: Pack) -> tuple[frozenset[str], int]:
    """The runs of unspaced letters in the pack's node names, question words and scenario
    names, and the longest run's length."""
    said = lexicon(pack)
    texts = [*name_index(pack).names, *said.verbs(), *said.fillers, *said.ends]
    texts += [*said.forms, *said.forms.values(), *scenario_names(pack)]
    wide = [said for said in map(words, texts) if not said.isascii()]
    terms = frozenset(run for said in wide for run in _run_of_letters().findall(said))
    return terms, max(map(len, terms), default=0)


def _spaced(terms: frozenset[str], longest: int, match: re.Match[str]) -> str:
    """A run of unspaced letters cut into the pack's words, longest first, with a space
    between them, and after a last word that a number or a sign follows ('上涨10%')."""
    run, pieces, start, at, known = match.group(), [], 0, 0, False
    while at < len(run):
        size = next(
            (n for n in range(min(longest, len(run) - at), 0, -1) if run[at : at + n] in terms),
            0,
        )
        known = size > 0
        if known:
            pieces += [run[start:at], run[at : at + size]]
            at = start = at + size
        else:
            at += 1
    pieces.append(run[start:])
    after = match.string[match.end() : match.end() + 1]
    tail = " " if known and after and not after.isspace() and not after.isalpha() else ""
    return " ".join(p for p in pieces if p) + tail


def heard(pack: Pack, text: str) -> str:
    """A question's :func:`words` with the pack's name forms read, and each run of letters
    of a script written without spaces ('猪价上涨') cut into the pack's own words ('猪价
    上涨'): its node names, verbs, fillers and scenario names; a run holding none of them
    stays whole ('2元/公斤').

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> heard(units_pack(), "What if the Rate rises 20bp?")
    'rate rises 20bp'
    """
    terms, longest = _unspaced_terms(pack)
    said = words(text)
    if terms and not said.isascii() and _run_of_letters().search(said):
        said = _run_of_letters().sub(lambda m: _spaced(terms, longest, m), said)
        said = " ".join(said.split())
    return lexicon(pack).said(said)


@functools.lru_cache(maxsize=8)
def taught(pack: Pack) -> dict[str, dict[str, int]]:
    """Verbs the pack's scenario names teach of one node, by node: a name that is a node's
    name and one word no lexicon has ('<bank> cuts') gives that word the direction of the
    scenario's move of that node (a cut: -1; no move: 0, a hold), in both numbers; a word
    two scenarios teach two ways is left out.

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.graph.synthetic import slump_pack
    >>> pack = slump_pack()  # its 'a slumps' teaches nothing: 'slumps' is a built-in verb
    >>> wilts = pack.scenarios["a-slumps"].model_copy(update={"id": "a-wilts"})
    >>> taught(replace(pack, scenarios={"a-wilts": wilts}))  # 'a wilts' teaches 'wilts' of a
    {'a': {'wilts': -1, 'wilt': -1}}
    """
    index, lex = name_index(pack), lexicon(pack)
    verbs = lex.verbs()
    found: dict[str, dict[str, set[int]]] = {}
    for scenario in sorted(pack.scenarios.values(), key=lambda s: s.id):
        for said in (scenario.id.replace("-", " "), *scenario.phrases):
            name, rest = subject(index, lex.said(words(said)))
            if not name or not rest or " " in rest or rest in verbs:
                continue
            node = index.names[name][0]
            moves = [s.change for s in scenario.shocks if s.node == node and s.change is not None]
            if moves:
                sign = (moves[0] > 0) - (moves[0] < 0)
                for form in (rest, other_number(rest)):
                    found.setdefault(node, {}).setdefault(form, set()).add(sign)
    return {
        node: {w: next(iter(d)) for w, d in said.items() if len(d) == 1}
        for node, said in found.items()
    }


def decides(pack: Pack, node: str) -> bool:
    """Whether ``node`` is one who decides: a policy node, or one with a priced path; the
    verbs of a decision ('hikes', 'cuts', 'holds') are its own.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> decides(units_pack(), "rate"), decides(units_pack(), "flow")
    (False, False)
    """
    found = pack.nodes[node]
    return found.kind == "policy_action" or found.expectations is not None


def node_verbs(pack: Pack, node: str) -> dict[str, int]:
    """The verbs a clause about ``node`` may use: its kind's moves (the other way round on a
    place in a table, :func:`climbs`), a decision's verbs when it
    is a policy node (with a priced path or without), and the verbs the pack's scenario
    names teach of it (:func:`taught`).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> verbs = node_verbs(units_pack(), "rate")
    >>> verbs["rises"], verbs["falls"], "holds" in verbs  # no policy node: it does not hold
    (1, -1, False)
    """
    lex, found = lexicon(pack), pack.nodes[node]
    verbs = dict(lex.moves_of(found.kind))
    if climbs(pack, node):  # a place in a table drops as its number grows
        verbs = {w: -d for w, d in verbs.items()}
    if decides(pack, node):
        verbs.update(lex.decisions)  # without a priced path a decision is a move of its size
    for verb, direction in taught(pack).get(node, {}).items():
        verbs.setdefault(verb, direction)
    return verbs


def polarity(pack: Pack, text: str) -> str:
    """Which way a sentence leans: 'hold', 'up', 'down' or '' (a negated move is a hold).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> polarity(units_pack(), "no rise in the rate"), polarity(units_pack(), "the price falls")
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


def unnegated(lex: Words, clause: str, also: tuple[str, ...] = ()) -> str:
    """'no hike from X', 'X does not hike' and 'Y does not hike X' read 'X holds'; ``also``
    are verbs beyond the lexicon's (those a pack's scenario names teach).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> from macrograph.graph.words.verbs import lexicon
    >>> lex = lexicon(units_pack())
    >>> unnegated(lex, "rate does not rise"), unnegated(lex, "no raise from rate")
    ('rate holds', 'rate holds')
    >>> unnegated(lex, "board does not raise rate"), unnegated(lex, "rate does not rise 5%")
    ('rate holds', 'rate does not rise 5%')
    """
    held = next((w for w, d in lex.decisions.items() if d == 0), "holds")
    no_move, not_moving = _negations(tuple(sorted({*lex.verbs(), *also})), lex.fillers)
    match = no_move.fullmatch(clause) or not_moving.fullmatch(clause)  # the thing, or X
    return f"{match.group(match.lastindex or 1)} {held}" if match else clause


NOT_MOVING = (
    *("does not", "do not", "did not", "will not", "won t", "doesn t", "don t", "didn t"),
    *("doesnt", "dont", "didnt", "wont", "not", "never"),
)
"""The words that negate a verb after its subject ('X does not hike'), also as typed in a
hurry without the apostrophe ('X doesnt hike')."""
AFTER = "against|by|in|on|at|to|from|for|this|next"  # no thing after a verb: 'not fall by 5%'


@functools.lru_cache(maxsize=32)
def _negations(verbs: tuple[str, ...], fillers: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """The patterns of 'no <verb> (from) X' and 'X does not <verb>', compiled once per
    lexicon (the longest verbs first, so that 'cuts' is not read as 'cut')."""
    said = "|".join(re.escape(v) for v in sorted(verbs, key=len, reverse=True))
    filled = "|".join(re.escape(f) for f in fillers)
    negation = "|".join(NOT_MOVING)
    return (
        re.compile(rf"no (?:(?:{filled}) )*(?:{said})(?: (?:from|by|at|for))? (.+)"),
        re.compile(
            rf".+? (?:{negation}) (?:{said}) (?![+-]?\d|(?:{AFTER}) )(.+)"
            rf"|(.+?) (?:{negation}) (?:{said})"
        ),
    )
