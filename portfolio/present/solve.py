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
from portfolio.core.phrases import english
from portfolio.core.phrases.solver import said
from portfolio.present.text import as_jobs, as_meur, labels


def print_solution(s: Solution, out: Console, importance=None, case: Case | None = None) -> None:
    """The solution as tables a planner reads, then the replacement costs when given (`importance`, from
    `solve --importance`); every figure comes from the Solution. A phased solution needs its `case` for the
    path to the target."""
    L = labels()
    d = s.details
    out.print(f"[bold]{escape(s.case)}[/bold]: {L.state(s.status)} ({L['t.obj.' + s.objective]})")
    phased = s.phased and s.status.has_portfolio
    if s.status.has_portfolio:
        t = Table(title=L.t("t.chosen", n=len(s.selected), m=d.candidates),
                  caption=L["t.chosen.caption"] + (L["t.chosen.caption_start"] if phased else ""))
        columns = [("t.action", "left"), ("t.name", "left"), ("t.lead_domain", "left"), ("t.start", "right"),
                   ("t.cost_eur", "right"), ("t.jobs", "right"), ("t.jobs_per_meur", "right")]
        for col, just in columns if phased else [c for c in columns if c[0] != "t.start"]:
            t.add_column(L[col], justify=just)
        for a in d.actions:
            start = [str(a.start_year)] if phased else []
            t.add_row(a.action, a.name, a.lead_domain_name, *start, L.num(a.cost_eur), as_jobs(a.jobs),
                      L.ratio(a.jobs_per_meur))
        out.print(t)

        years = sorted({r.year for r in d.spend if r.year is not None})
        after = s.committed_after_horizon_eur if phased else None
        t = Table(title=L["t.spend"], caption=L["t.spend.caption"] + (
            L.t("t.spend.caption_after", year=years[-1]) if after else ""))
        t.add_column(L["t.domain"])
        for label in [L["t.total"], *map(str, years), *([L.t("t.after", year=years[-1])] if after else [])]:
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

        when = L.t("t.in_target_year", year=case.target) if phased and case is not None else ""
        saturated = any(g.saturation_loss is not None for g in d.groups)
        t = Table(title=L["t.group_jobs"] + when,
                  caption=L["t.group_jobs.caption_saturated" if saturated else "t.group_jobs.caption"])
        columns = ("t.group", "t.name", "t.jobs", "t.uncapped", *(("t.saturation",) if saturated else ()),
                   "t.cap")
        for col in columns:
            t.add_column(L[col], justify="left" if col in ("t.group", "t.name") else "right")
        for g in d.groups:
            loss = (as_jobs(g.saturation_loss) if g.saturation_loss is not None else "",) if saturated else ()
            t.add_row(g.group, g.name, as_jobs(g.jobs), as_jobs(g.jobs_uncapped), *loss,
                      as_jobs(g.max_extra_jobs))
        out.print(t)

        if d.priority_barriers:
            t = Table(title=L["t.covered"])
            for col in ("t.barrier", "t.name", "t.chosen_actions", "t.required"):
                t.add_column(L[col])
            for b in d.priority_barriers:
                chosen = f"{len(b.actions)}: {', '.join(b.actions)}" if b.actions else "0"
                t.add_row(b.barrier, b.name, chosen, str(b.required))
            out.print(t)

        per_job = L.t("t.per_job", cost=L.eur(s.cost_total_eur / s.jobs_total)) if s.jobs_total > 0 else ""
        out.print(L.t("t.totals", when=when, jobs=as_jobs(s.jobs_total), cost=L.eur(s.cost_total_eur),
                      per_job=per_job))
        if s.employment_rate is not None:
            r = s.employment_rate
            out.print(L.t("t.rates", before=L.pct(r.before), after=L.pct(r.after), target=L.pct(r.target, 1),
                          missing=L.num(max(0, math.ceil(d.jobs_missing)))))
    else:
        out.print(escape(said_by(s)))
    gap = L.pct(s.gap) if s.gap is not None else L["t.na"]
    bound = L.num(s.bound, 4) if s.bound is not None else L["t.no_bound"]
    out.print(L.t("t.status_line", status=L.state(s.status), gap=gap, bound=bound,
                  backend=s.backend, time=L.num(s.solve_time_s, 2)))
    print_run(s, out)
    if importance is not None:
        print_importance(importance, out)


