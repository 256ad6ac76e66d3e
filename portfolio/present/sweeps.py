"""What-if sweeps in the terminal: scenarios against the base, the budget frontier, the value of a step of
budget per domain, and targets."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from portfolio.present.text import as_jobs, labels
from portfolio.sweeps.target import jobs_text, target_text


def print_whatif(result, out: Console) -> None:
    """Each scenario against the base: status, jobs, cost, rate, the actions in and out; spend per domain."""
    L = labels()
    t = Table(title=L["t.whatif"])
    for col, just in (("t.scenario", "left"), ("t.status", "left"), ("t.jobs", "right"),
                      ("t.change", "right"), ("t.cost_eur", "right"), ("t.change_eur", "right"),
                      ("t.rate_after", "right"), ("t.in", "left"), ("t.out", "left")):
        t.add_column(L[col], justify=just)
    b = result.base
    rate = lambda s: (L.pct(s.employment_rate.after)  # noqa: E731
                      if s.employment_rate and s.employment_rate.after else "")
    money = lambda v: "" if v is None else L.num(v)  # noqa: E731
    jobs = lambda v: "" if v is None else L.signed(v, 1)  # noqa: E731
    t.add_row(L["t.base"], L.state(b.status.value), as_jobs(b.jobs_total) if b.jobs_total is not None else "",
              "", money(b.cost_total_eur), "", rate(b), "", "")
    for s in result.scenarios:
        sol = s.solution
        t.add_row(s.name, L.state(sol.status.value), as_jobs(sol.jobs_total) if sol.jobs_total is not None
                  else "", jobs(s.jobs_change), money(sol.cost_total_eur),
                  "" if s.cost_change_eur is None else L.signed(s.cost_change_eur, 0), rate(sol),
                  ", ".join(s.added), ", ".join(s.removed))
    out.print(t)
    domains = list(dict.fromkeys(d for s in result.scenarios for d in s.spend_change_eur))
    if domains:
        t = Table(title=L["t.spend_change"])
        t.add_column(L["t.scenario"])
        for d in domains:
            t.add_column(d, justify="right")
        for s in result.scenarios:
            t.add_row(s.name, *(L.signed(s.spend_change_eur[d], 0) if d in s.spend_change_eur else ""
                                for d in domains))
        out.print(t)
    if b.phased:
        _print_starts(result, out)


def _print_starts(result, out: Console) -> None:
    """A phased what-if: jobs in each scenario's target year for both plans, start years that moved, notes."""
    L = labels()
    year = lambda y: "-" if y is None else str(y)  # noqa: E731
    t = Table(title=L["t.target_year_jobs"])
    for col, just in (("t.scenario", "left"), ("t.target_year", "right"), ("t.base_plan", "right"),
                      ("t.scenario_plan", "right")):
        t.add_column(L[col], justify=just)
    for s in result.scenarios:
        t.add_row(s.name, year(s.target_year), "" if s.base_jobs_in_target_year is None else
                  as_jobs(s.base_jobs_in_target_year), "" if s.solution.jobs_total is None else
                  as_jobs(s.solution.jobs_total))
    out.print(t)
    moved = [(s.name, a, c) for s in result.scenarios for a, c in (s.start_changes or {}).items()]
    if moved:
        t = Table(title=L["t.moved_starts"])
        for col in ("t.scenario", "t.action", "t.base", "t.scenario_plan"):
            t.add_column(L[col])
        for name, a, c in moved:
            t.add_row(name, a, year(c.base), year(c.scenario))
        out.print(t)
    for s in result.scenarios:
        for note in s.notes or ():
            out.print(escape(f"{s.name}: {note}"))


def print_frontier(result, out: Console) -> None:
    """The budget frontier: jobs, cost and status at each scale of the budgets."""
    L = labels()
    what = L.t("t.budget_of", domain=result.domain) if result.domain else L["t.total_budget"]
    t = Table(title=L.t("t.frontier", what=what), caption=L["t.frontier.caption"])
    for col in ("t.scale", "t.budget_eur", "t.jobs", "t.cost_eur", "t.status", "t.gap", "t.actions"):
        t.add_column(L[col], justify="left" if col == "t.status" else "right")
    for p in result.points:
        t.add_row(f"{p.scale:g}", L.num(p.budget_eur), "" if p.jobs is None else as_jobs(p.jobs),
                  "" if p.cost_eur is None else L.num(p.cost_eur),
                  L.state(p.status) + (L["t.carried"] if p.carried else ""),
                  "" if p.gap is None else L.pct(p.gap), str(len(p.selected)))
    out.print(t)


