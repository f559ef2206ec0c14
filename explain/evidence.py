"""``backtest`` and ``calibrate`` in words, Markdown, HTML and JSON; a calibration as an overlay.

Examples
--------
>>> from macrograph.rules import load_pack
>>> from macrograph.graph.evidence.backtest import backtest
>>> pack = load_pack()
>>> text = render_backtest(pack, backtest(pack, draws=0), "text")
>>> "Overall" in text
True
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from macrograph.explain.chart.drawing import ForestRow, predicted_vs_observed
from macrograph.explain.contexts.backtest import build_backtest, build_calibrate
from macrograph.explain.environment import make_environment, render, template_name
from macrograph.explain.errors import UnknownFormatError
from macrograph.explain.evidence_json import backtest_json
from macrograph.graph.evidence.backtest import Backtest
from macrograph.graph.evidence.calibrate import Calibration
from macrograph.graph.evidence.events import CalendarEpisodes
from macrograph.rules.pack import Pack

FORMATS = ("text", "md", "html", "json")
SUFFIX = {"text": "txt", "md": "md", "html": "html"}


def render_backtest(
    pack: Pack,
    result: Backtest,
    fmt: str = "text",
    templates_dir: Path | None = None,
    width: int = 78,
) -> str:
    """The backtest as text (lines of at most ``width``), Markdown, HTML or JSON."""
    if fmt not in FORMATS:
        raise UnknownFormatError(fmt, FORMATS)
    if fmt == "json":
        return backtest_json(result)
    chart = _embedded(backtest_chart(pack, result), fmt) if fmt in ("md", "html") else ""
    context = build_backtest(pack, result, chart, width)
    return render(make_environment(templates_dir), template_name("backtest", SUFFIX[fmt]), context)


def _embedded(svg: str, fmt: str) -> str:
    """The chart as HTML embeds it (inline, trusted markup) or as a Markdown image's data URI."""
    import base64

    from markupsafe import Markup

    from macrograph.explain.brief.note import inline_svg

    if fmt == "html":
        return Markup(inline_svg(svg.encode()))
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def backtest_chart(pack: Pack, result: Backtest) -> str:
    """The predicted-versus-observed chart of every observation, as SVG text."""
    rows = [
        ForestRow(
            label=f"{e.id}: {o.label}, {o.window}",
            predicted=o.predicted,
            low=o.low,
            high=o.high,
            observed=o.observed,
            scale=o.sd or max(abs(o.observed), abs(o.predicted), 1e-12),
        )
        for e in result.episodes
        for o in e.observations
    ]
    return predicted_vs_observed(rows, f"{pack.info.title}: model against the record")


def render_calibrate(
    pack: Pack,
    calibration: Calibration,
    output: str,
    fmt: str = "text",
    templates_dir: Path | None = None,
    apply: str = "",
) -> str:
    """The calibration report: fitted rules, rules left alone, scores before and after;
    ``apply`` the command-line options that apply the overlay written to ``output``."""
    if fmt not in ("text", "md"):
        raise UnknownFormatError(fmt, ("text", "md"))
    context = build_calibrate(pack, calibration, output, apply)
    return render(make_environment(templates_dir), template_name("calibrate", SUFFIX[fmt]), context)


def calibration_overlay(pack: Pack, calibration: Calibration) -> str:
    """The fit as an overlay file: per rule the new value, the old one, and how far it moved.

    Examples
    --------
    >>> from macrograph.graph.evidence.calibrate import Calibration
    >>> from macrograph.graph.evidence.backtest import backtest
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack()
    >>> empty = backtest(pack, ["no-such"] * 0, draws=0)
    >>> text = calibration_overlay(pack, Calibration((), (), empty, empty, empty, {}))
    >>> text.splitlines()[3]
    'overlay:'
    """
    from ruamel.yaml import YAML

    episodes = ", ".join(e.id for e in calibration.before.episodes)
    document = {
        "overlay": {
            "id": "calibrated",
            "title": f"{pack.info.title}: elasticities fitted to the episodes",
            "description": (
                "Maximum a posteriori fit within each rule's range, the range read as the "
                f"prior's 90% interval; episodes: {episodes or 'none'}."
            ),
        },
        "changes": [
            {
                "rule": f.rule,
                "elasticity": _num(f.new),
                "was": _num(f.old),
                "moved": _num(f.moved),
            }
            for f in calibration.fitted
        ],
    }
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    header = (
        "# Written by `macrograph calibrate`: apply with --overlay FILE.\n"
        "# 'was' is the pack's value; 'moved' is the change in prior standard deviations.\n"
        f"# Rules no observation reaches, left as they are: {len(calibration.unreached)}.\n"
    )
    return header + buffer.getvalue()


def calendar_episodes_yaml(pack: Pack, made: CalendarEpisodes) -> str:
    """The episodes made from the pack's calendar as a pack file (YAML), with a header that
    says how it was made and which events were left out, and why.

    Examples
    --------
    >>> from macrograph.graph.evidence.events import CalendarEpisodes
    >>> from macrograph.rules import load_pack
    >>> text = calendar_episodes_yaml(load_pack(), CalendarEpisodes((), (), ()))
    >>> text.splitlines()[-1]
    'episodes: []'
    """
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = None  # innermost mappings and lists in flow style
    yaml.width = 4096  # a long rationale stays on its line
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    yaml.representer.ignore_aliases = lambda _data: True  # pack files allow no anchors
    buffer = io.StringIO()
    episodes = [
        _lists(e.model_dump(by_alias=True, exclude_none=True, exclude_defaults=True))
        for e in made.episodes
    ]
    yaml.dump({"episodes": episodes}, buffer)
    left_out = "".join(f"#   {s.event}: {s.reason}\n" for s in made.skipped) or "#   none\n"
    header = (
        f"# Episodes made from the calendar of {pack.info.id} by `macrograph data episodes`:\n"
        "# generated, never edited by hand; regenerate it after the calendar or the data\n"
        f"# change. {len(made.episodes)} episodes; surprises measured from data: "
        f"{len(made.surprises)}.\n# Events left out:\n{left_out}"
    )
    return header + buffer.getvalue()


def _lists(value: Any) -> Any:
    """A model's dump with its tuples as lists, for the YAML writer (dates stay dates)."""
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_lists(v) for v in value]
    return value


def _num(value: float) -> float:
    return float(f"{value:.6g}")
