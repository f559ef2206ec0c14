"""Turn the layers' exceptions into the one-line messages the CLI prints.

Every line is safe to print: hidden characters quoted from pack text or a command line
are shown escaped (``\\x1b``, ``\\u202e``) where the CLI prints them
(:func:`issue_line` here, the rest in :func:`macrograph.explain.cli.common.fail`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from macrograph.explain import terminal
from macrograph.explain.errors import (
    BrowserMissingError,
    DotFailedError,
    DotMissingError,
    ExplainError,
    FormatConflictError,
    OutputError,
    PackWriteError,
    PdfFailedError,
    TemplateProblem,
    UnknownFormatError,
)
from macrograph.explain.filters import day
from macrograph.explain.terminal import one_line, pasted
from macrograph.graph.errors import (
    AmbiguousScenarioError,
    DateRangeError,
    DivergenceError,
    GraphError,
    HorizonError,
    LevelBoundError,
    MagnitudeError,
    OptionError,
    PlainWordsError,
    PricedError,
    ShockSpecError,
    ShockSyntaxError,
    SizeConvertedError,
    SizeMeasureError,
    SizeMisspeltError,
    SizeUnitError,
    UnknownEpisodeError,
    UnknownNodeError,
    UnknownScenarioError,
)
from macrograph.rules.durations import nearest_whole
from macrograph.rules.english import plain
from macrograph.rules.errors import (
    DataError,
    OverlayNotFoundError,
    PackError,
    PackIssue,
)
from macrograph.rules.fields import period_noun


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

    Hidden characters (a control or bidirectional character quoted from the pack) are
    shown escaped (:func:`macrograph.explain.terminal.one_line`):

    >>> issue_line(PackIssue("n.yaml", 2, "x", "label", "bad 'a\\x1b[2J'"), "p")
    "p/n.yaml:2: error: id 'x', field 'label': bad 'a\\\\x1b[2J'"
    """
    where = pack_label
    if issue.file:
        where = issue.file if Path(issue.file).is_absolute() else f"{pack_label}/{issue.file}"
    if issue.line > 0:
        where = f"{where}:{issue.line}"
    parts = []
    if issue.obj_id:
        parts.append(f"id '{terminal.clipped(issue.obj_id)}'")
    if issue.field:
        parts.append(f"field '{terminal.clipped(issue.field)}'")
    subject = ", ".join(parts)
    subject = f"{subject}: " if subject else ""
    message = " ".join(issue.message.split())  # one line, whatever the message holds
    return one_line(f"{where}: {issue.severity}: {subject}{message}")


def pack_error_lines(error: PackError, pack_label: str) -> list[str]:
    """One line per problem of a pack that failed to load, sorted by file and line.

    Examples
    --------
    >>> issues = [PackIssue("b.yaml", 2, "", "", "two"), PackIssue("a.yaml", 9, "", "", "one")]
    >>> pack_error_lines(PackError(issues), "p")
    ['p/a.yaml:9: error: one', 'p/b.yaml:2: error: two']
    """
    if isinstance(error, OverlayNotFoundError):
        return [overlay_missing_line(error)]
    return [issue_line(issue, pack_label) for issue in sorted(error.issues)]


def data_error_line(error: DataError, pack_label: str) -> str:
    """One line for a data file that cannot be read, or a window the data lack.

    Examples
    --------
    >>> data_error_line(DataError("data/x.csv", 4, "x", "'n/a' is not a number"), "p")
    "p/data/x.csv:4: series x: 'n/a' is not a number"
    """
    where = f"{pack_label}/{error.file}" if error.file else pack_label
    line = f":{error.line}" if error.line else ""
    return f"{where}{line}: series {error.series}: {error.message}"


