"""The briefing note: a desk-ready summary of a scenario, in Markdown, HTML or PDF.

Sections, each left out when it has nothing to say: the bottom line (three sentences from
the result's numbers); the key outcomes (the pack's ``key_outcomes``, called as the pack
calls them) as a table and as charts with their units; the policy calendar; how the event
reaches each key outcome (the chain diagram and the routes in words; other nodes show only
where a route needs them);
competing forces; stances; thresholds; what to watch; a comparison of scenarios,
probability-weighted where the pack gives branch probabilities; where a source's own view
departs from the evidence; what the sources expect; the sources and numbered citations.
A PDF is the HTML note printed by a headless Chromium (:mod:`macrograph.explain.brief.pdf`).

Examples
--------
>>> from macrograph import RunOptions
>>> from macrograph.graph.synthetic import slump_pack
>>> note = make_brief(slump_pack(), "a-slumps", NoteOptions(fmt="md"), RunOptions(draws=0))
>>> note.text.startswith("# Briefing note: A slumps")
True
>>> "## Bottom line" in note.text and "## Key outcomes" in note.text
True
"""

from __future__ import annotations

from pathlib import Path

from msgspec import Struct, field
from msgspec.structs import replace

from macrograph.explain.brief.bottom import (
    BottomLine,
    bottom_line,
    key_rows_of,
    largest_swing,
)
from macrograph.explain.brief.calendar_rows import CalendarRow, calendar
from macrograph.explain.brief.comparison import Column, CompareRow, comparison_table
from macrograph.explain.brief.pdf import print_pdf, printer, prints_legibly
from macrograph.explain.chart.beside import charts_beside, drawn_charts, give_plan
from macrograph.explain.chart.figures import chart_nodes, chart_plan, fan_chooser
from macrograph.explain.chart.placed import chart_paths, shown_charts
from macrograph.explain.chart.shown import Charts
from macrograph.explain.contexts.backtest import ExpectationRow, expectation_rows
from macrograph.explain.contexts.base import (
    Citation,
    Citations,
    Reference,
    differing_shocks,
    group_order,
    salience,
)
from macrograph.explain.contexts.bounds import BoundNote, bound_notes
from macrograph.explain.contexts.departs import AUTO, Departs, departs_for
from macrograph.explain.contexts.fitted import FittedSummary, fitted_summary
from macrograph.explain.contexts.header import Header, header
from macrograph.explain.contexts.horizon import reading_horizon
from macrograph.explain.contexts.levels import (
    StanceLine,
    SwitchLine,
    Threshold,
    rule_switches,
    stance_lines,
    thresholds,
)
from macrograph.explain.contexts.outcome import Outcome, outcome
from macrograph.explain.contexts.tugs import TugOfWar
from macrograph.explain.contexts.whatif import (
    Consequence,
    Group,
    grouped,
    tugs_of_war,
)
from macrograph.explain.diagram.build import chain_diagram
from macrograph.explain.diagram.style import plain
from macrograph.explain.environment import make_environment, render, template_name
from macrograph.explain.errors import UnknownFormatError
from macrograph.explain.export import to_mermaid
from macrograph.explain.files import check_targets, is_stdout, write_files
from macrograph.explain.filters import after, shows
from macrograph.explain.formats import NOTE_FORMATS as FORMATS
from macrograph.explain.render import inline_svg
from macrograph.explain.render import render as render_dot
from macrograph.explain.selection import key_nodes_of, relevant_thresholds
from macrograph.explain.suffixes import choose_format
from macrograph.explain.wording.speaking import speaks_pack
from macrograph.graph.calendar import with_horizon
from macrograph.graph.engine.forked import engine_processes
from macrograph.graph.evidence.expectations import check_expectations
from macrograph.graph.fan import propagate_with_fans
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate, resolved
from macrograph.graph.result import Result
from macrograph.graph.specs import ScenarioSpec
from macrograph.rules.pack import Pack

WATCH_MOVES = 2


