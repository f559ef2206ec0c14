"""Running ``dot``: formats, a missing or failing ``dot``, timeouts, atomic files, the CLI."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from macrograph.explain.diagram import style as st
from macrograph.explain.diagram.build import chain_diagram, map_diagram, result_for
from macrograph.explain.diagram.chain import select_chain
from macrograph.explain.errors import DotFailedError, DotMissingError, UnknownFormatError
from macrograph.explain.render import format_for, render
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.rules.pack import Pack
from tests.packfactory import Cli

HOSTILE = Path(__file__).parents[1] / "hostile_pack"
SVG = "{http://www.w3.org/2000/svg}"
MISSING = (
    "macrograph: Graphviz 'dot' is not installed, so svg output cannot be made; "
    "install it with 'apt-get install graphviz' (or write .dot output instead)\n"
)


def fake_dot(folder: Path, script: str) -> Path:
    """A ``dot`` on PATH that runs ``script`` (a POSIX shell body)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "dot"
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return folder


def svg_texts(data: bytes) -> str:
    """All text of an SVG (it must parse as XML), lines joined by spaces."""
    root = ET.fromstring(data)
    assert not list(root.iter(f"{SVG}script"))
    return " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


@pytest.mark.parametrize(
    ("output", "given", "fmt"),
    [
        ("a.svg", None, "svg"),
        ("a.PNG", None, "png"),
        ("a.gv", None, "dot"),
        ("-", None, "dot"),
        ("a", "pdf", "pdf"),
        ("a", "dot", "dot"),
    ],
)
def test_format_follows_the_flag_then_the_suffix(output: str, given: str | None, fmt: str) -> None:
    assert format_for(output, given) == fmt


def test_an_unknown_suffix_is_refused() -> None:
    with pytest.raises(UnknownFormatError) as caught:
        format_for("chain.jpeg", None)
    assert caught.value.given == ".jpeg"


def test_dot_format_needs_no_graphviz(
    pack: Pack, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    graph = map_diagram(pack)
    assert render(graph, "dot") == graph.source.encode()
    with pytest.raises(DotMissingError) as caught:
        render(graph, "svg")
    assert caught.value.fmt == "svg"


def test_missing_dot_cli_exits_2_with_one_line_and_dot_output_still_works(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = cli("diagram", "boj-skips", "-o", str(tmp_path / "chain.svg"))
    assert (out.code, out.stdout, out.stderr) == (2, "", MISSING)
    assert not (tmp_path / "chain.svg").exists()
    ok = cli("diagram", "boj-skips", "-o", str(tmp_path / "chain.dot"))
    assert ok.code == 0 and (tmp_path / "chain.dot").read_text().startswith("digraph")


def test_failing_dot_leaves_the_previous_file_untouched_and_no_temporary(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    script = (
        f"{shutil.which('cat')} >/dev/null; printf '<svg>half'; "
        "echo 'Error: <stdin>: syntax error in line 3' >&2; exit 1"
    )
    bin_dir = fake_dot(tmp_path / "bin", script)
    monkeypatch.setenv("PATH", str(bin_dir))
    target = tmp_path / "out" / "chain.svg"
    target.parent.mkdir()
    target.write_text("previous diagram")
    out = cli("diagram", "boj-skips", "-o", str(target))
    assert out.code == 2
    assert out.stderr == (
        "macrograph: Graphviz 'dot' failed making svg: Error: <stdin>: syntax error in line 3\n"
    )
    assert target.read_text() == "previous diagram"
    assert sorted(p.name for p in target.parent.iterdir()) == ["chain.svg"]


@pytest.mark.slow
def test_a_slow_dot_is_stopped_at_the_timeout(
    pack: Pack, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(fake_dot(tmp_path, f"exec {shutil.which('sleep')} 30")))
    started = time.monotonic()
    with pytest.raises(DotFailedError) as caught:
        render(map_diagram(pack), "svg", timeout=0.5)
    assert time.monotonic() - started < 10
    assert caught.value.timed_out and caught.value.detail == "no result after 0.5s"


def test_failed_frames_write_nothing(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(fake_dot(tmp_path / "bin", "exit 3")))
    frames = tmp_path / "frames"
    out = cli("diagram", "boj-skips", "--steps", str(frames))
    assert out.code == 2 and "exit status 3" in out.stderr
    assert not frames.exists()


def test_dot_to_stdout_is_the_diagram_source(cli: Cli, pack: Pack) -> None:
    out = cli("diagram", "BoJ skips", "-o", "-")
    expected = chain_diagram(pack, propagate(pack, "boj-skips", RunOptions(draws=0))).source
    assert out.code == 0 and out.stdout == expected
    assert cli("diagram", "boj-skips").stdout == expected  # stdout and DOT are the defaults


@pytest.mark.slow  # diagrams drawn by dot
def test_cli_views_and_options_reach_the_library(cli: Cli, pack: Pack) -> None:
    result = result_for(pack, "boj-skips", RunOptions(focus="2w"))
    assert result.horizons == ("1d", "1w", "2w", "1m", "3m")  # in order, as every command's
    out = cli("diagram", "boj-skips", "--view", "diff", "--horizon", "2w")
    assert out.code == 0 and "scenario minus comparison at 2w" in out.stdout
    assert "whole map" in cli("diagram", "--view", "map").stdout
    focused = cli("diagram", "boj-skips", "--focus", "yen", "--depth", "1")
    assert focused.code == 0 and "USD/JPY" in focused.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["boj-skips", "--horizon", "soon"], "macrograph: not a horizon: 'soon'"),
        (["boj-skips", "-o", "chain.jpeg"], "macrograph: unknown format '.jpeg'; use one of"),
        (["boj-skips", "--focus", "nowhere"], "macrograph: unknown node 'nowhere'"),
        (["boj-skips", "--against", "nothing-like-it"], "macrograph: no scenario matches"),
    ],
)
def test_bad_diagram_input_exits_2_with_a_message(cli: Cli, args: list[str], message: str) -> None:
    out = cli("diagram", *args)
    assert out.code == 2 and out.stderr.startswith(message) and "Traceback" not in out.stderr


