"""Command line: `portfolio validate | solve | init`. Each command is a thin layer over the library."""

from __future__ import annotations

import math
import shutil
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from inputs import bundled_case_path, load_case, write_case
from inputs.folder import atomic_write
from models import Case, CaseError, Solution
from portfolio.backends import NAMES, BackendUnavailable
from portfolio.casedata import CaseData

EXIT_BAD_INPUT = 1
EXIT_NO_PORTFOLIO = 3
EXIT_INTERNAL = 4  # a solver answer failed verification: a bug, reported, never printed as a result

CASE_ARG = click.argument("case", required=False, type=click.Path(path_type=Path))


def _console(file=None) -> Console:
    stream = file or sys.stdout
    return Console(file=stream, width=None if stream.isatty() else 120, highlight=False)


def _err(message: str) -> None:
    click.echo(message, err=True)


def _load(path: Path | None) -> Case:
    """Load a case or print every problem to stderr and exit 1."""
    try:
        return load_case(path)
    except CaseError as err:
        for issue in err.issues:
            _err(str(issue))
        where = path if path is not None else "the bundled case"
        _err(f"{len(err.issues)} problem(s) in {where}; nothing was solved.")
        raise SystemExit(EXIT_BAD_INPUT) from None


def _eur(value: float) -> str:
    return f"{value / 1e6:,.2f}M"


def _jobs(value: float) -> str:
    return f"{value:,.1f}"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="drempels-portfolio")
def main() -> None:
    """Choose the portfolio of actions that lowers the barriers to work most, within budgets and rules."""


@main.command()
@CASE_ARG
def validate(case: Path | None) -> None:
    """Check a case folder or .xlsx workbook (default: the bundled Flemish case) and summarise it."""
    c = _load(case)
    out = _console()
    data = CaseData.of(c)
    out.print(f"[bold]{c.name}[/bold]: valid ({case or bundled_case_path()})")
    neg = sum(s.extra_jobs < 0 for s in c.synergies)
    out.print(
        f"{len(c.domains)} domains, {len(c.groups)} groups, {len(c.barriers)} barriers "
        f"({len(c.priority_barriers)} priority), {len(c.actions)} actions, {len(c.costs)} cost rows, "
        f"{len(c.reach)} reach rows, {len(c.synergies)} synergies ({neg} negative), "
        f"{len(data.overlap)} overlap groups, {sum(len(a.requires) for a in c.actions)} requires links"
    )
    out.print(_budget_table(c, data))
    cover = Table(title="Priority barriers: candidate actions addressing each")
    cover.add_column("barrier")
    cover.add_column("name")
    cover.add_column("candidates", justify="right")
    cover.add_column("required", justify="right")
    for b in c.priority_barriers:
        cover.add_row(b.barrier, b.name, str(len(data.addressing[b.barrier])), str(c.rules.min_actions_per_priority_barrier))
    out.print(cover)
    potential = math.fsum(data.direct_jobs.values())
    caps = math.fsum(g.max_extra_jobs for g in c.groups)
    out.print(f"All candidates together: {_jobs(potential)} direct jobs; group caps allow at most {_jobs(caps)}.")
    if c.baseline:
        b = c.baseline
        out.print(
            f"Baseline employment rate {b.rate:.3%} ({b.employed:,} of {b.population:,}); "
            f"target {b.target_rate:.1%}: {math.ceil(b.jobs_to_target):,} jobs needed to reach it."
        )


def _budget_table(c: Case, data: CaseData) -> Table:
    years = c.years
    t = Table(title="Candidate cost vs budget per domain (EUR)")
    t.add_column("domain")
    for label in ["total", *map(str, years)]:
        t.add_column(label, justify="right")
    by_year = {(b.domain, b.year): b.budget_eur for b in c.budgets or ()}
    for d in c.domains:
        cells = []
        cost = math.fsum(e for (_a, dom), e in data.cost.items() if dom == d.domain)
        cells.append(f"{_eur(cost)} / {_eur(d.budget_eur)}")
        for y in years:
            cy = math.fsum(e for (_a, dom, yy), e in data.cost_year.items() if dom == d.domain and yy == y)
            cells.append(f"{_eur(cy)} / {_eur(by_year.get((d.domain, y), 0.0))}")
        t.add_row(d.domain, *cells)
    t.caption = "candidates / budget"
    return t


@main.command()
@CASE_ARG
@click.option("--backend", type=click.Choice(["auto", *NAMES]), help="Solver (default: the case's, else auto).")
@click.option("--time-limit", "time_limit_s", type=click.FloatRange(min=0, min_open=True), help="Seconds.")
@click.option("--gap", "mip_gap", type=click.FloatRange(0, 1), help="Relative gap at which to stop.")
@click.option("--threads", type=click.IntRange(1, 256), help="Solver threads.")
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), help="Random seed.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), help="Also write the JSON to FILE.")
@click.option("--write-lp", type=click.Path(path_type=Path, dir_okay=False), help="Export the model as LP.")
@click.option("--write-mps", type=click.Path(path_type=Path, dir_okay=False), help="Export the model as MPS.")
def solve(case, backend, time_limit_s, mip_gap, threads, seed, fmt, out, write_lp, write_mps) -> None:
    """Choose the best portfolio of CASE (default: the bundled Flemish case)."""
    from portfolio.backends.highs import export_model
    from portfolio.formulation import build
    from portfolio.solve import VerificationError
    from portfolio.solve import solve as run_solve

    c = _load(case)
    for target in (out, write_lp, write_mps):
        if target is not None:
            _guard_output(target, case)
    for target in (write_lp, write_mps):
        if target is not None:
            export_model(build(c), target)
            _err(f"wrote {target}")
    try:
        solution = run_solve(
            c, backend=backend, time_limit_s=time_limit_s, mip_gap=mip_gap, threads=threads, seed=seed
        )
    except BackendUnavailable as err:
        raise click.ClickException(str(err)) from None
    except VerificationError as err:
        _err(f"internal error, please report it: {err}")
        raise SystemExit(EXIT_INTERNAL) from None
    text = solution.model_dump_json(indent=2)
    if out is not None:
        existed = out.exists()
        atomic_write(out, text + "\n")
        _err(f"{'replaced' if existed else 'wrote'} {out}")
    if fmt == "json":
        click.echo(text)
    else:
        print_solution(c, solution, _console())
    if not solution.status.has_portfolio:
        _err(f"{solution.status.value}: {solution.details.message}")
        raise SystemExit(EXIT_NO_PORTFOLIO)


