"""Text safe to print: hidden characters from pack text shown escaped, never obeyed.

Pack text reaches the terminal in the text what-if, explanation and brief, in
``macrograph list``, ``paths`` and ``loops``, in lint findings and in error
messages. A terminal obeys what it is sent: ESC sequences clear the screen, query it
(``ESC[6n`` answers into the input) or draw links (OSC 8); a bidirectional override
reorders what the reader sees. :func:`visible` is the one place that makes such text
harmless: every hidden character (see :mod:`macrograph.rules.lint.text`) is written
as an escape, ``\\x1b`` for ESC and the other C0/C1 controls and DEL, ``\\u202e`` for
the format characters. Tab and newline are kept (templates lay text out with them);
the templates' filters (``line``, ``pad``, ``wrap``) already fold a newline inside a
label or phrase into a space, and :func:`one_line` does the same for a list row or a
message line. A CR LF pair counts as a newline; a lone CR (which would let text
overwrite its own line) is hidden, shown ``\\x0d``. Backslashes are left alone, so
escaping twice changes nothing.

:func:`clip` and :func:`label_lines` fit a label to a table's column (the filters of those
names).

Examples
--------
>>> visible("Holds\\x1b[2J\\a \\u202eevil")
'Holds\\\\x1b[2J\\\\x07 \\\\u202eevil'
>>> one_line("two\\nlines\\x00")
'two lines\\\\x00'
"""

from __future__ import annotations

import re
import shlex
from typing import Any

from macrograph.rules.columns import cells, cut, fill, narrow, wrap
from macrograph.rules.lint.text import escape_char, is_hidden

LAYOUT = str.maketrans("\t\n", "  ")  # tab and newline, which are kept, as spaces


def visible(text: Any) -> str:
    """``text`` with every hidden character escaped; tab and newline kept.

    Examples
    --------
    >>> visible("a\\tb\\r\\nc\\x9b\\x7f\\u061c\\r")
    'a\\tb\\nc\\\\x9b\\\\x7f\\\\u061c\\\\x0d'
    >>> visible(visible("\\x1b")) == visible("\\x1b")
    True
    """
    shown = str(text)
    # the common cases: nothing to escape, with or without tabs and newlines (every hidden
    # character is one Python does not print, and so is CR)
    if shown.isprintable() or shown.translate(LAYOUT).isprintable():
        return shown
    shown = shown.replace("\r\n", "\n")  # a CR LF pair is a newline; a lone CR is hidden
    return "".join(escape_char(c) if is_hidden(c) else c for c in shown)


def clipped(name: str, most: int = 64) -> str:
    """An id or field path as a message names it: whole up to ``most`` characters (an id's
    longest), else its start and its length.

    Examples
    --------
    >>> clipped("x" * 70, most=3)
    'xxx... (70 characters)'
    """
    return name if len(name) <= most else f"{name[:most]}... ({len(name)} characters)"


def one_line(text: Any) -> str:
    """:func:`visible`, on one line: newlines and tabs become single spaces.

    Examples
    --------
    >>> one_line("a\\r\\nb\\tc\\rd")
    'a b c\\\\x0dd'
    """
    return visible(text).replace("\t", " ").replace("\n", " ")


SHELL_SPLITS = re.compile(r"[\s$`\"'\\;&|<>()*?\[\]#~!{}]")


def pasted(argument: str) -> str:
    """An argument as a shell reads it back whole: quoted when it holds a space or a character
    a shell acts on ('+1 a seat', '$5'), as it is otherwise ('rate=+3bp', 'temp=-6°C').

    Examples
    --------
    >>> pasted("rate=+3bp"), pasted("t=-6°C"), pasted("price=+1 a seat")
    ('rate=+3bp', 't=-6°C', "'price=+1 a seat'")
    """
    return shlex.quote(argument) if SHELL_SPLITS.search(argument) else argument


