"""A briefing note or a charted what-if whose charts are drawn in a process of their own,
beside the rest of the note, is the note drawn in one process, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from macrograph import RunOptions
from macrograph.explain.brief.note import NoteOptions, make_brief
from macrograph.explain.cli import main
from macrograph.rules.pack import Pack


@pytest.mark.slow
@pytest.mark.parametrize(("fmt", "output"), [("html", None), ("md", "note.md")])
def test_charts_drawn_beside_the_note_give_the_note_drawn_alone(
    pack: Pack, monkeypatch: pytest.MonkeyPatch, counted_forks: list[int], fmt: str, output: str
) -> None:
    options, note = RunOptions(draws=0), NoteOptions(fmt=fmt, output=output)  # charts all the same
    monkeypatch.setenv("MACROGRAPH_PROCESSES", "1")
    alone = make_brief(pack, "december-2025", note, options)
    assert counted_forks == []
    monkeypatch.setenv("MACROGRAPH_PROCESSES", "2")
    beside = make_brief(pack, "december-2025", note, options)
    assert len(counted_forks) == 1
    assert beside == alone
    charted = alone.text if fmt == "html" else b"".join(svg for _, svg in alone.charts).decode()
    assert charted.count("<svg") >= 2  # both charts, not two empty notes alike


@pytest.mark.slow
def test_a_note_with_no_charts_forks_nothing(
    pack: Pack, monkeypatch: pytest.MonkeyPatch, counted_forks: list[int]
) -> None:
    monkeypatch.setenv("MACROGRAPH_PROCESSES", "2")
    note = make_brief(pack, "december-2025", NoteOptions(fmt="md"), RunOptions(draws=0))
    assert counted_forks == [] and note.charts == ()


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["html", "md"])
def test_a_charted_whatif_drawn_beside_is_the_whatif_drawn_alone(
    monkeypatch: pytest.MonkeyPatch, counted_forks: list[int], tmp_path: Path, fmt: str
) -> None:
    def written(processes: str) -> dict[str, bytes]:
        monkeypatch.setenv("MACROGRAPH_PROCESSES", processes)
        folder = tmp_path / processes
        folder.mkdir()
        args = ["whatif", "BoJ skips", "--format", fmt, "-o", str(folder / f"answer.{fmt}")]
        out = CliRunner().invoke(main, [*args, "--draws", "40"])
        assert out.exit_code == 0, out.output
        return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}

    alone = written("1")
    assert counted_forks == []
    beside = written("2")
    assert len(counted_forks) == 1  # the charts' process, forked before the draws
    assert beside == alone
    charted = b"".join(alone.values())
    assert charted.count(b"<svg") >= 2 and b"fan-0-median" in charted