def print_marginal(result, out: Console) -> None:
    """Per domain, the jobs won with a step of budget more and lost with a step less, and the next step."""
    L = labels()
    when = L.t("t.in_year", year=result.year) if result.year else ""
    t = Table(title=L.t("t.marginal", step=L.eur(result.step_eur), when=when),
              caption=L.t("t.marginal.caption", status=L.state(result.base_status),
                          jobs=as_jobs(result.base_jobs or 0)))
    for col, just in (("t.domain", "left"), ("+ jobs", "right"), ("- jobs", "right"), ("+ in", "left"),
                      ("+ out", "left"), ("- in", "left"), ("- out", "left"), ("t.status_pm", "left"),
                      ("t.next_step", "right"), ("t.its_jobs", "right")):
        words = col.replace("in", L["t.in"]).replace("out", L["t.out"])  # "+ in": "+ erin"
        t.add_column(L[col] if col.startswith("t.") else words, justify=just)
    for d in result.domains:
        t.add_row(d.domain, "" if d.plus_jobs is None else L.signed(d.plus_jobs, 1),
                  "" if d.minus_jobs is None else L.signed(-d.minus_jobs, 1), ", ".join(d.plus_entering),
                  ", ".join(d.plus_leaving), ", ".join(d.minus_entering), ", ".join(d.minus_leaving),
                  f"{L.state(d.plus_status)}/{L.state(d.minus_status)}",
                  L["t.none"] if d.next_step_eur is None else L.num(d.next_step_eur, 2).removesuffix(
                      ",00" if L.lang == "nl" else ".00"),
                  "" if d.next_step_jobs is None else "+" + L.local(jobs_text(d.next_step_jobs)))
    out.print(t)
    for d in result.domains:
        if d.next_step_note:
            out.print(L.t("t.next_step_note", domain=d.domain, name=d.name,
                          note=L.say(d.next_step_words or d.next_step_note)))
    for d in result.domains:
        for side, moved in (("t.more", d.plus_moved), ("t.less", d.minus_moved)):
            if moved:
                starts = ", ".join(f"{a} {c.base}->{c.scenario}" for a, c in moved.items())
                out.print(escape(L.t("t.starts_move", domain=d.domain, side=L[side], starts=starts)))


def print_targets(result, out: Console) -> None:
    """Each target: the cheapest portfolio that reaches it, or the shortfall of the one with the most jobs."""
    L = labels()
    below = any(p.jobs_target <= 0 for p in result.points)
    t = Table(title=L["t.targets"], caption=L["t.targets.below" if below else "t.targets.unreachable"])
    for col, just in (("t.target_rate", "right"), ("t.jobs_needed", "right"), ("t.reachable", "left"),
                      ("t.cost_eur", "right"), ("t.jobs", "right"), ("t.jobs_short", "right"),
                      ("t.rate_reached", "right"), ("t.status", "left")):
        t.add_column(L[col], justify=just)
    for p in result.points:
        sol = p.solution
        t.add_row("" if p.rate is None else L.pct(p.rate), L.local(target_text(max(0.0, p.jobs_target))),
                  {True: L.yes, False: L.no, None: L["t.undecided"]}[p.reachable],
                  L.num(sol.cost_total_eur) if p.reachable else "",
                  "" if sol.jobs_total is None else L.local(jobs_text(sol.jobs_total)),
                  "" if p.shortfall_jobs is None or p.reachable else L.local(jobs_text(p.shortfall_jobs)),
                  "" if p.rate_reached is None else L.pct(p.rate_reached),
                  L.state("infeasible") if p.reachable is False else
                  L.state(sol.status.value) + (L["t.carried"] if p.carried else ""))
    out.print(t)
    for p in result.points:
        out.print(("" if p.rate is None else f"{L.pct(p.rate)}: ") + L.say(p.words or p.message))
