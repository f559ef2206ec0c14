"""English agreement for names the machinery did not write: plural subjects, the words a
node's move reads in, and a or an.

A node's label is the pack's text; the sentences around it are the machinery's. Verbs that
follow a name agree with it: :func:`reads_plural` guesses from the label's head noun (a
pack's node may say ``plural: true|false`` where the guess is wrong), and :func:`agree`
turns a verb written for a singular subject into the plural one. How a move reads (a level
rises, a spread widens) is a family of words, :data:`MOVE_WORDS`, chosen by the node's
``moves`` or its unit's (see :mod:`macrograph.rules.vocabulary`).

Examples
--------
>>> reads_plural("Short-term hiring commitments"), reads_plural("Cost of hedging dollars")
(True, False)
>>> agree("rises", True), agree("widens or narrows", True), agree("is", True)
('rise', 'widen or narrow', 'are')
>>> article("hourly rate"), article("8bp move"), article("UK rate")
('an', 'an', 'a')
"""

from __future__ import annotations

import re

from msgspec import Struct

from macrograph.rules.english.forms import base_form as base_form  # read here and by tests
from macrograph.rules.english.forms import third_person as third_person
from macrograph.rules.english.labels import head_noun as head_noun
from macrograph.rules.english.labels import reads_plural as reads_plural

_PRONOUNS = ("it", "its", "itself")


# Head nouns that count (a price, the bill): a singular label ending in one is a thing and
# takes "the" mid-sentence; others read as mass nouns (spending, output, volatility).
COUNTABLE_HEADS = frozenset(
    [
        "allocation",
        "allotment",
        "amount",
        "anomaly",
        "area",  # of land: the planted area, the area burned
        "backlog",
        "balance",
        "basket",  # a shopper's: the average basket
        "bill",
        "boiler",  # a plant's, as a fleet is a company's: the reserve boiler
        "book",
        "burden",
        "cap",  # a limit set on a price or a quantity: the price cap
        "check",  # a diner's bill: the average check
        "composite",
        "concentration",
        "charge",
        "cost",
        "count",
        "crop",  # a season's: the main crop
        "day",  # of a week or a season, as a month and a week of one: the day of the week
        "deficit",
        "estimate",
        "extent",
        "factor",  # a fleet's or a plant's: the load factor, the availability factor
        "fare",  # what a rider pays, as a fee, a charge, a toll and a rent are paid
        "fee",
        "fleet",  # a collective that counts, as a herd and a flock do
        "flock",
        "force",
        "forecast",
        "fund",
        "gap",
        "harvest",
        "herd",
        "index",
        "level",
        "limit",
        "list",
        "majority",
        "margin",
        "month",  # of a season or a year: the month of the season
        "multiplier",  # the surge multiplier, the money multiplier
        "number",
        "orderbook",
        "premium",
        "price",
        "projection",
        "quarter",  # of a fiscal year: the quarter of the year
        "queue",
        "quota",
        "ranking",  # a league table's: the world ranking
        "rate",
        "score",
        "ratio",
        "rent",
        "reserve",
        "reservoir",  # a store that fills and drains, as a tank and a stockpile do
        "return",  # a portfolio's: the expected return
        "share",
        "spread",
        "stage",
        "stockpile",
        "surplus",
        "tally",
        "tank",  # a store that fills and drains: the storage tank
        "tariff",
        "target",
        "toll",
        "verdict",
        "wait",
        "week",  # of a season or a year: the week of the year, the week of the season
        "weight",  # a portfolio's: the equity weight
        "workforce",
        "yield",
    ]
)


# Names of currencies, which take "the" after the word that says whose they are ('the
# Australian dollar', 'the Swiss franc'); first in a label they are a quote ('lira per dollar').
CURRENCY_HEADS = frozenset(
    [
        *("currency", "dinar", "dirham", "dollar", "euro", "franc", "krona", "krone", "lira"),
        *("peso", "pound", "rand", "ringgit", "rouble", "ruble", "rupee", "rupiah", "shekel"),
        "zloty",
    ]
)


