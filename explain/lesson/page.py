"""An interactive lesson: one self-contained HTML page that steps through a transmission.

The page holds the chain at every horizon, the whole map and the diff as inline SVG
(drawn by :mod:`macrograph.explain.diagram.build` through Graphviz), the result's JSON (as
``whatif --format json`` writes it) plus the steps, and a small script that lights
one link per step. Without JavaScript the chain and the numbered captions stay
visible. Nothing is fetched: the page works from ``file://``.

Examples
--------
>>> from macrograph.graph.synthetic import slump_pack
>>> pack = slump_pack()
>>> result = propagate_for(pack, "a-slumps", RunOptions(draws=0))
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
from typing import Any

from msgspec import Struct

from macrograph.explain.contexts.base import node_name
from macrograph.explain.contexts.horizon import reading_horizon
from macrograph.explain.diagram import style as st
from macrograph.explain.diagram.build import chain_diagram, diff_diagram, map_diagram
from macrograph.explain.diagram.chain import Chain, select_chain
from macrograph.explain.diagram.views import move_text
from macrograph.explain.environment import make_environment, render
from macrograph.explain.filters import horizon, level_beside
from macrograph.explain.lesson.steps import Step, teaching_steps
from macrograph.explain.lesson.words import (
    NAME_LIMIT,
    REASON_LIMIT,
    caption_text,
    citation_text,
    name_of,
    shock_info,
    size_text,
    step_caption,
    surprise_words,
)
from macrograph.explain.render import render as render_dot
from macrograph.explain.textfilters import SCRIPT_COLON
from macrograph.explain.wording.speaking import speaks_pack
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.graph.result import Result, fired_rule
from macrograph.graph.scenarios import resolve_text
from macrograph.rules.models import AnyRule
from macrograph.rules.pack import Pack

CAUSES = 4  # causes listed under a node, strongest first


class Caption(Struct, frozen=True):
    """One step's words, for the list shown without JavaScript and in print."""

    n: int
    text: str


class Panel(Struct, frozen=True):
    """One inline SVG view: its key (``chain-3m``...), button label and markup."""

    key: str
    view: str
    horizon: str
    svg: Any  # markupsafe.Markup


class LessonContext(Struct, frozen=True):
    """What ``lesson.html.j2`` is rendered with."""

    title: str
    subtitle: str
    horizons: tuple[str, ...]
    default_horizon: str
    panels: tuple[Panel, ...]
    captions: tuple[Caption, ...]
    data: Any  # markupsafe.Markup: JSON safe inside <script>


def propagate_for(pack: Pack, text: str | None, options: RunOptions = RunOptions()) -> Result:
    """Propagate the scenario named by ``text`` (default the pack's) with ``options`` (its
    comparison, and Monte Carlo bands of its draws and seed; ``model_only`` leaves the
    random noise out), as the what-if does.

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> propagate_for(slump_pack(), None, RunOptions(draws=0)).scenario  # the pack's default
    'a-slumps'
    """
    spec = resolve_text(pack, text or pack.info.default_scenario)
    return propagate(pack, spec, options)


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


def _ids(step: Step, chain: Chain, rules: dict[str, str]) -> dict[str, list[str]]:
    """The SVG ids a step lights: its links in the chain, its rules in the map and diff, and
    the endpoints of its links."""
    links = [chain.links[i] for i in step.links]
    return {
        "chain": [f"e{i}{end}" for i in step.links for end in ("", "_in", "_out")],
        "map": sorted({rules[x.rule] for x in links if x.rule}),
        "ends": list(dict.fromkeys(e for x in links for e in (x.source, x.target))),
        "targets": list(dict.fromkeys(x.target for x in links)),
    }


def _steps(pack: Pack, result: Result, chain: Chain) -> list[dict[str, Any]]:
    ids = {**st.node_ids(pack.nodes), **st.shock_ids(chain.shocks)}
    rules = st.rule_ids(pack.rules)
    found = []
    for step in teaching_steps(pack, result, chain):
        lit = _ids(step, chain, rules)
        found.append(
            {
                "n": step.n,
                "hop": step.hop,
                "folded": step.folded,
                "links": list(step.links),
                "rules": [chain.links[i].rule for i in step.links],
                "chain": lit["chain"],
                "map": lit["map"],
                "nodes": [ids[e] for e in lit["ends"]],
                "targets": [ids[e] for e in lit["targets"]],
                "caption": step_caption(pack, result, chain, step),
            }
        )
    return found


