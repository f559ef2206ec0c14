"""How what a user types is matched to scenario names: one normalisation, for lint and ``whatif``.

Examples
--------
>>> normalise("What if the BoJ skips?")
'boj skips'
>>> normalise("？")
''
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from types import MappingProxyType

from msgspec import Struct

from macrograph.rules.english.lexicon import ACCENTED, UNSPACED
from macrograph.rules.pack import Pack

SUPERSCRIPTS = str.maketrans(
    "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
    "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089\u2212\u00b5",
    "01234567890123456789-u",
)  # and the minus sign U+2212 ('−0.25%'), as a keyboard's hyphen-minus, and the micro sign
# U+00B5 ('µg/L') as the 'u' a keyboard types for it ('ug/l')

OPENING = re.compile(
    r"^(?:(?:so )?(?:what if|what happens if|what would happen if|suppose|if)\s+)?"
    r"(?:(?:we|they|there(?:\s+(?:is|are|was|were|s)|'s))\s+(?=\S))?"
)
"""How a question may open before what it asks, read without it: 'what if', 'so what happens
if', and a subject that names no one in a pack ('what if we double gold', 'they ban 5,000 bots':
the pronoun's verb is said as its command), or the 'there is' that says an event happens
('what if there is a port strike'). Matched in lower case."""

_REACTS = r"(?:\s+(?:react|respond|move|do|fare|change|go|trade))?"


def _about_forms(joins: str, leads: str) -> tuple[re.Pattern[str], ...]:
    """The forms of a question about X when Y that join the two with one of ``joins``, or
    that open with one of ``leads`` when Y comes first."""
    return (
        # 'what happens to X if Y', 'how does X react when Y', 'what would X do if Y'
        re.compile(
            r"(?:so\s+)?(?:what\s+(?:happens|will\s+happen|would\s+happen)\s+to|how\s+(?:does|do|"
            rf"would|will)|what\s+(?:does|do|would|will))\s+(?P<about>.+?){_REACTS}\s+{joins}"
            r"\s+(?P<event>.+)"
        ),
        # 'if Y, what happens to X', 'when Y, how does X react'
        re.compile(
            rf"{leads}\s+(?P<event>.+?)\s*[,:;]?\s+(?:what\s+happens\s+to|"
            rf"how\s+(?:does|do|would|will)|what\s+(?:does|do|would|will))\s+(?P<about>.+?){_REACTS}"
        ),
        # 'why do X fall if Y', 'why would X go down when Y': a teacher's why, with X's move
        re.compile(
            r"why\s+(?:does|do|did|would|will)\s+(?P<about>.+?)(?:\s+(?:go\s+(?:up|down)|rise|"
            r"fall|drop|climb|grow|shrink|increase|decrease|move|change|react|respond))?\s+"
            rf"{joins}\s+(?P<event>.+)"
        ),
    )


ABOUT_FORMS = (
    # 'if' and 'when' first: 'after' may be a word of X's name ('profit after tax')
    *_about_forms(r"(?:if|when)", r"(?:if|when|suppose)"),
    *_about_forms(r"(?:after|once|during)", r"(?:after|once|during)"),
    # 'Y: what happens to X'
    re.compile(r"(?P<event>.+?)\s*[:;,]\s*what\s+happens\s+to\s+(?P<about>.+)"),
    # 'what does Y do to X', 'what would Y mean for X'
    re.compile(
        r"what\s+(?:does|do|would|will)\s+(?P<event>.+?)\s+(?:do\s+to|mean\s+for)\s+"
        r"(?P<about>.+)"
    ),
)
"""The forms of a question about one thing when an event happens, in lower case."""


def asked_about(text: str) -> tuple[str, str] | None:
    """What a question asks about and the event it asks of, when it is said in one of
    :data:`ABOUT_FORMS` ('what happens to X if Y': X and Y); None for any other question.

    Examples
    --------
    >>> asked_about("What happens to the price if the board cuts 50bp?")
    ('the price', 'the board cuts 50bp')
    >>> asked_about("If the board cuts, how does the price react?")
    ('the price', 'the board cuts')
    >>> asked_about("the price falls 5%") is None
    True
    >>> asked_about("Why does the price fall if the board cuts 50bp?")
    ('the price', 'the board cuts 50bp')
    >>> asked_about("What happens to profit after tax if the board cuts 50bp?")
    ('profit after tax', 'the board cuts 50bp')
    >>> asked_about("How does the price react during a strike?")
    ('the price', 'a strike')
    """
    said = re.sub(r"\s+", " ", text.strip().rstrip("?!. ").lower())
    for form in ABOUT_FORMS:
        match = form.fullmatch(said)
        if match is not None:
            return match.group("about").strip(" ,:;"), match.group("event").strip(" ,:;")
    return None


def keyboard(text: str) -> str:
    """Text with its superscript and subscript digits, its minus signs and its micro signs,
    written as a keyboard writes them: a unit a pack spells 'm³/s', 'km²', 'a tonne of CO₂'
    or 'µg/L' is typed 'm3/s', 'km2', 'CO2' or 'ug/L', and a level of '\u22120.25%' is '-0.25%'.

    Examples
    --------
    >>> keyboard("20 m\u00b3/s over 40 km\u00b2 of CO\u2082"), keyboard("to \u22120.25%")
    ('20 m3/s over 40 km2 of CO2', 'to -0.25%')
    >>> keyboard("10 \u00b5g/L")
    '10 ug/L'
    """
    return text.translate(SUPERSCRIPTS)


def normalise(text: str) -> str:
    """Lower case, no punctuation but hyphens and dots, no leading 'what if (the)' nor
    leading article ('a', 'an'), no 'the'.

    Text with no letter (of ASCII, or of a script written without capitals, see
    :data:`~macrograph.rules.lexicon.UNSPACED`) or digit normalises to ``""``, which names
    nothing.

    Examples
    --------
    >>> normalise("What if 非洲猪瘟?"), normalise("？？"), normalise("Taux négatifs!")
    ('非洲猪瘟', '', 'taux négatifs')
    >>> normalise("So what if we double gold this weekend?")
    'double gold this weekend'
    >>> normalise("What if there's a strike at the port?")
    'strike at port'
    """
    wide = "" if text.isascii() else ACCENTED + UNSPACED  # ~4M steps to compile
    text = re.sub(rf"[^a-z0-9.%\- {wide}]+", " ", text.lower())
    text = re.sub(r"\s+", " ", text).strip()
    text = OPENING.sub("", text, count=1)
    text = re.sub(r"^an?\s+", "", text)  # 'a cold snap' names the scenario 'cold snap'
    return re.sub(r"\bthe\s+", "", text).strip()


class Name(Struct, frozen=True):
    """One name of a scenario: its id or one of its phrases, as written in the pack."""

    scenario: str
    field: str
    text: str


@functools.lru_cache(maxsize=8)
def scenario_names(pack: Pack) -> Mapping[str, tuple[Name, ...]]:
    """Every non-empty normalised name -> the scenario names giving it, in scenario id order:
    its phrases and its id, also as said with spaces for its hyphens ('cold snap'); made
    once per pack object (a question reads it up to four times), read-only.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> [(n.field, n.text) for n in scenario_names(load_pack())["boj skips"]]
    [('phrases.0', 'boj skips'), ('phrases.1', 'what if the boj skips'), ('id', 'boj-skips')]
    """
    names: dict[str, list[Name]] = {}
    for scenario in sorted(pack.scenarios.values(), key=lambda s: s.id):
        given = [(scenario.id, "id", scenario.id)]
        given += [(p, f"phrases.{i}", p) for i, p in enumerate(scenario.phrases)]
        given.append((scenario.id.replace("-", " "), "id", scenario.id))  # the id as said
        for said, field, text in given:
            key, name = normalise(said), Name(scenario.id, field, text)
            if key and name not in names.get(key, []):
                names.setdefault(key, []).append(name)
    return MappingProxyType({key: tuple(given) for key, given in names.items()})
