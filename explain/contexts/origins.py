"""How a route's origin reads: the way its shock moves it, and whether the shock's label
already says that move.
"""

from __future__ import annotations

from macrograph.explain.contexts.base import find_shock
from macrograph.explain.filters import size
from macrograph.graph.result import Result, fired_rule


def shock_rises(result: Result, key: str) -> bool:
    """Whether the shock ``key`` moves its node up (a threshold that fired, or a key the
    result does not list, reads as up): the way a route from it starts where its origin's
    move is not listed, as when the shock is in the scenario and its comparison alike.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> shock_rises(result, "a@2025-01-06"), shock_rises(result, "b@2025-01-06")
    (False, True)
    """
    shock = None if fired_rule(key) is not None else find_shock(result, key)
    return shock is None or shock.applied is None or shock.applied >= 0


def says_its_move(label: str, moved: tuple[str, str], amount: float, unit: str) -> bool:
    """Whether a shock's ``label`` is the words a route would say of its origin: its name and
    verb and the size of ``amount`` in ``unit``, as a sentence starts them, or its label and
    the signed size, as a question's title writes them; ``moved`` is the name and verb, and
    the label ('' where a signed size does not say the move); 'falls by 50bp' says it too.

    Examples
    --------
    >>> moved, said = ("the 30-year rate falls", "30-year rate"), "The 30-year rate falls 50bp"
    >>> [says_its_move(x, moved, -0.5, "pct") for x in (said, "30-year rate -50bp", "A fall")]
    [True, True, False]
    >>> says_its_move("The 30-year rate falls by 50bp", moved, -0.5, "pct")
    True
    """
    shown = size(amount, unit, 2)
    signed = f"{moved[1]} {'-' if amount < 0 else '+'}{shown}" if moved[1] else ""
    said = (_bare(f"{moved[0]} {shown}"), _bare(f"{moved[0]} by {shown}"))  # 'falls by 3 ML'
    return _bare(label) in (*said, _bare(signed) or None)


def _bare(text: str) -> str:
    """``text`` in lower case without its article, for comparing two ways of saying it."""
    words = text.lower().split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)
