"""Semantic checks of a loaded pack: references, units, citations, contradictions, loops.

Each check is a small function returning findings; :func:`lint_pack` runs them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import networkx as nx

from macrograph.rules.collector import paused
from macrograph.rules.coverage import citations, uncited_claims
from macrograph.rules.durations import nearest_whole
from macrograph.rules.errors import PackError, PackIssue
from macrograph.rules.fields import is_whole, not_whole_text
from macrograph.rules.info import PackInfo
from macrograph.rules.lint.data import DATA_CHECKS, DATA_FILE_CHECKS
from macrograph.rules.lint.episodes import EPISODE_CHECKS
from macrograph.rules.lint.language import LANGUAGE_CHECKS
from macrograph.rules.lint.loops import check_loops
from macrograph.rules.lint.noise import NOISE_CHECKS
from macrograph.rules.lint.prose import PROSE_CHECKS
from macrograph.rules.lint.sizes import check_magnitudes
from macrograph.rules.lint.text import check_hidden_characters
from macrograph.rules.models import (
    AnyRule,
    ClassifyRule,
    ThresholdRule,
    duration_days,
)
from macrograph.rules.pack import Pack
from macrograph.rules.phrases import normalise, scenario_names
from macrograph.rules.suggest import unknown


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
    """Return ``pack`` when lint finds no error; raise :class:`PackError` otherwise."""
    errors = [f for f in lint_pack(pack) if f.severity == "error"]
    if errors:
        raise PackError(errors)
    return pack


def _at(
    pack: Pack, section: str, obj_id: str, field: str, message: str, code: str, severity: str
) -> PackIssue:
    where = pack.locate(section, obj_id)
    return PackIssue(where.file, where.line, obj_id, field, message, severity, code)


def _error(pack: Pack, section: str, obj_id: str, field: str, message: str, code: str) -> PackIssue:
    return _at(pack, section, obj_id, field, message, code, "error")


def _warning(
    pack: Pack, section: str, obj_id: str, field: str, message: str, code: str
) -> PackIssue:
    return _at(pack, section, obj_id, field, message, code, "warning")


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
    """Every node id a rule, scenario or fact names must exist."""
    return [
        _error(pack, section, obj, field, unknown("node", ref, pack.nodes), "dangling-reference")
        for section, obj, field, ref in _node_refs(pack)
        if ref not in pack.nodes
    ]


def _scenario_refs(pack: Pack) -> Iterator[tuple[str, str, str, str]]:
    for scenario in pack.scenarios.values():
        if scenario.against is not None:
            yield "scenarios", scenario.id, "against", scenario.against
        if scenario.extends is not None:
            yield "scenarios", scenario.id, "extends", scenario.extends
        for index, branch in enumerate(scenario.branches):
            yield "scenarios", scenario.id, f"branches.{index}.scenario", branch.scenario
    for signal in pack.signals.values():
        for scenario_id in signal.scenarios:
            yield "signals", signal.id, "scenarios", scenario_id
    yield "pack", pack.info.id, "default_scenario", pack.info.default_scenario


def check_dangling_scenarios(pack: Pack) -> list[PackIssue]:
    """Every scenario id named by another scenario, a signal or the pack must exist."""
    known = pack.scenarios
    return [
        _error(pack, section, obj, field, unknown("scenario", ref, known), "dangling-reference")
        for section, obj, field, ref in _scenario_refs(pack)
        if ref not in pack.scenarios
    ]


def check_citations(pack: Pack) -> list[PackIssue]:
    """Cited claims and sources must exist; non-seed citations need a rationale."""
    found = []
    for section, obj, field, cite in citations(pack):
        for claim in cite.claims:
            if claim not in pack.claims:
                msg = unknown("claim id", claim, pack.claims)
                found.append(_error(pack, section, obj, f"{field}.claims", msg, "unknown-claim"))
        for source in cite.sources:
            if source not in pack.sources:
                msg = unknown("source", source, pack.sources)
                found.append(_error(pack, section, obj, f"{field}.sources", msg, "unknown-source"))
        if cite.basis == "seed" and not cite.claims:
            msg = "basis 'seed' must cite at least one claim id"
            found.append(_error(pack, section, obj, f"{field}.claims", msg, "uncited"))
        if cite.basis not in ("seed", "observed") and cite.rationale is None:
            what = "rule holds" if section == "rules" else "figure holds"  # a shock's, a fact's
            msg = f"basis '{cite.basis}' needs a 'rationale' saying why the {what}"
            found.append(_warning(pack, section, obj, f"{field}.rationale", msg, "no-rationale"))
    return found


def check_rule_citations(pack: Pack) -> list[PackIssue]:
    """Every rule cites a claim or a source (the message says whether all of it is missing)."""
    bare = "cites no claim or source (a basis and a rationale are not enough)"
    uncited = [
        r for r in pack.rules.values() if not (r.cites and (r.cites.claims or r.cites.sources))
    ]
    why = {r.id: bare if r.cites else "rule has no citation" for r in uncited}
    return [_error(pack, "rules", r.id, "cites", why[r.id], "uncited") for r in uncited]


def _expected_units(pack: Pack, rule: AnyRule) -> str | None:
    if rule.source not in pack.nodes or rule.target not in pack.nodes:
        return None
    target = pack.nodes[rule.target].unit
    if isinstance(rule, ThresholdRule):
        return f"{target}/event"
    return f"{target}/{pack.nodes[rule.source].unit}"


def check_units(pack: Pack) -> list[PackIssue]:
    """A magnitude's units must read target unit per source unit (or per event for a jump)."""
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
        found.append(_error(pack, "rules", rule.id, field, msg, "unit-mismatch"))
    return found


