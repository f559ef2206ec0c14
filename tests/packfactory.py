"""Small packs written into a temporary folder, for tests of the loader and lint.

:func:`write_pack` writes a tiny pack that loads and lints clean; a test passes the
files it wants to change (text, raw bytes, or ``None`` to leave a file out). Breakage
usually goes into an extra file (``bad.yaml``) so that its line numbers are plain to
read in the test.

Examples
--------
>>> import tempfile
>>> from macrograph.rules import load_pack
>>> with tempfile.TemporaryDirectory() as tmp:
...     sorted(load_pack(write_pack(Path(tmp))).nodes)
['bond_yield', 'currency', 'policy_rate', 'rate_path']
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol

from click.testing import CliRunner

from macrograph.explain.cli import main
from macrograph.explain.lesson.page import propagate_for
from macrograph.graph.options import RunOptions
from macrograph.rules.reading.cache import load_checked


class Outcome(Protocol):
    """What the ``cli`` fixture returns: exit code, stdout and stderr."""

    code: int
    stdout: str
    stderr: str


Cli = Callable[..., Outcome]
"""The type of the ``cli`` fixture."""

PACK = """\
pack:
  id: tiny
  title: A tiny pack
  description: A policy rate, its priced path, a bond yield and a currency.
  default_scenario: base
  as_of: 2025-12-01
  language: 2
  regions: [{id: JP, name: Japan}, {id: US, name: United States}]
  channels: [fx]
claims:
  - {id: C01, text: "A higher priced path lifts the bond yield."}
  - {id: C02, text: "A higher yield strengthens the currency."}
sources:
  - {id: book, title: "A textbook", kind: textbook}
"""

NODES = """\
nodes:
  - id: policy_rate
    label: Policy rate
    kind: policy_action
    region: JP
    unit: pct
    expectations: rate_path
    description: The central bank's rate.
    baseline: {value: 0.5, as_of: 2025-12-01, cites: {basis: seed, claims: [C01]}}
  - id: rate_path
    label: Priced path
    kind: rate
    region: JP
    unit: pct
    description: The policy path priced in markets.
  - id: bond_yield
    label: Bond yield
    kind: rate
    region: JP
    unit: pct
    description: The 10-year yield.
    baseline: {value: 1.9, as_of: 2025-12-01, cites: {basis: seed, claims: [C01]}}
  - id: currency
    label: Currency
    kind: asset
    region: global
    unit: pct_change
    description: The exchange rate; up is a weaker home currency.
"""

RULES = """\
rules:
  - id: path_lifts_yield
    kind: linear
    source: rate_path
    target: bond_yield
    channel: pass_through
    effect: "+"
    magnitude: {elasticity: 0.4, range: [0.2, 0.6], units: pct/pct}
    confidence: high
    because: a higher expected path lifts long yields
    cites: {basis: seed, claims: [C01]}
  - id: yield_moves_currency
    kind: linear
    source: bond_yield
    target: currency
    channel: fx
    effect: "-"
    magnitude: {elasticity: 3, range: [1, 5], units: pct_change/pct}
    confidence: medium
    because: a higher yield draws money into the currency
    cites: {basis: seed, claims: [C02]}
"""

SCENARIOS = """\
scenarios:
  - id: base
    title: The bank hikes
    summary: A 25bp hike, half priced.
    shocks:
      - node: policy_rate
        date: 2025-12-19
        change: 0.25
        priced: {probability: 0.5, change: 0.25}
        label: The bank hikes 25bp
        cites: {basis: seed, claims: [C01]}
  - id: hold
    title: The bank holds
    summary: No hike, though half was priced.
    extends: base
    against: base
    shocks:
      - node: policy_rate
        date: 2025-12-19
        change: 0
        priced: {probability: 0.5, change: 0.25}
        label: The bank holds
        cites: {basis: seed, claims: [C01]}
