"""Command line `portfolio`: validate, solve, explain, check, report, init; the what-if sweeps whatif,
frontier, marginal, target; the uncertainty studies robust, alternatives; monitor, replan. A command parses, calls, renders."""

from __future__ import annotations

import os
import signal
import sys


def _ended_while_starting(signum: int, _frame) -> None:
    """A signal while the modules below still import: nothing has been done, so one line and the exit code."""
    what = "interrupted" if signum == signal.SIGINT else "ended"
    os.write(2, f"{what} while starting; nothing was done\n".encode())
    os._exit(128 + signum)


# Only the signals whose handling is still the default: a command started with Ctrl-C ignored keeps it so.
_DEFAULTS = {signal.SIGINT: signal.default_int_handler, signal.SIGTERM: signal.SIG_DFL,
             signal.SIGHUP: signal.SIG_DFL}
_STARTING = {signum: signal.signal(signum, _ended_while_starting) for signum, handler in _DEFAULTS.items()
             if signal.getsignal(signum) is handler}

import shutil  # the imports below take ~0.4 s, under the handler above
from pathlib import Path

import click

from portfolio.commandline.errors import (EXIT_INTERRUPTED, EXIT_NO_PORTFOLIO, err, exits, finished, load, need,
                                quick_exit, warn)
from portfolio.commandline.export import export
from portfolio.commandline.files import FORMAT_REFERENCE, check_outputs, template_path, write
from portfolio.commandline.monitor import monitor
from portfolio.commandline.options import (CASE_ARG, FILE, FORMAT, LANG, MAX_POINTS, STRICT, TARGET_YEAR,
                                 FiniteFloat, Points, PortfolioGroup, report_formats, sweep_options)
from portfolio.commandline.report_studies import check_target_curve, report_scenarios, report_study_options
from portfolio.commandline.proposals import merge, working_group_options
from portfolio.commandline.replan import replan
from portfolio.commandline.serve import serve
from portfolio.commandline.sweep import render, replacement_costs, sweep, whatif_inputs, with_target_year
from portfolio.commandline.uncertainty import alternatives, robust
from inputs import bundled_case_path, load_case, write_case
from inputs.files import atomic_write
from models import BACKEND_NAMES, Status
from portfolio.present.text import console, labels

for _signum, _handler in _STARTING.items():  # imported: the commands handle signals from here on
    signal.signal(_signum, _handler)


