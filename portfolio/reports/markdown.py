"""The report as Markdown: summary.md, action-plan.md, one domains/<domain>.md per domain and, for a merged\ncase, working-groups.md."""

from __future__ import annotations

from portfolio.reports.data import DomainLine, ReportData
from portfolio.reports.labels import Labels
from portfolio.reports.summary_text import summary_context
from portfolio.reports.templating import environment


def summary(r: ReportData, L: Labels) -> str:
    return environment(html=False).get_template("summary.md.j2").render(r=r, L=L, **summary_context(r, L))


def action_plan(r: ReportData, L: Labels) -> str:
    return environment(html=False).get_template("action-plan.md.j2").render(r=r, L=L)


def domain(r: ReportData, d: DomainLine, L: Labels) -> str:
    return environment(html=False).get_template("domain.md.j2").render(r=r, d=d, L=L)


def working_groups(r: ReportData, L: Labels) -> str:
    return environment(html=False).get_template("working-groups.md.j2").render(r=r, L=L)
