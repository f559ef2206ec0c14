"""Text filters for the templates (registered with the number filters in
:data:`macrograph.explain.filters.FILTERS`): text on one line, padded or wrapped to a width
in terminal cells, and escaped for Markdown and HTML so that no pack text is read as markup.

Examples
--------
>>> line("a   b"), pad("ab", 4) + "|", html_text("<b>")
('a b', 'ab  |', '&lt;b&gt;')
"""

from __future__ import annotations

import re
from typing import Any

from macrograph.explain.terminal import visible
from macrograph.rules import columns

MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")
MD_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")  # an ampersand that would start an entity
MD_ANGLES = {"<": "&lt;", ">": "&gt;"}
# The colon of a script URL scheme (javascript:, vbscript:), so that no output carries
# one even as text: each format writes the colon in its own escaped form.
SCRIPT_COLON = re.compile(r"(?i)(?<=script):")


def line(text: Any) -> str:
    """Text on one line: runs of whitespace, newlines included, become one space.

    Examples
    --------
    >>> line("Bond\\nyield  x")
    'Bond yield x'
    """
    return " ".join(str(text).split())


def pad(text: Any, width: int) -> str:
    """Left-aligned in a column of ``width`` terminal columns, on one line (a wide
    character takes two, :mod:`macrograph.rules.columns`).

    Examples
    --------
    >>> pad("猪价", 6) + "|", pad("hog", 6) + "|"
    ('猪价  |', 'hog   |')
    """
    return columns.ljust(" ".join(str(text).split()), width)


def rpad(text: Any, width: int) -> str:
    """Right-aligned in a column of ``width`` terminal columns, on one line.

    Examples
    --------
    >>> rpad("+12万头", 9)
    '  +12万头'
    """
    return columns.rjust(" ".join(str(text).split()), width)


def cells(text: Any) -> int:
    """The terminal columns ``text`` takes (a wide character two), for a template that
    lays out a column or an indent by a text's width.

    Examples
    --------
    >>> cells("生猪价格"), cells("+1.2%")
    (8, 5)
    """
    return columns.cells(str(text))


def capfirst(text: str) -> str:
    """The first letter in upper case, the rest untouched (unlike Jinja's ``capitalize``).

    Examples
    --------
    >>> capfirst("the 10y ABC bond yield")
    'The 10y ABC bond yield'
    """
    text = str(text)
    return text[:1].upper() + text[1:]


def underline(text: str, char: str = "=") -> str:
    """A rule as long as ``text``, for plain-text headings: as its longest line, where a
    heading is wrapped.

    Examples
    --------
    >>> underline("Title"), underline("猪价 (hog price)"), underline("A long\\ntitle")
    ('=====', '================', '======')
    """
    return char * max((columns.cells(part) for part in str(text).splitlines()), default=0)


def wrap(text: str, width: int = 96, indent: str = "", first: str = "") -> str:
    """Wrap prose at ``width``; continuation lines get ``indent``; words and hyphens stay whole.

    ``first`` starts the first line (a bullet such as ``"  - "``) and counts in its width.

    Examples
    --------
    >>> wrap("one two three", 8, "  ")
    'one two\\n  three'
    >>> wrap("one two three", 9, "    ", "  - ")
    '  - one\\n    two\\n    three'
    """
    return columns.fill(" ".join(text.split()), width, first, indent)


def uncited(text: str) -> str:
    """``text`` without its citation marks (``[3]``, ``[6][10]``).

    Examples
    --------
    >>> uncited("Output ends 8.2% higher [2][3]; the rate 9bp lower [4].")
    'Output ends 8.2% higher; the rate 9bp lower.'
    """
    return re.sub(r" ?(?:\[\d+\])+", "", text)


def wrap_uncited(text: str, width: int = 96, indent: str = "", first: str = "") -> str:
    """:func:`wrap` of ``text`` without its citation marks: taken out before the prose is
    wrapped, so that no line starts with the punctuation that followed a mark.

    Examples
    --------
    >>> wrap_uncited("one two [3]; three", 8)
    'one two;\\nthree'
    """
    return wrap(uncited(text), width, indent, first)


def md(text: Any) -> str:
    """Escape Markdown's special characters so pack text reads literally, on one line.

    Brackets, backticks and emphasis marks are escaped with a backslash, and angle
    brackets are written as the entities ``&lt;`` and ``&gt;`` (which only ever yield a
    character, never a tag, and leave no ``<`` in the file), so no link, image,
    autolink, raw HTML tag or code span can form; an ampersand that would start an
    entity is escaped too. Hidden characters are shown escaped
    (:func:`macrograph.explain.terminal.visible`) and a script URL's colon is written
    ``\\:``.

    Examples
    --------
    >>> print(md("<script>|*x*"))
    &lt;script&gt;\\|\\*x\\*
    >>> print(md("[a](javascript:x) `b` R&D &amp;"))
    \\[a\\](javascript\\:x) \\`b\\` R&D \\&amp;
    """
    escaped = MD_SPECIAL.sub(r"\\\1", " ".join(visible(text).split()))
    escaped = MD_ENTITY.sub(r"\\&", escaped)
    escaped = "".join(MD_ANGLES.get(c, c) for c in escaped)
    return SCRIPT_COLON.sub(r"\\:", escaped)


def html_text(text: Any) -> str:
    """Text escaped for HTML or XML, hidden characters shown escaped, script colons as ``&#58;``.

    Examples
    --------
    >>> html_text('<a href="javascript:x">\\x1b')
    '&lt;a href=&#34;javascript&#58;x&#34;&gt;\\\\x1b'
    """
    # markupsafe, like jinja2, loads only where HTML is made
    from markupsafe import escape

    return SCRIPT_COLON.sub("&#58;", str(escape(visible(text))))


def defang_markup(text: str) -> str:
    """Rendered HTML or SVG with every script-scheme colon written ``&#58;``.

    Sound on our HTML and SVG, which hold no script element and only our own style
    sheet: there ``script:`` can only stand in text, an attribute value or a comment,
    and in the first two the character reference reads as ``:``.

    Examples
    --------
    >>> defang_markup('<text>JavaScript:alert(1)</text>')
    '<text>JavaScript&#58;alert(1)</text>'
    """
    return SCRIPT_COLON.sub("&#58;", text)
