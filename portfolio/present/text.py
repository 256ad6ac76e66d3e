"""The console results are printed on, the language of the terminal's words, and the number formats every
terminal table shares."""

from __future__ import annotations

import sys
from contextvars import ContextVar

from rich.console import Console

# The language of the terminal's labels: set per command by its --lang option; English for a library caller.
LANGUAGE: ContextVar[str] = ContextVar("terminal_language", default="en")


def console(file=None) -> Console:
    """A console on `file` (default stdout): the terminal's width, or 120 columns when redirected."""
    stream = file or sys.stdout
    return Console(file=stream, width=None if stream.isatty() else 120, highlight=False)


def use_language(lang: str) -> None:
    """Print the terminal's labels and numbers in `lang` (nl or en) from here on."""
    LANGUAGE.set(lang)


def labels():
    """The terminal's labels (portfolio.present.words) in the language in use; money in whole euros."""
    from portfolio.present.words import TerminalLabels

    return TerminalLabels(LANGUAGE.get())


def as_meur(value: float) -> str:
    """EUR in millions, two decimals: `12.50M` (en), `12,50 mln` (nl)."""
    L = labels()
    return L.num(value / 1e6, 2) + ("M" if L.lang == "en" else " mln")


def as_jobs(value: float) -> str:
    """Jobs with one decimal: `1,234.5` (en), `1.234,5` (nl)."""
    return labels().num(value, 1)
