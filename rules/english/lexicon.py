"""The everyday words a question may use: a small neutral default, and a pack's own on top.

A pack declares its field's words in ``pack.yaml`` under ``pack: lexicon:``; they add to the
built-in ones below, which name no field (a verb of a rise, of a fall, of holding, of an end).
The question reader (``graph/words/plainwords.py``) knows no other verb, filler or name form, so
a pack of markets, of ecology or of system dynamics speaks its own words.

- ``decisions``: what a policy node (one with ``expectations``) does: ``up`` (a hike),
  ``down`` (a cut) and ``hold``; a policy node also takes the verbs of ``moves``.
- ``moves``: what any node does: ``up`` and ``down``.
- ``kind_moves``: moves that read another way on nodes of one kind (on a yield, a
  "sell-off" is a rise), checked before ``moves``.
- ``ends``: verbs of an end ("ends", "stops").
- ``fillers``: words a question may put around a verb and that change nothing ("rates" in
  "keeps rates unchanged").
- ``forms``: phrases read as another before anything else ("10 year" as "10y", "trillion"
  as "tn"), applied to the question and to the pack's names alike; built in, a move by a
  multiple reads as a move by a share of the level ("doubles" as "rises twofold", +100% of
  it; "halves" as "falls half", -50%).

Examples
--------
>>> words = lexicon_words(Lexicon(moves=Moves(up=("soars",))))
>>> words.moves["soars"], words.moves["rises"], words.decisions["holds"]
(1, 1, 0)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Annotated

from msgspec import Struct, field
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, field_validator

SIGNS = "$\u00a2\u00a3\u00a5\u20ac\u20b9\u20a9\u20bd\u20ba\u20aa\u20ab\u20b1\u20a6\u00b0"
"""Signs a phrase may hold, as a question keeps them: money ($ ¢ £ ¥ € ₹ ₩ ₽ ₺ ₪ ₫ ₱ ₦, a
form such as 'c/lb' read as a pack's '¢/lb') and degrees."""
UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
"""Letters of the scripts written without capitals and, but Korean, without spaces between
words: kana, Han characters (CJK unified and compatibility ideographs) and
Hangul, as ranges of a regular expression's class. A phrase, a name or a question keeps
them as it keeps ASCII letters ('上涨', '生猪价格')."""
ACCENTED = "\u00df-\u00f6\u00f8-\u00ff\u0100-\u017f"
"""Latin letters with accents, in lower case as a question is read: ß, à to ö and ø to ÿ
(Latin-1) and Latin Extended-A (ā to ž: ł, ő, ş...), as ranges of a regular expression's
class. A phrase, a name or a question keeps them as letters ('fällt', 'relève', 'réserves'),
never as signs to read past."""
INTRANSITIVE = frozenset(
    {"rise", "fall", "climb", "jump", "soar", "surge", "slump", "tumble", "dip", "spike"}
    | {"crash", "plunge", "rally", "sink", "slide", "slip", "decline", "go up", "go down"}
)
"""Verbs of a move that take no object, in their plural present: '<X> rises 2k colonies'
moves X by a size in X's own words, never a thing after the size ('the council cuts 300
jobs', where the jobs are another node's)."""
PHRASE = (  # '.' for a size ('0.5 points')
    rf"^[a-z0-9{ACCENTED}{SIGNS}{UNSPACED}%&/'][a-z0-9{ACCENTED}{SIGNS}{UNSPACED}%&/'. -]{{0,63}}$"
)
Phrase = Annotated[str, Field(pattern=PHRASE)]
Kind = Annotated[str, Field(pattern=r"^[a-z][a-z_]{0,31}$")]
FORMS_SCHEMA = {
    "type": "object",
    "description": "phrases read as another, as a mapping: {'10 year': '10y'}",
    "additionalProperties": {"type": "string", "pattern": PHRASE},
}


class _Model(BaseModel):
    # as rules.models.Model (kept apart: models imports this module)
    model_config = ConfigDict(
        extra="forbid", frozen=True, strict=True, allow_inf_nan=False, defer_build=True
    )


class Moves(_Model):
    """Verbs (and nouns) of a rise and of a fall of a node: 'rallies', 'outflows'."""

    up: tuple[Phrase, ...] = ()
    down: tuple[Phrase, ...] = ()


class KindMoves(Moves):
    """Moves that read another way on the nodes of one ``kind`` ('rate': a sell-off is a rise)."""

    kind: Kind


class Decisions(_Model):
    """Verbs of a policy node's decision: a rise, a fall, and holding ('stays on hold')."""

    up: tuple[Phrase, ...] = ()
    down: tuple[Phrase, ...] = ()
    hold: tuple[Phrase, ...] = ()


class Lexicon(_Model):
    """A pack's everyday words, added to the built-in :data:`DEFAULT_LEXICON`.

    ``forms`` is written as a mapping (``{"10 year": 10y}``) and kept as pairs.
    """

    # defaults made without validating: building validators at import costs a cold start
    decisions: Decisions = Decisions.model_construct()
    moves: Moves = Moves.model_construct()
    kind_moves: tuple[KindMoves, ...] = ()
    ends: tuple[Phrase, ...] = ()
    fillers: tuple[Phrase, ...] = ()
    forms: Annotated[tuple[tuple[Phrase, Phrase], ...], WithJsonSchema(FORMS_SCHEMA)] = ()

    @field_validator("forms", mode="before")
    @classmethod
    def _pairs(cls, value: object) -> object:
        """A mapping as its (key, value) pairs, in the order written."""
        return tuple(value.items()) if isinstance(value, Mapping) else value


DEFAULT_LEXICON = Lexicon.model_construct(  # written here, checked by the tests
    decisions=Decisions.model_construct(
        up=("raises", "raise", "increases", "increase", "boosts", "boost"),
        down=(
            *("lowers", "lower", "reduces", "reduce", "cuts", "cut"),
            # as news says a cut ('slashes rates', 'axes 300 jobs', 'trims its forecast')
            *("slashes", "slash", "axes", "axe", "trims", "trim"),
        ),
        hold=(
            *("holds", "hold", "keeps unchanged", "leaves unchanged", "stays unchanged"),
            "stays put",
        ),
    ),
    moves=Moves.model_construct(
        up=(
            *("rises", "rise", "increases", "increase", "goes up", "moves up", "grows", "up"),
            *("higher", "climbs", "climb", "jumps", "jump", "gains", "gain"),
            *("lengthens", "lengthen"),  # a delay, a queue, a lead time
            *("adds", "add"),  # a count, as 'sheds' takes away ('airlines add 6,000 seats')
            # the words the prose itself writes of a gap or spread, and of a strength
            # (a currency, demand, a signal): a question may use them back
            *("widens", "widen", "strengthens", "strengthen", "stronger"),
            *("appreciates", "appreciate"),  # a currency's or an asset's value
            *("warmer", "dearer"),  # comparatives, as 'higher' is ('2 degrees warmer')
            # as news says a big move of anything ('visitors surge 20%', 'sterling soars')
            *("soars", "soar", "surges", "surge", "leaps", "leap"),
            *("fills", "refills"),  # a store: a tank, a reservoir, a stockpile
            # as a market report says a small move ('the index edges up 0.2%')
            *("edges up", "edges higher", "inches up", "inches higher", "ticks up", "creeps up"),
        ),
        down=(
            *("falls", "fall", "decreases", "decrease", "goes down", "moves down", "shrinks"),
            *("down", "lower", "drops", "drop", "declines", "decline"),
            *("shortens", "shorten"),
            *("narrows", "narrow", "weakens", "weaken", "weaker"),
            *("depreciates", "depreciate"),
            *("cooler", "colder", "cheaper"),
            *("loses", "lose", "sheds", "shed"),  # a count ('employment sheds 30k jobs')
            *("plunges", "plunge", "tumbles", "tumble", "slumps", "slump", "sinks", "sink"),
            *("slides", "slide", "dives", "dive", "plummets", "plummet", "dips", "dip"),
            *("drains", "depletes"),  # a store, as 'fills' is
            *("edges down", "edges lower", "inches down", "inches lower", "ticks down"),
        ),
    ),
    ends=("ends", "end", "stops", "stop", "halts", "halt", "finishes"),
    # adverbs that change nothing a question asks ('the bank unexpectedly holds': a
    # move away from what was priced is read as a surprise anyway)
    fillers=(
        *("level", "value", "will", "unexpectedly", "surprisingly", "suddenly", "also"),
        # a move said to come on top of what is there ('give a further 150 mg', 'cuts
        # another 25bp'): a question's move always does
        *("a further", "another", "an extra", "an additional"),
    ),
    # a move by a multiple, as a share of the level ('gas price doubles': +100% of its level;
    # a rate of 9% that doubles: +9pp)
    forms=(
        *(("doubles", "rises twofold"), ("doubled", "rises twofold")),
        *(("double", "rises twofold"), ("triples", "rises threefold")),
        *(("tripled", "rises threefold"), ("triple", "rises threefold")),
        *(("halves", "falls half"), ("halved", "falls half"), ("halve", "falls half")),
        # a multiple that names the level it ends at ('rack density doubles to 100 kW'): the
        # level says it all
        *(("doubles to", "rises to"), ("doubled to", "rises to"), ("double to", "rises to")),
        *(("triples to", "rises to"), ("tripled to", "rises to"), ("triple to", "rises to")),
        *(("halves to", "falls to"), ("halved to", "falls to"), ("halve to", "falls to")),
        # a share written as a fraction ('falls by 1/3'): read as English says it, after
        # 'by' alone so that no date (1/3/2026) is taken for one
        *(("by 1/2", "by half"), ("by 1/3", "by a third"), ("by 2/3", "by two thirds")),
        *(("by 1/4", "by a quarter"), ("by 3/4", "by three quarters")),
        *(("by 1/5", "by a fifth"), ("by 1/10", "by a tenth")),
        # a fraction of a point as English says it ('rates rise by half a point')
        *(("half a point", "0.5 points"), ("a quarter point", "0.25 points")),
        *(("a quarter of a point", "0.25 points"), ("a point", "1 point")),
        # a sign turned, as a growth rate or a balance does: the mark of zero passed
        *(("turns negative", "falls below 0"), ("turn negative", "falls below 0")),
        *(("goes negative", "falls below 0"), ("go negative", "falls below 0")),
        *(("turns positive", "rises above 0"), ("turn positive", "rises above 0")),
        *(("goes positive", "rises above 0"), ("go positive", "rises above 0")),
    ),
)


class Words(Struct, frozen=True):
    """A lexicon as the reader uses it: each phrase with its direction (1, -1 or 0 to hold).

    ``kinds`` maps a node kind to its own moves; ``forms`` compiles the name forms.
    """

    decisions: Mapping[str, int]
    moves: Mapping[str, int]
    kinds: Mapping[str, Mapping[str, int]]
    ends: tuple[str, ...]
    fillers: tuple[str, ...]
    forms: Mapping[str, str] = field(default_factory=dict)

    def moves_of(self, kind: str) -> Mapping[str, int]:
        """The moves of a node of ``kind``: its kind's own first, then the others."""
        return {**self.moves, **self.kinds.get(kind, {})}

    def verbs(self) -> dict[str, int]:
        """Every verb of a decision or a move (a decision's sign where both say one)."""
        own = {w: d for moves in self.kinds.values() for w, d in moves.items()}
        return {**own, **self.moves, **self.decisions}

    def said(self, text: str) -> str:
        """``text`` with its name forms read ('10 year jgb' -> '10y jgb').

        One pass of one compiled alternation of literal phrases: linear in ``text``.

        Examples
        --------
        >>> Words({}, {}, {}, (), (), {"ten year": "10y"}).said("a ten year bond")
        'a 10y bond'
        >>> Words({}, {}, {}, (), (), {"by 1/3": "by a third"}).said("by 1/3, not by 1/3/2026")
        'by a third, not by 1/3/2026'
        """
        pattern = _forms_pattern(tuple(sorted(self.forms)))
        if pattern is None:
            return text
        return pattern.sub(lambda m: self.forms[m.group(0)], text)


@functools.lru_cache(maxsize=16)
def _forms_pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    ordered = sorted(phrases, key=len, reverse=True)
    alternation = "|".join(re.escape(p) for p in ordered)
    return re.compile(r"(?<![\w$])(?:" + alternation + r")(?![\w]|/\d)")  # no date: 1/3/2026


def _directed(*groups: tuple[tuple[str, ...], int]) -> dict[str, int]:
    found: dict[str, int] = {}
    for phrases, direction in groups:
        for phrase in phrases:
            found.setdefault(phrase, direction)
    return found


def _moves(own: Moves, default: Moves | None = None) -> dict[str, int]:
    base = default or Moves()
    return _directed((own.up, 1), (own.down, -1), (base.up, 1), (base.down, -1))


@functools.lru_cache(maxsize=16)
def lexicon_words(lexicon: Lexicon | None) -> Words:
    """The words a pack's question may use: its lexicon's, then the built-in ones (a pack's
    word wins where both give it a direction).

    Examples
    --------
    >>> lexicon_words(None).decisions["raises"]
    1
    """
    own, base = lexicon or Lexicon.model_construct(), DEFAULT_LEXICON
    # a word the pack gives a verb of an end or a filler is no built-in verb of a direction
    # (a ward's 'hold the dose' stops it; the built-in 'hold' keeps it), and one the pack
    # gives a direction is no built-in verb of an end or filler
    plain = {*own.ends, *own.fillers}
    directed = {
        *own.decisions.up,
        *own.decisions.down,
        *own.decisions.hold,
        *own.moves.up,
        *own.moves.down,
        *(w for moves in own.kind_moves for w in (*moves.up, *moves.down)),
    }
    decisions = _directed(
        (own.decisions.up, 1),
        (own.decisions.down, -1),
        (own.decisions.hold, 0),
        (_unclaimed(base.decisions.up, plain), 1),
        (_unclaimed(base.decisions.down, plain), -1),
        (_unclaimed(base.decisions.hold, plain), 0),
    )
    base_moves = Moves(up=_unclaimed(base.moves.up, plain), down=_unclaimed(base.moves.down, plain))
    return Words(
        decisions=decisions,
        moves=_moves(own.moves, base_moves),
        kinds={moves.kind: _moves(moves) for moves in own.kind_moves},
        ends=tuple(dict.fromkeys((*own.ends, *_unclaimed(base.ends, directed)))),
        fillers=tuple(dict.fromkeys((*own.fillers, *_unclaimed(base.fillers, directed)))),
        forms={**dict(base.forms), **dict(own.forms)},
    )


def _unclaimed(phrases: tuple[str, ...], claimed: set[str]) -> tuple[str, ...]:
    """The built-in ``phrases`` a pack's lexicon does not give another role."""
    return tuple(p for p in phrases if p not in claimed)


__all__ = [
    "DEFAULT_LEXICON",
    "Decisions",
    "KindMoves",
    "Lexicon",
    "Moves",
    "Words",
    "lexicon_words",
]
