"""Lint checks of episodes, of scenarios' source expectations, and of the shocks of both.

Episodes are checked like scenarios: the nodes and scenarios they name exist, their
shocks fall near their date, every observation cites a source of the pack (basis
``observed``), no move is given twice, a change's size fits its node's unit, and every
window is a whole number of the pack's periods.
"""

from __future__ import annotations

from collections.abc import Callable

from macrograph.rules.english.suggest import unknown
from macrograph.rules.errors import PackIssue
from macrograph.rules.fields import is_whole, not_whole_text
from macrograph.rules.models import duration_days
from macrograph.rules.pack import Pack

SHOCK_WINDOW_DAYS = 31  # an episode's shocks fall within a month of its date
# Changes beyond these sizes are more likely a unit slip (27 for 27bp) than a move.
PLAUSIBLE = {"pct": 5.0, "pp": 5.0, "pct_change": 80.0}


def _issue(
    pack: Pack, obj_id: str, field: str, message: str, code: str, severity: str
) -> PackIssue:
    where = pack.locate("episodes", obj_id)
    return PackIssue(where.file, where.line, obj_id, field, message, severity, code)


def check_episode_references(pack: Pack) -> list[PackIssue]:
    """Nodes and the comparison scenario an episode names must exist.

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack("tests/packs/markets")
    >>> episode = pack.episodes["hike-feb-2025"]
    >>> calm = episode.model_copy(update={"against": "calm"})
    >>> found = check_episode_references(replace(pack, episodes={calm.id: calm}))
    >>> [(f.field, f.message) for f in found]
    [('against', "unknown scenario 'calm'")]
    """
    found = []
    for ep in pack.episodes.values():
        refs = [(f"shocks.{i}.node", s.node) for i, s in enumerate(ep.shocks)]
        refs += [(f"observed.{i}.node", o.node) for i, o in enumerate(ep.observed)]
        for field, node in refs:
            if node not in pack.nodes:
                text = unknown("node", node, pack.nodes)
                found.append(_issue(pack, ep.id, field, text, "dangling-reference", "error"))
        if ep.against is not None and ep.against not in pack.scenarios:
            text = unknown("scenario", ep.against, pack.scenarios)
            found.append(_issue(pack, ep.id, "against", text, "dangling-reference", "error"))
    return found


def check_episode_dates(pack: Pack) -> list[PackIssue]:
    """An episode's shocks fall within a month of its date.

    Examples
    --------
    >>> from datetime import date
    >>> from msgspec.structs import replace
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack("tests/packs/markets")
    >>> episode = pack.episodes["hike-feb-2025"]
    >>> late = (episode.shocks[0].model_copy(update={"date": date(2025, 6, 1)}),)
    >>> moved = episode.model_copy(update={"shocks": late})
    >>> [f.message for f in check_episode_dates(replace(pack, episodes={moved.id: moved}))]
    ["shock dated 2025-06-01 is 109 days from the episode's date 2025-02-12 (at most 31)"]
    """
    found = []
    for ep in pack.episodes.values():
        for i, shock in enumerate(ep.shocks):
            gap = abs((shock.date - ep.date).days)
            if gap > SHOCK_WINDOW_DAYS:
                text = (
                    f"shock dated {shock.date.isoformat()} is {gap} days from the episode's "
                    f"date {ep.date.isoformat()} (at most {SHOCK_WINDOW_DAYS})"
                )
                found.append(_issue(pack, ep.id, f"shocks.{i}.date", text, "episode-date", "error"))
    return found


def check_observations(pack: Pack) -> list[PackIssue]:
    """Each observation cites a source, is given once, and has a plausible size for its unit.

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack("tests/packs/markets")
    >>> episode = pack.episodes["hike-feb-2025"]
    >>> twice = episode.model_copy(update={"observed": episode.observed * 2})
    >>> found = check_observations(replace(pack, episodes={twice.id: twice}))
    >>> [(f.field, f.code) for f in found][0], found[0].message
    (('observed.3', 'duplicate-observation'), 'bond_2y over 0d is observed twice (also observed.0)')
    """
    found = []
    for ep in pack.episodes.values():
        seen: dict[tuple[str, str], int] = {}
        for i, obs in enumerate(ep.observed):
            field = f"observed.{i}"
            if obs.cites is not None and not obs.cites.sources:
                text = "an observation cites at least one source"
                found.append(_issue(pack, ep.id, f"{field}.cites", text, "uncited", "error"))
            key = (obs.node, obs.window)
            if key in seen:
                text = f"{obs.node} over {obs.window} is observed twice (also observed.{seen[key]})"
                found.append(_issue(pack, ep.id, field, text, "duplicate-observation", "error"))
            seen.setdefault(key, i)
            node = pack.nodes.get(obs.node)
            limit = PLAUSIBLE.get(node.unit) if node is not None else None
            if limit is not None and obs.change is not None and abs(obs.change) > limit:
                text = (
                    f"a change of {obs.change:g} {node.unit} in {obs.window} is implausible "  # type: ignore[union-attr]
                    f"(more than {limit:g}): is it in the node's units?"
                )
                found.append(_issue(pack, ep.id, f"{field}.change", text, "unit-size", "warning"))
    return found


