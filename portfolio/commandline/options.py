"""Option types and shared options of the commands, and the one-line form of a usage error (exit 2)."""

from __future__ import annotations

import math
from contextlib import contextmanager
from pathlib import Path

import click

from portfolio.commandline.errors import exits

CASE_ARG = click.argument("case", required=False, type=click.Path(path_type=Path))
FILE = click.Path(path_type=Path, dir_okay=False)
FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
                      show_default=True)
def terminal_language() -> str:
    """The terminal's language when --lang is not given (PORTFOLIO_LANG is read by click first): nl when the
    locale's language is Dutch, else en."""
    import locale
    import os

    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):  # the order in which the C library reads them
        if os.environ.get(name):
            return "nl" if os.environ[name].lower().startswith("nl") else "en"
    return "nl" if (locale.getlocale()[0] or "").lower().startswith("nl") else "en"


def use_language(_ctx, _param, lang: str) -> str:
    """The callback of a --lang option: the terminal prints in `lang` from here on."""
    from portfolio.present.text import use_language

    use_language(lang)
    return lang


def report_language(ctx, param, lang: str | None) -> str:
    """The callback of a --lang option that also names a report's language: the terminal prints in `lang`, or
    in its own default when none is given, and the report is in `lang`, else Dutch."""
    use_language(ctx, param, lang or terminal_language())
    return lang or "nl"


LANG = click.option("--lang", type=click.Choice(["nl", "en"]), envvar="PORTFOLIO_LANG",
                    default=terminal_language, callback=use_language, expose_value=False,
                    show_default="PORTFOLIO_LANG, else nl when the locale is Dutch, else en",
                    help="Language of the tables printed (error messages stay English).")
STRICT = click.option("--strict", is_flag=True,
                      help="Treat warnings as errors: list them as problems and exit 1 (before solving).")


class FiniteFloat(click.FloatRange):
    """A float range that refuses nan and inf (click's FloatRange lets nan through every comparison)."""

    name = "finite float"

    def __init__(self, low: float | None, high: float | None, min_open: bool = False) -> None:
        super().__init__(low, high, min_open=min_open)

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


MAX_POINTS = 1000  # points of one sweep (--scale, --curve): each is an exact solve


class Points(click.ParamType):
    """`start:stop:count` (both ends included, count 1 to MAX_POINTS) or a comma list of finite numbers within
    [low, high] (`low` itself excluded when `low_open`), rounded to 10 decimals."""

    name = "points"

    def __init__(self, low: float, high: float | None, low_open: bool = False) -> None:
        self.bounds = FiniteFloat(low, high, min_open=low_open)

    def convert(self, value, param, ctx) -> list[float]:
        if isinstance(value, list):
            return value
        text = str(value)
        ranged = ":" in text
        try:
            if ranged:
                start, stop, count = text.split(":")
                ends, n = [float(start), float(stop)], int(count)
            else:
                ends = [float(v) for v in text.split(",")]
                n = len(ends)
        except ValueError:
            self.fail(f"{text!r}: write start:stop:count (e.g. 0.5:1.5:11) or a comma list", param, ctx)
        if not 1 <= n <= MAX_POINTS:
            self.fail(f"{text!r} asks {n:,} points; give 1 to {MAX_POINTS:,}", param, ctx)
        for number in ends:
            self.bounds.convert(number, param, ctx)
        if not ranged:
            numbers = ends
        elif n == 1:
            numbers = ends[:1]
        else:
            first, last = ends
            numbers = [first + i * (last - first) / (n - 1) for i in range(n)]
        return [round(v, 10) for v in numbers]


class ExecutorAddress(click.ParamType):
    """`local`, `dask`, or the address of a Dask scheduler, `tcp://HOST:PORT` (checked, not yet connected)."""

    name = "executor"

    def convert(self, value, param, ctx) -> str:
        from portfolio.sweeps.executor import check_address

        try:
            return check_address(value)
        except ValueError as err:
            self.fail(str(err), param, ctx)


