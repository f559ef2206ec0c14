"""Lint checks of the pack's prose as the documents read it.

A rule's ``because`` is read after the word "because" and ends the sentence: "... which
raises Y, because <because>." A ``because`` that opens with a joining word ("and alpha2 =
0.4 of ...") or ends with its own full stop reads wrong wherever it is told.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from macrograph.rules.errors import PackIssue
from macrograph.rules.pack import Pack

# Words that cannot follow "because": they join a clause to one before it.
JOINING = ("and", "but", "or", "nor", "so", "yet", "because", "since", "then", "which")


def because_problem(text: str) -> str | None:
    """What reads wrong in a ``because`` read after "because", or None.

    Examples
    --------
    >>> because_problem("and a share of last year's money")
    "starts with 'and': it is read after 'because'"
    >>> because_problem("prices rise."), because_problem("prices rise") is None
    ("ends with '.': the sentence it is told in ends it", True)
    """
    first = re.match(r"\s*(\w+)", text)
    if first and first.group(1).lower() in JOINING:
        return f"starts with '{first.group(1)}': it is read after 'because'"
    if text.rstrip().endswith("."):
        return "ends with '.': the sentence it is told in ends it"
    return None


def check_because(pack: Pack) -> list[PackIssue]:
    """A rule's ``because`` reads after "because", as the sentence's last clause."""
    found = []
    for rule in pack.rules.values():
        problem = because_problem(rule.because)
        if problem is not None:
            where = pack.locate("rules", rule.id)
            found.append(
                PackIssue(
                    where.file, where.line, rule.id, "because", problem, "warning", "because-reads"
                )
            )
    return found


PROSE_CHECKS: tuple[Callable[[Pack], list[PackIssue]], ...] = (check_because,)
