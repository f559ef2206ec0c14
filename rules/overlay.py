"""Overlays: a YAML file that changes a pack's rule sizes, rules or baselines by id.

The pack's own files are never rewritten: an overlay is applied to the loaded pack and
gives a new one. A calibration writes its fit as an overlay; a source text's own view
of the world can be kept as one beside the evidence view. A pack may bundle overlays
in its ``overlays/`` folder; ``--overlay NAME`` finds ``overlays/NAME.yaml`` there.

An overlay file::

    overlay: {id: calibrated, title: "Fitted to the episodes"}
    changes:                      # new sizes for existing rules (a fit also says how)
      - {rule: policy_moves_currency, elasticity: 3.1, range: [2.0, 4.0],
         estimate: {se: 0.4, events: 120, first: 2013-01-30, last: 2022-07-27, prior: 2.5}}
    drop: [old_rule]              # rules removed
    add: [...]                    # whole new rules, as in a pack's rules section
    baselines:                    # new baselines for nodes
      - {node: bond_yield, value: 4.1, as_of: 2025-12-01, cites: {basis: observed}}
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from msgspec.structs import replace
from pydantic import TypeAdapter, ValidationError

from macrograph.rules import models as m
from macrograph.rules.english.suggest import did_you_mean
from macrograph.rules.errors import OverlayNotFoundError, PackError, PackIssue
from macrograph.rules.pack import Location, Pack
from macrograph.rules.reading.issues import Found, issues_from
from macrograph.rules.reading.reader import read_yaml
from macrograph.rules.reading.yamltree import Document

OVERLAY_SUFFIXES = (".yaml", ".yml")


class OverlayInfo(m.Model):
    """Who made an overlay and why."""

    id: m.ScenarioId
    title: m.Text
    description: m.Text | None = None
    cites: m.Citation | None = None
    label: m.Text | None = None  # a short name of the view, for table columns and headings
    source_view: bool = False  # the source text's own view: the brief says where it departs

    @property
    def name(self) -> str:
        """How the view is named in tables and headings: its label, else its id."""
        return self.label or self.id


class SizeChange(m.Model):
    """A new elasticity (and optionally range) for an existing rule."""

    rule: m.NodeId
    elasticity: float
    range: tuple[float, float] | None = None
    was: float | None = None  # the pack's value, for the reader (calibrate writes it)
    moved: float | None = None  # how far the data moved it, in units of its prior spread
    estimate: m.Estimate | None = None  # how it was fitted (calibrate writes it)
    because: m.Text | None = None
    cites: m.Citation | None = None


class BaselineChange(m.Model):
    """A new baseline for a node."""

    node: m.NodeId
    value: float
    as_of: m.Date
    cites: m.Citation


class Overlay(m.Model):
    """The validated contents of an overlay file."""

    overlay: OverlayInfo
    changes: tuple[SizeChange, ...] = ()
    drop: tuple[m.NodeId, ...] = ()
    add: tuple[m.Rule, ...] = ()
    baselines: tuple[BaselineChange, ...] = ()


def overlay_path(pack_root: str | Path, name: str | Path) -> Path:
    """The file an ``--overlay`` argument names: a path, or a bundled overlay's name.

    A path ends in ``.yaml`` or ``.yml`` or holds a ``/`` (``./fit.json``); a bare name is
    one of the pack's overlays (``overlays/NAME.yaml``) or, when the pack has none of that
    name, a file of the current folder (``fit.json``).

    Examples
    --------
    >>> overlay_path("/packs/p", "calibrated.yaml").name
    'calibrated.yaml'
    >>> overlay_path("/packs/p", "article").as_posix()
    '/packs/p/overlays/article.yaml'
    """
    given = Path(name)
    if given.suffix in OVERLAY_SUFFIXES or len(given.parts) > 1 or "/" in str(name):
        return given
    bundled = Path(pack_root) / "overlays" / f"{given.name}.yaml"
    if not bundled.is_file() and given.is_file():
        return given  # a file here, whatever its suffix (calibrate -o fit.json)
    return bundled


def find_overlay(pack_root: str | Path, name: str | Path) -> Path:
    """The file an ``--overlay`` argument names (see :func:`overlay_path`), which must exist;
    a name no file has may be the id one overlay of the pack's folder declares, as a note
    names it.

    Raises
    ------
    OverlayNotFoundError
        With the argument as given, the absolute path looked for and, for a name, the
        overlays the pack's folder holds.

    Examples
    --------
    >>> from macrograph.rules import bundled_pack_dir
    >>> find_overlay(bundled_pack_dir(), "article").name
    'article.yaml'
    >>> find_overlay(bundled_pack_dir(), "nosuch").available
    Traceback (most recent call last):
    ...
    macrograph.rules.errors.OverlayNotFoundError: ...overlays/nosuch.yaml:0: overlay file not found
    """
    path = overlay_path(pack_root, name)
    if path.is_file():
        return path
    named = path != Path(name)
    folder = Path(pack_root) / "overlays"
    by_id = _declaring(folder, str(name)) if named else None
    if by_id is not None:  # the id a note names it by ('short-seller' of short_seller.yaml)
        return by_id
    available: tuple[str, ...] = ()
    if named and folder.is_dir():
        available = tuple(
            sorted(f.stem for f in folder.iterdir() if f.suffix in OVERLAY_SUFFIXES and f.is_file())
        )
    looked = (path, Path(name)) if named else (path,)
    unreadable = tuple(
        (str(p.absolute()), "a folder, not a file" if p.is_dir() else "not a regular file")
        for p in dict.fromkeys(looked)
        if p.exists()
    )
    raise OverlayNotFoundError(
        str(name), tuple(str(p.absolute()) for p in looked), available, unreadable
    )


def _declaring(folder: Path, name: str) -> Path | None:
    """The one overlay file of ``folder`` whose ``overlay: id:`` is ``name``; None when no
    file, or several, declare it (a file that cannot be read declares nothing here: it is
    reported when it is named)."""
    if not folder.is_dir():
        return None
    found = []
    for file in sorted(folder.iterdir()):
        if file.suffix not in OVERLAY_SUFFIXES or not file.is_file():
            continue
        document = read_yaml(file, file.name, [])
        root = document.root if document is not None else None
        info = root.get("overlay") if isinstance(root, dict) else None
        if isinstance(info, dict) and info.get("id") == name:
            found.append(file)
    return found[0] if len(found) == 1 else None


def overlay_name(pack_root: str | Path, path: str | Path) -> str:
    """How problems and rules cite an overlay file: as a pack file is cited, by its path in
    the pack's folder, when it is in it; else by its absolute path (never a path relative
    to some other folder, which a message would show under the pack's).

    Examples
    --------
    >>> overlay_name("/packs/p", "/packs/p/overlays/article.yaml")
    'overlays/article.yaml'
    >>> overlay_name("/packs/p", "/fits/fit.yaml")
    '/fits/fit.yaml'
    """
    absolute = Path(path).absolute()
    try:
        return absolute.relative_to(Path(pack_root).absolute()).as_posix()
    except ValueError:
        return str(absolute)


def read_overlay(
    path: str | Path, pack_root: str | Path | None = None
) -> tuple[Overlay, dict[tuple[str, str], int]]:
    """Read and validate an overlay file; also the line of each change, drop, add and baseline.

    Problems name the file as :func:`overlay_name` does when ``pack_root`` is given, else
    as ``path`` is written.

    Raises
    ------
    PackError
        Naming the overlay file, line, id and field of every problem.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "fit.yaml"
    ...     _ = path.write_text("overlay: {id: fit, title: A fit}\\n"
    ...                         "changes:\\n  - {rule: a_to_b, elasticity: 0.8}\\n")
    ...     found, lines = read_overlay(path, folder)
    >>> found.overlay.id, [(c.rule, c.elasticity) for c in found.changes], lines
    ('fit', [('a_to_b', 0.8)], {('overlay', 'overlay'): 1, ('changes', 'a_to_b'): 3})
    """
    file = Path(path)
    name = str(path) if pack_root is None else overlay_name(pack_root, path)
    if not file.is_file():
        raise PackError([PackIssue(name, 0, "", "", "overlay file not found")])
    issues: list[PackIssue] = []
    document = read_yaml(file, name, issues)
    if issues or document is None:
        raise PackError(issues)
    tree = document.root
    if not isinstance(tree, dict):
        raise PackError([PackIssue(name, 1, "", "", "an overlay is a mapping with 'overlay:'")])
    try:
        overlay = _overlay_adapter().validate_python(tree)
    except ValidationError as err:
        issues = issues_from(err, Found(name, document, tree, "", 1))
        raise PackError([_with_item_id(issue, tree) for issue in issues]) from None
    return overlay, _lines(document)


ITEM_IDS = {"changes": "rule", "add": "id", "baselines": "node"}
"""The field that names each item of an overlay's lists: the id its problems are under."""


