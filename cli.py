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
from models import BACKEND_NAMES, Case, CaseError, Solution
from models.summary import CaseSummary

EXIT_BAD_INPUT = 1
EXIT_NO_PORTFOLIO = 3
EXIT_INTERNAL = 4  # a solver answer failed verification: a bug, reported, never printed as a result

# Where the case format is documented, as a reader of a clone or of the installed package finds it.
FORMAT_REFERENCE = "docs/case-format.md in the drempels-portfolio repository"

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
    from portfolio.summary import summarise

    c = _load(case)
    print_summary(summarise(c), case or bundled_case_path(), _console())


def print_summary(s: CaseSummary, where: Path, out: Console) -> None:
    """The summary of a valid case as a planner reads it."""
    n = s.counts
    out.print(f"[bold]{s.name}[/bold]: valid ({where})")
    out.print(
        f"{n['domains']} domains, {n['groups']} groups, {n['barriers']} barriers ({n['priority barriers']} priority), "
        f"{n['actions']} actions, {n['cost rows']} cost rows, {n['reach rows']} reach rows, {n['synergies']} synergies "
        f"({n['negative synergies']} negative), {n['overlap groups']} overlap groups, "
        f"{n['requires links']} requires links"
    )
    t = Table(title="Candidate cost vs budget per domain (EUR)", caption="candidates / budget")
    t.add_column("domain")
    for label in ["total", *map(str, s.years)]:
        t.add_column(label, justify="right")
    for line in (b for b in s.budgets if b.year is None):
        years = [b for b in s.budgets if b.domain == line.domain and b.year is not None]
        t.add_row(line.name, *(f"{_eur(b.candidates_eur)} / {_eur(b.budget_eur)}" for b in (line, *years)))
    out.print(t)
    cover = Table(title="Priority barriers: candidate actions addressing each")
    for col, just in (("barrier", "left"), ("name", "left"), ("candidates", "right"), ("required", "right")):
        cover.add_column(col, justify=just)
    for b in s.coverage:
        cover.add_row(b.barrier, b.name, str(b.candidates), str(b.required))
    out.print(cover)
    out.print(f"All candidates together: {_jobs(s.candidate_jobs)} direct jobs; group caps allow at most "
              f"{_jobs(s.caps_jobs)}.")
    if s.rate_before is not None:
        out.print(
            f"Baseline employment rate {s.rate_before:.3%} ({s.employed:,} of {s.population:,}); "
            f"target {s.target_rate:.1%}: {math.ceil(s.jobs_to_target):,} jobs needed to reach it."
        )


@main.command()
@CASE_ARG
@click.option("--backend", type=click.Choice(["auto", *BACKEND_NAMES]), help="Solver (default: the case's, else auto).")
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
    from portfolio import BackendUnavailable, VerificationError
    from portfolio import solve as run_solve
    from portfolio.formulation import build
    from portfolio.formulation.export import write_model

    c = _load(case)
    for target in (out, write_lp, write_mps):
        if target is not None:
            _guard_output(target, case)
    for target in (write_lp, write_mps):
        if target is not None:
            write_model(build(c), target)
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
        print_solution(solution, _console())
    if not solution.status.has_portfolio:
        _err(f"{solution.status.value}: {solution.details.message}")
        raise SystemExit(EXIT_NO_PORTFOLIO)


def _guard_output(target: Path, case: Path | None) -> None:
    """Never write over a file of the case being read."""
    source = (case or bundled_case_path()).resolve()
    t = target.resolve()
    if t == source or (source.is_dir() and t.parent == source and t.suffix in (".csv", ".yaml", ".yml", ".xlsx")):
        raise click.UsageError(f"{target} is part of the case {source}; write results elsewhere")


