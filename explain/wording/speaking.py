"""Render in a pack's own vocabulary: numbers, units, region names and headings.

The filters and diagram styles read the vocabulary in use
(:func:`macrograph.rules.vocabulary.active`); every public function that renders a pack is
wrapped in :func:`speaks_pack`, which sets it to the pack's for the call.

Examples
--------
>>> from macrograph.graph.synthetic import units_pack
>>> from macrograph.rules.vocabulary import active
>>> @speaks_pack
... def suffix(pack, unit):
...     return active().unit(unit).suffix
>>> suffix(units_pack(), "gwh_day")
' GWh a day'
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import speaking, vocabulary_for

P = ParamSpec("P")
R = TypeVar("R")


def speaks_pack(func: Callable[Concatenate[Pack, P], R]) -> Callable[Concatenate[Pack, P], R]:
    """Run ``func(pack, ...)`` with ``pack``'s vocabulary in use.

    Examples
    --------
    ``units_pack`` declares a unit of its own, which the built-in vocabulary lacks:

    >>> from macrograph.graph.synthetic import units_pack
    >>> from macrograph.rules.vocabulary import active
    >>> @speaks_pack
    ... def units(pack):
    ...     return "gwh_day" in active().units
    >>> units(units_pack()), "gwh_day" in active().units
    (True, False)
    """

    @functools.wraps(func)
    def wrapper(pack: Pack, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with speaking(vocabulary_for(pack.info)):
            return func(pack, *args, **kwargs)

    return wrapper
