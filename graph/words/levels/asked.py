"""A level asked as where a move goes ('from 0.5% to 0.75%', 'goes to 70%') or a mark
it passes ('falls below 0'), read against where the node stands and its floor and ceiling.

Examples
--------
>>> from macrograph.graph.synthetic import pack_of, rule
>>> pack = pack_of([rule("ab", "a", "b", 1.0)], baselines={"a": 250.0})
>>> level_asked(pack, "a", "changes to 260", "a changes to 260")
'to 260'
"""

from __future__ import annotations

import re
from datetime import date

from msgspec.structs import replace

from macrograph.graph.bounded import node_bounds
from macrograph.graph.errors import LevelBoundError, PlainWordsError
from macrograph.graph.specs import ShockSpec
from macrograph.graph.words.changewords import shock_example
from macrograph.graph.words.composing import Piece
from macrograph.graph.words.levels.sizes import (
    level_in_units,
    level_text,
    other_side,
    written_level,
)
from macrograph.graph.words.units.unitwords import Size, level_units, read_size
from macrograph.rules.english.forms import plain
from macrograph.rules.pack import Pack

_GOING = re.compile(  # a verb that says no way of its own, before where the node goes
    r"^(?:goes|go|moves|move|changes|change|shifts|shift|is changed|is moved)\s+(?=(?:from|to)\s)"
)
_FROM_TO = re.compile(r"from\s+(?P<start>.+?)\s+to\s+(?P<end>\S.*)")
NEAR = 0.02
"""How far a level said as the start of a move ('from 155') may lie from the node's own, as
a share of it, and still be the node's level, said rounded."""


def level_asked(pack: Pack, node: str, rest: str, text: str) -> str:
    """``rest`` after a move's verb, read for the level it asks: a move from one level to
    another ('from 0.5% to 0.75%') as the level it goes to ('to 0.75%') when the first is
    where the node stands, said rounded (within :data:`NEAR`); a mark passed checked against
    the node's bounds; ``rest`` as it is for any other words.

    Raises
    ------
    PlainWordsError
        When the node stands elsewhere: the move from there is not the move to that level.
    LevelBoundError
        For a mark passed that is the node's floor or ceiling ('turns negative', 'falls
        below 0', of a stock that cannot): no level of it lies past there.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> pack = pack_of([rule("ab", "a", "b", 1.0)], baselines={"a": 250.0})
    >>> level_asked(pack, "a", "from 250 to 260", "a rises from 250 to 260")
    'to 260'
    >>> level_asked(pack, "a", "goes from 250 to 260", "a goes from 250 to 260")
    'to 260'
    """
    rest = _GOING.sub("", rest)  # 'goes from 65% to 70%', 'changes to 70%'
    _past_bound(pack, node, rest, text)
    match, found = _FROM_TO.fullmatch(rest), pack.nodes[node].baseline
    start = read_size(match.group("start"), level_units(pack)) if match else None
    if match is None or start is None or found is None:
        return rest
    level = level_in_units(pack, node, start.signed, start.unit, text)
    if abs(level - found.value) > NEAR * abs(found.value):
        said = f"{written_level(pack, node, level)}\t{written_level(pack, node, found.value)}"
        shock = _level_shock(pack, node, match.group("end"), text)
        raise PlainWordsError(text, "from", node, shock, said)
    return f"to {match.group('end')}"


def _level_shock(pack: Pack, node: str, end: str, text: str) -> str:
    """The ``--shock`` of the level a move goes to, written as the pack writes its levels
    ('lift@CHF 99', not the typed 'chf 99' glued: an option that would not read)."""
    size = read_size(end, level_units(pack))
    if size is None:
        return f"{node}@{end.replace(' ', '')}"
    level = level_in_units(pack, node, size.signed, size.unit, text)
    return f"{node}@{written_level(pack, node, level)}"


