"""A synthetic pack whose nodes have names of several words, aliases and a name of their
other side, for the examples of how a question names nodes (a sibling of
:mod:`macrograph.graph.synthetic`).

Examples
--------
>>> sorted(river_pack().nodes)
['downstream', 'outflow', 'reservoir', 'upstream']
"""

from __future__ import annotations

from msgspec.structs import replace

from macrograph.graph.synthetic import START, pack_of, rule
from macrograph.rules.models import Directions, Scenario, Shock
from macrograph.rules.pack import Pack

LABELS = {
    "upstream": "Upstream river level",
    "downstream": "Downstream river level",
    "reservoir": "Reservoir level",
    "outflow": "Reservoir outflow",
}


def river_pack() -> Pack:
    """Four nodes in points: ``upstream`` and ``downstream`` ("Upstream river level",
    "Downstream river level"), ``upstream`` lifting ``downstream``; ``reservoir``
    ("Reservoir level", also called "lake"), whose rise lifts ``outflow`` ("Reservoir
    outflow"; "retention" names its other side: retention rising is outflow falling).
    Its scenario ``dry-spell`` (also "dry spell") lowers ``upstream`` by 1 on 6 Jan 2025.

    Examples
    --------
    >>> pack = river_pack()
    >>> pack.nodes["reservoir"].label, pack.nodes["outflow"].aliases
    ('Reservoir level', ('retention',))
    """
    dry = Shock(node="upstream", date=START, label="upstream -1", change=-1.0)
    spell = Scenario(
        id="dry-spell",
        title="Dry spell",
        summary="A dry spell",
        phrases=("dry spell",),
        shocks=(dry,),
    )
    flows = [rule("up_lifts_down", "upstream", "downstream", 0.8)]
    flows.append(rule("lake_lifts_outflow", "reservoir", "outflow", 0.5))
    levels = {"upstream": 10.0, "downstream": 8.0, "reservoir": 50.0, "outflow": 5.0}
    pack = pack_of(flows, levels, [spell])
    named = {n: pack.nodes[n].model_copy(update={"label": LABELS[n]}) for n in pack.nodes}
    named["reservoir"] = named["reservoir"].model_copy(update={"aliases": ("lake",)})
    other = Directions(inverse=("retention",))
    update = {"aliases": ("retention",), "directions": other}
    named["outflow"] = named["outflow"].model_copy(update=update)
    return replace(pack, nodes=named)