class WatchCase(Struct, frozen=True):
    """A scenario a signal points to, with its largest moves against its comparison."""

    scenario: str
    title: str
    moves: tuple[Consequence, ...]


class Watch(Struct, frozen=True):
    """A signal to watch: what a hawkish and a dovish reading would mean."""

    title: str
    hawkish: str
    dovish: str
    cases: tuple[WatchCase, ...]
    cite: int


class BriefContext(Struct, frozen=True):
    """Everything ``brief.*.j2`` says."""

    title: str
    header: Header
    bottom: BottomLine
    key_rows: tuple[Outcome, ...]  # the key outcomes' table, in the pack's order
    calendar: tuple[CalendarRow, ...]
    channels: tuple[Group, ...]  # how the event reaches each key outcome that moves
    tugs: tuple[TugOfWar, ...]
    stances: tuple[StanceLine, ...]
    thresholds: tuple[Threshold, ...]
    watch: tuple[Watch, ...]
    columns: tuple[Column, ...]
    compare: tuple[CompareRow, ...]
    expectations: tuple[ExpectationRow, ...]  # what the scenarios' sources expect, checked
    citations: tuple[Citation, ...]
    sources: tuple[Reference, ...]
    mermaid: str
    svg: str
    svg_name: str
    chain_prints: bool = False  # the chain diagram is legible on a printed page
    departs: Departs | None = None  # where a source's own view departs from the pack's
    charts: Charts = field(default_factory=Charts)  # the key moves and their fans
    fitted: FittedSummary | None = None  # the cited rules' sizes estimated from data
    past_bounds: tuple[BoundNote, ...] = ()  # levels past a node's floor or ceiling
    switches: tuple[SwitchLine, ...] = ()  # rules with a `when` that switched on or off


def _expectations(pack: Pack, scenario_ids: tuple[str, ...]) -> tuple[ExpectationRow, ...]:
    """The source expectations of the note's scenarios (those that state any), checked."""
    chosen = tuple(dict.fromkeys(s for s in scenario_ids if s in pack.scenarios))
    with_any = tuple(s for s in chosen if pack.scenarios[s].expects)
    return expectation_rows(pack, check_expectations(pack, with_any)) if with_any else ()


def _default_set(pack: Pack) -> tuple[str, ...]:
    """The scenarios compared by default: the pack's ``brief_scenarios``, else its default
    scenario and (up to three) scenarios compared with it."""
    if pack.info.brief_scenarios:
        return pack.info.brief_scenarios
    base = pack.info.default_scenario
    others = [s.id for s in pack.scenarios.values() if s.against == base]
    return (base, *others[:3])


def _top_moves(pack: Pack, result: Result, h: str) -> tuple[Consequence, ...]:
    """A scenario's largest moves of the key outcomes, for the watch list (citing no rule);
    a shocked node that is no key outcome is the scenario's input, not what it does."""
    rows = [outcome(pack, result, n, h, None) for n in key_nodes_of(pack, result, h)]
    rows = [o for o in rows if shows(o.move, o.unit)]
    rows.sort(key=lambda o: (-salience(o.move, o.unit), o.node))
    return tuple(
        Consequence(o.name, o.move, o.unit, o.comparative, h, (), ()) for o in rows[:WATCH_MOVES]
    )


def _watch_list(pack: Pack, h: str, cites: Citations) -> tuple[Watch, ...]:
    """The pack's signals, each with the moves of the scenarios it points to (each scenario
    run once, however many signals point to it)."""
    exact = RunOptions(horizons=with_horizon(pack.info.horizons, h, pack.info.period), draws=0)
    pointed = dict.fromkeys(s for g in pack.signals.values() for s in g.scenarios)
    moves = {
        s: _top_moves(pack, propagate(pack, s, exact), h) for s in pointed if s in pack.scenarios
    }
    found = []
    for signal in pack.signals.values():
        cases = tuple(
            WatchCase(sid, pack.scenarios[sid].title, moves[sid])
            for sid in signal.scenarios
            if sid in pack.scenarios
        )
        n = cites.cite(f"signal:{signal.id}")
        found.append(Watch(signal.title, signal.hawkish, signal.dovish, cases, n))
    return tuple(found)