def _node_info(pack: Pack, result: Result, node: str, h: str) -> dict[str, Any]:
    outcome = result.nodes[node]
    lines = [f"Move at {h}: {move_text(result, node, h)}"]
    before, after = outcome.level_against.get(h), outcome.level.get(h)
    if before is not None and after is not None and st.level_text(after, outcome.unit):
        lines.append(
            f"Level: {level_beside(before, after, outcome.unit)} \u2192 "
            f"{level_beside(after, before, outcome.unit)}"
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
        fired = fired_rule(c.rule)
        rule = pack.rules.get(fired or c.rule)
        why = st.shorten(rule.because, REASON_LIMIT) if rule is not None else "the scenario's shock"
        origin = _origin(pack, c.source, rule if fired else None)
        lines.append(f"Cause: {st.amount_text(c.amount[h], outcome.unit)} from {origin} ({why})")
    if not causes:
        lines.append("No cause moved it at this horizon.")
    return {"title": st.shorten(outcome.label, NAME_LIMIT), "lines": lines}


EFFECT_WORDS = {
    "+": "the target moves with its cause",
    "-": "the target moves against its cause",
    "?": "its sign is uncertain",
}


def _rule_info(pack: Pack, rule: AnyRule) -> dict[str, Any]:
    return {
        "title": f"{_name_of(pack, rule.source)} \u2192 {_name_of(pack, rule.target)}",
        "lines": [
            f"Reason: {st.shorten(rule.because, REASON_LIMIT)}",
            f"Effect {rule.effect}: {EFFECT_WORDS[rule.effect]}",
            f"Size: {size_text(pack, rule)}",
            f"Lag: {horizon(rule.lag) if rule.lag_days > 0 else 'none'}",
            f"Confidence: {rule.confidence}",
            f"Sources: {citation_text(pack, rule)}",
        ],
    }


def _origin(pack: Pack, source: str, fired: AnyRule | None) -> str:
    """Where a cause comes from, as it reads after "from": a node as the prose names it
    mid-sentence ('capacity utilization'), a threshold's jump by the node that reached its
    trigger (no shock the scenario set), else the scenario's shock."""
    if source in pack.nodes:
        return st.shorten(node_name(pack, source), NAME_LIMIT)
    if fired is not None and fired.source in pack.nodes:
        return f"{st.shorten(node_name(pack, fired.source), NAME_LIMIT)} reaching its trigger"
    return "the shock"


def _name_of(pack: Pack, node: str) -> str:
    return st.shorten(pack.nodes[node].label, NAME_LIMIT)


def _shock_lines(result: Result, key: str) -> list[str]:
    """A shock's details: its date and, for a priced decision, its surprise."""
    info = shock_info(result, key)
    if info is None:
        return ["The scenario's shock"]
    ours = any(s.key == key for s in result.shocks)
    lines = [f"{'The scenario' if ours else 'The comparison'}'s shock on {st.date_text(info.date)}"]
    if info.surprise is not None:
        lines.append(f"Surprise: {surprise_words(result, info)}")
    return lines


def _shock_links(pack: Pack, result: Result, chain: Chain) -> dict[str, Any]:
    """The details of the chain's links from a shock (they have no rule to explain them)."""
    return {
        f"e{i}": {
            "title": f"{name_of(pack, result, x.source)} \u2192 {name_of(pack, result, x.target)}",
            "lines": [caption_text(pack, result, chain, x)],
        }
        for i, x in enumerate(chain.links)
        if not x.rule
    }


@speaks_pack
def lesson_data(pack: Pack, result: Result, horizon: str | None = None) -> dict[str, Any]:
    """The page's data: the result's JSON, the steps per horizon, and hover texts; the page
    opens at ``horizon`` (default :func:`opening_horizon`'s).

    Every string is plain text for ``textContent``; SVG ids are the generated
    ``n0``/``s0``/``e0``/``r0`` ids of the diagrams, never pack text.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> data = lesson_data(pack, result)
    >>> data["start"], data["nodes"], data["map_rules"]
    ('3m', {'n0': 'a', 'n1': 'b'}, {'r0': 'a_to_b'})
    >>> [(s["n"], s["rules"], s["nodes"]) for s in data["steps"]["3m"]]
    [(1, [''], ['s0', 'n0']), (2, ['a_to_b'], ['n0', 'n1'])]
    """
    chains = {h: select_chain(pack, result, h, keys=True) for h in result.horizons}
    node_ids = st.node_ids(pack.nodes)
    rule_ids = st.rule_ids(pack.rules)
    return {
        "result": result.to_dict(),
        "horizons": list(result.horizons),
        "start": opening_horizon(pack, result, horizon),
        "steps": {h: _steps(pack, result, chains[h]) for h in result.horizons},
        "nodes": {dot: node for node, dot in node_ids.items()},
        "node_info": {
            h: {n: _node_info(pack, result, n, h) for n in sorted(result.nodes)}
            for h in result.horizons
        },
        "shocks": {
            h: {
                dot: {"title": name_of(pack, result, key), "lines": _shock_lines(result, key)}
                for key, dot in st.shock_ids(chains[h].shocks).items()
            }
            for h in result.horizons
        },
        "chain_rules": {
            h: {f"e{i}": link.rule for i, link in enumerate(chains[h].links)}
            for h in result.horizons
        },
        "shock_links": {h: _shock_links(pack, result, chains[h]) for h in result.horizons},
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


def panels(pack: Pack, result: Result, horizon: str | None = None) -> tuple[Panel, ...]:
    """The chain and the diff at every horizon and the map at ``horizon`` (default the
    headline's), as inline SVG (needs Graphviz's ``dot``).

    Examples
    --------
    >>> from macrograph import propagate
    >>> from macrograph.graph.synthetic import rate_step, units_pack
    >>> pack = units_pack()
    >>> found = panels(pack, propagate(pack, rate_step(), RunOptions(draws=0)))
    >>> [(p.key, p.horizon) for p in found]
    [('chain-0', '1d'), ('diff-0', '1d'), ('chain-1', '1m'), ('diff-1', '1m'), ('map', '1m')]
    >>> str(found[0].svg).startswith("<svg")
    True
    """
    # markupsafe, like jinja2, loads only where HTML is made
    from markupsafe import Markup

    found = []
    for i, h in enumerate(result.horizons):
        chain = render_dot(chain_diagram(pack, result, h, keys=True), "svg").decode("utf-8")
        found.append(Panel(f"chain-{i}", "chain", h, Markup(prefixed_svg(chain, f"c{i}-"))))
        diff = render_dot(diff_diagram(pack, result, h), "svg").decode("utf-8")
        found.append(Panel(f"diff-{i}", "diff", h, Markup(prefixed_svg(diff, f"d{i}-"))))
    at = reading_horizon(pack, result, horizon)
    whole = render_dot(map_diagram(pack, result, at), "svg").decode("utf-8")
    found.append(Panel("map", "map", at, Markup(prefixed_svg(whole, "m-"))))
    return tuple(found)


def opening_horizon(pack: Pack, result: Result, horizon: str | None = None) -> str:
    """The horizon the page opens at: ``horizon`` when the teacher gives one, else the what-if
    headline's (:func:`~macrograph.explain.contexts.horizon.reading_horizon`), so a move that
    peaks early and fades (an eruption's cooling) is taught where it happens, not after it is
    gone.

    Raises
    ------
    HorizonError
        For a ``horizon`` the result was not run at.

    Examples
    --------
    >>> from macrograph import propagate
    >>> from macrograph.graph.synthetic import rate_step, units_pack
    >>> pack = units_pack()
    >>> opening_horizon(pack, propagate(pack, rate_step(), RunOptions(draws=0)))
    '1m'
    >>> opening_horizon(pack, propagate(pack, rate_step(), RunOptions(draws=0)), "1d")
    '1d'
    """
    return reading_horizon(pack, result, horizon)


def lesson_context(pack: Pack, result: Result, horizon: str | None = None) -> LessonContext:
    """Everything the lesson template prints (needs Graphviz's ``dot`` for its panels),
    opening at ``horizon`` (default :func:`opening_horizon`'s).

    Examples
    --------
    >>> from macrograph import propagate
    >>> from macrograph.graph.synthetic import rate_step, units_pack
    >>> pack = units_pack()
    >>> page = lesson_context(pack, propagate(pack, rate_step(), RunOptions(draws=0)))
    >>> page.title, page.subtitle
    ('rate +20bp', 'compared with: no shocks; event date 6 Jan 2025')
    >>> page.default_horizon, page.captions[0].text
    ('1m', 'The shock: rate +20bp on 6 Jan 2025. The rate rises by 20bp at 1m.')
    """
    from markupsafe import Markup

    data = lesson_data(pack, result, horizon)
    start = data["start"]
    against = result.against_title or "no shocks"
    return LessonContext(
        title=st.plain(result.title),
        subtitle=f"compared with: {st.plain(against)}; event date {st.date_text(result.anchor)}",
        horizons=tuple(result.horizons),
        default_horizon=start,
        panels=panels(pack, result, start),
        captions=tuple(Caption(s["n"], s["caption"]) for s in data["steps"][start]),
        data=Markup(script_json(data)),
    )


@speaks_pack
def make_lesson(pack: Pack, result: Result, horizon: str | None = None) -> str:
    """The lesson page as HTML text (needs Graphviz's ``dot`` for the SVG), opening at
    ``horizon`` (default :func:`opening_horizon`'s).

    Raises
    ------
    DotMissingError, DotFailedError, TemplateProblem
    HorizonError
        For a ``horizon`` the result was not run at.

    Examples
    --------
    >>> from macrograph import propagate
    >>> from macrograph.graph.synthetic import rate_step, units_pack
    >>> pack = units_pack()
    >>> page = make_lesson(pack, propagate(pack, rate_step(), RunOptions(draws=0)))
    >>> page.startswith("<!DOCTYPE html>"), "The shock: rate +20bp on 6 Jan 2025." in page
    (True, True)
    """
    return render(make_environment(), "lesson.html.j2", lesson_context(pack, result, horizon))