def takes_the(label: str) -> bool:
    """Whether a singular label takes "the": its head noun counts. A label
    that starts with digits reads by its first letter ('the 3-2-1 crack spread'; 'Route
    66' is a name).

    Examples
    --------
    >>> takes_the("day-ahead power price"), takes_the("reproduction number")
    (True, True)
    >>> takes_the("surgical waiting list"), takes_the("median wait for surgery")
    (True, True)
    >>> takes_the("labour force"), takes_the("workforce"), takes_the("task force of the city")
    (True, True, True)
    >>> takes_the("seat projection"), takes_the("debate verdict"), takes_the("campaign fund")
    (True, True, True)
    >>> takes_the("claims reserve"), takes_the("equity weight"), takes_the("expected return")
    (True, True, True)
    >>> takes_the("surge multiplier"), takes_the("dairy herd"), takes_the("fishing fleet")
    (True, True, True)
    >>> takes_the("self-funder fee"), takes_the("average fare"), takes_the("metered charge")
    (True, True, True)
    >>> takes_the("energy availability factor"), takes_the("load factor")
    (True, True)
    >>> takes_the("West African main crop"), takes_the("wheat harvest")
    (True, True)
    >>> takes_the("storage tank"), takes_the("coal stockpile"), takes_the("household price cap")
    (True, True, True)
    >>> takes_the("week of the year"), takes_the("day of the week"), takes_the("average check")
    (True, True, True)
    >>> takes_the("household spending"), takes_the("Route 66"), takes_the("wind output")
    (False, False, False)
    >>> takes_the("3-2-1 crack spread"), takes_the("2y German Bund yield"), takes_the("3M Co")
    (True, True, False)

    Behind a name or a symbol the head, written in lower case, still counts ('the Dst
    index', 'the Case-Shiller price index'); a possessive is the label's own determiner, and a
    head written with a capital is part of a name ('Bank Rate').

    >>> takes_the("Dst index"), takes_the("Council's interest bill"), takes_the("Base Rate")
    (True, False, False)

    A common noun's possessive in the singular needs "the" before it, as a name's does not
    (:func:`owned_by_a_common_noun`): 'the rival's export restriction'.

    >>> takes_the("rival's export restriction"), takes_the("rival's export ban")
    (True, True)

    A name of a published series still takes "the" ('the Consumer Price Index', 'the Fire
    Weather Index'), as English writes them.

    >>> takes_the("Consumer Price Index"), takes_the("Composite Leading Indicator")
    (True, True)

    A label that starts with its own determiner, a possessive or a demonstrative, takes
    none: 'our cost of beans', not 'the our cost of beans'.

    >>> takes_the("Our cost of beans"), takes_the("their share of the market")
    (False, False)

    A currency is a thing too: 'the Australian dollar', 'the world ranking'.

    >>> takes_the("Australian dollar"), takes_the("world ranking"), takes_the("lira per dollar")
    (True, True, False)
    """
    first = next((c for c in label if c.isalpha()), "")
    head = head_noun(label)
    if label.split(" ", 1)[0].lower() in DETERMINERS:
        return False
    if head.lower() in CURRENCY_HEADS:
        return not label.lower().startswith(head.lower())
    if owned_by_a_common_noun(label):
        return True
    if first.islower():
        return head.lower() in COUNTABLE_HEADS
    before = label[: label.find(head)] if head else ""
    possessive = re.search(r"\w['\u2019]s?\s", before) is not None
    return (head in COUNTABLE_HEADS or head.lower() in SERIES_HEADS) and not possessive


# Words that are a label's own determiner when they start it (our cost of beans, this
# year's crop is a possessive's business): a label that starts with one takes no "the".
DETERMINERS = frozenset(
    ["my", "our", "your", "his", "her", "its", "their", "this", "that", "these", "those"]
)


# Heads of the names of published series, which take "the" though capitalised (the Consumer
# Price Index); any other capitalised head names a thing by its own name (Bank Rate).
SERIES_HEADS = frozenset(["average", "barometer", "census", "index", "indicator", "survey"])


# Head nouns ending in -ing that count (the debt ceiling, the board meeting): any other
# -ing head is an activity and reads as a mass noun (spending, buying, lending).
COUNTABLE_ING = frozenset(
    [
        "building",
        "ceiling",
        "filing",
        "listing",
        "meeting",
        "offering",
        "rating",
        "ruling",
        "setting",
        "spring",
        "string",
        "thing",
        "wing",
    ]
)
_MASS_SUFFIXES = ("ncy", "ity", "ness", "flation")  # stringency, humidity, tightness, deflation
# Heads of a rate or a decision that are an activity with no such suffix: the share of
# a capacity run (plant utilisation) or what is made (steel output) reads without "the",
# as does a rate of change or of loss named by its mass noun (staff turnover, customer
# churn, wage growth).
MASS_HEADS = frozenset(
    [
        "attrition",
        "churn",
        "generation",  # what a plant makes, as its output: on-site generation
        "growth",
        "indexation",  # the pensions a board raises with prices: indexation granted
        "output",
        "production",
        "retention",
        "turnover",
        "unemployment",
        "utilisation",
        "utilization",
    ]
)


