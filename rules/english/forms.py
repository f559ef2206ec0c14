"""English verb forms shared by the question reader (:mod:`macrograph.graph.words.naming`) and
the prose (:mod:`macrograph.explain.wording.grammar`): a verb for a singular subject and for a
plural one; and a fraction said in words ('a third').

Examples
--------
>>> third_person("reach"), base_form("reaches")
('reaches', 'reach')
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

IRREGULAR = {
    "is": "are",
    "was": "were",
    "has": "have",
    "does": "do",
    "its": "their",
    "it": "they",
    "itself": "themselves",
    "axes": "axe",
}
"""Words whose plural form is no rule's: a verb's (is, has, axes: not 'ax' as 'fixes' is
'fix') and a pronoun's (its, it)."""

IRREGULAR_VERBS: dict[str, tuple[str, ...]] = {
    **{"rise": ("rose", "risen"), "fall": ("fell", "fallen"), "grow": ("grew", "grown")},
    **{"shrink": ("shrank", "shrunk"), "hold": ("held",), "keep": ("kept",)},
    **{"go": ("went", "gone"), "leave": ("left",), "spread": ("spread",), "stand": ("stood",)},
    **{"lose": ("lost",), "shut": ("shut",), "spend": ("spent",), "sell": ("sold",)},
    **{"build": ("built",), "pay": ("paid",), "burn": ("burnt",), "bring": ("brought",)},
    **{"take": ("took", "taken"), "give": ("gave", "given"), "draw": ("drew", "drawn")},
    **{"see": ("saw", "seen"), "do": ("did", "done"), "buy": ("bought",), "send": ("sent",)},
    **{"steal": ("stole", "stolen"), "write": ("wrote", "written"), "know": ("knew", "known")},
    **{"show": ("showed", "shown"), "throw": ("threw", "thrown"), "catch": ("caught",)},
    **{"lay": ("laid",), "teach": ("taught",), "tell": ("told",)},
}
"""English verbs whose past is no '-ed', by their base form: the past, then the past
participle where it differs ('rose', 'risen'); read in questions said in the past and in
labels whose participle follows its noun ('jobs lost')."""


def third_person(base: str) -> str:
    """The singular present of a verb's base form: rise -> rises, reach -> reaches.

    Examples
    --------
    >>> [third_person(v) for v in ("rise", "widen", "reach", "carry", "go", "be")]
    ['rises', 'widens', 'reaches', 'carries', 'goes', 'is']
    """
    if base == "be":
        return "is"
    if base == "have":
        return "has"
    if re.search(r"(s|sh|ch|x|z|o)$", base):
        return base + "es"
    if re.search(r"[^aeiou]y$", base):
        return base[:-1] + "ies"
    return base + "s"


def base_form(verb: str) -> str:
    """The plural present of a singular one: rises -> rise, reaches -> reach, is -> are.

    Examples
    --------
    >>> [base_form(v) for v in ("rises", "widens", "reaches", "carries", "lies", "is", "its")]
    ['rise', 'widen', 'reach', 'carry', 'lie', 'are', 'their']
    >>> [base_form(v) for v in ("fixes", "axes")]
    ['fix', 'axe']
    """
    if verb in IRREGULAR:
        return IRREGULAR[verb]
    if re.search(r"[^aeiou]ies$", verb) and len(verb) > 4:
        return verb[:-3] + "y"
    if re.search(r"(ss|sh|ch|x|z|o)es$", verb):
        return verb[:-2]
    return verb[:-1] if verb.endswith("s") and not verb.endswith("ss") else verb


def after_one(suffix: str) -> str:
    """A spaced suffix as it reads after 1: "1 pt", "1 dose a day", not "1 pts"; the plural
    of its counted noun undone as a noun's is (launches, boxes, companies), also before a
    slash ("1 customer/month"). The counted noun is the last plural of the words before a
    rate or a preposition ("1 aircraft sortie a week", "1 degree day", "1 hour lost").

    Examples
    --------
    >>> after_one(" workers a week"), after_one(" hm³"), after_one("bn"), after_one(" m³/s")
    (' worker a week', ' hm³', 'bn', ' m³/s')
    >>> after_one(" launches"), after_one(" companies"), after_one(" customers/month")
    (' launch', ' company', ' customer/month')
    >>> after_one(" aircraft sorties a week"), after_one(" degree days")
    (' aircraft sortie a week', ' degree day')
    >>> after_one(" hours lost"), after_one(" days of cover"), after_one(" bus stops")
    (' hour lost', ' day of cover', ' bus stop')
    >>> after_one(" paise"), after_one(" people a day")
    (' paisa', ' person a day')

    After a multiple the noun counts many: one thousand cows are cows.

    >>> after_one(" thousand cows a month"), after_one(" lakh workers")
    (' thousand cows a month', ' lakh workers')
    """
    if not suffix.startswith(" "):  # a symbol ('bn', '%'), not a word ('units')
        return suffix
    words = suffix.split()
    if words[:1] and words[0].lower() in NUMBER_WORDS:  # '1 million cows'
        return suffix
    ends = [i for i, w in enumerate(words) if w in _PHRASE_ENDS]
    phrase = words[: ends[0]] if ends else words
    for i in reversed(range(len(phrase))):
        noun, slash, per = phrase[i].partition("/")
        if _is_plural(noun) or noun in _IRREGULAR_PLURALS:
            one = _IRREGULAR_PLURALS.get(noun) or _singular(noun)
            words[i] = f"{one}{slash}{per}"
            return " " + " ".join(words)
    return suffix


