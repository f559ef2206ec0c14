"""A size in a unit the pack does not have ('500 people a day' of a node whose changes read
'+500 a day'): refused naming it and the node's own unit, where the clause is a number and a
few words that join no other clause.
"""

from __future__ import annotations

import re

from macrograph.graph.errors import SizeUnitError
from macrograph.graph.words.levels.sizes import level_refusal
from macrograph.graph.words.rewording import JOINS
from macrograph.graph.words.sizes import change_in_units, unit_refusal
from macrograph.graph.words.units.rates import other_rate
from macrograph.graph.words.units.unitwords import pack_units, read_size
from macrograph.graph.words.verbs import lexicon
from macrograph.rules.pack import Pack

UNKNOWN_UNIT = re.compile(  # '1.2e5 km2'
    r"([+-]?)\s*(?:[^\w\s.+%-]\s*)?([0-9]+(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?)\s*"
    r"([a-z/][a-z0-9 /]*)"
)
UNIT_WORDS_MOST = 3  # the most words read as a unit the pack does not have


def unknown_unit(
    pack: Pack, said: tuple[str, str], node: str, sign: int, rest: str, level: bool = False
) -> None:
    """Refuse a size whose unit is no unit of the pack ('500 people a day' where the node's
    changes read '+500 a day'), naming it and the node's own, when ``rest`` is a number and a
    few words that join no other clause; else do nothing (the clause is not read). A
    ``level`` asked ('to 100 kg') is refused as a level, offered in the node's own unit.
    ``said``: the question, and the name of the node's other side it sizes ("" for none).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> try:
    ...     unknown_unit(units_pack(), ("flow rises 500 people", ""), "flow", 1, "500 people")
    ... except SizeUnitError as err:
    ...     print(err.given, err.choices)
    people ['+500GWh']
    >>> unknown_unit(units_pack(), ("flow rises and price falls", ""), "flow", 1, "and price falls")
    """
    text, other_side = said
    match = UNKNOWN_UNIT.fullmatch(rest)
    if match is None:
        return
    unit = match.group(3).strip()
    typed = unit.split()
    value = float(match.group(2)) * (sign or (-1 if match.group(1) == "-" else 1))
    if not level and (rated := other_rate(pack, node, value, unit, text)) is not None:
        raise rated  # '10 million litres a week' of a node in million litres a fortnight
    if (
        len(typed) > UNIT_WORDS_MOST
        or JOINS.intersection(typed)
        or set(typed) & set(lexicon(pack).verbs())
    ):
        return
    if any(
        _own_unit(pack, node, f"{match.group(2)} {' '.join(typed[:end])}")
        for end in range(1, len(typed))
    ):
        return  # the node's own unit, then words of another kind ('3 degrees colder')
    if level:
        raise level_refusal(pack, node, float(match.group(2)), unit, text)
    raise unit_refusal(pack, node, value, unit, text, other_side)


def _own_unit(pack: Pack, node: str, said: str) -> bool:
    """Whether ``said`` is a size in a unit of ``node``'s own."""
    size = read_size(said, pack_units(pack))
    if size is None:
        return False
    try:
        change_in_units(pack, node, size.value, size.unit, "")
    except SizeUnitError:
        return False
    return True
