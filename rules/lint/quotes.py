"""A quote's other side: a node counted in one money per another ('lira per dollar') whose
alias names the money it counts ('the lira') without ``directions.inverse``.

Such an alias is read as the quote itself, so 'the lira loses 10%' moves lira per dollar
10% lower, a stronger lira, where its users mean a weaker one; lint warns, naming the
alias and the list to put it in.

Examples
--------
>>> counted_money(" lira per dollar"), counted_money(" pesos per US dollar")
('lira', 'pesos')
>>> counted_money(" NOK per euro"), counted_money("% a month"), counted_money(" loaves per oven")
('nok', '', '')
"""

from __future__ import annotations

import re
from collections.abc import Callable

from macrograph.rules.english.money import CURRENCY_CODES, CURRENCY_NAMES, WORLD_CURRENCIES
from macrograph.rules.errors import PackIssue
from macrograph.rules.models import Node
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import vocabulary_for

QUOTE = re.compile(r"\s*(?P<counted>[^\W\d]+)\s+(?:per|to the|to a)\s+\S.*")
"""A unit counting one thing per another ('lira per dollar', 'pesos to the dollar')."""

MONEY_WORDS = (
    WORLD_CURRENCIES
    | {name for names in CURRENCY_NAMES.values() for name in names}
    | {code.lower() for code in CURRENCY_CODES}
)
"""The words that name a money: its name ('lira', 'kroner') or its code ('nok')."""


def counted_money(suffix: str) -> str:
    """The money a unit of one money per another counts in ('lira' of ' lira per dollar'),
    in lower case; '' for any other unit ('loaves per oven').

    Examples
    --------
    >>> counted_money(" pesos per US dollar"), counted_money(" loaves per oven")
    ('pesos', '')
    """
    found = QUOTE.fullmatch(suffix)
    counted = found["counted"].lower() if found else ""
    return counted if counted in MONEY_WORDS else ""


def _forms(word: str) -> set[str]:
    """A money's word and its other number as an alias may say it ('peso' of 'pesos')."""
    return {word, word.removesuffix("s"), word.removesuffix("es"), f"{word}s"} - {""}


def _unsided(node: Node, counted: str) -> list[str]:
    """The node's aliases that name the money its quote counts, without being listed as
    its other side: 'the lira', 'turkish lira', 'lira' of lira per dollar (not 'dollar
    lira', the pair's name)."""
    inverse = set(node.directions.inverse) if node.directions is not None else set()
    forms = _forms(counted)
    found = []
    for alias in node.aliases:
        *before, last = alias.lower().split() or [""]
        pair = any(word in MONEY_WORDS for word in before)  # 'dollar lira': the pair's name
        if alias not in inverse and last in forms and not pair:
            found.append(alias)
    return found


def check_quote_sides(pack: Pack) -> list[PackIssue]:
    """Warn about each alias of a quote that names the money it counts and is not in the
    node's ``directions.inverse``: a rise said of it would move the quote up, the other
    side's fall.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> check_quote_sides(load_pack())
    []
    """
    units = vocabulary_for(pack.info)
    found = []
    for node in pack.nodes.values():
        counted = counted_money(units.unit(node.unit).suffix) if node.unit else ""
        unsided = _unsided(node, counted) if counted else []
        if not unsided:
            continue
        names = ", ".join(repr(a) for a in unsided)
        message = (
            f"{names} {'names' if len(unsided) == 1 else 'name'} the money this quote counts "
            f"({counted} per another) but not its other side: '{unsided[0]} loses 10%' would "
            f"move {node.id} 10% lower, its money stronger; list "
            f"{'it' if len(unsided) == 1 else 'them'} under 'directions: {{inverse: [...]}}'"
        )
        where = pack.locate("nodes", node.id)
        found.append(
            PackIssue(where.file, where.line, node.id, "aliases", message, "warning", "quote-side")
        )
    return found


QUOTE_CHECKS: tuple[Callable[[Pack], list[PackIssue]], ...] = (check_quote_sides,)
