"""The rule language's vocabularies: the built-in defaults, and a pack's own on top of them.

A pack may declare its own ``regions``, ``units`` (with how to show them), ``channels`` and
node ``groups`` in ``pack.yaml``; declared regions, units and channels add to the built-in
ones below (a declared unit or region named like a built-in one replaces it), declared groups
replace the built-in grouping by node kind. The built-in words are neutral (percent and
index units, one ``global`` region, channels any causal model has, headings named after node
kinds): a pack from any economy or field reads naturally with them, and declares its own
world (currencies, countries, market channels, headings) itself. The machinery (graph/,
explain/, templates/) knows no pack.

Examples
--------
>>> "identity" in CHANNELS and "pct_change" in UNITS and "usd_bn" not in UNITS
True
>>> UNIT_FORMS["pct"].change, UNIT_FORMS["pct_change"].change
('bp', 'percent')
"""

from __future__ import annotations

import contextvars
import functools
import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING

from msgspec import Struct, field

from macrograph.rules.english.money import is_money, money_sign

if TYPE_CHECKING:  # pragma: no cover
    from macrograph.rules.info import PackInfo
    from macrograph.rules.pack import Pack

NODE_KINDS = ("policy_action", "rate", "flow", "asset", "indicator", "stance")
RULE_KINDS = ("linear", "integrate", "threshold", "classify")
EPISODE_SETS = ("calendar", "written")  # made from the pack's calendar, or written by hand
CHANGE_FORMS = ("percent", "points", "bp")
MOVES = ("rise", "lift", "widen", "climb")
"""How a move reads: a level rises (a rule raises it), a price rises (a rule lifts it), a
spread widens, a place in an order whose smaller number is the better place (a league
table's '#85') climbs as its number falls and slips as it grows (a rule lifts or drops it)."""


NUMBER_SIGNS = ("#", "№", "No.")
"""Signs of a place in an order written before its number ('#85', 'No. 3'), as a scale's name is."""


def names_a_scale(symbol: str) -> bool:
    """Whether a unit's sign before its number is the name of a scale or an index in
    letters ('AQI ', 'Kp ', 'stage ') or a sign of a place in an order
    (:data:`NUMBER_SIGNS`: '#85'), not money (a currency sign, a code of three capitals or
    :data:`~macrograph.rules.money.LETTER_CURRENCIES`).

    Examples
    --------
    >>> names_a_scale("AQI "), names_a_scale("stage "), names_a_scale("NOK "), names_a_scale("$")
    (True, True, False, False)
    >>> names_a_scale("#"), names_a_scale("No. ")
    (True, True)
    """
    text = symbol.strip()
    if text in NUMBER_SIGNS:
        return True
    return text.replace(" ", "").isalpha() and not money_sign(symbol)