@click.group(cls=PortfolioGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="drempels-portfolio")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Choose the portfolio of actions that lowers the barriers to work most, within budgets and rules."""
    from portfolio.core.interrupt import exit_on_sigterm

    ctx.with_resource(exit_on_sigterm())  # SIGTERM ends a command through its cleanup, never mid-file


@main.command()
@CASE_ARG
@STRICT
@LANG
def validate(case: Path | None, strict: bool) -> None:
    """Check a case folder or .xlsx workbook (default: the bundled Flemish case) and summarise it."""
    from portfolio.present.case import print_summary
    from portfolio.summary import summarise
    from portfolio.warnings import case_warnings

    c = load(case)
    print_summary(summarise(c), case or bundled_case_path(), console())
    warn(case_warnings(c), strict, case, "t.strict.validate")


@main.command()
@CASE_ARG
@click.option("--backend", type=click.Choice(["auto", *BACKEND_NAMES]),
              help="Solver (default: the case's, else auto).")
@click.option("--time-limit", "time_limit_s", type=FiniteFloat(0, None, min_open=True), help="Seconds.")
@click.option("--gap", "mip_gap", type=FiniteFloat(0, 1), help="Relative gap at which to stop.")
@click.option("--threads", type=click.IntRange(1, 256), help="Solver threads.")
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), help="Random seed.")
@FORMAT
@click.option("--out", type=FILE, help="Also write the JSON to FILE (.json).")
@click.option("--write-lp", type=FILE, help="Export the model as LP (.lp).")
@click.option("--write-mps", type=FILE, help="Export the model as MPS (.mps).")
@click.option("--importance", is_flag=True,
              help="Also each chosen action's replacement cost: the jobs lost when it is locked out and the "
                   "rest re-optimised (JSON: an extra key `importance`).")
@STRICT
@LANG
def solve(case, backend, time_limit_s, mip_gap, threads, seed, fmt, out, write_lp, write_mps, importance,
          strict) -> None:
    """Choose the best portfolio of CASE (default: the bundled Flemish case)."""
    from portfolio import solve as run_solve
    from portfolio import solver_settings
    from portfolio.formulation.build import build
    from portfolio.formulation.export import write_model
    from portfolio.present.case import print_explanation
    from portfolio.present.solve import print_solution, said_by, with_importance
    from portfolio.warnings import case_warnings

    c = load(case)
    warn(case_warnings(c), strict, case, "t.strict.solve")
    check_outputs(case, {".json": out, ".lp": write_lp, ".mps": write_mps})
    for target in (write_lp, write_mps):
        if target is not None:
            write(target, lambda t=target: write_model(build(c), t))
    overrides = dict(backend=backend, time_limit_s=time_limit_s, mip_gap=mip_gap, threads=threads, seed=seed)
    solution = run_solve(c, **overrides)
    interrupted = solution.details.report.interrupted
    text = solution.model_dump_json(indent=2)
    if out is not None:
        if interrupted and out.exists():
            err(f"interrupted: {out} is kept as it was; an interrupted answer never replaces a file")
        else:
            write(out, lambda: atomic_write(out, text + "\n"))
    ranked = None
    if importance and solution.status.has_portfolio and not interrupted:
        ranked = replacement_costs(c, solution, solver_settings(c, **overrides))
    if fmt == "json":
        click.echo(text if ranked is None else with_importance(text, ranked))
    else:
        print_solution(solution, console(), ranked, c)
    if interrupted:
        err(labels().t("t.interrupted", status=labels().t(f"t.st.{solution.status.value}")))
        raise SystemExit(EXIT_INTERRUPTED)
    if solution.status == Status.OPTIMAL and c.rules.min_group_share:
        from portfolio.warnings import solution_warnings

        warn(solution_warnings(c, solution, solver_settings(c, **overrides)), False, case)
    if not solution.status.has_portfolio:
        if solution.status == Status.INFEASIBLE:
            from portfolio.explain import explain as run_explain

            err(labels()["t.infeasible"])
            print_explanation(run_explain(c, solver_settings(c, **overrides)), console(sys.stderr))
        else:
            err(f"{solution.status.value}: {said_by(solution)}")
        raise SystemExit(EXIT_NO_PORTFOLIO)


@main.command()
@CASE_ARG
@FORMAT
@LANG
def explain(case: Path | None, fmt: str) -> None:
    """Why CASE has no portfolio: the rules in conflict, with their numbers, and what to relax by how much."""
    from portfolio.explain import explain as run_explain
    from portfolio.present.case import print_explanation

    render(run_explain(load(case)), fmt, print_explanation)


@main.command()
@CASE_ARG
@FORMAT
@LANG
def check(case: Path | None, fmt: str) -> None:
    """Warnings of CASE (those `solve` prints, the cost of each group share from a solve without it) and
    probable overlaps between working groups' proposals, with the evidence."""
    from portfolio.check import check as run_check
    from portfolio.present.case import print_check

    render(run_check(load(case)), fmt, print_check)


@main.command()
@CASE_ARG
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder to write the report into.")
@click.option("--solution", "solution_file", type=FILE,
              help="Report this solution JSON (from `solve --out`) instead of solving; it must belong to "
                   "CASE.")
@click.option("--format", "formats", default="md,csv,xlsx,html", show_default=True, callback=report_formats,
              help="Which files to write, comma-separated.")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True,
              envvar="PORTFOLIO_LANG", help="Language of the labels, in the files and the terminal.")
@click.option("--csv-dialect", type=click.Choice(["standard", "be"]), default="standard", show_default=True,
              help="be: CSV files with ';', decimal commas and a UTF-8 BOM, for a Belgian Excel.")
@click.option("--force", is_flag=True,
              help="Write into a non-empty DIR, replacing the report's files (others are kept).")
@click.option("--robust", "robust_samples", type=click.IntRange(1, 100_000), metavar="N",
              help="Add an uncertainty section: N Monte Carlo samples of the effects around the plan "
                   "(seed 0) and each chosen action's replacement cost.")
