"""A region said in a question ('unemployment rises 0.5pp in Canada'): read past where it
is the named node's own region, refused by name where the node is another region's.

Examples
--------
>>> from macrograph.graph.synthetic import units_pack
>>> in_region(units_pack(), "rate", "rises 20bp in global", "rate rises 20bp in global")
'rises 20bp'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from macrograph.graph.errors import PlainWordsError
from macrograph.graph.words.changewords import shock_example
from macrograph.graph.words.units.prefixes import as_typed
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import REGIONS, vocabulary_for


def _plain(text: str) -> str:
    """``text`` in lower case without its accents ('québec': 'quebec')."""
    spelt = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in spelt if not unicodedata.combining(c))


def in_region(pack: Pack, node: str, rest: str, text: str) -> str:
    """``rest`` without an 'in <region>' that names the pack region ``node`` is in (any
    region, for a node of the built-in region that spans them all), by its name, with or
    without its accents; as it is when it names no region of the pack.

    Raises
    ------
    PlainWordsError
        ``region`` where the region named is another one: ``detail`` is the node's region,
        the one said, the words that said it and the ids of that region's nodes in the same
        unit (joined by commas), joined by tabs.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> in_region(units_pack(), "rate", "rises 20bp", "rate rises 20bp")
    'rises 20bp'
    """
    names = vocabulary_for(pack.info).regions
    said = region_forms(names)
    choices = "|".join(re.escape(s) for s in sorted(said, key=len, reverse=True) if s)
    found = re.search(rf"(?:^|\s)in\s+(?:the\s+)?({choices})(?=\s|$)", rest) if choices else None
    if found is None:
        return rest
    own = pack.nodes[node].region
    if said[found.group(1)] != own and own not in REGIONS:  # a global node is every region's
        there = said[found.group(1)]
        unit = pack.nodes[node].unit  # the nodes of the region said that count the same
        alike = ",".join(
            sorted(n.id for n in pack.nodes.values() if (n.region, n.unit) == (there, unit))
        )
        example = shock_example(pack, node)
        said_in = as_typed(text, f"in {found.group(1)}")  # 'in Milan', as the question writes
        typed = said_in if said_in != f"in {found.group(1)}" else as_typed(text, found.group(1))
        detail = f"{names.get(own, own)}\t{names[there]}\t{typed}\t{alike}"
        raise PlainWordsError(text, "region", node, example, detail)
    return re.sub(r"\s+", " ", rest[: found.start()] + rest[found.end() :]).strip()


def region_forms(names: Mapping[str, str]) -> dict[str, str]:
    """The ways a question names each region (by id), in lower case, with or without its
    accents: its whole name; each part of it between parentheses, commas, slashes and
    'and' ('Lombardy' and 'Milan' of 'Lombardy (Milan)'); and each capitalised word of four
    letters or more that no other region's name holds ('Bavaria' of 'Bavaria South').

    Examples
    --------
    >>> forms = region_forms({"n": "Lombardy and Veneto (Milan, Verona)", "s": "Rome Capital"})
    >>> forms["veneto"], forms["verona"], forms["rome"], forms["rome capital"]
    ('n', 'n', 's', 's')
    >>> "capital" in forms, "and" in forms
    (True, False)
    >>> region_forms({"d": "The district"})["district"]  # a name with its article, without
    'd'
    """
    found: dict[str, set[str]] = {}
    for rid, name in names.items():
        parts = {name, *re.split(r"\s*(?:[(),/;]|\band\b)\s*", name)}
        words = {w for w in re.findall(r"[^\W\d_]{4,}", name) if w[:1].isupper()}
        for form in {*parts, *words}:
            for spelt in {form.strip().lower(), _plain(form.strip())} - {""}:
                found.setdefault(spelt, set()).add(rid)
                # 'the district' is also 'district', as 'in the district' reads it
                bare = spelt.removeprefix("the ").strip()
                found.setdefault(bare or spelt, set()).add(rid)
    return {form: rids.pop() for form, rids in found.items() if len(rids) == 1}


def region_said(pack: Pack, clause: str) -> tuple[str, str] | None:
    """``clause`` without the 'in <region>' or 'across <region>' it ends with, and that
    region's id ('a cold front in the north' of a region 'The north'); None where it ends
    with no region of the pack.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> region_said(units_pack(), "a storm in global"), region_said(units_pack(), "a storm")
    (('a storm', 'global'), None)
    """
    said = region_forms(vocabulary_for(pack.info).regions)
    choices = "|".join(re.escape(s) for s in sorted(said, key=len, reverse=True) if s)
    where = rf"\s+(?:in|across)\s+(?:the\s+)?({choices})\s*$"
    found = re.search(where, clause.lower()) if choices else None
    return (clause[: found.start()].strip(), said[found.group(1)]) if found else None
