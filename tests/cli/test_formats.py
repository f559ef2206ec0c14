"""Outputs follow the file: ``-o``'s suffix chooses the format unless ``--format`` says otherwise.

One table (``explain.suffixes.FORMAT_OF_SUFFIX``) serves every command that writes; a suffix
that disagrees with ``--format`` is a usage error in one line, exit status 2, nothing written.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from macrograph.explain.errors import FormatConflictError, UnknownFormatError
from macrograph.explain.suffixes import choose_format

Cli = Callable[..., Any]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.mark.slow  # a command per output format
@pytest.mark.parametrize(
    ("args", "name", "starts"),
    [
        (("whatif", "BoJ skips", "--draws", "0"), "w.json", "{"),
        (("whatif", "BoJ skips", "--draws", "0"), "w.html", "<!DOCTYPE html>"),
        (("whatif", "BoJ skips", "--draws", "0"), "w.md", "# "),
        (("whatif", "BoJ skips", "--draws", "0"), "w.txt", "The BoJ"),
        (("whatif", "BoJ skips", "--draws", "0"), "w.log", "The BoJ"),
        (("explain", "usd_jpy", "--draws", "0"), "e.html", "<!DOCTYPE html>"),
        (("explain", "usd_jpy", "--draws", "0"), "e.md", "# "),
        (("backtest", "--only", "written", "--draws", "0"), "b.json", "{"),
        (("export",), "x.graphml", "<?xml"),
        (("export",), "x.mmd", "%% macrograph"),
        (("diagram", "boj-skips"), "d.gv", "digraph"),
    ],
)
def test_the_suffix_chooses_the_format(
    cli: Cli, args: tuple[str, ...], name: str, starts: str
) -> None:
    out = cli(*args, "-o", name)
    assert out.code == 0, out.stderr
    text = Path(name).read_text(encoding="utf-8")
    assert text.startswith(starts)
    if name.endswith(".json"):
        json.loads(text)


@pytest.mark.parametrize(
    ("args", "name", "fmt", "named"),
    [
        (("whatif", "BoJ skips"), "w.json", "md", "json"),
        (("explain", "usd_jpy"), "e.html", "text", "html"),
        (("brief",), "n.html", "md", "html"),
        (("backtest", "--only", "written"), "b.md", "json", "md"),
        (("export",), "x.json", "mermaid", "json"),
        (("diagram", "boj-skips"), "d.svg", "pdf", "svg"),
    ],
)
def test_a_suffix_that_disagrees_with_format_is_refused(
    cli: Cli, args: tuple[str, ...], name: str, fmt: str, named: str
) -> None:
    out = cli(*args, "-o", name, "--format", fmt)
    assert out.code == 2
    assert out.stderr == (
        f"macrograph: -o {name} names {named} output but --format is {fmt}; "
        "drop one or make them agree\n"
    )
    assert not Path(name).exists()


@pytest.mark.parametrize(
    ("args", "name"),
    [(("whatif", "BoJ skips"), "w.pdf"), (("explain", "usd_jpy"), "e.svg"), (("lesson",), "l.md")],
)
def test_a_suffix_naming_a_format_the_command_cannot_write_is_refused(
    cli: Cli, args: tuple[str, ...], name: str
) -> None:
    out = cli(*args, "-o", name)
    assert out.code == 2
    assert out.stderr.startswith(f"macrograph: unknown format '{Path(name).suffix}'; use one of ")
    assert not Path(name).exists()


def test_format_wins_over_a_suffix_that_names_nothing(cli: Cli) -> None:
    out = cli("whatif", "BoJ skips", "--draws", "0", "-o", "answer.out", "--format", "json")
    assert out.code == 0
    json.loads(Path("answer.out").read_text(encoding="utf-8"))


def test_one_table_decides() -> None:
    assert choose_format("A.JSON", None, ("text", "json"), "text") == "json"
    assert choose_format("-", "json", ("text", "json"), "text") == "json"
    with pytest.raises(FormatConflictError) as caught:
        choose_format("a.svg", "pdf", ("svg", "pdf"), "dot")
    assert (caught.value.named, caught.value.given) == ("svg", "pdf")
    with pytest.raises(UnknownFormatError):
        choose_format("a.log", None, ("svg", "pdf"), "dot")
