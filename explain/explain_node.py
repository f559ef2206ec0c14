"""``explain NODE`` in words and as JSON: why a node moved, strongest cause first, or why not.

Examples
--------
>>> from macrograph.graph.synthetic.runs import slump_answer
>>> pack, result = slump_answer()
>>> explain_json(result, "b")["node"]
'b'
"""

from __future__ import annotations

from pathlib import Path

from macrograph.explain.contexts.header import horizon_of
from macrograph.explain.contexts.horizon import node_horizon
from macrograph.explain.contexts.node import build_explain
from macrograph.explain.environment import make_environment, render, words_template
from macrograph.explain.files import json_text
from macrograph.explain.filters import shows
from macrograph.explain.wording.speaking import speaks_pack
from macrograph.graph.errors import UnknownNodeError
from macrograph.graph.result import Result
from macrograph.graph.scenarios import find_node
from macrograph.rules.english.suggest import closest
from macrograph.rules.pack import Pack


def explain_json(result: Result, node: str, focus: str | None = None) -> dict[str, object]:
    """``explain NODE --format json``: the scenario, the horizon read and the node's outcome
    (its moves, levels, bands, contributions, channels and moves by shock).

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> body = explain_json(result, "b")
    >>> body["schema_version"], body["node"], body["focus"], body["moved"]
    (1, 'b', '3m', True)

    Raises
    ------
    UnknownNodeError
        For a ``node`` the result does not have, with the closest ids.
    HorizonError
        For a ``focus`` the result was not run at.
    """
    if node not in result.nodes:
        raise UnknownNodeError(node, closest(node, result.nodes, cutoff=50))
    h = horizon_of(result, focus)
    whole = result.to_dict()
    outcome = whole["nodes"][node]
    keep = ("schema_version", "scenario", "title", "against", "against_title", "overlay", "anchor")
    return {
        **{k: whole[k] for k in (*keep, "horizons", "dates", "draws", "seed")},
        "node": node,
        "focus": h,
        "moved": shows(result.nodes[node].delta[h], result.nodes[node].unit),
        "outcome": outcome,
    }


@speaks_pack
def render_explain(
    pack: Pack,
    result: Result,
    node: str,
    fmt: str = "text",
    templates_dir: Path | None = None,
    focus: str | None = None,
    width: int = 96,
) -> str:
    """Why ``node`` moved (its causes, strongest first) or why it did not; as ``json``,
    :func:`explain_json` as ``macrograph explain --format json`` prints it.

    ``node`` is a node's id, label or alias; ``fmt`` one of text, md, html and json;
    ``focus`` one of ``result.horizons`` (default the last).

    Raises
    ------
    UnknownNodeError
        For a name of no node of the pack, with the closest ids.
    UnknownFormatError, HorizonError
        For another format, or a ``focus`` the result was not run at.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of
    >>> from macrograph.graph.synthetic.runs import shocked, threshold_rule
    >>> stop = threshold_rule("stop", "it stops", {"below": 1.0})
    >>> pack = pack_of([stop], baselines={"a": 1.5})
    >>> result = shocked(pack, "a", -0.3)  # to 1.2: not reached
    >>> print(render_explain(pack, result, "b").split("\\n\\n")[1])
    Every chain of rules from the shocks to b is blocked:
      - Not reached: stop [1] needs a at or below 1; it is at 1.2 after 3 months (1.5 with no
        shocks), 0.20 pts short.
    """
    node = find_node(pack, node)
    h = node_horizon(pack, result, node, focus)  # the JSON reads where the words read
    if fmt == "json":
        return json_text(explain_json(result, node, h), result.horizons)
    name = words_template("explain", fmt)
    context = build_explain(pack, result, node, h, width)
    return render(make_environment(templates_dir), name, context)
