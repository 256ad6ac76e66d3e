"""The uncertainty studies on the command line: `robust` (Monte Carlo over the effect ranges, robust portfolios)
and `alternatives` (the k best distinct portfolios)."""

from __future__ import annotations

from pathlib import Path

import click

from portfolio.commandline.errors import load, need
from portfolio.commandline.options import (CASE_ARG, EXECUTOR, FORCE, FORMAT, LANG, FiniteFloat,
                                           PortfolioCommand)
from portfolio.commandline.sweep import finish, sweep


@click.command(cls=PortfolioCommand)
@CASE_ARG
@click.option("--samples", type=click.IntRange(1, 100_000), default=200, show_default=True,
              help="Effect sets to draw; each is solved exactly.")
@click.option("--seed", type=click.IntRange(0, 2**32 - 1), default=0, show_default=True,
              help="Seed of the draws: the same seed gives the same numbers, whatever the executor.")
@click.option("--dist", type=click.Choice(["uniform", "triangular", "pert"]), default="triangular",
              show_default=True,
              help="How an effect is drawn in its range: evenly, peaking at the effect, or PERT (beta, mode "
                   "the effect).")
@click.option("--correlation", type=click.Choice(["independent", "per-action", "per-barrier"]),
              default="independent", show_default=True,
              help="One draw per reach row, per action (all its rows), or per first barrier.")
@click.option("--target-jobs", type=FiniteFloat(0, None),
              help="Jobs target of the probability (default: the nominal portfolio's jobs; min_cost: "
                   "jobs_target).")
@click.option("--optimise", type=click.Choice(["worst_case", "cvar"]),
              help="Also find the robust portfolio and show it beside the nominal one.")
@click.option("--gamma", type=click.IntRange(0, 10_000), default=3, show_default=True,
              help="Worst case: reach rows that may fall to effect_low at once.")
@click.option("--alpha", type=FiniteFloat(0, 1, min_open=True), default=0.1, show_default=True,
              help="CVaR: the share of the worst samples whose mean jobs count.")
@click.option("--solve-samples", is_flag=True,
              help="With --optimise worst_case: also solve every sample for the selection frequencies (the "
                   "worst case needs none; the samples still judge both portfolios).")
@EXECUTOR
@FORMAT
@LANG
@click.option("--out", type=click.Path(path_type=Path, file_okay=False),
              help="Write robust.json, frequencies.csv, samples.csv and charts (PNG, SVG) into DIR.")
@FORCE
def robust(case, samples, seed, dist, correlation, target_jobs, optimise, gamma, alpha, solve_samples, executor, fmt,
           out, force) -> None:
    """Monte Carlo over the effect ranges: how often each action is optimal, and the spread of the nominal
    jobs."""
    from portfolio.present.uncertainty import print_robust
    from portfolio.uncertainty import study
    from portfolio.uncertainty.output import write_files

    c = load(case)
    if optimise is not None and c.objective != "max_jobs":
        raise click.UsageError("--optimise maximises jobs; the case's objective is min_cost")
    if out is not None:
        need("reports")
    sweep(lambda ex, _on_done: study(c, samples, seed, dist, correlation, optimise=optimise, gamma=gamma,
                                     alpha=alpha, target_jobs=target_jobs, executor=ex,
                                     solve_samples=solve_samples or optimise != "worst_case"),
          fmt, lambda r, out_: print_robust(r, c, out_), executor_name=executor, out=out, force=force,
          files=lambda folder, r: ", ".join(str(p) for p in write_files(folder, c, r)))


@click.command(cls=PortfolioCommand)
@CASE_ARG
@click.option("-k", "k", type=click.IntRange(1, 1000),
              help="How many portfolios (default 5; with --within, at most).")
@click.option("--within", type=FiniteFloat(0, None),
              help="All portfolios whose objective lies within this relative distance of the optimum, e.g. "
                   "0.02.")
@FORMAT
@LANG
def alternatives(case, k, within, fmt) -> None:
    """The k best distinct portfolios (or all within a distance of the optimum) and how each differs from the
    best."""
    from portfolio.present.uncertainty import print_alternatives
    from portfolio.uncertainty import alternatives as run_alternatives

    finish(run_alternatives(load(case), k, within), fmt, print_alternatives)
