"""An interactive lesson: one self-contained HTML page that steps through a transmission.

The page holds the chain at every horizon, the whole map and the diff as inline SVG
(drawn by :mod:`macrograph.explain.diagram.build` through Graphviz), the result's JSON (as
``whatif --format json`` writes it) plus the steps, and a small script that lights
one link per step. Without JavaScript the chain and the numbered captions stay
visible. Nothing is fetched: the page works from ``file://``.

Examples
--------
>>> from macrograph.rules import load_pack
>>> pack = load_pack()
>>> result = propagate_for(pack, "boj-skips", draws=0)
>>> data = lesson_data(pack, result)
>>> steps = data["steps"][result.horizons[-1]]
>>> steps[0]["n"], steps[0]["hop"]
(1, 1)
>>> script_json({"a": "</script><!--"})
'{"a": "\\\\u003c/script\\\\u003e\\\\u003c!--"}'
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from macrograph.explain.diagram import style as st
from macrograph.explain.diagram.chain import Chain, Link, select_chain
from macrograph.explain.diagram.views import move_text
from macrograph.explain.filters import SCRIPT_COLON
from macrograph.graph.result import Result
from macrograph.rules.models import AnyRule
from macrograph.rules.pack import Pack

CAUSES = 4  # causes listed under a node, strongest first


@dataclass(frozen=True)
class Caption:
    """One step's words, for the list shown without JavaScript and in print."""

    n: int
    text: str


@dataclass(frozen=True)
class Panel:
    """One inline SVG view: its key (``chain-3m``...), button label and markup."""

    key: str
    view: str
    horizon: str
    svg: Any  # markupsafe.Markup


@dataclass(frozen=True)
class LessonContext:
    """What ``lesson.html.j2`` is rendered with."""

    title: str
    subtitle: str
    horizons: tuple[str, ...]
    default_horizon: str
    panels: tuple[Panel, ...]
    captions: tuple[Caption, ...]
    data: Any  # markupsafe.Markup: JSON safe inside <script>


def propagate_for(
    pack: Pack,
    text: str | None,
    against: str | None = "auto",
    draws: int = 1000,
    seed: int = 0,
    model_only: bool = False,
) -> Result:
    """Propagate the scenario named by ``text`` with Monte Carlo bands (``draws``, ``seed``;
    ``model_only`` leaves the market noise out), as the what-if does."""
    from macrograph.graph.propagate import propagate
    from macrograph.graph.scenarios import resolve_text

    spec = resolve_text(pack, text or pack.info.default_scenario)
    return propagate(pack, spec, against, draws=draws, seed=seed, model_only=model_only)


def script_json(data: object) -> str:
    """JSON that cannot close or comment out the ``<script>`` element it sits in.

    ``<``, ``>`` and ``&`` become ``\\u`` escapes, which JSON.parse reads back as the
    same characters; so does the colon of a script URL (``javascript:``), so that the
    page carries none even as data.

    Examples
    --------
    >>> script_json({"a": "</script> javascript:x"})
    '{"a": "\\\\u003c/script\\\\u003e javascript\\\\u003ax"}'
    """
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, allow_nan=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    text = SCRIPT_COLON.sub("\\\\u003a", text)  # no script URL in the page, even as data
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def ordered_links(chain: Chain) -> list[tuple[int, Link]]:
    """The chain's links with their drawing index, in teaching order: by hop, then strength."""
    return sorted(enumerate(chain.links), key=lambda pair: (pair[1].hop, pair[0]))


NAME_LIMIT = 80  # a name in a caption; the full text is in the diagram's tooltip
REASON_LIMIT = 400  # a rule's reason in a caption or a hover panel


def _reason(rule: AnyRule) -> str:
    """The rule's reason, shortened, without a closing full stop (the caption adds one)."""
    return st.shorten(rule.because, REASON_LIMIT).rstrip(" .")


def _name(pack: Pack, result: Result, endpoint: str) -> str:
    if endpoint in pack.nodes:
        return st.shorten(pack.nodes[endpoint].label, NAME_LIMIT)
    info = next((s for s in (*result.shocks, *result.against_shocks) if s.key == endpoint), None)
    return st.shorten(info.label, NAME_LIMIT) if info is not None else endpoint