def message_text(line: str, width: int | None = None) -> str:
    """A message line as a terminal shows it: :func:`one_line`, and, given the terminal's
    ``width``, wrapped at spaces with the lines after the first indented (an 80-column
    terminal would split a long line mid-word).

    Examples
    --------
    >>> print(message_text("macrograph: warning: the shock is beyond a plausible size", 30))
    macrograph: warning: the shock
        is beyond a plausible size
    >>> message_text("a\tb")
    'a b'
    """
    text = one_line(line)
    if width is None or cells(text) <= width:
        return text
    return fill(text, max(width, 20), indent="    ")


def hanging_text(aligned: str, last: str, width: int | None = None) -> str:
    """A row of aligned columns and its last, free text, as a terminal of ``width`` shows it:
    the last wrapped under its own column where that leaves it room (a quarter of the
    width), else as :func:`message_text` wraps a line.

    Examples
    --------
    >>> print(hanging_text("spaces_closed  policy  ", "Car park spaces closed", 40))
    spaces_closed  policy  Car park spaces
                           closed
    """
    line = one_line(aligned + last)
    if width is None or cells(line) <= width:
        return line
    column = cells(one_line(aligned))
    if width - column < max(width, 20) // 4:
        return message_text(line, width)
    return fill(one_line(last), width, first=one_line(aligned), indent=" " * column)


def clip(text: Any, width: int) -> str:
    """Text on one line, cut to ``width`` columns with an ellipsis when wider (a wide
    character takes two, :mod:`macrograph.rules.columns`).

    Examples
    --------
    >>> clip("Share of households", 10), clip("中央储备猪肉收储", 9)
    ('Share of …', '中央储备…')
    """
    return cut(" ".join(str(text).split()), width)  # on one line, as the filter `line` folds it


LABEL_LINES = 4  # a table's label wraps onto at most this many lines


def label_lines(text: Any, width: int) -> list[str]:
    """A table row's label on lines of at most ``width`` columns, broken between words
    (a word too long for a line after its hyphens, else with one of its own: 'Market-' and
    'implied', 'Devisenmar-' and 'ktinterventionen'), so that a narrow terminal shows the
    whole label rather than its first letters; at most :data:`LABEL_LINES` lines, the last
    cut with an ellipsis when more is left.

    Examples
    --------
    >>> label_lines("Share of households behind on their rent", 16)
    ['Share of', 'households', 'behind on their', 'rent']
    >>> label_lines("Output", 16), label_lines("one two three four five six", 5)
    (['Output'], ['one', 'two', 'three', 'four…'])
    >>> label_lines("非洲猪瘟扑杀 (ASF culls)", 12)
    ['非洲猪瘟扑杀', '(ASF culls)']
    >>> label_lines("Market-implied SNB path", 10), label_lines("Devisenmarktinterventionen", 10)
    (['Market-', 'implied', 'SNB path'], ['Devisenma-', 'rktinterv-', 'entionen'])
    """
    flat = " ".join(str(text).split())  # on one line, as the filter `line` folds it
    if cells(flat) <= width:
        return [flat]
    words = [w for word in flat.split(" ") for w in _broken(word, width)]
    lines = [clip(piece, width) for piece in wrap(" ".join(words), width)]
    if len(lines) > LABEL_LINES:
        lines = [*lines[: LABEL_LINES - 1], clip(" ".join(lines[LABEL_LINES - 1 :]), width)]
    return lines or [""]


def _broken(word: str, width: int) -> list[str]:
    """A word of letters too long for ``width`` columns, in pieces that fit: after its own
    hyphens, else ending with one; a word of wide characters is left to :func:`wrap`."""
    if cells(word) <= width or width < 4 or not narrow(word):
        return [word]
    pieces: list[str] = []
    for part in re.split(r"(?<=-)", word):
        while len(part) > width:
            pieces.append(part[: width - 1] + "-")
            part = part[width - 1 :]
        if part:
            pieces.append(part)
    return pieces