class UnitForm(Struct, frozen=True):
    """How values of a unit read.

    ``symbol`` goes before a number and ``suffix`` after a level (``$`` and ``bn``);
    ``change`` says how a change reads: ``percent`` (a percent change of the level: +1.2%),
    ``points`` (a difference in the unit, with ``change_suffix``: +$3.0bn, +0.4 pts) or
    ``bp`` (a difference of a percent level, in basis points: +8bp). ``change_scale``
    multiplies a change for display (100 for a percent level whose changes read in bp).
    ``decimals`` of a level (None: four significant digits); ``factor`` multiplies a level
    for display (a probability 0.85 reads 85%); ``typical`` is a notable change in the unit;
    ``thousand`` the suffix a level or change of 1,000 or more switches to ($1.2tn, not
    $1,200bn), or past ``thousand_factor`` of the unit where it names another multiple (a
    lakh, 100,000: '₹1.5 lakh crore', not '₹150,000 crore'); ``smaller`` the suffix a level
    or change under one of the unit switches to, ``smaller_factor`` of it to one of the unit
    ('830 persons', not '0.83 thousand persons'); ``levels`` False for a unit
    without levels (a stance). ``floor`` and ``ceiling`` bound every level in the unit (a
    probability lies in 0..1), as a node's own ``floor`` and ``ceiling`` do; ``moves`` how
    a move in the unit reads, one of :data:`MOVES`: a level ``rise``-s and a rule raises
    it, a price rises and a rule ``lift``-s it, a spread or gap ``widen``-s, a place in a
    league table ``climb``-s as its number falls (a node may say otherwise).
    """

    symbol: str = ""
    suffix: str = ""
    change: str = "points"
    change_scale: float = 1.0
    change_suffix: str | None = None
    decimals: int | None = None
    factor: float = 1.0
    typical: float = 1.0
    thousand: str = ""
    thousand_factor: float = 1000.0
    smaller: str = ""
    smaller_factor: float = 1000.0
    levels: bool = True
    floor: float | None = None
    ceiling: float | None = None
    moves: str = "rise"

    @property
    def change_text(self) -> str:
        """The suffix of a change in points."""
        return self.suffix if self.change_suffix is None else self.change_suffix

    @property
    def change_symbol(self) -> str:
        """The sign before a change in points: the level's, unless the changes count a
        fraction of the unit under a suffix of their own (a ``change_scale`` and a
        ``change_suffix``: hundredths of a rupee read '+45 paise', not '+₹45 paise'), or the
        sign is the name of a scale written before its level ('AQI 412', 'stage 3', '#85')
        whose changes have a suffix of their own ('+55 points', '+1 stage', '+3 places', not
        '+AQI 55 points').

        Examples
        --------
        >>> UnitForm(symbol="$", suffix="bn").change_symbol
        '$'
        >>> UnitForm(symbol="$", change_scale=100.0, change_suffix=" cents").change_symbol
        ''
        >>> UnitForm(symbol="AQI ", change_suffix=" points").change_symbol
        ''
        >>> UnitForm(symbol="#", change_suffix=" places").change_symbol  # '#85', '+3 places'
        ''
        >>> UnitForm(symbol="Kp ").change_symbol
        'Kp '
        >>> UnitForm(symbol="CHF ", suffix=" bn", change_suffix=" bn").change_symbol
        'CHF '
        """
        scaled = self.change_scale != 1.0 and self.change_suffix is not None
        named = self.change_suffix is not None and names_a_scale(self.symbol)
        return "" if scaled or named else self.symbol

    @property
    def smaller_signed(self) -> bool:
        """Whether a size in the ``smaller`` unit keeps the level's sign: a smaller multiple
        of money does ('$500 a day' of '$k a day', '£250m' of '£bn'), where the smaller
        unit of whole money is its currency's fraction and goes without it ('50p a month' of
        '£ a month', '40 cents' of '$').

        Examples
        --------
        >>> UnitForm(symbol="$", suffix="k a day", smaller=" a day").smaller_signed
        True
        >>> UnitForm(symbol="£", suffix=" a month", smaller="p a month").smaller_signed
        False
        """
        return not is_money(self.symbol, self.suffix)

    def change_unit(self, unit: str) -> str:
        """The unit a change of ``unit`` (this form's id) is shown in: ``bp``, ``%``, or the
        symbol and suffix of points (``$bn``, ``pts``); ``unit`` itself when those are empty.

        Examples
        --------
        >>> UnitForm(change="bp").change_unit("pct"), UnitForm(change="percent").change_unit("x")
        ('bp', '%')
        >>> UnitForm(symbol="$", suffix="bn").change_unit("usd_bn"), UnitForm().change_unit("t")
        ('$bn', 't')
        """
        if self.change == "bp":
            return "bp"
        if self.change == "percent":
            return "%"
        # a code before its number ('NOK ') is written close up to a slash: 'NOK/kg'
        return f"{self.change_symbol}{self.change_text}".replace(" /", "/").strip() or unit

    def shown_change(self, change: float) -> float:
        """A change in the node's unit as shown (in :meth:`change_unit`): times ``change_scale``.

        Examples
        --------
        >>> UnitForm(change="bp", change_scale=100.0).shown_change(-0.15)
        -15.0
        """
        return change * self.change_scale

    def change_decimals(self) -> int | None:
        """The decimals of a level carried to its changes as shown: a change scaled up from
        the level's own figures needs as many fewer (a rate of exchange written 0.9350 moves
        in pips, ten thousandths: '+27 pips', not '+26.9000 pips').

        Examples
        --------
        >>> UnitForm(decimals=4, change_scale=10000.0).change_decimals()
        0
        >>> UnitForm(decimals=3).change_decimals(), UnitForm().change_decimals()
        (3, None)
        """
        if self.decimals is None:
            return None
        return max(0, self.decimals - round(math.log10(self.change_scale / self.factor)))

    def money_places(self) -> int:
        """The decimals a change of money in this unit is written to: the hundredth, or as
        many as the unit's changes show where they show one (a rate of exchange quoted in
        won to a tenth moves by '₩13.5', not '₩13.50'; a payout of fractions of a cent,
        written $0.0040, by '$0.0010', not '$0').

        Examples
        --------
        >>> UnitForm(decimals=1).money_places(), UnitForm().money_places()
        (1, 2)
        >>> UnitForm(decimals=4).money_places()
        4
        """
        own = self.change_decimals()
        return own or 2

    def level_after(self, baseline: float, change: float) -> float:
        """The level a change leads to: ``baseline * (1 + change / 100)`` for a percent
        change, else ``baseline + change``.

        Examples
        --------
        >>> UnitForm(change="percent").level_after(150.0, 2.0), UnitForm().level_after(3.0, 0.5)
        (153.0, 3.5)
        """
        if self.change == "percent":
            return baseline * (1.0 + change / 100.0)
        return baseline + change


