"""The causal graph: build it from a pack, question it, propagate shocks through it.

Map
---
A rule kind (``linear``, ``integrate``, ``threshold``, ``classify``: see
:mod:`macrograph.rules.models`) is carried through these modules, one stage each; beside
each, what it does with which kind. A new kind, or a change to one, reads down this list.
The engine's modules are the sub-package :mod:`.engine`; reading questions in plain words
is :mod:`.words`.

:mod:`.engine.compile`
    ``linear`` and ``integrate`` rules as parallel arrays
    (:class:`~.engine.compile.EdgeSet`: elasticity, range, lag, fading,
    ``when``); each ``threshold`` a :class:`~.engine.compile.Threshold`
    (band and jump); each ``classify`` a :class:`~.engine.compile.Classifier`
:mod:`.engine.plan`
    which rules the engine applies together: lagged ``linear``,
    ``integrate`` stocks (lag of a period or more), zero-lag blocks
    solved at once, ``integrate`` rules of lag 0 settled within the period
:mod:`.engine.switches`
    what switches rules on and off: ``threshold`` crossings, ``when``
:mod:`.engine.solve`
    a period's zero-lag loops of ``linear`` rules: their inverse,
    kept per set of elasticities or per on/off pattern of ``when``
:mod:`.engine.kernel`
    what a ``linear`` or ``integrate`` rule passes on, with its lag and
    fading, defined once: period by period for the engine, as whole
    series for the attribution's replay
:mod:`.engine.steps`
    steps the plan through time, many columns at once; a ``threshold``
    fires its jump, an ``integrate`` rule's stock takes in its flow
    (BLAS on one thread meanwhile: :mod:`.engine.threads`)
:mod:`.engine.stability`
    the Monte Carlo draws whose ``linear`` and ``integrate`` rules
    make the system grow (left out of the bands)
:mod:`.montecarlo`
    draws the ``linear`` and ``integrate`` elasticities and the
    ``threshold`` jumps from their ranges (each by its law:
    :mod:`.laws`), and the nodes' noise (:mod:`.engine.noise`); shares
    of many draws run side by side in forked processes
    (:mod:`.engine.forked`)
:mod:`.attribution`
    replays ``linear`` and ``integrate`` rules along each path
    (through :mod:`.engine.kernel`), to split a node's move
:mod:`.contributions`
    the split per shock, per path and per channel; a ``threshold``
    that fired is a shock of its own (``event:RULE``)
:mod:`.worlds`
    a scenario and its comparison on one calendar: their central
    paths, and the Monte Carlo of their difference
:mod:`.propagate`
    one run, and its comparison, into a :class:`~.result.Result`
    (its draws beside the caller's work where a core is idle):
    the fired ``threshold`` events, the stances ``classify`` rules read,
    and (:mod:`.switching`) the rules whose ``when`` switched on or off
:mod:`.signs`
    what rules without magnitudes say: signs composed along paths

Around them: :mod:`.scenarios` and :mod:`.words` read a question into shocks (a scenario's
own through :mod:`.specs`, a policy node's move as a priced or unpriced decision through
:mod:`.decisions`), :mod:`.calendar` and :mod:`.periods` its dates, :mod:`.options` how it
is run; :mod:`.result` and :mod:`.records` are what a run returns, :mod:`.bounded` the
levels in it past a node's floor or ceiling (:mod:`.scenario_bounds`: the same of the
pack's own scenarios, for lint; :mod:`.loop_growth` its loops that grow at their rules' own
sizes, for lint too), :mod:`.errors` the layer's exceptions (facts, no words);
:mod:`.build` and :mod:`.query` ask the pack's graph (networkx) about paths and loops;
:mod:`.fan` and :mod:`.weighted` make fans and probability-weighted views;
:mod:`.evidence` sets answers beside the record (backtest, calibration, two views);
:mod:`.synthetic` makes small packs of no field for examples, tests and benchmarks;
:mod:`.synthetic.policy` one with a priced decision, branches and a floor,
:mod:`.synthetic.names` one whose nodes have names of several words, and
:mod:`.synthetic.runs` the runs of them an example opens with.

Names are imported on first use, so that importing one module of the layer (its
errors, say) does not load the engine. ``propagate`` lives in the module of the same
name: import it as ``from macrograph.graph.propagate import propagate``.

Examples
--------
>>> from macrograph import propagate
>>> from macrograph.graph.synthetic import slump_pack
>>> result = propagate(slump_pack(), "a-slumps")  # a falls by one and lifts b by half of it
>>> result.nodes["b"].delta["1m"]
-0.5
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what the lazy names below are, for a type checker
    from macrograph.graph.options import RunOptions as RunOptions
    from macrograph.graph.result import Result as Result
    from macrograph.graph.scenarios import ScenarioSpec as ScenarioSpec
    from macrograph.graph.scenarios import ShockSpec as ShockSpec
    from macrograph.graph.scenarios import resolve_text as resolve_text

_EXPORTS = {
    "Result": "macrograph.graph.result",
    "RunOptions": "macrograph.graph.options",
    "ScenarioSpec": "macrograph.graph.scenarios",
    "ShockSpec": "macrograph.graph.scenarios",
    "resolve_text": "macrograph.graph.scenarios",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'macrograph.graph' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
