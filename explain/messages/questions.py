"""Messages for a question the graph cannot answer (:mod:`macrograph.graph.errors`), as
the CLI prints them: what went wrong and the way out, one function per kind of error
(:func:`graph_error_lines`, chosen by the error's type).

Examples
--------
>>> alternatives(["a", "b"])
"'a' or 'b'"
"""

from __future__ import annotations

import re
from datetime import date
from functools import singledispatch

from macrograph.explain.filters import day
from macrograph.explain.terminal import pasted
from macrograph.explain.wording.grammar import possessive
from macrograph.graph.errors import (
    AmbiguousScenarioError,
    DateRangeError,
    DivergenceError,
    GraphError,
    HorizonError,
    LevelBoundError,
    MagnitudeError,
    PlainWordsError,
    PricedError,
    ShockSyntaxError,
    SizeConvertedError,
    SizeLevelError,
    SizeMeasureError,
    SizeMisspeltError,
    SizeMultipleError,
    SizeUnitError,
    UnknownEpisodeError,
    UnknownNodeError,
    UnknownScenarioError,
    UnwrittenNameError,
)
from macrograph.rules.durations import nearest_whole
from macrograph.rules.english.forms import SHORT_POWERS, listed, plain
from macrograph.rules.english.money import currency_sign
from macrograph.rules.fields import SHORTEST, SUB_DAY, period_noun


@singledispatch
def graph_error_lines(error: GraphError) -> list[str]:
    """What went wrong with a question asked of the graph, with the way out: one function
    per kind of error, chosen by its type; an error without one is told by its own text.

    Examples
    --------
    >>> graph_error_lines(UnknownNodeError("moon", ["mood"]))
    ["unknown node 'moon'; did you mean 'mood'? (list them with: macrograph list nodes)"]
    """
    return [str(error)]


@graph_error_lines.register
def _unknown_scenario(error: UnknownScenarioError) -> list[str]:
    lines = [f"no scenario matches {error.text!r}"]
    if error.unknown:
        lines.append(unknown_line(error))
    if error.suggestions:
        lines.append(f"did you mean {alternatives(error.suggestions)}?")
    lines.append("accepted forms: " + "; ".join(error.forms))
    if error.example:
        lines.append(shock_line(error.example))
    lines.append("list them with: macrograph list scenarios")
    return lines


@graph_error_lines.register
def _plain_words(error: PlainWordsError) -> list[str]:
    return [plain_words_line(error)] + ([shock_line(error.example)] if error.example else [])


@graph_error_lines.register
def _unwritten(error: UnwrittenNameError) -> list[str]:
    said = listed([repr(n) for n in error.names])
    them = "it" if len(error.names) == 1 else "them"
    hint = f"; did you mean {alternatives(error.suggestions)}?" if error.suggestions else ""
    return [
        f"cannot run {error.text!r}: nothing in the pack is named {said}, and read without "
        f"{them} the question would be about something else{hint}",
        f"ask without {them} to mean what the pack has (list it with: macrograph list nodes)",
    ]


@graph_error_lines.register
def _size_unit(error: SizeUnitError) -> list[str]:
    return size_unit_lines(error)


@graph_error_lines.register
def _level_bound(error: LevelBoundError) -> list[str]:
    past = "below" if error.side == "floor" else "above"
    said, bound = error.shown
    return [
        f"cannot run {error.text!r}: {said} is {past} the {error.side} of {error.node}, "
        f"{bound}: no level of it lies there"
    ]


@graph_error_lines.register
def _ambiguous(error: AmbiguousScenarioError) -> list[str]:
    return [
        f"{error.text!r} names more than one scenario: {alternatives(error.candidates)}",
        "give the scenario id instead (list them with: macrograph list scenarios)",
    ]


@graph_error_lines.register
def _unknown_name(error: UnknownNodeError | UnknownEpisodeError) -> list[str]:
    what, name = (
        ("node", error.node) if isinstance(error, UnknownNodeError) else ("episode", error.episode)
    )
    hint = f"; did you mean {alternatives(error.suggestions)}?" if error.suggestions else ""
    return [f"unknown {what} {name!r}{hint} (list them with: macrograph list {what}s)"]


