"""Semantic checks of a loaded pack: references, units, citations, contradictions, loops.

Each check is a small function returning findings; :func:`lint_pack` runs them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import networkx as nx

from macrograph.rules.collector import paused
from macrograph.rules.durations import nearest_whole
from macrograph.rules.english.suggest import unknown
from macrograph.rules.errors import PackError, PackIssue
from macrograph.rules.fields import is_whole, not_whole_text
from macrograph.rules.info import PackInfo
from macrograph.rules.lint.bounds import check_when_bounds
from macrograph.rules.lint.citations import (
    check_citations,
    check_claim_coverage,
    check_rule_citations,
)
from macrograph.rules.lint.data import DATA_CHECKS, DATA_FILE_CHECKS
from macrograph.rules.lint.episodes import EPISODE_CHECKS
from macrograph.rules.lint.found import error_at, warning_at
from macrograph.rules.lint.language import LANGUAGE_CHECKS
from macrograph.rules.lint.loops import check_lagged_loops, check_loops
from macrograph.rules.lint.noise import NOISE_CHECKS
from macrograph.rules.lint.prose import PROSE_CHECKS
from macrograph.rules.lint.quotes import QUOTE_CHECKS
from macrograph.rules.lint.scenarios import (
    check_branches,
    check_dangling_scenarios,
    check_phrases,
    check_scenario_links,
)
from macrograph.rules.lint.sizes import check_magnitudes
from macrograph.rules.lint.text import check_hidden_characters
from macrograph.rules.models import (
    AnyRule,
    ClassifyRule,
    ThresholdRule,
    duration_days,
)
from macrograph.rules.pack import Pack


def lint_pack(
    pack: Pack, checks: tuple[Callable[[Pack], list[PackIssue]], ...] | None = None
) -> list[PackIssue]:
    """Every finding of every check (or of ``checks``), sorted by file, line and id.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> [f for f in lint_pack(load_pack()) if f.severity == "error"]
    []
    """
    findings: list[PackIssue] = []
    with paused():  # a large pack is millions of live objects the collector would walk again
        for check in CHECKS if checks is None else checks:
            findings.extend(check(pack))
    return sorted(set(findings))


def require_clean(pack: Pack) -> Pack:
    """Return ``pack`` when lint finds no error; raise :class:`PackError` otherwise.

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> try:
    ...     require_clean(slump_pack())
    ... except PackError as err:
    ...     [(i.obj_id, i.code) for i in err.issues]  # its rule cites nothing
    [('a_to_b', 'uncited')]
    """
    errors = [f for f in lint_pack(pack) if f.severity == "error"]
    if errors:
        raise PackError(errors)
    return pack


def _node_refs(pack: Pack) -> Iterator[tuple[str, str, str, str]]:
    """(section, object id, field, referenced node id) for every node reference."""
    for rule in pack.rules.values():
        yield "rules", rule.id, "source", rule.source
        yield "rules", rule.id, "target", rule.target
        if rule.when is not None:
            yield "rules", rule.id, "when.node", rule.when.node
    for node in pack.nodes.values():
        if node.expectations is not None:
            yield "nodes", node.id, "expectations", node.expectations
    for scenario in pack.scenarios.values():
        for index, shock in enumerate(scenario.shocks):
            yield "scenarios", scenario.id, f"shocks.{index}.node", shock.node
    for fact in pack.facts.values():
        if fact.node is not None:
            yield "facts", fact.id, "node", fact.node


def check_dangling_nodes(pack: Pack) -> list[PackIssue]:
    """Every node id a rule, scenario or fact names must exist.

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.graph.synthetic import slump_pack
    >>> pack = slump_pack()
    >>> [(f.obj_id, f.field, f.message) for f in check_dangling_nodes(
    ...     replace(pack, nodes={"a": pack.nodes["a"]}))]
    [('a_to_b', 'target', "unknown node 'b'")]
    """
    return [
        error_at(pack, section, obj, field, unknown("node", ref, pack.nodes), "dangling-reference")
        for section, obj, field, ref in _node_refs(pack)
        if ref not in pack.nodes
    ]


def _expected_units(pack: Pack, rule: AnyRule) -> str | None:
    if rule.source not in pack.nodes or rule.target not in pack.nodes:
        return None
    target = pack.nodes[rule.target].unit
    if isinstance(rule, ThresholdRule):
        return f"{target}/event"
    return f"{target}/{pack.nodes[rule.source].unit}"


def check_units(pack: Pack) -> list[PackIssue]:
    """A magnitude's units must read target unit per source unit (or per event for a jump).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> [f.message for f in check_units(units_pack())]  # a rate moves a price
    ["units 'index/index' do not match the nodes' units; expected 'pct_change/pct'"]
    """
    found = []
    for rule in pack.rules.values():
        magnitude = (
            rule.jump if isinstance(rule, ThresholdRule) else getattr(rule, "magnitude", None)
        )
        expected = _expected_units(pack, rule)
        if magnitude is None or expected is None or magnitude.units == expected:
            continue
        field = "jump.units" if isinstance(rule, ThresholdRule) else "magnitude.units"
        msg = f"units '{magnitude.units}' do not match the nodes' units; expected '{expected}'"
        swapped = "/".join(reversed(expected.split("/"))) == magnitude.units
        msg += " (target/source: these are the wrong way round)" if swapped else ""
        found.append(error_at(pack, "rules", rule.id, field, msg, "unit-mismatch"))
    return found


def check_kinds(pack: Pack) -> list[PackIssue]:
    """Classify rules set stance nodes; only classify rules do; decisions need expectations.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_changed
    >>> found = check_kinds(slump_changed("nodes", "b", kind="stance"))
    >>> [(f.obj_id, f.message) for f in found]
    [('a_to_b', 'classify rules, and only they, target stance nodes')]
    """
    found = []
    for rule in pack.rules.values():
        target = pack.nodes.get(rule.target)
        source = pack.nodes.get(rule.source)
        if target is not None and (target.kind == "stance") != isinstance(rule, ClassifyRule):
            msg = "classify rules, and only they, target stance nodes"
            found.append(error_at(pack, "rules", rule.id, "target", msg, "wrong-kind"))
        if source is not None and source.kind == "stance":
            msg = "a stance is a reading, not a cause: it cannot be a rule's source"
            found.append(error_at(pack, "rules", rule.id, "source", msg, "wrong-kind"))
    for scenario in pack.scenarios.values():
        found.extend(_decision_findings(pack, scenario.id))
    return found


def check_periods(pack: Pack) -> list[PackIssue]:
    """Lags, half-lives and horizons are whole numbers of the pack's period; half-lives > 0.

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.graph.synthetic import slump_pack
    >>> pack = slump_pack()
    >>> monthly = pack.info.model_copy(update={"period": "1m"})
    >>> [(f.field, f.code) for f in check_periods(replace(pack, info=monthly))]  # 1d, 1w
    [('horizons', 'not-whole-periods')]
    """
    period = pack.info.period
    found = []
    for rule in pack.rules.values():
        decay = getattr(rule, "decay", None)
        fields = [("lag", rule.lag)] + ([("decay", decay)] if decay is not None else [])
        for field, text in fields:
            if not is_whole(text, period):
                msg = not_whole_text(field, text, period)
                found.append(error_at(pack, "rules", rule.id, field, msg, "not-whole-periods"))
        if decay is not None and duration_days(decay) == 0:
            msg = "a half-life must be longer than zero (leave 'decay' out for a lasting effect)"
            found.append(error_at(pack, "rules", rule.id, "decay", msg, "zero-half-life"))
    default = tuple(PackInfo.model_fields["horizons"].default)
    if pack.info.horizons == default and not all(is_whole(h, period) for h in default):
        fits = ", ".join(dict.fromkeys(nearest_whole(h, period) for h in default))
        msg = (
            f"horizons {', '.join(default)} (the default, when a pack gives none) are not all "
            f"whole numbers of the pack's periods ({period}); give the pack its own, e.g. "
            f"horizons: [{fits}]"
        )
        return [*found, error_at(pack, "pack", pack.info.id, "horizons", msg, "not-whole-periods")]
    for index, horizon in enumerate(pack.info.horizons):
        field = f"horizons.{index}"
        if not is_whole(horizon, period):
            msg = not_whole_text("horizon", horizon, period)
            found.append(error_at(pack, "pack", pack.info.id, field, msg, "not-whole-periods"))
    return found


def _decision_findings(pack: Pack, scenario_id: str) -> list[PackIssue]:
    found = []
    for index, shock in enumerate(pack.scenarios[scenario_id].shocks):
        node = pack.nodes.get(shock.node)
        if shock.priced is not None and node is not None and node.expectations is None:
            msg = f"'priced' needs node '{shock.node}' to name its 'expectations' node"
            field = f"shocks.{index}.priced"
            found.append(error_at(pack, "scenarios", scenario_id, field, msg, "no-expectations"))
    return found


def _distinct_when(a: AnyRule, b: AnyRule) -> bool:
    return (a.when is not None and b.when is not None and a.when != b.when) or (
        (a.when is None) != (b.when is None)
    )


def _apart_triggers(a: AnyRule, b: AnyRule) -> bool:
    # two thresholds whose bands leave a gap between them (below 2, above 5) fire on
    # opposite moves of their source, never on the same one: an alert and its stand-down
    if not (isinstance(a, ThresholdRule) and isinstance(b, ThresholdRule)):
        return False
    return any(
        low.below is not None and high.above is not None and low.below < high.above
        for low, high in ((a.crosses, b.crosses), (b.crosses, a.crosses))
    )


def _direction(rule: AnyRule) -> int:
    # a threshold crossed from above jumps its target down with the source: it agrees with
    # a rule of effect "+"; a band, entered from either side, keeps its own effect
    return rule.comoves or rule.sign


def check_contradictions(pack: Pack) -> list[PackIssue]:
    """Same source, target and channel with opposite effects needs a distinguishing ``when``.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> both = pack_of([rule("up", "a", "b", 0.5), rule("down", "a", "b", -0.5)])
    >>> [(f.obj_id, f.code) for f in check_contradictions(both)]
    [('up', 'contradiction')]
    """
    groups: dict[tuple[str, str, str], list[AnyRule]] = {}
    for rule in sorted(pack.rules.values(), key=lambda r: r.id):
        groups.setdefault((rule.source, rule.target, rule.channel), []).append(rule)
    found = []
    for rules in groups.values():
        for i, first in enumerate(rules):
            for second in rules[i + 1 :]:
                if _direction(first) == _direction(second) or _distinct_when(first, second):
                    continue
                if not _apart_triggers(first, second):
                    msg = (
                        f"contradicts rule '{first.id}': same source, target and channel, "
                        "opposite effect, and no 'when' tells them apart"
                    )
                    found.append(error_at(pack, "rules", second.id, "effect", msg, "contradiction"))
    return found


def check_reachability(pack: Pack) -> list[PackIssue]:
    """Warn about nodes that neither a scenario shock nor an exogenous driver can reach.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule, slump_pack
    >>> said = slump_pack().scenarios["a-slumps"]  # shocks a
    >>> pack = pack_of([rule("a_to_b", "a", "b", 0.5), rule("c_to_d", "c", "d", 0.5)], None, [said])
    >>> [(f.obj_id, f.severity) for f in check_reachability(pack)]
    [('c', 'warning'), ('d', 'warning')]
    """
    graph = nx.DiGraph((r.source, r.target) for r in pack.rules.values())
    graph.add_nodes_from(pack.nodes)
    starts = _shocked_nodes(pack) | {n.id for n in pack.nodes.values() if n.exogenous}
    reached = set(starts)
    for start in starts & set(graph):
        reached |= nx.descendants(graph, start)
    return [
        warning_at(pack, "nodes", node.id, "id", "no scenario shock reaches this node", "unreached")
        for node in pack.nodes.values()
        if node.id not in reached and not node.exogenous
    ]


def _shocked_nodes(pack: Pack) -> set[str]:
    """Nodes a scenario's or an episode's shock moves (with a decision's expectations node),
    and those the calendar sets: regimes and institutions' instruments."""
    starts: set[str] = set()
    shocks = [s for scenario in pack.scenarios.values() for s in scenario.shocks]
    shocks += [s for episode in pack.episodes.values() for s in episode.shocks]
    for shock in shocks:
        starts.add(shock.node)
        node = pack.nodes.get(shock.node)
        if node is not None and node.expectations is not None:
            starts.add(node.expectations)
    starts |= {r.node for r in pack.regimes.values()}
    starts |= {n for i in pack.institutions.values() for n in i.instruments.values()}
    return starts


def check_fact_units(pack: Pack) -> list[PackIssue]:
    """A fact about a node that is a level states it in the node's unit.

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.graph.synthetic import slump_pack
    >>> pack = slump_pack()
    >>> from datetime import date
    >>> from macrograph.rules.info import Fact
    >>> from macrograph.rules.models import Citation
    >>> fact = Fact(id="f", text="b stood at 2%", value=2.0, unit="pct", node="b",
    ...             as_of=date(2025, 1, 6), cites=Citation(basis="observed"))
    >>> [f.message for f in check_fact_units(replace(pack, facts={"f": fact}))]
    ["unit 'pct' does not fit node 'b' measured in 'index'"]
    """
    found = []
    for fact in pack.facts.values():
        node = pack.nodes.get(fact.node or "")
        if node is not None and fact.unit not in (node.unit, "pct_change", "pp", "bp"):
            msg = f"unit '{fact.unit}' does not fit node '{node.id}' measured in '{node.unit}'"
            found.append(error_at(pack, "facts", fact.id, "unit", msg, "unit-mismatch"))
    return found


def _level_reads(pack: Pack) -> Iterator[tuple[str, str, str, str, str]]:
    """(section, object id, field, node id, why) wherever a node's level is read or set."""
    for rule in pack.rules.values():
        if rule.when is not None:
            yield "rules", rule.id, "when.node", rule.when.node, "its 'when' reads"
        if isinstance(rule, ThresholdRule):
            yield "rules", rule.id, "source", rule.source, "a threshold reads"
        if isinstance(rule, ClassifyRule):
            yield "rules", rule.id, "source", rule.source, "a classify rule reads"
    for scenario in pack.scenarios.values():
        for index, shock in enumerate(scenario.shocks):
            if shock.level is not None:
                field = f"shocks.{index}.level"
                yield "scenarios", scenario.id, field, shock.node, "a level shock sets"


def check_baselines(pack: Pack) -> list[PackIssue]:
    """A node whose level a ``when``, threshold, classify rule or level shock uses needs a baseline.

    Levels are baseline plus change, so without a baseline the level is meaningless; a
    threshold whose source's baseline already meets its trigger is warned of.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> from macrograph.rules.models import Condition
    >>> when = Condition(node="a", above=0.0)
    >>> [f.message for f in check_baselines(pack_of([rule("a_to_b", "a", "b", 0.5, when=when)]))]
    ["its 'when' reads the level of node 'a', which has no 'baseline'"]
    >>> from macrograph.graph.synthetic.runs import threshold_rule
    >>> stop = threshold_rule("stop", "it stops", {"below": 1.0})
    >>> [f.message[:44] for f in check_baselines(pack_of([stop], baselines={"a": 1.0}))]
    ["the baseline of 'a' (1) already meets the tr"]
    """
    found = []
    for section, obj, field, node_id, why in _level_reads(pack):
        node = pack.nodes.get(node_id)
        if node is not None and node.baseline is None:
            msg = f"{why} the level of node '{node_id}', which has no 'baseline'"
            found.append(error_at(pack, section, obj, field, msg, "no-baseline"))
    return found + _triggers_met_at_baseline(pack)


def _triggers_met_at_baseline(pack: Pack) -> list[PackIssue]:
    """A threshold fires as its source's level crosses into its trigger; one whose source's
    baseline already meets it fires only once the level has left and come back."""
    found = []
    for rule in pack.rules.values():
        node = pack.nodes.get(rule.source)
        if not isinstance(rule, ThresholdRule) or node is None or node.baseline is None:
            continue
        if _waits_on_when(pack, rule):  # a return trigger: an alert's stand-down
            continue
        value, low, high = node.baseline.value, rule.crosses.above, rule.crosses.below
        if (low is None or value >= low - 1e-9) and (high is None or value <= high + 1e-9):
            msg = (
                f"the baseline of '{node.id}' ({value:g}) already meets the trigger, so the"
                " rule fires only once the level has left it and comes back: a trigger"
                " the level should cross from its baseline lies beyond it"
            )
            found.append(warning_at(pack, "rules", rule.id, "crosses", msg, "met-at-baseline"))
    return found


def _waits_on_when(pack: Pack, rule: ThresholdRule) -> bool:
    """Whether ``rule``'s ``when`` fails at the baselines: it can fire only once something
    else has set its condition, by when its source has left the trigger."""
    gate = rule.when
    node = pack.nodes.get(gate.node) if gate is not None else None
    return (
        gate is not None
        and node is not None
        and node.baseline is not None
        and (not gate.holds(node.baseline.value))
    )


def check_expectations(pack: Pack) -> list[PackIssue]:
    """A node's ``expectations`` names another node, of kind ``rate`` (a market-implied path).

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_changed
    >>> [f.message for f in check_expectations(slump_changed("nodes", "a", expectations="b"))]
    ["'expectations' must name a node of kind 'rate'; 'b' is 'indicator'"]
    """
    found = []
    for node in pack.nodes.values():
        path = pack.nodes.get(node.expectations or "")
        if path is None:
            continue
        if path.id == node.id:
            msg = "a node cannot be its own 'expectations' node"
            found.append(error_at(pack, "nodes", node.id, "expectations", msg, "expectations"))
        elif path.kind != "rate":
            msg = f"'expectations' must name a node of kind 'rate'; '{path.id}' is '{path.kind}'"
            found.append(error_at(pack, "nodes", node.id, "expectations", msg, "expectations"))
    return found


CHECKS: tuple[Callable[[Pack], list[PackIssue]], ...] = (
    check_dangling_nodes,
    check_dangling_scenarios,
    check_citations,
    check_rule_citations,
    check_units,
    check_kinds,
    check_periods,
    check_contradictions,
    check_loops,
    check_lagged_loops,
    check_reachability,
    check_branches,
    check_fact_units,
    check_claim_coverage,
    check_baselines,
    check_expectations,
    check_scenario_links,
    check_hidden_characters,
    check_magnitudes,
    check_when_bounds,
    check_phrases,
    *EPISODE_CHECKS,
    *DATA_CHECKS,
    *NOISE_CHECKS,
    *LANGUAGE_CHECKS,
    *PROSE_CHECKS,
    *QUOTE_CHECKS,
)

OVERLAY_CHECKS = tuple(c for c in CHECKS if c not in DATA_FILE_CHECKS)
"""The checks an overlaid pack needs: an overlay changes rules and baselines, never the
series' files nor the moves read from them, so those checks would find what the pack's own
lint found."""
