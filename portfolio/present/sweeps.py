"""What-if sweeps in the terminal: scenarios against the base, the budget frontier, the value of a step of
budget per domain, and targets."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from portfolio.present.text import as_jobs
from portfolio.sweeps.target import jobs_text, target_text


def print_whatif(result, out: Console) -> None:
    """Each scenario against the base: status, jobs, cost, rate, the actions in and out; spend per domain."""
    t = Table(title="What if: each scenario against the base")
    for col, just in (("scenario", "left"), ("status", "left"), ("jobs", "right"), ("change", "right"),
                      ("cost EUR", "right"), ("change EUR", "right"), ("rate after", "right"), ("in", "left"),
                      ("out", "left")):
        t.add_column(col, justify=just)
    b = result.base
    rate = lambda s: (f"{s.employment_rate.after:.3%}"  # noqa: E731
                      if s.employment_rate and s.employment_rate.after else "")
    money = lambda v: "" if v is None else f"{v:,.0f}"  # noqa: E731
    jobs = lambda v: "" if v is None else f"{v:+,.1f}"  # noqa: E731
    t.add_row("base", str(b.status), as_jobs(b.jobs_total) if b.jobs_total is not None else "", "",
              money(b.cost_total_eur), "", rate(b), "", "")
    for s in result.scenarios:
        sol = s.solution
        t.add_row(s.name, str(sol.status), as_jobs(sol.jobs_total) if sol.jobs_total is not None else "",
                  jobs(s.jobs_change), money(sol.cost_total_eur),
                  "" if s.cost_change_eur is None else f"{s.cost_change_eur:+,.0f}", rate(sol),
                  ", ".join(s.added), ", ".join(s.removed))
    out.print(t)
    domains = list(dict.fromkeys(d for s in result.scenarios for d in s.spend_change_eur))
    if domains:
        t = Table(title="Spend change per domain against the base (EUR)")
        t.add_column("scenario")
        for d in domains:
            t.add_column(d, justify="right")
        for s in result.scenarios:
            t.add_row(s.name, *(f"{s.spend_change_eur[d]:+,.0f}" if d in s.spend_change_eur else ""
                                for d in domains))
        out.print(t)
    if b.phased:
        _print_starts(result, out)


def _print_starts(result, out: Console) -> None:
    """A phased what-if: jobs in each scenario's target year for both plans, start years that moved, notes."""
    year = lambda y: "-" if y is None else str(y)  # noqa: E731
    t = Table(title="Jobs in the target year: the base plan and the scenario's")
    for col, just in (("scenario", "left"), ("target year", "right"), ("base plan", "right"),
                      ("scenario plan", "right")):
        t.add_column(col, justify=just)
    for s in result.scenarios:
        t.add_row(s.name, year(s.target_year), "" if s.base_jobs_in_target_year is None else
                  as_jobs(s.base_jobs_in_target_year), "" if s.solution.jobs_total is None else
                  as_jobs(s.solution.jobs_total))
    out.print(t)
    moved = [(s.name, a, c) for s in result.scenarios for a, c in (s.start_changes or {}).items()]
    if moved:
        t = Table(title="Start years that differ from the base plan (-: not chosen)")
        for col in ("scenario", "action", "base", "scenario plan"):
            t.add_column(col)
        for name, a, c in moved:
            t.add_row(name, a, year(c.base), year(c.scenario))
        out.print(t)
    for s in result.scenarios:
        for note in s.notes or ():
            out.print(escape(f"{s.name}: {note}"))


def print_frontier(result, out: Console) -> None:
    """The budget frontier: jobs, cost and status at each scale of the budgets."""
    what = f"budget of {result.domain}" if result.domain else "total budget"
    t = Table(title=f"Budget frontier ({what})",
              caption="carried: a smaller budget's portfolio was better than what the solver found in time, "
                      "and is used")
    for col in ("scale", "budget EUR", "jobs", "cost EUR", "status", "gap", "actions"):
        t.add_column(col, justify="left" if col == "status" else "right")
    for p in result.points:
        t.add_row(f"{p.scale:g}", f"{p.budget_eur:,.0f}", "" if p.jobs is None else as_jobs(p.jobs),
                  "" if p.cost_eur is None else f"{p.cost_eur:,.0f}",
                  p.status + (" (carried)" if p.carried else ""),
                  "" if p.gap is None else f"{p.gap:.3%}", str(len(p.selected)))
    out.print(t)


