"""Turn a Digraph into DOT text or, through Graphviz's ``dot``, into SVG, PNG or PDF.

``dot`` runs in a subprocess with a timeout; its absence or failure raises
:class:`~macrograph.explain.errors.DotMissingError` or
:class:`~macrograph.explain.errors.DotFailedError`, which the CLI reports in one line.

Examples
--------
>>> import graphviz
>>> g = graphviz.Digraph(name="g")
>>> g.edge("n0", "n1")
>>> render(g, "dot").decode()
'digraph g {\\n\\tn0 -> n1\\n}\\n'
>>> format_for("chain.svg", None), format_for("-", None), format_for("x", "png")
('svg', 'dot', 'png')
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from macrograph.explain.errors import DotFailedError, DotMissingError, UnknownFormatError
from macrograph.explain.formats import DIAGRAM_FORMATS as FORMATS
from macrograph.explain.suffixes import choose_format
from macrograph.explain.textfilters import defang_markup, html_text

TIMEOUT = 60.0
PHONE_TEXT_PX = 8.0  # the smallest text a figure shows on a phone, in CSS pixels
PX_PER_PT = 4 / 3
SVG_TAG = re.compile(r"<svg\b[^>]*>")
SVG_WIDTH = re.compile(r'\bwidth="([0-9.]+)(pt|px)?"')
SVG_VIEW = re.compile(r'\bviewBox="\s*[-0-9.]+[\s,]+[-0-9.]+[\s,]+([0-9.]+)')
TEXT_SIZE = re.compile(r'font-size(?:="|:\s*)([0-9.]+)')


def render(digraph: Any, fmt: str, *, timeout: float = TIMEOUT, dpi: int | None = None) -> bytes:
    """The diagram in ``fmt``: ``dot`` (its source, no Graphviz needed), ``svg``, ``png``, ``pdf``.

    Parameters
    ----------
    digraph : graphviz.Digraph
    fmt : str
        One of :data:`FORMATS`.
    timeout : float
        Seconds ``dot`` may take before it is stopped.
    dpi : int, optional
        Resolution of PNG output (Graphviz's default is 96).

    Raises
    ------
    UnknownFormatError, DotMissingError, DotFailedError

    Examples
    --------
    >>> from macrograph.explain.diagram.build import result_for, view_diagram
    >>> from macrograph.graph.synthetic import slump_pack
    >>> pack = slump_pack()
    >>> graph = view_diagram(pack, result_for(pack, "a-slumps"), "chain")
    >>> render(graph, "dot").startswith(b"digraph")
    True
    """
    if fmt not in FORMATS:
        raise UnknownFormatError(fmt, FORMATS)
    source = str(digraph.source)
    if fmt == "dot":
        return source.encode("utf-8")
    options = [f"-Gdpi={dpi}"] if dpi is not None and fmt == "png" else []
    data = run_dot(source, fmt, options, timeout)
    if fmt == "svg":  # pack text such as "javascript:x" stays text, never a URL's look
        data = defang_markup(data.decode("utf-8")).encode("utf-8")
    return data


def run_dot(source: str, fmt: str, options: list[str], timeout: float = TIMEOUT) -> bytes:
    """Run ``dot -T<fmt>`` on ``source`` and return its output.

    Examples
    --------
    It starts Graphviz's ``dot``, so it is not run here:

    >>> run_dot("digraph { a -> b }", "svg", [])[:19]
    b'<?xml version="1.0"'
    """
    dot = shutil.which("dot")
    if dot is None:
        raise DotMissingError(fmt)
    try:
        done = subprocess.run(
            [dot, f"-T{fmt}", *options],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise DotFailedError(fmt, f"no result after {timeout:g}s", timed_out=True) from None
    except OSError as err:
        raise DotFailedError(fmt, err.strerror or str(err)) from None
    if done.returncode != 0 or not done.stdout:
        raise DotFailedError(fmt, _last_line(done.stderr) or f"exit status {done.returncode}")
    return bytes(done.stdout)


def _last_line(stderr: bytes) -> str:
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()]
    return next((line for line in reversed(lines) if line), "")


def format_for(output: str, given: str | None) -> str:
    """The output format: ``given``, else the file's suffix, else DOT for stdout (``-``).

    Raises
    ------
    UnknownFormatError
        When ``given`` is not a format or the suffix names none.
    FormatConflictError
        When ``given`` and the suffix disagree.

    Examples
    --------
    >>> format_for("chain.svg", None), format_for("-", None), format_for("chain", "pdf")
    ('svg', 'dot', 'pdf')
    """
    return choose_format(output, given, FORMATS, "dot")


def frame_files(
    frames: list[Any], folder: str | Path, fmt: str = "svg"
) -> list[tuple[Path, bytes]]:
    """Every frame rendered, with its file name in ``folder`` (``step-01.svg``, ...).

    Nothing is written; pass the result to :func:`~macrograph.explain.files.write_files`
    with ``folders=(folder,)``.

    Examples
    --------
    >>> from macrograph.explain.diagram.build import result_for, step_frames
    >>> from macrograph.graph.synthetic import slump_pack
    >>> pack = slump_pack()
    >>> frames = step_frames(pack, result_for(pack, "a-slumps"))
    >>> [(str(path), data[:7]) for path, data in frame_files(frames, "out/steps", "dot")]
    [('out/steps/step-01.dot', b'digraph'), ('out/steps/step-02.dot', b'digraph')]
    """
    target = Path(folder)
    return [(target / f"step-{i:02d}.{fmt}", render(f, fmt)) for i, f in enumerate(frames, 1)]


def inline_svg(data: bytes, title: str = "", desc: str = "") -> str:
    """An SVG (Graphviz's or matplotlib's) ready to sit inside HTML: no XML prolog, doctype
    or comments; its root carries ``--least``, the width its text needs on a phone.

    Given a ``title`` (what the drawing is) and a ``desc`` (what it shows, in words), the
    root is one image to a screen reader (``role="img"``, its labels not read one by one)
    and opens with them, as its accessible name and description.

    Examples
    --------
    >>> inline_svg(b'<?xml version="1.0"?><svg width="300pt" viewBox="0 0 300 90">'
    ...            b'<text font-size="9.00">a</text></svg>').split(">")[0]
    '<svg style="--least: 267px" width="300pt" viewBox="0 0 300 90"'
    >>> inline_svg(b'<svg viewBox="0 0 9 9"><g/></svg>', "A chart", "Bars: a & b")
    '<svg role="img" viewBox="0 0 9 9"><title>A chart</title><desc>Bars: a &amp; b</desc><g/></svg>'
    """
    text = data.decode("utf-8")
    text = text[text.find("<svg") :] if "<svg" in text else text
    text = _without_comments(text).strip()
    tag = SVG_TAG.match(text)
    least = least_width(text)
    if tag is not None and least is not None and "style=" not in tag.group(0):
        text = f'<svg style="--least: {least:.0f}px"{text[4:]}'
        tag = SVG_TAG.match(text)
    if tag is None or not title:
        return text
    said = f"<title>{html_text(title)}</title>"  # pack text: escaped, hidden characters shown
    said += f"<desc>{html_text(desc)}</desc>" if desc else ""
    return f'<svg role="img"{text[4 : tag.end()]}{said}{text[tag.end() :]}'


def least_width(svg: str) -> float | None:
    """The width in CSS pixels at which ``svg``'s smallest text renders at
    :data:`PHONE_TEXT_PX`, at most the SVG's own width; None without a width, a viewBox
    or any text size.

    Examples
    --------
    >>> least_width('<svg width="600pt" viewBox="0 0 600 400"><text font-size="9.00">')
    533.333...
    >>> least_width('<svg width="30pt" viewBox="0 0 90 40"><text style="font-size: 9px">')
    40.0
    """
    tag = SVG_TAG.match(svg)
    width = SVG_WIDTH.search(tag.group(0)) if tag else None
    view = SVG_VIEW.search(tag.group(0)) if tag else None
    sizes = [float(size) for size in TEXT_SIZE.findall(svg) if float(size) > 0]
    if width is None or view is None or not sizes or float(view.group(1)) <= 0:
        return None
    own = float(width.group(1)) * (PX_PER_PT if width.group(2) == "pt" else 1.0)
    return min(own, PHONE_TEXT_PX * float(view.group(1)) / min(sizes))


def _without_comments(text: str) -> str:
    """``text`` without ``<!-- ... -->`` comments, in one pass (a regex rescans an unclosed one).

    Examples
    --------
    >>> _without_comments("a<!-- x -->b<!-- y")
    'ab<!-- y'
    """
    parts, at = [], 0
    while (start := text.find("<!--", at)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        parts.append(text[at:start])
        at = end + 3
    parts.append(text[at:])
    return "".join(parts)