def citation_text(pack: Pack, rule: AnyRule) -> str:
    """The rule's sources by title (and date), else its basis."""
    if rule.cites is None:
        return "no citation"
    titles = []
    for source_id in rule.cites.sources:
        source = pack.sources.get(source_id)
        if source is None:
            titles.append(source_id)
            continue
        when = f", {st.date_text(source.date)}" if source.date is not None else ""
        titles.append(f"{st.plain(source.title)}{when}")
    return "; ".join(titles) if titles else f"basis: {rule.cites.basis}"


def _size_text(rule: AnyRule) -> str:
    magnitude = getattr(rule, "magnitude", None) or getattr(rule, "jump", None)
    if magnitude is None:
        return "unsized (sign only)"
    spread = ""
    if magnitude.range is not None:
        spread = f" (range {magnitude.range[0]:g} to {magnitude.range[1]:g})"
    return f"{magnitude.elasticity:g} {magnitude.units}{spread}"


def caption_text(pack: Pack, result: Result, chain: Chain, link: Link) -> str:
    """A step in words: who moves whom, why, by how much, how sure, and on whose word."""
    unit = result.nodes[link.target].unit
    amount = st.amount_text(link.amount, unit)
    source, target = _name(pack, result, link.source), _name(pack, result, link.target)
    if not link.rule:
        info = next(i for i in (*result.shocks, *result.against_shocks) if i.key == link.source)
        how = "" if link.target == info.node else " (the surprise against what was priced)"
        return f"The shock: {source}. {target} moves by {amount} at {chain.horizon}{how}."
    rule = pack.rules[link.rule]
    lag = f" after {rule.lag}" if rule.lag_days > 0 else ""
    return (
        f"{source} \u2192 {target}: {_reason(rule)}. "
        f"This rule carried {amount} to {target}{lag} "
        f"({link.share:.0%} of what moved it at {chain.horizon}). "
        f"Confidence: {rule.confidence}. Source: {citation_text(pack, rule)}."
    )


def _steps(pack: Pack, result: Result, chain: Chain) -> list[dict[str, Any]]:
    ids = {**st.node_ids(pack.nodes), **st.shock_ids(chain.shocks)}
    rules = st.rule_ids(pack.rules)
    steps = []
    for n, (i, link) in enumerate(ordered_links(chain), 1):
        steps.append(
            {
                "n": n,
                "hop": link.hop,
                "rule": link.rule,
                "chain": [f"e{i}", f"e{i}_in", f"e{i}_out"],
                "map": [rules[link.rule]] if link.rule else [],
                "nodes": [ids[link.source], ids[link.target]],
                "caption": caption_text(pack, result, chain, link),
            }
        )
    return steps


def _node_info(pack: Pack, result: Result, node: str, h: str) -> dict[str, Any]:
    outcome = result.nodes[node]
    lines = [f"Move at {h}: {move_text(result, node, h)}"]
    before, after = outcome.level_against.get(h), outcome.level.get(h)
    if before is not None and after is not None and st.level_text(after, outcome.unit):
        lines.append(
            f"Level: {st.level_text(before, outcome.unit)} \u2192 "
            f"{st.level_text(after, outcome.unit)}"
        )
    if outcome.band is not None and h in outcome.band:
        band = outcome.band[h]
        lines.append(
            f"Band (5th to 95th percentile of {result.draws} draws): "
            f"{st.amount_text(band.p5, outcome.unit)} to {st.amount_text(band.p95, outcome.unit)}"
        )
    causes = sorted(
        (c for c in outcome.channels if abs(c.amount[h]) > st.NEGLIGIBLE),
        key=lambda c: (-abs(c.amount[h]), c.rule),
    )
    for c in causes[:CAUSES]:
        rule = pack.rules.get(c.rule.removeprefix("event:"))
        why = st.shorten(rule.because, REASON_LIMIT) if rule is not None else "the scenario's shock"
        origin = _name(pack, result, c.source) if c.source in pack.nodes else "the shock"
        lines.append(f"Cause: {st.amount_text(c.amount[h], outcome.unit)} from {origin} ({why})")
    if not causes:
        lines.append("No cause moved it at this horizon.")
    return {"title": st.shorten(outcome.label, NAME_LIMIT), "lines": lines}


def _rule_info(pack: Pack, rule: AnyRule) -> dict[str, Any]:
    effect = "moves with" if rule.effect == "+" else "moves against"
    return {
        "title": f"{_name_of(pack, rule.source)} \u2192 {_name_of(pack, rule.target)}",
        "lines": [
            f"Reason: {st.shorten(rule.because, REASON_LIMIT)}",
            f"Effect {rule.effect}: the target {effect} its cause",
            f"Size: {_size_text(rule)}",
            f"Lag: {rule.lag if rule.lag_days > 0 else 'none'}",
            f"Confidence: {rule.confidence}",
            f"Sources: {citation_text(pack, rule)}",
        ],
    }


