"""A briefing note as PDF: the HTML note printed by a headless Chromium with its print CSS.

Playwright for Python drives the browser; it is the optional extra ``pdf``
(``pip install 'macrograph[pdf]'``). The browser is the system's Chromium (Debian's
``chromium`` package), or the binary named by ``MACROGRAPH_CHROMIUM``: nothing is ever
downloaded. The page is printed with JavaScript off and every request refused (the note is
self-contained), and the PDF's dates are fixed, so that the same note gives the same
bytes.

Examples
--------
>>> _find_chromium({"MACROGRAPH_CHROMIUM": "/nowhere/chromium"}) is None
True
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from macrograph.explain.errors import BrowserMissingError, PdfFailedError

ENVIRONMENT = "MACROGRAPH_CHROMIUM"
NAMES = ("chromium", "chromium-browser")  # on the PATH
DEBIAN = "/usr/bin/chromium"
ARGS = (
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
WAIT_MS = 60_000  # a bound that only catches a browser that hangs
PAPER = "A4"
# Room for a figure on a printed A4 page, in points: the page less the print CSS's margins
# (12mm each side, 14mm top and bottom) and a caption; and the smallest printed text.
PRINTABLE = (527.0, 720.0)
SMALLEST_PT = 8.0
SVG_SIZE = re.compile(r'<svg[^>]*?width="([0-9.]+)pt"[^>]*?height="([0-9.]+)pt"')
SVG_FONT = re.compile(r'font-size="([0-9.]+)"')
# The dates Chromium writes into a PDF's information, set to one fixed date of the same
# length, so that the byte offsets the file lists stay true.
DATE = re.compile(rb"/(CreationDate|ModDate) \(D:([0-9]{14})")
FIXED = b"19700101000000"


def places(environ: Mapping[str, str]) -> tuple[str, ...]:
    """Where a Chromium is looked for, in order: ``MACROGRAPH_CHROMIUM`` alone when set,
    else the PATH's chromium and Debian's binary.

    Examples
    --------
    >>> places({"MACROGRAPH_CHROMIUM": "/opt/c"}), places({})[-1]
    (('/opt/c',), '/usr/bin/chromium')
    """
    chosen = environ.get(ENVIRONMENT, "").strip()
    return (chosen,) if chosen else (*NAMES, DEBIAN)


def _find_chromium(environ: Mapping[str, str] | None = None) -> str | None:
    """The Chromium binary to print with, or None when there is none."""
    for place in places(os.environ if environ is None else environ):
        found = shutil.which(place)
        if found:
            return found
    return None


def _launch_args() -> list[str]:
    # Chromium refuses to start as root inside its sandbox; the page it opens is our own
    # note, with JavaScript off and every request refused.
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    return [*ARGS, "--no-sandbox"] if root else list(ARGS)


def print_pdf(html: str) -> bytes:
    """``html`` printed to PDF (A4, backgrounds, the page's ``@page`` rules).

    Raises
    ------
    BrowserMissingError
        Without Playwright for Python, or without a Chromium.
    PdfFailedError
        When the browser does not start or does not print.

    Examples
    --------
    With Playwright and a Chromium it returns the PDF's bytes (``b'%PDF-...'``); without a
    browser where it is looked for, it says so (the tests print real notes):

    >>> os.environ["MACROGRAPH_CHROMIUM"] = "/nowhere/chromium"
    >>> try:
    ...     print_pdf("<p>A note</p>")
    ... except BrowserMissingError as err:
    ...     print(type(err).__name__)
    ... finally:
    ...     del os.environ["MACROGRAPH_CHROMIUM"]
    BrowserMissingError
    """
    browser = printer()
    if _in_event_loop():  # a notebook's loop (or another Playwright) runs here: print beside it
        with ThreadPoolExecutor(1) as beside:
            return beside.submit(_print, browser, html).result()
    return _print(browser, html)


def printer() -> str:
    """The Chromium a PDF is printed with, once Playwright is known to be there: asked
    before a note is made, so that a missing browser costs no work.

    Raises
    ------
    BrowserMissingError
        Without Playwright for Python, or without a Chromium.

    Examples
    --------
    >>> os.environ["MACROGRAPH_CHROMIUM"] = "/nowhere/chromium"
    >>> try:
    ...     printer()
    ... except BrowserMissingError as err:
    ...     print(err.missing)
    ... finally:
    ...     del os.environ["MACROGRAPH_CHROMIUM"]
    chromium
    """
    try:
        import playwright.sync_api  # noqa: F401  # Playwright loads only to print
    except ImportError as err:
        raise BrowserMissingError("playwright") from err
    browser = _find_chromium()
    if browser is None:
        raise BrowserMissingError("chromium", places(os.environ))
    return browser


def _in_event_loop() -> bool:
    """Whether an asyncio event loop runs in this thread, as in a notebook: Playwright's
    synchronous API refuses to start inside one."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _print(browser: str, html: str) -> bytes:
    """``html`` printed by the Chromium at ``browser`` (see :func:`print_pdf`)."""
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as driver:
        try:
            launched = driver.chromium.launch(
                executable_path=browser, args=_launch_args(), timeout=WAIT_MS
            )
        except Error as err:
            raise PdfFailedError(_first_line(err)) from err
        try:
            return without_dates(_printed(launched, html))
        except Error as err:
            raise PdfFailedError(_first_line(err)) from err
        finally:
            launched.close()


def _printed(browser: Any, html: str) -> bytes:
    context = browser.new_context(java_script_enabled=False, offline=True)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.route("**/*", lambda route: route.abort())  # a note fetches nothing
    page.set_content(html, wait_until="load")
    page.emulate_media(media="print")
    data: bytes = page.pdf(format=PAPER, print_background=True, prefer_css_page_size=True)
    context.close()
    return data


def _first_line(err: Exception) -> str:
    return next((line.strip() for line in str(err).splitlines() if line.strip()), "unknown error")


def without_dates(data: bytes) -> bytes:
    """The PDF ``data`` with its creation and modification dates fixed (same note, same
    bytes), each replaced by a date of the same length.

    Examples
    --------
    >>> without_dates(b"<</CreationDate (D:20261204223302+00'00')>>")
    b"<</CreationDate (D:19700101000000+00'00')>>"
    """
    return DATE.sub(lambda m: m.group(0)[: -len(FIXED)] + FIXED, data)


def prints_legibly(svg: bytes) -> bool:
    """True when a Graphviz SVG, shrunk to fit a printed page, keeps its text at
    :data:`SMALLEST_PT` or more (a large chain does not: it stays on screen).

    Examples
    --------
    >>> prints_legibly(b'<svg width="500pt" height="700pt"><text font-size="9.00">a</text>')
    True
    >>> prints_legibly(b'<svg width="1038pt" height="1608pt"><text font-size="9.00">a</text>')
    False
    """
    text = svg.decode("utf-8", errors="replace")
    size = SVG_SIZE.search(text)
    fonts = [float(f) for f in SVG_FONT.findall(text)]
    if size is None or not fonts:
        return size is not None
    width, height = float(size.group(1)), float(size.group(2))
    scale = min(1.0, PRINTABLE[0] / width, PRINTABLE[1] / height)
    return min(fonts) * scale >= SMALLEST_PT
