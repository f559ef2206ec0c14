"""The hostile corpus (tests/hostile/cases.yaml): each case one parametrized test.

Every case runs ``macrograph`` in a fresh folder, under a time bound and a memory limit
(forked from pytest, or the installed script for ``via: subprocess`` and the cases that
need a real process), and must hold, besides its own expectations (exit status, message):

- no traceback, and a refusal (exit 2) is one ``macrograph:`` line (continuation lines
  indented) or click's usage error;
- no raw control or bidi character on stdout or stderr;
- nothing in the folder but the case's named outputs created, changed or deleted
  (devices and FIFOs it names stay what they were);
- no ``javascript:`` URL and no tag from pack text (``<evil``) in an SVG, HTML,
  Markdown, GraphML or Mermaid output; DOT output is drawn with ``dot`` and checked
  the same way.

A case that fails today because another issue-9 item fixes it carries ``xfail: "item N:
..."`` in the manifest and runs as a strict xfail: once the fix lands, the case passes,
the xfail turns into a failure, and the marker is removed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from macrograph.explain import sandbox as template_sandbox
from tests.hostile.corpus import argument, fill, load_cases, prepare
from tests.hostile.sandbox import (
    MEMORY_LIMIT,
    Entry,
    Run,
    changes,
    preload_documents,
    raw_controls,
    run_forked,
    run_subprocess,
    snapshot,
)

CASES = load_cases()
JS_URL = re.compile(
    r"(?i)\b(?:href|src|action)\s*=\s*[\"']?\s*javascript:"  # an HTML, SVG or XML attribute
    r"|\]\(\s*javascript:"  # a Markdown link
    r"|\bclick\s+\S+\s+(?:href\s+)?\"?javascript:"  # a Mermaid click
)
TAG = re.compile(r"(?i)<evil")
CHECKED = {".svg", ".html", ".md", ".graphml", ".mmd", ".dot"}


def _params() -> list[Any]:
    params = []
    for case in CASES:
        marks = []
        if case.get("xfail"):
            marks.append(pytest.mark.xfail(strict=True, reason=str(case["xfail"])))
        if case.get("slow") or runner(case) is run_subprocess:  # a fresh process: slow
            marks.append(pytest.mark.slow)
        params.append(pytest.param(case, id=str(case["id"]), marks=marks))
    return params


class FifoReader(threading.Thread):
    """Reads whatever a run writes into a FIFO, without blocking if nothing ever does."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        self.data = bytearray()
        self.done = threading.Event()

    def run(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, 1 << 16)
            except BlockingIOError:
                chunk = None
            if chunk:
                self.data += chunk
            elif self.done.is_set():
                break
            else:
                time.sleep(0.02)
        os.close(self.fd)


def markup_problems(name: str, text: str) -> list[str]:
    """``javascript:`` URLs and ``<evil`` tags in an output (DOT is drawn first)."""
    if name.endswith(".dot"):
        if shutil.which("dot") is None:
            return []
        drawn = subprocess.run(
            ["dot", "-Tsvg"], input=text, capture_output=True, text=True, timeout=60
        )
        if drawn.returncode != 0:
            return [f"{name}: dot cannot read it: {drawn.stderr.strip()[:300]}"]
        text = drawn.stdout
    problems = [f"{name}: javascript: URL {m.group()!r}" for m in JS_URL.finditer(text)]
    problems += [f"{name}: raw tag from pack text at {m.start()}" for m in TAG.finditer(text)]
    return problems