def print_marginal(result, out: Console) -> None:
    """Per domain, the jobs won with a step of budget more and lost with a step less, and the next step."""
    when = f" in {result.year}" if result.year else ""
    t = Table(title=f"Value of EUR {result.step_eur:,.0f} more or less per domain{when}",
              caption=f"base: {result.base_status}, {as_jobs(result.base_jobs or 0)} jobs; each figure is "
                      "the difference of two exact solves; next step: the least extra amount that buys any "
                      "job")
    for col, just in (("domain", "left"), ("+ jobs", "right"), ("- jobs", "right"), ("+ in", "left"),
                      ("+ out", "left"), ("- in", "left"), ("- out", "left"), ("status +/-", "left"),
                      ("next step EUR", "right"), ("its jobs", "right")):
        t.add_column(col, justify=just)
    for d in result.domains:
        t.add_row(d.domain, "" if d.plus_jobs is None else f"{d.plus_jobs:+,.1f}",
                  "" if d.minus_jobs is None else f"{-d.minus_jobs:+,.1f}", ", ".join(d.plus_entering),
                  ", ".join(d.plus_leaving), ", ".join(d.minus_entering), ", ".join(d.minus_leaving),
                  f"{d.plus_status}/{d.minus_status}",
                  "none" if d.next_step_eur is None else f"{d.next_step_eur:,.2f}".removesuffix(".00"),
                  "" if d.next_step_jobs is None else "+" + jobs_text(d.next_step_jobs))
    out.print(t)
    for d in result.domains:
        if d.next_step_note:
            out.print(f"{d.domain} ({d.name}): next step {d.next_step_note}")
    for d in result.domains:
        for side, moved in (("more", d.plus_moved), ("less", d.minus_moved)):
            if moved:
                starts = ", ".join(f"{a} {c.base}->{c.scenario}" for a, c in moved.items())
                out.print(escape(f"{d.domain}: with the step {side}, starts move: {starts}"))


def print_targets(result, out: Console) -> None:
    """Each target: the cheapest portfolio that reaches it, or the shortfall of the one with the most jobs."""
    below = any(p.jobs_target <= 0 for p in result.points)
    caption = ("jobs needed 0: the baseline already reaches the target; the cost is what the rules ask for"
               if below else "unreachable: jobs and rate are those of the portfolio with the most jobs")
    t = Table(title="Targets: the cheapest portfolio that reaches each, or the shortfall", caption=caption)
    for col, just in (("target rate", "right"), ("jobs needed", "right"), ("reachable", "left"),
                      ("cost EUR", "right"), ("jobs", "right"), ("jobs short", "right"),
                      ("rate reached", "right"), ("status", "left")):
        t.add_column(col, justify=just)
    for p in result.points:
        sol = p.solution
        t.add_row("" if p.rate is None else f"{p.rate:.3%}", target_text(max(0.0, p.jobs_target)),
                  {True: "yes", False: "no", None: "undecided"}[p.reachable],
                  f"{sol.cost_total_eur:,.0f}" if p.reachable else "",
                  "" if sol.jobs_total is None else jobs_text(sol.jobs_total),
                  "" if p.shortfall_jobs is None or p.reachable else jobs_text(p.shortfall_jobs),
                  "" if p.rate_reached is None else f"{p.rate_reached:.3%}",
                  "infeasible" if p.reachable is False else
                  sol.status.value + (" (carried)" if p.carried else ""))
    out.print(t)
    for p in result.points:
        out.print(("" if p.rate is None else f"{p.rate:.3%}: ") + p.message)
