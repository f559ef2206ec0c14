"""One scenario under two views side by side: the pack as loaded and the pack with an overlay.

Examples
--------
>>> import tempfile
>>> from macrograph.graph.synthetic import slump_pack
>>> from macrograph.graph.synthetic.runs import doubled_overlay
>>> with tempfile.TemporaryDirectory() as folder:
...     text = side_by_side_text(slump_pack(), doubled_overlay(folder), "a-slumps", ("1w",), "md")
>>> "| Outcome | Start, the evidence | Effect, the evidence |" in text
True
"""

from __future__ import annotations

import json
from pathlib import Path

from macrograph.explain.contexts.views import ViewsContext, build_views, views_json
from macrograph.explain.environment import make_environment, render, template_name
from macrograph.explain.errors import UnknownFormatError
from macrograph.explain.formats import WHATIF_FORMATS as FORMATS
from macrograph.explain.wording.speaking import speaks_pack
from macrograph.graph.evidence.compare import compare_views
from macrograph.graph.specs import ScenarioSpec
from macrograph.rules.overlay import find_overlay, overlay_applied, overlay_name, read_overlay
from macrograph.rules.pack import Pack

SUFFIX = {"text": "txt", "md": "md", "html": "html"}


@speaks_pack
def _side_by_side(
    pack: Pack,
    overlay: str,
    scenario: str | ScenarioSpec,
    horizons: tuple[str, ...] | None = None,
    width: int = 96,
) -> ViewsContext:
    """``scenario`` under ``pack`` and under ``pack`` with ``overlay`` (a file, or the name
    of one in the pack's ``overlays/`` folder): key outcomes at each horizon.

    Raises
    ------
    PackError
        When the overlay cannot be read or names what the pack lacks.
    """
    path = find_overlay(pack.root, overlay)
    found, lines = read_overlay(path, pack.root)
    other = overlay_applied(pack, found, overlay_name(pack.root, path), lines)
    view = compare_views(pack, other, scenario, horizons)
    return build_views(pack, other, view, found.overlay.label, width)


@speaks_pack
def side_by_side_text(
    pack: Pack,
    overlay: str,
    scenario: str | ScenarioSpec,
    horizons: tuple[str, ...] | None = None,
    fmt: str = "text",
    templates_dir: Path | None = None,
    width: int = 96,
) -> str:
    """:func:`_side_by_side` in ``fmt`` (text, md, html or json).

    Raises
    ------
    UnknownFormatError
        For another format.

    Examples
    --------
    >>> import tempfile
    >>> from macrograph.graph.synthetic import slump_pack
    >>> from macrograph.graph.synthetic.runs import doubled_overlay
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     doubled = doubled_overlay(folder)
    ...     text = side_by_side_text(slump_pack(), doubled, "a-slumps", ("3m",), "json")
    >>> [(r["node"], r["left_effect"], r["right_effect"]) for r in json.loads(text)["rows"]]
    [('b', -0.5, -1.0)]
    """
    if fmt not in FORMATS:
        raise UnknownFormatError(fmt, FORMATS)
    context = _side_by_side(pack, overlay, scenario, horizons, width)
    if fmt == "json":
        return json.dumps(views_json(context), indent=2, sort_keys=True) + "\n"
    env = make_environment(templates_dir)
    return render(env, template_name("views", SUFFIX[fmt]), context)
