"""pydantic's validation errors as a pack author reads them: one
:class:`~macrograph.rules.errors.PackIssue` per error, at the line of the field it names, in
plain words ("must be a number (got 'ten'); remove the quotes"), with "did you mean" for a
misspelt field, kind or word.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, get_args

from msgspec import Struct
from pydantic import BaseModel, ValidationError

from macrograph.rules import models as m
from macrograph.rules.calendar import CalendarEvent, Institution, Regime
from macrograph.rules.english.suggest import did_you_mean, written_as
from macrograph.rules.episodes import Episode, Observation, Observe
from macrograph.rules.errors import PackIssue
from macrograph.rules.fields import SHORTEST, SUB_DAY
from macrograph.rules.info import Claim, Fact, PackInfo, Signal, Source
from macrograph.rules.reading.hints import PATTERN_HINTS, PLAIN_TEXTS, named_loc
from macrograph.rules.reading.yamltree import Document
from macrograph.rules.series import Origin, Series
from macrograph.rules.vocabulary import RULE_KINDS

YAML11_BOOLEANS = {"yes", "no", "on", "off", "y", "n"}


def _field_vocabulary() -> list[str]:
    """Every field name of the pack language, in the models its fields hold too (a unit's
    ``suffix`` in the ``pack:`` header), for "did you mean"."""
    names: set[str] = set()
    todo: list[Any] = [*vars(m).values(), Episode, Observation, Observe, Series, Origin]
    todo += [Institution, CalendarEvent, Regime, PackInfo, Source, Claim, Fact, Signal]
    seen: set[Any] = set()
    while todo:
        item = todo.pop()
        if not (isinstance(item, type) and issubclass(item, BaseModel)):
            todo += get_args(item)  # a union, a tuple, Annotated: the types inside
        elif item not in seen:
            seen.add(item)
            names.update(f.alias or name for name, f in item.model_fields.items())
            todo += [f.annotation for f in item.model_fields.values()]
    return sorted(names)


FIELD_NAMES = _field_vocabulary()
ELSEWHERE = "other parts of a pack have it; macrograph schema lists each part's fields"


class Found(Struct, frozen=True):
    """Where a validated object was read: its file, document, tree, id and line."""

    file: str
    document: Document
    item: dict[str, Any]
    obj_id: str
    line: int


def issues_from(err: ValidationError, where: Found) -> list[PackIssue]:
    """One issue per error of ``err``, at the line of the field it names.

    Examples
    --------
    >>> from macrograph.rules.models import Citation
    >>> from macrograph.rules.reading.yamltree import compose
    >>> doc = compose("basis: hearsay\\nclaims: [C01]\\nsource: x\\n", 8)
    >>> try:
    ...     Citation.model_validate(doc.root)
    ... except ValidationError as err:
    ...     issues = issues_from(err, Found("rules.yaml", doc, doc.root, "r1", 1))
    >>> [(i.file, i.line, i.obj_id, i.field) for i in issues]
    [('rules.yaml', 1, 'r1', 'basis'), ('rules.yaml', 3, 'r1', 'source')]
    >>> issues[0].message
    "must be one of 'seed', 'literature', 'assumption' or 'observed' (got 'hearsay')"
    """
    found = []
    for detail in err.errors(include_url=False):
        loc = named_loc(where.item, _strip_union_tags(detail, where.item))
        field_path = ".".join(str(part) for part in loc)
        line = where.document.line_at(where.item, loc) or where.line
        message = _error_text(detail, loc)
        raw = _strip_union_tags(detail, where.item)
        if detail["type"] in ("invalid_key", "extra_forbidden") and _bare_number_key(
            where.item, raw
        ):
            message += f": {COMMA_IN_BRACES}; quote text, and write a number without separators"
        found.append(PackIssue(where.file, line, where.obj_id, field_path, message))
    return found


def _bare_number_key(item: Any, loc: tuple[Any, ...]) -> bool:
    """Whether ``loc`` ends at a key of digits with no value: what is left of a value in
    { } after a comma that grouped its digits ('change: -10,000' gives a key '000')."""
    node = item
    for part in loc[:-1]:
        if not isinstance(node, Mapping | list | tuple):
            return False
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    key = loc[-1] if loc else None
    digits = isinstance(key, int) or (isinstance(key, str) and key[:1].isdigit())
    return digits and isinstance(node, Mapping) and key in node and node[key] is None


def _strip_union_tags(detail: Any, item: dict[str, Any]) -> tuple[Any, ...]:
    """The field path, without the tag pydantic inserts (``('linear', 'magnitude')``)."""
    loc: tuple[Any, ...] = tuple(detail["loc"])
    if detail["type"] in ("union_tag_invalid", "union_tag_not_found"):
        return ("kind",)
    kind = item.get("kind")
    if loc and isinstance(kind, str) and loc[0] == kind and "kind" not in loc[1:2]:
        return loc[1:]
    return loc


COMMA_IN_BRACES = "a comma inside { } ends an unquoted value, as in a number written 10,000"
GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{2,3})+(?:\.\d+)?")
"""A number with its digits grouped by commas ('-10,000', '1,50,000'), which YAML reads as
text."""


def _error_text(detail: Any, loc: tuple[Any, ...]) -> str:
    kind = detail["type"]
    value = detail.get("input")
    leaf = str(loc[-1]) if loc else ""
    special = _special_text(kind, detail, leaf, value)
    if special is not None:
        return special
    text = PLAIN_TEXTS.get(kind) or _bound_text(kind, detail) or str(detail["msg"])
    if kind.startswith("date_"):
        text = "must be a date (YYYY-MM-DD)"
    if kind == "string_pattern_mismatch":
        pattern = detail["ctx"]["pattern"]
        text = f"must be {PATTERN_HINTS.get(pattern, f'text matching {pattern}')}"
    if kind == "value_error":
        return str(detail["msg"]).removeprefix("Value error, ")
    got = f" (got {value!r})" if _is_scalar(value) else ""
    return text + got + _type_hint(kind, value, detail)


def _special_text(kind: str, detail: Any, leaf: str, value: Any) -> str | None:
    if kind == "extra_forbidden":
        if leaf in FIELD_NAMES:  # a field of another part: "did you mean" would name it again
            return f"unknown field '{leaf}' here ({ELSEWHERE})"
        return f"unknown field '{leaf}'{did_you_mean(leaf, FIELD_NAMES)}"
    if kind == "missing":
        return f"required field '{leaf}' is missing"
    if kind == "union_tag_invalid":
        tag = str(detail["ctx"]["tag"])
        hint = did_you_mean(tag, RULE_KINDS)
        return f"unknown rule kind '{tag}'{hint} (kinds: {', '.join(RULE_KINDS)})"
    if kind == "union_tag_not_found":
        return f"required field 'kind' is missing (kinds: {', '.join(RULE_KINDS)})"
    if kind == "finite_number":
        return "must be a finite number (NaN and infinity are not allowed)"
    if kind == "invalid_key":  # a number, true/false or null where a field's name goes
        return f"a key must be the name of a field (got {value!r})"
    if kind == "literal_error":
        return _literal_text(detail["ctx"]["expected"], leaf, value)
    return None


def _literal_text(expected: str, leaf: str, value: Any) -> str:
    options = re.findall(r"'([^']*)'", expected)
    hint = did_you_mean(value, options) if isinstance(value, str) else ""
    if leaf in ("unit", "channel", "kind", "region"):
        return f"unknown {leaf} {value!r}{hint} (expected one of {expected})"
    unit = re.fullmatch(r"[0-9]+\s*([a-z]+)", value.lower()) if isinstance(value, str) else None
    if leaf == "period" and unit and unit.group(1) in SUB_DAY:  # '3h'
        hint = f": {SHORTEST}"
    return f"must be one of {expected} (got {value!r}){hint}"


def _bound_text(kind: str, detail: Any) -> str | None:
    ctx = detail.get("ctx") or {}
    if kind in BOUNDS:
        key, word = BOUNDS[kind]
        return f"must be {word} {ctx[key]:g}"
    if kind == "string_too_long":
        return f"must be at most {ctx['max_length']} characters"
    return None


BOUNDS = {
    "greater_than_equal": ("ge", "at least"),
    "greater_than": ("gt", "greater than"),
    "less_than_equal": ("le", "at most"),
    "less_than": ("lt", "less than"),
}
"""pydantic's bounds on a number: the bound's key in its context, and the words for it."""


def _type_hint(kind: str, value: Any, detail: Any) -> str:
    if kind == "string_pattern_mismatch":  # an id in the wrong case, or with spaces
        return written_as(value, detail["ctx"]["pattern"])
    if kind == "bool_type" and isinstance(value, str) and value.lower() in YAML11_BOOLEANS:
        return "; YAML 1.2 reads yes/no/on/off as text: write true or false"
    if kind == "float_type" and isinstance(value, str) and _is_number(value):
        return "; remove the quotes"
    if kind == "float_type" and isinstance(value, str) and GROUPED.fullmatch(value):
        return f"; write it without separators: {value.replace(',', '')}"
    if kind == "string_type" and value is not None and not isinstance(value, Mapping | tuple):
        return "; put it in quotes"
    return ""


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool) and len(repr(value)) <= 60
