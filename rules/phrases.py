"""How what a user types is matched to scenario names: one normalisation, for lint and ``whatif``.

Examples
--------
>>> normalise("What if the BoJ skips?")
'boj skips'
>>> normalise("？")
''
"""

from __future__ import annotations

import re

from msgspec import Struct

from macrograph.rules.lexicon import ACCENTED, UNSPACED
from macrograph.rules.pack import Pack

SUPERSCRIPTS = str.maketrans(
    "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
    "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089\u2212\u00b5",
    "01234567890123456789-u",
)  # and the minus sign U+2212 ('−0.25%'), as a keyboard's hyphen-minus, and the micro sign
# U+00B5 ('µg/L') as the 'u' a keyboard types for it ('ug/l')

OPENING = re.compile(
    r"^(?:(?:so )?(?:what if|what happens if|what would happen if|suppose|if)\s+)?"
    r"(?:(?:we|they)\s+(?=\S))?"
)
"""How a question may open before what it asks, read without it: 'what if', 'so what happens
if', and a subject that names no one in a pack ('what if we double gold', 'they ban 5,000 bots':
the pronoun's verb is said as its command). Matched in lower case."""


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


def scenario_names(pack: Pack) -> dict[str, list[Name]]:
    """Every non-empty normalised name -> the scenario names giving it, in scenario id order:
    its phrases and its id, also as said with spaces for its hyphens ('cold snap').

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
    return names
