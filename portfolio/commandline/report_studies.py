"""The what-if options of `portfolio report` (--scenario, --frontier, --target-curve) and the studies they ask
for, read and checked before anything is solved."""

from __future__ import annotations

from pathlib import Path

import click

from portfolio.commandline.options import MAX_POINTS, Points


def report_study_options(command):
    """Add --scenario (repeatable), --frontier and --target-curve to the report command."""
    command = click.option(
        "--target-curve", "target_rates", type=Points(0, 1, low_open=True), metavar="START:STOP:COUNT",
        help=f"Add the cheapest cost of each target rate (as `target --curve`; 0 < rate <= 1, at most "
             f"{MAX_POINTS:,} points) to the html and xlsx.")(command)
    command = click.option(
        "--frontier", "frontier_scales", type=Points(0, None), metavar="START:STOP:COUNT",
        help="Add the budget frontier at these scales of every budget (as `frontier --scale`) to the html "
             "and xlsx.")(command)
    return click.option(
        "--scenario", "scenario_files", type=click.Path(path_type=Path, dir_okay=False), multiple=True,
        metavar="FILE", help="Compare the plan with each scenario of this YAML file (as `whatif`): "
                             "scenarios.md, scenarios.csv, a sheet and a section; repeatable.")(command)


def report_scenarios(case, files: tuple[Path, ...]) -> list:
    """The scenarios of the --scenario files, each checked against `case` (CaseError, exit 1); their names
    unique and not 'base' (a usage error)."""
    from inputs.scenario import read_scenarios, scenario_cases

    scenarios = []
    for f in files:
        parsed = read_scenarios(f)
        scenario_cases(parsed, case, str(f))
        scenarios += parsed.scenarios
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names) or "base" in names:
        raise click.BadParameter("scenario names must be unique across the files, and not 'base'",
                                 param_hint="--scenario")
    return scenarios


def check_target_curve(case, target_rates) -> None:
    """A target curve needs the case's baseline: a usage error without one."""
    if target_rates is not None and case.baseline is None:
        raise click.BadParameter("a target rate needs the case's baseline (case.yaml `baseline`)",
                                 param_hint="--target-curve")