def overlay_missing_line(error: OverlayNotFoundError) -> str:
    """An overlay that is not there: as given, where it was looked for, and what there is.

    Examples
    --------
    >>> overlay_missing_line(OverlayNotFoundError("sub/x.yaml", ("/w/sub/x.yaml",), ()))
    'cannot read overlay sub/x.yaml: no such file (looked for /w/sub/x.yaml)'
    >>> print(overlay_missing_line(OverlayNotFoundError(
    ...     "nosuch", ("/p/overlays/nosuch.yaml", "/w/nosuch"), ("article",))))
    cannot read overlay nosuch: the pack has no overlay of that name and there is no such \
file (looked for /p/overlays/nosuch.yaml and /w/nosuch); the pack's overlays: article
    """
    given, looked = one_line(error.given), " and ".join(error.looked)
    found = " and ".join(f"{path} is {what}" for path, what in error.unreadable)  # not a file
    if not error.named:
        return f"cannot read overlay {given}: {found or f'no such file (looked for {looked})'}"
    held = ", ".join(error.available) if error.available else "none"
    why = found or f"there is no such file (looked for {looked})"
    return (
        f"cannot read overlay {given}: the pack has no overlay of that name and {why}; "
        f"the pack's overlays: {held}"
    )


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
    if isinstance(error, PackWriteError):
        return [
            f"{error.file}:{error.line}: rule {error.rule}: cannot write the fit: {error.detail}"
        ]
    if isinstance(error, DotMissingError):
        return [
            f"Graphviz 'dot' is not installed, so {error.fmt} output cannot be made; "
            "install it with 'apt-get install graphviz' (or write .dot output instead)"
        ]
    if isinstance(error, DotFailedError):
        why = "timed out" if error.timed_out else "failed"
        return [f"Graphviz 'dot' {why} making {error.fmt}: {error.detail}"]
    if isinstance(error, UnknownFormatError):
        return [f"unknown {error.what} {error.given!r}; use one of {', '.join(error.allowed)}"]
    if isinstance(error, FormatConflictError):
        return [
            f"-o {one_line(error.output)} names {error.named} output but --format is "
            f"{error.given}; drop one or make them agree"
        ]
    if isinstance(error, OutputError):
        return [output_error_line(error)]
    if isinstance(error, TemplateProblem):
        where = f"{error.template}:{error.line}" if error.line else error.template
        return [f"template {where}: {error.detail}"]
    if isinstance(error, BrowserMissingError):
        return [browser_missing_line(error)]
    if isinstance(error, PdfFailedError):
        return [f"Chromium could not print the PDF: {error.detail}"]
    return [str(error)]


def browser_missing_line(error: BrowserMissingError) -> str:
    """What a PDF lacks, and how to get it (nothing is ever downloaded by macrograph).

    Examples
    --------
    >>> browser_missing_line(BrowserMissingError("playwright"))[:56]
    "a PDF needs Playwright for Python: pip install 'macrogra"
    """
    if error.missing == "playwright":
        return (
            "a PDF needs Playwright for Python: pip install 'macrograph[pdf]' "
            "(it drives the system's Chromium; no browser is downloaded)"
        )
    looked = ", ".join(error.looked)
    return (
        f"a PDF needs Chromium, and none was found ({looked}); install it with "
        "'apt-get install chromium', or set MACROGRAPH_CHROMIUM to a Chromium binary, "
        "or write .html and print that"
    )


_OUTPUT_PROBLEMS = {
    "is_folder": "{path} is a folder",
    "no_folder": "the folder {folder} does not exist",
    "not_folder": "{folder} is not a folder",
    "folder_read_only": "the folder {folder} is not writable",
    "read_only": "{path} is not writable",
    "not_a_folder": "{path} is not a folder",
    "twice": "it would be written twice (also as {folder})",
    "also_folder": "it is also a folder to write into ({folder})",
    "empty": "the path is empty",
    "pack_file": "it is, or would become, a file of the pack ({folder}); write it elsewhere",
}


def output_error_line(error: OutputError) -> str:
    """``cannot write PATH: why``, naming the path as the user gave it.

    Examples
    --------
    >>> output_error_line(OutputError("out/x.json", "no_folder", folder="out"))
    'cannot write out/x.json: the folder out does not exist'
    >>> output_error_line(OutputError("/dev/full", "failed", "No space left on device"))
    'cannot write /dev/full: No space left on device'
    """
    why = _OUTPUT_PROBLEMS.get(error.problem, "{detail}")
    return f"cannot write {error.path or repr('')}: " + why.format(
        path=error.path, folder=error.folder, detail=error.detail or "failed"
    )


def magnitude_line(error: MagnitudeError) -> str:
    """A rule or shock too large for a run: what, where, and what to change.

    Examples
    --------
    >>> magnitude_line(MagnitudeError("r1", "fx", "magnitude.range", 1e308, -1, 1e12))
    "rule 'r1' (into fx), field 'magnitude.range': 1e+308 is too large: the run's values \
would pass 1e+12 or stop being finite; narrow it"
    """
    when = f" at period {error.period}" if error.period >= 0 else ""
    overflow = f"the run's values would pass {error.limit:g} or stop being finite{when}"
    tail = f"{error.value:g} is too large: {overflow}"
    if error.rule:
        return f"rule {error.rule!r} (into {error.node}), field {error.field!r}: {tail}; narrow it"
    if error.node:
        return f"the shock on {error.node}, field {error.field!r}: {tail}; give it a smaller size"
    return overflow


