"""Lint checks of the pack's prose as the documents read it, and of the names a question
reads.

A rule's ``because`` is read after the word "because" and ends the sentence: "... which
raises Y, because <because>." A ``because`` that opens with a joining word ("and alpha2 =
0.4 of ...") or ends with its own full stop reads wrong wherever it is told.

A node is named in a question by its id, label or an alias: a name two nodes share names
the first of them alone, whatever the writer meant.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from macrograph.rules.english.phrases import normalise
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
    """A rule's ``because`` reads after "because", as the sentence's last clause.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_changed
    >>> told = slump_changed("rules", "a_to_b", because="Because a lifts b.")
    >>> [(f.obj_id, f.message) for f in check_because(told)]
    [('a_to_b', "starts with 'Because': it is read after 'because'")]
    """
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


def check_shared_names(pack: Pack) -> list[PackIssue]:
    """A node's label or alias that names another node too (as ``explain`` and ``--shock``
    read names: case, punctuation and 'the' aside).

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_changed
    >>> [f.message for f in check_shared_names(slump_changed("nodes", "b", label="A"))]
    ["'A' also names node 'a' (its id, 'a'): a question naming it means 'a'"]
    """
    nodes = sorted(pack.nodes.values(), key=lambda n: n.id)
    first = {normalise(n.id): (n.id, "id", n.id) for n in nodes}  # an id wins, then id order
    found = []
    for node in nodes:
        names = [("label", node.label)]
        names += [(f"aliases.{i}", alias) for i, alias in enumerate(node.aliases)]
        for field, text in names:
            key = normalise(text)
            other = first.setdefault(key, (node.id, field, text)) if key else None
            if other is None or other[0] == node.id:
                continue
            message = (
                f"{text!r} also names node '{other[0]}' (its {other[1]}, {other[2]!r}): "
                f"a question naming it means '{other[0]}'"
            )
            where = pack.locate("nodes", node.id)
            found.append(
                PackIssue(where.file, where.line, node.id, field, message, "warning", "shared-name")
            )
    return found


PROSE_CHECKS: tuple[Callable[[Pack], list[PackIssue]], ...] = (check_because, check_shared_names)