@report_study_options
def report(case, out_dir, solution_file, formats, lang, csv_dialect, force, robust_samples, scenario_files,
           frontier_scales, target_rates) -> None:
    """Write the action plan of CASE (default: the bundled case) into DIR: summary, plan, domains, tables,
    charts."""
    from portfolio import reports
    from portfolio import solve as run_solve
    from portfolio.present.report import print_report
    from portfolio.report_studies import report_studies
    from portfolio.uncertainty import uncertainty_report
    from portfolio.solution_file import check_claim, load_solution

    c = load(case)
    reports.check_target(out_dir, case or bundled_case_path(), force)
    scenarios = report_scenarios(c, scenario_files)
    check_target_curve(c, target_rates)
    note = None
    if solution_file is not None:
        with exits(lambda _: f"{solution_file} cannot be reported for {c.name!r}; nothing was written."):
            claim = load_solution(solution_file, c)
            proof = finished(run_solve(c), "the proof of the solution file's status")
            solution = check_claim(c, claim, proof)
        note = solution.details.words or solution.details.message
    else:
        solution = finished(run_solve(c), "the solve")
    data = reports.build_report(c, solution, note).model_copy(update={"studies": report_studies(
        c, solution, scenarios=scenarios, frontier_scales=frontier_scales, target_rates=target_rates)})
    if solution.status == Status.INFEASIBLE:
        from portfolio.explain import explain as run_explain

        data = data.model_copy(update={"explanation": run_explain(c)})
    if robust_samples is not None and solution.status.has_portfolio:
        data = data.model_copy(update={"uncertainty": uncertainty_report(c, solution, robust_samples)})
    paths = reports.write_report(data, out_dir, formats=formats, lang=lang, force=force,
                                 case_path=case or bundled_case_path(), csv_dialect=csv_dialect)
    print_report(data, reports.Labels(lang, data.money_decimals), console())
    for path in paths:
        err(f"wrote {path}")
    if not solution.status.has_portfolio:
        err(f"{solution.status.value}: {reports.Labels(lang).say(data.words or data.message)}")
        raise SystemExit(EXIT_NO_PORTFOLIO)


@main.command()
@click.argument("target", type=click.Path(path_type=Path))
@click.option("--xlsx", is_flag=True,
              help="Write one workbook (TARGET/case.xlsx, or TARGET if it ends in .xlsx).")
@click.option("--force", is_flag=True, help="Replace existing case files.")
@click.option("--phased", is_flag=True, help="A plan over the years: start windows, ramps, run-year costs.")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True, envvar="PORTFOLIO_LANG",
              help="Language of the workbook's header comments.")
@working_group_options
def init(target: Path, xlsx: bool, force: bool, phased: bool, lang: str) -> None:
    """Write a small, filled-in template case to edit: a folder of CSV files, or TARGET.xlsx as one
    workbook."""
    source = bundled_case_path("template_phased" if phased else "template")
    path, book = template_path(target, xlsx)
    try:
        write_case(load_case(source), path, overwrite=force, lang=lang)
        if not book and not (target / "README.md").exists():
            shutil.copyfile(source / "README.md", target / "README.md")
    except FileExistsError as error:
        raise click.ClickException(f"{error} (use --force to replace)") from None
    except OSError as error:
        raise click.ClickException(f"cannot write {path}: {error.strerror or error}") from None
    err(f"wrote a template case to {path}; edit it, then run: portfolio validate {path}")
    err(f"the case format: {FORMAT_REFERENCE}")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@sweep_options
def whatif(paths: tuple[Path, ...], executor: str, fmt: str, out: Path | None, force: bool) -> None:
    """Solve the case and each scenario of SCENARIO.yaml files; compare them: [CASE] SCENARIO.yaml..."""
    from portfolio.present.sweeps import print_whatif
    from portfolio.sweeps import whatif as run_whatif
    from portfolio.sweeps.output import whatif_csv

    case, every = whatif_inputs(paths)
    sweep(lambda ex, on_done: run_whatif(case, every, ex, on_done), fmt, print_whatif, executor_name=executor,
          out=out, force=force, name=str,
          files=lambda folder, r: f"{whatif_csv(folder, r)} and one JSON per solve in {folder}")


@main.command()
@CASE_ARG
@click.option("--scale", "scales", type=Points(0, None), metavar="START:STOP:COUNT", default="0.5:1.5:11",
              show_default=True,
              help=f"Budget factors (>= 0): start:stop:count (both ends included) or a comma list; at most "
                   f"{MAX_POINTS:,} points.")
