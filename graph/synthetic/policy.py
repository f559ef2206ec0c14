"""A synthetic pack with a decision in it, for the examples of decisions, priced odds,
branches, bounds and named scenarios, and a second view of it, for the examples of views
set side by side (a sibling of :mod:`macrograph.graph.synthetic`).

Examples
--------
>>> pack = policy_pack()
>>> sorted(pack.nodes), sorted(pack.scenarios)
(['path', 'price', 'rate', 'stock'], ['meeting', 'none', 'rate-holds'])
"""

from __future__ import annotations

from msgspec.structs import replace

from macrograph.graph.synthetic import START, pack_of, rule
from macrograph.rules.models import Branch, Citation, Priced, Scenario, Shock
from macrograph.rules.overlay import BaselineChange, Overlay, OverlayInfo, SizeChange
from macrograph.rules.pack import Pack

HIKE = Priced(probability=0.85, change=0.25)  # what markets had priced for the meeting


def policy_pack() -> Pack:
    """Four nodes: a policy node ``rate`` (at 2.00%) whose market-implied path is ``path``
    (at 2.00%), a ``price`` (at 150) that ``path`` lowers and a ``stock`` (at 0.1, with a
    floor of 0) that ``rate`` drains, one for one. Its scenario ``meeting`` hikes ``rate``
    by 25bp on 6 Jan 2025, 85% priced, taking ``stock`` past its floor; ``rate-holds``
    (read also as 'rate holds' or 'no hike') holds ``rate`` instead, against ``meeting``.
    ``meeting``'s branches are ``hike`` (85%) and ``skip`` (15%, ``rate-holds``).

    Examples
    --------
    >>> pack = policy_pack()
    >>> pack.nodes["rate"].expectations, pack.nodes["stock"].floor
    ('path', 0.0)
    >>> [(b.name, b.scenario, b.probability) for b in pack.scenarios["meeting"].branches]
    [('hike', 'meeting', 0.85), ('skip', 'rate-holds', 0.15)]
    """
    rules = [rule("path_lowers_price", "path", "price", -1.0)]
    rules.append(rule("rate_drains_stock", "rate", "stock", -1.0))
    levels = {"rate": 2.0, "path": 2.0, "price": 150.0, "stock": 0.1}
    hike = Shock(node="rate", date=START, label="rate +25bp", change=0.25, priced=HIKE)
    hold = Shock(node="rate", date=START, label="rate holds", change=0.0, priced=HIKE)
    branches = (
        Branch(scenario="meeting", name="hike", probability=0.85),
        Branch(scenario="rate-holds", name="skip", probability=0.15),
    )
    meeting = Scenario(
        id="meeting", title="Meeting", summary="A hike", shocks=(hike,), branches=branches
    )
    holds = Scenario(
        id="rate-holds",
        title="Rate holds",
        summary="No hike",
        phrases=("rate holds", "no hike"),
        extends="meeting",
        against="meeting",
        shocks=(hold,),
    )
    pack = pack_of(rules, levels, [meeting, holds], ("1d", "1w", "1m"))
    units = {"rate": "pct", "path": "pct", "price": "pct_change"}
    nodes = {
        n: node.model_copy(update={"unit": units.get(n, "index")}) for n, node in pack.nodes.items()
    }
    nodes["rate"] = nodes["rate"].model_copy(
        update={"kind": "policy_action", "expectations": "path", "label": "Rate"}
    )
    nodes["stock"] = nodes["stock"].model_copy(update={"floor": 0.0})
    return replace(pack, nodes=nodes)


def steep_view() -> Overlay:
    """An overlay of :func:`policy_pack`, the view ``steep``: ``path_lowers_price`` twice as
    large (2.0 instead of 1.0), ``stock`` starting at 0.5 instead of 0.1, and a rule added,
    ``price_lifts_stock`` (0.5), for the examples of how two views of one question differ.

    Examples
    --------
    >>> view = steep_view()
    >>> view.overlay.id, [c.rule for c in view.changes], [r.id for r in view.add]
    ('steep', ['path_lowers_price'], ['price_lifts_stock'])
    """
    said = Citation(basis="assumption", rationale="a steeper view")
    larger = SizeChange(rule="path_lowers_price", elasticity=2.0, range=(1.0, 3.0))
    start = BaselineChange(node="stock", value=0.5, as_of=START, cites=said)
    added = rule("price_lifts_stock", "price", "stock", 0.5)
    info = OverlayInfo(id="steep", title="A steeper view")
    return Overlay(overlay=info, changes=(larger,), baselines=(start,), add=(added,))
