"""Outputs are written whole, with the permissions a plain open() would give."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from macrograph.explain.errors import OutputError
from macrograph.explain.files import write_atomic


def test_written_files_get_the_usual_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = write_atomic(tmp_path / "note.md", "# Note\n")
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o644


def test_a_failed_write_leaves_the_previous_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "note.md"
    target.write_text("old")

    def broken(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OutputError) as raised:
        write_atomic(target, "new")
    assert (raised.value.path, raised.value.detail) == (str(target), "No space left on device")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["note.md"]
