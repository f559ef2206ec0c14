"""The hostile corpus: cases described in ``cases.yaml``, set up in a temporary folder.

A case names a base pack (``bundled``, ``tiny``, ``hostile_pack``, ``hostile_narrative_pack``
or ``none``), edits to it, files, folders, FIFOs, devices and symlinks to create, and
the command line; :func:`prepare` builds all of it under ``root/work`` (the command's
working folder, whose snapshot is compared before and after) and returns the arguments
with ``@PACK@``, ``@WORK@`` and ``@BUNDLED@`` filled in. Large inputs are generated
here from a short description (``generate``) so the repository stays small.

The fields a case may use are listed in ``FIELDS``; ``tests/test_hostile_corpus.py``
runs the cases and checks them.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from macrograph.rules.pack import bundled_pack_dir
from tests.packfactory import write_pack

HERE = Path(__file__).parent
TESTS = HERE.parent
FIELDS = {
    "id",
    "item",
    "why",
    "pack",
    "edit",
    "files",
    "generate",
    "setup",
    "args",
    "env",
    "cache",
    "exit",
    "stderr",
    "stderr_has",
    "stderr_lacks",
    "stdout_has",
    "stdout_empty",
    "outputs",
    "keep_kind",
    "fifo_reader",
    "markup",
    "no_leftovers",
    "timeout",
    "template_seconds",
    "memory",
    "root_only",
    "via",
    "xfail",
    "slow",
}
DEVICES = {"null": (1, 3), "zero": (1, 5), "full": (1, 7)}


def load_cases() -> list[dict[str, Any]]:
    """The cases of ``cases.yaml``, each checked for unknown fields and a unique id."""
    text = (HERE / "cases.yaml").read_text(encoding="utf-8")
    cases: list[dict[str, Any]] = yaml.load(text, Loader=yaml.CSafeLoader)  # libyaml: 0.02 s
    seen: set[str] = set()
    for case in cases:
        unknown = set(case) - FIELDS
        assert not unknown, f"case {case.get('id')}: unknown fields {sorted(unknown)}"
        assert case["id"] not in seen, f"case {case['id']} given twice"
        seen.add(case["id"])
    return cases


def fill(value: str, places: Mapping[str, str]) -> str:
    """``value`` with ``@NAME@`` placeholders replaced.

    Examples
    --------
    >>> fill("--pack=@PACK@", {"PACK": "/tmp/p"})
    '--pack=/tmp/p'
    """
    for name, replacement in places.items():
        value = value.replace(f"@{name}@", replacement)
    return value


def argument(item: Any, places: Mapping[str, str]) -> str:
    """One command-line argument: text, or ``{repeat: TEXT, times: N, before: .., after: ..}``.

    Examples
    --------
    >>> argument({"repeat": "ab", "times": 3, "before": "<", "after": ">"}, {})
    '<ababab>'
    """
    if isinstance(item, Mapping):
        body = str(item["repeat"]) * int(item["times"])
        return fill(str(item.get("before", "")) + body + str(item.get("after", "")), places)
    return fill(str(item), places)


def _base_pack(kind: str, work: Path) -> Path | None:
    if kind == "none":
        return None
    if kind == "tiny":
        return write_pack(work)
    source = bundled_pack_dir() if kind == "bundled" else TESTS / kind
    shutil.copytree(source, work / "pack")
    return work / "pack"


def _edit(pack: Path, change: Mapping[str, Any]) -> None:
    path = pack / change["file"]
    text = path.read_text(encoding="utf-8")
    old, new = str(change["old"]), str(change["new"])
    count = int(change.get("count", 1))
    assert text.count(old) == count, f"{old!r} occurs {text.count(old)} times in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _write(path: Path, spec: Any, places: Mapping[str, str]) -> None:
    """Write text (placeholders filled), ``{text, encoding}``, ``{hex}`` bytes or ``{repeat}``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(spec, Mapping) and "repeat" in spec:
        path.write_bytes(argument(spec, places).encode("utf-8"))
    elif isinstance(spec, Mapping) and "hex" in spec:
        path.write_bytes(bytes.fromhex(str(spec["hex"])))
    elif isinstance(spec, Mapping):
        path.write_bytes(fill(str(spec["text"]), places).encode(str(spec["encoding"])))
    else:
        path.write_bytes(fill(str(spec), places).encode("utf-8"))


