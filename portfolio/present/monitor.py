"""Monitoring in the terminal: on track or not and why, the forecast with its band, actions with their flags,
domains, and spend per year against the plan. Every figure comes from the Monitoring."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from models.progress import Monitoring
from portfolio.present.text import as_jobs

TRACK = {"on_track": "[green]on track[/green]", "at_risk": "[yellow]at risk[/yellow]",
         "off_track": "[red]off track[/red]"}


def print_monitoring(m: Monitoring, out: Console) -> None:
    """The monitoring of a plan as a planner reads it."""
    out.print(f"[bold]{m.case}[/bold]: progress up to {m.as_of}: {TRACK[m.track]}")
    out.print(f"Jobs in {m.target_year}: forecast {as_jobs(m.forecast_jobs)} (P5-P95 {as_jobs(m.forecast_p5)} - "
              f"{as_jobs(m.forecast_p95)}, {m.samples} samples of the effects) against {as_jobs(m.planned_jobs)} "
              "planned")
    if m.employment_rate is not None:
        r = m.employment_rate
        out.print(f"Employment rate in {m.target_year}: forecast {r['forecast']:.2%} (P5-P95 {r['forecast_p5']:.2%} - "
                  f"{r['forecast_p95']:.2%}) against {r['planned']:.2%} planned; target {r['target']:.2%}")
    t = Table(title="Actions: planned against realised")
    for col, just in (("action", "left"), ("domain", "left"), ("start plan/real/forecast", "left"),
                      ("status", "left"), ("spend plan EUR", "right"), ("spend real EUR", "right"),
                      ("jobs plan", "right"), ("jobs forecast", "right"), ("flags", "left")):
        t.add_column(col, justify=just)
    for a in m.actions:
        starts = "/".join("-" if y is None else str(y) for y in (a.planned_start, a.actual_start, a.forecast_start))
        t.add_row(a.action, a.lead_domain, starts, a.status.replace("_", " "), f"{a.planned_spend_eur:,.0f}",
                  f"{a.spend_eur:,.0f}", as_jobs(a.planned_jobs), as_jobs(a.forecast_jobs), ", ".join(a.flags))
    out.print(t)
    t = Table(title="Domains", caption="jobs: direct jobs of the actions the domain leads, before caps")
    for col, just in (("domain", "left"), ("spend plan", "right"), ("spend real", "right"),
                      ("committed", "right"), ("budget", "right"), ("jobs plan", "right"),
                      ("jobs forecast", "right"), ("", "left")):
        t.add_column(col, justify=just)
    for d in m.domains:
        t.add_row(d.name, f"{d.planned_spend_eur:,.0f}", f"{d.spend_eur:,.0f}", f"{d.committed_eur:,.0f}",
                  f"{d.budget_eur:,.0f}", as_jobs(d.planned_jobs), as_jobs(d.forecast_jobs), TRACK[d.track])
    out.print(t)
    out.print(f"Rule: {m.rule}.")
    for note in m.notes:
        out.print(f"Note: {note}.")
