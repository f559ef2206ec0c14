"""What every command shares: the --pack option, loading, error reporting, output."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])
BAD_INPUT = 2

pack_option = click.option(
    "--pack",
    "pack_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="A pack folder of YAML files (default: the bundled december-2025 pack).",
)


def fail(lines: list[str]) -> None:
    """Print ``lines`` to stderr and exit with status 2 (bad input)."""
    for line in lines:
        click.echo(f"macrograph: {line}" if line is lines[0] else f"  {line}", err=True)
    sys.exit(BAD_INPUT)


def reports_errors(command: F) -> F:
    """Turn the library's exceptions into messages and exit status 2, without a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from macrograph.explain.errors import ExplainError
        from macrograph.explain.messages import (
            explain_error_lines,
            graph_error_lines,
            pack_error_lines,
        )
        from macrograph.graph.errors import GraphError
        from macrograph.rules.errors import PackError

        too_long = overlong_argument(kwargs)
        if too_long is not None:
            fail([too_long])
        try:
            return command(*args, **kwargs)
        except PackError as err:
            fail(pack_error_lines(err, pack_label(kwargs.get("pack_dir"))))
        except GraphError as err:
            fail(graph_error_lines(err))
        except ExplainError as err:
            fail(explain_error_lines(err))
        except OSError as err:
            fail([f"cannot write {err.filename or 'output'}: {err.strerror or err}"])

    return wrapper  # type: ignore[return-value]


def overlong_argument(values: dict[str, Any]) -> str | None:
    """Which command-line value is longer than the limit, in words, or None.

    Several values of a repeated option are measured one by one; the words of an argument
    such as a what-if's phrase, together.
    """
    from macrograph.rules.limits import MAX_ARGUMENT_CHARS

    context = click.get_current_context(silent=True)
    params = {p.name: p for p in context.command.params} if context is not None else {}
    for name, value in sorted(values.items()):
        param = params.get(name)
        if isinstance(value, tuple) and not getattr(param, "multiple", False):
            value = " ".join(str(part) for part in value)
        for text in value if isinstance(value, tuple) else (value,):
            if isinstance(text, str | Path) and len(str(text)) > MAX_ARGUMENT_CHARS:
                what = param.opts[0] if isinstance(param, click.Option) else name.upper()
                return f"{what} is {len(str(text))} characters; the limit is {MAX_ARGUMENT_CHARS}"
    return None


def pack_label(pack_dir: Path | None) -> str:
    """How a pack is named in messages."""
    return "december-2025 (bundled)" if pack_dir is None else str(pack_dir).rstrip("/")


def load(pack_dir: Path | None, checked: bool = True) -> Any:
    """Load a pack; with ``checked``, refuse one that lint finds errors in (cached by content)."""
    if not checked:
        from macrograph.rules.loader import load_pack

        return load_pack(pack_dir)
    from macrograph.rules.cache import load_checked
    from macrograph.rules.errors import PackError
    from macrograph.rules.pack import bundled_pack_dir

    root = pack_dir if pack_dir is not None else bundled_pack_dir()
    if not root.is_dir():
        from macrograph.rules.loader import load_pack

        load_pack(root)  # raises the loader's own "pack folder not found" error
    pack, findings = load_checked(root)
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        raise PackError(errors)
    return pack


def emit(text: str | bytes, output: str | None) -> None:
    """Write to stdout (``None`` or ``-``) or atomically to a file."""
    if output in (None, "-"):
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
            sys.stdout.flush()
        else:
            click.echo(text, nl=not text.endswith("\n"))
        return
    from macrograph.explain.files import write_atomic

    write_atomic(output, text)
