"""Read a pack folder of YAML 1.2 files into validated models, collecting every error.

Each file is read safely by :mod:`macrograph.rules.reading.reader` (size cap, no anchors,
aliases or tags, bounded nesting, no duplicate keys); this module validates the
sections against the models and assembles the :class:`Pack`. Every problem becomes a
:class:`~macrograph.rules.errors.PackIssue` naming file, line, id and field; all problems
of all files are reported together, sorted by file and line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from msgspec import Struct, field
from pydantic import TypeAdapter, ValidationError

from macrograph.rules import limits
from macrograph.rules import models as m
from macrograph.rules.calendar import CalendarEvent, Institution, Regime
from macrograph.rules.collector import paused
from macrograph.rules.english.suggest import did_you_mean
from macrograph.rules.episodes import Episode
from macrograph.rules.errors import PackError, PackIssue
from macrograph.rules.info import Claim, Fact, PackInfo, Signal, Source
from macrograph.rules.lint.language import in_language, nodes_in_language
from macrograph.rules.pack import MAX_FILE_BYTES, Location, Pack, bundled_pack_dir
from macrograph.rules.reading.folder import pack_files
from macrograph.rules.reading.issues import Found, issues_from
from macrograph.rules.reading.reader import MAX_DEPTH, read_yaml
from macrograph.rules.reading.yamltree import Document
from macrograph.rules.series import Series
from macrograph.rules.vocabulary import vocabulary_for
from macrograph.rules.words import WORD_FIELDS, WORD_PATTERN, Word, info_issues, word_issues

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "bundled_pack_dir", "load_pack"]


SECTIONS: dict[str, TypeAdapter[Any]] = {
    "pack": TypeAdapter(PackInfo),
    "claims": TypeAdapter(Claim),
    "nodes": TypeAdapter(m.Node),
    "rules": TypeAdapter(m.Rule),
    "scenarios": TypeAdapter(m.Scenario),
    "sources": TypeAdapter(Source),
    "facts": TypeAdapter(Fact),
    "signals": TypeAdapter(Signal),
    "episodes": TypeAdapter(Episode),
    "series": TypeAdapter(Series),
    "institutions": TypeAdapter(Institution),
    "calendar": TypeAdapter(CalendarEvent),
    "regimes": TypeAdapter(Regime),
}
SINGULAR = {
    "pack": "pack",
    "claims": "claim",
    "nodes": "node",
    "rules": "rule",
    "scenarios": "scenario",
    "sources": "source",
    "facts": "fact",
    "signals": "signal",
    "episodes": "episode",
    "series": "series",
    "institutions": "institution",
    "calendar": "calendar event",
    "regimes": "regime",
}
OVERLAYS = "overlays"  # a pack's bundled overlays live in this sub-folder


class _Reading(Struct):
    """What reading the files of one pack gathered so far."""

    issues: list[PackIssue] = field(default_factory=list)
    collected: dict[str, list[tuple[str, int, Any]]] = field(
        default_factory=lambda: {name: [] for name in SECTIONS}
    )
    pack_sections: int = 0
    words: list[Word] = field(default_factory=list)
    # what could not be read: a file (or folder entry) left out, and the ids of the items
    # refused, per section; a reference to them is not reported again as unknown
    unread: bool = False
    refused: dict[str, set[str]] = field(default_factory=dict)


def load_pack(path: str | Path | None = None, without: tuple[str, ...] = ()) -> Pack:
    """Load and validate a pack folder (default: the bundled pack).

    Parameters
    ----------
    path : str or Path, optional
        A folder of ``*.yaml`` files. ``None`` means the bundled pack.
    without : tuple of str
        Files of the folder to leave out (names relative to it): a file about to be
        regenerated from the rest.

    Returns
    -------
    Pack

    Raises
    ------
    PackError
        With every problem of every file, each naming file, line, id and field.
        Problems of the folder itself have an empty ``file``.

    Examples
    --------
    >>> pack = load_pack()
    >>> "boj-skips" in pack.scenarios
    True
    """
    root = Path(path) if path is not None else bundled_pack_dir()
    files, refused = _pack_files(root)
    files = [(name, file) for name, file in files if name not in without]
    _check_totals(files)
    reading = _Reading(issues=refused, unread=bool(refused))
    with paused():  # the trees are millions of live objects: no cycles to find, only to walk
        for name, file in files:
            document = read_yaml(file, name, reading.issues)
            if document is None:
                reading.unread = True
            else:
                _validate_file(name, document, reading)
        pack = _assemble(str(root), reading)
    if pack is not None:
        reading.issues.extend(_limit_issues(pack))
    if reading.issues or pack is None:
        raise PackError(reading.issues)
    return pack


def _check_totals(files: list[tuple[str, Path]]) -> None:
    """Refuse a pack of too many files or bytes before reading any of them."""
    if len(files) > limits.MAX_PACK_FILES:
        text = f"the pack has {len(files)} .yaml files; the limit is {limits.MAX_PACK_FILES}"
        raise PackError([PackIssue("", 0, "", "", text)])
    total = 0
    for _, file in files:
        try:
            total += file.stat().st_size
        except OSError:
            continue  # reported when the file is read
    if total > limits.MAX_PACK_BYTES:
        text = f"the pack's files hold {total} bytes; the limit is {limits.MAX_PACK_BYTES}"
        raise PackError([PackIssue("", 0, "", "", text)])


def _limit_issues(pack: Pack) -> list[PackIssue]:
    """Too many nodes or rules, or the deepest ``extends`` chain when it is over the limit."""
    found = []
    for section, count, limit in (
        ("nodes", len(pack.nodes), limits.MAX_NODES),
        ("rules", len(pack.rules), limits.MAX_RULES),
    ):
        if count > limit:
            found.append(PackIssue("", 0, "", section, f"{count} {section}; the limit is {limit}"))
    depths = {s: _extends_depth(pack, s) for s in pack.scenarios}
    deepest = max(sorted(depths), key=lambda s: depths[s], default=None)
    if deepest is not None and depths[deepest] > limits.MAX_EXTENDS_DEPTH:
        where = pack.locate("scenarios", deepest)
        text = (
            f"'extends' chain more than {limits.MAX_EXTENDS_DEPTH} scenarios deep; "
            f"the limit is {limits.MAX_EXTENDS_DEPTH}"
        )
        found.append(PackIssue(where.file, where.line, deepest, "extends", text))
    return found


def _extends_depth(pack: Pack, scenario_id: str) -> int:
    """How many scenarios the ``extends`` chain from ``scenario_id`` holds, counted up to one
    more than the limit; a loop stops the count (lint reports loops)."""
    depth, current, seen = 0, pack.scenarios[scenario_id].extends, {scenario_id}
    while current is not None and current in pack.scenarios and current not in seen:
        if depth > limits.MAX_EXTENDS_DEPTH:
            break
        seen.add(current)
        depth += 1
        current = pack.scenarios[current].extends
    return depth


def _pack_files(root: Path) -> tuple[list[tuple[str, Path]], list[PackIssue]]:
    if not root.exists():
        raise PackError([PackIssue("", 0, "", "", "pack folder not found")])
    if not root.is_dir():
        raise PackError([PackIssue("", 0, "", "", "not a folder: give a folder of .yaml files")])
    files, issues = pack_files(root)
    files = [(name, path) for name, path in files if not _is_overlay(name)]
    if not files:
        raise PackError(issues or [PackIssue("", 0, "", "", "no .yaml files in the pack folder")])
    return files, issues


def _is_overlay(name: str) -> bool:
    """Files under the pack's ``overlays/`` folder are overlays, not parts of the pack."""
    return name.split("/", 1)[0] == OVERLAYS


