"""Exceptions of the graph layer. They carry facts; the CLI turns them into words."""

from __future__ import annotations

from datetime import date

from msgspec import Struct


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
    kind : str
        ``loop`` (``nodes`` in the loop's order), ``system`` (a strongly connected set
        whose linear dynamics grow; ``gain`` is the growth per period) or ``instant`` (a
        set of zero-lag rules whose gain within a period is 1 or more).
    day : datetime.date or None
        The date of ``period``, where the run's calendar is known.
    step : str
        The pack's period (``1d``, ``1w``...), where known; ``""`` otherwise.
    """

    def __init__(
        self,
        nodes: list[str],
        gain: float,
        period: int,
        draws: int = 0,
        kind: str = "loop",
        day: date | None = None,
        step: str = "",
    ) -> None:
        self.nodes, self.gain, self.period, self.draws = nodes, gain, period, draws
        self.kind, self.day, self.step = kind, day, step
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


class UnknownEpisodeError(GraphError):
    """An episode id the pack does not have; ``suggestions`` holds the closest ids."""

    def __init__(self, episode: str, suggestions: list[str]) -> None:
        self.episode, self.suggestions = episode, suggestions
        super().__init__(f"unknown episode {episode!r}")


class Unknown(Struct, frozen=True):
    """A question's subject that is no node of the pack, and what the pack has instead.

    ``name`` is what the subject was called ("the council"); ``known`` the (id, label) of the nodes
    of that sort the pack has, and ``kind`` which sort: ``policy`` (its policy nodes, for a
    decision's verb) or ``outcome`` (its key outcomes, which the pack calls ``known_name``).
    """

    name: str
    kind: str = ""
    known: tuple[tuple[str, str], ...] = ()
    known_name: str = ""


class UnknownScenarioError(GraphError):
    """Text that names no scenario; ``suggestions`` holds the closest phrases, ``example`` a
    ``--shock`` built from the pack (``NODE=+3bp``) that states the move directly.

    When the question's subject is no node of the pack (an :class:`Unknown`), ``unknown``
    is what it was called, ``known`` the (id, label) of the nodes of that sort the pack
    has, ``known_kind`` which sort and ``known_name`` what the pack calls them; otherwise
    they are empty.
    """

    def __init__(
        self,
        text: str,
        suggestions: list[str],
        forms: list[str],
        example: str = "",
        subject: Unknown | None = None,
    ) -> None:
        self.text, self.suggestions, self.forms, self.example = text, suggestions, forms, example
        subject = subject or Unknown("")
        self.unknown, self.known_kind, self.known = subject.name, subject.kind, subject.known
        self.known_name = subject.known_name
        super().__init__(f"no scenario matches {text!r}")


class PlainWordsError(GraphError):
    """A what-if in plain words that names a node but cannot be run as said.

    ``problem`` is one of ``no_size`` (a direction without a size), ``no_decision`` (the
    node has no decision in the default scenario: ``detail`` names the pack's scenarios
    that decide it the way asked, ``example`` is empty for a hold), ``no_baseline`` (a
    level on a node without one), ``date`` (no event of the node on the date said:
    ``detail`` is the date said, ``dates`` the node's event dates), ``inverse`` (a signed
    size on a name of the other side of the node: ``detail`` is that name), ``signs`` (a
    verb and a signed size that say opposite ways, 'rises -5': ``detail`` is the verb and the sign),
    ``default`` ('no <the default scenario>': ``node`` is the scenario, ``detail`` its title),
    ``whole`` (a fall of 100% or more of a name of the other side: ``detail`` is that name),
    ``spread`` (a move said over a while, 'over 2 weeks': ``detail`` is those words),
    ``lasting`` (a move said to last a while that cannot be undone as said: ``detail`` is
    the words, with the pack's period's noun after a tab where the while is not a whole
    number of periods, 'for 6 hours' of a daily pack),
    ``day_words`` (a day said in words that name no date, 'by Friday': ``detail`` is them),
    ``two_days`` (a date in figures that reads day first and month first, '1/11/2026':
    ``detail`` is its day or month, its month or day and its year, tab-separated),
    ``region`` (a region said that is not the node's: ``detail`` is the node's region and
    the one said, joined by a tab), ``from`` (a move from a level where the node does not
    stand, 'from 0.6% to 0.75%': ``detail`` is that level and the node's, joined by a tab),
    ``named_level`` (a level said by naming another node of the same unit, 'below unit cost':
    ``detail`` is the words, that node, its level and the way said, joined by tabs),
    ``unmoved`` (a hold of a decision the default scenario does not move, 'we hold prices'),
    ``grouped`` (money written with a point before three last digits, 'R$ 1.200', of a
    currency whose writers group thousands so: ``detail`` is the number as written).
    ``example`` is a ``--shock``.
    """

    def __init__(
        self,
        text: str,
        problem: str,
        node: str,
        example: str,
        detail: str = "",
        dates: tuple[str, ...] = (),
    ) -> None:
        self.text, self.problem, self.node, self.example = text, problem, node, example
        self.detail, self.dates = detail, dates
        super().__init__(f"cannot run {text!r}: {problem} on {node!r}")


class UnwrittenNameError(GraphError):
    """A question that names what the pack writes nowhere ('the ZCB cuts rates' of a pack
    without it): ``names`` as typed, ``suggestions`` the pack's own names closest to them.
    """

    def __init__(self, text: str, names: tuple[str, ...], suggestions: list[str]) -> None:
        self.text, self.names, self.suggestions = text, names, suggestions
        super().__init__(f"cannot run {text!r}: {', '.join(names)} named nowhere in the pack")


class SizeUnitError(GraphError):
    """A size with no unit, or one that does not apply, on a node: ``unit`` is the node's as
    a reader knows it ('bp', 'GWh a day'; its levels' with ``level``), ``given`` the unit
    typed ('' for none) and ``choices`` how the size may be written.
    """

    def __init__(
        self,
        text: str,
        node: str,
        unit: str,
        value: float,
        given: str,
        choices: list[str],
        level: bool = False,
    ) -> None:
        self.text, self.node, self.unit, self.value = text, node, unit, value
        self.given, self.choices, self.level = given, choices, level
        super().__init__(f"cannot read {text!r}: unit {given!r} on {node!r} ({unit})")


class SizeMisspeltError(SizeUnitError):
    """A size in a word that names no unit but is close to one the node reads ('20 pennce'):
    ``meant`` is that word, and ``choices`` the size read with it in the node's own unit."""

    def __init__(
        self,
        text: str,
        node: str,
        unit: str,
        value: float,
        given: str,
        meant: str,
        choices: list[str],
    ) -> None:
        self.meant = meant
        super().__init__(text, node, unit, value, given, choices)


class SizeConvertedError(SizeUnitError):
    """A size in a unit of the node's dimension with another SI prefix ('10 cm' on a node in
    mm): refused, a pack declaring no dimension of its units, with ``choices`` the size in
    the node's own unit ('+100mm'); ``given`` is the unit as typed.
    """


class SizeMultipleError(SizeUnitError):
    """Money said with its currency's sign alone on a node counted in a multiple of it ('$500'
    of a node in $k a day): the multiple left out or the sum itself, so refused, with
    ``choices`` the size read in the multiple; ``given`` is the sign as typed."""


class SizeLevelError(SizeUnitError):
    """A size said in the unit only the node's levels take ('8/10' of a score whose changes
    read in points): a level, never a change of that many; ``choices`` hold the level."""


class SizeMeasureError(SizeUnitError):
    """A size in a measure the node's unit is not certainly converted from ('10 kg' on a
    node in mm, or '5 ml/s' whose prefix's case is lost): ``choices`` hold a typical change
    in the node's own unit, not the same number in it.
    """


class Plausible(Struct, frozen=True):
    """How far a node plausibly moves, and how that bound was made.

    ``bound`` is in the node's units; ``daily`` is the node's volatility, a period's move
    (None when the bound comes from the unit's typical change); ``window`` the periods of a
    month it is scaled over; ``times`` how many of those (or of the unit's typical change)
    make the bound; ``period`` the pack's period (``1d``, ``1w``...).
    """

    bound: float
    daily: float | None
    window: int
    times: float
    period: str = "1d"


class ShockSizeWarning:
    """A shock beyond a plausible size: it runs, and the CLI warns.

    ``change`` is in the node's units; ``bound``, ``daily``, ``window`` and ``times`` are
    those of its :class:`Plausible` move; ``level`` the level a level shock set (``change``
    is then the move that took).
    """

    def __init__(
        self,
        node: str,
        unit: str,
        change: float,
        plausible: Plausible,
        level: float | None = None,
    ) -> None:
        self.node, self.unit, self.change, self.level = node, unit, change, level
        self.bound, self.daily = plausible.bound, plausible.daily
        self.window, self.times = plausible.window, plausible.times
        self.period = plausible.period

    def __repr__(self) -> str:
        return f"ShockSizeWarning({self.node!r}, {self.change!r}, bound={self.bound!r})"


class LevelBoundError(GraphError):
    """A level asked of ``node`` past its ``side`` (``floor`` or ``ceiling``): ``shown`` are
    the level and the bound as the pack writes them; no level of the node lies there."""

    def __init__(self, text: str, node: str, side: str, shown: tuple[str, str]) -> None:
        self.text, self.node, self.side, self.shown = text, node, side, shown
        super().__init__(f"cannot run {text!r}: {shown[0]} is past the {side} of {node!r}")


class AmbiguousScenarioError(GraphError):
    """Text that names (by id or phrase) more than one scenario; ``candidates`` are their ids."""

    def __init__(self, text: str, candidates: list[str]) -> None:
        self.text, self.candidates = text, candidates
        super().__init__(f"{text!r} names more than one scenario: {', '.join(candidates)}")


class ShockSyntaxError(GraphError):
    """A ``--shock`` that does not read NODE=VALUE[unit]; ``form`` False when its form is
    right and a part of it is not (its ``priced=``)."""

    def __init__(self, text: str, reason: str, form: bool = True) -> None:
        self.text, self.reason, self.form = text, reason, form
        super().__init__(f"cannot read shock {text!r}: {reason}")


class HorizonError(GraphError):
    """A horizon that is not a duration such as 1d, 1w, 1m or 3m."""

    def __init__(
        self, text: str, period: str = "", reason: str = "", examples: str = "1d,1w,1m,3m"
    ) -> None:
        self.text = text
        self.period = period  # set when ``text`` is a duration but not whole periods of it
        self.reason = reason  # set for a range of horizons that cannot be expanded
        self.examples = examples  # durations the pack's period takes
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


class PricedError(GraphError):
    """A ``--priced`` that cannot be applied.

    ``problem`` is ``value`` (``text`` is no probability from 0 to 1), ``none`` (no
    ``--shock`` is a decision without odds of its own) or ``several`` (more than one is:
    each should say its own, ``NODE=CHANGE,priced=P``). ``nodes`` are the pack's policy
    nodes, those a shock on is a decision.
    """

    def __init__(self, text: str, problem: str, nodes: list[str]) -> None:
        self.text, self.problem, self.nodes = text, problem, nodes
        super().__init__(f"cannot apply --priced {text!r}: {problem}")


class ShockSpecError(GraphError):
    """A shock of a scenario built in code that cannot run: ``problem`` says why."""

    def __init__(self, scenario: str, node: str, problem: str) -> None:
        self.scenario, self.node, self.problem = scenario, node, problem
        super().__init__(f"scenario {scenario!r}, shock on {node!r}: {problem}")


class OptionError(GraphError):
    """A :class:`~macrograph.graph.options.RunOptions` field out of its range: ``field``,
    the ``value`` given and the ``allowed`` range in words."""

    def __init__(self, field: str, value: object, allowed: str) -> None:
        self.field, self.value, self.allowed = field, value, allowed
        super().__init__(f"{field}={value!r}: {allowed}")
