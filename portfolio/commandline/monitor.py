"""`portfolio monitor`: a running plan against its progress file, the forecast for the target year, and the
progress report (voortgangsrapport) with --out DIR."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import click

from inputs import bundled_case_path
from portfolio.commandline.errors import EXIT_INTERRUPTED, err, load, need
from portfolio.commandline.options import CASE_ARG, FILE, PortfolioCommand, report_language

SCREEN = ("table", "json")  # what goes to standard output; the other formats are files in --out DIR


def formats(_ctx, _param, value: str) -> tuple[str, tuple[str, ...]]:
    """`--format table|json[,md,csv,xlsx,html]`: the screen's format and the report's files, each known."""
    chosen = tuple(dict.fromkeys(f.strip() for f in value.split(",") if f.strip()))
    files = tuple(f for f in chosen if f not in SCREEN)
    screen = [f for f in chosen if f in SCREEN]
    if files:
        from portfolio.reports.write import FORMATS

        wrong = [f for f in files if f not in FORMATS]
        if wrong:
            raise click.BadParameter(f"{', '.join(wrong)} is not a format; give table or json, and any of "
                                     f"{','.join(FORMATS)} for the report's files, separated by commas")
    if len(screen) > 1:
        raise click.BadParameter("give table or json, not both")
    return (screen[0] if screen else "table"), files


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
@click.option("--format", "fmt", default="table", show_default=True, callback=formats,
              help="table or json on standard output; with --out also the report's files, any of "
                   "md,csv,xlsx,html (default: all), comma-separated.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Write monitor.json and the progress report into DIR.")
@click.option("--lang", type=click.Choice(["nl", "en"]), envvar="PORTFOLIO_LANG", callback=report_language,
              help="Language of the report's labels (default nl) and of the tables printed (default: as "
                   "every command's --lang).")
@click.option("--csv-dialect", type=click.Choice(["standard", "be"]), default="standard", show_default=True,
              help="be: the report's CSV files with ';', decimal commas and a UTF-8 BOM (a Belgian Excel).")
@click.option("--force", is_flag=True,
              help="Write into a non-empty DIR, replacing the report's files (others are kept).")
def monitor(case, plan_file, progress_file, as_of, samples, fmt, out_dir, lang, csv_dialect, force) -> None:
    """Follow CASE's plan year by year: planned against realised, flags, forecast, on track or not."""
    from inputs.progress import read_progress
    from portfolio.monitor import monitor as run_monitor
    from portfolio.present.monitor import print_monitoring
    from portfolio.present.text import console
    from portfolio.solution_file import read_plan

    screen, files = fmt
    if out_dir is None and files:
        raise click.UsageError(f"--format {','.join(files)} writes files; give --out DIR")
    c = load(case)
    if out_dir is not None:
        need("reports")
        from portfolio.reports.write import FORMATS, check_target

        files = files or FORMATS
        check_target(out_dir, case or bundled_case_path(), force)
        existing = next(p for p in (out_dir, *out_dir.parents) if p.exists())
        if not os.access(existing, os.W_OK):
            raise click.ClickException(f"--out {out_dir}: {existing} is not a writable folder; give a folder")
    year = as_of if as_of is not None else datetime.date.today().year
    plan = read_plan(plan_file, c)
    rows = read_progress(progress_file, c, plan, year)
    result = run_monitor(c, plan, rows, year, samples=samples)
    if out_dir is not None:
        _write(result, out_dir, files, lang, force, case, csv_dialect)
    if screen == "json":
        click.echo(result.model_dump_json(indent=2))
    else:
        print_monitoring(result, console())


def _write(result, out_dir: Path, files: tuple[str, ...], lang: str, force: bool, case: Path | None,
           csv_dialect: str) -> None:
    """monitor.json and the report's files into `out_dir`, each reported on stderr; on Ctrl-C the files
    finished are kept (exit 130); a disk that refuses is one line (exit 1)."""
    from portfolio.reports.progress_write import Interrupted, write_progress

    try:
        paths = write_progress(result, out_dir, formats=files, lang=lang, force=force,
                               case_path=case or bundled_case_path(), csv_dialect=csv_dialect)
    except Interrupted as stop:
        for path in stop.written:
            err(f"wrote {path}")
        err("interrupted by Ctrl-C while writing the progress report; the files listed are complete, the "
            "rest was not written")
        raise SystemExit(EXIT_INTERRUPTED) from None
    except OSError as error:
        raise click.ClickException(f"could not write the progress report into {out_dir}: "
                                   f"{error.strerror or error}") from None
    for path in paths:
        err(f"wrote {path}")
