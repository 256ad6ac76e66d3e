"""The report as one self-contained HTML page: inline CSS, charts inline as SVG, no script, no network.

Every text from the case is escaped by the template engine (autoescape); a Content-Security-Policy forbids
the page to load anything at all, so it opens the same offline.
"""

from __future__ import annotations

from markupsafe import Markup

from portfolio.reports import curves, scenarios, uncertainty
from portfolio.reports.charts import charts
from portfolio.reports.data import ReportData, uncertainty_lines
from portfolio.reports.labels import Labels
from portfolio.reports.summary_text import summary_context
from portfolio.reports.templating import environment


def page(r: ReportData, L: Labels) -> str:
    """report.html as text."""
    drawn = charts(r, L)
    lines = []
    if r.uncertainty is not None:
        drawn.update(uncertainty.charts(r, L))
        lines = uncertainty_lines(r)
    extra = {}
    if r.studies.whatif is not None:
        drawn["scenarios"] = scenarios.chart(r, L)
        extra = scenarios.context(r)
    if r.studies.frontier is not None:
        drawn["frontier"] = curves.frontier_chart(r, L)
    if r.studies.target_curve is not None:
        drawn["targets"] = curves.target_chart(r, L)
    svgs = {name: Markup(svg) for name, svg in drawn.items()}  # matplotlib escapes the texts it draws
    return environment(html=True).get_template("report.html.j2").render(r=r, L=L, charts=svgs, lines=lines,
                                                                         **summary_context(r, L), **extra)
