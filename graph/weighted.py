"""A probability-weighted view across a scenario's branches (e.g. hike 85% / skip 15%)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from macrograph.graph.propagate import propagate
from macrograph.graph.result import clean
from macrograph.graph.scenarios import resolve
from macrograph.rules.pack import Pack


@dataclass(frozen=True)
class WeightedView:
    """Each branch's deltas against no shock, and their probability-weighted sum."""

    scenario: str
    branches: tuple[tuple[str, float], ...]
    horizons: tuple[str, ...]
    expected: dict[str, dict[str, float]]
    per_branch: dict[str, dict[str, dict[str, float]]]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return clean(  # type: ignore[no-any-return]
            {
                "schema_version": 1,
                "scenario": self.scenario,
                "against": None,
                "horizons": list(self.horizons),
                "branches": [{"scenario": s, "probability": p} for s, p in self.branches],
                "expected": self.expected,
                "per_branch": self.per_branch,
            }
        )


def propagate_weighted(
    pack: Pack, scenario_id: str, horizons: tuple[str, ...] | None = None
) -> WeightedView:
    """Probability-weighted deltas over ``scenario_id``'s branches (itself alone if none).

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> view = propagate_weighted(load_pack(), "december-2025")
    >>> [s for s, _ in view.branches]
    ['december-2025', 'boj-skips']
    """
    spec = resolve(pack, scenario_id)
    branches = spec.branches or ((spec.id, 1.0),)
    per_branch = {}
    for branch, _ in branches:
        result = propagate(pack, branch, against=None, horizons=horizons, draws=0)
        per_branch[branch] = {n: dict(o.delta) for n, o in result.nodes.items()}
    names = list(per_branch[branches[0][0]])
    hs = tuple(next(iter(per_branch[branches[0][0]].values())))
    expected = {
        n: {h: sum(p * per_branch[b][n][h] for b, p in branches) for h in hs} for n in names
    }
    return WeightedView(spec.id, tuple(branches), hs, expected, per_branch)