def _with_item_id(issue: PackIssue, tree: dict[str, Any]) -> PackIssue:
    """``issue`` under the id of the change, added rule or baseline its field is in.

    Examples
    --------
    >>> tree = {"changes": ({"rule": "r1", "elasticity": "x"},)}
    >>> _with_item_id(PackIssue("o.yaml", 3, "", "changes.0.elasticity", "bad"), tree).obj_id
    'r1'
    """
    section, _, rest = issue.field.partition(".")
    index = rest.partition(".")[0]
    items = tree.get(section)
    if section not in ITEM_IDS or not index.isdigit() or not isinstance(items, tuple):
        return issue
    item = items[int(index)] if int(index) < len(items) else None
    item_id = item.get(ITEM_IDS[section]) if isinstance(item, dict) else None
    return replace(issue, obj_id=item_id) if isinstance(item_id, str) else issue


def _lines(document: Document) -> dict[tuple[str, str], int]:
    tree = document.root
    lines: dict[tuple[str, str], int] = {}
    if "overlay" in tree:
        lines[("overlay", "overlay")] = document.key_line(tree, "overlay")
    for section, key in (("changes", "rule"), ("add", "id"), ("baselines", "node")):
        items = tree.get(section)
        if isinstance(items, tuple):
            for i, item in enumerate(items):
                if isinstance(item, dict):
                    lines[(section, str(item.get(key)))] = document.item_line(items, i)
    drops = tree.get("drop")
    if isinstance(drops, tuple):
        for i, rule_id in enumerate(drops):
            lines[("drop", str(rule_id))] = document.item_line(drops, i)
    return lines


