"""The commands that question the graph itself: ``paths`` and ``loops``.

Heavy modules are imported inside the commands so that ``--help`` and start-up stay quick.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from macrograph.explain.cli.common import (
    LISTING_HELP,
    emit,
    format_option,
    load,
    pack_option,
    reports_errors,
    text_width,
)
from macrograph.explain.formats import LISTING_FORMATS
from macrograph.explain.terminal import message_text
from macrograph.rules import columns
from macrograph.rules.english.forms import counted

COMMANDS: list[click.Command] = []


@click.command(
    epilog="\b\nExamples:\n  macrograph paths boj_policy_rate usd_jpy\n"
    "  macrograph paths jgb_10y nasdaq --format json"
)
@click.argument("source")
@click.argument("target")
@click.option(
    "--cutoff",
    default=8,
    show_default=True,
    type=click.IntRange(1, 12),
    help="At most this many rules in a chain.",
)
@format_option(LISTING_FORMATS, LISTING_HELP, default="text")
@pack_option
@reports_errors
def paths(
    source: str, target: str, cutoff: int, fmt: str, pack_dir: Path | None, pack_overlay: str | None
) -> None:
    """Every chain of rules from SOURCE to TARGET, with its sign and elasticity."""
    from msgspec.structs import asdict

    from macrograph.explain.wording.unit_words import chain_size
    from macrograph.graph.build import build_graph
    from macrograph.graph.query import SURPRISE, no_path_reason
    from macrograph.graph.query import paths as find_paths
    from macrograph.graph.scenarios import find_node

    pack = load(pack_dir, pack_overlay)
    graph = build_graph(pack)
    start, end = find_node(pack, source), find_node(pack, target)
    implied = {n: node.expectations for n, node in pack.nodes.items() if node.expectations}
    found = find_paths(graph, start, end, cutoff, implied)
    if fmt == "json":
        emit(json.dumps([asdict(p) for p in found], indent=2, sort_keys=True), None)
        return
    width = text_width()
    sizes = [chain_size(pack, p).partition(" ") for p in found]
    column = max((columns.cells(number) for number, _, _ in sizes), default=0)
    for p, (number, gap, said), twin in zip(found, sizes, _distinct_rules(found), strict=True):
        size = columns.rjust(number, column) + gap + said  # the numbers aligned, not the words
        line = _path_line(p, size, SURPRISE) + twin + _only_while(pack, p.gated)
        click.echo(message_text(line, width))
    if any(r.startswith(SURPRISE) for p in found for r in p.rules):
        click.echo(message_text(SURPRISE_NOTE, width))
    if not found:
        into = no_path_reason(graph, start, end)
        why = f"rules into {end} come from {', '.join(into)}"
        if not into:
            why = f"no rule leads into {end}: only a shock moves it"
        if start == end:
            why = "a chain back to the node it starts from is a loop (macrograph loops)"
        within = counted(cutoff, "rule")
        line = f"no path: nothing leads from {start} to {end} within {within}; {why}"
        click.echo(message_text(line, width))
    click.echo(counted(len(found), "path"))


SURPRISE_NOTE = (
    "~> a decision's surprise (what was done minus what was priced) moves its market-implied path"
)


def _distinct_rules(found: list[Any]) -> list[str]:
    """For paths through the same nodes by different rules (two rules between one pair of
    nodes), the rules that tell each apart: ' (via patients_die)'; '' for the others."""
    by_nodes: dict[tuple[str, ...], list[Any]] = {}
    for p in found:
        by_nodes.setdefault(tuple(p.nodes), []).append(p)
    told = []
    for p in found:
        twins = by_nodes[tuple(p.nodes)]
        apart = [r for i, r in enumerate(p.rules) if len({t.rules[i] for t in twins}) > 1]
        told.append(f" (via {', '.join(apart)})" if len(twins) > 1 else "")
    return told


def _only_while(pack: Any, gated: tuple[str, ...]) -> str:
    """' (only while spawning_biomass <= 150)': the conditions a chain's rules act under,
    the node first where one bound holds it ('wti >= 70', not '70 <= wti')."""
    conditions = []
    for rule_id in gated:
        w = pack.rules[rule_id].when
        if w.below is None and w.above is not None:
            conditions.append(f"{w.node} >= {w.above:g}")
            continue
        bounds = [f"{w.above:g} <=" if w.above is not None else "", w.node]
        bounds.append(f"<= {w.below:g}" if w.below is not None else "")
        conditions.append(" ".join(b for b in bounds if b))
    return f" (only while {' and '.join(sorted(set(conditions)))})" if conditions else ""


def _path_line(path: Any, size: str, surprise: str) -> str:
    """One path: its sign, ``size`` and nodes; a surprise hop drawn ``~>``."""
    hops = "".join(
        f"{' ~> ' if rule.startswith(surprise) else ' -> '}{node}"
        for rule, node in zip(path.rules, path.nodes[1:], strict=True)
    )
    return f"{'?+-'[int(path.sign)]} {size}  {path.nodes[0]}{hops}"


@click.command(epilog="\b\nExamples:\n  macrograph loops\n  macrograph loops --format json")
@format_option(LISTING_FORMATS, LISTING_HELP, default="text")
@pack_option
@reports_errors
def loops(fmt: str, pack_dir: Path | None, pack_overlay: str | None) -> None:
    """Feedback loops, reinforcing or balancing, with their gain and lag."""
    from msgspec.structs import asdict

    from macrograph.graph.build import build_graph
    from macrograph.graph.query import loops as find_loops
    from macrograph.rules.fields import duration_periods

    pack = load(pack_dir, pack_overlay)
    found = find_loops(build_graph(pack))
    width = text_width()
    if fmt == "json":
        emit(json.dumps([asdict(lp) for lp in found], indent=2, sort_keys=True), None)
        return
    period = pack.info.period  # a lag in the pack's own periods: '33m', not '990d'
    for lp in found:
        gain = "unsized" if lp.gain is None else f"{lp.gain:+.3g}"
        lag = sum(duration_periods(pack.rules[r].lag, period) for r in lp.rules)
        line = (
            f"{lp.polarity:<11} gain {gain:>9}  lag {lag * int(period[:-1]):>3}{period[-1]}"
            f"  {' -> '.join(lp.nodes)}" + _only_while(pack, lp.gated)
        )
        click.echo(message_text(line, width))
    click.echo(counted(len(found), "loop"))


COMMANDS += [paths, loops]