class OneLineUsageError(click.UsageError):
    """A usage error on one line: `portfolio target: Invalid value for '--rate': ... (see '... --help')`."""

    def show(self, file=None) -> None:
        where = self.ctx.command_path if self.ctx is not None else "portfolio"
        message = " ".join(self.format_message().split())
        click.echo(f"{where}: {message} (see '{where} --help')", file=file, err=file is None)


class OneLineUsage:
    """A command whose usage errors (bad options, exit 2) are one line, without click's usage block."""

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        with _one_line_usage(None):
            return super().make_context(info_name, args, parent=parent, **extra)

    def invoke(self, ctx: click.Context):
        with _one_line_usage(ctx):
            return super().invoke(ctx)


class PortfolioCommand(OneLineUsage, click.Command):
    """A `portfolio` command: the library's errors end it with their exit codes (commandline.errors.exits),
    while its options are read (a missing extra) and while it runs."""

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        with exits(command=f"{parent.command_path} {info_name}" if parent is not None else info_name):
            return super().make_context(info_name, args, parent=parent, **extra)

    def invoke(self, ctx: click.Context):
        with exits():
            return super().invoke(ctx)


class PortfolioGroup(OneLineUsage, click.Group):
    """The `portfolio` command group; its commands are PortfolioCommands."""

    command_class = PortfolioCommand


@contextmanager
def _one_line_usage(ctx: click.Context | None):
    """Re-raise a usage error as a OneLineUsageError of its command (`ctx` when the error names none)."""
    try:
        yield
    except (OneLineUsageError, click.exceptions.NoArgsIsHelpError):
        raise
    except click.UsageError as err:
        raise OneLineUsageError(err.format_message(), err.ctx or ctx) from None


EXECUTOR = click.option(
    "--executor", type=ExecutorAddress(), default="local", show_default=True,
    metavar="local|dask|tcp://HOST:PORT",
    help="Where the solves run: a local process pool, a local Dask cluster, or an existing Dask scheduler "
         "(given up when it does not answer within 10 s).",
)
SWEEP_OUT = click.option("--out", type=click.Path(path_type=Path, file_okay=False),
                         help="Write each solve's JSON as it finishes, then CSV (and plots) into DIR.")
FORCE = click.option("--force", is_flag=True, help="Write into a non-empty --out folder.")


TARGET_YEAR = click.option("--target-year", type=click.IntRange(1900, 2200), metavar="YEAR",
                           help="Phased case: count the jobs of this year (default: the case's target_year).")


def sweep_options(command):
    """--executor, --format, --lang, --out DIR and --force, the options of every what-if sweep."""
    for option in (FORCE, SWEEP_OUT, LANG, FORMAT, EXECUTOR):
        command = option(command)
    return command


def case_and_scenarios(paths: tuple[Path, ...]) -> tuple[Path | None, tuple[Path, ...]]:
    """`[CASE] SCENARIO.yaml...` of whatif: the case when the first path is a folder or a workbook, and the
    scenario files (at least one, else a usage error)."""
    case_path = paths[0] if paths[0].is_dir() or paths[0].suffix.lower() in (".xlsx", ".xlsm") else None
    files = paths[1:] if case_path is not None else paths
    if not files:
        raise click.UsageError("give at least one scenario YAML file")
    return case_path, files


def report_formats(_ctx, _param, value: str) -> tuple[str, ...]:
    """`--format md,csv,...` of `report`: known formats, each once, in the order given."""
    from portfolio.reports.write import FORMATS

    chosen = tuple(dict.fromkeys(f.strip() for f in value.split(",") if f.strip()))
    wrong = [f for f in chosen if f not in FORMATS]
    if wrong or not chosen:
        raise click.BadParameter(f"{', '.join(wrong) or 'nothing'} is not a format; give some of "
                                 f"{','.join(FORMATS)}, separated by commas")
    return chosen
