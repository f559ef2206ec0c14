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

from macrograph.graph.errors import PlainWordsError
from macrograph.graph.words.changewords import shock_example
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
        ``region`` where the region named is another one: ``detail`` is the node's region
        and the one said, joined by a tab.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> in_region(units_pack(), "rate", "rises 20bp", "rate rises 20bp")
    'rises 20bp'
    """
    names = vocabulary_for(pack.info).regions
    said = {form: rid for rid, name in names.items() for form in {name.lower(), _plain(name)}}
    choices = "|".join(re.escape(s) for s in sorted(said, key=len, reverse=True) if s)
    found = re.search(rf"(?:^|\s)in\s+(?:the\s+)?({choices})(?=\s|$)", rest) if choices else None
    if found is None:
        return rest
    own = pack.nodes[node].region
    if said[found.group(1)] != own and own not in REGIONS:  # a global node is every region's
        asked = names[said[found.group(1)]]
        example = shock_example(pack, node)
        raise PlainWordsError(text, "region", node, example, f"{names.get(own, own)}\t{asked}")
    return re.sub(r"\s+", " ", rest[: found.start()] + rest[found.end() :]).strip()