def graph_error_lines(error: GraphError) -> list[str]:
    """What went wrong with a question asked of the graph, with the way out."""
    if isinstance(error, UnknownScenarioError):
        lines = [f"no scenario matches {error.text!r}"]
        if error.unknown:
            lines.append(unknown_line(error))
        if error.suggestions:
            lines.append(f"did you mean {alternatives(error.suggestions)}?")
        lines.append("accepted forms: " + "; ".join(error.forms))
        if error.example:
            lines.append(shock_line(error.example))
        lines.append("list them with: macrograph list scenarios")
        return lines
    if isinstance(error, PlainWordsError):
        return [plain_words_line(error), shock_line(error.example)]
    if isinstance(error, SizeUnitError):
        return size_unit_lines(error)
    if isinstance(error, LevelBoundError):
        past = "below" if error.side == "floor" else "above"
        said, bound = error.shown
        return [
            f"cannot run {error.text!r}: {said} is {past} the {error.side} of {error.node}, "
            f"{bound}: no level of it lies there"
        ]
    if isinstance(error, AmbiguousScenarioError):
        return [
            f"{error.text!r} names more than one scenario: {alternatives(error.candidates)}",
            "give the scenario id instead (list them with: macrograph list scenarios)",
        ]
    if isinstance(error, (ShockSpecError, OptionError)):
        return [str(error)]
    if isinstance(error, (UnknownNodeError, UnknownEpisodeError)):
        what, name = (
            ("node", error.node)
            if isinstance(error, UnknownNodeError)
            else ("episode", error.episode)
        )
        hint = f"; did you mean {alternatives(error.suggestions)}?" if error.suggestions else ""
        return [f"unknown {what} {name!r}{hint} (list them with: macrograph list {what}s)"]
    if isinstance(error, DivergenceError):
        loop = " -> ".join([*error.nodes, error.nodes[0]])
        fix = "narrow the range of" if error.draws else "shrink"
        per = period_noun(error.step)  # the pack's own: 'a week'
        when = f"{day(error.day)}" if error.day is not None else f"period {error.period}"
        if error.kind == "system":
            return [
                f"the system of {', '.join(error.nodes)} grows{error.scope} (by up to "
                f"{100 * (error.gain - 1):.2g}% a {per}, the spectral radius of its step "
                f"less 1) from {when}: {fix} one of its elasticities"
            ]
        return [
            f"the loop {loop} diverges{error.scope} (loop gain {error.gain:.3g}, the spectral "
            f"radius of its rules; 1 or more grows without bound) "
            f"{'on' if error.day is not None else 'at'} {when}: "
            f"{fix} one of its elasticities or give one of its rules a lag"
        ]
    if isinstance(error, MagnitudeError):
        return [magnitude_line(error)]
    if isinstance(error, DateRangeError):
        return [
            f"scenario {error.scenario!r}: {error.horizon} after {error.day} runs past the "
            "last date the calendar holds (9999-12-31); use earlier dates or shorter horizons"
        ]
    if isinstance(error, PricedError):
        return [priced_line(error)]
    if isinstance(error, ShockSyntaxError):
        example = " for a change, or NODE@LEVEL for a level" if error.form else ""
        return [f"cannot read --shock {error.text!r}: {error.reason}{example}"]
    if isinstance(error, HorizonError) and error.period:
        return [
            f"not a horizon: {error.text!r} is not a whole number of the pack's periods"
            f" ({error.period}); the nearest is {nearest_whole(error.text, error.period)}"
        ]
    if isinstance(error, HorizonError) and error.reason:
        return [f"not a horizon: {error.text!r}: {error.reason}"]
    if isinstance(error, HorizonError):
        return [f"not a horizon: {error.text!r} (use durations such as 1d,1w,1m,3m)"]
    return [str(error)]


def unknown_line(error: UnknownScenarioError) -> str:
    """What the pack has in place of a subject it does not know.

    Examples
    --------
    >>> from macrograph.graph.errors import Unknown
    >>> subject = Unknown("ECB", "policy", (("a_rate", "A rate"), ("b_rate", "B rate")))
    >>> unknown_line(UnknownScenarioError("ECB cuts", [], [], "", subject))
    'the pack has no ECB; its policy nodes are A rate (a_rate) and B rate (b_rate)'
    """
    what = "policy nodes" if error.known_kind == "policy" else error.known_name or "nodes"
    named = [f"{label} ({node})" for node, label in error.known]
    if not named:
        return f"the pack has no {error.unknown}; list its nodes with: macrograph list nodes"
    listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    return f"the pack has no {error.unknown}; its {what} are {listed}"


def priced_line(error: PricedError) -> str:
    """Why ``--priced`` cannot be applied.

    Examples
    --------
    >>> priced_line(PricedError("0.9", "none", ["rate"]))
    '--priced 0.9 goes with a --shock on a policy node (rate) that does not give its own odds'
    """
    nodes = ", ".join(error.nodes) or "none in this pack"
    if error.problem == "value":
        return (
            f"cannot read --priced {error.text!r}: give the odds markets had put on the "
            "decision, from 0 to 1 (0.9 or 90%)"
        )
    if error.problem == "several":
        return (
            f"--priced {error.text} fits one decision, and several --shock are decisions; "
            "give each its own odds as NODE=CHANGE,priced=P"
        )
    return (
        f"--priced {error.text} goes with a --shock on a policy node ({nodes}) that does "
        "not give its own odds"
    )


