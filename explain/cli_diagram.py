"""Commands registered on the ``macrograph`` group (see ``COMMANDS``)."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
