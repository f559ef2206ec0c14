"""How many columns of a terminal a text takes, and text padded, cut and wrapped by them.

A Han character, kana or Hangul, or a fullwidth form, takes two columns of a
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

import re
import textwrap
import unicodedata
from functools import lru_cache

WIDE = frozenset({"W", "F"})
SPACES = str.maketrans("\t\n\r\x0b\x0c", "     ")  # each a space, as textwrap reads them


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


def _pieces(word: str, width: int) -> list[str]:
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
    ``indent`` the others, both counted. As :func:`textwrap.wrap` with
    ``break_long_words=False``: the spaces between words on a line are kept as they are
    (an aligned row keeps its columns), those at a break dropped, and a word too wide that
    cannot break overflows its line.

    Examples
    --------
    >>> wrap("one two three", 9, "  - ", "    ")
    ['  - one', '    two', '    three']
    >>> wrap("猪价 rises", 9, "  - ", "    ")
    ['  - 猪价', '    rises']
    >>> wrap("生猪价格 ends 9.6元/公斤 higher", 17)
    ['生猪价格 ends', '9.6元/公斤 higher']
    >>> wrap("猪价    4m  +1元/公斤", 14)
    ['猪价    4m', '+1元/公斤']
    """
    if narrow(text + first + indent):
        return textwrap.wrap(
            text,
            width=width,
            initial_indent=first,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
    chunks = [c for c in re.split(r"( +)", text.translate(SPACES)) if c]
    lines: list[str] = []
    line, used, placed, gap = first, cells(first), False, ""
    for chunk in chunks:
        if chunk.isspace():  # the text's own leading spaces stay, those after a break go
            gap = chunk if placed or not (lines or chunks.index(chunk)) else ""
            continue
        room = width - cells(indent if lines or placed else first)
        for piece in _pieces(chunk, max(1, room)) if cells(chunk) > room else [chunk]:
            wide = cells(piece)
            if placed and used + len(gap) + wide <= width:
                line, used = line + gap + piece, used + len(gap) + wide
            elif placed:
                lines.append(line)
                line, used = indent + piece, cells(indent) + wide
            else:  # the text's leading spaces stay if its first word fits after them
                gap = gap if used + len(gap) + wide <= width else ""
                line, used = line + gap + piece, used + len(gap) + wide
            placed, gap = True, ""
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
