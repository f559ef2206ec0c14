"""What every command shares: the --pack option, loading, error reporting, output."""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from macrograph.explain.cli.start import set_aside
from macrograph.explain.files import json_text as json_text  # the commands' JSON
from macrograph.graph.options import DRAWS, RunOptions

F = TypeVar("F", bound=Callable[..., Any])
BAD_INPUT = 2
SEED = click.IntRange(0, 2**32 - 1)
"""Seeds numpy's generators take: a non-negative integer (kept to 32 bits)."""
SEED_HELP = "Random seed, 0 to 4294967295."
LISTING_HELP = "Output format: text for a terminal, or JSON for machines."

overlay_option = click.option(
    "--overlay",
    "pack_overlay",
    default=None,
    help="An overlay applied to the pack: a YAML file, or the name of one in the pack's "
    "overlays/ folder. The pack's files are not changed.",
)
_pack_dir_option = click.option(
    "--pack",
    "pack_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="A pack folder of YAML files (default: the bundled december-2025 pack).",
)


def format_option(
    choices: tuple[str, ...], help: str, default: str | None = None
) -> Callable[[F], F]:
    """A command's ``--format``, one of ``choices`` (the library's tuple of its formats),
    passed as ``fmt``; ``default`` None leaves it to the output's suffix."""
    return click.option("--format", "fmt", type=click.Choice(choices), default=default, help=help)


def pack_option(command: F) -> F:
    """``--pack DIR`` and ``--overlay FILE``: the command's ``pack_dir`` and
    ``pack_overlay``, which it gives to :func:`load`."""
    return overlay_option(_pack_dir_option(command))


def say(line: str) -> None:
    """Print a message line on stderr, escaped (pack text must not drive the terminal) and,
    on a terminal, wrapped at its width."""
    from macrograph.explain.terminal import message_text

    width = shutil.get_terminal_size().columns if sys.stderr.isatty() else None
    click.echo(message_text(line, width), err=True)


def fail(lines: list[str]) -> None:
    """Print ``lines`` to stderr and exit with status 2 (bad input)."""
    for line in lines:
        say(f"macrograph: {line}" if line is lines[0] else f"  {line}")
    sys.exit(BAD_INPUT)