def check_windows(pack: Pack) -> list[PackIssue]:
    """An episode's windows are whole numbers of the pack's period, as its lags and horizons
    are: a backtest reads each at a horizon of the pack ('3d' is none in a weekly pack).

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.graph.synthetic import hike_pack
    >>> pack = hike_pack()  # its episode observes the price after 1d and 1w
    >>> weekly = replace(pack, info=pack.info.model_copy(update={"period": "1w"}))
    >>> [(f.field, f.message) for f in check_windows(weekly)], check_windows(pack)
    ([('observed.0.window', "window 1d is not a whole number of the pack's periods (1w)")], [])
    """
    period, found = pack.info.period, []
    for ep in pack.episodes.values():
        windows = [(f"observed.{i}.window", obs.window) for i, obs in enumerate(ep.observed)]
        if ep.observe is not None:
            windows += [(f"observe.windows.{i}", w) for i, w in enumerate(ep.observe.windows)]
        for field, window in windows:
            if not is_whole(window, period):
                text = not_whole_text("window", window, period)
                found.append(_issue(pack, ep.id, field, text, "not-whole-periods", "error"))
    return found


def check_expectations_of_scenarios(pack: Pack) -> list[PackIssue]:
    """A scenario's source expectations name existing nodes and valid horizons.

    Examples
    --------
    >>> from macrograph.rules.models import Citation, Expectation
    >>> from macrograph.graph.synthetic.runs import slump_changed
    >>> guess = Citation(basis="assumption", rationale="a guess")
    >>> expects = (Expectation(node="c", horizon="1m", sign="-", cites=guess),)
    >>> pack = slump_changed("scenarios", "a-slumps", expects=expects)
    >>> found = check_expectations_of_scenarios(pack)
    >>> [(f.field, f.message) for f in found]
    [('expects.0.node', "unknown node 'c'")]
    """
    found = []
    for scenario in pack.scenarios.values():
        where = pack.locate("scenarios", scenario.id)
        for i, exp in enumerate(scenario.expects):
            if exp.node not in pack.nodes:
                text = unknown("node", exp.node, pack.nodes)
                issue = PackIssue(
                    where.file,
                    where.line,
                    scenario.id,
                    f"expects.{i}.node",
                    text,
                    "error",
                    "dangling-reference",
                )
                found.append(issue)
            if duration_days(exp.horizon) == 0:
                text = "an expectation's horizon must be at least one day"
                issue = PackIssue(
                    where.file,
                    where.line,
                    scenario.id,
                    f"expects.{i}.horizon",
                    text,
                    "error",
                    "expectation-horizon",
                )
                found.append(issue)
    return found


def check_repeated_shocks(pack: Pack) -> list[PackIssue]:
    """A scenario's or an episode's second shock on a node and day: the two add up, which a
    date copied from the shock above makes by mistake (a cold snap and its end on one day).

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.graph.synthetic import slump_pack
    >>> pack = slump_pack()
    >>> said = pack.scenarios["a-slumps"]
    >>> twice = said.model_copy(update={"shocks": said.shocks * 2})
    >>> found = check_repeated_shocks(replace(pack, scenarios={said.id: twice}))
    >>> [f.message.split(":")[0] for f in found]
    ['a second shock on a on 2025-01-06 (also shocks.0)']
    """
    found = []
    for section, items in (("scenarios", pack.scenarios), ("episodes", pack.episodes)):
        for item in items.values():
            first: dict[tuple[str, object], int] = {}
            for i, shock in enumerate(item.shocks):
                at = first.setdefault((shock.node, shock.date), i)
                if at == i:
                    continue
                text = (
                    f"a second shock on {shock.node} on {shock.date} (also shocks.{at}): the two"
                    " add up; give each its own date, or write one shock of their sum"
                )
                where = pack.locate(section, item.id)
                found.append(
                    PackIssue(
                        where.file, where.line, item.id, f"shocks.{i}", text, "warning", "repeated"
                    )
                )
    return found


EPISODE_CHECKS: tuple[Callable[[Pack], list[PackIssue]], ...] = (
    check_repeated_shocks,
    check_episode_references,
    check_episode_dates,
    check_observations,
    check_windows,
    check_expectations_of_scenarios,
)
