"""A held-out pack from urban economics: a city's housing market in Canadian dollars.

Counted in months, with an overnight rate that is a policy input without a priced path,
prices whose changes read as percents, homes and sales a month, a vacancy rate, a stock of
mortgage debt, a stress-test threshold and forced sales that switch on under a `when`.
Its users type what a housing analyst says; each test states what they rely on.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from macrograph.explain.cli import main
from macrograph.rules import load_pack
from macrograph.rules.lint import lint_pack

HOUSING = Path(__file__).parent / "packs" / "heldout_housing"


def invoke(*args: str) -> tuple[int, str, str]:
    """``macrograph ARGS...`` in-process: exit status, stdout and stderr."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, str(result.stdout), str(result.stderr)


def flat(text: str) -> str:
    """Text with its line breaks and runs of spaces made single spaces."""
    return " ".join(text.split())


def test_the_pack_lints_without_errors() -> None:
    issues = lint_pack(load_pack(HOUSING))
    assert [i for i in issues if i.severity == "error"] == []
