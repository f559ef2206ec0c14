"""``lint``'s warning where a loop of the pack grows at its rules' own sizes (through a
stock or a fading rule, which lint's gains along cycles do not read): every what-if that
reaches it is refused, though the pack loads and lints clean otherwise.

Examples
--------
>>> from macrograph.graph.synthetic import pack_of, rule
>>> inflow = rule("b_a", "b", "a", 0.1, integrate=True)  # a stock feeding its own inflow
>>> [issue] = growth_warnings(pack_of([rule("a_b", "a", "b", 0.5), inflow]))
>>> issue.obj_id, issue.field, issue.code, issue.severity
('a_b', 'magnitude', 'growing-loop', 'warning')
"""

from __future__ import annotations

from macrograph.graph.loop_growth import growing_loops
from macrograph.rules.english.forms import listed
from macrograph.rules.errors import PackIssue
from macrograph.rules.fields import period_noun
from macrograph.rules.pack import Pack

CODE = "growing-loop"


def growth_warnings(pack: Pack) -> list[PackIssue]:
    """A warning, at the first of its rules, for each set of nodes whose step grows at the
    rules' own sizes, with how fast and the ways to settle it.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> inflow = rule("b_a", "b", "a", 0.1, integrate=True)
    >>> [issue] = growth_warnings(pack_of([rule("a_b", "a", "b", 0.5), inflow]))
    >>> print(issue.message)  # doctest: +NORMALIZE_WHITESPACE
    the loop of a and b grows 5.3% a day at its rules' own sizes (a_b, b_a): every what-if
    that reaches it is refused; drain a stock it fills, let one of its rules fade (decay)
    or shrink one of its elasticities
    """
    found = []
    per = period_noun(pack.info.period)
    for loop in growing_loops(pack):
        first = loop.rules[0]
        where = pack.locate("rules", first)
        stock = any(pack.rules[r].kind == "integrate" for r in loop.rules)
        message = (
            f"the loop of {listed(loop.nodes)} grows {100 * (loop.growth - 1):.2g}% a {per} "
            f"at its rules' own sizes ({', '.join(loop.rules)}): every what-if that reaches "
            f"it is refused; {'drain a stock it fills, ' if stock else ''}let one of its "
            "rules fade (decay) or shrink one of its elasticities"
        )
        issue = PackIssue(where.file, where.line, first, "magnitude", message, "warning", CODE)
        found.append(issue)
    return found
