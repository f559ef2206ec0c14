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


class AmbiguousScenarioError(GraphError):
    """Text that names (by id or phrase) more than one scenario; ``candidates`` are their ids."""

    def __init__(self, text: str, candidates: list[str]) -> None:
        self.text, self.candidates = text, candidates
        super().__init__(f"{text!r} names more than one scenario: {', '.join(candidates)}")


class ShockSyntaxError(GraphError):
    """A ``--shock`` that does not read NODE=VALUE[unit]."""

    def __init__(self, text: str, reason: str) -> None:
        self.text, self.reason = text, reason
        super().__init__(f"cannot read shock {text!r}: {reason}")


class HorizonError(GraphError):
    """A horizon that is not a duration such as 1d, 1w, 1m or 3m."""

    def __init__(self, text: str, period: str = "") -> None:
        self.text = text
        self.period = period  # set when ``text`` is a duration but not whole periods of it
        super().__init__(f"not a horizon: {text!r}")


class MagnitudeError(GraphError):
    """A run whose numbers overflow because a rule or a shock is too large.

    Attributes
    ----------
    rule : str
        The rule to blame; '' when a shock is.
    node : str
        The node the rule moves, or the node shocked.
    field : str
        ``magnitude.elasticity``, ``magnitude.range``, ``jump.elasticity``,
        ``jump.range``; for a shock ``change`` or ``level``.
    value : float
        The number too large (its absolute value for a rule).
    period : int
        When the values passed ``limit`` or stopped being finite; -1 before the run
        (Monte Carlo draws that are not finite).
    limit : float
        The bound values must stay within.
    """

    def __init__(
        self, rule: str, node: str, field: str, value: float, period: int, limit: float
    ) -> None:
        self.rule, self.node, self.field, self.value = rule, node, field, value
        self.period, self.limit = period, limit
        what = f"rule {rule!r}" if rule else f"shock on {node!r}"
        super().__init__(f"{what}, field {field!r}: {value:g} overflows the run")


class DateRangeError(GraphError):
    """A scenario's dates, with its horizons, run past the calendar (year 9999).

    ``day`` is the last date that can be read; ``horizon`` the horizon reaching past it.
    """

    def __init__(self, scenario: str, day: str, horizon: str) -> None:
        self.scenario, self.day, self.horizon = scenario, day, horizon
        super().__init__(f"scenario {scenario!r}: {horizon} after {day} is past the calendar")


class LimitError(GraphError):
    """A question over one of the documented limits (:mod:`macrograph.rules.limits`).

    The message says what and the limit, e.g. ``horizon 100y is 36500 days; the limit
    is 3650 days (10 years)``.
    """

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)
