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

from macrograph.explain.errors import PackWriteError
from macrograph.explain.files import write_files
from macrograph.graph.evidence.fitting import Z90, Fitted
from macrograph.rules.pack import Pack


def magnitude_line(indent: str, fields: Mapping[str, Any]) -> str:
    """One ``magnitude:`` line in YAML flow style, fields in the order given."""
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


def fitted_magnitude(pack: Pack, fitted: Fitted) -> dict[str, Any]:
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


def write_into_pack(pack: Pack, fitted: Sequence[Fitted]) -> list[Path]:
    """Rewrite the ``magnitude`` line of each fitted rule in the pack's files.

    Raises
    ------
    PackWriteError
        When a rule's magnitude is not one ``magnitude: {...}`` line (naming file, line, rule).
    OutputError
        When a file cannot be written (nothing is then written).
    """
    edits: dict[str, dict[int, str]] = {}
    for f in fitted:
        if f.first is None or f.last is None:
            continue
        where = pack.locate("rules", f.rule)
        lines = _lines(pack, where.file)
        index = _magnitude_index(lines, where.line, f.rule, where.file)
        indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
        edits.setdefault(where.file, {})[index] = magnitude_line(indent, fitted_magnitude(pack, f))
    outputs = []
    for name, changes in sorted(edits.items()):
        lines = _lines(pack, name)
        for index, text in changes.items():
            lines[index] = text
        outputs.append((Path(pack.root) / name, "\n".join(lines) + "\n"))
    return write_files(outputs)


def _lines(pack: Pack, name: str) -> list[str]:
    return (Path(pack.root) / name).read_text(encoding="utf-8").splitlines()


def _magnitude_index(lines: list[str], line: int, rule: str, file: str) -> int:
    """The 0-based index of the rule's one-line ``magnitude:``, searched from its ``id`` line."""
    for index in range(max(line - 1, 0), len(lines)):
        text = lines[index].strip()
        if index > line - 1 and text.startswith("- id:"):
            break
        if text.startswith("magnitude:"):
            if text.startswith("magnitude: {") and text.endswith("}"):
                return index
            break
    raise PackWriteError(file, line, rule, "write its magnitude on one line, magnitude: {...}")
