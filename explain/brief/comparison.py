"""The briefing note's scenario comparison: each scenario against no shocks, and a
probability-weighted column for each scenario with branches (each branch against no shocks,
weighted by the pack's probabilities); levels where the node has a baseline."""

from __future__ import annotations

from msgspec import Struct

from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.graph.result import Result
from macrograph.graph.scenarios import resolve_text
from macrograph.graph.specs import ScenarioSpec
from macrograph.graph.words.reading import asked_words
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import vocabulary_for


class Column(Struct, frozen=True):
    """A scenario of the comparison table; ``weights`` names a probability-weighted view."""

    scenario: str
    title: str
    probability: float | None
    weights: str
    asked: str = ""  # a question in plain words as typed, where the column is one


class Cell(Struct, frozen=True):
    """A level where the node has one, otherwise a change from no shocks; ``change`` is the
    change from no shocks either way."""

    value: float
    unit: str
    is_level: bool
    change: float


class CompareRow(Struct, frozen=True):
    """One node across the compared scenarios."""

    node: str
    label: str
    cells: tuple[Cell, ...]


def comparison_table(
    pack: Pack,
    scenarios: tuple[str | ScenarioSpec, ...],
    nodes: tuple[str, ...],
    h: str,
    made: Result | None = None,
) -> tuple[tuple[Column, ...], tuple[CompareRow, ...]]:
    """Each scenario (an id, a question, or a scenario already read; one column each, where
    it comes first) against no shocks, then a probability-weighted column for every scenario
    that has branches; levels where the node has a baseline.

    Each scenario runs once, however many columns name it; ``made``, a result already made
    against no shocks at ``h`` (the note's own), is read instead of running its scenario.

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> columns, rows = comparison_table(slump_pack(), ("a-slumps", "none"), ("b",), "3m")
    >>> [c.scenario for c in columns], [c.change for c in rows[0].cells]
    (['a-slumps', 'none'], [-0.5, 0.0])
    """
    read = [s if isinstance(s, ScenarioSpec) else resolve_text(pack, s) for s in scenarios]
    asked: dict[str, ScenarioSpec] = {}
    for spec in read:  # each where it comes first
        asked.setdefault(spec.id, spec)
    specs = list(asked.values())
    # a pack's scenario with branches is also weighed (a question set on one carries its
    # branches, but is no scenario of the pack that has them)
    branching = [s for s in specs if s.branches and s.id in pack.scenarios]
    weights = {b: p for spec in branching for b, p in spec.branches}
    runs: dict[str, dict[str, float]] = {}
    if made is not None and _as_packed(made) and made.against is None and h in made.horizons:
        runs[made.scenario] = {n: made.nodes[n].delta[h] for n in nodes}
    for sid in (*(s.id for s in specs), *(b for s in branching for b, _ in s.branches)):
        if sid not in runs:
            runs[sid] = _against_nothing(pack, asked.get(sid, sid), nodes, h)
    columns, values = [], []
    for spec in specs:
        probability = weights.get(spec.id, spec.probability)
        columns.append(Column(spec.id, spec.title, probability, "", asked_words(spec.reading)))
        values.append(runs[spec.id])
    for spec in branching:
        named = {b.scenario: b.name for b in pack.scenarios[spec.id].branches if b.name}
        names = ", ".join(f"{p * 100:.0f}% {named.get(b, b)}" for b, p in spec.branches)
        columns.append(Column(spec.id, spec.title, None, names))
        branch = [(p, runs[b]) for b, p in spec.branches]
        values.append({n: sum(p * v[n] for p, v in branch) for n in nodes})
    rows = tuple(
        CompareRow(n, pack.nodes[n].label, tuple(_cell(pack, n, v[n]) for v in values))
        for n in nodes
    )
    return tuple(columns), rows


def _as_packed(result: Result) -> bool:
    """Whether ``result`` ran its pack's scenario as written (named by id, phrase or
    title), not one read from words that may change it."""
    return result.reading is not None and result.reading.how in ("id", "phrase", "title")


def _cell(pack: Pack, node_id: str, delta: float) -> Cell:
    node = pack.nodes[node_id]
    form = vocabulary_for(pack.info).unit(node.unit)
    if node.baseline is not None and form.levels:
        return Cell(form.level_after(node.baseline.value, delta), node.unit, True, delta)
    return Cell(delta, node.unit, False, delta)


def _against_nothing(
    pack: Pack, scenario: str | ScenarioSpec, nodes: tuple[str, ...], h: str
) -> dict[str, float]:
    """``nodes``' changes in ``scenario`` against no shocks at ``h`` (central values)."""
    result = propagate(pack, scenario, RunOptions(against=None, horizons=(h,), draws=0))
    return {n: result.nodes[n].delta[h] for n in nodes}
