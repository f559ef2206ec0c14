"""A finding of lint at the object it is about: the file and line the pack's reader kept for
that object, with its id, the field, the message and a stable code, as an error or a warning.

Examples
--------
>>> from macrograph.graph.synthetic import slump_pack
>>> issue = warning_at(slump_pack(), "nodes", "b", "unit", "is in no unit", "W000")
>>> issue.file, issue.obj_id, issue.field, issue.severity, issue.code
('<synthetic>', 'b', 'unit', 'warning', 'W000')
"""

from __future__ import annotations

from macrograph.rules.errors import PackIssue
from macrograph.rules.pack import Pack


def issue_at(
    pack: Pack, section: str, obj_id: str, field: str, message: str, code: str, severity: str
) -> PackIssue:
    """A finding of ``severity`` on ``obj_id`` of ``section``, at the line it was read from.

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> issue_at(slump_pack(), "nodes", "a", "label", "says nothing", "E000", "error").line
    0
    """
    where = pack.locate(section, obj_id)
    return PackIssue(where.file, where.line, obj_id, field, message, severity, code)


def error_at(
    pack: Pack, section: str, obj_id: str, field: str, message: str, code: str
) -> PackIssue:
    """An error on ``obj_id`` of ``section`` (:func:`issue_at`).

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> error_at(slump_pack(), "nodes", "a", "label", "says nothing", "E000").severity
    'error'
    """
    return issue_at(pack, section, obj_id, field, message, code, "error")


def warning_at(
    pack: Pack, section: str, obj_id: str, field: str, message: str, code: str
) -> PackIssue:
    """A warning on ``obj_id`` of ``section`` (:func:`issue_at`).

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> warning_at(slump_pack(), "nodes", "a", "label", "says little", "W000").message
    'says little'
    """
    return issue_at(pack, section, obj_id, field, message, code, "warning")