_IRREGULAR_PLURALS = {
    **{"paise": "paisa", "people": "person", "children": "child", "men": "man"},
    **{"women": "woman", "mice": "mouse", "geese": "goose", "feet": "foot", "teeth": "tooth"},
}
"""Plurals without an 's' a unit may count, with their singulars ('1 paisa', not '1 paise')."""

_PHRASE_ENDS = frozenset({"a", "an", "per", "of", "in", "on", "for", "to", "at", "from"})
"""Words that end a unit's counted phrase ('sorties a week', 'days of cover')."""


def _is_plural(noun: str) -> bool:
    """Whether ``noun`` reads as a regular plural ('sorties', 'days'; not 'bus', 'gas', 'kts').

    Examples
    --------
    >>> [_is_plural(n) for n in ("sorties", "days", "bus", "class", "analysis", "ms", "series")]
    [True, True, False, False, False, False, False]
    """
    regular = noun.isalpha() and len(noun) > 2 and noun.endswith("s")
    return regular and not noun.endswith(("ss", "us", "is")) and noun not in _SAME_PLURAL


_SAME_PLURAL = frozenset({"series", "species", "means", "news", "gas"})
"""Nouns that end in s in the singular too."""

_IE_NOUNS = ("sortie", "movie", "cookie", "calorie", "rookie", "zombie", "prairie", "birdie")
"""Nouns in -ie, whose plural in -ies is not of a noun in -y ('sorties', not 'sorty')."""


def counted(count: int, noun: str) -> str:
    """``count`` and ``noun``, the noun in the plural unless the count is one (a regular
    plural: 'es' after s, x, z, ch or sh; 'ies' for a 'y' after a consonant).

    Examples
    --------
    >>> counted(1, "episode"), counted(12, "observation"), counted(0, "loop")
    ('1 episode', '12 observations', '0 loops')
    >>> counted(2, "match"), counted(3, "policy"), counted(2, "day")
    ('2 matches', '3 policies', '2 days')
    """
    if count == 1:
        return f"{count} {noun}"
    if re.search(r"[^aeiou]y$", noun):
        return f"{count} {noun[:-1]}ies"
    if re.search(r"(s|x|z|ch|sh)$", noun):
        return f"{count} {noun}es"
    return f"{count} {noun}s"


def _singular(noun: str) -> str:
    """A plural noun's singular, by the rules of its ending (not of the irregular ones).

    Examples
    --------
    >>> [_singular(n) for n in ("launches", "boxes", "companies", "doses", "days", "trials")]
    ['launch', 'box', 'company', 'dose', 'day', 'trial']
    >>> [_singular(n) for n in ("buses", "bonuses", "classes", "nurses", "houses", "cases")]
    ['bus', 'bonus', 'class', 'nurse', 'house', 'case']
    """
    if noun.lower().endswith(tuple(f"{n}s" for n in _IE_NOUNS)):
        return noun[:-1]
    if re.search(r"[^aeiou]ies$", noun):
        return noun[:-3] + "y"
    if re.search(r"(sh|ch|x|z|ss|[^aeiou]us)es$", noun):  # boxes, classes, buses
        return noun[:-2]
    return noun[:-1]