UNIT_FORMS: dict[str, UnitForm] = {
    "pct": UnitForm(suffix="%", change="bp", change_scale=100.0, decimals=2, typical=0.05),
    "bp": UnitForm(suffix="bp", change="bp", decimals=0, typical=5.0),
    "pp": UnitForm(
        suffix="pp", change="bp", change_scale=100.0, decimals=2, typical=0.05, moves="widen"
    ),
    "pct_change": UnitForm(change="percent", typical=1.0, moves="lift"),
    "pct_gdp": UnitForm(suffix="% of GDP", change_suffix="pp of GDP", decimals=1, typical=0.5),
    "index": UnitForm(change_suffix=" pts", typical=1.0),
    "prob": UnitForm(
        suffix="%",
        change_suffix="pp",
        change_scale=100.0,
        factor=100.0,
        decimals=0,
        typical=0.05,
        floor=0.0,
        ceiling=1.0,
    ),
    "stance": UnitForm(levels=False),
}
UNITS = tuple(UNIT_FORMS)
REGION_NAMES = {"global": "Global"}
REGIONS = tuple(REGION_NAMES)
# Channels any causal model has: accounting identities, decisions, their pass-through to
# prices and expectations, reactions to them, and settings of a stance.
CHANNELS = ("policy", "pass_through", "identity", "expectations", "reaction", "stance")

# The built-in grouping of nodes for tables (a pack that declares no groups): by node kind.
KIND_HEADINGS = {
    "policy_action": "Policy actions",
    "rate": "Rates",
    "flow": "Flows",
    "asset": "Assets",
    "indicator": "Indicators",
    "stance": "Stances",
}
OTHER = "Other"  # the heading of nodes in no declared group
CLUSTERS = ("groups", "regions")  # what a diagram's clusters follow


def kind_group(kind: str) -> str:
    """The built-in group of a node: the heading of its kind.

    Examples
    --------
    >>> kind_group("flow"), kind_group("rate")
    ('Flows', 'Rates')
    """
    return KIND_HEADINGS.get(kind, OTHER)


class Vocabulary(Struct, frozen=True):
    """The vocabulary a pack speaks: built-in entries plus its own declarations.

    ``groups`` maps each declared group's heading to its node ids, in the declared order;
    empty means the built-in grouping by node kind. ``clusters`` says what a diagram
    clusters nodes by: the groups (by default; the regions when no group is declared) or the
    regions.
    """

    regions: Mapping[str, str] = field(default_factory=lambda: dict(REGION_NAMES))
    units: Mapping[str, UnitForm] = field(default_factory=lambda: dict(UNIT_FORMS))
    channels: tuple[str, ...] = CHANNELS
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    clusters: str = "groups"
    points: str = "pp"  # how a difference of two percent changes is written (see points_word)

    def unit(self, unit: str) -> UnitForm:
        """The form of a unit; an unknown unit reads as a plain number with its name."""
        return self.units.get(unit) or UnitForm(suffix=f" {unit}")

    def headings(self) -> tuple[str, ...]:
        """Table headings in order: the declared groups', else those of the node kinds."""
        return tuple(self.groups) if self.groups else tuple(KIND_HEADINGS.values())


DEFAULT = Vocabulary()


_BY_IDENTITY: dict[int, tuple[PackInfo, Vocabulary]] = {}
"""Vocabularies by the ``PackInfo`` object they were made for: lint asks thousands of times
per pack, and the ``lru_cache`` behind it compares a fresh, equal ``PackInfo`` field by field."""


def vocabulary_for(info: PackInfo) -> Vocabulary:
    """The vocabulary of a pack from its ``pack:`` section (the built-in one when it declares
    nothing).

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> words = vocabulary_for(load_pack().info)
    >>> words.regions["JP"], words.unit("jpy_tn").symbol, "carry" in words.channels
    ('Japan', '¥', True)
    """
    known = _BY_IDENTITY.get(id(info))
    if known is not None and known[0] is info:
        return known[1]
    if len(_BY_IDENTITY) >= 64:
        _BY_IDENTITY.clear()
    words = _vocabulary_for(info)
    _BY_IDENTITY[id(info)] = (info, words)
    return words