def _sources(citations: tuple[Citation, ...]) -> tuple[Reference, ...]:
    found = {r.id: r for c in citations for r in c.sources}
    return tuple(found[k] for k in sorted(found))


def _by_group(pack: Pack, rows: tuple[Outcome, ...]) -> tuple[Outcome, ...]:
    """``rows`` in the order of the pack's group headings (others last), keeping their order
    within a group."""
    order = group_order(pack)
    return tuple(
        sorted(rows, key=lambda o: order.index(o.group) if o.group in order else len(order))
    )


@speaks_pack
def _build_brief(
    pack: Pack,
    result: Result,
    asked: ScenarioSpec,
    scenarios: tuple[str, ...] | None = None,
    focus: str | None = None,
    compare_overlay: str | None = AUTO,
) -> BriefContext:
    """The briefing note's context for ``result``, the run of ``asked``; diagrams are added
    by :func:`make_brief`.

    ``compare_overlay`` names an overlay whose departures from the pack the note lists;
    by default the pack's overlay flagged as the source's own view (none when the pack
    already has an overlay applied); None for no such section.
    """
    h = reading_horizon(pack, result, focus)
    chosen = scenarios or _default_set(pack)
    keys = key_nodes_of(pack, result, h)
    rows = key_rows_of(pack, result, h)
    # a note on a scenario the pack's own set leaves out (a question in plain words) sets
    # it beside them; a set the reader chose is kept as chosen
    table: tuple[str | ScenarioSpec, ...] = chosen if scenarios else (*chosen, asked)
    columns, compare = comparison_table(pack, table, keys, h, result)
    if [c.scenario for c in columns] == [result.scenario]:  # one scenario compares nothing
        columns = ()
    # the bottom line names no citation: its trigger is read with numbers of its own, so that
    # the note's citations still number in reading order
    near = thresholds(pack, result, h, Citations(pack, result), relevant_thresholds(result, pack))
    swing = largest_swing(pack, result.scenario, columns, compare)
    cites = Citations(pack, result)
    cal = calendar(pack, result, cites)
    moving = tuple(o for o in _by_group(pack, rows) if shows(o.move, o.unit))
    channels = grouped(tuple(outcome(pack, result, o.node, h, cites) for o in moving))
    tugs = tugs_of_war(pack, result, h, cites)
    stances = stance_lines(pack, result, h, cites)
    triggers = thresholds(pack, result, h, cites, relevant_thresholds(result, pack))
    turned = rule_switches(pack, result, cites)
    watch = _watch_list(pack, h, cites)
    citations = cites.entries()
    return BriefContext(
        title=f"Briefing note: {result.title}",
        header=header(pack, result, h),
        bottom=bottom_line(pack, result, h, rows, near, swing),
        key_rows=rows,
        calendar=cal,
        channels=channels,
        tugs=tugs,
        stances=stances,
        thresholds=triggers,
        switches=turned,
        watch=watch,
        columns=columns,
        compare=compare,
        expectations=_expectations(pack, (result.scenario, *chosen)),
        citations=citations,
        sources=_sources(citations),
        fitted=fitted_summary(pack, (c.name for c in citations if c.kind == "rule")),
        mermaid="",
        svg="",
        svg_name="",
        departs=departs_for(pack, compare_overlay, asked, h, keys),
        past_bounds=bound_notes(pack, result, h),
    )


class NoteOptions(Struct, frozen=True):
    """What a briefing note is made as, beside the run's options.

    Attributes
    ----------
    fmt : {"md", "html", "pdf"} or None
        The format; None: from the output's suffix (Markdown without one).
    scenarios : tuple of str or None
        The scenarios the comparison table sets side by side (None: the pack's choice).
    templates_dir : Path or None
        Templates overriding the bundled ones by name.
    output : str or None
        Where the note goes; a Markdown note's charts are written beside it (None: no
        chart files, as on stdout).
    svg_name : str or None
        The chain diagram's file name a Markdown note links to (None: no link).
    """

    fmt: str | None = None
    scenarios: tuple[str, ...] | None = None
    templates_dir: Path | None = None
    output: str | None = None
    svg_name: str | None = None


