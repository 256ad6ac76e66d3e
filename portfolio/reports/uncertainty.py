"""The report's uncertainty section (`portfolio report --robust N`): how often each action is optimal over sampled
effects, the reported portfolio's jobs over the samples, and each chosen action's replacement cost; as
uncertainty.md, an HTML section with two charts and a terminal table (the CSV table and workbook sheet are in
tables.py). It draws from the study it is handed (portfolio.uncertainty.uncertainty_report) and solves nothing."""

from __future__ import annotations

import matplotlib
from rich.console import Console
from rich.table import Table
from rich.text import Text

from models.uncertainty import ActionImportance
from portfolio.reports.charts import STYLE, _svg
from portfolio.reports.data import ActionLine, ReportData
from portfolio.reports.labels import Labels
from portfolio.reports.templating import environment
from portfolio.reports.figures import frequency_figure, jobs_figure


def lines(r: ReportData) -> list[tuple[ActionLine, float, ActionImportance | None]]:
    """Every candidate with its selection frequency and, if chosen, its replacement cost; the most frequent first."""
    u = r.uncertainty
    cost = {a.action: a for a in u.importance.actions} if u.importance else {}
    frequency = u.monte_carlo.frequency
    out = [(a, frequency[a.action.id], cost.get(a.action.id)) for a in r.actions]
    return sorted(out, key=lambda x: (-x[1], not x[0].chosen, x[0].action.id))


def charts(r: ReportData, L: Labels) -> dict[str, str]:
    """The two charts of the section as inline SVG, labelled in the report's language."""
    text = {key: L[f"uncertainty.chart.{key}"] for key in ("frequency", "chosen", "other", "jobs", "samples",
                                                            "central", "title.frequency", "title.jobs")}
    names = {a.action.id: a.action.name for a in r.actions}
    mc = r.uncertainty.monte_carlo
    with matplotlib.rc_context(STYLE):
        return {"frequency": _svg(frequency_figure(mc, names, text, L.num), L["uncertainty.chart.title.frequency"]),
                "samples": _svg(jobs_figure(mc, text, L.num), L["uncertainty.chart.title.jobs"])}


def markdown(r: ReportData, L: Labels) -> str:
    return environment(html=False).get_template("uncertainty.md.j2").render(r=r, L=L, lines=lines(r))


def print_section(r: ReportData, L: Labels, out: Console) -> None:
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
    for a, f, c in lines(r):
        if f > 0 or a.chosen:
            lost = L["uncertainty.indispensable"] if c and c.indispensable else L.jobs(c.jobs_lost) if c else ""
            t.add_row(a.action.id, Text(a.action.name), L.yes if a.chosen else L.no, L.num(f, 2), lost)
    out.print(t)
