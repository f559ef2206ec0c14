"""Lint of the overlays a pack bundles in its ``overlays/`` folder.

Each overlay is read and applied to the pack as its files give it, and the overlaid pack is
linted. A finding is the overlay's when it cannot be read or applied, or when the overlaid
pack has it and the pack alone does not; it names the overlay file and the line of the
entry concerned (the ``overlay:`` line when no entry is), and says where in the pack it
shows when that is another file.
"""

from __future__ import annotations

from pathlib import Path

from msgspec.structs import replace

from macrograph.rules.errors import PackError, PackIssue
from macrograph.rules.lint.core import OVERLAY_CHECKS, lint_pack
from macrograph.rules.overlay import OVERLAY_SUFFIXES, overlay_applied, read_overlay
from macrograph.rules.pack import Pack

OVERLAY_FOLDER = "overlays"


def overlay_files(pack: Pack) -> tuple[Path, ...]:
    """The overlay files in the pack's ``overlays/`` folder, by name.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> [f.name for f in overlay_files(load_pack())]
    ['article.yaml']
    """
    folder = Path(pack.root) / OVERLAY_FOLDER
    if not folder.is_dir():
        return ()
    return tuple(
        sorted(f for f in folder.iterdir() if f.suffix in OVERLAY_SUFFIXES and f.is_file())
    )


def lint_overlays(
    pack: Pack, known: list[PackIssue] | None = None, applied: Path | None = None
) -> list[PackIssue]:
    """The findings of every overlay in ``pack``'s ``overlays/`` folder, sorted.

    Parameters
    ----------
    pack : Pack
        The pack as its files give it (no overlay applied).
    known : list of PackIssue, optional
        ``lint_pack(pack)``, when the caller has it already.
    applied : Path, optional
        An overlay the caller lints applied to the pack already (left out here).

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> [(f.file, f.obj_id, f.code) for f in lint_overlays(load_pack())]  # the article's loop
    [('overlays/article.yaml', 'repatriation_sells_ust', 'range-diverges')]
    """
    base = set(lint_pack(pack) if known is None else known)
    findings: list[PackIssue] = []
    for file in overlay_files(pack):
        if applied is None or file.resolve() != applied.resolve():
            findings.extend(_overlay_findings(pack, file, base))
    return sorted(set(findings))


def _overlay_findings(pack: Pack, file: Path, base: set[PackIssue]) -> list[PackIssue]:
    name = f"{OVERLAY_FOLDER}/{file.name}"
    try:
        overlay, lines = read_overlay(file)
        overlaid = overlay_applied(pack, overlay, name, lines)
    except PackError as err:
        return [replace(issue, file=name) for issue in err.issues]
    first = lines.get(("overlay", "overlay"), 1)
    by_id = {obj_id: line for (_, obj_id), line in sorted(lines.items(), reverse=True)}
    found = []
    for issue in lint_pack(overlaid, OVERLAY_CHECKS):
        if issue in base:
            continue
        if issue.file != name:
            shown = f"{issue.file}:{issue.line}" if issue.line else "the pack"
            issue = replace(
                issue,
                file=name,
                line=by_id.get(issue.obj_id, first),
                message=f"{issue.message} (with this overlay applied, at {shown})",
            )
        found.append(issue)
    return found
