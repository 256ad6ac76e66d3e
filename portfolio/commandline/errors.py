"""The one mapping of the library's errors to a command's exit code and its one-line message on stderr."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from inputs import load_case
from models import Case, CaseError

EXIT_BAD_INPUT = 1
EXIT_NO_PORTFOLIO = 3
EXIT_INTERNAL = 4  # a solver answer failed verification: a bug, reported, never printed as a result
EXIT_INTERRUPTED = 130  # Ctrl-C: what finished is shown (and written), labelled interrupted

# The extras of pyproject.toml and the modules each brings; a command that needs one imports it lazily.
EXTRAS = {"reports": ("pandas", "jinja2", "markupsafe", "matplotlib"), "dask": ("dask", "distributed"),
          "web": ("starlette", "uvicorn", "python_multipart")}
_EXTRA_OF = {module: extra for extra, modules in EXTRAS.items() for module in modules}


def err(message: str) -> None:
    """One line on stderr."""
    click.echo(message, err=True)


def need(extra: str) -> None:
    """Import the modules of `extra` now, before any work (a missing one: ModuleNotFoundError, see exits)."""
    for module in EXTRAS[extra]:
        importlib.import_module(module)


@contextmanager
def exits(after_case_error: Callable[[CaseError], str] | None = None,
          command: str | None = None) -> Iterator[None]:
    """Turn the library's errors into exit codes: bad input, a missing solver, extra or scheduler exit 1 (the
    problems, or one line), no portfolio 3, a broken solver answer or a failed solve 4 (an internal error, to
    report), Ctrl-C 130. Every command runs inside; `after_case_error` adds a closing line to a case's
    problems, `command` names the command in a missing extra's hint (default: the current one). Other
    exceptions pass through."""
    try:
        yield
    except (Exception, KeyboardInterrupt) as error:
        _exit(error, after_case_error, command)
        raise


def _exit(error: BaseException, after_case_error: Callable[[CaseError], str] | None,
          command: str | None) -> None:
    """Raise the SystemExit or ClickException of `error`; return when it is none of the library's errors."""
    from portfolio import BackendUnavailable, VerificationError
    from portfolio.core.interrupt import Stopped
    from portfolio.sweeps.executor import SchedulerUnreachable, TaskFailed
    from portfolio.uncertainty import NoPortfolio

    if isinstance(error, TaskFailed) and isinstance(error.error, BackendUnavailable):
        error = error.error
    if isinstance(error, SchedulerUnreachable):  # checked before the run, and gone since
        raise click.ClickException(f"--executor {error}") from None
    if isinstance(error, BackendUnavailable):
        raise click.ClickException(str(error)) from None
    if isinstance(error, CaseError):
        for issue in error.issues:
            err(str(issue))
        if after_case_error is not None:
            err(after_case_error(error))
        raise SystemExit(EXIT_BAD_INPUT) from None
    if isinstance(error, (TaskFailed, VerificationError)):
        err(f"internal error, please report it: {error}")
        raise SystemExit(EXIT_INTERNAL) from None
    reports = sys.modules.get("portfolio.reports.write")  # not imported: no report was written
    if reports is not None and isinstance(error, reports.TargetError):
        raise (click.UsageError if error.usage else click.ClickException)(str(error)) from None
    if isinstance(error, NoPortfolio):
        err(str(error))
        raise SystemExit(EXIT_NO_PORTFOLIO) from None
    if isinstance(error, Stopped):
        err(f"interrupted: {error}; nothing to show")
        raise SystemExit(EXIT_INTERRUPTED) from None
    if isinstance(error, KeyboardInterrupt):
        err("interrupted before anything was finished; nothing to show")
        raise SystemExit(EXIT_INTERRUPTED) from None
    missing = (error.name or "") if isinstance(error, ModuleNotFoundError) else ""
    extra = _EXTRA_OF.get(missing.split(".")[0])
    if extra is not None:
        where = click.get_current_context(silent=True)
        err(f"{command or (where.command_path if where else 'portfolio')} needs the '{extra}' extra: "
            f"pip install 'drempels-portfolio[{extra}]'")
        raise SystemExit(EXIT_BAD_INPUT) from None


def load(path: Path | None) -> Case:
    """Load a case or print every problem to stderr and exit 1."""
    where = path if path is not None else "the bundled case"
    with exits(lambda error: f"{len(error.issues)} problem(s) in {where}; nothing was solved."):
        return load_case(path)


def finished(solution, what: str):
    """The solution a report is made of; when Ctrl-C stopped its solve (`what`), nothing is written, exit
    130."""
    if solution.details.report.interrupted:
        err(f"interrupted by Ctrl-C during {what}; no report was written")
        raise SystemExit(EXIT_INTERRUPTED)
    return solution


def warn(warnings, strict: bool, case: Path | None, after: str = "") -> None:
    """Warnings on stderr as `file:row:column: warning: message (hint)` in the terminal's language; under
    --strict as problems, then a last line ending in the terminal word `after` (t.strict.validate or
    t.strict.solve), and exit 1."""
    from portfolio.present.text import labels

    if not warnings:
        return
    L = labels()
    for w in warnings:
        err(str(w.as_issue(L.say)) if strict else w.text(L.say))
    if strict:
        err(L.t("t.strict", count=len(warnings), case=L["t.strict.bundled"] if case is None else case,
                after=L[after]))
        raise SystemExit(EXIT_BAD_INPUT)


def quick_exit(main: click.Group) -> None:
    """Run the `portfolio` command group `main`, then exit at once with its code.

    Once a command has returned, everything it writes is written and closed (files through atomic_write, the
    answer on stdout), so the interpreter's teardown, which frees a large case, the formulation and the
    solver libraries one object at a time (0.07-0.17 s at 2,000 actions), is skipped: stdout and stderr are
    flushed and the process ends with the command's exit code. A bug still raises its traceback as usual.
    """
    try:
        main()  # standalone mode: always ends in SystemExit
        code = 0
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            code = done.code or 0
        else:  # sys.exit("message"): print it as Python would
            print(done.code, file=sys.stderr)
            code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`| head`): nobody is left to read it
            pass
    os._exit(code)
