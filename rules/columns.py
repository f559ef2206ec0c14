"""How many columns of a terminal a text takes, and text padded, cut and wrapped by them.

A Chinese, Japanese or Korean character, or a fullwidth form, takes two columns of a
terminal (Unicode's East Asian Width ``W`` or ``F``); a combining mark takes none; every
other printable character one. Every table, rule under a heading and wrapped paragraph of
the text outputs measures its text here, so that a label such as '生猪价格' (8 columns)
keeps its column straight and a line of prose fits the terminal. Text of one-column
characters only gets what :mod:`textwrap` and :meth:`str.ljust` give it, byte for byte.

A line breaks at a space; a run of wide characters with no space (a label in Chinese) may
also break between two of them, where the whole run does not fit a line, as such text is
broken in print; a number is never cut from its unit.

Examples
--------
>>> cells("生猪价格"), cells("hog price"), cells("é"), cells("e\\u0301")
(8, 9, 1, 1)
>>> ljust("猪价", 6) + "|", rjust("猪价", 6) + "|"
('猪价  |', '  猪价|')
>>> fill("能繁母猪存栏 falls 1,200万头", 15)
'能繁母猪存栏\\nfalls 1,200万头'
"""

from __future__ import annotations

import textwrap
import unicodedata
from functools import lru_cache

WIDE = frozenset({"W", "F"})


@lru_cache(maxsize=4096)
def _char_cells(char: str) -> int:
    """The columns one character takes: 2 wide, 0 a combining mark or joiner, else 1."""
    if unicodedata.combining(char) or char in "\u200b\u200c\u200d\u2060\ufeff":
        return 0
    return 2 if unicodedata.east_asian_width(char) in WIDE else 1


def cells(text: str) -> int:
    """The columns ``text`` takes in a terminal.

    Examples
    --------
    >>> cells("4,100万头"), cells("")
    (9, 0)
    """
    if text.isascii():
        return len(text)
    return sum(_char_cells(c) for c in text)


def narrow(text: str) -> bool:
    """Whether every character of ``text`` takes one column (the common case).

    Examples
    --------
    >>> narrow("Bond yield °C"), narrow("猪价")
    (True, False)
    """
    return text.isascii() or cells(text) == len(text)


def ljust(text: str, width: int) -> str:
    """``text`` left-aligned in ``width`` columns (spaces after it).

    Examples
    --------
    >>> ljust("万头", 5) + "|"
    '万头 |'
    """
    return text + " " * max(0, width - cells(text))


def rjust(text: str, width: int) -> str:
    """``text`` right-aligned in ``width`` columns (spaces before it).

    Examples
    --------
    >>> rjust("+12万头", 9)
    '  +12万头'
    """
    return " " * max(0, width - cells(text)) + text


def cut(text: str, width: int, mark: str = "…") -> str:
    """``text`` whole when it fits in ``width`` columns, else its start and ``mark`` in
    ``width`` columns at most.

    Examples
    --------
    >>> cut("中央储备猪肉收储", 9), cut("Share of households", 10)
    ('中央储备…', 'Share of …')
    """
    if cells(text) <= width:
        return text
    room = width - cells(mark)
    kept = []
    for char in text:
        room -= _char_cells(char)
        if room < 0:
            break
        kept.append(char)
    return "".join(kept) + mark


def _breakable(word: str, width: int) -> list[str]:
    """``word`` as pieces of at most ``width`` columns, cut only between two wide
    characters; a word with no such place stays whole."""
    pieces: list[str] = []
    piece = ""
    for char in word:
        if (
            piece
            and cells(piece) + _char_cells(char) > width
            and _char_cells(char) == 2
            and _char_cells(piece[-1]) == 2
        ):
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece]


def wrap(text: str, width: int, first: str = "", indent: str = "") -> list[str]:
    """``text`` on lines of at most ``width`` columns, broken at spaces (and between wide
    characters of a word too wide for a line); ``first`` starts the first line and
    ``indent`` the others, both counted. A word too wide that cannot break overflows
    its line, as :func:`textwrap.wrap` leaves it with ``break_long_words=False``.

    Examples
    --------
    >>> wrap("one two three", 9, "  - ", "    ")
    ['  - one', '    two', '    three']
    >>> wrap("猪价 rises", 9, "  - ", "    ")
    ['  - 猪价', '    rises']
    >>> wrap("生猪价格 ends 9.6元/公斤 higher", 17)
    ['生猪价格 ends', '9.6元/公斤 higher']
    """
    flat = " ".join(text.split())
    if narrow(flat + first + indent):
        return textwrap.wrap(
            flat,
            width=width,
            initial_indent=first,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
    if not flat:
        return []
    lines: list[str] = []
    line, used, placed = first, cells(first), False  # placed: a word is on the line
    for word in flat.split(" "):
        lead = indent if lines else first
        for piece in _breakable(word, max(1, width - cells(lead))):
            wide = cells(piece)
            if not placed:
                line, used = line + piece, used + wide
            elif used + 1 + wide <= width:
                line, used = f"{line} {piece}", used + 1 + wide
            else:
                lines.append(line)
                line, used = indent + piece, cells(indent) + wide
            placed = True
    if placed:
        lines.append(line)
    return lines


def fill(text: str, width: int, first: str = "", indent: str = "") -> str:
    """:func:`wrap`'s lines joined by newlines.

    Examples
    --------
    >>> print(fill("猪粮比价 falls below 5:1", 12, indent="  "))
    猪粮比价
      falls
      below 5:1
    """
    return "\n".join(wrap(text, width, first, indent))