def apply_overlay(pack: Pack, path: str | Path) -> Pack:
    """``pack`` with the overlay at ``path`` applied (the pack's files are not touched).

    Raises
    ------
    PackError
        When the overlay cannot be read, or names a rule or node the pack does not have.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack()
    >>> apply_overlay(pack, "no/such/overlay.yaml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    macrograph.rules.errors.PackError: /.../no/such/overlay.yaml:0: overlay file not found
    """
    overlay, lines = read_overlay(path, pack.root)
    return overlay_applied(pack, overlay, overlay_name(pack.root, path), lines)


def overlay_applied(
    pack: Pack, overlay: Overlay, name: str, lines: dict[tuple[str, str], int] | None = None
) -> Pack:
    """``pack`` with ``overlay`` (read from the file ``name``) applied.

    Raises
    ------
    PackError
        When the overlay names a rule or node the pack does not have.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack()
    >>> info = OverlayInfo(id="none", title="Nothing changed")
    >>> overlay_applied(pack, Overlay(overlay=info), "x.yaml").overlay
    'none'
    """
    lines = lines or {}
    issues = _reference_issues(pack, overlay, lines, name)
    if issues:
        raise PackError(issues)
    rules = _changed_rules(pack, overlay, name, lines, issues)
    if issues:
        raise PackError(issues)
    nodes = dict(pack.nodes)
    for change in overlay.baselines:
        baseline = m.Baseline(value=change.value, as_of=change.as_of, cites=change.cites)
        nodes[change.node] = nodes[change.node].model_copy(update={"baseline": baseline})
    where = dict(pack.where)
    for rule in overlay.add:
        where[("rules", rule.id)] = Location(name, lines.get(("add", rule.id), 0))
    return replace(
        pack,
        rules=dict(sorted(rules.items())),
        nodes=dict(sorted(nodes.items())),
        where=where,
        overlay=overlay.overlay.id,
        overlay_title=overlay.overlay.title,
    )


def _reference_issues(
    pack: Pack, overlay: Overlay, lines: dict[tuple[str, str], int], name: str
) -> list[PackIssue]:
    issues = []
    for section, key, ids, table in (
        ("changes", "rule", [c.rule for c in overlay.changes], pack.rules),
        ("drop", "drop", list(overlay.drop), pack.rules),
        ("baselines", "node", [b.node for b in overlay.baselines], pack.nodes),
    ):
        for obj_id in ids:
            if obj_id not in table:
                what = "node" if section == "baselines" else "rule"
                hint = did_you_mean(obj_id, table) or f": the pack has no such {what}"
                text = f"unknown {what} '{obj_id}'{hint}"
                issues.append(PackIssue(name, lines.get((section, obj_id), 0), obj_id, key, text))
    for rule in overlay.add:
        if rule.id in pack.rules and rule.id not in overlay.drop:
            text = f"rule '{rule.id}' already exists: change it under 'changes' or drop it first"
            issues.append(PackIssue(name, lines.get(("add", rule.id), 0), rule.id, "id", text))
    return issues