def names_a_thing(label: str) -> bool:
    """Whether a singular label of a rate, policy or stance takes "the" mid-sentence: not
    when it is a proper name, every word capitalised (Bank Rate, QE), nor when its head is
    an activity or a quality, a mass noun (government spending, lockdown stringency).

    Examples
    --------
    >>> names_a_thing("interest rate"), names_a_thing("debt ceiling"), names_a_thing("Bank Rate")
    (True, True, False)
    >>> names_a_thing("government spending"), names_a_thing("lockdown stringency")
    (False, False)
    >>> names_a_thing("plant utilisation"), names_a_thing("steel output")
    (False, False)
    >>> names_a_thing("on-site generation")
    False
    >>> names_a_thing("Gold inflation"), names_a_thing("Player churn"), names_a_thing("Indexation")
    (False, False, False)

    A label that starts in a script without capitals (Chinese, Korean, Arabic...) is a
    name in an English sentence, as a proper name is: no "the" before '中央储备猪肉收储'.

    >>> names_a_thing("中央储备猪肉收储"), names_a_thing("储备 (state reserve)")
    (False, False)

    A possessive before the head is the label's own determiner, as in ``takes_the``: no
    "the" before "Harbor Point's deposit rate"; a common noun's takes one: "the bank's rate".

    >>> names_a_thing("Harbor Point's deposit rate"), names_a_thing("bank's rate")
    (False, True)
    """
    words = [w for w in re.split(r"[\s-]+", label) if w[:1].isalpha()]
    if words and all(w[:1].isupper() for w in words):
        return False
    if words and words[0][:1].lower() == words[0][:1].upper():  # no case: a name
        return False
    head = head_noun(label).lower()
    if owned_by_a_common_noun(label):  # the bank's rate, as Harbor Point's rate needs none
        return True
    if re.search(r"\w['\u2019]s?\s", label[: label.lower().find(head)] if head else ""):
        return False
    if head in COUNTABLE_HEADS or head in COUNTABLE_ING:
        return True
    return not (head.endswith("ing") or head.endswith(_MASS_SUFFIXES) or head in MASS_HEADS)


# possessives of a time, which need no "the" before them: today's price, tomorrow's auction
TIME_OWNERS = frozenset(["today", "tonight", "yesterday", "tomorrow", "now"])


def owned_by_a_common_noun(label: str) -> bool:
    """Whether a label as it reads mid-sentence starts with a singular common noun's
    possessive ('rival's export restriction'), which takes "the" before it as a name's
    does not ('Brazil's harvest') and a plural's need not ('exporters' stocks').

    Examples
    --------
    >>> owned_by_a_common_noun("rival's export ban"), owned_by_a_common_noun("Brazil's harvest")
    (True, False)
    >>> owned_by_a_common_noun("exporters' stocks"), owned_by_a_common_noun("today's price")
    (False, False)

    Words before the possessive describe the owner: the owner is still a common noun
    ('the Chinese rival's pack price'), and a name still needs none ('New York's subway').

    >>> owned_by_a_common_noun("Chinese rival's price"), owned_by_a_common_noun("New York's subway")
    (True, False)
    """
    first = re.match(r"(?:[\w-]+\s+){0,2}?([\w-]+)['\u2019]s\s", label)
    owner = first.group(1) if first else ""
    return owner[:1].islower() and owner not in TIME_OWNERS


def possessive(name: str) -> str:
    """A name with its possessive: "'s", or an apostrophe alone after a name of several.

    Examples
    --------
    >>> possessive("the article"), possessive("the roasters"), possessive("the analysis")
    ("the article's", "the roasters'", "the analysis's")

    A name of several with a parenthesis after it takes the apostrophe on its own last word.

    >>> possessive("the hospitals (Kirkby, Thornbridge)"), possessive("Uttar Pradesh (Lucknow)")
    ("the hospitals' (Kirkby, Thornbridge)", "Uttar Pradesh (Lucknow)'s")
    """
    if not reads_plural(name):
        return f"{name}'s"
    found = _ASIDE.fullmatch(name)
    named, aside = found.groups() if found else (name, "")
    return f"{named}'{aside}"


_ASIDE = re.compile(r"(.*?)((?:\s*\([^()]*\))?)")
"""A name and the parenthesis after it, if any ('the hospitals', ' (Kirkby, Thornbridge)')."""


