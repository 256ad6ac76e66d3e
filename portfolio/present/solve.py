"""A solve in the terminal: the chosen actions, spend, jobs per group and coverage, what actually ran, and the
replacement cost of each chosen action (`solve --importance`); in a phased case also the start years, what is
committed after the horizon, and the jobs per year against the path to the target. Every figure comes from the
Solution (and the report's own year lines, portfolio.reports.data.plan_years)."""

from __future__ import annotations

import json
import math

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from models import Case, Solution
from portfolio.present.text import as_jobs, as_meur


def print_solution(s: Solution, out: Console, importance=None, case: Case | None = None) -> None:
    """The solution as tables a planner reads, then the replacement costs when given (`importance`, from
    `solve --importance`); every figure comes from the Solution. A phased solution needs its `case` for the
    path to the target."""
    d = s.details
    out.print(f"[bold]{s.case}[/bold]: {s.status} ({s.objective})")
    phased = s.phased and s.status.has_portfolio
    if s.status.has_portfolio:
        t = Table(title=f"Chosen actions ({len(s.selected)} of {d.candidates})",
                  caption="jobs: direct reach x effect of the action, before group caps and synergies"
                  + ("; start: the year it starts (it runs to the end of the horizon)" if phased else ""))
        columns = [("action", "left"), ("name", "left"), ("lead domain", "left"), ("start", "right"),
                   ("cost EUR", "right"), ("jobs", "right"), ("jobs per EUR 1M", "right")]
        for col, just in columns if phased else [c for c in columns if c[0] != "start"]:
            t.add_column(col, justify=just)
        for a in d.actions:
            per = f"{a.jobs_per_meur:,.1f}" if a.jobs_per_meur is not None else "free"
            start = [str(a.start_year)] if phased else []
            t.add_row(a.action, a.name, a.lead_domain_name, *start, f"{a.cost_eur:,.0f}", as_jobs(a.jobs),
                      per)
        out.print(t)

        years = sorted({r.year for r in d.spend if r.year is not None})
        after = s.committed_after_horizon_eur if phased else None
        t = Table(title="Spend vs budget per domain (EUR)", caption="spend / budget" + (
            f"; after {years[-1]}: what the starts commit to later years (charged to no budget)" if after
            else ""))
        t.add_column("domain")
        for label in ["total", *map(str, years), *([f"after {years[-1]}"] if after else [])]:
            t.add_column(label, justify="right")
        by_year = {(r.domain, r.year): r for r in d.spend}
        for total in (r for r in d.spend if r.year is None):
            cells = [total, *(by_year.get((total.domain, y)) for y in years)]
            later = [as_meur(after.get(total.domain, 0.0))] if after else []
            t.add_row(total.name, *(f"{as_meur(r.spend_eur)} / {as_meur(r.budget_eur)}" if r else ""
                                    for r in cells), *later)
        out.print(t)
        if phased and case is not None:
            print_years(s, case, out)

        when = f" in {case.target} (the target year)" if phased and case is not None else ""
        t = Table(title=f"Extra jobs per group{when}",
                  caption="uncapped: direct jobs plus synergies; jobs = min(cap, uncapped)")
        for col in ("group", "name", "jobs", "uncapped", "cap"):
            t.add_column(col, justify="left" if col in ("group", "name") else "right")
        for g in d.groups:
            t.add_row(g.group, g.name, as_jobs(g.jobs), as_jobs(g.jobs_uncapped), as_jobs(g.max_extra_jobs))
        out.print(t)

        if d.priority_barriers:
            t = Table(title="Priority barriers covered")
            for col in ("barrier", "name", "chosen actions", "required"):
                t.add_column(col)
            for b in d.priority_barriers:
                chosen = f"{len(b.actions)}: {', '.join(b.actions)}" if b.actions else "0"
                t.add_row(b.barrier, b.name, chosen, str(b.required))
            out.print(t)

        per_job = f" (EUR {s.cost_total_eur / s.jobs_total:,.0f} per extra job)" if s.jobs_total > 0 else ""
        out.print(f"Extra jobs{when}: {as_jobs(s.jobs_total)}; total cost EUR {s.cost_total_eur:,.0f}"
                  f"{per_job}")
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
    out.print(f"Status {s.status}; gap {gap}; bound {bound}; backend {s.backend}; "
              f"time {s.solve_time_s:.2f} s")
    print_run(s, out)
    if importance is not None:
        print_importance(importance, out)


def print_years(s: Solution, case: Case, out: Console) -> None:
    """A phased plan year by year: the extra jobs present, the employment rate, and the path to the target."""
    from portfolio.reports.data import plan_years  # the report's models: 0.2 s of imports a plain solve needs not

    lines = plan_years(case, s)
    path = lines[0].path_jobs is not None
    t = Table(title=f"Extra jobs and employment rate per year (target year {case.target})", caption=(
        f"jobs: extra jobs present that year, ramps and group caps applied; path: the employment rate on a "
        f"straight line from the rate before ({case.horizon[0] - 1}) to the target rate in {case.target}, "
        "and the extra jobs it needs" if path
        else "jobs: extra jobs present that year, ramps and group caps applied; no baseline, so no path"))
    for col in ("year", "jobs", *(("rate", "path rate", "path jobs", "short of path") if path else ())):
        t.add_column(col, justify="right")
    for y in lines:
        rates = ((f"{y.rate:.3%}", f"{y.path_rate:.3%}", as_jobs(y.path_jobs), as_jobs(y.short_jobs)) if path
                 else ())
        t.add_row(str(y.year), as_jobs(y.jobs), *rates)
    out.print(t)


def print_run(s: Solution, out: Console) -> None:
    """What actually ran: the solver's own words, threads, seed, where the bound came from, reruns,
    scaling."""
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
        step = (f"jobs counted in steps of {res.jobs_resolution:g}" if res.jobs_resolution
                else "no jobs columns")
        lines.append(f"Integer scaling: {'exact' if res.exact else 'rounded'}, {step}"
                     + (f"; rounded: {'; '.join(res.rounded)}" if res.rounded else ""))
    lines += [f"Rerun: {x}" for x in r.reruns]
    lines += [f"Note: {x}" for x in r.notes]
    for line in lines:
        out.print(line)


def print_importance(result, out: Console) -> None:
    """Each chosen action's replacement cost, the largest first."""
    cost = result.objective == "min_cost"
    t = Table(title="Replacement cost of each chosen action",
              caption="locked out, the rest re-optimised exactly; " + (
                  "extra cost of the cheapest portfolio without it" if cost
                  else "jobs lost against the portfolio"))
    for col, just in (("action", "left"), ("name", "left"),
                      ("extra cost EUR" if cost else "jobs lost", "right"), ("status without it", "left")):
        t.add_column(col, justify=just)
    for a in result.actions:
        loss = a.objective_change if cost else a.jobs_lost
        shown = ("indispensable" if a.indispensable else "" if loss is None
                 else f"{loss:,.0f}" if cost else as_jobs(loss))
        t.add_row(a.action, escape(a.name) + (" (locked in)" if a.locked_in else ""), shown, a.status)
    out.print(t)


def with_importance(text: str, result) -> str:
    """The solve's JSON with the replacement costs added under `importance` (an extension of the contract)."""
    return json.dumps({**json.loads(text), "importance": result.model_dump(mode="json")}, indent=2)