_ONES = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
_TENS = "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety"
NUMBERS = {"zero": 0, "a": 1, "an": 1} | dict(zip(_ONES.split(), range(1, 16), strict=True))
NUMBERS |= dict(zip(_TENS.split(), [*range(16, 20), *range(20, 100, 10)], strict=True))
"""Numbers said in words: of a count ('two m3/s', 'fifty pence', a level 'to zero') and of a
fraction ('two thirds')."""
MULTIPLES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
"""Words of a multiple: in a number ('a million km2') or in front of a unit ('million km²')."""
MULTIPLE_POWERS = {word: round(math.log10(size)) for word, size in MULTIPLES.items()}
"""The words of :data:`MULTIPLES` as powers of ten ('million': 6)."""
SHORT_POWERS = {"k": 3, "m": 6, "bn": 9, "tn": 12}
"""Multiples as a unit abbreviates them ('$bn', 'k trips a day'), as powers of ten."""
OTHER_SHORT = {"mn": "m", "mln": "m", "bln": "bn", "trn": "tn"} | {
    "mil": "m",
    "mld": "bn",
    "mio": "m",
    "mrd": "bn",
}
"""Other abbreviations of a multiple, as the financial and trade press write them, and the
one of :data:`SHORT_POWERS` each stands for ('2mn TEU' is '2m TEU'), and as central Europe
abbreviates a million and a milliard in English copy ('20 mil. Kč', '1,2 mld. Kč', '5 Mio.
EUR', '2 Mrd. CHF')."""
INDIAN_POWERS = {"lakh": 5, "lakhs": 5, "crore": 7, "crores": 7}
"""Indian English's multiples as powers of ten: a lakh is 100,000, a crore 10 million."""
NUMBER_WORDS = frozenset({*MULTIPLES, *INDIAN_POWERS})
"""Words of a multiple in front of a unit's own word, Indian English's lakh (100,000) and
crore (10 million) among them: a unit in ' lakh crore' or ' million km²' is written whole,
never as its multiple alone ('₹0.2lakh' would read as ₹20,000)."""
PARTS = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "tenth": 10}
FRACTION = re.compile(
    rf"(?:({'|'.join(NUMBERS)})\s+)?(half|(?:{'|'.join(p for p in PARTS if p != 'half')})s?)"
)


FOLDS = {"twofold": 2, "threefold": 3, "fourfold": 4, "fivefold": 5, "tenfold": 10}
"""A multiple said in one word ('rises twofold': doubles), by how many times its level it
makes: the lexicon reads 'doubles' as 'rises twofold', so that a rate in points doubles by
its own level, not by a hundred points."""


def said_fraction(text: str) -> float | None:
    """The fraction below one that ``text`` says in words; None for none. Only a half may
    go without its count ('by half'), and a count above one takes a plural part.

    Examples
    --------
    >>> said_fraction("a quarter"), said_fraction("half"), said_fraction("three quarters")
    (0.25, 0.5, 0.75)
    >>> said_fraction("third"), said_fraction("two third"), said_fraction("four quarters")
    (None, None, None)
    """
    match = FRACTION.fullmatch(text)
    if match is None:
        return None
    count, part = NUMBERS[match.group(1) or "a"], match.group(2)
    if match.group(1) is None and part != "half":
        return None
    value = count / PARTS[part.removesuffix("s")]
    return value if value < 1 and part.endswith("s") == (count > 1) else None


TIMES: tuple[tuple[tuple[str, ...], tuple[str, ...], int | None], ...] = (
    (("second", "seconds"), ("s", "sec", "secs"), 1),
    (("minute", "minutes"), ("min", "mins"), 60),
    (("hour", "hours"), ("h", "hr", "hrs"), 3_600),
    (("day", "days"), (), 86_400),
    (("week", "weeks"), ("wk", "wks"), 604_800),
    (("month", "months"), ("mo", "mos", "mth", "mths"), None),
    (("quarter", "quarters"), (), None),
    (("year", "years"), ("yr", "yrs"), None),
)
"""Units of time as English writes them: spelt out, abbreviated, and their length in seconds
(None: a month, a quarter or a year has no fixed length)."""

KEYBOARD_UNITS = {
    "km/h": (
        *("kmph", "kph", "kmh", "km/hr", "km per hour", "km an hour"),
        *(f"{km} {per} hour" for km in ("kilometres", "kilometers") for per in ("per", "an")),
    ),
    "m/s": tuple(f"{m} {per} second" for m in ("metres", "meters") for per in ("per", "a")),
    "\u00b5g/m\u00b3": (
        *("mcg/m3", "mcg/m\u00b3", "\u00b5g/cu m", "ug/cu m"),
        *(f"micrograms per cubic {m}" for m in ("metre", "meter")),
    ),
    "x": ("times", "turns", "\u00d7"),
}
"""Units of measure (in lower case) and the other ways English types them: a speed in
'kmph' or 'km/hr' as India and others write km/h, a concentration in 'mcg/m3', a multiple
written '8.0x' said in 'times' or, as investors count its moves, 'turns'."""


