"""Write a calibration's estimates into the pack's own rule files.

Each fitted rule's ``magnitude`` line is rewritten with the estimate, its 90% interval as the
range, and an ``estimate`` saying how it was made (standard error, the events behind it, the
first and last, and the prior it was fitted against). The rule's other lines, the files'
comments and every other rule stay as they are; the files are written all or nothing.
A magnitude must be written on one line (``magnitude: {...}``) for its rule to be rewritten.

Examples
--------
>>> magnitude_line("    ", {"elasticity": 0.42, "range": [0.3, 0.5], "units": "pct/pct"})
'    magnitude: {elasticity: 0.42, range: [0.3, 0.5], units: pct/pct}'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from macrograph.explain.errors import PackWriteError
from macrograph.graph.evidence.fitting import Z90, Fitted
from macrograph.rules.pack import Location, Pack
from macrograph.rules.reading.reader import MAX_DEPTH
from macrograph.rules.reading.yamltree import Refused, compose


def magnitude_line(indent: str, fields: Mapping[str, Any]) -> str:
    """One ``magnitude:`` line in YAML flow style, fields in the order given.

    Examples
    --------
    >>> magnitude_line("  ", {"elasticity": 0.123456, "estimate": {"first": date(2025, 1, 6)}})
    '  magnitude: {elasticity: 0.1235, estimate: {first: 2025-01-06}}'
    """
    return f"{indent}magnitude: {_flow(fields)}"


def _flow(value: Any) -> str:
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, float):
        return f"{float(f'{value:.4g}')!r}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _fitted_magnitude(pack: Pack, fitted: Fitted) -> dict[str, Any]:
    """The magnitude a fit gives a rule: the estimate, its 90% interval, how it was made."""
    rule = pack.rules[fitted.rule]
    magnitude = getattr(rule, "magnitude")  # noqa: B009 - fitted rules have one
    low = fitted.new - Z90 * fitted.se
    if fitted.low >= 0.0:  # a size stays a size
        low = max(low, 0.0)
    fields: dict[str, Any] = {
        "elasticity": fitted.new,
        "range": [low, fitted.new + Z90 * fitted.se],
    }
    if magnitude.law != "triangular":
        fields["law"] = magnitude.law
    fields["units"] = magnitude.units
    fields["estimate"] = {
        "se": fitted.se,
        "events": fitted.events,
        "first": fitted.first,
        "last": fitted.last,
        "prior": fitted.old,
        "prior_range": [fitted.low, fitted.high],
    }
    return fields


def fitted_files(pack: Pack, fitted: Sequence[Fitted]) -> list[tuple[Path, str]]:
    """The pack's rule files with each fitted rule's ``magnitude`` line rewritten, unwritten.

    Raises
    ------
    PackWriteError
        When a rule's magnitude is not one ``magnitude: {...}`` line (naming file, line, rule).

    Examples
    --------
    >>> from macrograph.graph.evidence.fitting import Fitted
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack("tests/packs/markets")
    >>> fit = Fitted("path_sets_2y", 0.6, 0.7, 0.4, 0.8, 0.1, 0.05, 12, date(2025, 1, 29),
    ...              date(2025, 4, 16))
    >>> [(path, text)] = fitted_files(pack, [fit])
    >>> path.name, next(line for line in text.splitlines() if "0.7," in line).split(", est")[0]
    ('pack.yaml', '    magnitude: {elasticity: 0.7, range: [0.6177, 0.7823], units: pct/pct')
    """
    edits: dict[str, dict[int, str]] = {}
    files: dict[str, tuple[list[str], dict[str, int]]] = {}
    for f in fitted:
        if f.first is None or f.last is None:
            continue
        where = pack.locate("rules", f.rule)
        if where.file not in files:
            files[where.file] = _read(pack, where.file)
        lines, magnitudes = files[where.file]
        index = _magnitude_index(lines, magnitudes.get(f.rule, 0), f.rule, where)
        indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
        edits.setdefault(where.file, {})[index] = magnitude_line(indent, _fitted_magnitude(pack, f))
    outputs = []
    for name, changes in sorted(edits.items()):
        lines = list(files[name][0])
        for index, text in changes.items():
            lines[index] = text
        outputs.append((Path(pack.root) / name, "\n".join(lines) + "\n"))
    return outputs


def _read(pack: Pack, name: str) -> tuple[list[str], dict[str, int]]:
    """A rule file's lines, and the line of each of its rules' ``magnitude`` key.

    The lines come from the YAML reader, not from the layout: a rule written in flow style,
    or one whose ``id`` is not its first key, is found as surely as any other.
    """
    text = (Path(pack.root) / name).read_text(encoding="utf-8")
    try:
        doc = compose(text, MAX_DEPTH)
    except (Refused, yaml.YAMLError):  # changed since it was loaded: nothing is found in it
        return text.splitlines(), {}
    rules = doc.root.get("rules") if isinstance(doc.root, dict) else None
    found = {
        rule["id"]: doc.key_line(rule, "magnitude")
        for rule in (rules if isinstance(rules, tuple) else ())
        if isinstance(rule, dict) and isinstance(rule.get("id"), str) and "magnitude" in rule
    }
    return text.splitlines(), found


def _magnitude_index(lines: list[str], line: int, rule: str, where: Location) -> int:
    """The 0-based index of the rule's ``magnitude`` line (1-based ``line``), if one line."""
    text = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    if text.startswith("magnitude: {") and text.endswith("}"):
        return line - 1
    raise PackWriteError(
        where.file, where.line, rule, "write its magnitude on one line, magnitude: {...}"
    )
