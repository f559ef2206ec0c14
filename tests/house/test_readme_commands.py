"""Every command line the README shows names a command, options and choices the command
line has: a newcomer copies them."""

from __future__ import annotations

import re
from pathlib import Path

import click

from macrograph.explain.cli import main
from macrograph.rules.reading.loader import SECTIONS
from tests.packfactory import Cli

ROOT = Path(__file__).resolve().parents[2]


def _command_lines() -> list[str]:
    """The README's ``macrograph ...`` lines: inline code, and lines of its code blocks."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```[a-z]*\n(.*?)```", text, re.S)
    found = re.findall(r"`([^`]+)`", re.sub(r"```.*?```", "", text, flags=re.S))
    for block in blocks:
        found += [line.split("  #")[0] for line in block.splitlines()]
    said = [" ".join(line.split()) for line in found]
    return [line for line in said if line.startswith("macrograph ")]


def _command(words: list[str]) -> click.Command | None:
    """The command (or subcommand) the words name, None when there is none."""
    command = main.get_command(click.Context(main), words[1])
    if isinstance(command, click.Group) and len(words) > 2:
        command = command.get_command(click.Context(command), words[2]) or command
    return command


def test_the_readme_has_command_lines() -> None:
    assert len(_command_lines()) >= 40


def test_every_command_option_and_choice_the_readme_shows_exists() -> None:
    wrong = []
    for line in _command_lines():
        words = line.split()
        command = _command(words)
        if command is None:
            wrong.append(f"{line}: no command {words[1]}")
            continue
        params = {name: p for p in command.params for name in p.opts + p.secondary_opts}
        for flag in re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", line):
            if flag not in params:
                wrong.append(f"{line}: no option {flag}")
        for flag, choices in re.findall(r"(--[a-z-]+)[ =]\[?([\w-]+(?:\|[\w-]+)+)", line):
            param = params.get(flag)
            if param is not None and isinstance(param.type, click.Choice):
                unknown = set(choices.split("|")) - set(param.type.choices)
                wrong += [f"{line}: {flag} has no choice {c}" for c in sorted(unknown)]
    assert wrong == []


def test_the_readme_names_every_section_of_a_pack() -> None:
    """'Writing a pack' lists the sections a pack file may hold, as the reader knows them."""
    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    start = text.index("A pack is a folder of YAML 1.2 files with any of the sections")
    listed = set(re.findall(r"`(\w+)`", text[start : text.index("(files under", start)]))
    assert listed == set(SECTIONS)


def test_the_readmes_first_pack_lints_clean(tmp_path: Path, cli: Cli) -> None:
    """The pack 'A first pack' shows, written to a folder as it stands, reads and lints
    clean: a newcomer copies it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    [example] = re.findall(r"```yaml\n# my-pack/pack.yaml\n(.*?)```", text, re.S)
    (tmp_path / "pack.yaml").write_text(example, encoding="utf-8")
    out = cli("lint", str(tmp_path))
    assert (out.code, out.stdout) == (0, f"{tmp_path}: 0 errors, 0 warnings\n")