def said_by(s: Solution) -> str:
    """What the solve said about itself (its message), in the terminal's language."""
    return labels().say(s.details.words or s.details.message)


def print_years(s: Solution, case: Case, out: Console) -> None:
    """A phased plan year by year: the extra jobs present, the employment rate, and the path to the target."""
    from portfolio.reports.data import plan_years  # the report's models: 0.2 s of imports a plain solve needs not

    L = labels()
    lines = plan_years(case, s)
    path = lines[0].path_jobs is not None
    t = Table(title=L.t("t.years", year=case.target), caption=(
        L.t("t.years.caption", before=case.horizon[0] - 1, year=case.target) if path
        else L["t.years.caption_no_path"]))
    for col in ("t.year", "t.jobs", *(("t.rate", "t.path_rate", "t.path_jobs", "t.short") if path else ())):
        t.add_column(L[col], justify="right")
    for y in lines:
        rates = ((L.pct(y.rate), L.pct(y.path_rate), as_jobs(y.path_jobs), as_jobs(y.short_jobs)) if path
                 else ())
        t.add_row(str(y.year), as_jobs(y.jobs), *rates)
    out.print(t)


def print_run(s: Solution, out: Console) -> None:
    """What actually ran: the solver's own words, threads, seed, where the bound came from, reruns,
    scaling."""
    L = labels()
    r = s.details.report
    lines = ["Solver: " + escape(said_by(s) if s.status.has_portfolio else L.say(said(r.solver_status)))]
    if r.auto is not None and L.lang != "en":
        lines.append(L.t("t.chosen_by", words=L.solver_choice(r)))
    elif r.chosen_by:
        lines.append(f"Chosen: {r.chosen_by}")
    phrases = {english(w): w for w in r.phrases}  # the texts of the report the library says as phrases
    asked = L.t("t.asked", n=r.threads_requested) if r.threads_used != r.threads_requested else ""
    unit = L["t.thread" if r.threads_used == 1 else "t.threads"]
    lines.append(L.t("t.ran", threads=r.threads_used, unit=unit, seed=r.seed, limit=f"{r.time_limit_s:g}",
                     gap=f"{r.mip_gap:g}", asked=asked)
                 + (L.t("t.bound_from", source=L.say(phrases.get(r.bound_source, r.bound_source)))
                    if r.bound_source else ""))
    if r.resolution is not None:
        res = r.resolution
        step = (L.t("t.scaling.step", step=f"{res.jobs_resolution:g}") if res.jobs_resolution
                else L["t.scaling.no_jobs"])
        how = L["t.scaling.exact" if res.exact else "t.scaling.rounded"]
        lines.append(L.t("t.scaling", how=how, step=step,
                         rounded=L.t("t.scaling.which", items="; ".join(res.rounded)) if res.rounded else ""))
    lines += [L.t("t.rerun", why=x) for x in r.reruns]
    lines += [L.t("t.note", note=L.say(phrases.get(x, x))) for x in r.notes]
    for line in lines:
        out.print(line)


def print_importance(result, out: Console) -> None:
    """Each chosen action's replacement cost, the largest first."""
    L = labels()
    cost = result.objective == "min_cost"
    t = Table(title=L["t.importance"],
              caption=L["t.importance.caption"] + L["t.importance.cost" if cost else "t.importance.jobs"])
    for col, just in (("t.action", "left"), ("t.name", "left"),
                      ("t.extra_cost" if cost else "t.jobs_lost", "right"), ("t.status_without", "left")):
        t.add_column(L[col], justify=just)
    for a in result.actions:
        loss = a.objective_change if cost else a.jobs_lost
        shown = (L["uncertainty.indispensable"] if a.indispensable else "" if loss is None
                 else L.num(loss) if cost else as_jobs(loss))
        t.add_row(a.action, escape(a.name) + (L["t.locked_in"] if a.locked_in else ""), shown, a.status)
    out.print(t)


def with_importance(text: str, result) -> str:
    """The solve's JSON with the replacement costs added under `importance` (an extension of the contract)."""
    return json.dumps({**json.loads(text), "importance": result.model_dump(mode="json")}, indent=2)
