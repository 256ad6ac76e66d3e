"""`portfolio monitor`: a running plan against its progress file, and the forecast for the target year."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import click

from portfolio.commandline.errors import load
from portfolio.commandline.files import guard_output, write
from portfolio.commandline.options import CASE_ARG, FILE, FORMAT, PortfolioCommand


@click.command(cls=PortfolioCommand)
@CASE_ARG
@click.option("--plan", "plan_file", required=True, type=FILE,
              help="The plan that runs: a JSON written by `portfolio solve --out` for this case.")
@click.option("--progress", "progress_file", required=True, type=FILE,
              help="What really happened: progress.csv, or a workbook with a sheet `progress`.")
@click.option("--as-of", type=click.IntRange(1900, 2200),
              help="The last year reported on (default: this calendar year); later years are an error.")
@click.option("--samples", type=click.IntRange(1, 100_000), default=200, show_default=True,
              help="Monte Carlo samples of the effects for the forecast's P5-P95 band.")
@FORMAT
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Also write monitor.json into DIR.")
def monitor(case, plan_file, progress_file, as_of, samples, fmt, out_dir) -> None:
    """Follow CASE's plan year by year: planned against realised, flags, forecast, on track or not."""
    from inputs.files import atomic_write
    from inputs.progress import read_progress
    from portfolio.monitor import monitor as run_monitor
    from portfolio.present.monitor import print_monitoring
    from portfolio.present.text import console
    from portfolio.solution_file import read_plan

    c = load(case)
    if out_dir is not None:
        guard_output(out_dir, case)
        existing = next(p for p in (out_dir, *out_dir.parents) if p.exists())
        if not existing.is_dir() or not os.access(existing, os.W_OK):
            raise click.ClickException(f"--out {out_dir}: {existing} is not a writable folder; give a folder")
    year = as_of if as_of is not None else datetime.date.today().year
    plan = read_plan(plan_file, c)
    rows = read_progress(progress_file, c, plan, year)
    result = run_monitor(c, plan, rows, year, samples=samples)
    text = result.model_dump_json(indent=2)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / "monitor.json"
        write(target, lambda: atomic_write(target, text + "\n"))
    if fmt == "json":
        click.echo(text)
    else:
        print_monitoring(result, console())
