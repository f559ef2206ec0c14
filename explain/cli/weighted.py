"""The command line's side of the probability-weighted view: reading ``--probabilities``
and saying why given probabilities cannot be used."""

from __future__ import annotations

from macrograph.explain.cli.common import fail, split_list
from macrograph.graph.weighted import NothingToWeighError, ProbabilityError


def parse_probabilities(text: str) -> dict[str, float]:
    """``--probabilities`` as a mapping: ``hike=0.6,skip=0.4``; exits 2 with one message
    naming the option and the branch when a part is not ``NAME=NUMBER``.

    Examples
    --------
    >>> parse_probabilities("hike=0.6, skip=0.4")
    {'hike': 0.6, 'skip': 0.4}
    """
    found: dict[str, float] = {}
    for part in split_list(text):
        name, sep, number = part.partition("=")
        name = name.strip()
        try:
            value = float(number) if sep and name else None
        except ValueError:
            value = None
        if value is None:
            fail([f"--probabilities: '{part}' is not BRANCH=PROBABILITY (e.g. hike=0.6)"])
        elif name in found:
            fail([f"--probabilities: branch '{name}' is given twice"])
        else:
            found[name] = value
    if not found:
        fail(["--probabilities: give BRANCH=PROBABILITY pairs, e.g. hike=0.6,skip=0.4"])
    return found


def probability_message(err: ProbabilityError) -> str:
    """The one line that says why ``--probabilities`` cannot be used."""
    known = ", ".join(err.known)
    if err.problem == "unknown":
        return f"--probabilities: unknown branch '{err.branch}'; the branches are {known}"
    if err.problem == "negative":
        return (
            f"--probabilities: branch '{err.branch}' has probability {err.total:g}; "
            "a probability is between 0 and 1"
        )
    return (
        f"--probabilities: the probabilities sum to {err.total:.6g}, not 1 "
        f"(branches: {known}; a branch not named gets 0)"
    )


def nothing_to_weigh_message(err: NothingToWeighError) -> str:
    """Why a weighted view of a scenario with nothing to weigh is not drawn, and what to do."""
    return (
        f"--weighted: {err.scenario} has nothing to weigh: it declares no 'branches' and "
        "prices no decision, so its one branch is its own expected path; give it branches "
        "with their probabilities in the pack, or ask without --weighted"
    )
