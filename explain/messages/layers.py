"""Turn the layers' exceptions into the one-line messages the CLI prints.

Every line is safe to print: hidden characters quoted from pack text or a command line
are shown escaped (``\\x1b``, ``\\u202e``) where the CLI prints them
(:func:`issue_line` here, the rest in :func:`macrograph.explain.cli.common.fail`).
"""

from __future__ import annotations

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
from macrograph.explain.terminal import one_line
from macrograph.rules.errors import (
    DataError,
    OverlayNotFoundError,
    PackError,
    PackIssue,
)


def issue_line(issue: PackIssue, pack_label: str) -> str:
    """``FILE:LINE: severity: id 'X', field 'Y': message``.

    The line is left out when unknown (0); a problem of the folder itself names the
    folder alone.

    Examples
    --------
    >>> issue_line(PackIssue("nodes.yaml", 4, "rate", "unit", "unknown unit"), "mypack")
    "mypack/nodes.yaml:4: error: id 'rate', field 'unit': unknown unit"
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


def explain_error_lines(error: ExplainError) -> list[str]:
    """What went wrong while writing or drawing, with the way out.

    Examples
    --------
    >>> explain_error_lines(UnknownFormatError("docx", ("md", "html")))
    ["unknown format 'docx'; use one of md, html"]
    """
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


def nothing_selected(what: str, **filters: str | None) -> str:
    """What a listing that selected nothing says instead, naming the filters given.

    Examples
    --------
    >>> nothing_selected("episodes"), nothing_selected("rules", kind="linear", region=None)
    ('the pack has no episodes', 'the pack has no rules of kind linear')
    """
    given = ", ".join(f"{name} {value}" for name, value in filters.items() if value is not None)
    return f"the pack has no {what}" + (f" of {given}" if given else "")
