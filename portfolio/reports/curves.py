"""The budget frontier and the target curve in report.html (SVG and a table) and report.xlsx (a sheet each),
from the sweeps handed over (`report --frontier`, `--target-curve`), so they equal `frontier` and `target`."""

from __future__ import annotations

import matplotlib
import pandas as pd
from matplotlib.ticker import FuncFormatter

from portfolio.reports.charts import BLUE, INK, STYLE, TARGET, _figure, _svg
from portfolio.reports.data import ReportData
from portfolio.reports.labels import Labels

FRONTIER = ("scale", "budget_eur", "jobs", "cost_eur", "status", "actions")
TARGETS = ("rate", "jobs_target", "reachable", "cost_eur", "shortfall_jobs", "status")


def frontier_frame(r: ReportData, L: Labels) -> pd.DataFrame:
    """One row per budget scale: the scaled total budget (EUR), the most jobs, their cost, the status in words
    (carried where a smaller budget's plan is used) and the number of actions."""
    rows = [(p.scale, p.budget_eur, p.jobs, p.cost_eur,
             L.status_text(p.status) + (f" ({L['frontier.carried']})" if p.carried else ""), len(p.selected))
            for p in r.studies.frontier.points]
    return pd.DataFrame(rows, columns=list(FRONTIER)).astype(
        {"scale": "float64", "budget_eur": "float64", "jobs": "float64", "cost_eur": "float64"})


def target_frame(r: ReportData, L: Labels) -> pd.DataFrame:
    """One row per target rate (0-1): the extra jobs it needs, whether a plan reaches it, the cheapest cost of
    one that does (EUR), the jobs short of it otherwise, and the status."""
    rows = []
    for p in r.studies.target_curve.points:
        reached = {True: L.yes, False: L.no, None: L["targets.undecided"]}[p.reachable]
        rows.append((p.rate, max(0.0, p.jobs_target), reached,
                     p.solution.cost_total_eur if p.reachable else None,
                     None if p.reachable else p.shortfall_jobs,
                     L.status_text("infeasible") if p.reachable is False else
                     L.status_text(p.solution.status.value)))
    return pd.DataFrame(rows, columns=list(TARGETS)).astype(
        {"rate": "float64", "jobs_target": "float64", "cost_eur": "float64", "shortfall_jobs": "float64"})


def frontier_chart(r: ReportData, L: Labels) -> str:
    """The most extra jobs against the total budget (EUR million), the current budget marked."""
    points = [p for p in r.studies.frontier.points if p.jobs is not None]
    with matplotlib.rc_context(STYLE):
        fig = _figure(10, 3.4)
        ax = fig.subplots()
        ax.plot([p.budget_eur / 1e6 for p in points], [p.jobs for p in points], color=BLUE, marker="o",
                linewidth=1.5)
        if r.studies.frontier_budget_eur is not None:
            ax.axvline(r.studies.frontier_budget_eur / 1e6, color=TARGET, linestyle="--", linewidth=1.2,
                       label=L["frontier.current"])
            ax.legend(frameon=False, loc="lower right")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: L.num(v, 0 if v == int(v) else 1)))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: L.num(v, 0 if v == int(v) else 1)))
        ax.set_xlabel(L["frontier.x"])
        ax.set_ylabel(L["frontier.y"])
        return _svg(fig, L["frontier.title"])


def target_chart(r: ReportData, L: Labels) -> str:
    """The cheapest cost (EUR million) against the target rate (%); unreachable and undecided targets marked
    on the axis, not left out."""
    points = [p for p in r.studies.target_curve.points if p.rate is not None]
    reached = [p for p in points if p.reachable]
    with matplotlib.rc_context(STYLE):
        fig = _figure(10, 3.4)
        ax = fig.subplots()
        ax.plot([p.rate * 100 for p in reached], [p.solution.cost_total_eur / 1e6 for p in reached],
                color=BLUE, marker="o", linewidth=1.5)
        for key, marker, which in (("targets.unreachable", "x", False), ("targets.not_decided", "^", None)):
            xs = [p.rate * 100 for p in points if p.reachable is which]
            if xs:
                ax.plot(xs, [0] * len(xs), linestyle="none", marker=marker,
                        color=TARGET if which is False else INK, label=L[key], clip_on=False)
        if len(reached) < len(points):
            fig.legend(loc="outside lower center", ncols=2, frameon=False)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: L.num(v, 2)))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: L.num(v, 0 if v == int(v) else 1)))
        ax.set_ylim(bottom=0)
        ax.set_xlabel(L["targets.x"])
        ax.set_ylabel(L["targets.y"])
        return _svg(fig, L["targets.title"])
