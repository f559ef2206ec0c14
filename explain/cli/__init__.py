"""The command line: ``macrograph`` and its commands, one module per family."""

from macrograph.explain.cli.app import main

__all__ = ["main"]