def agree(phrase: str, plural: bool) -> str:
    """A phrase written for a singular subject, made to agree with ``plural``: its verbs
    (the first word, and each word after ``or``, ``and`` or ``it``) and the pronouns ``it``,
    ``its`` and ``itself`` that stand for the subject.

    Examples
    --------
    >>> agree("ends", False), agree("ends", True), agree("keeps its direction", True)
    ('ends', 'end', 'keep their direction')
    >>> agree("rises or falls", True), agree("is in", True), agree("it comes within", True)
    ('rise or fall', 'are in', 'they come within')
    """
    if not plural:
        return phrase
    words = phrase.split(" ")
    out = []
    for i, word in enumerate(words):
        verb_slot = i == 0 or words[i - 1] in ("or", "and", "it")
        out.append(base_form(word) if verb_slot or word in _PRONOUNS else word)
    return " ".join(out)


def verb(base: str, plural: bool) -> str:
    """A verb's present for a subject: the base form for a plural one.

    Examples
    --------
    >>> verb("rise", False), verb("rise", True)
    ('rises', 'rise')
    """
    return base if plural else third_person(base)


_LETTERS_AN = frozenset("AEFHILMNORSX")  # letter names that start with a vowel: an HR, an MBS
_VOWEL_SOUND = re.compile(
    r"(?!u(?:ni|s[aeiu]|r[aeiou]|k)|eu|one\b|once)[aeiou]|h(?:our|onest|onou?r|eir)"
)


def article(text: str) -> str:
    """'a' or 'an' before ``text``, as it is read aloud: an hourly rate, an 8bp move, an
    HR survey, an 11-day lag; a unit, a UK rate, a 10y yield, a one-off.

    Examples
    --------
    >>> [article(x) for x in ("index", "unit", "MRI scan", "NBER", "18-month", "1m", "one")]
    ['an', 'a', 'an', 'an', 'an', 'a', 'a']
    """
    word = text.strip().split(" ", 1)[0]
    if re.match(r"[A-Z][A-Z&/]", word):  # initials, read letter by letter
        return "an" if word[0] in _LETTERS_AN else "a"
    if word[:1].isdigit():
        return "an" if re.match(r"8|1[18](?![\d,.])", word) else "a"
    return "an" if _VOWEL_SOUND.match(word.lower()) else "a"


class MoveWords(Struct, frozen=True):
    """How a node's move reads, in base forms: a level ``rise``/``fall``, a rule ``raise``
    /``lower`` it, it ends ``higher``/``lower``, forces push it ``up``/``down``; ``either``
    the verbs of a step whose sign the rules leave open."""

    rise: str
    fall: str
    lift: str
    lower: str
    higher: str
    less: str
    up: str
    down: str
    either: tuple[str, str]

    def intransitive(self, up: bool, plural: bool = False) -> str:
        """The node's own move: 'rises', 'narrow' (plural).

        Examples
        --------
        >>> MOVE_WORDS["widen"].intransitive(False), MOVE_WORDS["rise"].intransitive(True, True)
        ('narrows', 'rise')
        """
        return verb(self.rise if up else self.fall, plural)

    def transitive(self, up: bool) -> str:
        """What a rule does to the node: 'raises', 'widens', 'lifts'."""
        return third_person(self.lift if up else self.lower)

    def comparative(self, up: bool) -> str:
        """Where the node ends: 'higher', 'narrower'."""
        return self.higher if up else self.less

    def push(self, up: bool) -> str:
        """Which way forces push the node: 'up', 'wider'."""
        return self.up if up else self.down


MOVE_WORDS = {
    "rise": MoveWords(
        "rise", "fall", "raise", "lower", "higher", "lower", "up", "down", ("raise", "lower")
    ),
    "lift": MoveWords(
        "rise", "fall", "lift", "lower", "higher", "lower", "up", "down", ("raise", "lower")
    ),
    "widen": MoveWords(
        "widen",
        "narrow",
        "widen",
        "narrow",
        "wider",
        "narrower",
        "wider",
        "narrower",
        ("widen", "narrow"),
    ),
    # a place whose smaller number is the better one: its number's rise is a slip down the
    # table, which a rule drops it by, and it ends lower; its fall a climb
    "climb": MoveWords(
        "slip", "climb", "drop", "lift", "lower", "higher", "down", "up", ("drop", "lift")
    ),
}
"""The families of move words a unit or node may choose (``moves``): a level rises and a
rule raises it; a price rises and a rule lifts it; a spread or gap widens; a place in a
league table climbs as its number falls."""