def _guard_output(target: Path, case: Path | None) -> None:
    """Never write over a file of the case being read."""
    source = (case or bundled_case_path()).resolve()
    t = target.resolve()
    if t == source or (source.is_dir() and t.parent == source and t.suffix in (".csv", ".yaml", ".yml", ".xlsx")):
        raise click.UsageError(f"{target} is part of the case {source}; write results elsewhere")


def print_solution(c: Case, s: Solution, out: Console) -> None:
    """The solution as tables a planner reads."""
    d = s.details
    out.print(f"[bold]{s.case}[/bold]: {s.status.value} ({s.objective})")
    if s.status.has_portfolio:
        t = Table(title=f"Chosen actions ({len(s.selected)} of {len(c.actions)})")
        for col, just in (("action", "left"), ("name", "left"), ("lead domain", "left"), ("cost EUR", "right"),
                          ("jobs", "right"), ("jobs per EUR 1M", "right")):
            t.add_column(col, justify=just)
        for a in d.actions:
            per = f"{a.jobs_per_meur:,.1f}" if a.jobs_per_meur is not None else "free"
            t.add_row(a.action, a.name, a.lead_domain, f"{a.cost_eur:,.0f}", _jobs(a.jobs), per)
        t.caption = "jobs: direct reach x effect of the action, before group caps and synergies"
        out.print(t)

        years = c.years
        t = Table(title="Spend vs budget per domain (EUR)")
        t.add_column("domain")
        for label in ["total", *map(str, years)]:
            t.add_column(label, justify="right")
        spend = {(r.domain, r.year): r for r in d.spend}
        for dom in c.domains:
            row = [spend[dom.domain, None], *(spend[dom.domain, y] for y in years if (dom.domain, y) in spend)]
            t.add_row(dom.domain, *(f"{_eur(r.spend_eur)} / {_eur(r.budget_eur)}" for r in row))
        t.caption = "spend / budget"
        out.print(t)

        t = Table(title="Extra jobs per group")
        for col in ("group", "name", "jobs", "uncapped", "cap"):
            t.add_column(col, justify="left" if col in ("group", "name") else "right")
        for g in d.groups:
            t.add_row(g.group, g.name, _jobs(g.jobs), _jobs(g.jobs_uncapped), _jobs(g.max_extra_jobs))
        t.caption = "uncapped: direct jobs plus synergies; jobs = min(cap, uncapped)"
        out.print(t)

        if d.priority_barriers:
            t = Table(title="Priority barriers covered")
            for col in ("barrier", "chosen actions", "required"):
                t.add_column(col)
            for b, n in d.priority_barriers.items():
                t.add_row(b, str(n), str(c.rules.min_actions_per_priority_barrier))
            out.print(t)

        out.print(f"Extra jobs: {_jobs(s.jobs_total)}; total cost EUR {s.cost_total_eur:,.0f}")
        if s.employment_rate is not None:
            r = s.employment_rate
            out.print(
                f"Employment rate: before {r.before:.3%}, after {r.after:.3%}, target {r.target:.1%}; "
                f"jobs still missing to the target: {max(0, math.ceil(d.jobs_missing)):,}"
            )
    else:
        out.print(d.message)
    gap = f"{s.gap:.3%}" if s.gap is not None else "n/a"
    bound = f"{s.bound:,.4f}" if s.bound is not None else "none proven"
    out.print(f"Status {s.status.value}; gap {gap}; bound {bound}; backend {s.backend}; time {s.solve_time_s:.2f} s")
    if s.status.has_portfolio and d.message:
        out.print(f"Solver: {d.message}")


@main.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--xlsx", is_flag=True, help="Write one workbook FOLDER/case.xlsx instead of CSV files.")
@click.option("--force", is_flag=True, help="Replace existing case files in FOLDER.")
def init(folder: Path, xlsx: bool, force: bool) -> None:
    """Write a small, filled-in template case into FOLDER to edit."""
    template = load_case(bundled_case_path("template"))
    target = folder / "case.xlsx" if xlsx else folder
    try:
        write_case(template, target, overwrite=force)
    except FileExistsError as err:
        raise click.ClickException(f"{err} (use --force to replace)") from None
    readme = folder / "README.md"
    if not readme.exists():
        shutil.copyfile(bundled_case_path("template") / "README.md", readme)
    _err(f"wrote a template case to {target}; edit it, then run: portfolio validate {target}")


if __name__ == "__main__":
    main()