def reports_errors(command: F) -> F:
    """Turn the library's exceptions into messages and exit status 2, without a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from macrograph.explain.errors import ExplainError
        from macrograph.explain.files import reading
        from macrograph.graph.errors import GraphError
        from macrograph.rules.errors import DataError, PackError
        from macrograph.rules.pack import bundled_pack_dir

        too_long = overlong_argument(kwargs)
        if too_long is not None:
            fail([too_long])
        try:
            if getattr(command, "writes_pack_file", False):
                return command(*args, **kwargs)
            check_not_pack_file(kwargs.get("output"), kwargs)
            with reading(kwargs.get("pack_dir") or bundled_pack_dir()):  # every file it writes
                return command(*args, **kwargs)
        except PackError as err:  # the messages load only when there is one to tell
            from macrograph.explain.messages.layers import pack_error_lines

            given = kwargs.get("pack_dir") or kwargs.get("folder")  # lint takes a FOLDER too
            fail(pack_error_lines(err, pack_label(given)))
        except DataError as err:
            from macrograph.explain.messages.layers import data_error_line

            fail([data_error_line(err, pack_label(kwargs.get("pack_dir")))])
        except GraphError as err:
            from macrograph.explain.messages.questions import graph_error_lines

            fail(graph_error_lines(err))
        except ExplainError as err:
            from macrograph.explain.messages.layers import explain_error_lines

            fail(explain_error_lines(err))
        except BrokenPipeError:  # the reader has gone (`| head -2`): nothing left to say
            _quiet_stdout()
            sys.exit(0)
        except OSError as err:
            fail([f"cannot write {err.filename or 'output'}: {err.strerror or err}"])

    return wrapper  # type: ignore[return-value]


def writes_pack_file(command: F) -> F:
    """Mark a command whose ``-o`` is a pack file by design (``data episodes`` writes the
    calendar's episodes); put it under :func:`reports_errors`."""
    command.writes_pack_file = True  # type: ignore[attr-defined]
    return command


def check_not_pack_file(output: Any, values: dict[str, Any]) -> None:
    """Refuse an ``-o`` onto a file of the pack the command reads (``--pack``, else bundled)."""
    from macrograph.explain.files import check_not_pack_file as refuse
    from macrograph.rules.pack import bundled_pack_dir

    if isinstance(output, str):
        refuse(output, values.get("pack_dir") or bundled_pack_dir())


def overlong_argument(values: dict[str, Any]) -> str | None:
    """Which command-line value is longer than the limit, in words, or None.

    Several values of a repeated option are measured one by one; the words of an argument
    such as a what-if's phrase, together.
    """
    from macrograph.rules.limits import MAX_ARGUMENT_CHARS, MAX_LIST_CHARS

    context = click.get_current_context(silent=True)
    params = {p.name: p for p in context.command.params} if context is not None else {}
    for name, value in sorted(values.items()):
        param = params.get(name)
        limit = MAX_LIST_CHARS if name in LISTS else MAX_ARGUMENT_CHARS
        if isinstance(value, tuple) and not getattr(param, "multiple", False):
            value = " ".join(str(part) for part in value)
        for text in value if isinstance(value, tuple) else (value,):
            if isinstance(text, str | Path) and len(str(text)) > limit:
                what = param.opts[0] if isinstance(param, click.Option) else name.upper()
                return f"{what} is {len(str(text))} characters; the limit is {limit}"
    return None


LISTS = frozenset({"horizons"})
"""Options whose value is a list (``--horizons``): they may be as long as ``MAX_LIST_CHARS``."""


def pack_label(pack_dir: Path | None) -> str:
    """How a pack is named in messages."""
    from macrograph.rules.pack import BUNDLED_PACK

    return f"{BUNDLED_PACK} (bundled)" if pack_dir is None else str(pack_dir).rstrip("/") or "/"


def load(pack_dir: Path | None, overlay: str | None = None, checked: bool = True) -> Any:
    """Load a pack, with ``overlay`` (a file, or the name of one of the pack's) applied;
    with ``checked``, refuse one that lint finds errors in (cached by content)."""
    if not checked:
        from macrograph.rules.reading.loader import load_pack

        return _overlaid(load_pack(pack_dir), overlay, checked)
    from macrograph.rules.errors import PackError
    from macrograph.rules.pack import bundled_pack_dir

    root = pack_dir if pack_dir is not None else bundled_pack_dir()
    if not root.is_dir():
        from macrograph.rules.reading.loader import load_pack

        load_pack(root)  # raises the loader's own "pack folder not found" error
    pack, findings = _load_checked_warning_once(root)
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        raise PackError(errors)
    set_aside()
    return _overlaid(pack, overlay, checked)


def _overlaid(pack: Any, name: str | None, checked: bool) -> Any:
    """``pack`` with the overlay ``name`` applied (none for '' or None); checked by lint
    when ``checked``."""
    if not name:
        return pack
    from macrograph.rules.lint.core import require_clean
    from macrograph.rules.overlay import apply_overlay, find_overlay

    overlaid = apply_overlay(pack, find_overlay(pack.root, name))
    return require_clean(overlaid) if checked else overlaid


_SAID: set[str] = set()


def _load_checked_warning_once(root: Path) -> Any:
    """``load_checked``, saying a cache warning on stderr once per process."""
    import warnings

    from macrograph.explain.messages.warning_lines import cache_warning_line
    from macrograph.rules.errors import CacheWarning
    from macrograph.rules.reading.cache import load_checked

    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always", CacheWarning)
        found = load_checked(root)
    for item in seen:
        if not isinstance(item.message, CacheWarning):
            warnings.warn_explicit(item.message, item.category, item.filename, item.lineno)
            continue
        line = cache_warning_line(item.message)
        if line not in _SAID:
            _SAID.add(line)
            say(f"macrograph: {line}")  # the folder as set
    return found


def emit(text: str | bytes, output: str | None, colour: bool = False) -> None:
    """Write to stdout (``None``, ``-`` or ``/dev/stdout``) or to a file, whole or not at all.

    A device or FIFO is written into in place (see :mod:`macrograph.explain.files`).
    With ``colour``, text for a terminal gets coloured signs and headings (see
    :func:`wants_colour`); a file or a pipe never does.
    """
    from macrograph.explain.errors import OutputError
    from macrograph.explain.files import is_stdout, write_files

    if output is None or is_stdout(output):
        if colour and isinstance(text, str) and wants_colour():
            text = coloured(text)
        try:
            to_stdout(text)
        except BrokenPipeError:
            raise  # the reader has gone: reports_errors ends quietly
        except OSError as err:  # a full disk behind a redirection
            _quiet_stdout()
            raise OutputError(output or "-", "failed", err.strerror or str(err)) from None
        return
    write_files([(output, text)])


def output_format(output: str, given: str | None, formats: tuple[str, ...]) -> str:
    """The format of a text-writing command: ``--format``, else ``-o``'s suffix, else the first.

    A suffix no format claims (``notes.log``) gets the first of ``formats``; a suffix that
    names another format, or disagrees with ``--format``, is refused (exit status 2).
    """
    from macrograph.explain.suffixes import choose_format

    return choose_format(output, given, formats, formats[0], fallback=formats[0])


UNBOUNDED = 10_000
"""The width of a file or a pipe without ``COLUMNS``: tables keep every column."""
NARROWEST = 40


def text_width(output: str | None = None) -> int:
    """Characters per line of text for ``output``: a file gets :data:`UNBOUNDED`; standard
    output gets ``COLUMNS`` when set, else the terminal's width, else :data:`UNBOUNDED`.

    Prose wraps at the narrower of this and its own measure (96 characters; 78 in a
    backtest); tables leave out or narrow columns to fit it.
    """
    from macrograph.explain.files import is_stdout

    if output is not None and not is_stdout(output):
        return UNBOUNDED
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        width = int(columns)
    elif sys.stdout.isatty():
        width = shutil.get_terminal_size((UNBOUNDED, 24)).columns
    else:
        width = UNBOUNDED
    return max(NARROWEST, width)


def wants_colour() -> bool:
    """Colour only on a terminal, never with ``NO_COLOR`` set (https://no-color.org)."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


_SIGNED = re.compile(r"(?<![\w.+\-])([+-])([$¥€£]?\d[\d.,]*(?:[a-zA-Z%]+)?)")
_RULE = re.compile(r"^(=+|-+)$")


def coloured(text: str) -> str:
    r"""``text`` with rises in green, falls in red and underlined headings in bold.

    Examples
    --------
    >>> coloured("Title\n=====\nUSD/JPY +1.8% then -0.2bp") == (
    ...     "\x1b[1mTitle\x1b[0m\n\x1b[1m=====\x1b[0m\n"
    ...     "USD/JPY \x1b[32m+1.8%\x1b[0m then \x1b[31m-0.2bp\x1b[0m"
    ... )
    True
    """
    lines = text.split("\n")
    shown = []
    for i, line in enumerate(lines):
        below = lines[i + 1] if i + 1 < len(lines) else ""
        if line and (_RULE.match(line) or (_RULE.match(below) and len(below) == len(line))):
            shown.append(click.style(line, bold=True))
            continue
        shown.append(
            _SIGNED.sub(
                lambda m: click.style(m.group(0), fg="green" if m.group(1) == "+" else "red"),
                line,
            )
        )
    return "\n".join(shown)


AFTER_SECONDS = 1.0
"""A run shows its progress bar once it has taken this long."""


@contextlib.contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A ``progress(done, total)`` callback that draws a bar on standard error once the run
    has taken :data:`AFTER_SECONDS`; ``None`` when standard error is not a terminal."""
    import time

    if not sys.stderr.isatty():
        yield None
        return
    start = time.monotonic()
    bar: Any = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            if time.monotonic() - start < AFTER_SECONDS:
                return
            bar = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def check_output(output: str | None) -> None:
    """Refuse an output that cannot be written before any work is done (stdout always can)."""
    from macrograph.explain.files import check_targets, is_stdout

    if output is not None and not is_stdout(output):
        check_targets([output])


def to_stdout(text: str | bytes) -> None:
    """Write ``text`` to standard output (bytes as they are, text ending in a newline)."""
    if isinstance(text, bytes):
        sys.stdout.buffer.write(text)
        sys.stdout.flush()
    else:
        click.echo(text, nl=not text.endswith("\n"))


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that the flush at exit does not fail a second time."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


# How a question is run: the options every command that propagates declares the same way.
draws_option = click.option(
    "--draws",
    default=DRAWS,
    show_default=True,
    type=click.IntRange(0, 100_000),
    help="Monte Carlo draws over elasticity ranges (0 for none).",
)
seed_option = click.option("--seed", default=0, show_default=True, type=SEED, help=SEED_HELP)
model_only_option = click.option(
    "--model-only",
    is_flag=True,
    help="Monte Carlo without the nodes' random noise: the rules' parameter uncertainty alone.",
)
against_option = click.option(
    "--against", help="Scenario to compare with (default: the scenario's own; 'none')."
)
horizons_option = click.option(
    "--horizons",
    default=None,
    help="Comma-separated horizons (default: the pack's own horizons); a range FROM..TO/STEP "
    "in one unit stands for every horizon from FROM to TO: 0d..240d/1d.",
)
focus_option = click.option(
    "--horizon",
    "focus",
    help="The horizon the answer reads, or a lesson opens at, e.g. 2w (default: the last "
    "one; a what-if, brief, chart, diagram or lesson of a shock whose effect has passed by "
    "then reads where its headline does).",
)
compare_overlay_option = click.option(
    "--compare-overlay",
    "overlay",
    default=None,
    help="An overlay (a YAML file, or the name of one in the pack's overlays/ folder) whose "
    "departures from the pack the note lists, with what each changes; 'none' for no such "
    "section (default: the pack's overlay flagged as the source's own view).",
)

RUN_OPTIONS: dict[str, Callable[[Any], Any]] = {
    "against": against_option,
    "horizons": horizons_option,
    "draws": draws_option,
    "seed": seed_option,
    "model_only": model_only_option,
    "focus": focus_option,
    "overlay": compare_overlay_option,
}
"""The command-line option of each field of :class:`~macrograph.graph.options.RunOptions`."""


def run_options(*fields: str) -> Callable[[F], F]:
    """Declare the options of ``fields`` (names of :class:`RunOptions` fields, in the order
    ``--help`` lists them) and give the command one ``options``: a :class:`RunOptions`
    built from them, the rest at their defaults.

    Every command declares how a question is run through this decorator, so that
    ``--draws``, ``--seed``, ``--against``... read the same everywhere.
    """
    unknown = sorted(set(fields) - set(RUN_OPTIONS))
    if unknown:
        raise ValueError(f"no run option {unknown[0]!r}; choose from {sorted(RUN_OPTIONS)}")

    def decorate(command: F) -> F:
        @functools.wraps(command)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            given = {name: kwargs.pop(name) for name in fields}
            too_long = overlong_argument(given)
            if too_long is not None:
                fail([too_long])
            return command(*args, options=options_from(given), **kwargs)

        declared: Any = wrapper
        for name in reversed(fields):
            declared = RUN_OPTIONS[name](declared)
        return declared  # type: ignore[no-any-return]

    return decorate


def options_from(given: dict[str, Any]) -> RunOptions:
    """The :class:`RunOptions` the command-line values ``given`` say ('none' for no
    comparison or overlay; horizons comma-separated).

    Examples
    --------
    >>> options_from({"against": "none", "horizons": "1d, 1w", "draws": 0})
    RunOptions(against=None, horizons=('1d', '1w'), draws=0, seed=0, model_only=False, \
focus=None, overlay='auto')
    >>> options_from({"against": None, "overlay": "calibrated.yaml"}).against
    'auto'
    """
    found: dict[str, Any] = {k: v for k, v in given.items() if k in ("draws", "seed", "focus")}
    found["model_only"] = bool(given.get("model_only", False))
    for name in ("against", "overlay"):
        if given.get(name) is not None:
            found[name] = None if given[name].lower() == "none" else given[name]
    if given.get("horizons") is not None:  # one that names none is refused, as it stands
        found["horizons"] = split_list(given["horizons"]) or (given["horizons"],)
    return RunOptions(**found)


def split_list(value: str) -> tuple[str, ...]:
    """A comma-separated list's items, stripped, empty ones left out.

    Examples
    --------
    >>> split_list("1d, 1w,,3m")
    ('1d', '1w', '3m')
    """
    return tuple(part.strip() for part in value.split(",") if part.strip())
