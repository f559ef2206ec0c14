"""Hidden characters in pack text: which they are, and the lint check that warns about them.

A *hidden* character is one a reader does not see as itself: C0 and C1 control
characters and DEL (Unicode category Cc; ESC drives a terminal, BEL rings, NUL
truncates), format characters (Cf: the bidirectional overrides and isolates
U+202A-U+202E and U+2066-U+2069, the Arabic letter mark U+061C, U+200E and U+200F,
zero-width spaces and joiners, the byte-order mark...), the line and paragraph
separators U+2028 and U+2029, and lone surrogates. Tab and newline are plain
whitespace and not hidden. The explain layer shows hidden characters escaped
(``\\x1b``, ``\\u202e``); lint warns about every piece of text that holds one.

Examples
--------
>>> [is_hidden(c) for c in "a\\t\\n\\x1b\\u202e\\u061c\\x9b"]
[False, False, False, True, True, True, True]
>>> _hidden_in("Holds\\x1b[2J \\u202eevil")
['\\\\x1b', '\\\\u202e']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from macrograph.rules.errors import PackIssue

if TYPE_CHECKING:  # the character tests stay light: the CLI imports them before any pack
    from pydantic import BaseModel

    from macrograph.rules.pack import Pack

HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
WHITESPACE = frozenset("\t\n")
CODE = "hidden-character"
SHOWN = 5  # at most this many distinct characters are named in one warning
_ASCII_HIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # Cc but tab and newline
_NOT_PLAIN = re.compile(r"[^\x20-\x7e\t\n]")  # what may be hidden, beside printable ASCII


def is_hidden(char: str) -> bool:
    """True for a control, format, separator or surrogate character (not tab or newline).

    Examples
    --------
    >>> [is_hidden(c) for c in ("a", "\\t", "\\x1b", "\\u202e", "\\u2028")]
    [False, False, True, True, True]
    """
    return char not in WHITESPACE and unicodedata.category(char) in HIDDEN_CATEGORIES


def escape_char(char: str) -> str:
    """A character as a printable escape: ``\\x1b`` up to U+00FF, ``\\u202e`` above.

    Examples
    --------
    >>> [escape_char(c) for c in ("\\x1b", "\\x7f", "\\u202e", "\\U000e0001")]
    ['\\\\x1b', '\\\\x7f', '\\\\u202e', '\\\\U000e0001']
    """
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _hidden_in(text: str) -> list[str]:
    """The distinct hidden characters of ``text``, escaped, in order of first appearance.

    Text is scanned once by a compiled pattern: ASCII text for its control characters;
    other text only when ``str.isprintable`` (false for every hidden category, and for
    spaces other than ' ') says it may hold one, and then only the candidates it finds.
    """
    if text.isascii():
        candidates = _ASCII_HIDDEN.findall(text)
    elif text.isprintable():
        return []
    else:
        candidates = [c for c in _NOT_PLAIN.findall(text) if not c.isprintable()]
    found: dict[str, None] = {}
    for char in candidates:
        if is_hidden(char):
            found.setdefault(escape_char(char), None)
    return list(found)


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """(dotted field path, text) for every string inside a model, tuple or dict."""
    from pydantic import BaseModel

    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _strings(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}.{index}")
    elif isinstance(value, dict):
        for key in sorted(value, key=str):
            yield from _strings(value[key], f"{path}.{key}")


def _objects(pack: Pack) -> Iterator[tuple[str, str, BaseModel]]:
    yield "pack", pack.info.id, pack.info
    sections: dict[str, Any] = {
        "nodes": pack.nodes,
        "rules": pack.rules,
        "scenarios": pack.scenarios,
        "sources": pack.sources,
        "claims": pack.claims,
        "facts": pack.facts,
        "signals": pack.signals,
        "episodes": pack.episodes,
        "series": pack.series,
        "institutions": pack.institutions,
        "calendar": pack.calendar,
        "regimes": pack.regimes,
    }
    for section, table in sections.items():
        for obj_id in sorted(table):
            yield section, obj_id, table[obj_id]


def _texts(value: Any, out: list[str], model: type[BaseModel]) -> None:
    """Every string inside a model, tuple or dict, appended to ``out``: the quick pass,
    without the field paths :func:`_strings` builds for a warning."""
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, model):
        for item in value.__dict__.values():  # a model's __dict__ holds its fields
            _texts(item, out, model)
    elif isinstance(value, (tuple, list)):
        for item in value:
            _texts(item, out, model)
    elif isinstance(value, dict):
        for item in value.values():
            _texts(item, out, model)


def check_hidden_characters(pack: Pack) -> list[PackIssue]:
    """Warn about control and bidirectional characters in labels, phrases, descriptions...

    One warning per field that holds any, naming the characters (escaped). They are
    shown escaped in terminal output and dropped from diagrams, but a reader of the
    pack file cannot see them, and a bidirectional override can disguise text.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> check_hidden_characters(load_pack())
    []
    """
    from pydantic import BaseModel

    found = []
    for section, obj_id, obj in _objects(pack):
        texts: list[str] = []
        _texts(obj, texts, BaseModel)
        if not _hidden_in("\t".join(texts)):  # most objects: one scan, no field paths
            continue
        where = pack.locate(section, obj_id)
        for field, text in _strings(obj, ""):
            chars = _hidden_in(text)
            if not chars:
                continue
            named = ", ".join(chars[:SHOWN]) + (", ..." if len(chars) > SHOWN else "")
            kind = "character" if len(chars) == 1 else "characters"
            message = f"hidden control or bidirectional {kind} {named} in the text"
            found.append(PackIssue(where.file, where.line, obj_id, field, message, "warning", CODE))
    return found