@pytest.mark.slow  # fresh interpreters
def test_dot_text_is_identical_across_hash_seeds(tmp_path: Path) -> None:
    def run(seed: str) -> bytes:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        command = [sys.executable, "-m", "macrograph.explain.cli", "diagram", "boj-skips"]
        return subprocess.run(command, env=env, capture_output=True, check=True, timeout=120).stdout

    first = run("0")
    assert first.startswith(b"digraph") and run("12345") == first


@pytest.mark.usefixtures("needs_dot")
def test_chain_svg_parses_and_shows_every_node_label(
    pack: Pack, cli: Cli, tmp_path: Path, bundled_words: None
) -> None:
    target = tmp_path / "chain.svg"
    assert cli("diagram", "boj-skips", "-o", str(target)).code == 0
    text = svg_texts(target.read_bytes())
    result = propagate(pack, "boj-skips", RunOptions(draws=0))
    chain = select_chain(pack, result)
    for node in chain.nodes:
        outcome = result.nodes[node]
        for line in st.wrap(outcome.label, 20, 3):
            assert line in text, node
        assert st.amount_text(outcome.delta["3m"], outcome.unit) in text
    assert next(s for s in result.shocks if s.node == "boj_policy_rate").label in text


@pytest.mark.usefixtures("needs_dot")
def test_map_and_diff_svgs_show_every_node(pack: Pack, cli: Cli, tmp_path: Path) -> None:
    for view in ("map", "diff"):
        target = tmp_path / f"{view}.svg"
        assert cli("diagram", "boj-skips", "--view", view, "-o", str(target)).code == 0
        text = svg_texts(target.read_bytes())
        for node in pack.nodes.values():
            assert st.wrap(node.label, 20, 3)[0] in text, (view, node.id)


@pytest.mark.slow  # diagrams drawn by dot
@pytest.mark.usefixtures("needs_dot")
def test_png_and_pdf_are_what_their_names_say(cli: Cli, tmp_path: Path) -> None:
    assert cli("diagram", "boj-skips", "-o", str(tmp_path / "c.png")).code == 0
    assert (tmp_path / "c.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert cli("diagram", "boj-skips", "--format", "pdf", "-o", str(tmp_path / "c")).code == 0
    assert (tmp_path / "c").read_bytes()[:5] == b"%PDF-"


@pytest.mark.usefixtures("needs_dot")
def test_hostile_pack_renders_to_valid_svg_with_literal_text(cli: Cli, tmp_path: Path) -> None:
    for view in ("chain", "map", "diff"):
        target = tmp_path / f"{view}.svg"
        out = cli("diagram", "hold", "--pack", str(HOSTILE), "--view", view, "-o", str(target))
        assert out.code == 0, out.stderr
        text = svg_texts(target.read_bytes())
        assert "<script>" in text  # shown as text, never as markup
        assert "\x1b" not in target.read_text() and "\u202e" not in target.read_text()
    chain = svg_texts((tmp_path / "chain.svg").read_bytes())
    assert "Priced path: <script" in chain and 'alert("x")</script>' in chain


@pytest.mark.usefixtures("needs_dot")
def test_steps_write_numbered_svg_frames_and_keep_other_files(
    pack: Pack, cli: Cli, tmp_path: Path
) -> None:
    frames = tmp_path / "frames"
    frames.mkdir()
    (frames / "step-99.svg").write_text("older")
    (frames / "notes.txt").write_text("kept")
    out = cli("diagram", "boj-skips", "--steps", str(frames))
    steps = select_chain(pack, propagate(pack, "boj-skips", RunOptions(draws=0))).steps
    names = [f"step-{i:02d}.svg" for i in range(1, steps + 1)]
    assert out.code == 0 and out.stdout == "".join(f"wrote {frames / n}\n" for n in names)
    assert sorted(p.name for p in frames.iterdir()) == sorted([*names, "notes.txt", "step-99.svg"])
    assert (frames / "step-99.svg").read_text() == "older"  # not this run's: left alone
    for name in names:
        svg_texts((frames / name).read_bytes())