def _name_of(pack: Pack, node: str) -> str:
    return st.shorten(pack.nodes[node].label, NAME_LIMIT)


def lesson_data(pack: Pack, result: Result) -> dict[str, Any]:
    """The page's data: the result's JSON, the steps per horizon, and hover texts.

    Every string is plain text for ``textContent``; SVG ids are the generated
    ``n0``/``s0``/``e0``/``r0`` ids of the diagrams, never pack text.
    """
    chains = {h: select_chain(pack, result, h) for h in result.horizons}
    node_ids = st.node_ids(pack.nodes)
    rule_ids = st.rule_ids(pack.rules)
    return {
        "result": result.to_dict(),
        "horizons": list(result.horizons),
        "steps": {h: _steps(pack, result, chains[h]) for h in result.horizons},
        "nodes": {dot: node for node, dot in node_ids.items()},
        "node_info": {
            h: {n: _node_info(pack, result, n, h) for n in sorted(result.nodes)}
            for h in result.horizons
        },
        "shocks": {
            h: {
                dot: {"title": _name(pack, result, key), "lines": ["The scenario's shock"]}
                for key, dot in st.shock_ids(chains[h].shocks).items()
            }
            for h in result.horizons
        },
        "chain_rules": {
            h: {f"e{i}": link.rule for i, link in enumerate(chains[h].links)}
            for h in result.horizons
        },
        "map_rules": {dot: rule for rule, dot in rule_ids.items()},
        "rule_info": {r: _rule_info(pack, pack.rules[r]) for r in sorted(pack.rules)},
    }


def prefixed_svg(svg: str, prefix: str) -> str:
    """Graphviz SVG with every ``id`` (and ``url(#...)`` reference) prefixed, so several
    diagrams can share one page; the XML prolog and comments are dropped.

    Examples
    --------
    >>> prefixed_svg('<svg><g id="n0"><path fill="url(#l_1)"/></g></svg>', "c0-")
    '<svg><g id="c0-n0"><path fill="url(#c0-l_1)"/></g></svg>'
    """
    text = svg[svg.find("<svg") :] if "<svg" in svg else svg
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL).strip()
    text = re.sub(r'\bid="', f'id="{prefix}', text)
    return text.replace("url(#", f"url(#{prefix}").replace('href="#', f'href="#{prefix}')


def panels(pack: Pack, result: Result) -> tuple[Panel, ...]:
    """The chain and the diff at every horizon and the map, as inline SVG."""
    from markupsafe import Markup

    from macrograph.explain.diagram.build import chain_diagram, diff_diagram, map_diagram
    from macrograph.explain.render import render

    found = []
    for i, h in enumerate(result.horizons):
        chain = render(chain_diagram(pack, result, h), "svg").decode("utf-8")
        found.append(Panel(f"chain-{i}", "chain", h, Markup(prefixed_svg(chain, f"c{i}-"))))
        diff = render(diff_diagram(pack, result, h), "svg").decode("utf-8")
        found.append(Panel(f"diff-{i}", "diff", h, Markup(prefixed_svg(diff, f"d{i}-"))))
    whole = render(map_diagram(pack, result), "svg").decode("utf-8")
    found.append(Panel("map", "map", result.horizons[-1], Markup(prefixed_svg(whole, "m-"))))
    return tuple(found)


def lesson_context(pack: Pack, result: Result) -> LessonContext:
    """Everything the lesson template prints."""
    from markupsafe import Markup

    data = lesson_data(pack, result)
    last = result.horizons[-1]
    against = result.against_title or "no shocks"
    return LessonContext(
        title=st.plain(result.title),
        subtitle=f"compared with: {st.plain(against)}; event date {st.date_text(result.anchor)}",
        horizons=tuple(result.horizons),
        default_horizon=last,
        panels=panels(pack, result),
        captions=tuple(Caption(s["n"], s["caption"]) for s in data["steps"][last]),
        data=Markup(script_json(data)),
    )


def make_lesson(pack: Pack, result: Result) -> str:
    """The lesson page as HTML text (needs Graphviz's ``dot`` for the SVG).

    Raises
    ------
    DotMissingError, DotFailedError, TemplateProblem
    """
    from macrograph.explain.environment import make_environment, render

    return render(make_environment(), "lesson.html.j2", lesson_context(pack, result))