@functools.cache
def _rule_adapter() -> TypeAdapter[Any]:
    """The rules' validator, built once: building it costs more than the validation (a
    brief applies each entry of an overlay alone, some twenty times)."""
    return TypeAdapter(m.Rule)


@functools.cache
def _overlay_adapter() -> TypeAdapter[Overlay]:
    return TypeAdapter(Overlay)


def _changed_rules(
    pack: Pack,
    overlay: Overlay,
    name: str,
    lines: dict[tuple[str, str], int],
    issues: list[PackIssue],
) -> dict[str, m.AnyRule]:
    rules: dict[str, m.AnyRule] = {k: v for k, v in pack.rules.items() if k not in overlay.drop}
    adapter = _rule_adapter()
    for change in overlay.changes:
        rule = rules[change.rule]
        magnitude = getattr(rule, "magnitude", None)
        line = lines.get(("changes", change.rule), 0)
        if magnitude is None:
            text = f"rule '{change.rule}' has no magnitude to change (kind {rule.kind})"
            issues.append(PackIssue(name, line, change.rule, "elasticity", text))
            continue
        data = rule.model_dump(mode="json", exclude_none=True)
        data["magnitude"] = {
            **data["magnitude"],
            "elasticity": change.elasticity,
            "range": list(change.range) if change.range else data["magnitude"].get("range"),
        }
        if change.estimate is not None:
            data["magnitude"]["estimate"] = change.estimate.model_dump(mode="json")
        if data["magnitude"]["range"] is None:
            del data["magnitude"]["range"]
        try:
            rules[change.rule] = adapter.validate_python(data, strict=False)
        except ValidationError as err:
            for detail in err.errors(include_url=False):
                field = ".".join(str(p) for p in detail["loc"][1:]) or "elasticity"
                text = str(detail["msg"]).removeprefix("Value error, ")
                issues.append(PackIssue(name, line, change.rule, field, text))
    for rule in overlay.add:
        rules[rule.id] = rule
    return rules


def overlay_parts(overlay: Overlay) -> tuple[tuple[str, str, Overlay], ...]:
    """Each departure of ``overlay`` alone: (section, id, an overlay with that one entry).

    Sections are ``baselines``, ``changes``, ``drop`` and ``add``, in that order.

    Examples
    --------
    >>> info = OverlayInfo(id="o", title="O")
    >>> parts = overlay_parts(Overlay(overlay=info, drop=("b_rule", "a_rule")))
    >>> [(section, key) for section, key, _ in parts]
    [('drop', 'b_rule'), ('drop', 'a_rule')]
    """
    parts: list[tuple[str, str, Overlay]] = []
    for b in overlay.baselines:
        parts.append(("baselines", b.node, Overlay(overlay=overlay.overlay, baselines=(b,))))
    for c in overlay.changes:
        parts.append(("changes", c.rule, Overlay(overlay=overlay.overlay, changes=(c,))))
    for d in overlay.drop:
        parts.append(("drop", d, Overlay(overlay=overlay.overlay, drop=(d,))))
    for a in overlay.add:
        parts.append(("add", a.id, Overlay(overlay=overlay.overlay, add=(a,))))
    return tuple(parts)


def pack_overlays(pack: Pack) -> tuple[tuple[Path, Overlay], ...]:
    """The overlays bundled in the pack's ``overlays/`` folder, by file name.

    Raises
    ------
    PackError
        When one of them cannot be read.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> [o.overlay.id for _, o in pack_overlays(load_pack())]
    ['article']
    """
    folder = Path(pack.root) / "overlays"
    if not folder.is_dir():
        return ()
    files = sorted(f for f in folder.iterdir() if f.suffix in OVERLAY_SUFFIXES and f.is_file())
    return tuple((f, read_overlay(f)[0]) for f in files)


def source_view(pack: Pack) -> str | None:
    """The name of the pack's bundled overlay flagged ``source_view``, if any (the first).

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> source_view(load_pack())
    'article'
    """
    found = [f.stem for f, o in pack_overlays(pack) if o.overlay.source_view]
    return found[0] if found else None