_PAST_MARK = re.compile(r"(?:(?:is|goes|go)\s+)?(?P<way>below|under|above|over)\s+(?P<mark>\S.*)")


def _past_bound(pack: Pack, node: str, rest: str, text: str) -> None:
    """Refuse a mark passed that is the node's floor ('below 0' of a stock) or ceiling."""
    match = _PAST_MARK.fullmatch(rest)
    mark = read_size(match.group("mark"), level_units(pack)) if match else None
    if match is None or mark is None:
        return
    level = level_in_units(pack, node, mark.signed, mark.unit, text)
    floor, ceiling = node_bounds(pack, node)
    side, bound = (
        ("floor", floor) if match.group("way") in ("below", "under") else ("ceiling", ceiling)
    )
    if bound is not None and level == bound:
        shown = written_level(pack, node, bound)
        said = f"{'less' if side == 'floor' else 'more'} than {shown}"
        raise LevelBoundError(text, node, side, (said, shown))


def level_value(pack: Pack, node: str, value: float, size: Size, text: str) -> float:
    """The level ``value`` in ``size``'s unit is, in the node's unit; refused on a node
    with no baseline to read a level against.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> pack = pack_of([rule("ab", "a", "b", 1.0)], baselines={"a": 250.0})
    >>> level_value(pack, "a", 260.0, Size("", 260.0, ""), "a goes to 260")
    260.0
    """
    if pack.nodes[node].baseline is None:
        raise PlainWordsError(text, "no_baseline", node, shock_example(pack, node))
    return level_in_units(pack, node, value, size.unit, text)


def level_piece(pack: Pack, node: str, size: Size, on: date, text: str, side: int | None) -> Piece:
    """A clause that sets ``node`` at the level ``size`` on ``on`` (``side``: the way of the
    name said where it is the other side of the node, as :func:`.other_side` reads it).

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> pack = pack_of([rule("ab", "a", "b", 1.0)], baselines={"a": 250.0})
    >>> piece = level_piece(pack, "a", Size("", 260.0, ""), date(2026, 1, 5), "a to 260", None)
    >>> piece.slug, [(s.node, s.level) for s in piece.shocks]
    ('a-at-260', [('a', 260.0)])
    """
    level, label = level_value(pack, node, size.signed, size, text), pack.nodes[node].label
    size, level = other_side(pack, node, size, level, side)  # said of the other side: its own
    said = f"{label} at {level_text(pack, node, size)}"
    shock = ShockSpec(node=node, date=on, label=said, level=level)
    return Piece(said, f"{node}-at-{plain(size.signed)}", (shock,))


def level_decision(
    pack: Pack, decided: tuple[str, str], decision: ShockSpec, size: Size, text: str
) -> Piece:
    """``decision`` (a shock of the default's on ``node``, decided with ``verb``:
    ``decided``) set to the level ``size`` instead of its change ('the bank cuts to 1%').

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> pack = pack_of([rule("ab", "a", "b", 1.0)], baselines={"a": 2.0})
    >>> cut = ShockSpec(node="a", date=date(2026, 1, 5), label="A cut", change=-0.25)
    >>> piece = level_decision(pack, ("a", "cuts"), cut, Size("", 1.0, ""), "a cuts to 1")
    >>> piece.title, piece.slug, [(s.change, s.level) for s in piece.shocks]
    ('a at 1', 'a-cuts-to-1', [(None, 1.0)])
    """
    node, verb = decided
    level = level_value(pack, node, size.signed, size, text)  # a rate cut to -0.25%
    label, said = pack.nodes[node].label, f"{plain(size.signed)}{size.unit}"
    # the node is the quantity decided: 'the rate at 1%', never 'the rate raises to 1%'
    edited = replace(decision, change=None, level=level, label=f"{label} set to {said}")
    slug = f"{node}-{verb}-to-{plain(size.signed)}"
    return Piece(f"{label} at {said}", slug, (edited,))