def plain(value: float, spec: str = "") -> str:
    """A number as ``format(value, spec + "g")`` writes it, but never in exponent form: a
    million, or a millionth, in its digits (``spec`` '+' for a sign, ',' for separators).

    Examples
    --------
    >>> plain(2.4e6, "+"), plain(2.4e6, ","), plain(1e-05), plain(0.25, "+"), plain(1500.0)
    ('+2400000', '2,400,000', '0.00001', '+0.25', '1500')
    """
    text = format(value, f"{spec}g")
    if "e" not in text:
        return text
    return format(value, f"{spec}.12f").rstrip("0").rstrip(".")


def decimals_for(value: float, digits: int) -> int:
    """The decimals that write ``value`` to ``digits`` significant digits: none for a number
    with that many digits before its point, nor for zero.

    Examples
    --------
    >>> decimals_for(0.0392, 2), decimals_for(1234.5, 4), decimals_for(-0.5, 3), decimals_for(0, 2)
    (3, 0, 3, 0)

    A value that rounds up to the next power of ten takes one decimal fewer: -0.998 to two
    digits is '-1.0', not '-1.00'; 9.96 is '10', not '10.0'.

    >>> decimals_for(-0.998, 2), decimals_for(9.96, 2), decimals_for(0.0996, 2)
    (1, 0, 2)
    """
    if value == 0.0:
        return 0
    places = max(0, digits - 1 - math.floor(math.log10(abs(value))))
    if places and abs(round(value, places)) >= 10.0 ** (digits - places):
        return places - 1
    return places


def estimate_text(value: float, error: float | None = None) -> str:
    """A fitted size as a table of estimates writes it: to the place of the second
    significant digit of its standard ``error`` where it has one (a digit further says
    nothing the fit knows), and to four of its own at most (three below a thousandth); else
    four decimals from a
    thousandth to ten thousand, a whole number above, and three significant digits below;
    never in exponent form.

    Examples
    --------
    >>> estimate_text(0.4), estimate_text(2.67e-05), estimate_text(4186718.9986)
    ('0.4000', '0.0000267', '4186719')
    >>> estimate_text(9.4885, 3.8222), estimate_text(13.06, 11.74), estimate_text(0.0064, 0.0016)
    ('9.5', '13', '0.0064')
    >>> estimate_text(2.67e-05, 8.4e-09), estimate_text(0.4999, 0.0033)
    ('0.0000267', '0.4999')
    """
    if error is not None and error > 0.0 and math.isfinite(error):
        own = decimals_for(value, 4 if abs(value) >= 1e-3 else 3) if value else 99
        return f"{value:.{min(decimals_for(error, 2), own)}f}"
    size = abs(value)
    if size == 0.0 or 1e-3 <= size < 1e4:
        return f"{value:.4f}"
    if size >= 1e4:
        return f"{value:.0f}"
    return f"{value:.{decimals_for(size, 3)}f}"


WORDED_TAIL = re.compile(r"\d[^\W\d_]{0,2}( (?:[^\W\d_]{4,}|[^\W\d_]+ .+))$")
"""A unit in words after a number or its glued multiple (' an hour', '1.5m subscribers', ' mites
per 100 bees'), of four letters or more if one word; not an abbreviation (' pts'), nor '%'."""
ABBREVIATED = re.compile(r"[b-df-hj-np-tv-xzB-DF-HJ-NP-TV-XZ]+|[A-Za-z][a-z]*[A-Z][A-Za-z]*")
"""A word of Latin letters that is an abbreviation however long: no vowel (' bpm', ' ppts')
or a capital after its first letter (' mmHg', ' kWh')."""


def _worded_tail(size: str) -> str | None:
    """The unit in words that ends ``size`` (:data:`WORDED_TAIL`, not :data:`ABBREVIATED`)."""
    found = WORDED_TAIL.search(size)
    if found is None or ABBREVIATED.fullmatch(found.group(1).strip()):
        return None
    return found.group(1)


def in_words(unit: str) -> bool:
    """Whether a unit's word is said in words, apart from its number (:data:`WORDED_TAIL`):
    '20000 mentions', '5 head'; not an abbreviation or a sign ('5mm', '3pts', '2m³/s').

    Examples
    --------
    >>> [in_words(w) for w in ("mentions", "head", "mm", "pts", "kWh", "m\u00b3/s")]
    [True, True, False, False, False, False]
    """
    return _worded_tail(f"1 {unit.strip()}") is not None


