"""Lint checks of the scenarios: what they name exists, their branches' odds add up, they
neither name themselves nor extend in a circle, and each phrase names its scenario alone.
"""

from __future__ import annotations

from collections.abc import Iterator

from macrograph.rules.english.phrases import normalise, scenario_names
from macrograph.rules.english.suggest import unknown
from macrograph.rules.errors import PackIssue
from macrograph.rules.pack import Pack


def _error(pack: Pack, section: str, obj_id: str, field: str, message: str, code: str) -> PackIssue:
    where = pack.locate(section, obj_id)
    return PackIssue(where.file, where.line, obj_id, field, message, "error", code)


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
    """Every scenario id named by another scenario, a signal or the pack must exist.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_changed
    >>> found = check_dangling_scenarios(slump_changed("scenarios", "a-slumps", against="calm"))
    >>> [(f.obj_id, f.field, f.message) for f in found]
    [('a-slumps', 'against', "unknown scenario 'calm'")]
    """
    known = pack.scenarios
    return [
        _error(pack, section, obj, field, unknown("scenario", ref, known), "dangling-reference")
        for section, obj, field, ref in _scenario_refs(pack)
        if ref not in pack.scenarios
    ]


def check_branches(pack: Pack) -> list[PackIssue]:
    """A scenario's branch probabilities add up to 1.

    Examples
    --------
    >>> from macrograph.rules.models import Branch
    >>> from macrograph.graph.synthetic.runs import slump_changed
    >>> odds = (Branch(scenario="none", probability=0.7),)
    >>> found = check_branches(slump_changed("scenarios", "a-slumps", branches=odds))
    >>> [f.message for f in found]
    ['branch probabilities add up to 0.7, not 1']
    """
    found = []
    for scenario in pack.scenarios.values():
        total = sum(b.probability for b in scenario.branches)
        if scenario.branches and abs(total - 1.0) > 1e-6:
            msg = f"branch probabilities add up to {total:.4g}, not 1"
            found.append(_error(pack, "scenarios", scenario.id, "branches", msg, "branches"))
    return found


def check_scenario_links(pack: Pack) -> list[PackIssue]:
    """A scenario neither extends nor compares with itself, and ``extends`` never loops.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_changed
    >>> itself = slump_changed("scenarios", "a-slumps", against="a-slumps")
    >>> found = check_scenario_links(itself)
    >>> [(f.field, f.message) for f in found]
    [('against', "a scenario cannot name itself in 'against'")]
    """
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
    another scenario (by id or phrase), or ``whatif`` could not tell which is meant.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_changed
    >>> found = check_phrases(slump_changed("scenarios", "a-slumps", phrases=("!!", "none")))
    >>> [(f.obj_id, f.field, f.code) for f in found]
    [('a-slumps', 'phrases.0', 'empty-phrase'), ('none', 'id', 'shared-phrase')]
    """
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
