"""Reports of a solved case: summary, action plan and one page per domain, as Markdown, CSV, xlsx and HTML.

    data = build_report(case, solution)          # one frozen ReportData, from the case and the Solution only
    paths = write_report(data, "out/", lang="nl") # summary.md, action-plan.md, domains/*.md, *.csv, report.xlsx, report.html
"""

from portfolio.reports.data import ReportData, build_report
from portfolio.reports.labels import LANGS, Labels
from portfolio.reports.write import FORMATS, TargetError, check_target, write_report

__all__ = ["FORMATS", "LANGS", "Labels", "ReportData", "TargetError", "build_report", "check_target",
           "write_report"]