@graph_error_lines.register
def _divergence(error: DivergenceError) -> list[str]:
    loop = " -> ".join([*error.nodes, error.nodes[0]])
    fix = "narrow the range of" if error.draws else "shrink"
    per = period_noun(error.step)  # the pack's own: 'a week'
    when = f"{day(error.day)}" if error.day is not None else f"period {error.period}"
    if error.kind == "system":
        return [
            f"the system of {', '.join(error.nodes)} grows{error.scope} (by up to "
            f"{100 * (error.gain - 1):.2g}% a {per}, the spectral radius of its step "
            f"less 1) from {when}: {fix} one of its elasticities"
        ]
    return [
        f"the loop {loop} diverges{error.scope} (loop gain {error.gain:.3g}, the spectral "
        f"radius of its rules; 1 or more grows without bound) "
        f"{'on' if error.day is not None else 'at'} {when}: "
        f"{fix} one of its elasticities or give one of its rules a lag"
    ]


@graph_error_lines.register
def _magnitude(error: MagnitudeError) -> list[str]:
    return [magnitude_line(error)]


@graph_error_lines.register
def _date_range(error: DateRangeError) -> list[str]:
    return [
        f"scenario {error.scenario!r}: {error.horizon} after {error.day} runs past the "
        "last date the calendar holds (9999-12-31); use earlier dates or shorter horizons"
    ]


@graph_error_lines.register
def _priced(error: PricedError) -> list[str]:
    return [priced_line(error)]


@graph_error_lines.register
def _shock_syntax(error: ShockSyntaxError) -> list[str]:
    example = " for a change, or NODE@LEVEL for a level" if error.form else ""
    return [f"cannot read --shock {error.text!r}: {error.reason}{example}"]


@graph_error_lines.register
def _horizon(error: HorizonError) -> list[str]:
    if error.period:
        return [
            f"not a horizon: {error.text!r} is not a whole number of the pack's periods"
            f" ({error.period}); the nearest is {nearest_whole(error.text, error.period)}"
        ]
    if error.reason:
        return [f"not a horizon: {error.text!r}: {error.reason}"]
    unit = re.fullmatch(r"\s*[0-9.]+\s*([A-Za-z]+)\s*", error.text)
    if unit and unit.group(1).lower() in SUB_DAY:  # '6h': no pack counts in hours
        return [f"not a horizon: {error.text!r}: {SHORTEST}"]
    return [f"not a horizon: {error.text!r} (use durations such as {error.examples})"]