def _output_files(work: Path, outputs: list[str]) -> list[Path]:
    found: list[Path] = []
    for name in outputs:
        path = work / name
        if path.is_dir() and not path.is_symlink():
            found += sorted(p for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            found.append(path)
    return found


def _allowed(path: str, outputs: list[str]) -> bool:
    return any(path == o.rstrip("/") or path.startswith(o.rstrip("/") + "/") for o in outputs)


def _tamper(folder: Path, how: str, work: Path) -> None:
    """Damage every entry of a primed cache folder, whatever its format."""
    entries = sorted(p for p in folder.rglob("*") if p.is_file())
    assert entries, "priming the cache wrote no entry"
    for entry in entries:
        data = entry.read_bytes()
        if how == "exec":
            import pickle

            class Exploit:
                def __reduce__(self) -> tuple[Any, ...]:
                    return (os.system, (f"touch {work}/PWNED",))

            entry.write_bytes(pickle.dumps(Exploit()))
        elif how == "bitflip":
            import struct

            for old, new in (
                (struct.pack(">d", 0.4), struct.pack(">d", 1.6)),
                (struct.pack("<d", 0.4), struct.pack("<d", 1.6)),
                (b"0.4", b"1.6"),
            ):
                if old in data:
                    entry.write_bytes(data.replace(old, new, 1))
                    break
            else:
                middle = len(data) // 2
                entry.write_bytes(data[:middle] + bytes([data[middle] ^ 4]) + data[middle + 1 :])
        elif how == "truncate":
            entry.write_bytes(data[: len(data) // 2])
        elif how == "garbage":
            entry.write_bytes(bytes(range(256)) * 64)
        elif how == "empty":
            entry.write_bytes(b"")
        elif how == "folder":
            entry.unlink()
            entry.mkdir()
        elif how == "foreign":
            os.lchown(entry, 65534, 65534)
        else:
            raise AssertionError(f"unknown tampering {how!r}")


def _check_stderr(case: Mapping[str, Any], run: Run, places: Mapping[str, str]) -> None:
    err = run.stderr
    if "stderr" in case:
        assert err == fill(str(case["stderr"]), places), err
    for part in case.get("stderr_has", []):
        assert fill(str(part), places) in err, f"{part!r} not in stderr:\n{err}"
    for part in case.get("stderr_lacks", []):
        assert fill(str(part), places) not in err, f"{part!r} in stderr:\n{err}"
    if run.code == 2 and not err.startswith("Usage: "):
        lines = err.splitlines()
        assert lines and lines[0].startswith("macrograph: "), err
        assert all(line.startswith("  ") for line in lines[1:]), err


@dataclass
class Ran:
    """A case's run, with the folder as it was before and after."""

    run: Run
    work: Path
    places: dict[str, str]
    before: dict[str, Entry]
    after: dict[str, Entry]
    fifo: bytes | None
    clean: Run | None


def runner(case: Mapping[str, Any]) -> Callable[..., Run]:
    """The installed script for cases that need a real process, else a forked child.

    A real process for a FIFO read meanwhile, a memory bound, or ``via: subprocess``
    (the terminal cases use it: click's test runner turns CR LF into LF); a child forked
    from pytest otherwise, about four times faster.
    """
    real = case.get("via") == "subprocess" or "fifo_reader" in case or "memory" in case
    return run_subprocess if real else run_forked


def execute(case: Mapping[str, Any], root: Path) -> Ran:
    """Set the case up in ``root`` (priming and tampering a cache first if asked), run it."""
    work, places = prepare(case, root)
    env = {k: fill(str(v), places) for k, v in (case.get("env") or {}).items()}
    args = [argument(a, places) for a in case["args"]]
    limits = {"timeout": float(case.get("timeout", 30)), "memory": case.get("memory", MEMORY_LIMIT)}
    run_cli = runner(case)
    clean = None
    if "cache" in case:
        env["MACROGRAPH_CACHE"] = str(root / "cache")
        clean = run_cli(args, env=env, cwd=work, **limits)
        assert clean.code == 0, f"priming the cache failed:\n{clean.stderr[-3000:]}"
        _tamper(root / "cache", str(case["cache"]), work)
    before = snapshot(work)
    reader = FifoReader(work / case["fifo_reader"]) if case.get("fifo_reader") else None
    if reader is not None:
        reader.start()
    run = run_cli(args, env=env, cwd=work, **limits)
    if reader is not None:
        reader.done.set()
        reader.join(10)
    fifo = None if reader is None else bytes(reader.data)
    return Ran(run, work, places, before, snapshot(work), fifo, clean)


def check_outcome(case: Mapping[str, Any], ran: Ran) -> None:
    """Time, exit status, messages, and a terminal left alone."""
    run = ran.run
    assert not run.timed_out, f"still running after {case.get('timeout', 30)}s"
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    expected = case.get("exit", 0)
    allowed = expected if isinstance(expected, list) else [expected]
    assert run.code in allowed, f"exit {run.code}, wanted {expected}:\n{run.stderr[-3000:]}"
    _check_stderr(case, run, ran.places)
    assert raw_controls(run.stdout) == [], "raw control characters on stdout"
    assert raw_controls(run.stderr) == [], "raw control characters on stderr"
    for part in case.get("stdout_has", []):
        assert fill(str(part), ran.places) in run.stdout, f"{part!r} not on stdout"
    if case.get("stdout_empty"):
        assert run.stdout == "", run.stdout[:500]
    if ran.fifo is not None:
        assert ran.fifo.strip(), "nothing arrived through the FIFO"
    if ran.clean is not None:
        assert run.stdout == ran.clean.stdout, "a tampered cache changed the answer"


def check_files(case: Mapping[str, Any], ran: Ran, root: Path) -> None:
    """Nothing but the named outputs touched, and no markup from pack text in them."""
    outputs = [fill(str(o), ran.places) for o in case.get("outputs", [])]
    found = changes(ran.before, ran.after)
    touched = {path: what for path, what in found.items() if not _allowed(path, outputs)}
    assert touched == {}, f"touched outside the named outputs: {touched}"
    for name in case.get("keep_kind", []):
        kind = ran.before[name][0]
        assert ran.after.get(name, ("missing",))[0] == kind, f"{name} is no longer a {kind}"
    for pattern in [*case.get("no_leftovers", []), "cache/**/*.tmp"]:
        assert not list(root.glob(pattern)), f"{pattern} left behind"
    problems: list[str] = []
    for path in _output_files(ran.work, outputs):
        if path.suffix in CHECKED:
            text = path.read_text(encoding="utf-8", errors="replace")
            problems += markup_problems(path.name, text)
    if case.get("markup"):
        problems += markup_problems(f"stdout.{case['markup']}", ran.run.stdout)
    assert problems == []


def run_case(case: Mapping[str, Any], root: Path) -> None:
    """Set the case up in ``root``, run it, and check it (see the module's docstring)."""
    if case.get("root_only") and os.geteuid() != 0:
        pytest.skip("needs root (mknod or chown); run as root in CI")
    ran = execute(case, root)
    check_outcome(case, ran)
    check_files(case, ran, root)


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    preload_documents()  # the cases write charts, drawings, lessons and backtests too


@pytest.mark.parametrize("case", _params())
def test_hostile_case(
    case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if "template_seconds" in case:  # the template deadline lowered, so a loop meets it sooner
        assert runner(case) is run_forked, "the forked child inherits the lowered deadline"
        monkeypatch.setattr(template_sandbox, "MAX_TEMPLATE_SECONDS", case["template_seconds"])
    run_case(case, tmp_path)


def test_every_issue_item_has_cases() -> None:
    """The corpus covers each of issue 9's six items, and stays a corpus (60 cases or more)."""
    items = {case.get("item") for case in CASES}
    assert {1, 2, 3, 4, 5, 6} <= items
    assert len(CASES) >= 60