def print_solution(s: Solution, out: Console) -> None:
    """The solution as tables a planner reads; every figure comes from the Solution."""
    d = s.details
    out.print(f"[bold]{s.case}[/bold]: {s.status} ({s.objective})")
    if s.status.has_portfolio:
        t = Table(title=f"Chosen actions ({len(s.selected)} of {d.candidates})",
                  caption="jobs: direct reach x effect of the action, before group caps and synergies")
        for col, just in (("action", "left"), ("name", "left"), ("lead domain", "left"), ("cost EUR", "right"),
                          ("jobs", "right"), ("jobs per EUR 1M", "right")):
            t.add_column(col, justify=just)
        for a in d.actions:
            per = f"{a.jobs_per_meur:,.1f}" if a.jobs_per_meur is not None else "free"
            t.add_row(a.action, a.name, a.lead_domain_name, f"{a.cost_eur:,.0f}", _jobs(a.jobs), per)
        out.print(t)

        years = sorted({r.year for r in d.spend if r.year is not None})
        t = Table(title="Spend vs budget per domain (EUR)", caption="spend / budget")
        t.add_column("domain")
        for label in ["total", *map(str, years)]:
            t.add_column(label, justify="right")
        by_year = {(r.domain, r.year): r for r in d.spend}
        for total in (r for r in d.spend if r.year is None):
            cells = [total, *(by_year.get((total.domain, y)) for y in years)]
            t.add_row(total.name, *(f"{_eur(r.spend_eur)} / {_eur(r.budget_eur)}" if r else "" for r in cells))
        out.print(t)

        t = Table(title="Extra jobs per group", caption="uncapped: direct jobs plus synergies; jobs = min(cap, uncapped)")
        for col in ("group", "name", "jobs", "uncapped", "cap"):
            t.add_column(col, justify="left" if col in ("group", "name") else "right")
        for g in d.groups:
            t.add_row(g.group, g.name, _jobs(g.jobs), _jobs(g.jobs_uncapped), _jobs(g.max_extra_jobs))
        out.print(t)

        if d.priority_barriers:
            t = Table(title="Priority barriers covered")
            for col in ("barrier", "name", "chosen actions", "required"):
                t.add_column(col)
            for b in d.priority_barriers:
                t.add_row(b.barrier, b.name, f"{len(b.actions)}: {', '.join(b.actions)}" if b.actions else "0",
                          str(b.required))
            out.print(t)

        per_job = f" (EUR {s.cost_total_eur / s.jobs_total:,.0f} per extra job)" if s.jobs_total > 0 else ""
        out.print(f"Extra jobs: {_jobs(s.jobs_total)}; total cost EUR {s.cost_total_eur:,.0f}{per_job}")
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
    out.print(f"Status {s.status}; gap {gap}; bound {bound}; backend {s.backend}; time {s.solve_time_s:.2f} s")
    print_report(s, out)


def print_report(s: Solution, out: Console) -> None:
    """What actually ran: the solver's own words, threads, seed, where the bound came from, reruns, scaling."""
    r = s.details.report
    lines = [f"Solver: {s.details.message}" if s.status.has_portfolio else f"Solver: {r.solver_status}"]
    if r.chosen_by:
        lines.append(f"Chosen: {r.chosen_by}")
    lines.append(f"Ran on {r.threads_used} thread{'s' if r.threads_used != 1 else ''}"
                 + (f" ({r.threads_requested} asked)" if r.threads_used != r.threads_requested else "")
                 + f", seed {r.seed}, time limit {r.time_limit_s:g} s, gap {r.mip_gap:g}"
                 + (f"; bound from {r.bound_source}" if r.bound_source else ""))
    if r.resolution is not None:
        res = r.resolution
        step = f"jobs counted in steps of {res.jobs_resolution:g}" if res.jobs_resolution else "no jobs columns"
        lines.append(f"Integer scaling: {'exact' if res.exact else 'rounded'}, {step}"
                     + (f"; rounded: {'; '.join(res.rounded)}" if res.rounded else ""))
    lines += [f"Rerun: {x}" for x in r.reruns]
    lines += [f"Note: {x}" for x in r.notes]
    for line in lines:
        out.print(line)


@main.command()
@click.argument("target", type=click.Path(path_type=Path))
@click.option("--xlsx", is_flag=True, help="Write one workbook (TARGET/case.xlsx, or TARGET if it ends in .xlsx).")
@click.option("--force", is_flag=True, help="Replace existing case files.")
def init(target: Path, xlsx: bool, force: bool) -> None:
    """Write a small, filled-in template case to edit: a folder of CSV files, or TARGET.xlsx as one workbook."""
    template = load_case(bundled_case_path("template"))
    book = target.suffix.lower() == ".xlsx"
    if book and target.is_dir():
        raise click.UsageError(f"{target} is a folder; give a workbook path or another name")
    if not book and target.exists() and not target.is_dir():
        raise click.UsageError(f"{target} is a file; give a folder (or a path ending in .xlsx for a workbook)")
    path = target if book else target / "case.xlsx" if xlsx else target
    try:
        write_case(template, path, overwrite=force)
    except FileExistsError as err:
        raise click.ClickException(f"{err} (use --force to replace)") from None
    if not book:
        readme = target / "README.md"
        if not readme.exists():
            shutil.copyfile(bundled_case_path("template") / "README.md", readme)
    _err(f"wrote a template case to {path}; edit it, then run: portfolio validate {path}")
    _err(f"the case format: {FORMAT_REFERENCE}")


if __name__ == "__main__":
    main()