def shock_line(example: str) -> str:
    """How to state the move itself, with a ``--shock`` built from the pack.

    Examples
    --------
    >>> shock_line("rate=+3bp")
    'or state the move itself: --shock rate=+3bp (a change) or --shock NODE@LEVEL (a level)'
    """
    shown = pasted(example)
    return f"or state the move itself: --shock {shown} (a change) or --shock NODE@LEVEL (a level)"


def plain_words_line(error: PlainWordsError) -> str:
    """Why words that name a node cannot be run as said.

    Examples
    --------
    >>> plain_words_line(PlainWordsError("fx rises", "no_size", "fx", "fx=+1%"))
    "cannot run 'fx rises': it says which way fx moves but not how far; add a size"
    """
    head = f"cannot run {error.text!r}: "
    if error.problem == "no_size":
        return head + f"it says which way {error.node} moves but not how far; add a size"
    if error.problem == "no_decision":
        return head + f"{error.node} has no decision in the default scenario to change"
    if error.problem == "no_baseline":
        return head + f"{error.node} has no baseline level to set a level against; give a change"
    if error.problem == "date":
        on = " or ".join(day(date.fromisoformat(d)) for d in error.dates)
        return head + (
            f"{error.node} has no event in or on {error.detail}; its event is on {on}"
            " (leave the date out or give that one)"
        )
    if error.problem == "default":
        return head + (
            f"{error.node} ({error.detail}) is the pack's default scenario, the one a what-if "
            f"is answered against; ask '{error.node}' to see what it does against no shocks, "
            "or undo it on top of itself"
        )
    if error.problem == "signs":
        verb, sign = error.detail.split(" ")
        return head + (
            f"{verb!r} and the size's {sign!r} say opposite ways; give the way once "
            f"('{error.node} {verb} N', or a signed change of {error.node} itself)"
        )
    name = error.detail or error.node
    other = f"{name!r} names {error.node} the other way round ({name} up is {error.node} down)"
    if error.problem == "whole":  # a fall of all of it: no level of the node is that far
        return head + f"{other}, and a fall of all of {name} or more is no move of it"
    return head + (
        f"{other}, so a signed size on it would be misread; say '{name} rises N' or "
        f"'{name} falls N', or give the change of {error.node} itself"
    )


def size_unit_lines(error: SizeUnitError) -> list[str]:
    """A size whose unit is missing or does not apply, with the ways to write it.

    Examples
    --------
    >>> size_unit_lines(SizeUnitError("r=+20", "r", "pct", 20.0, "", ["+20bp", "+0.20pp"]))[0]
    "cannot read 'r=+20': the size 20 has no unit and r is in pct; write '+20bp' or '+0.20pp'"
    """
    head = f"cannot read {error.text!r}: "
    choices = alternatives(error.choices)
    offered = f"e.g. --shock {pasted(f'{error.node}={error.choices[0]}')}"
    if error.level:
        why = f"'{error.given}' is not a unit of a level of {error.node} ({error.unit})"
        return [head + f"{why}; write {error.node}@{error.choices[0]} (in its own unit)"]
    if isinstance(error, SizeConvertedError):  # the same size in the node's own unit
        why = f"{plain(abs(error.value))} {error.given} is {error.choices[0].lstrip('+-')}"
        return [head + f"{why}: write {choices}", offered]
    if isinstance(error, SizeMisspeltError):  # the size read with the word it most likely meant
        why = f"'{error.given}' is no unit; did you mean '{error.value:g} {error.meant}'?"
        return [head + f"{why} That is {choices} on {error.node} ({error.unit})", offered]
    if isinstance(error, SizeMeasureError):  # no number offered as if it were converted
        why = f"'{error.given}' does not apply to {error.node} ({error.unit}) and is not converted"
        return [head + f"{why}; write the size in its own unit, e.g. {choices}", offered]
    if error.given:
        why = f"'{error.given}' does not apply to {error.node} ({error.unit})"
    else:
        why = f"the size {plain(error.value)} has no unit and {error.node} is in {error.unit}"
    return [head + f"{why}; write {choices}", offered]


def nothing_selected(what: str, **filters: str | None) -> str:
    """What a listing that selected nothing says instead, naming the filters given.

    Examples
    --------
    >>> nothing_selected("episodes"), nothing_selected("rules", kind="linear", region=None)
    ('the pack has no episodes', 'the pack has no rules of kind linear')
    """
    given = ", ".join(f"{name} {value}" for name, value in filters.items() if value is not None)
    return f"the pack has no {what}" + (f" of {given}" if given else "")