def _setup(op: Mapping[str, Any], work: Path, places: Mapping[str, str]) -> None:
    (verb, target), *rest = op.items()
    options = dict(rest)
    path = work / fill(str(target), places)
    path.parent.mkdir(parents=True, exist_ok=True)
    if verb == "mkdir":
        path.mkdir(parents=True, exist_ok=True)
    elif verb == "write":
        _write(path, options["text"], places)
    elif verb == "mkfifo":
        os.mkfifo(path)
    elif verb == "mknod":
        major, minor = DEVICES[str(options["device"])]
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
    elif verb == "symlink":
        os.symlink(fill(str(options["to"]), places), path)
    elif verb == "chmod":
        os.chmod(path, int(str(options["mode"]), 8))
    elif verb == "chown":
        os.lchown(path, int(options["uid"]), int(options["uid"]))
    else:
        raise AssertionError(f"unknown set-up step {verb!r}")


def _generate(spec: Mapping[str, Any], pack: Path) -> None:
    """Large inputs from a short description (see the ``generate`` cases in cases.yaml)."""
    kind = spec["kind"]
    if kind == "extends_chain":
        depth = int(spec["depth"])
        lines = ["scenarios:"]
        for i in range(1, depth + 1):
            parent = "base" if i == 1 else f"chain-{i - 1}"
            lines += [
                f"  - id: chain-{i}",
                f"    title: Chain link {i}",
                "    summary: One more link.",
                f"    extends: {parent}",
                "    shocks: []",
            ]
        (pack / "chain.yaml").write_text("\n".join(lines) + "\n")
    elif kind == "big_graph":
        nodes, rules = int(spec["nodes"]), int(spec["rules"])
        body = ["nodes:"]
        for i in range(nodes):
            body += [
                f"  - id: n{i}",
                f"    label: Node {i}",
                "    kind: indicator",
                "    region: US",
                "    unit: index",
                "    description: A generated node.",
            ]
        body.append("rules:")
        for i in range(rules):
            a, b = i % nodes, (i * 7 + 1) % nodes
            b = (b + 1) % nodes if a == b else b
            source, target = min(a, b), max(a, b)  # acyclic: every rule points up
            body += [
                f"  - id: r{i}",
                "    kind: linear",
                f"    source: n{source}",
                f"    target: n{target}",
                "    channel: fx",
                '    effect: "+"',
                "    magnitude: {elasticity: 0.1, units: index/index}",
                "    lag: 1d",
                "    confidence: low",
                "    because: a generated rule",
                "    cites: {basis: seed, claims: [C01]}",
            ]
        (pack / "big.yaml").write_text("\n".join(body) + "\n")
    elif kind == "many_files":
        for i in range(int(spec["count"])):
            (pack / f"extra-{i:05d}.yaml").write_text(f"# file {i}\nclaims: []\n")
    elif kind == "padding":
        text = "# " + "x" * 1000 + "\n"
        per_file = int(spec["bytes"]) // len(text)
        for i in range(int(spec["files"])):
            (pack / f"pad-{i:03d}.yaml").write_text(text * per_file + "claims: []\n")
    else:
        raise AssertionError(f"unknown generator {kind!r}")


def prepare(case: Mapping[str, Any], root: Path) -> tuple[Path, dict[str, str]]:
    """Build the case's folder under ``root/work``; returns it and the placeholders."""
    work = root / "work"
    work.mkdir()
    pack = _base_pack(str(case.get("pack", "bundled")), work)
    places = {
        "WORK": str(work),
        "PACK": str(pack) if pack else str(work / "pack"),
        "BUNDLED": str(bundled_pack_dir()),
        "DIGITS5000": "9" * 5000,
    }
    if pack is not None:
        for change in case.get("edit", []):
            _edit(pack, change)
        for name, spec in (case.get("files") or {}).items():
            _write(pack / name, spec, places)
        for spec in case.get("generate", []):
            _generate(spec, pack)
    for op in case.get("setup", []):
        _setup(op, work, places)
    return work, places