def check_kinds(pack: Pack) -> list[PackIssue]:
    """Classify rules set stance nodes; only classify rules do; decisions need expectations."""
    found = []
    for rule in pack.rules.values():
        target = pack.nodes.get(rule.target)
        source = pack.nodes.get(rule.source)
        if target is not None and (target.kind == "stance") != isinstance(rule, ClassifyRule):
            msg = "classify rules, and only they, target stance nodes"
            found.append(_error(pack, "rules", rule.id, "target", msg, "wrong-kind"))
        if source is not None and source.kind == "stance":
            msg = "a stance is a reading, not a cause: it cannot be a rule's source"
            found.append(_error(pack, "rules", rule.id, "source", msg, "wrong-kind"))
    for scenario in pack.scenarios.values():
        found.extend(_decision_findings(pack, scenario.id))
    return found


def check_periods(pack: Pack) -> list[PackIssue]:
    """Lags, half-lives and horizons are whole numbers of the pack's period; half-lives > 0."""
    period = pack.info.period
    found = []
    for rule in pack.rules.values():
        decay = getattr(rule, "decay", None)
        fields = [("lag", rule.lag)] + ([("decay", decay)] if decay is not None else [])
        for field, text in fields:
            if not is_whole(text, period):
                msg = not_whole_text(field, text, period)
                found.append(_error(pack, "rules", rule.id, field, msg, "not-whole-periods"))
        if decay is not None and duration_days(decay) == 0:
            msg = "a half-life must be longer than zero (leave 'decay' out for a lasting effect)"
            found.append(_error(pack, "rules", rule.id, "decay", msg, "zero-half-life"))
    default = tuple(PackInfo.model_fields["horizons"].default)
    if pack.info.horizons == default and not all(is_whole(h, period) for h in default):
        fits = ", ".join(dict.fromkeys(nearest_whole(h, period) for h in default))
        msg = (
            f"horizons {', '.join(default)} (the default, when a pack gives none) are not all "
            f"whole numbers of the pack's periods ({period}); give the pack its own, e.g. "
            f"horizons: [{fits}]"
        )
        return [*found, _error(pack, "pack", pack.info.id, "horizons", msg, "not-whole-periods")]
    for index, horizon in enumerate(pack.info.horizons):
        field = f"horizons.{index}"
        if not is_whole(horizon, period):
            msg = not_whole_text("horizon", horizon, period)
            found.append(_error(pack, "pack", pack.info.id, field, msg, "not-whole-periods"))
    return found


