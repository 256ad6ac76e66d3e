"""Monitoring in the terminal: on track or not and why, the forecast with its band, actions with their flags,
domains, and spend per year against the plan. Every figure comes from the Monitoring."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from models.progress import Monitoring
from portfolio.present.text import as_jobs, labels

COLOUR = {"on_track": "green", "at_risk": "yellow", "off_track": "red"}


def print_monitoring(m: Monitoring, out: Console) -> None:
    """The monitoring of a plan as a planner reads it."""
    L = labels()
    track = {k: f"[{c}]{L['track.' + k]}[/{c}]" for k, c in COLOUR.items()}
    out.print(L.t("t.progress", case=f"[bold]{escape(m.case)}[/bold]", year=m.as_of, track=track[m.track]))
    out.print(L.t("t.forecast", year=m.target_year, forecast=as_jobs(m.forecast_jobs),
                  p5=as_jobs(m.forecast_p5), p95=as_jobs(m.forecast_p95), samples=m.samples,
                  planned=as_jobs(m.planned_jobs)))
    if m.employment_rate is not None:
        r = m.employment_rate
        out.print(L.t("t.forecast_rate", year=m.target_year, forecast=L.pct(r["forecast"], 2),
                      p5=L.pct(r["forecast_p5"], 2), p95=L.pct(r["forecast_p95"], 2),
                      planned=L.pct(r["planned"], 2), target=L.pct(r["target"], 2)))
    t = Table(title=L["t.progress_actions"])
    for col, just in (("t.action", "left"), ("t.domain", "left"), ("t.starts", "left"), ("t.status", "left"),
                      ("t.spend_plan", "right"), ("t.spend_real", "right"), ("t.jobs_plan", "right"),
                      ("t.jobs_forecast", "right"), ("t.flags", "left")):
        t.add_column(L[col], justify=just)
    for a in m.actions:
        starts = "/".join("-" if y is None else str(y) for y in (a.planned_start, a.actual_start, a.forecast_start))
        t.add_row(a.action, a.lead_domain, starts, L[f"progress.status.{a.status}"] if L.lang != "en" else
                  a.status.replace("_", " "), L.num(a.planned_spend_eur), L.num(a.spend_eur),
                  as_jobs(a.planned_jobs), as_jobs(a.forecast_jobs),
                  ", ".join(L[f"flag.{f}"] for f in a.flags))
    out.print(t)
    t = Table(title=L["t.domains"], caption=L["t.domains.caption"])
    for col, just in (("t.domain", "left"), ("t.spend_plan_d", "right"), ("t.spend_real_d", "right"),
                      ("t.committed", "right"), ("t.budget", "right"), ("t.jobs_plan", "right"),
                      ("t.jobs_forecast", "right"), ("", "left")):
        t.add_column(L[col] if col else "", justify=just)
    for d in m.domains:
        t.add_row(d.name, L.num(d.planned_spend_eur), L.num(d.spend_eur), L.num(d.committed_eur),
                  L.num(d.budget_eur), as_jobs(d.planned_jobs), as_jobs(d.forecast_jobs), track[d.track])
    out.print(t)
    rule = m.rule if L.lang == "en" else L.t(
        "progress.rule", off=L.pct(m.off_track_share, 0), on=L.pct(m.on_track_share, 0),
        tolerance=L.pct(m.spend_tolerance, 0))
    out.print(L.t("t.rule", rule=rule))
    for note in m.notes:
        out.print(L.t("t.note", note=note) + ".")