@functools.lru_cache(maxsize=16)
def _vocabulary_for(info: PackInfo) -> Vocabulary:
    if not (info.regions or info.units or info.channels or info.groups) and (
        info.clusters == DEFAULT.clusters
    ):
        return DEFAULT
    units = dict(UNIT_FORMS)
    for u in info.units:
        units[u.id] = UnitForm(
            symbol=u.symbol,
            suffix=u.suffix,
            change=u.change,
            change_scale=u.change_scale or (100.0 if u.change == "bp" else 1.0),
            change_suffix=u.change_suffix,
            decimals=u.decimals,
            factor=u.factor,
            typical=u.typical,
            thousand=u.thousand,
            thousand_factor=u.thousand_factor,
            smaller=u.smaller,
            smaller_factor=u.smaller_factor,
            levels=u.levels,
            moves=u.moves or UNIT_FORMS.get(u.id, UnitForm()).moves,
        )
    # declared regions first: their order is the diagrams' (a built-in one renamed keeps it)
    regions = {r.id: r.name for r in info.regions}
    regions.update((k, v) for k, v in REGION_NAMES.items() if k not in regions)
    channels = tuple(dict.fromkeys((*CHANNELS, *info.channels)))
    groups = {g.heading: tuple(g.nodes) for g in info.groups}
    points = points_word([units[u.id] for u in info.units])
    return Vocabulary(regions, units, channels, groups, info.clusters, points)


def points_word(declared: list[UnitForm]) -> str:
    """How a pack writes percentage points, read from the units it declares: the change
    suffix of a unit of percents whose changes add ('%' levels that move '+2 pp'), the one
    most of them use; 'pp' when none says. A difference of two percent changes is written
    with it, so that it reads as the pack's own moves in percentage points do.

    Examples
    --------
    >>> margin = UnitForm(suffix="%", change_suffix=" pp")
    >>> share = UnitForm(suffix="% of GDP", change_suffix=" percentage points of GDP")
    >>> points_word([margin]), points_word([share]), points_word([UnitForm(suffix=" t")])
    (' pp', ' percentage points', 'pp')
    """
    said: dict[str, int] = {}
    for form in declared:
        if not form.suffix.startswith("%") or form.change != "points" or not form.change_suffix:
            continue
        word = form.change_suffix.removesuffix(form.suffix[1:])
        if word.strip() and not any(c.isdigit() for c in word):
            said[word] = said.get(word, 0) + 1
    return min(said, key=lambda w: (-said[w], w)) if said else "pp"


_ACTIVE: contextvars.ContextVar[Vocabulary] = contextvars.ContextVar(
    "macrograph_vocabulary", default=DEFAULT
)


def active() -> Vocabulary:
    """The vocabulary in use for display (the built-in one outside :func:`speaking`).

    Examples
    --------
    >>> own = Vocabulary(units={"gbp_bn": UnitForm(symbol="£", suffix="bn")})
    >>> "gbp_bn" in active().units
    False
    >>> with speaking(own):
    ...     active().unit("gbp_bn").suffix
    'bn'
    """
    return _ACTIVE.get()


@contextmanager
def speaking(vocabulary: Vocabulary) -> Iterator[Vocabulary]:
    """Use ``vocabulary`` for display within the block (numbers, units, headings).

    Examples
    --------
    >>> with speaking(Vocabulary(units={"gbp_bn": UnitForm(symbol="£", suffix="bn")})):
    ...     active().unit("gbp_bn").symbol
    '£'
    """
    token = _ACTIVE.set(vocabulary)
    try:
        yield vocabulary
    finally:
        _ACTIVE.reset(token)


__all__ = [
    "CHANNELS",
    "CLUSTERS",
    "KIND_HEADINGS",
    "MOVES",
    "NODE_KINDS",
    "REGIONS",
    "RULE_KINDS",
    "UNITS",
    "UNIT_FORMS",
    "UnitForm",
    "Vocabulary",
    "active",
    "kind_group",
    "speaking",
    "vocabulary_for",
]


def climbs(pack: Pack, node: str) -> bool:
    """Whether ``node`` is a place in an order whose smaller number is the better place (its
    own ``moves``, else its unit's, is ``climb``): a move said of it goes the other way
    round of its number ('the ranking drops 10 places': ten more).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> climbs(units_pack(), "rate")
    False
    """
    found = pack.nodes[node]
    return (found.moves or vocabulary_for(pack.info).unit(found.unit).moves) == "climb"
