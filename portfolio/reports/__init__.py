"""Reports of a solved case: summary, action plan and one page per domain, as Markdown, CSV, xlsx and HTML.

    data = build_report(case, solution)          # one frozen ReportData, from the case and the Solution only
    paths = write_report(data, "out/", lang="nl") # summary.md, action-plan.md, domains/*.md, *.csv, report.xlsx, report.html

The report's data (data.py) and labels need none of the 'reports' extra, so the terminal renders them in the
core install; the writers (pandas, jinja2, matplotlib) load when first asked for.
"""

from portfolio.reports.data import ReportData, build_report
from portfolio.reports.labels import LANGS, Labels

_WRITERS = ("FORMATS", "TargetError", "check_target", "write_report")


def __getattr__(name: str):
    if name in _WRITERS:
        from portfolio.reports import write

        return getattr(write, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["FORMATS", "LANGS", "Labels", "ReportData", "TargetError", "build_report", "check_target",
           "write_report"]
