"""Exceptions of the graph layer. They carry facts; the CLI turns them into words."""

from __future__ import annotations


class GraphError(Exception):
    """Base of the graph layer's errors."""


class DivergenceError(GraphError):
    """A loop whose values grow without bound.

    Attributes
    ----------
    nodes : list of str
        The node ids of the loop (a strongly connected component).
    gain : float
        Its gain (spectral radius of the loop's rules); 1 or more diverges.
    period : int
        The period at which the values stopped being finite or bounded.
    draws : int
        0 for a run of the pack's own elasticities; else the number of Monte Carlo
        draws, in every one of which the loop diverged (``gain`` is then the largest).
    """

    def __init__(self, nodes: list[str], gain: float, period: int, draws: int = 0) -> None:
        self.nodes, self.gain, self.period, self.draws = nodes, gain, period, draws
        super().__init__(f"loop {' -> '.join(nodes)} diverges (gain {gain:.3g}){self.scope}")

    @property
    def scope(self) -> str:
        """'' for the pack's own elasticities, else ' in all N Monte Carlo draws'."""
        if self.draws > 1:
            return f" in all {self.draws} Monte Carlo draws"
        return " in the one Monte Carlo draw" if self.draws == 1 else ""


class UnknownNodeError(GraphError):
    """A node id that is not in the pack; ``suggestions`` holds the closest ids."""

    def __init__(self, node: str, suggestions: list[str], where: str = "") -> None:
        self.node, self.suggestions, self.where = node, suggestions, where
        super().__init__(f"unknown node {node!r}")


class UnknownScenarioError(GraphError):
    """Text that names no scenario; ``suggestions`` holds the closest phrases."""

    def __init__(self, text: str, suggestions: list[str], forms: list[str]) -> None:
        self.text, self.suggestions, self.forms = text, suggestions, forms
        super().__init__(f"no scenario matches {text!r}")


class ShockSyntaxError(GraphError):
    """A ``--shock`` that does not read NODE=VALUE[unit]."""

    def __init__(self, text: str, reason: str) -> None:
        self.text, self.reason = text, reason
        super().__init__(f"cannot read shock {text!r}: {reason}")


class HorizonError(GraphError):
    """A horizon that is not a duration such as 1d, 1w, 1m or 3m."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(f"not a horizon: {text!r}")


class LimitError(GraphError):
    """A question over one of the documented limits (:mod:`macrograph.rules.limits`).

    The message says what and the limit, e.g. ``horizon 100y is 36500 days; the limit
    is 3650 days (10 years)``.
    """

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)