class Note(Struct, frozen=True):
    """A rendered note, and the SVG diagram to write beside it (Markdown to a file only)."""

    text: str
    svg: bytes | None
    charts: tuple[tuple[Path, bytes], ...] = ()  # chart files beside a Markdown note
    pdf: bytes | None = None  # the printed HTML note, for a PDF


@speaks_pack
def make_brief(
    pack: Pack,
    scenario: str | None = None,
    note: NoteOptions = NoteOptions(),
    options: RunOptions = RunOptions(),
) -> Note:
    """The briefing note for ``scenario`` (default the pack's) in ``note.fmt`` (md, html or
    pdf; default md), run with ``options`` (its draws, seed, comparison and ``model_only``;
    ``focus`` the horizon the note centres on; ``overlay`` the overlay whose departures
    from the pack it lists: ``AUTO`` the pack's overlay flagged as the source's own view,
    None no such section).

    Markdown gets a Mermaid block and, when ``note.svg_name`` is given, a link to that SVG
    file (returned in ``Note.svg`` for the caller to write beside the note); HTML gets the
    SVG inline. Both need Graphviz's ``dot`` for the SVG. A PDF is the HTML note printed by
    a headless Chromium (``Note.pdf``; ``Note.text`` is the HTML it printed).

    Raises
    ------
    UnknownFormatError
        For a format other than md, html or pdf.
    DotMissingError, DotFailedError
        When the SVG diagram cannot be drawn; nothing is returned half-made.
    BrowserMissingError, PdfFailedError
        When a PDF cannot be printed.

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> note = make_brief(slump_pack(), "a-slumps", NoteOptions(fmt="md"), RunOptions(draws=0))
    >>> note.text.startswith("# Briefing note"), note.svg, note.pdf
    (True, None, None)
    """
    fmt, focus, svg_name = note.fmt or "md", options.focus, note.svg_name
    if fmt not in FORMATS:
        raise UnknownFormatError(fmt, FORMATS)
    # read once: a question in plain words is no scenario of the pack to look up again
    spec = resolved(pack, scenario or pack.info.default_scenario, options)[0]
    if fmt == "pdf":  # the question's mistakes first, then a missing browser, before any work
        printer()
    charted = fmt != "md" or note.output is not None  # a note on stdout gets no charts
    # the charts, half the note's time (matplotlib's import, its layout), are drawn in a
    # process of their own, forked now to load matplotlib while this one runs the draws,
    # and given what to draw once they are run, when a core is idle
    with charts_beside(engine_processes(2) if charted else 1) as drawing:
        result, fans = propagate_with_fans(
            pack,
            spec,
            fan_chooser(pack, options) if charted else lambda _: (),
            replace(options, horizons=None),  # the pack's, and the focus
        )
        h = reading_horizon(pack, result, focus)
        if charted:
            plan = chart_plan(pack, result, fans, options, chart_nodes(pack, result, h))
            give_plan(drawing, plan)
        context = _build_brief(pack, result, spec, note.scenarios, focus, options.overlay)
        page = "html" if fmt == "pdf" else fmt
        context, svg = _with_chain(pack, result, context, page, svg_name)
        drawn = drawn_charts(drawing) if charted else None
    charts, files = shown_charts(drawn, page, note.output) if drawn else NONE
    context = replace(context, charts=charts)
    text = render(make_environment(note.templates_dir), template_name("brief", page), context)
    if fmt == "pdf":
        return Note(text, None, (), print_pdf(text))
    return Note(text, svg if fmt == "md" else None, files)


