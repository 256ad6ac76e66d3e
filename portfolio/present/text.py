"""The console results are printed on, and the number formats every terminal table shares."""

from __future__ import annotations

import sys

from rich.console import Console


def console(file=None) -> Console:
    """A console on `file` (default stdout): the terminal's width, or 120 columns when redirected."""
    stream = file or sys.stdout
    return Console(file=stream, width=None if stream.isatty() else 120, highlight=False)


def as_meur(value: float) -> str:
    """EUR in millions, two decimals: `12.50M`."""
    return f"{value / 1e6:,.2f}M"


def as_jobs(value: float) -> str:
    """Jobs with one decimal: `1,234.5`."""
    return f"{value:,.1f}"
