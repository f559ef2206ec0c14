"""``python -m macrograph.explain.cli``: the command line."""

from macrograph.explain.cli import run

run()
