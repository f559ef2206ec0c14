"""How much of the event base one surprise can explain at best: an upper bound on the scores.

For every institution of the pack's calendar and every node and window its episodes observe,
the least-squares line through the origin of the observed move on the episode's measured
surprise (the shock on the institution's expectations node on the event's day) is fitted on
all events at once, in sample. No model that reads only that surprise, linearly, can score
better in sample on those observations: its sign hit rate (over moves larger than half a
day's volatility, as the backtest counts them; an event whose measured surprise is zero
calls no move, and its moves count as misses, as in the backtest) and R-squared are
ceilings for the pack's own rules, which are fitted on the same events with priors and scored
out of sample.

Run: ``python scripts/data/ceiling.py [PACK_DIR]`` (default: the bundled pack). Prints a
table by institution, node and window, then the overall ceiling.
"""

from __future__ import annotations

import math
import sys
from collections import defaultdict

import numpy as np

from macrograph.rules import load_pack
from macrograph.rules.observations import observations


def rows(pack_dir: str | None) -> list[tuple[str, str, str, float, float, float]]:
    """(institution, node, window, surprise, observed, daily volatility) per observation."""
    pack = load_pack(pack_dir)
    found = []
    for episode in pack.episodes.values():
        if episode.event is None or episode.institution not in pack.institutions:
            continue
        institution = pack.institutions[episode.institution]
        policy = institution.policy
        node = pack.nodes[policy].expectations if policy else None
        surprise = [s.change for s in episode.shocks if s.node == node and s.date == episode.date]
        if not surprise:
            continue
        for o in observations(pack, episode):
            if o.value is None:
                continue
            vol = pack.nodes[o.node].volatility
            daily = vol.value if vol is not None else math.nan
            found.append((episode.institution, o.node, o.window, surprise[0], o.value, daily))
    return found


def main(pack_dir: str | None) -> None:
    groups: dict[tuple[str, str, str], list[tuple[float, float, float]]] = defaultdict(list)
    for institution, node, window, x, y, daily in rows(pack_dir):
        groups[(institution, node, window)].append((x, y, daily))
    hits = counted = called = 0
    print(
        f"{'institution':12} {'node':24} {'window':6} {'n':>4} {'slope':>8} {'R2':>6} "
        f"{'sign':>6} {'called':>7}"
    )
    for key, items in sorted(groups.items()):
        x, y, daily = (np.array(c) for c in zip(*items, strict=True))
        slope = float(x @ y / (x @ x)) if x @ x > 0 else 0.0
        predicted = slope * x
        r2 = 1 - float(((y - predicted) ** 2).sum() / max(((y - y.mean()) ** 2).sum(), 1e-300))
        scored = np.abs(y) > 0.5 * daily
        hit = (np.sign(predicted) == np.sign(y)) & (predicted != 0)
        calls = scored & (predicted != 0)  # a surprise of zero calls no move
        hits += int(hit[scored].sum())
        counted += int(scored.sum())
        called += int(calls.sum())
        rate = f"{hit[scored].mean():.0%}" if scored.any() else "-"
        call = f"{hit[calls].mean():.0%}" if calls.any() else "-"
        print(
            f"{key[0]:12} {key[1]:24} {key[2]:6} {len(x):4d} {slope:8.3f} {r2:6.2f} "
            f"{rate:>6} {call:>7}"
        )
    print(
        f"overall ceiling: sign hit {hits / max(counted, 1):.0%} of {counted} scored moves; "
        f"{hits / max(called, 1):.0%} of the {called} on events with a measured surprise"
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