def _decision_findings(pack: Pack, scenario_id: str) -> list[PackIssue]:
    found = []
    for index, shock in enumerate(pack.scenarios[scenario_id].shocks):
        node = pack.nodes.get(shock.node)
        if shock.priced is not None and node is not None and node.expectations is None:
            msg = f"'priced' needs node '{shock.node}' to name its 'expectations' node"
            field = f"shocks.{index}.priced"
            found.append(_error(pack, "scenarios", scenario_id, field, msg, "no-expectations"))
    return found


def _distinct_when(a: AnyRule, b: AnyRule) -> bool:
    return (a.when is not None and b.when is not None and a.when != b.when) or (
        (a.when is None) != (b.when is None)
    )


def check_contradictions(pack: Pack) -> list[PackIssue]:
    """Same source, target and channel with opposite effects needs a distinguishing ``when``."""
    groups: dict[tuple[str, str, str], list[AnyRule]] = {}
    for rule in sorted(pack.rules.values(), key=lambda r: r.id):
        groups.setdefault((rule.source, rule.target, rule.channel), []).append(rule)
    found = []
    for rules in groups.values():
        for i, first in enumerate(rules):
            for second in rules[i + 1 :]:
                if first.effect != second.effect and not _distinct_when(first, second):
                    msg = (
                        f"contradicts rule '{first.id}': same source, target and channel, "
                        "opposite effect, and no 'when' tells them apart"
                    )
                    found.append(_error(pack, "rules", second.id, "effect", msg, "contradiction"))
    return found


