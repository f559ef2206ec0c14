"""How the loader words what a pack's field must be, and names the field it refuses.

Examples
--------
>>> item = {"lexicon": {"forms": {"gas": "gasoline", "opec": "opec+"}}}
>>> named_loc(item, ("lexicon", "forms", 1, 1)), named_loc(item, ("lexicon", "moves"))
(('lexicon', 'forms', 'opec'), ('lexicon', 'moves'))
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from macrograph.rules import models as m
from macrograph.rules.english.lexicon import PHRASE
from macrograph.rules.fields import UNITS_PATTERN

PATTERN_HINTS = {
    r"^[a-z][a-z0-9_]{0,63}$": "lower-case letters, digits and '_', starting with a letter",
    r"^[a-z0-9][a-z0-9-]{0,63}$": "lower-case letters, digits and '-'",
    r"^[A-Z][0-9]{1,3}$": "a claim id such as E1 or C05",
    m.DURATION_PATTERN: "a duration such as 0d, 5d, 1w, 1m or 3m",
    UNITS_PATTERN: "TARGET_UNIT/SOURCE_UNIT, e.g. pct/pct",
    PHRASE: (
        "a phrase in lower case: letters, digits, spaces and . - / ' & %, or a sign of money"
        " or of degrees"
    ),
}
PLAIN_TEXTS = {
    "float_type": "must be a number",
    "int_type": "must be a whole number",
    "string_type": "must be text",
    "bool_type": "must be true or false",
    "tuple_type": "must be a list",
    "model_type": "must be a mapping of fields",
    "dict_type": "must be a mapping of fields",
    "date_type": "must be a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "must be a date without a time of day",
    "string_too_short": "must not be empty",
    "too_short": "must not be empty",
}


def named_loc(item: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """The field path ``loc`` of ``item`` with an entry of a mapping that its model keeps as
    (key, value) pairs named by its key: ``forms.1.1`` of ``{"gas": ..., "opec": ...}`` is
    ``forms.opec``, as the pack writes it.

    Examples
    --------
    >>> item = {"lexicon": {"forms": {"gas": "gasoline", "opec": "opec+"}}}
    >>> named_loc(item, ("lexicon", "forms", 0, 0)), named_loc(item, ("pack", "id"))
    (('lexicon', 'forms', 'gas'), ('pack', 'id'))
    """
    named: list[Any] = []
    node, parts = item, list(loc)
    while parts:
        part = parts.pop(0)
        pair = bool(parts) and parts[0] in (0, 1)  # (key, value): not a key 7 itself
        if isinstance(node, Mapping) and pair and isinstance(part, int) and part not in node:
            key = list(node)[part] if 0 <= part < len(node) else part
            named.append(key)
            parts.pop(0)
            node = node.get(key)
            continue
        named.append(part)
        if isinstance(node, list | tuple) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = node.get(part) if isinstance(node, Mapping) else None
    return tuple(named)
