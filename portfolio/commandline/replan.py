"""`portfolio replan` (spec 4.4): keep what a plan started before a year and optimise the years left."""

from __future__ import annotations

from pathlib import Path

import click

from portfolio.commandline.errors import EXIT_INTERRUPTED, EXIT_NO_PORTFOLIO, err, load
from portfolio.commandline.files import check_outputs, write
from portfolio.commandline.options import CASE_ARG, FILE, FORMAT, LANG, PortfolioCommand


@click.command(cls=PortfolioCommand)
@CASE_ARG
@click.option("--plan", "plan_file", required=True, type=FILE,
              help="The plan to follow: a JSON written by `portfolio solve --out` for this case.")
@click.option("--from-year", required=True, type=click.IntRange(1900, 2200),
              help="First year that may still change: starts before it are kept.")
@click.option("--progress", "progress_file", type=FILE,
              help="What really happened before --from-year (progress.csv or a workbook with a sheet `progress`): "
                   "real starts are kept, money spent is gone, stopped actions are out.")
@click.option("--allow-stop", "stop_share", type=click.FloatRange(0, 1), metavar="SHARE",
              help="Started actions may be stopped; stopping one still costs SHARE (0-1) of each of its remaining "
                   "costs (running contracts, notice periods).")
@FORMAT
@LANG
@click.option("--out", type=FILE, help="Also write the new plan's JSON to FILE (.json).")
def replan(case: Path | None, plan_file: Path, from_year: int, progress_file: Path | None, stop_share: float | None,
           fmt: str, out: Path | None) -> None:
    """Re-plan CASE from a year on, keeping what PLAN started before it (spec 4.4)."""
    from inputs.files import atomic_write
    from models import CaseError, Issue
    from portfolio.present.replan import print_changes
    from portfolio.present.solve import print_solution, said_by
    from portfolio.present.text import console, labels
    from portfolio.replan import replan as run_replan
    from inputs.progress import read_progress
    from portfolio.solution_file import read_plan

    c = load(case)
    check_outputs(case, {".json": out})
    plan = read_plan(plan_file, c)
    rows = read_progress(progress_file, c, plan, from_year - 1) if progress_file is not None else None
    try:
        result = run_replan(c, plan, from_year, progress=rows, stop_share=stop_share)
    except ValueError as error:
        raise CaseError([Issue(str(plan_file), None, "start_year", str(error))]) from None
    solution = result.solution
    text = solution.model_dump_json(indent=2)
    interrupted = solution.details.report.interrupted
    if out is not None and not interrupted:
        write(out, lambda: atomic_write(out, text + "\n"))
    if fmt == "json":
        click.echo(text)
    else:
        screen = console()
        print_solution(solution, screen, case=c)
        if solution.status.has_portfolio:
            print_changes(result, screen)
    if interrupted:
        err(labels().t("t.interrupted", status=labels().t(f"t.st.{solution.status.value}")))
        raise SystemExit(EXIT_INTERRUPTED)
    if not solution.status.has_portfolio:
        err(f"{solution.status.value}: {said_by(solution)}")
        raise SystemExit(EXIT_NO_PORTFOLIO)
