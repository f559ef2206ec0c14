"""Pack text made safe for a diagram: one printable line, shortened or wrapped at words,
and escaped for a quoted DOT string (:mod:`.style` builds labels and tooltips from it).

Examples
--------
>>> dot_text(plain('a\\n<b> "c"'))
'a &lt;b&gt; &quot;c&quot;'
"""

from __future__ import annotations

import re

from macrograph.rules import columns
from macrograph.rules.lint.text import is_hidden

DOT_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
DOT_SPECIAL = re.compile('[&<>"]')


def plain(text: str) -> str:
    """One line of printable text: hidden characters dropped, whitespace runs made one space.

    Hidden characters are controls, bidirectional and other format characters (see
    :func:`macrograph.rules.lint.text.is_hidden`): they could disguise a label.

    Examples
    --------
    >>> plain("two\\nlines\\x07 and\\u202e a\\u061c  gap")
    'two lines and a gap'
    """
    if not text.isprintable():
        text = "".join(" " if is_hidden(c) else c for c in text)
    return " ".join(text.split())


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with an ellipsis.

    Examples
    --------
    >>> shorten("a lower expected rate path pulls long bond yields down", 30)
    'a lower expected rate path…'
    """
    text = plain(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "\u2026"


def wrap(text: str, width: int, lines: int) -> list[str]:
    """``text`` wrapped between words into at most ``lines`` lines of about ``width``
    characters.

    Text that does not fit ends with an ellipsis after the last whole word that fits
    (a word is never cut: the whole text stays in the tooltip).

    Examples
    --------
    >>> wrap("Market-implied bank path", 14, 2)
    ['Market-implied', 'bank path']
    >>> wrap("the stock of positions is the running sum of positions opened", 24, 2)
    ['the stock of positions', 'is the running sum of…']
    >>> wrap("a surprise bank tightening lowers domestic stock returns", 15, 3)
    ['a surprise bank', 'tightening', 'lowers…']
    """
    found = columns.wrap(plain(text), width)
    found = found or [""]
    if len(found) <= lines:
        return found
    words = " ".join(found[lines - 1 :]).split()
    kept = [words[0]]
    for word in words[1:]:
        if columns.cells(" ".join([*kept, word])) > width - 1:
            break
        kept.append(word)
    return [*found[: lines - 1], " ".join(kept).rstrip(" ,;:.-") + "\u2026"]


def dot_text(text: str) -> str:
    """One line of pack text for a quoted DOT string, where it can only be literal text.

    Hidden characters go (:func:`plain`); backslashes are doubled, so ``\\N``, ``\\G``,
    ``\\E``, ``\\T``, ``\\H``, ``\\L``, ``\\l`` or ``\\"`` show as written instead of
    expanding; ``& < > "`` become entities, which Graphviz decodes in labels. With no
    ``<``, ``>`` or ``"`` left, the text can neither be taken for an HTML-like label nor
    close its quotes and start attributes of its own (``"]; x [URL="..."``).

    Examples
    --------
    >>> print(dot_text('<x> URL="javascript:x" \\\\N'))
    &lt;x&gt; URL=&quot;javascript:x&quot; \\\\N
    """
    text = plain(text).replace("\\", "\\\\")
    return DOT_SPECIAL.sub(lambda m: DOT_ENTITIES[m.group()], text)