def alternatives(names: list[str]) -> str:
    """Quoted names joined with commas and a final 'or'.

    Examples
    --------
    >>> alternatives(["a", "b", "c"])
    "'a', 'b' or 'c'"
    """
    quoted = [repr(n) for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def magnitude_line(error: MagnitudeError) -> str:
    """A rule or shock too large for a run: what, where, and what to change.

    Examples
    --------
    >>> magnitude_line(MagnitudeError("r1", "gauge", "magnitude.range", 1e308, -1, 1e12))
    "rule 'r1' (into gauge), field 'magnitude.range': 1e+308 is too large: the run's values \
would pass 1e+12 or stop being finite; narrow it"
    """
    when = f" at period {error.period}" if error.period >= 0 else ""
    overflow = f"the run's values would pass {error.limit:g} or stop being finite{when}"
    tail = f"{error.value:g} is too large: {overflow}"
    if error.rule:
        return f"rule {error.rule!r} (into {error.node}), field {error.field!r}: {tail}; narrow it"
    if error.node:
        return f"the shock on {error.node}, field {error.field!r}: {tail}; give it a smaller size"
    return overflow


def unknown_line(error: UnknownScenarioError) -> str:
    """What the pack has in place of a subject it does not know.

    Examples
    --------
    >>> from macrograph.graph.errors import Unknown
    >>> subject = Unknown("XYZ", "policy", (("a_rate", "A rate"), ("b_rate", "B rate")))
    >>> unknown_line(UnknownScenarioError("XYZ cuts", [], [], "", subject))
    'the pack has no XYZ; its policy nodes are A rate (a_rate) and B rate (b_rate)'
    """
    what = "policy nodes" if error.known_kind == "policy" else error.known_name or "nodes"
    named = [f"{label} ({node})" for node, label in error.known]
    if error.known_kind == "unit":  # 'mills fall 3': the pack counts in them, they are no node
        return f"'{error.unknown}' is a unit, not a node; the {what} are {listed(named)}"
    if not named:
        return f"the pack has no {error.unknown}; list its nodes with: macrograph list nodes"
    return f"the pack has no {error.unknown}; its {what} are {listed(named)}"


def priced_line(error: PricedError) -> str:
    """Why ``--priced`` cannot be applied.

    Examples
    --------
    >>> priced_line(PricedError("0.9", "none", ["rate"]))
    '--priced 0.9 goes with a --shock on a policy node (rate) that does not give its own odds'
    """
    nodes = ", ".join(error.nodes) or "none in this pack"
    if error.problem == "value":
        return (
            f"cannot read --priced {error.text!r}: give the odds markets had put on the "
            "decision, from 0 to 1 (0.9 or 90%)"
        )
    if error.problem == "several":
        return (
            f"--priced {error.text} fits one decision, and several --shock are decisions; "
            "give each its own odds as NODE=CHANGE,priced=P"
        )
    return (
        f"--priced {error.text} goes with a --shock on a policy node ({nodes}) that does "
        "not give its own odds"
    )


def shock_line(example: str) -> str:
    """How to state the move itself, with a ``--shock`` built from the pack.

    Examples
    --------
    >>> shock_line("rate=+3bp")
    'or state the move itself: --shock rate=+3bp (a change) or --shock NODE@LEVEL (a level)'
    >>> shock_line("rate@4")
    'or state the move itself: --shock rate@4 (a level) or --shock NODE=CHANGE (a change)'
    """
    shown = pasted(example)
    if "@" in example:  # a level offered: the other form is a change
        return (
            f"or state the move itself: --shock {shown} (a level) or --shock NODE=CHANGE (a change)"
        )
    return f"or state the move itself: --shock {shown} (a change) or --shock NODE@LEVEL (a level)"


def plain_words_line(error: PlainWordsError) -> str:
    """Why words that name a node cannot be run as said.

    Examples
    --------
    >>> plain_words_line(PlainWordsError("gauge rises", "no_size", "gauge", "gauge=+1%"))
    "cannot run 'gauge rises': it says which way gauge moves but not how far; add a size"
    """
    head = f"cannot run {error.text!r}: "
    if error.problem == "no_size":  # with the pack's scenarios that move it that way
        ways = f", or ask a scenario that does: {error.detail}" if error.detail else ""
        return head + f"it says which way {error.node} moves but not how far; add a size{ways}"
    if error.problem == "no_decision":  # with the pack's scenarios that decide it so
        sign = error.example.partition("=")[2][:1]
        verb = {"+": "raise", "-": "lower"}.get(sign, "hold")
        ways = f"; the scenarios that {verb} it: {error.detail}" if error.detail else ""
        change = "hold" if verb == "hold" else "change"
        return head + f"{error.node} has no decision in the default scenario to {change}{ways}"
    if error.problem == "unmoved":  # 'we hold prices' where the default moves no price
        return head + f"the default scenario does not move {error.node}: there is nothing to hold"
    if error.problem == "no_baseline":
        return head + f"{error.node} has no baseline level to set a level against; give a change"
    if error.problem == "date":
        on = " or ".join(day(date.fromisoformat(d)) for d in error.dates)
        return head + (
            f"{error.node} has no event in or on {error.detail}; its event is on {on}"
            " (leave the date out or give that one)"
        )
    if error.problem == "default":
        return head + (
            f"{error.node} ({error.detail}) is the pack's default scenario, the one a what-if "
            f"is answered against; ask '{error.node}' to see what it does against no shocks, "
            "or undo it on top of itself"
        )
    if error.problem == "signs":
        verb, sign = error.detail.split(" ")
        return head + (
            f"{verb!r} and the size's {sign!r} say opposite ways; give the way once "
            f"('{error.node} {verb} N', or a signed change of {error.node} itself)"
        )
    if error.problem == "grouped":  # 'R$ 1.200': 1.2 in English, 1,200 where it is written
        whole, point = f"{int(error.detail.replace('.', '')):,}", float(error.detail)
        decimal = f"{point:g}" if len(f"{point:g}") < len(error.detail) else f"{error.detail}0"
        return head + (
            f"{error.detail!r} could be {point:g} or {whole}, as the writers of this pack's"
            f" money group thousands with a point; write {whole} or {decimal}"
        )
    if error.problem == "spread":  # 'rises 10% over 2 weeks': bit by bit, not at once
        return head + (
            f"a move spread {error.detail} is not read from words: a question's move comes at"
            " once; ask it alone, or give the pack a scenario of steps"
        )
    if error.problem == "lasting" and "\t" in error.detail:  # 'for 6 hours' of a daily pack
        said, noun = error.detail.split("\t")
        return head + (
            f"a move that lasts {said.removeprefix('for ').removeprefix('over ')} is no whole "
            f"number of the pack's {noun}s, in which it is run; say the while in {noun}s "
            f"('for 2 {noun}s'), or ask the move alone, which lasts"
        )
    if error.problem == "lasting":  # 'falls to 5 for 2 weeks': no level to go back to
        return head + (
            f"only a change can last a while ({error.detail!r}): a level or a decision said"
            " so is not undone from words; ask the move alone, which lasts, or give the pack"
            " a scenario whose second shock undoes it"
        )
    if error.problem == "day_words":  # 'by Friday': no date the pack's calendar can place
        return head + (
            f"{error.detail!r} names no date; say the date itself ('on 12 March', 'in Q3')"
            " or leave it out for the move to come on its event's day"
        )
    if error.problem == "two_days":  # '1/11/2026': day first, or month first?
        first, second, year = error.detail.split("\t")
        days = [date(int(year), int(b), int(a)) for a, b in ((first, second), (second, first))]
        one, two = (f"{d.day} {d:%b %Y}" for d in days)
        return head + (
            f"'{first}/{second}/{year}' may be {one} or {two}; write the month in words"
            f" ('{one}') or the date as {days[0].isoformat()}"
        )
    if error.problem == "from":  # 'from 0.6% to 0.75%' of a rate at 0.5%
        said, level = error.detail.split("\t")
        return head + (
            f"{error.node} stands at {level}, not {said}; ask the level it goes to alone "
            f"({error.node}@{error.example.partition('@')[2]}), or the move by its size"
        )
    if error.problem == "named_level":  # 'below unit cost': a level said by another node
        said, other, shown, way = error.detail.split("\t")
        near = "" if way in ("to", "at") else f", or a level {way} it"
        return head + (
            f"{said!r} names {other}, at {shown} with no shocks, not a level of {error.node}; "
            f"give the level in figures ({shown}{near})"
        )
    if error.problem == "region":  # 'in Québec' of a node of the whole country
        own, asked, typed, alike = error.detail.split("\t")
        instead = f"ask of {alternatives(alike.split(','))} instead, or" if alike else "ask"
        missing = "" if alike else f": the pack has no such node for {asked}"
        return head + (
            f"{error.node} is {possessive(own)}, not {possessive(asked)}{missing}; "
            f"{instead} without '{typed}'"
        )
    name = error.detail or error.node
    other = f"{name!r} names {error.node} the other way round ({name} up is {error.node} down)"
    if error.problem == "whole":  # a fall of all of it: no level of the node is that far
        return head + f"{other}, and a fall of all of {name} or more is no move of it"
    return head + (
        f"{other}, so a signed size on it would be misread; say '{name} rises N' or "
        f"'{name} falls N', or give the change of {error.node} itself"
    )


def size_unit_lines(error: SizeUnitError) -> list[str]:
    """A size whose unit is missing or does not apply, with the ways to write it.

    Examples
    --------
    >>> size_unit_lines(SizeUnitError("r=+20", "r", "bp", 20.0, "", ["+20bp", "+0.20pp"]))[0]
    "cannot read 'r=+20': the size 20 has no unit and r moves in bp; write '+20bp' or '+0.20pp'"
    """
    head = f"cannot read {error.text!r}: "
    # none for a level's bare number, nor a count said by its time alone ('a day')
    bare = not error.unit or error.unit.split()[0] in ("a", "an", "per")
    within = "" if bare else f" (in {error.unit})"
    choices = alternatives(error.choices)
    offered = f"e.g. --shock {pasted(f'{error.node}={error.choices[0]}')}"
    money = error.given and currency_sign(error.given[-1])
    if isinstance(error, SizeConvertedError) and money:
        said, written = f"{error.given}{plain(abs(error.value), ',')}", error.choices[0]
        level = f"e.g. --shock {pasted(f'{error.node}@{error.choices[-1]}')}"  # '€1,200,000'
        return [
            head + f"{said} is {written.lstrip('+-')}: write {written!r}",
            (offered, level)[error.level],
        ]
    if isinstance(error, SizeMultipleError):  # '$500' of a node in $k a day
        said = f"{error.given}{plain(abs(error.value))} has no multiple and {error.node}"
        if error.level:
            at, written = error.choices
            return [head + f"{said} is in {error.unit}; write {error.node}@{at} for {written}"]
        return [head + f"{said} moves in {error.unit}; write {choices}", offered]
    if isinstance(error, SizeLevelError):  # '8/10' of a score whose changes are points
        joined = "" if error.given[:1] in "/%" else " "
        said, at = f"{plain(abs(error.value))}{joined}{error.given}", error.choices[0]
        why = f"{said} is a level of {error.node}, whose changes read in {error.unit}"
        return [
            head + f"{why}; write {error.node}@{at} for that level, or a change in {error.unit}"
        ]
    if error.level and isinstance(error, SizeConvertedError):  # '500 ug/L' of a node in mg/L
        gap = "" if error.given in SHORT_POWERS else " "  # '1.2bn', '500 ug/L', '0.56'
        said, shown = f"{plain(abs(error.value))}{gap}{error.given}".rstrip(), error.choices[0]
        unit = "" if re.search(r"[^\d.,+-]", shown) else f" {error.unit}"  # '£1,200m' says it
        return [head + f"{said} is {shown}{unit}: write {error.node}@{shown}"]
    if error.level:
        why = f"'{error.given}' is not a unit of a level of {error.node}{within}"
        if isinstance(error, SizeMeasureError):  # no number offered as if it were converted
            return [
                head + f"{why} and is not converted; write its level in its own unit, e.g. "
                f"{error.node}@{error.choices[0]}"
            ]
        return [head + f"{why}; write {error.node}@{error.choices[0]} (in its own unit)"]
    if isinstance(error, SizeConvertedError):  # the same size in the node's own unit
        # a bare count ('30,000 fewer jobs' on thousands of persons) is said as grouped
        # a multiple joined ('20k', '2M'), a word apart ('5 TEU', '1 m' of metres)
        joined = "" if error.given.lower() in SHORT_POWERS and error.given != "m" else " "
        said = (
            f"{plain(abs(error.value))}{joined}{error.given}"
            if error.given
            else plain(abs(error.value), ",")
        )
        why = f"{said} is {error.choices[0].lstrip('+-')}"
        return [head + f"{why}: write {choices}", offered]
    if isinstance(error, SizeMisspeltError):  # the size read with the word it most likely meant
        why = f"'{error.given}' is no unit; did you mean '{abs(error.value):g} {error.meant}'?"
        return [head + f"{why} That is {choices} on {error.node}{within}", offered]
    if isinstance(error, SizeMeasureError):  # no number offered as if it were converted
        why = f"'{error.given}' does not apply to {error.node}{within} and is not converted"
        return [head + f"{why}; write the size in its own unit, e.g. {choices}", offered]
    if error.given:
        why = f"'{error.given}' does not apply to {error.node}{within}"
    else:
        moves = "" if bare else f" and {error.node} moves in {error.unit}"
        why = f"the size {plain(error.value)} has no unit{moves}"
    return [head + f"{why}; write {choices}", offered]
