"""The report in the terminal (`portfolio report`): the summary, then one table per domain; a phased plan adds
its years against the path to the target and each action's start year. Case texts are shown literally, never
read as rich markup."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from portfolio.reports.data import DomainLine, ReportData, uncertainty_lines
from portfolio.reports.labels import Labels


def print_report(r: ReportData, L: Labels, out: Console) -> None:
    """Print the summary and, with a portfolio, a table per domain."""
    out.print(Text.assemble((f"{L.summary}: ", "bold"), (r.case, "bold")))
    t = Table(show_header=False, box=None, padding=(0, 2))
    t.add_column(style="bold")
    t.add_column()
    for label, value in _summary_rows(r, L):
        t.add_row(label, Text(value))
    out.print(t)
    if not r.has_portfolio:
        out.print(Text(f"{L.no_portfolio} {L.solver_said}: {L.say(r.words or r.message)}"))
        return
    if r.phasing is not None:
        out.print(years_table(r, L))
    if r.priority_barriers:
        t = Table(title=L.priority_barriers, title_justify="left")
        for col, just in ((L.barrier, "left"), (L.covered_by, "left"), (L.required, "right")):
            t.add_column(col, justify=just)
        for b in r.priority_barriers:
            t.add_row(Text(b.barrier.name), f"{len(b.actions)}: {', '.join(b.actions)}", str(b.required))
        out.print(t)
    out.print(Text(L.binding, style="bold"))
    for b in r.binding or ():
        out.print(Text(f"  - {L.binding_text(b)}"))
    if not r.binding:
        out.print(Text(f"  {L['binding.none']}"))
    for d in r.domains:
        out.print(domain_table(r, d, L))
    if r.uncertainty is not None:
        print_uncertainty(r, L, out)


def _summary_rows(r: ReportData, L: Labels) -> list[tuple[str, str]]:
    rows = [
        (L.status, L.status_text(r.status)),
        *([(L["status.note"], L.say(r.status_note))] if r.status_note else []),
        (L.gap, L.pct(r.gap, 4) if r.gap is not None else L["gap.none"]),
        (L.backend, r.backend),
    ]
    if r.has_portfolio:
        rows += [
            (L.chosen_actions, L.t("n_of_m", n=len(r.chosen), m=r.candidates)),
            (L.extra_jobs, L.jobs(r.jobs_total)),
            (L.total_cost, L.eur(r.cost_total_eur)),
        ]
        if r.phasing is not None:
            ph = r.phasing
            rows[-2:-1] = [(L.horizon, L.years(ph.horizon)), (L.target_year, str(ph.target_year)),
                           (L.t("extra_jobs_in", year=ph.target_year), L.jobs(r.jobs_total))]
            rows.append((L.after_horizon_total, L.eur(ph.after_horizon_eur)))
        if r.cost_per_job_eur is not None:
            rows.append((L.cost_per_job, L.eur(r.cost_per_job_eur)))
    if r.rates is not None:
        rows.append((L.rate_before, L.pct(r.rates.before)))
        if r.rates.after is not None:
            rows.append((L.rate_after, L.pct(r.rates.after)))
        rows += [(L.rate_target, L.pct(r.rates.target, 1)),
                 (L.jobs_to_target, L.whole_jobs(r.rates.jobs_to_target))]
        if r.rates.jobs_missing is not None:
            rows.append((L.jobs_missing, L.whole_jobs(r.rates.jobs_missing)))
    return rows


def domain_table(r: ReportData, d: DomainLine, L: Labels) -> Table:
    """The actions a domain leads or co-finances, with its cost to the domain (and, phased, their start year);
    spend against budget below (phased: and what is committed after the horizon)."""
    spend = "\n".join(
        f"{s.year if s.year is not None else L.whole_period}: {L.spend.lower()} {L.eur(s.spend_eur)}, "
        f"{L.budget.lower()} {L.eur(s.budget_eur)}, {L.left.lower()} {L.eur(s.left_eur)}"
        for s in (*d.years, d.total)
    )
    if d.after_horizon_eur is not None:
        spend += f"\n{L.t('after_horizon.row', year=r.years[-1])}: {L.eur(d.after_horizon_eur)}"
    t = Table(title=Text(L.t("terminal.domain", name=d.domain.name)), title_justify="left",
              caption=Text(spend), caption_justify="left")
    phased = r.phasing is not None
    for col, just in ((L["col.action"], "left"), (L["col.name"], "left"), (L.role, "left"),
                      *([(L.start_year, "right")] if phased else []), (L.cost_to_domain, "right"),
                      (L["col.jobs"], "right")):
        t.add_column(col, justify=just)
    mine = set(d.leads) | {c.action.id for c in d.cofinances}
    for a in r.actions:
        if a.action.id in mine:
            role = L["role.lead"] if a.action.id in d.leads else L["role.partner"]
            start = [str(a.start_year)] if phased else []
            t.add_row(a.action.id, Text(a.action.name), role, *start, L.eur(a.paid_by(d.domain.id)),
                      L.jobs(a.jobs) if a.action.id in d.leads else "")
    return t


def years_table(r: ReportData, L: Labels) -> Table:
    """A phased plan per year: the extra jobs present and, with a baseline, the rate against the path."""
    ph = r.phasing
    note = L["years_note.no_path"]
    if r.rates:
        note = L.t("years_note", before=L.pct(r.rates.before), start=ph.horizon[0] - 1,
                   target=L.pct(r.rates.target, 1), year=ph.target_year)
    t = Table(title=L.years_title, title_justify="left", caption=Text(note), caption_justify="left")
    columns = ["col.jobs_year", *(("col.employment_rate", "col.path_rate", "col.path_jobs", "col.short_jobs")
                                  if r.rates else ())]
    t.add_column(L.year)
    for key in columns:
        t.add_column(L[key], justify="right")
    for y in ph.years:
        rates = ((L.pct(y.rate), L.pct(y.path_rate), L.jobs(y.path_jobs), L.jobs(y.short_jobs)) if r.rates
                 else ())
        t.add_row(str(y.year), L.jobs(y.jobs), *rates)
    return t


def print_uncertainty(r: ReportData, L: Labels, out: Console) -> None:
    """The section in the terminal: the range of the jobs, then the candidates that are ever optimal."""
    mc = r.uncertainty.monte_carlo
    out.print(Text(L.uncertainty, style="bold"))
    out.print(Text(L.t("uncertainty.range", samples=mc.samples, mean=L.jobs(mc.nominal.mean), p5=L.jobs(mc.nominal.p5),
                       p50=L.jobs(mc.nominal.p50), p95=L.jobs(mc.nominal.p95), share=L.pct(mc.p_target, 1),
                       target=L.jobs(mc.target_jobs))))
    t = Table(title=L["uncertainty.title"], title_justify="left")
    for col, just in ((L["col.action"], "left"), (L["col.name"], "left"), (L["col.chosen"], "left"),
                      (L["col.frequency"], "right"), (L["col.jobs_lost"], "right")):
        t.add_column(col, justify=just)
    for a, f, c in uncertainty_lines(r):
        if f > 0 or a.chosen:
            lost = L["uncertainty.indispensable"] if c and c.indispensable else L.jobs(c.jobs_lost) if c else ""
            t.add_row(a.action.id, Text(a.action.name), L.yes if a.chosen else L.no, L.num(f, 2), lost)
    out.print(t)
