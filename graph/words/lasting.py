"""A move said to last a while ('a strike shuts the mine for 2 weeks'): the move, then a
second shock that undoes it as long after as said, in whole periods of the pack.

A move lasts until another undoes it, so words of time at a question's end ('for 2 weeks',
'for three months') are read as that second shock. Only a change can be undone so: a
level said ('falls to 5') has no level to go back to that the question names, and a
decision's second decision is the pack's to write; neither is read, nor a while shorter
than the pack's period or not a whole number of them ('for 10 days' of a pack in weeks),
nor a move spread over a while ('rises 10% over 2 weeks': bit by bit, not at once). A
scenario that ends itself, each of its moves followed by one that undoes it ('the drought
lasts three months': rain at 40% of normal, then back to its baseline), ends as long after
its start as said instead.

Examples
--------
>>> lasting_words("rate rises 20bp for two weeks")
('rate rises 20bp', 'for two weeks', '2w')
>>> lasting_words("rate rises 20bp") is None
True
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from msgspec.structs import replace

from macrograph.graph.errors import PlainWordsError
from macrograph.graph.periods import advance
from macrograph.graph.specs import ScenarioSpec, ShockSpec, resolve
from macrograph.rules.english.forms import NUMBERS, TIMES
from macrograph.rules.fields import duration_periods, period_noun
from macrograph.rules.pack import Pack

if TYPE_CHECKING:  # a question of one clause needs no composing
    from macrograph.graph.words.composing import Piece

_TIME_WORDS = {
    **{w: spelt[0] for spelt, short, _ in TIMES for w in (*spelt, *short)},
    **{w: w.removesuffix("s") for w in ("fortnight", "fortnights", "decade", "decades")},
    **{"h": "hour", "d": "day", "w": "week", "q": "quarter", "y": "year"},  # not 'm' (60m: £?)
}
LASTING = re.compile(
    r"\s(?:(?:lasts?|lasting)(?:\s+for)?|for|over)\s+"
    rf"({'|'.join(NUMBERS)}|\d+(?:\.\d+)?)\s*"
    rf"({'|'.join(sorted(_TIME_WORDS, key=len, reverse=True))})"
    r"(?:\s+(?P<start>(?:from|starting|beginning|in|on)\s+\S.*?))?\s*$",
    re.IGNORECASE,
)
"""A move said to last a while ('for 6 hours', 'for two days', 'lasts three months'), in
English's words of time (:data:`~macrograph.rules.english.forms.TIMES`) and of numbers,
before or after the day it starts ('for 3 weeks from 5 October')."""

_MANY = {"fortnight": ("week", 2), "decade": ("year", 10)}
_LETTERS = {"day": "d", "week": "w", "month": "m", "quarter": "q", "year": "y"}
_SHORTER = {"second", "minute", "hour"}  # shorter than a day, the shortest period


def lasting_words(text: str) -> tuple[str, str, str] | None:
    """The question without its words of time, those words, and the while as a duration
    ('2w', '3m'; '' for one shorter than a day or not a whole number of its unit); None
    where the question ends in no words of time.

    Examples
    --------
    >>> lasting_words("Bz falls 15 nT for 6 hours")
    ('Bz falls 15 nT', 'for 6 hours', '')
    >>> lasting_words("output falls 5% for 1.5 quarters")[2]
    ''
    >>> lasting_words("the strike lasts three weeks")
    ('the strike', 'for three weeks', '3w')
    >>> lasting_words("outages rise 2 GW for a fortnight")[1:]
    ('for a fortnight', '2w')
    >>> lasting_words("x falls 5% for 2 weeks from 5 october")  # the day it starts kept
    ('x falls 5% from 5 october', 'for 2 weeks', '2w')
    """
    found = LASTING.search(text)
    if found is None:
        return None
    count, unit = found.group(1).lower(), _TIME_WORDS[found.group(2).lower()]
    number = float(NUMBERS[count]) if count in NUMBERS else float(count)
    unit, times = _MANY.get(unit, (unit, 1))  # 'a fortnight' is two weeks
    number *= times
    whole = number.is_integer() and number > 0 and unit not in _SHORTER
    duration = f"{int(number)}{_LETTERS[unit]}" if whole else ""
    start = found.group("start")  # 'starting in week 45', as the date: 'from week 45'
    start = start and re.sub(r"^(?:starting|beginning)(?:\s+(?:in|on|from))?\s+", "from ", start)
    said = " ".join(found.group(0)[: found.start("start") - found.start()].split()).lower()
    said = said if start else " ".join(found.group(0).split()).lower()
    said = re.sub(r"^(?:lasts?|lasting)(?: for)?", "for", said)  # 'lasts 3 months': 'for 3...'
    return f"{text[: found.start()]} {start}" if start else text[: found.start()], said, duration


def lasting_spec(pack: Pack, spec: ScenarioSpec, text: str) -> ScenarioSpec:
    """``spec`` (the question read without its words of time) with each of its changes
    undone the while ``text`` says later, in whole periods of the pack; a scenario that ends
    itself with its end moved that long after its start.

    Raises
    ------
    PlainWordsError
        ``spread`` for a move said over a while ('over 2 weeks': it comes bit by bit,
        which no second shock says); ``lasting`` for a while shorter than the pack's period
        or not a whole number of them (``detail``: the words and the period's noun, joined
        by a tab), or for a move that is a level or a decision (``detail``: the words).

    Examples
    --------
    >>> from macrograph.graph.scenarios import resolve_text
    >>> from macrograph.graph.synthetic import units_pack
    >>> pack = units_pack()
    >>> asked = "rate rises 20bp for 2 weeks"
    >>> spec = lasting_spec(pack, resolve_text(pack, "rate rises 20bp"), asked)
    >>> [(s.date.isoformat(), s.change) for s in spec.shocks]
    [('2025-01-06', 0.2), ('2025-01-20', -0.2)]
    """
    found = lasting_words(text)
    assert found is not None  # asked only of a question that ends in words of time
    _, said, duration = found
    if said.startswith("over"):  # 'rises 10% over 2 weeks': a move spread, not one that lasts
        raise PlainWordsError(text, "spread", "", "", said)
    period = pack.info.period
    try:
        periods = duration_periods(duration, period) if duration else 0
    except ValueError:
        periods = 0
    if periods < 1:
        noun = period_noun(period)
        raise PlainWordsError(text, "lasting", "", "", f"{said}\t{noun}")
    base = set(resolve(pack, spec.against).shocks) if spec.against else set()
    asked = [s for s in spec.shocks if s not in base]  # the comparison's own shocks stay
    ends = _ends(pack, asked)  # a scenario that ends itself: its end moved, not undone again
    if ends:
        moved = {
            end: replace(end, date=advance(start.date, periods, period)) for start, end in ends
        }
        shocks = tuple(sorted((moved.get(s, s) for s in spec.shocks), key=_order))
        return replace(spec, shocks=shocks, title=f"{spec.title} {said}")
    if any(s.change is None or s.priced is not None for s in asked):
        raise PlainWordsError(text, "lasting", "", "", said)
    undone = [
        ShockSpec(
            node=s.node,
            date=advance(s.date, periods, period),
            label=_over(said),
            change=-(s.change or 0.0),
            cites=s.cites,
        )
        for s in asked
    ]
    shocks = tuple(sorted((*spec.shocks, *undone), key=_order))
    return replace(spec, shocks=shocks, title=f"{spec.title} {said}")


def lasted_piece(pack: Pack, base: ScenarioSpec, piece: Piece, said: str) -> Piece:
    """``piece``, one clause of a question read, undone the while ``said`` (the clause) ends
    in: 'X rises 5% for 2 weeks and Y falls 2%' lasts the first move only (see
    :func:`lasting_spec`; ``base`` is the default scenario the clause is read against).

    Examples
    --------
    >>> from macrograph.graph.scenarios import resolve_text
    >>> from macrograph.graph.synthetic import units_pack
    >>> from macrograph.graph.words.composing import Piece
    >>> pack = units_pack()
    >>> spec = resolve_text(pack, "rate rises 20bp")
    >>> piece = Piece("Rate +20bp", "rate", shocks=spec.shocks)
    >>> lasted = lasted_piece(pack, spec, piece, "rate rises 20bp for 2 weeks")
    >>> lasted.title, [(s.date.isoformat(), s.change) for s in lasted.shocks]
    ('Rate +20bp for 2 weeks', [('2025-01-06', 0.2), ('2025-01-20', -0.2)])
    """
    if piece.scenario is not None:
        lasted = lasting_spec(pack, piece.scenario, said)
        return replace(piece, scenario=lasted, title=lasted.title)
    alone = replace(base, title=piece.title, shocks=piece.shocks, against=None)
    lasted = lasting_spec(pack, alone, said)
    return replace(piece, shocks=lasted.shocks, title=lasted.title)


def _order(shock: ShockSpec) -> tuple[object, ...]:
    """Shocks in the order a scenario lists them: by date, node and place."""
    return (shock.date, shock.node, shock.nth)


def _ends(pack: Pack, shocks: list[ShockSpec]) -> list[tuple[ShockSpec, ShockSpec]]:
    """Each node's move and the later shock that undoes it, where every node the shocks move
    has just those two ('rain falls to 40%', then 'the rain returns' to its baseline; or a
    change and its opposite); [] where any has not."""
    ends = []
    for node in sorted({s.node for s in shocks}):
        own = sorted((s for s in shocks if s.node == node), key=_order)
        if len(own) != 2 or any(s.priced is not None for s in own):
            return []
        start, end = own
        baseline = pack.nodes[node].baseline
        level = baseline.value if baseline is not None else None
        changed = start.change is not None and end.change is not None
        undone = changed and math.isclose(start.change or 0.0, -(end.change or 0.0))
        back = start.level is not None and end.level is not None and level is not None
        if not (undone or (back and math.isclose(end.level or 0.0, level or 0.0))):
            return []
        ends.append((start, end))
    return ends


def _over(said: str) -> str:
    """How the second shock is told: 'The 2 weeks are over', 'The year is over'."""
    count, unit = said.split()[1:3]
    if count in ("a", "an", "one", "1"):
        return f"The {_TIME_WORDS[unit]} is over"
    return f"The {count} {_TIME_WORDS[unit]}s are over"
