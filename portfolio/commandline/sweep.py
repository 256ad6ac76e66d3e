"""The shape every sweep command shares: prepare --out, run on the executor (its progress on stderr), write
each solve's JSON as it finishes and the files after, then print the table or the JSON."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from portfolio.commandline.errors import EXIT_INTERRUPTED, err, load, need
from portfolio.commandline.options import case_and_scenarios
from portfolio.present.text import console


def executor(name: str):
    """The executor of --executor; a scheduler that does not answer as Dask does is an error (exit 1)."""
    from portfolio.sweeps import Executor
    from portfolio.sweeps.executor import DASK, LOCAL, SchedulerUnreachable, check_scheduler

    if name != LOCAL:
        need("dask")
    if name not in (LOCAL, DASK):
        try:
            check_scheduler(name)
        except SchedulerUnreachable as error:
            raise click.ClickException(f"--executor {error}") from None
    return Executor(name)


def sweep_folder(out: Path | None, force: bool) -> Path | None:
    """The --out folder, created (None without --out); a non-empty one without --force is a usage error."""
    from portfolio.sweeps.output import prepare

    if out is None:
        return None
    try:
        return prepare(out, force)
    except FileExistsError as error:
        raise click.UsageError(str(error)) from None
    except OSError as error:
        why = error.strerror or error
        raise click.ClickException(f"--out {out}: cannot create the folder ({why})") from None


def render(result, fmt: str, show, shown=None) -> None:
    """A result (or `shown`, what its JSON holds) as JSON on stdout, or rendered by `show` as tables."""
    if fmt == "json":
        click.echo((shown or result).model_dump_json(indent=2))
    else:
        show(result, console())


def finish(result, fmt: str, show, shown=None) -> None:
    """Render a sweep's result; exit 130 when it was interrupted."""
    render(result, fmt, show, shown)
    if result.interrupted:
        err("interrupted: the table holds the solves that finished")
        raise SystemExit(EXIT_INTERRUPTED)


def sweep(run: Callable, fmt: str, show: Callable, *, executor_name: str | None = None,
          out: Path | None = None, force: bool = False, name: Callable[[str], str] | None = None,
          files: Callable | None = None, shown: Callable | None = None):
    """Run a sweep the way every sweep command does, and return its result.

    `run(executor, on_done)` runs it (executor None without `executor_name`); with --out, `name(key)` names
    each solve's JSON written as it finishes (None: no JSON on the way) and `files(folder, result)` writes the
    rest and returns what it wrote, as text. `show(result, console)` prints the table, `shown(result)` what
    the JSON holds (default: the result).
    """
    from portfolio.sweeps import output

    folder = sweep_folder(out, force)

    def on_done(key: str, solution) -> None:
        output.write_solution(folder, name(key), solution)

    result = run(executor(executor_name) if executor_name else None, on_done if folder and name else None)
    if folder and files:
        err(f"wrote {files(folder, result)}")
    finish(result, fmt, show, shown(result) if shown else None)
    return result


def whatif_inputs(paths: tuple[Path, ...]):
    """The case and the scenarios of `whatif [CASE] SCENARIO.yaml...`: the case from CASE, else from the
    files' one `base:` (else the bundled case); every scenario checked against it (CaseError, exit 1); names
    unique and not 'base' (a usage error)."""
    from inputs.scenario import read_scenarios, scenario_cases

    case_path, files = case_and_scenarios(paths)
    scenarios = [(f, read_scenarios(f)) for f in files]
    bases = {(f.parent / parsed.base).resolve() for f, parsed in scenarios if parsed.base is not None}
    if case_path is None and len(bases) > 1:
        named = ", ".join(map(str, bases))
        raise click.UsageError(f"the scenario files name different base cases ({named}); give the CASE "
                               "argument")
    case = load(case_path if case_path is not None else (bases.pop() if bases else None))
    for f, parsed in scenarios:
        scenario_cases(parsed, case, str(f))
    names = [s.name for _f, parsed in scenarios for s in parsed.scenarios]
    if len(set(names)) != len(names) or "base" in names:
        raise click.UsageError("scenario names must be unique across the files, and not 'base'")
    return case, [s for _f, parsed in scenarios for s in parsed.scenarios]


def with_target_year(case, year: int | None):
    """`case` counting the jobs of `year` (--target-year; None: the case as it is). A year the case cannot
    take (a case without run years, a year before the horizon) is a usage error (exit 2)."""
    from inputs.overlay import apply_scenario, target_year_problem
    from models.scenario import Scenario

    if year is None:
        return case
    if (problem := target_year_problem(case, year)) is not None:
        raise click.BadParameter(problem, param_hint="--target-year")
    return apply_scenario(case, Scenario(name="--target-year", target_year=year))


def replacement_costs(case, solution, settings):
    """The replacement costs of a solve's actions (`solve --importance`); Ctrl-C exits 130."""
    from portfolio.uncertainty import importance

    result = importance(case, solution, executor("local"), settings)
    if result.interrupted:
        err("interrupted: the replacement costs were not all computed")
        raise SystemExit(EXIT_INTERRUPTED)
    return result
