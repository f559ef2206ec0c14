"""Horizons as a pack or a command line gives them: durations, and ranges of them.

A range ``FROM..TO/STEP`` is every duration from FROM to TO in steps of STEP, the three in
one unit: ``0d..240d/1d`` is 0d, 1d, ..., 240d; ``1m..12m/3m`` is 1m, 4m, 7m, 10m. Without
``/STEP`` the step is one of the unit. A range is counted before it is expanded, so that
``0d..999999999d`` is refused at once (:data:`~macrograph.rules.limits.MAX_HORIZONS`).

Examples
--------
>>> expand(("1d", "1w..3w/1w", "3m"))
('1d', '1w', '2w', '3w', '3m')
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from macrograph.rules import limits

RANGE = re.compile(r"([0-9]{1,9})([dwmqy])\.\.([0-9]{1,9})([dwmqy])(?:/([0-9]{1,9})([dwmqy]))?")
RANGE_FORM = "a range reads FROM..TO/STEP in one unit, e.g. 0d..240d/1d"


class RangeError(ValueError):
    """A range of horizons that cannot be expanded; ``text`` is the range, ``reason`` why."""

    def __init__(self, text: str, reason: str) -> None:
        self.text, self.reason = text, reason
        super().__init__(f"not a horizon: {text!r}: {reason}")


def is_range(text: str) -> bool:
    """Whether ``text`` is written as a range (``..``), well formed or not.

    Examples
    --------
    >>> is_range("0d..240d/1d"), is_range("1m..3d"), is_range("3m")
    (True, True, False)
    """
    return ".." in text


def expand(texts: Sequence[str]) -> tuple[str, ...]:
    """``texts`` with every range replaced by the durations it stands for, in order.

    Raises
    ------
    RangeError
        On a range that is not ``FROM..TO/STEP`` in one unit with TO at least FROM and a
        step over zero.
    ValueError
        When there are more than :data:`~macrograph.rules.limits.MAX_HORIZONS` in all.

    Examples
    --------
    >>> expand(("0d..2d", "1m..12m/3m"))
    ('0d', '1d', '2d', '1m', '4m', '7m', '10m')
    >>> try:
    ...     expand(("1m..3d",))
    ... except RangeError as err:
    ...     err.reason
    "a range's FROM, TO and STEP take one unit, e.g. 0d..240d/1d"
    """
    found: list[str] = []
    for text in texts:
        if not is_range(text):
            found.append(text)
        else:
            start, stop, step, unit = _bounds(text)
            _check_count(len(found) + (stop - start) // step + 1)
            found.extend(f"{n}{unit}" for n in range(start, stop + 1, step))
    _check_count(len(found))
    return tuple(found)


def _bounds(text: str) -> tuple[int, int, int, str]:
    match = RANGE.fullmatch(text.strip())
    if match is None:
        raise RangeError(text, RANGE_FORM)
    start, unit, stop, to_unit, step, step_unit = match.groups()
    if {unit, to_unit, step_unit or unit} != {unit}:
        raise RangeError(text, "a range's FROM, TO and STEP take one unit, e.g. 0d..240d/1d")
    if int(stop) < int(start) or int(step or 1) == 0:
        raise RangeError(text, "a range's TO must be at least its FROM, and its STEP over zero")
    return int(start), int(stop), int(step or 1), unit


def _check_count(count: int) -> None:
    if count > limits.MAX_HORIZONS:
        raise ValueError(f"{count} horizons; the limit is {limits.MAX_HORIZONS}")
