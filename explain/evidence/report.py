"""``backtest`` and ``calibrate`` in words, Markdown, HTML and JSON; a calibration as an overlay.

Examples
--------
>>> from macrograph.rules import load_pack
>>> from macrograph.graph.evidence.backtest import backtest
>>> pack = load_pack("tests/packs/markets")
>>> from macrograph.graph.options import RunOptions
>>> written = backtest(pack, options=RunOptions(draws=0), only="written")
>>> text = render_backtest(pack, written, "text")
>>> "Overall" in text
True
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any

from macrograph.explain.chart.drawing import ForestRow, predicted_vs_observed
from macrograph.explain.contexts.backtest import build_backtest, build_calibrate
from macrograph.explain.diagram.style import plain, shorten
from macrograph.explain.environment import make_environment, render, template_name
from macrograph.explain.errors import UnknownFormatError
from macrograph.explain.evidence.json_models import backtest_json
from macrograph.explain.formats import CALIBRATE_FORMATS
from macrograph.explain.formats import WHATIF_FORMATS as FORMATS
from macrograph.explain.render import inline_svg
from macrograph.explain.wording.speaking import speaks_pack
from macrograph.graph.evidence.backtest import Backtest
from macrograph.graph.evidence.calibrate import Calibration
from macrograph.graph.evidence.events import CalendarEpisodes
from macrograph.graph.evidence.fitting import Z90, Fitted
from macrograph.rules.pack import Pack

SUFFIX = {"text": "txt", "md": "md", "html": "html"}


@speaks_pack
def render_backtest(
    pack: Pack,
    result: Backtest,
    fmt: str = "text",
    templates_dir: Path | None = None,
    width: int = 78,
) -> str:
    """The backtest as text (lines of at most ``width``), Markdown, HTML or JSON, its moves
    in the pack's own units (rendered where the pack's vocabulary is in use, as the context
    that sized its columns was).

    Examples
    --------
    >>> from macrograph import load_pack, RunOptions
    >>> from macrograph.graph.evidence.backtest import backtest
    >>> pack = load_pack("tests/packs/markets")
    >>> scores = backtest(pack, (), RunOptions(draws=0))
    >>> import json
    >>> json.loads(render_backtest(pack, scores, "json"))["draws"]
    0
    """
    if fmt not in FORMATS:
        raise UnknownFormatError(fmt, FORMATS)
    if fmt == "json":
        return backtest_json(result)
    chart = _embedded(*_chart_rows(pack, result), fmt) if fmt in ("md", "html") else ""
    context = build_backtest(pack, result, chart, width)
    return render(make_environment(templates_dir), template_name("backtest", SUFFIX[fmt]), context)


def _embedded(rows: list[ForestRow], title: str, fmt: str) -> str:
    """The chart as HTML embeds it (inline, trusted markup, with its title and rows in
    words) or as a Markdown image's data URI."""
    import base64

    # markupsafe, like jinja2, loads only where HTML is made
    from markupsafe import Markup

    svg = predicted_vs_observed(rows, title)
    if fmt == "html":
        return Markup(inline_svg(svg.encode(), title, chart_words(rows)))
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


CHART_ROWS = 60
"""Observations a backtest chart draws at most: beyond that, the ones explained worst."""
LABEL_LIMIT = 48
"""Characters of a node's label on the chart, as on the what-if's charts: a longer one is
cut at a word, and hidden characters (controls, bidirectional marks) are dropped."""


def backtest_chart(pack: Pack, result: Backtest) -> str:
    """The predicted-versus-observed chart as SVG text: every observation, or, in a backtest
    of more than :data:`CHART_ROWS`, the ones the model explains worst (largest miss in
    units of noise), in episode order, so that the chart stays readable.

    Examples
    --------
    Drawn with matplotlib (a tenth of a second or more), so it is not run here:

    >>> from macrograph import load_pack, RunOptions
    >>> from macrograph.graph.evidence.backtest import backtest
    >>> pack = load_pack("tests/packs/markets")
    >>> scored = backtest(pack, ["hike-feb-2025"], RunOptions(draws=0))
    >>> svg = backtest_chart(pack, scored)
    >>> svg.startswith("<?xml"), "hike-feb-2025: " in svg
    (True, True)
    """
    return predicted_vs_observed(*_chart_rows(pack, result))


def _chart_rows(pack: Pack, result: Backtest) -> tuple[list[ForestRow], str]:
    """The rows :func:`backtest_chart` draws, and its title."""
    rows = [
        ForestRow(
            label=f"{e.id}: {shorten(plain(o.label), LABEL_LIMIT)}, {o.window}",
            predicted=o.predicted,
            low=o.low,
            high=o.high,
            observed=o.observed,
            scale=o.sd or max(abs(o.observed), abs(o.predicted), 1e-12),
            noisy=bool(o.sd),
        )
        for e in result.episodes
        for o in e.observations
    ]
    title = f"{plain(pack.info.title)}: model against the record"
    if len(rows) > CHART_ROWS:
        worst = sorted(
            range(len(rows)),
            key=lambda i: (-abs(rows[i].observed - rows[i].predicted) / rows[i].scale, i),
        )[:CHART_ROWS]
        title = f"{title}: the {CHART_ROWS} of {len(rows)} observations it explains worst"
        rows = [rows[i] for i in sorted(worst)]
    return rows, title


