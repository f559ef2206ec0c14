"""Which claims of a pack's seed reading are cited, and where.

Every claim id a pack lists should be carried by at least one rule, node baseline,
fact, scenario or shock citation, or signal; :func:`uncited_claims` names the ones
that are not, so a claim dropped from the encoding cannot go unnoticed.
"""

from __future__ import annotations

from collections.abc import Iterator

from macrograph.rules.models import Citation
from macrograph.rules.pack import Pack


def citations(pack: Pack) -> Iterator[tuple[str, str, str, Citation]]:
    """Every citation of the pack as (section, object id, field, citation), in id order.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> next(c for c in citations(load_pack()) if c[0] == "rules")[:3]
    ('rules', 'bitcoin_moves_etf_flows', 'cites')
    """
    for rule in pack.rules.values():
        if rule.cites is not None:
            yield "rules", rule.id, "cites", rule.cites
    for node in pack.nodes.values():
        if node.baseline is not None:
            yield "nodes", node.id, "baseline.cites", node.baseline.cites
        if node.volatility is not None:
            yield "nodes", node.id, "volatility.cites", node.volatility.cites
    for fact in pack.facts.values():
        yield "facts", fact.id, "cites", fact.cites
    for signal in pack.signals.values():
        yield "signals", signal.id, "cites", signal.cites
    for scenario in pack.scenarios.values():
        if scenario.cites is not None:
            yield "scenarios", scenario.id, "cites", scenario.cites
        for index, shock in enumerate(scenario.shocks):
            if shock.cites is not None:
                yield "scenarios", scenario.id, f"shocks.{index}.cites", shock.cites
        for index, expectation in enumerate(scenario.expects):
            yield "scenarios", scenario.id, f"expects.{index}.cites", expectation.cites
    for episode in pack.episodes.values():
        if episode.cites is not None:
            yield "episodes", episode.id, "cites", episode.cites
        for index, shock in enumerate(episode.shocks):
            if shock.cites is not None:
                yield "episodes", episode.id, f"shocks.{index}.cites", shock.cites
        for index, observation in enumerate(episode.observed):
            if observation.cites is not None:
                yield "episodes", episode.id, f"observed.{index}.cites", observation.cites
    for event in pack.calendar.values():
        yield "calendar", event.id, "cites", event.cites


def uncited_claims(pack: Pack) -> list[str]:
    """Claim ids of ``pack.claims`` that nothing in the pack cites, sorted.

    A claim counts as cited when a rule, a node baseline, a fact, a scenario or one
    of its shocks, or a signal names it in its ``cites.claims``.

    Parameters
    ----------
    pack : Pack
        A loaded pack.

    Returns
    -------
    list of str
        The uncited claim ids; empty when every claim is encoded somewhere.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> uncited_claims(load_pack())
    []
    """
    cited = {claim for *_, cite in citations(pack) for claim in cite.claims}
    return sorted(set(pack.claims) - cited)
