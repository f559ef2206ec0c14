"""Read a pack folder of YAML 1.2 files into validated models, collecting every error.

Safety: files over :data:`MAX_FILE_BYTES` are refused, anchors and aliases are
refused (no alias bombs), nesting deeper than :data:`MAX_DEPTH` is refused,
duplicate keys are errors, and only plain data types are built.
"""

from __future__ import annotations

import difflib
import io
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, NodeEvent

from macrograph.rules import models as m
from macrograph.rules.errors import PackError, PackIssue
from macrograph.rules.pack import Location, Pack

MAX_FILE_BYTES = 1_048_576
MAX_DEPTH = 24
BUNDLED_PACK = "december-2025"

SECTIONS: dict[str, TypeAdapter[Any]] = {
    "pack": TypeAdapter(m.PackInfo),
    "claims": TypeAdapter(m.Claim),
    "nodes": TypeAdapter(m.Node),
    "rules": m.RULE_ADAPTER,
    "scenarios": TypeAdapter(m.Scenario),
    "sources": TypeAdapter(m.Source),
    "facts": TypeAdapter(m.Fact),
    "signals": TypeAdapter(m.Signal),
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
}
YAML11_BOOLEANS = {"yes", "no", "on", "off", "y", "n", "true", "false"}


def _field_vocabulary() -> list[str]:
    names: set[str] = set()
    for model in vars(m).values():
        if isinstance(model, type) and issubclass(model, BaseModel):
            names.update(model.model_fields)
    return sorted(names)


FIELD_NAMES = _field_vocabulary()


def bundled_pack_dir() -> Path:
    """The folder of the bundled ``december-2025`` pack (inside the installed package)."""
    return Path(str(resources.files("macrograph.rules").joinpath("packs", BUNDLED_PACK)))


def load_pack(path: str | Path | None = None) -> Pack:
    """Load and validate a pack folder (default: the bundled pack).

    Parameters
    ----------
    path : str or Path, optional
        A folder of ``*.yaml`` files. ``None`` means the bundled pack.

    Returns
    -------
    Pack

    Raises
    ------
    PackError
        With every problem of every file, each naming file, line, id and field.

    Examples
    --------
    >>> pack = load_pack()
    >>> "boj-skips" in pack.scenarios
    True
    """
    root = Path(path) if path is not None else bundled_pack_dir()
    if not root.is_dir():
        raise PackError([PackIssue(str(root), 0, "", "", "pack folder not found")])
    files = sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    if not files:
        raise PackError([PackIssue(str(root), 0, "", "", "no .yaml files in the pack folder")])
    issues: list[PackIssue] = []
    collected: dict[str, list[tuple[str, int, Any]]] = {name: [] for name in SECTIONS}
    for file in files:
        name = file.relative_to(root).as_posix()
        tree = _read_yaml(file, name, issues)
        if tree is not None:
            _validate_file(name, tree, collected, issues)
    pack = _assemble(str(root), collected, issues)
    if issues or pack is None:
        raise PackError(issues)
    return pack