def span(low: str, high: str) -> str:
    """A range of two sizes, its unit said once when both end with the same unit in words.

    Examples
    --------
    >>> span("-88.7 thousand persons", "-33.5 thousand persons"), span("-1.2%", "+0.4%")
    ('-88.7 to -33.5 thousand persons', '-1.2% to +0.4%')
    >>> span("+900 thousand persons", "+1.2 million persons")
    '+900 thousand persons to +1.2 million persons'
    >>> span("-3 mmHg", "-10 mmHg"), span("-5 bpm", "-12 bpm")  # abbreviations, said twice
    ('-3 mmHg to -10 mmHg', '-5 bpm to -12 bpm')
    >>> span("-1.5m subscribers", "-0.9m subscribers"), span("-$8.4m a month", "-$2.5m a month")
    ('-1.5m to -0.9m subscribers', '-$8.4m to -$2.5m a month')
    >>> span("-$0.36 an hour", "-$0.04 an hour"), span("+1.0 pts", "+3.0 pts")
    ('-$0.36 to -$0.04 an hour', '+1.0 pts to +3.0 pts')
    """
    tail = _worded_tail(high)
    if tail and _worded_tail(low) == tail:  # not '-1.0 thousand to -437 tonnes'
        return f"{low.removesuffix(tail)} to {high}"
    return f"{low} to {high}"


def attributive(size: str) -> str:
    """A size as it reads before the noun it measures: its unit of words in the singular
    ('a 50 basis point hike', 'a 30 thousand person fall'); a unit with no space before it
    as it is ('a 25bp cut').

    Examples
    --------
    >>> attributive("50 basis points"), attributive("25bp"), attributive("$1.20 an hour")
    ('50 basis point', '25bp', '$1.20 an hour')
    """
    found = re.match(r"([^A-Za-z]*\d)( .+)$", size)
    return size if found is None else found.group(1) + after_one(found.group(2))


HYPHENED_SIZE = re.compile(
    rf"\b(\d[\d.,]*|half|quarter|{'|'.join(NUMBERS)})-"
    r"(?=(?:basis|percentage|per|point|points|percent|pct)\b)"
)
HYPHENED_UNIT = re.compile(r"\b(basis|percentage)-(point)\b")


def unhyphenated_sizes(text: str) -> str:
    """A size made one word before its noun ('a 25-basis-point cut', 'a half-point hike',
    'a 3-percent drop') as the size it says ('a 25 basis point cut', 'a half point hike');
    hyphens anywhere else are kept ('a 3-2-1 spread', '10-year').

    Examples
    --------
    >>> unhyphenated_sizes("a 25-basis-point cut"), unhyphenated_sizes("a half-point hike")
    ('a 25 basis point cut', 'a half point hike')
    >>> unhyphenated_sizes("a 3-percent drop in the 3-2-1 spread")
    'a 3 percent drop in the 3-2-1 spread'
    """
    return HYPHENED_UNIT.sub(r"\1 \2", HYPHENED_SIZE.sub(r"\1 ", text))


def same_multiple(words: set[str], whole: str) -> set[str]:
    """``words`` (a count's, in lower case) that start with the multiple ``whole`` (its
    change suffix) starts with, spelt the other ways of that multiple: '5m kgms' and '5mn
    kgms' of ' million kgMS', '5k cows' of ' thousand cows'; none for a unit that starts
    with no multiple.

    Examples
    --------
    >>> sorted(same_multiple({"million kgms"}, "million kgms"))
    ['m kgms', 'mil kgms', 'mio kgms', 'mln kgms', 'mn kgms']
    >>> same_multiple({"cows"}, "cows")
    set()
    """
    first = whole.split()[:1]
    power = {**SHORT_POWERS, **MULTIPLE_POWERS}.get(first[0]) if first else None
    if power is None or first[0] == whole:
        return set()
    spelt = {w for w, p in {**SHORT_POWERS, **MULTIPLE_POWERS}.items() if p == power}
    spelt |= {w for w, short in OTHER_SHORT.items() if SHORT_POWERS[short] == power}
    rests = {w[len(first[0]) + 1 :] for w in words if w.startswith(f"{first[0]} ")}
    return {f"{other} {rest}" for other in spelt - {first[0]} for rest in rests}


def listed(items: Sequence[str]) -> str:
    """Items in an English list, the last after 'and' ('1w', '1w and 1m', '1d, 1w and 1m').

    Examples
    --------
    >>> listed(["1w"]), listed(["1d", "1w", "1m"])
    ('1w', '1d, 1w and 1m')
    """
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