def _validate_file(name: str, document: Document, reading: _Reading) -> None:
    tree = document.root
    if not isinstance(tree, dict):
        reading.issues.append(PackIssue(name, 1, "", "", _top_level_text()))
        reading.unread = True  # its sections (a pack: one?) are unknown, so not missing
        return
    for key in tree:
        line = document.key_line(tree, key)
        if key not in SECTIONS:
            reading.issues.append(PackIssue(name, line, "", str(key), _unknown_section_text(key)))
            continue
        value = tree[key]
        if key == "pack":
            reading.pack_sections += 1
        elif not isinstance(value, tuple):
            text = f"'{key}' must be a list of {key} (start each with '- ')"
            reading.issues.append(PackIssue(name, line, "", str(key), text))
            reading.unread = True  # what the list was meant to hold is not missing elsewhere
            continue
        items = (value,) if key == "pack" else value
        _validate_items(_Section(name, key, line, document), items, reading)


def _top_level_text() -> str:
    return "the top level must be a mapping of sections: " + ", ".join(SECTIONS)


def _unknown_section_text(key: Any) -> str:
    hint = did_you_mean(str(key), SECTIONS)
    return f"unknown section '{key}'{hint} (sections: {', '.join(SECTIONS)})"


class _Section(Struct, frozen=True):
    """A section of a pack file: the file's name, the section, its line and the document."""

    file: str
    name: str
    line: int
    document: Document