def _with_chain(
    pack: Pack, result: Result, context: BriefContext, page: str, svg_name: str | None
) -> tuple[BriefContext, bytes | None]:
    """The note with its chain diagram, inline for HTML or a Mermaid block for Markdown;
    and the diagram's SVG (drawn for HTML, and for Markdown when the note links it)."""
    # markupsafe, like jinja2, loads only where HTML is made
    from markupsafe import Markup

    if not differing_shocks(result):  # nothing differs from the comparison: no chain to draw
        return context, None
    h = context.header.focus
    svg = render_dot(chain_diagram(pack, result, h), "svg") if page == "html" or svg_name else None
    if page == "html":
        chain = svg or b""
        words = chain_words(result, h)
        shown = replace(context, svg=Markup(inline_svg(chain, *words)))
        return replace(shown, chain_prints=prints_legibly(chain)), svg
    mermaid = to_mermaid(pack, result, horizon=h).strip()
    return replace(context, mermaid=mermaid, svg_name=svg_name or ""), svg


NONE: tuple[Charts, tuple[tuple[Path, bytes], ...]] = (Charts(), ())  # a note with no charts


def _note_format(output: str, fmt: str | None) -> str:
    """The note's format: ``fmt`` when given, else from the suffix (stdout: Markdown)."""
    return choose_format(output, fmt, FORMATS, "md")


def chain_words(result: Result, h: str) -> tuple[str, str]:
    """The chain diagram's title and what it shows at horizon ``h``, for a reader who cannot
    see it ('its change after 1 month', 'its change on the day').

    Examples
    --------
    >>> from macrograph.graph.synthetic import rate_step, units_pack
    >>> from macrograph import propagate, RunOptions
    >>> result = propagate(units_pack(), rate_step(), RunOptions(draws=0))
    >>> chain_words(result, "1m")[0]
    'The transmission chain of rate +20bp, against no shocks'
    """
    against = result.against_title or "no shocks"
    title = f"The transmission chain of {plain(result.title)}, against {plain(against)}"
    said = (
        f"A diagram: each shock, and each node it moves with its change {after(h)} (▲ a rise,"
        " ▼ a fall), joined by the rules that carry the move, each with its reason and the"
        " move it carried. Each route is told in words below."
    )
    return title, said


def _svg_path(output: str) -> Path:
    """Where a Markdown note's SVG goes: beside it, same stem (never the note itself)."""
    target = Path(output).with_suffix(".svg")
    return target if target != Path(output) else Path(output).with_name(f"{target.stem}-chain.svg")


@speaks_pack
def write_brief(
    pack: Pack,
    scenario: str | None,
    output: str,
    note: NoteOptions = NoteOptions(),
    options: RunOptions = RunOptions(),
) -> str | None:
    """Write the note to ``output`` (a Markdown note's SVG beside it), all or nothing;
    with ``output`` '-' (or ``/dev/stdout``), write nothing and return the note's text.

    Both paths are checked before the note is made, and again before either is written.
    A note written into a device or FIFO (``/dev/null``, a named pipe) gets no SVG
    beside it, as on stdout: ``/dev/null.svg`` is no place for a drawing. ``note`` and
    ``options`` are as for :func:`make_brief` (``note.output`` and ``note.svg_name`` are
    set here).

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> exact = RunOptions(draws=0)
    >>> text = write_brief(slump_pack(), "a-slumps", "-", NoteOptions(fmt="md"), exact)
    >>> text.splitlines()[0]
    '# Briefing note: A slumps'
    """
    kind = _note_format(output, note.fmt)
    stdout = is_stdout(output)
    if stdout and kind == "pdf":
        raise UnknownFormatError(kind, ("md", "html"))  # a PDF goes to a file
    beside = not stdout and kind == "md" and not check_targets([output])[0].direct
    sides = [_svg_path(output), *chart_paths(output).values()] if beside else []
    check_targets([] if stdout else [output, *sides])
    name = _svg_path(output).name if beside else None
    made = replace(note, fmt=kind, svg_name=name, output=output if beside else None)
    written = make_brief(pack, scenario, made, options)
    if stdout:
        return written.text
    # the SVG is put in place first, so that a note never links to a missing drawing
    svg = [(_svg_path(output), written.svg)] if beside and written.svg else []
    body = written.pdf if written.pdf is not None else written.text
    write_files([*svg, *written.charts, (output, body)])
    return None