def check_reachability(pack: Pack) -> list[PackIssue]:
    """Warn about nodes that neither a scenario shock nor an exogenous driver can reach."""
    graph = nx.DiGraph((r.source, r.target) for r in pack.rules.values())
    graph.add_nodes_from(pack.nodes)
    starts = _shocked_nodes(pack) | {n.id for n in pack.nodes.values() if n.exogenous}
    reached = set(starts)
    for start in starts & set(graph):
        reached |= nx.descendants(graph, start)
    return [
        _warning(pack, "nodes", node.id, "id", "no scenario shock reaches this node", "unreached")
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


def check_branches(pack: Pack) -> list[PackIssue]:
    """A scenario's branch probabilities add up to 1."""
    found = []
    for scenario in pack.scenarios.values():
        total = sum(b.probability for b in scenario.branches)
        if scenario.branches and abs(total - 1.0) > 1e-6:
            msg = f"branch probabilities add up to {total:.4g}, not 1"
            found.append(_error(pack, "scenarios", scenario.id, "branches", msg, "branches"))
    return found


def check_fact_units(pack: Pack) -> list[PackIssue]:
    """A fact about a node that is a level states it in the node's unit."""
    found = []
    for fact in pack.facts.values():
        node = pack.nodes.get(fact.node or "")
        if node is not None and fact.unit not in (node.unit, "pct_change", "pp", "bp"):
            msg = f"unit '{fact.unit}' does not fit node '{node.id}' measured in '{node.unit}'"
            found.append(_error(pack, "facts", fact.id, "unit", msg, "unit-mismatch"))
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


def check_claim_coverage(pack: Pack) -> list[PackIssue]:
    """Warn about claims that nothing in the pack cites."""
    msg = "no rule, baseline, fact, scenario or signal cites this claim"
    return [_warning(pack, "claims", c, "id", msg, "uncited") for c in uncited_claims(pack)]


def check_baselines(pack: Pack) -> list[PackIssue]:
    """A node whose level a ``when``, threshold, classify rule or level shock uses needs a baseline.

    Levels are baseline plus change, so without a baseline the level is meaningless.
    """
    found = []
    for section, obj, field, node_id, why in _level_reads(pack):
        node = pack.nodes.get(node_id)
        if node is not None and node.baseline is None:
            msg = f"{why} the level of node '{node_id}', which has no 'baseline'"
            found.append(_error(pack, section, obj, field, msg, "no-baseline"))
    return found


def check_expectations(pack: Pack) -> list[PackIssue]:
    """A node's ``expectations`` names another node, of kind ``rate`` (a market-implied path)."""
    found = []
    for node in pack.nodes.values():
        path = pack.nodes.get(node.expectations or "")
        if path is None:
            continue
        if path.id == node.id:
            msg = "a node cannot be its own 'expectations' node"
            found.append(_error(pack, "nodes", node.id, "expectations", msg, "expectations"))
        elif path.kind != "rate":
            msg = f"'expectations' must name a node of kind 'rate'; '{path.id}' is '{path.kind}'"
            found.append(_error(pack, "nodes", node.id, "expectations", msg, "expectations"))
    return found


def check_scenario_links(pack: Pack) -> list[PackIssue]:
    """A scenario neither extends nor compares with itself, and ``extends`` never loops."""
    found = []
    for scenario in pack.scenarios.values():
        for field in ("extends", "against"):
            if getattr(scenario, field) == scenario.id:
                msg = f"a scenario cannot name itself in '{field}'"
                found.append(_error(pack, "scenarios", scenario.id, field, msg, "self-reference"))
        cycle = _extends_cycle(pack, scenario.id)
        if cycle and scenario.extends != scenario.id:
            msg = "'extends' goes round in a circle: " + " -> ".join(cycle)
            found.append(_error(pack, "scenarios", scenario.id, "extends", msg, "extends-cycle"))
    return found


def _extends_cycle(pack: Pack, scenario_id: str) -> list[str]:
    """The ``extends`` chain from ``scenario_id`` back to itself, or [] when it ends."""
    chain = [scenario_id]
    current = pack.scenarios[scenario_id].extends
    while current is not None and current in pack.scenarios and current not in chain:
        chain.append(current)
        current = pack.scenarios[current].extends
    return [*chain, scenario_id] if current == scenario_id else []


def check_phrases(pack: Pack) -> list[PackIssue]:
    """A phrase must name its scenario alone: not empty once normalised, not shared with
    another scenario (by id or phrase), or ``whatif`` could not tell which is meant."""
    found = []
    for scenario in pack.scenarios.values():
        for index, phrase in enumerate(scenario.phrases):
            if not normalise(phrase):
                msg = (
                    f"phrase {phrase!r} has no letter or digit, so it names nothing "
                    "a what-if could match"
                )
                field = f"phrases.{index}"
                found.append(_error(pack, "scenarios", scenario.id, field, msg, "empty-phrase"))
    for names in scenario_names(pack).values():
        first = names[0]
        where = pack.locate("scenarios", first.scenario)
        for name in (n for n in names[1:] if n.scenario != first.scenario):
            msg = (
                f"phrase {name.text!r} also names scenario '{first.scenario}' (field "
                f"'{first.field}', {first.text!r}, at {where.file}:{where.line}): "
                "a what-if could not tell them apart"
            )
            code = "shared-phrase"
            found.append(_error(pack, "scenarios", name.scenario, name.field, msg, code))
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
    check_reachability,
    check_branches,
    check_fact_units,
    check_claim_coverage,
    check_baselines,
    check_expectations,
    check_scenario_links,
    check_hidden_characters,
    check_magnitudes,
    check_phrases,
    *EPISODE_CHECKS,
    *DATA_CHECKS,
    *NOISE_CHECKS,
    *LANGUAGE_CHECKS,
    *PROSE_CHECKS,
)

OVERLAY_CHECKS = tuple(c for c in CHECKS if c not in DATA_FILE_CHECKS)
"""The checks an overlaid pack needs: an overlay changes rules and baselines, never the
series' files nor the moves read from them, so those checks would find what the pack's own
lint found."""
