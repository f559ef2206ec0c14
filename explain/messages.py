"""Turn the layers' exceptions into the one-line messages the CLI prints."""

from __future__ import annotations

from pathlib import Path

from macrograph.explain.errors import (
    DotFailedError,
    DotMissingError,
    ExplainError,
    TemplateProblem,
    UnknownFormatError,
)
from macrograph.graph.errors import (
    DivergenceError,
    GraphError,
    HorizonError,
    ShockSyntaxError,
    UnknownNodeError,
    UnknownScenarioError,
)
from macrograph.rules.errors import PackError, PackIssue


def issue_line(issue: PackIssue, pack_label: str) -> str:
    """``FILE:LINE: severity: id 'X', field 'Y': message``.

    The line is left out when unknown (0); a problem of the folder itself names the
    folder alone.

    Examples
    --------
    >>> issue_line(PackIssue("nodes.yaml", 4, "usd_jpy", "unit", "unknown unit"), "mypack")
    "mypack/nodes.yaml:4: error: id 'usd_jpy', field 'unit': unknown unit"
    >>> issue_line(PackIssue("", 0, "", "", "pack folder not found"), "mypack")
    'mypack: error: pack folder not found'
    """
    where = pack_label
    if issue.file:
        where = issue.file if Path(issue.file).is_absolute() else f"{pack_label}/{issue.file}"
    if issue.line > 0:
        where = f"{where}:{issue.line}"
    parts = []
    if issue.obj_id:
        parts.append(f"id '{issue.obj_id}'")
    if issue.field:
        parts.append(f"field '{issue.field}'")
    subject = ", ".join(parts)
    subject = f"{subject}: " if subject else ""
    message = " ".join(issue.message.split())  # one line, whatever the message holds
    return f"{where}: {issue.severity}: {subject}{message}"


def pack_error_lines(error: PackError, pack_label: str) -> list[str]:
    """One line per problem of a pack that failed to load, sorted by file and line.

    Examples
    --------
    >>> issues = [PackIssue("b.yaml", 2, "", "", "two"), PackIssue("a.yaml", 9, "", "", "one")]
    >>> pack_error_lines(PackError(issues), "p")
    ['p/a.yaml:9: error: one', 'p/b.yaml:2: error: two']
    """
    return [issue_line(issue, pack_label) for issue in sorted(error.issues)]


def alternatives(names: list[str]) -> str:
    """Quoted names joined with commas and a final 'or'.

    Examples
    --------
    >>> alternatives(["a", "b", "c"])
    "'a', 'b' or 'c'"
    """
    quoted = [repr(n) for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def explain_error_lines(error: ExplainError) -> list[str]:
    """What went wrong while writing or drawing, with the way out."""
    if isinstance(error, DotMissingError):
        return [
            f"Graphviz 'dot' is not installed, so {error.fmt} output cannot be made; "
            "install it with 'apt-get install graphviz' (or write .dot output instead)"
        ]
    if isinstance(error, DotFailedError):
        why = "timed out" if error.timed_out else "failed"
        return [f"Graphviz 'dot' {why} making {error.fmt}: {error.detail}"]
    if isinstance(error, UnknownFormatError):
        return [f"unknown format {error.given!r}; use one of {', '.join(error.allowed)}"]
    if isinstance(error, TemplateProblem):
        where = f"{error.template}:{error.line}" if error.line else error.template
        return [f"template {where}: {error.detail}"]
    return [str(error)]


def graph_error_lines(error: GraphError) -> list[str]:
    """What went wrong with a question asked of the graph, with the way out."""
    if isinstance(error, UnknownScenarioError):
        lines = [f"no scenario matches {error.text!r}"]
        if error.suggestions:
            lines.append(f"did you mean {alternatives(error.suggestions)}?")
        lines.append("accepted forms: " + "; ".join(error.forms))
        lines.append("list them with: macrograph list scenarios")
        return lines
    if isinstance(error, UnknownNodeError):
        hint = f"; did you mean {alternatives(error.suggestions)}?" if error.suggestions else ""
        return [f"unknown node {error.node!r}{hint} (list them with: macrograph list nodes)"]
    if isinstance(error, DivergenceError):
        loop = " -> ".join([*error.nodes, error.nodes[0]])
        fix = "narrow the range of" if error.draws else "shrink"
        return [
            f"the loop {loop} diverges{error.scope} (loop gain {error.gain:.3g}, the spectral "
            f"radius of its rules; 1 or more grows without bound) at period {error.period}: "
            f"{fix} one of its elasticities or give one of its rules a lag"
        ]
    if isinstance(error, ShockSyntaxError):
        return [f"cannot read --shock {error.text!r}: {error.reason} (e.g. NODE=+20bp)"]
    if isinstance(error, HorizonError):
        return [f"not a horizon: {error.text!r} (use durations such as 1d,1w,1m,3m)"]
    return [str(error)]