def chart_words(rows: list[ForestRow]) -> str:
    """What the backtest chart shows, row by row, for a reader who cannot see it: the
    model's median and band and the observed move, in the units the axis counts them in.

    Examples
    --------
    >>> chart_words([ForestRow("e1: a, 1d", 2.0, 1.0, 3.0, -1.0, 2.0, True)]).split(": ", 1)[1]
    'e1: a, 1d: model +1.0 (p5 to p95 +0.5 to +1.5), observed -0.5.'
    """
    said = []
    for row in rows:
        s = row.scale if row.scale and math.isfinite(row.scale) else 1.0
        band = ""
        if row.low is not None and row.high is not None:
            band = f" (p5 to p95 {row.low / s:+.1f} to {row.high / s:+.1f})"
        quiet = "" if row.noisy else " (no noise: in its larger move)"
        model, seen = f"{row.predicted / s:+.1f}", f"{row.observed / s:+.1f}"
        said.append(f"{row.label}{quiet}: model {model}{band}, observed {seen}")
    unit = "in standard deviations of the noise over the window"
    return f"A row for each observation, {unit}: " + "; ".join(said) + "."


@speaks_pack
def render_calibrate(
    pack: Pack,
    calibration: Calibration,
    output: str,
    fmt: str = "text",
    templates_dir: Path | None = None,
    apply: str = "",
) -> str:
    """The calibration report: fitted rules, rules left alone, scores before and after;
    ``apply`` the command-line options that apply the overlay written to ``output``.

    Examples
    --------
    >>> from macrograph import load_pack
    >>> from macrograph.graph.evidence.calibrate import FitOptions, calibrate
    >>> pack = load_pack("tests/packs/markets")
    >>> report = render_calibrate(pack, calibrate(pack, FitOptions(draws=0)), "fit.yaml", "md")
    >>> report.startswith("#")
    True
    """
    if fmt not in CALIBRATE_FORMATS:
        raise UnknownFormatError(fmt, CALIBRATE_FORMATS)
    context = build_calibrate(pack, calibration, output, apply)
    return render(make_environment(templates_dir), template_name("calibrate", SUFFIX[fmt]), context)


def calibration_overlay(pack: Pack, calibration: Calibration) -> str:
    """The fit as an overlay file: per rule the new value, the old one, and how far it moved.

    Examples
    --------
    >>> from macrograph.graph.evidence.calibrate import Calibration
    >>> from macrograph.graph.evidence.backtest import backtest
    >>> from macrograph import load_pack, RunOptions
    >>> pack = load_pack("tests/packs/markets")
    >>> one = backtest(pack, ["hike-feb-2025"], RunOptions(draws=0))
    >>> text = calibration_overlay(pack, Calibration((), (), one, one, one, {}))
    >>> "overlay:" in text.splitlines()
    True
    """
    # ruamel.yaml loads on first use: slow to import, not always needed
    from ruamel.yaml import YAML

    episodes = calibration.before.episodes
    until = f", before {calibration.until}" if calibration.until else ""
    fitted_to = f"{len(episodes)} episode{'' if len(episodes) == 1 else 's'}{until}"
    document = {
        "overlay": {
            "id": "calibrated",
            "title": f"{pack.info.title}: elasticities fitted to {fitted_to}",
            "description": (
                "Maximum a posteriori fit, each rule's range read as its prior's 90% interval "
                "(a width, not a cap); the range written is the estimate's 90% interval."
            ),
        },
        "changes": [_change(f) for f in calibration.fitted],
    }
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.width = 4096  # a description stays on its line
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    yaml.representer.ignore_aliases = lambda _data: True  # pack files allow no anchors
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    header = (
        "# Written by `macrograph calibrate`: apply with --overlay FILE.\n"
        "# 'was' is the prior (the pack's value); 'moved' is the change in prior standard\n"
        "# deviations; 'estimate' gives the standard error and the events behind the fit.\n"
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


def _change(fitted: Fitted) -> dict[str, Any]:
    """One rule's fit as an overlay change: the estimate, its 90% interval, how it was made."""
    low = fitted.new - Z90 * fitted.se
    if fitted.old >= 0.0 and fitted.low >= 0.0:  # a size stays a size
        low = max(low, 0.0)
    change: dict[str, Any] = {
        "rule": fitted.rule,
        "elasticity": _num(fitted.new),
        "range": [_num(low), _num(fitted.new + Z90 * fitted.se)],
        "was": _num(fitted.old),
        "moved": _num(fitted.moved),
    }
    if fitted.first is not None and fitted.last is not None:
        change["estimate"] = {
            "se": _num(fitted.se),
            "events": fitted.events,
            "first": fitted.first,
            "last": fitted.last,
            "prior": _num(fitted.old),
            "prior_range": [_num(fitted.low), _num(fitted.high)],
        }
    return change


def _lists(value: Any) -> Any:
    """A model's dump with its tuples as lists, for the YAML writer (dates stay dates)."""
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_lists(v) for v in value]
    return value


def _num(value: float) -> float:
    return float(f"{value:.6g}")