@click.option("--domain", help="Scale only this domain's budgets (totals and years); default: every domain.")
@TARGET_YEAR
@sweep_options
def frontier(case, scales, domain, target_year, executor, fmt, out, force) -> None:
    """The most jobs at each scale of the budgets: the budget frontier of CASE."""
    from portfolio.present.sweeps import print_frontier
    from portfolio.sweeps import frontier as run_frontier
    from portfolio.sweeps.frontier import unknown_domain
    from portfolio.sweeps.output import frontier_csv, plot_frontier

    c = with_target_year(load(case), target_year)
    if (unknown := unknown_domain(c, domain)) is not None:
        raise click.BadParameter(unknown, param_hint="--domain")
    if out is not None:
        need("reports")
    current = sum(d.budget_eur for d in c.domains if domain is None or d.domain == domain)

    def files(folder: Path, result) -> str:
        plots = [] if result.interrupted else plot_frontier(folder, result, current)  # not after Ctrl-C
        return f"{', '.join(map(str, [frontier_csv(folder, result), *plots]))} and one JSON per point"

    sweep(lambda ex, on_done: run_frontier(c, scales, domain, ex, on_done), fmt, print_frontier,
          executor_name=executor, out=out, force=force, name=lambda s: f"scale-{s:g}", files=files)


@main.command()
@CASE_ARG
@click.option("--step-eur", type=FiniteFloat(0, None, min_open=True), default=1e6, show_default=True,
              help="The step of budget, EUR.")
@click.option("--year", type=int, help="Move only this year's budget (and the total with it).")
@sweep_options
def marginal(case, step_eur, year, executor, fmt, out, force) -> None:
    """Where does the next million do most: per domain, jobs won with a step more and lost with a step
    less."""
    from portfolio.present.sweeps import print_marginal
    from portfolio.sweeps import marginal as run_marginal
    from portfolio.sweeps.output import marginal_csv

    c = load(case)
    if year is not None and year not in c.years:
        years = ", ".join(map(str, c.years)) or "none"
        raise click.BadParameter(f"{year} is not a budget year of the case ({years})", param_hint="--year")
    sweep(lambda ex, on_done: run_marginal(c, step_eur, year, ex, on_done), fmt, print_marginal,
          executor_name=executor, out=out, force=force, name=lambda key: key.replace(":", "_"),
          files=lambda folder, r: f"{marginal_csv(folder, r)} and one JSON per solve")


@main.command()
@CASE_ARG
@click.option("--rate", type=FiniteFloat(0, 1, min_open=True), help="Target employment rate, e.g. 0.80.")
@click.option("--jobs", type=FiniteFloat(0, None, min_open=True), help="Target number of extra jobs.")
@click.option("--curve", type=Points(0, 1, low_open=True), metavar="START:STOP:COUNT",
              help=f"Sweep target rates start:stop:count (e.g. 0.77:0.80:7; 0 < rate <= 1, at most "
                   f"{MAX_POINTS:,} points) and plot cost against rate.")
@TARGET_YEAR
@sweep_options
def target(case, rate, jobs, curve, target_year, executor, fmt, out, force) -> None:
    """The cheapest portfolio that reaches a target (--rate or --jobs), or the shortfall when none can."""
    from portfolio.present.sweeps import print_targets
    from portfolio.sweeps import target_curve
    from portfolio.sweeps.output import plot_targets, target_csv, write_solution

    c = with_target_year(load(case), target_year)
    if sum(x is not None for x in (rate, jobs, curve)) != 1:
        raise click.UsageError("give one of --rate, --jobs or --curve")
    if (rate is not None or curve is not None) and c.baseline is None:
        raise click.UsageError("a target rate needs the case's baseline (case.yaml `baseline`); give --jobs")
    if out is not None and curve is not None:
        need("reports")

    def files(folder: Path, result) -> str:
        for p in result.points:
            write_solution(folder, "jobs" if p.rate is None else f"rate-{p.rate:g}", p.solution)
        plotted = curve is not None and not result.interrupted  # after Ctrl-C no plot, as for the frontier
        written = [target_csv(folder, result)] + (plot_targets(folder, result) if plotted else [])
        return f"{', '.join(map(str, written))} and one JSON per target"

    result = sweep(lambda ex, _on_done: target_curve(c, curve or [rate], jobs=jobs, executor=ex), fmt,
                   print_targets, executor_name=executor, out=out, force=force, files=files,
                   shown=lambda r: r.points[0] if curve is None and not r.interrupted else r)
    if not any(p.reachable for p in result.points):
        err(labels()["t.unreached" if curve is None else "t.unreached_curve"])
        raise SystemExit(EXIT_NO_PORTFOLIO)


main.add_command(replan)
main.add_command(robust)
main.add_command(alternatives)
main.add_command(monitor)
main.add_command(merge)
main.add_command(serve)
main.add_command(export)


def run() -> None:
    """The `portfolio` command: `main`, then a quick exit with its code (portfolio.commandline.errors.quick_exit)."""
    quick_exit(main)


if __name__ == "__main__":
    run()
