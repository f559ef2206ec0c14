#!/usr/bin/env python3
"""Rebuild and check the market series of the bundled pack (``rules/packs/december-2025``).

Every entry of the pack's ``series.yaml`` names the raw file its CSV was cut from: a path
in a public git repository at a fixed commit, with the sha256 of that file. This script
is not part of the installed package; it needs the standard library and PyYAML only.

Commands
--------
``fetch --mirror DIR [--raw RAW]``
    Copy each raw file out of the git mirrors under DIR (``DIR/<owner>+<name>/repo`` or
    ``DIR/<owner>+<name>``, read with ``git cat-file blob COMMIT:PATH``) into RAW, by
    default ``~/.cache/macrograph-data/raw/``, and check its sha256.
``build --raw RAW [--write]``
    Rebuild every CSV from the raw files, offline, and compare it byte for byte with the
    committed file. ``--write`` rewrites the CSVs and the ``sha256``, ``first`` and
    ``last`` of each series in ``series.yaml``.
``check``
    Without raw files: every committed CSV matches its recorded sha256 and is well formed
    (header ``date,value``, ISO dates ascending and unique, decimal values, none blank).

How a CSV is made from its raw file (recipes, rows, event windows) is in the sibling module
``series_rows.py``; this one holds the commands and the pack's ``series.yaml``.

Each command prints one line per problem and exits 0 when there is none, 1 otherwise.

Rows before 2012-01-01 are left out. A series with ``coverage: event-windows`` keeps only
the closes from 2 trading days before to 7 trading days after each event date (a trading
day is a day the source has a value; a date that is not one counts from the next one that
is): every ``date`` of the pack's event calendar (``calendar.yaml``, key ``calendar``), of
its episodes and of their shocks. An episode's window also reaches the close its longest
observed window ends on. Events outside the span of a series are skipped.

Examples
--------
From the repository root::

    python scripts/data/rebuild.py fetch --mirror ~/mirrors
    python scripts/data/rebuild.py build --raw ~/.cache/macrograph-data/raw
    python scripts/data/rebuild.py build --raw ~/.cache/macrograph-data/raw --write
    python scripts/data/rebuild.py check
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from series_rows import (  # the sibling module: how a CSV is made from its raw file
    HEADER,
    RECIPES,
    START,
    DataError,
    Row,
    event_dates,
    in_windows,
    load_yaml,
    read_rows,
    render,
)

REPO = Path(__file__).resolve().parents[2]
PACK = REPO / "rules" / "packs" / "december-2025"
SERIES_FILE = "series.yaml"
RAW = Path.home() / ".cache" / "macrograph-data" / "raw"


# --- the pack's series.yaml ------------------------------------------------------------


def load_series(pack: Path) -> tuple[list[dict[str, Any]], set[str]]:
    """The ``series`` entries of ``series.yaml`` and the ids of its ``sources``."""
    tree = load_yaml(pack / SERIES_FILE)
    if not isinstance(tree, dict) or not isinstance(tree.get("series"), list):
        raise DataError(f"{SERIES_FILE}: no 'series' list")
    sources = {str(item.get("id")) for item in tree.get("sources") or [] if isinstance(item, dict)}
    return [item for item in tree["series"] if isinstance(item, dict)], sources


def sha256(data: bytes) -> str:
    """Hex sha256 of some bytes.

    Examples
    --------
    >>> sha256(b"")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(data).hexdigest()


def raw_path(raw: Path, origin: dict[str, Any]) -> Path:
    """Where the raw file of an origin lives in the raw folder."""
    repository, commit, path = (
        str(origin.get(key, "")) for key in ("repository", "commit", "path")
    )
    if not (repository and commit and path) or ".." in Path(path).parts:
        raise DataError(f"origin {origin} needs a repository, a commit and a path")
    return raw / repository.replace("/", "+") / commit / path


# --- commands --------------------------------------------------------------------------


def fetch(mirror: Path, raw: Path, pack: Path = PACK) -> list[str]:
    """Copy every series' raw file out of the git mirrors into ``raw``; the problems."""
    problems: list[str] = []
    done: set[Path] = set()
    for entry in load_series(pack)[0]:
        origin = entry.get("origin") or {}
        try:
            target = raw_path(raw, origin)
            if target in done:
                continue
            done.add(target)
            data = _git_blob(mirror, origin)
        except DataError as err:
            problems.append(f"{entry.get('id')}: {err}")
            continue
        _write(target, data)
        if sha256(data) != origin.get("sha256"):
            problems.append(
                f"{entry.get('id')}: {origin['commit']}:{origin['path']} has sha256 "
                f"{sha256(data)}, series.yaml records {origin.get('sha256')}"
            )
    return problems


