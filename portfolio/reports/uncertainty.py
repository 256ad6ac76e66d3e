"""The report's uncertainty section (`portfolio report --robust N`): how often each action is optimal over sampled
effects, the reported portfolio's jobs over the samples, and each chosen action's replacement cost; as
uncertainty.md and an HTML section with two charts (the CSV table and workbook sheet are in tables.py, the
terminal table in portfolio/present/report.py). It draws from the study it is handed (portfolio.uncertainty.uncertainty_report) and solves nothing."""

from __future__ import annotations

import matplotlib

from portfolio.reports.charts import STYLE, _svg
from portfolio.reports.data import ReportData, uncertainty_lines
from portfolio.reports.labels import Labels
from portfolio.reports.templating import environment
from portfolio.reports.figures import frequency_figure, jobs_figure


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
    return environment(html=False).get_template("uncertainty.md.j2").render(r=r, L=L, lines=uncertainty_lines(r))
