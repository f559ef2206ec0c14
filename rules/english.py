"""English verb forms shared by the question reader (:mod:`macrograph.graph.words.naming`) and
the prose (:mod:`macrograph.explain.grammar`): a verb for a singular subject and for a
plural one; and a fraction said in words ('a third').

Examples
--------
>>> third_person("reach"), base_form("reaches")
('reaches', 'reach')
"""

from __future__ import annotations

import re

IRREGULAR = {
    "is": "are",
    "was": "were",
    "has": "have",
    "does": "do",
    "its": "their",
    "it": "they",
    "itself": "themselves",
}
"""Words whose plural form is no rule's: a verb's (is, has) and a pronoun's (its, it)."""


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
    """
    if verb in IRREGULAR:
        return IRREGULAR[verb]
    if re.search(r"[^aeiou]ies$", verb) and len(verb) > 4:
        return verb[:-3] + "y"
    if re.search(r"(ss|sh|ch|x|z|o)es$", verb):
        return verb[:-2]
    return verb[:-1] if verb.endswith("s") and not verb.endswith("ss") else verb


def after_one(suffix: str) -> str:
    """A spaced suffix as it reads after 1: "1 pt", "1 dose a day", not "1 pts".

    Examples
    --------
    >>> after_one(" workers a week"), after_one(" hm³"), after_one("bn"), after_one(" m³/s")
    (' worker a week', ' hm³', 'bn', ' m³/s')
    """
    first, _, rest = suffix.strip().partition(" ")
    plural = first.isalpha() and len(first) > 2 and first.endswith("s") and first[-2] != "s"
    if suffix.startswith(" ") and plural:  # a word ('units'), not a symbol ('m³/s')
        return f" {first[:-1]} {rest}".rstrip()
    return suffix


COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4}
PARTS = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "tenth": 10}
FRACTION = re.compile(
    rf"(?:({'|'.join(COUNTS)})\s+)?(half|(?:{'|'.join(p for p in PARTS if p != 'half')})s?)"
)


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
    count, part = COUNTS[match.group(1) or "a"], match.group(2)
    if match.group(1) is None and part != "half":
        return None
    value = count / PARTS[part.removesuffix("s")]
    return value if value < 1 and part.endswith("s") == (count > 1) else None