def _git_blob(mirror: Path, origin: dict[str, Any]) -> bytes:
    """The bytes of ``origin``'s file at its commit, from a git mirror under ``mirror``."""
    name = str(origin["repository"]).replace("/", "+")
    spec = f"{origin['commit']}:{origin['path']}"
    for git_dir in (mirror / name / "repo", mirror / name, mirror / name / ".git"):
        if not (git_dir / "HEAD").is_file():
            continue
        command = ["git", "--git-dir", str(git_dir), "cat-file", "blob", spec]
        shown = subprocess.run(command, capture_output=True, check=False)
        if shown.returncode != 0:
            error = shown.stderr.decode(errors="replace").strip()
            raise DataError(f"git cannot show {spec} in {git_dir}: {error}")
        return shown.stdout
    raise DataError(f"no git mirror of {origin['repository']} in {mirror}")


def _write(path: Path, data: bytes) -> None:
    """Write a file whole: a temporary file beside it, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def build(raw: Path, write: bool = False, pack: Path = PACK) -> list[str]:
    """Rebuild every CSV from the raw files and compare; with ``write``, replace them."""
    problems: list[str] = []
    entries, _ = load_series(pack)
    events = event_dates(pack)
    updates: dict[str, dict[str, str]] = {}
    for entry in entries:
        name = str(entry.get("id"))
        try:
            rows = _rebuilt(entry, raw, events)
        except DataError as err:
            problems.append(f"{name}: {err}")
            continue
        data = render(rows)
        target = pack / str(entry.get("file"))
        if write:
            _write(target, data)
            first, last = (rows[0][0], rows[-1][0]) if rows else ("", "")
            updates[name] = {"sha256": sha256(data), "first": str(first), "last": str(last)}
            continue
        committed = target.read_bytes() if target.is_file() else b""
        if committed != data:
            problems.append(
                f"{name}: {entry.get('file')} differs from the rebuild "
                f"({_first_difference(committed, data)})"
            )
        if sha256(data) != entry.get("sha256"):
            problems.append(
                f"{name}: the rebuild has sha256 {sha256(data)}, "
                f"series.yaml records {entry.get('sha256')}"
            )
    if write and updates:
        _update_series_yaml(pack / SERIES_FILE, updates)
    return problems


def _rebuilt(entry: dict[str, Any], raw: Path, events: list[tuple[date, int]]) -> list[Row]:
    name = str(entry.get("id"))
    if name not in RECIPES:
        raise DataError("no recipe in this script says how to read its source")
    source = raw_path(raw, entry.get("origin") or {})
    if not source.is_file():
        raise DataError(f"raw file missing: {source} (run fetch first)")
    data = source.read_bytes()
    if sha256(data) != (entry.get("origin") or {}).get("sha256"):
        raise DataError(f"raw file {source} does not match the sha256 in series.yaml")
    try:
        rows = [row for row in read_rows(data, RECIPES[name]) if row[0] >= START]
    except (DataError, UnicodeDecodeError) as err:
        raise DataError(f"{source.name}: {err}") from err
    if entry.get("coverage") == "event-windows":
        rows = in_windows(rows, events)
    if not rows:
        raise DataError(f"{source.name}: no rows")
    return rows


def _first_difference(old: bytes, new: bytes) -> str:
    old_lines, new_lines = old.decode(errors="replace").split("\n"), new.decode().split("\n")
    for number, (was, now) in enumerate(zip(old_lines, new_lines, strict=False), start=1):
        if was != now:
            return f"line {number}: committed {was!r}, rebuilt {now!r}"
    return f"committed {len(old_lines)} lines, rebuilt {len(new_lines)}"


def _update_series_yaml(path: Path, updates: dict[str, dict[str, str]]) -> None:
    """Rewrite the ``sha256``, ``first`` and ``last`` lines of the updated series entries,
    leaving every other line (comments included) as it is."""
    out: list[str] = []
    section, current = "", ""
    field = re.compile(r"^(\s+)(sha256|first|last):(\s*)\S.*$")
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        top = re.match(r"^([a-z_]+):", line)
        if top:
            section = top.group(1)
        entry = re.match(r"^\s*- id:\s*(\S+)", line)
        if section == "series" and entry:
            current = entry.group(1).strip("'\"")
        found = field.match(line.rstrip("\n"))
        if section == "series" and found and current in updates:
            indent, key, space = found.groups()
            line = f"{indent}{key}:{space or ' '}{updates[current][key]}\n"
        out.append(line)
    _write(path, "".join(out).encode("utf-8"))


def check(pack: Path = PACK) -> list[str]:
    """Problems with the committed CSVs, without raw files: sha256 and form."""
    try:
        entries, sources = load_series(pack)
    except DataError as err:
        return [str(err)]
    problems: list[str] = []
    seen: set[str] = set()
    declared: set[Path] = set()
    for entry in entries:
        name = str(entry.get("id"))
        if name in seen:
            problems.append(f"{name}: the series id appears twice")
        seen.add(name)
        if entry.get("coverage") not in ("full", "event-windows"):
            problems.append(f"{name}: coverage must be full or event-windows")
        if entry.get("source") not in sources:
            problems.append(f"{name}: source {entry.get('source')!r} is not in sources")
        target = pack / str(entry.get("file"))
        declared.add(target.resolve())
        if not target.is_file():
            problems.append(f"{name}: file {entry.get('file')} is missing")
            continue
        data = target.read_bytes()
        if sha256(data) != entry.get("sha256"):
            problems.append(
                f"{name}: {entry.get('file')} has sha256 {sha256(data)}, "
                f"series.yaml records {entry.get('sha256')}"
            )
        problems.extend(f"{name}: {entry.get('file')} {text}" for text in _form(data, entry))
    folder = pack / "data"
    for stray in sorted(folder.glob("*.csv")) if folder.is_dir() else []:
        if stray.resolve() not in declared:
            problems.append(f"data/{stray.name}: no series declares this file")
    return problems


def _form(data: bytes, entry: dict[str, Any]) -> list[str]:
    """What is wrong with the form of a committed CSV (an empty list when nothing is)."""
    if b"\r" in data:
        return ["has CR line ends"]
    if not data.endswith(b"\n"):
        return ["does not end with a newline"]
    lines = data.decode("utf-8", errors="replace").split("\n")[:-1]
    if not lines or lines[0] != HEADER:
        return [f"line 1: the header must be {HEADER!r}"]
    problems: list[str] = []
    days: list[date] = []
    for number, line in enumerate(lines[1:], start=2):
        cells = line.split(",")
        text = cells[1] if len(cells) == 2 else ""
        try:
            day = date.fromisoformat(cells[0])
            if day.isoformat() != cells[0] or not text or not Decimal(text).is_finite():
                raise ValueError
        except (ValueError, InvalidOperation):
            problems.append(f"line {number}: not an ISO date and a decimal value: {line!r}")
            continue
        if days and day <= days[-1]:
            problems.append(f"line {number}: {day} does not come after {days[-1]}")
        days.append(day)
    if not days:
        return [*problems, "has no rows"]
    for key, day in (("first", days[0]), ("last", days[-1])):
        if str(entry.get(key)) != day.isoformat():
            problems.append(f"{key} is {day}, series.yaml records {entry.get(key)}")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; 0 when it found no problem, 1 otherwise."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pack", type=Path, default=PACK, help="the pack folder")
    commands = parser.add_subparsers(dest="command", required=True)
    fetching = commands.add_parser("fetch", help="copy the raw files out of git mirrors")
    fetching.add_argument("--mirror", type=Path, required=True)
    fetching.add_argument("--raw", type=Path, default=RAW)
    building = commands.add_parser("build", help="rebuild the CSVs from the raw files")
    building.add_argument("--raw", type=Path, default=RAW)
    building.add_argument("--write", action="store_true")
    commands.add_parser("check", help="check the committed CSVs")
    args = parser.parse_args(argv)
    try:
        if args.command == "fetch":
            problems = fetch(args.mirror, args.raw.expanduser(), args.pack)
        elif args.command == "build":
            problems = build(args.raw.expanduser(), args.write, args.pack)
        else:
            problems = check(args.pack)
    except DataError as err:
        problems = [str(err)]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