"""

BASE_FILES: dict[str, str] = {
    "pack.yaml": PACK,
    "nodes.yaml": NODES,
    "rules.yaml": RULES,
    "scenarios.yaml": SCENARIOS,
}


def write_pack(root: Path, files: Mapping[str, str | bytes | None] | None = None) -> Path:
    """Write the tiny pack into ``root/pack`` with ``files`` replacing or adding files.

    Parameters
    ----------
    root : Path
        A folder (usually pytest's ``tmp_path``).
    files : mapping of str to str, bytes or None, optional
        File name to its text or raw bytes; ``None`` leaves that file out.

    Returns
    -------
    Path
        The pack folder.
    """
    folder = root / "pack"
    folder.mkdir(parents=True, exist_ok=True)
    merged: dict[str, str | bytes | None] = {**BASE_FILES, **(files or {})}
    for name, content in sorted(merged.items()):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif content is not None:
            path.write_text(content, encoding="utf-8")
    return folder


def edit(name: str, old: str, new: str) -> dict[str, str]:
    """The base file ``name`` with ``old`` (which must occur once) replaced by ``new``.

    Examples
    --------
    >>> edit("rules.yaml", "channel: fx", "channel: fxx")["rules.yaml"].count("fxx")
    1
    """
    text = BASE_FILES[name]
    if text.count(old) != 1:
        raise ValueError(f"{old!r} occurs {text.count(old)} times in {name}")
    return {name: text.replace(old, new)}


def extra_rule(
    rule_id: str = "extra_rule",
    source: str = "rate_path",
    target: str = "currency",
    effect: str = "-",
    magnitude: str = "{elasticity: 2, units: pct_change/pct}",
    more: str = "",
    kind: str = "linear",
) -> str:
    """A rules file holding one rule (its ``- id:`` on line 2); ``more`` adds field lines.

    Examples
    --------
    >>> extra_rule().splitlines()[1]
    '  - id: extra_rule'
    """
    return (
        "rules:\n"
        f"  - id: {rule_id}\n"
        f"    kind: {kind}\n"
        f"    source: {source}\n"
        f"    target: {target}\n"
        "    channel: fx\n"
        f'    effect: "{effect}"\n'
        f"    magnitude: {magnitude}\n"
        "    confidence: low\n"
        "    because: a test rule\n"
        "    cites: {basis: seed, claims: [C02]}\n"
        f"{more}"
    )


def other_side(percent: float) -> float:
    """The percent move of a quote when what it is quoted in moves ``percent``: the yen 5%
    stronger is USD/JPY 100 / 1.05 - 100 = -4.76%, the lira 50% weaker lira per dollar +100%
    (to the twelfth decimal, as a shock's size is kept)."""
    return round(100.0 * (1.0 / (1.0 + percent / 100.0) - 1.0), 12)


def on_pack(pack: Path, *args: str, code: int = 0) -> str:
    """``macrograph ARGS... --pack PACK`` in-process, in an 80-column terminal: its standard
    output after the exit status ``code`` (0 by default), its standard error after another."""
    result = CliRunner().invoke(
        main, [*args, "--pack", str(pack)], env={"COLUMNS": "80"}, catch_exceptions=False
    )
    assert result.exit_code == code, result.output
    return result.stdout if code == 0 else result.stderr


def written_notes(pack: Path, where: Path, *lesson: str) -> list[str]:
    """The brief (20 draws) and the lesson (of the scenario in ``lesson``, else the pack's
    default; no draws) of ``pack``, written as files in ``where`` and read back."""
    note, page = where / "note.md", where / "lesson.html"
    on_pack(pack, "brief", "--draws", "20", "-o", str(note))
    on_pack(pack, "lesson", *lesson, "--draws", "0", "-o", str(page))
    return [note.read_text(), page.read_text()]


def moves_on(pack: Path, question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if on ``pack``, without
    draws. The pack is read as the command reads it: from the test run's cache once its files
    are read, not parsed again for every question."""
    result = propagate_for(load_checked(pack)[0], question, RunOptions(draws=0))
    return dict(result.nodes[node].delta)


def shocked_on(pack: Path, question: str, node: str) -> list[tuple[float | None, float | None]]:
    """The change and the level ``question`` sets ``node`` to on ``pack``, shock by shock, as
    the JSON what-if lists them."""
    answer = json.loads(on_pack(pack, "whatif", question, "--draws", "0", "--format", "json"))
    return [(s["change"], s["level"]) for s in answer["shocks"] if s["node"] == node]


def flat(text: str) -> str:
    """``text`` on one line, as a reader follows it across the terminal's wrapping."""
    return " ".join(text.split())
