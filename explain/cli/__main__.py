"""``python -m macrograph.explain.cli``: the command line."""

from macrograph.explain.cli.app import main

main()
