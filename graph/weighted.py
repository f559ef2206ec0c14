"""A probability-weighted view across a scenario's branches (e.g. hike 85% / skip 15%).

Markets move on surprises, so each branch is compared with the **market-priced path**:
the scenario with every decision its branches disagree on set to what markets had priced
(an 85%-priced 25bp hike becomes a 21.25bp move, no surprise). A hike then moves markets
by a +3.75bp surprise and a skip by -21.25bp: the skip moves more. With the market's own
odds the weighted surprise is nil; other odds (``probabilities``) tilt it.

Examples
--------
>>> from macrograph import RunOptions
>>> from macrograph.graph.synthetic.policy import policy_pack
>>> options = RunOptions(horizons=("1w",), draws=0)
>>> view = propagate_weighted(policy_pack(), "meeting", options=options)
>>> [name for name, _ in view.names]
['hike', 'skip']
>>> round(view.priced[0].change, 4), view.odds
(0.2125, 'pack')
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

import numpy as np
from msgspec import Struct
from msgspec.structs import replace

from macrograph.graph.decisions import decided
from macrograph.graph.engine.bands import percentiles
from macrograph.graph.errors import GraphError
from macrograph.graph.laws import draw_parameters, laws_of
from macrograph.graph.montecarlo import ensembles
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import calendar_for, compiled, parse_horizons, propagate
from macrograph.graph.result import Band, clean
from macrograph.graph.scenarios import ScenarioSpec, ShockSpec, event_date, resolve
from macrograph.rules.pack import Pack

TOLERANCE = 1e-6  # how far from 1 the probabilities may sum
PRICED_SUFFIX = "-priced"


class NothingToWeighError(GraphError):
    """A weighted view of a scenario with nothing to weigh: it declares no branches and
    prices no decision, so its one branch is its own priced path and nothing moves."""

    def __init__(self, scenario: str) -> None:
        self.scenario = scenario
        super().__init__(f"{scenario}: no branches and no priced decision")


class ProbabilityError(GraphError):
    """Probabilities given for a weighted view that cannot be used.

    ``problem`` is ``unknown`` (``branch`` is not one of ``known``), ``negative``,
    ``sum`` (they add up to ``total``, not 1) or ``malformed`` (``branch`` holds the text).
    """

    def __init__(
        self, problem: str, branch: str = "", known: tuple[str, ...] = (), total: float = 0.0
    ) -> None:
        self.problem, self.branch, self.known, self.total = problem, branch, known, total
        super().__init__(f"{problem}: {branch or total}")


class PricedDecision(Struct, frozen=True):
    """A decision of the market-priced path: what was priced, taken as its expected size."""

    node: str
    date: date
    label: str
    probability: float
    size: float
    change: float  # probability * size


class WeightedView(Struct, frozen=True):
    """Each branch's deltas against the market-priced path, and their weighted sum.

    ``names`` pairs each branch's short name with its scenario id; ``odds`` is ``pack``
    (the probabilities the pack gives, the market's) or ``user``. ``bands`` holds each
    branch's Monte Carlo band (elasticity ranges and market noise, as a what-if) and
    ``expected_bands`` the weighted sum's, over the rules' parameters alone.
    """

    scenario: str
    branches: tuple[tuple[str, float], ...]
    names: tuple[tuple[str, str], ...]
    odds: str
    against: str
    priced: tuple[PricedDecision, ...]
    horizons: tuple[str, ...]
    dates: dict[str, date]
    expected: dict[str, dict[str, float]]
    per_branch: dict[str, dict[str, dict[str, float]]]
    bands: dict[str, dict[str, dict[str, Band]]]
    expected_bands: dict[str, dict[str, Band]]
    draws: int = 0
    seed: int = 0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""

        def band(b: Band) -> dict[str, float]:
            return {"p5": b.p5, "p50": b.p50, "p95": b.p95}

        return clean(  # type: ignore[no-any-return]
            {
                "schema_version": 1,
                "scenario": self.scenario,
                "against": self.against,
                "odds": self.odds,
                "horizons": list(self.horizons),
                "dates": {h: d.isoformat() for h, d in self.dates.items()},
                "draws": self.draws,
                "seed": self.seed,
                "priced_path": [
                    {
                        "node": p.node,
                        "date": p.date.isoformat(),
                        "label": p.label,
                        "probability": p.probability,
                        "size": p.size,
                        "change": p.change,
                    }
                    for p in self.priced
                ],
                "branches": [
                    {"scenario": s, "name": n, "probability": p}
                    for (s, p), (n, _) in zip(self.branches, self.names, strict=True)
                ],
                "expected": self.expected,
                "expected_bands": {
                    n: {h: band(b) for h, b in hs.items()} for n, hs in self.expected_bands.items()
                },
                "per_branch": self.per_branch,
                "bands": {
                    s: {n: {h: band(b) for h, b in hs.items()} for n, hs in nodes.items()}
                    for s, nodes in self.bands.items()
                },
            }
        )


def _branch_names(spec: ScenarioSpec, names: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """(name, scenario) of each branch: the pack's ``name``, else the scenario id."""
    return tuple((names.get(s, s), s) for s, _ in spec.branches)


def chosen_probabilities(
    branches: tuple[tuple[str, str], ...], given: Mapping[str, float]
) -> dict[str, float]:
    """The probability of each branch's scenario from ``given`` (keyed by name or scenario
    id; a branch not named gets 0).

    Raises
    ------
    ProbabilityError
        For a name that is no branch, a negative probability, or a sum not 1 (within 1e-6).

    Examples
    --------
    >>> pairs = (("hike", "meeting"), ("skip", "rate-holds"))
    >>> chosen_probabilities(pairs, {"hike": 0.6, "rate-holds": 0.4})
    {'meeting': 0.6, 'rate-holds': 0.4}
    >>> try:
    ...     chosen_probabilities(pairs, {"hike": 0.6})
    ... except ProbabilityError as err:
    ...     print(err.problem, err.total)
    sum 0.6
    """
    lookup = {**{n: s for n, s in branches}, **{s: s for _, s in branches}}
    known = tuple(n for n, _ in branches)
    for name, p in sorted(given.items()):
        if name not in lookup:
            raise ProbabilityError("unknown", name, known)
        if not math.isfinite(p) or p < 0 or p > 1:
            raise ProbabilityError("negative", name, known, p)
    chosen = {s: 0.0 for _, s in branches}
    for name, p in given.items():
        chosen[lookup[name]] += p
    total = sum(chosen.values())
    if abs(total - 1.0) > TOLERANCE:
        raise ProbabilityError("sum", "", known, total)
    return chosen


def priced_path(pack: Pack, spec: ScenarioSpec, branches: list[ScenarioSpec]) -> ScenarioSpec:
    """``spec`` with each decision the ``branches`` disagree on set to its priced size
    (probability times change): the path markets expected, with no surprise. A single
    branch is set against its comparison; without one, every decision is disputed.

    Examples
    --------
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> pack = policy_pack()  # a 25bp hike of 'rate', 85% priced, or a hold
    >>> hike, hold = resolve(pack, "meeting"), resolve(pack, "rate-holds")
    >>> path = priced_path(pack, hike, [hike, hold])  # the two branches disagree on rate
    >>> path.id, [(s.node, s.change) for s in path.shocks]
    ('meeting-priced', [('rate', 0.2125)])
    """
    # one branch alone is set against the scenario it is compared with (its ``against``)
    if len(branches) == 1 and spec.against and spec.against in pack.scenarios:
        branches = [*branches, decided(pack, resolve(pack, spec.against))]
    sizes: dict[tuple[str, date], set[float | None]] = {}
    for branch in branches:
        for s in branch.shocks:
            if s.priced is not None:
                sizes.setdefault((s.node, s.date), set()).add(_size(s))
    disputed = {key for key, found in sizes.items() if len(found) > 1 or len(branches) == 1}

    def expected(s: ShockSpec) -> ShockSpec:
        if s.priced is None or (s.node, s.date) not in disputed:
            return s
        # a level decision too: the level in force moved by what was priced
        return replace(s, change=s.priced.probability * s.priced.change, level=None)

    return replace(
        spec,
        id=f"{spec.id}{PRICED_SUFFIX}",
        title=f"{spec.title}, as priced",
        shocks=tuple(expected(s) for s in spec.shocks),
        against=None,
        branches=(),
    )


def _size(shock: ShockSpec) -> float | None:
    """A decision's size: its change, or the change its level makes (see ``decided``)."""
    return shock.change if shock.level is None else shock.decision


def _priced_decisions(spec: ScenarioSpec, path: ScenarioSpec) -> tuple[PricedDecision, ...]:
    found = []
    for before, after in zip(spec.shocks, path.shocks, strict=True):
        if before.change != after.change and after.priced is not None and after.change is not None:
            p = after.priced
            found.append(
                PricedDecision(
                    after.node, after.date, after.label, p.probability, p.change, after.change
                )
            )
    return tuple(found)


def propagate_weighted(
    pack: Pack,
    scenario_id: str,
    probabilities: Mapping[str, float] | None = None,
    options: RunOptions = RunOptions(),
) -> WeightedView:
    """Each branch of ``scenario_id`` against the market-priced path, and the
    probability-weighted sum (itself alone when it has no branches).

    Parameters
    ----------
    probabilities : mapping, optional
        Branch name (or scenario id) to probability; default the pack's (the market's).
    options : RunOptions
        The horizons, and the Monte Carlo as for a what-if (draws, seed, ``model_only``):
        each branch's band, and the weighted sum's band over the rules' parameters. The
        comparison is always the market-priced path (``options.against`` is not read).

    Raises
    ------
    ProbabilityError
        When ``probabilities`` names an unknown branch, is negative or does not sum to 1.
    NothingToWeighError
        When the scenario declares no branches and prices no decision.

    Examples
    --------
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> pack = policy_pack()  # its meeting: a 25bp hike at 85%, or a hold at 15%
    >>> view = propagate_weighted(pack, "meeting", options=RunOptions(horizons=("1d",), draws=0))
    >>> view.against, view.branches  # each branch against the market-priced path
    ('meeting-priced', (('meeting', 0.85), ('rate-holds', 0.15)))
    >>> view.per_branch["rate-holds"]["price"]["1d"], view.expected["price"]["1d"]
    (0.2125, 0.0)
    """
    spec = decided(pack, resolve(pack, scenario_id))
    declared = pack.scenarios[spec.id].branches if spec.id in pack.scenarios else ()
    if not spec.branches:
        spec = replace(spec, branches=((spec.id, 1.0),))
    names = _branch_names(spec, {b.scenario: b.name for b in declared if b.name})
    weights = dict(spec.branches)
    if probabilities is not None:
        weights = chosen_probabilities(names, probabilities)
    specs = [decided(pack, resolve(pack, s)) for s, _ in spec.branches]
    if len(specs) == 1 and not any(s.priced is not None for s in specs[0].shocks):
        raise NothingToWeighError(spec.id)
    base = priced_path(pack, spec, specs)
    at = _departure(specs, base)
    specs = [replace(s, anchor=at, anchor_set=True) for s in specs]
    per_branch: dict[str, dict[str, dict[str, float]]] = {}
    bands: dict[str, dict[str, dict[str, Band]]] = {}
    result = None
    for branch in specs:
        result = propagate(pack, branch, replace(options, against=base))
        per_branch[branch.id] = {n: dict(o.delta) for n, o in result.nodes.items()}
        bands[branch.id] = {n: dict(o.band) for n, o in result.nodes.items() if o.band}
    assert result is not None  # a scenario has at least itself as a branch
    hs = result.horizons
    expected = {
        n: {h: sum(weights[b] * per_branch[b][n][h] for b in per_branch) for h in hs}
        for n in result.nodes
    }
    mean_bands = _expected_bands(pack, specs, base, weights, hs, options) if options.draws else {}
    return WeightedView(
        scenario=spec.id,
        branches=tuple((s, weights[s]) for s, _ in spec.branches),
        names=names,
        odds="pack" if probabilities is None else "user",
        against=base.id,
        priced=_priced_decisions(spec, base),
        horizons=hs,
        dates=dict(result.dates),
        expected=expected,
        per_branch=per_branch,
        bands=bands,
        expected_bands=mean_bands,
        draws=result.draws,
        seed=result.seed,
    )


def _departure(specs: list[ScenarioSpec], base: ScenarioSpec) -> date:
    """The one date every branch's horizons count from: the earliest on which a branch
    departs from the priced path (or its own anchor, where it sets one), else the path's.
    Read from their own events, branches would be summed at different dates."""

    def shocks(spec: ScenarioSpec) -> frozenset[tuple[Any, ...]]:
        return frozenset((x.node, x.date, x.change, x.level, x.priced) for x in spec.shocks)

    found = [event_date(s, base) for s in specs if s.anchor_set or shocks(s) != shocks(base)]
    return min(found, default=base.anchor)


def _expected_bands(
    pack: Pack,
    specs: list[ScenarioSpec],
    base: ScenarioSpec,
    weights: Mapping[str, float],
    horizons: tuple[str, ...],
    options: RunOptions,
) -> dict[str, dict[str, Band]]:
    """p5/p50/p95 of the weighted sum over the same parameter draws as the branches
    (no market noise: the band of an expectation, not of one outcome)."""
    comp = compiled(pack)
    anchored = [replace(s, anchor=event_date(s, base)) for s in specs]
    cal = calendar_for(pack, [*anchored, base], parse_horizons(horizons, pack.info.period))
    params = draw_parameters(comp, options.draws, options.seed, laws_of(pack, comp))
    found = ensembles(pack, comp, [*anchored, base], cal, params, [cal.at(h) for h in horizons])
    keep = ~found.dead()
    mix = sum(weights[s.id] * found.kept[i] for i, s in enumerate(anchored)) - found.kept[-1]
    out: dict[str, dict[str, Band]] = {n: {} for n in comp.node_ids}
    for j, h in enumerate(horizons):
        q = percentiles(np.asarray(mix)[j][:, keep], (5, 50, 95))
        for v, n in enumerate(comp.node_ids):
            out[n][h] = Band(float(q[0, v]), float(q[1, v]), float(q[2, v]))
    return out