def _validate_items(section: _Section, items: tuple[Any, ...], reading: _Reading) -> None:
    adapter, document, name = SECTIONS[section.name], section.document, section.file
    for index, item in enumerate(items):
        line = section.line if section.name == "pack" else document.item_line(items, index)
        if not isinstance(item, dict):
            what = (
                "the pack section" if section.name == "pack" else f"each {SINGULAR[section.name]}"
            )
            text = f"{what} must be a mapping of fields"
            reading.issues.append(PackIssue(name, line, "", "", text))
            continue
        obj_id = _plain_id(item)
        try:
            reading.collected[section.name].append((name, line, adapter.validate_python(item)))
        except ValidationError as err:
            reading.issues.extend(issues_from(err, Found(name, document, item, obj_id, line)))
            reading.refused.setdefault(section.name, set()).add(obj_id)
        for sec, word in WORD_FIELDS:
            value = item.get(word)
            if sec == section.name and isinstance(value, str) and re.fullmatch(WORD_PATTERN, value):
                where = document.line_at(item, (word,)) or line
                reading.words.append(Word(section.name, obj_id, word, value, name, where))


def _plain_id(item: dict[str, Any]) -> str:
    value = item.get("id")
    return value if isinstance(value, str) else ""


def _assemble(root: str, reading: _Reading) -> Pack | None:
    where: dict[tuple[str, str], Location] = {}
    tables: dict[str, dict[str, Any]] = {}
    for section, entries in reading.collected.items():
        tables[section] = {}
        if section == "pack":
            continue
        for file, line, obj in sorted(entries, key=lambda e: (e[2].id, e[0], e[1])):
            first = where.get((section, obj.id))
            if first is not None:
                reading.issues.append(_duplicate(section, obj.id, file, line, first))
                continue
            tables[section][obj.id] = obj
            where[(section, obj.id)] = Location(file, line)
    info = _pack_info(reading)
    if info is None:
        return None
    where[("pack", info.id)] = Location(*reading.collected["pack"][0][:2])
    reading.issues += word_issues(vocabulary_for(info), reading.words)
    if not reading.unread:  # else the nodes named may stand in the file that was not read
        nodes = dict.fromkeys(reading.refused.get("nodes", ())) | tables["nodes"]
        scenarios = dict.fromkeys(reading.refused.get("scenarios", ())) | tables["scenarios"]
        reading.issues += info_issues(info, nodes, scenarios, *reading.collected["pack"][0][:2])
    return Pack(
        root=root,
        info=info,
        nodes=nodes_in_language(info, tables["nodes"]),
        rules=in_language(info, tables["rules"]),
        scenarios=tables["scenarios"],
        sources=tables["sources"],
        claims=tables["claims"],
        facts=tables["facts"],
        signals=tables["signals"],
        episodes=tables["episodes"],
        series=tables["series"],
        institutions=tables["institutions"],
        calendar=tables["calendar"],
        regimes=tables["regimes"],
        where=where,
    )


def _pack_info(reading: _Reading) -> PackInfo | None:
    """The one ``pack:`` section; every extra one is an issue where it stands."""
    entries = sorted(reading.collected["pack"], key=lambda e: (e[0], e[1]))
    if reading.pack_sections == 0 and not reading.unread:  # else it may be in what was not
        text = "no 'pack:' section found (one file must describe the pack)"
        reading.issues.append(PackIssue("", 0, "", "pack", text))
    for file, line, info in entries[1:]:
        first = f"{entries[0][0]}:{entries[0][1]}"
        text = f"a second 'pack:' section (the first is at {first}); there must be exactly one"
        reading.issues.append(PackIssue(file, line, info.id, "pack", text))
    return entries[0][2] if len(entries) == 1 and reading.pack_sections == 1 else None


def _duplicate(section: str, obj_id: str, file: str, line: int, first: Location) -> PackIssue:
    what = SINGULAR[section]
    text = f"duplicate {what} id '{obj_id}' (first defined at {first.file}:{first.line})"
    return PackIssue(file, line, obj_id, "id", text)