def _read_yaml(file: Path, name: str, issues: list[PackIssue]) -> Any:
    size = file.stat().st_size
    if size > MAX_FILE_BYTES:
        issues.append(
            PackIssue(name, 0, "", "", f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")
        )
        return None
    raw = file.read_bytes()
    if b"\x00" in raw:
        issues.append(PackIssue(name, 0, "", "", "file is binary, not YAML text"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        issues.append(PackIssue(name, line, "", "", "file is not UTF-8 text"))
        return None
    if not text.strip():
        issues.append(PackIssue(name, 1, "", "", "file is empty"))
        return None
    return _parse(text, name, issues)


def _parse(text: str, name: str, issues: list[PackIssue]) -> Any:
    yaml = YAML(typ="rt", pure=True)
    yaml.version = (1, 2)
    yaml.allow_duplicate_keys = False
    try:
        problem = _structure_problem(yaml.parse(io.StringIO(text)))
        if problem is not None:
            issues.append(PackIssue(name, problem[0], "", "", problem[1]))
            return None
        return yaml.load(text)
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else 0
        what = (err.problem or err.context or "invalid YAML").strip()
        if "duplicate key" in what or "found duplicate key" in str(err):
            what = _duplicate_key_text(err)
        issues.append(PackIssue(name, line, "", "", f"invalid YAML: {what}"))
    except (YAMLError, RecursionError, ValueError) as err:
        issues.append(PackIssue(name, 0, "", "", f"invalid YAML: {type(err).__name__}"))
    return None


def _duplicate_key_text(err: MarkedYAMLError) -> str:
    text = str(err.problem or "")
    key = text.split('"')[1] if text.count('"') >= 2 else text
    return f"duplicate key {key!r}"


def _structure_problem(events: Iterable[Any]) -> tuple[int, str] | None:
    """Refuse anchors, aliases and deep nesting before any object is built."""
    depth = 0
    for event in events:
        line = event.start_mark.line + 1 if event.start_mark is not None else 0
        if isinstance(event, AliasEvent) or (
            isinstance(event, NodeEvent) and getattr(event, "anchor", None)
        ):
            return line, "anchors and aliases (&, *) are not allowed in pack files"
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return line, f"nesting deeper than {MAX_DEPTH} levels"
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
    return None


def _validate_file(
    name: str,
    tree: Any,
    collected: dict[str, list[tuple[str, int, Any]]],
    issues: list[PackIssue],
) -> None:
    if not isinstance(tree, CommentedMap):
        issues.append(PackIssue(name, 1, "", "", _top_level_text()))
        return
    for key in tree:
        line = tree.lc.key(key)[0] + 1
        if key not in SECTIONS:
            issues.append(PackIssue(name, line, "", str(key), _unknown_section_text(key)))
            continue
        value = tree[key]
        items = [value] if key == "pack" else value
        if key != "pack" and not isinstance(value, CommentedSeq):
            issues.append(PackIssue(name, line, "", str(key), f"'{key}' must be a list"))
            continue
        _validate_items(name, key, items, tree, collected[key], issues)


def _top_level_text() -> str:
    return "top level must be a mapping with sections: " + ", ".join(SECTIONS)


def _unknown_section_text(key: Any) -> str:
    close = difflib.get_close_matches(str(key), SECTIONS, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"unknown section '{key}'{hint} (sections: {', '.join(SECTIONS)})"


def _validate_items(
    name: str,
    section: str,
    items: Any,
    parent: CommentedMap,
    out: list[tuple[str, int, Any]],
    issues: list[PackIssue],
) -> None:
    adapter = SECTIONS[section]
    for index, item in enumerate(items):
        line = _item_line(parent, section, items, index)
        if not isinstance(item, CommentedMap):
            what = SINGULAR[section]
            issues.append(PackIssue(name, line, "", "", f"each {what} must be a mapping"))
            continue
        obj_id = _plain_id(item)
        try:
            out.append((name, line, adapter.validate_python(to_plain(item))))
        except ValidationError as err:
            issues.extend(_issues_from(err, name, item, obj_id, line))


def _item_line(parent: CommentedMap, section: str, items: Any, index: int) -> int:
    if section == "pack":
        return int(parent.lc.key("pack")[0]) + 1
    return int(items.lc.item(index)[0]) + 1


def _plain_id(item: CommentedMap) -> str:
    value = item.get("id")
    return value if isinstance(value, str) else ""


def to_plain(value: Any) -> Any:
    """ruamel's round-trip objects as plain Python: dicts, tuples, str, int, float, bool, date."""
    if isinstance(value, Mapping):
        return {to_plain(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return tuple(to_plain(v) for v in value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, datetime | date):
        return value
    return str(value)


def _issues_from(
    err: ValidationError, name: str, item: CommentedMap, obj_id: str, item_line: int
) -> list[PackIssue]:
    found = []
    for detail in err.errors(include_url=False):
        loc = _strip_union_tags(detail["loc"], item)
        field = ".".join(str(part) for part in loc)
        line = _line_at(item, loc) or item_line
        found.append(PackIssue(name, line, obj_id, field, _error_text(detail, loc)))
    return found


def _strip_union_tags(loc: tuple[Any, ...], item: CommentedMap) -> tuple[Any, ...]:
    """Drop the discriminator tag pydantic inserts (``('linear', 'magnitude')``)."""
    kind = item.get("kind")
    if loc and isinstance(kind, str) and loc[0] == kind and kind not in item:
        return loc[1:]
    if loc and isinstance(kind, str) and loc[0] == kind and len(loc) > 1:
        return loc[1:]
    return loc


def _line_at(item: Any, loc: tuple[Any, ...]) -> int:
    line = 0
    node = item
    for part in loc:
        if isinstance(node, CommentedMap) and part in node:
            line = node.lc.key(part)[0] + 1
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            line = node.lc.item(part)[0] + 1
            node = node[part]
        else:
            break
    return line


def _error_text(detail: Any, loc: tuple[Any, ...]) -> str:
    kind = detail["type"]
    value = detail.get("input")
    leaf = str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(leaf, FIELD_NAMES, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"unknown field '{leaf}'{hint}"
    if kind == "missing":
        return f"required field '{leaf}' is missing"
    if kind == "union_tag_invalid":
        return f"unknown rule kind {value!r}; expected linear, threshold, classify or integrate"
    if kind == "union_tag_not_found":
        return "required field 'kind' is missing (linear, threshold, classify or integrate)"
    if kind == "finite_number":
        return "must be a finite number (NaN and infinity are not allowed)"
    if kind == "literal_error" and leaf in ("unit", "channel", "kind", "region"):
        allowed = detail["ctx"]["expected"]
        return f"unknown {leaf} {value!r}; expected one of {allowed}"
    text = f"{detail['msg']} (got {value!r})" if _is_scalar(value) else str(detail["msg"])
    if isinstance(value, str) and value.lower() in YAML11_BOOLEANS:
        text += "; YAML 1.2 reads it as text: write true or false without quotes"
    return text


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool) and len(repr(value)) <= 60


def _assemble(
    root: str, collected: dict[str, list[tuple[str, int, Any]]], issues: list[PackIssue]
) -> Pack | None:
    where: dict[tuple[str, str], Location] = {}
    tables: dict[str, dict[str, Any]] = {}
    for section, entries in collected.items():
        tables[section] = {}
        for file, line, obj in sorted(entries, key=lambda e: (e[2].id, e[0], e[1])):
            if obj.id in tables[section]:
                first = where[(section, obj.id)]
                issues.append(_duplicate(section, obj.id, file, line, first))
                continue
            tables[section][obj.id] = obj
            where[(section, obj.id)] = Location(file, line)
    infos = list(tables["pack"].values())
    if len(infos) != 1:
        issues.append(PackIssue(root, 0, "", "pack", _pack_count_text(len(infos))))
        return None
    return Pack(
        root=root,
        info=infos[0],
        nodes=tables["nodes"],
        rules=tables["rules"],
        scenarios=tables["scenarios"],
        sources=tables["sources"],
        claims=tables["claims"],
        facts=tables["facts"],
        signals=tables["signals"],
        where=where,
    )


def _duplicate(section: str, obj_id: str, file: str, line: int, first: Location) -> PackIssue:
    what = SINGULAR[section]
    text = f"duplicate {what} id '{obj_id}' (first defined at {first.file}:{first.line})"
    return PackIssue(file, line, obj_id, "id", text)


def _pack_count_text(count: int) -> str:
    if count == 0:
        return "no 'pack:' section found (one file must describe the pack)"
    return f"{count} 'pack:' sections found; there must be exactly one"
