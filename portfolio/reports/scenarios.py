"""The report's scenarios (`report --scenario FILE`): the base plan and each scenario side by side in every
format, from the what-if study handed over (portfolio.sweeps.whatif), so every figure equals `whatif`'s."""

from __future__ import annotations

import matplotlib
import pandas as pd

from models import Solution
from models.sweeps import WhatIfResult
from portfolio.reports.charts import BLUE, DARK, INK, STYLE, _figure, _svg, _wrap
from portfolio.reports.data import ReportData
from portfolio.reports.labels import Labels
from portfolio.reports.tables import guard_text
from portfolio.reports.templating import environment

COLUMNS = ("scenario", "status", "jobs", "jobs_change", "cost_eur", "cost_change_eur", "rate_after", "added",
           "removed")
PHASED = ("target_year", "base_jobs_in_target_year", "start_changes")
SPEND = "spend_change_eur:"  # then the domain id: one column per domain whose spend changes


def _rate(s: Solution) -> float | None:
    return s.employment_rate.after if s.employment_rate is not None else None


def domains(w: WhatIfResult) -> list[str]:
    """The domains whose spend any scenario compares, in the order the what-if gives them."""
    return list(dict.fromkeys(d for s in w.scenarios for d in s.spend_change_eur))


def frame(r: ReportData, L: Labels) -> pd.DataFrame:
    """scenarios.csv and the workbook's sheet: the base, then each scenario; jobs in persons, money in EUR,
    the rate 0-1; changes against the base; actions in and out separated by `;`; in a phased case the
    scenario's target year, the base plan's jobs in it and the start years that moved (`A01 2026->2027`)."""
    w = r.studies.whatif
    b = w.base
    spend = domains(w)
    phased = b.phased
    rows = [[L["scen.base"], L.status_text(b.status.value), b.jobs_total, None, b.cost_total_eur, None,
             _rate(b),
             "", "", *([None] * len(spend)), *([None, None, ""] if phased else [])]]
    for s in w.scenarios:
        sol = s.solution
        moved = ";".join(f"{a} {_year(c.base)}->{_year(c.scenario)}"
                         for a, c in (s.start_changes or {}).items())
        rows.append([s.name, L.status_text(sol.status.value), sol.jobs_total, s.jobs_change,
                     sol.cost_total_eur,
                     s.cost_change_eur, _rate(sol), ";".join(s.added), ";".join(s.removed),
                     *(s.spend_change_eur.get(d) for d in spend),
                     *([s.target_year, s.base_jobs_in_target_year, moved] if phased else [])])
    columns = [*COLUMNS, *(SPEND + d for d in spend), *(PHASED if phased else ())]
    out = pd.DataFrame(rows, columns=columns)
    numbers = [c for c in columns if c not in ("scenario", "status", "added", "removed", "start_changes",
                                              "target_year")]
    out = out.astype({c: "float64" for c in numbers})
    if phased:
        out["target_year"] = pd.array(out["target_year"], dtype="Int64")
    for c in ("scenario", "added", "removed", *(("start_changes",) if phased else ())):
        out[c] = out[c].map(guard_text)
    return out


def headers(r: ReportData, L: Labels, columns) -> list[str]:
    """The workbook's headers of the frame's columns, in the report's language."""
    names = {d.domain.id: d.domain.name for d in r.domains}
    return [L.t("scen.col.spend", name=names.get(c.removeprefix(SPEND), c.removeprefix(SPEND)))
            if c.startswith(SPEND) else L[f"scen.col.{c}"] for c in columns]


def _year(y: int | None) -> str:
    return "-" if y is None else str(y)


def chart(r: ReportData, L: Labels) -> str:
    """Two panels side by side: the extra jobs and the cost of the base plan and each scenario."""
    w = r.studies.whatif
    names = [L["scen.base"], *(s.name for s in w.scenarios)]
    plans = [w.base, *(s.solution for s in w.scenarios)]
    jobs = [p.jobs_total or 0.0 for p in plans]
    cost = [(p.cost_total_eur or 0.0) / 1e6 for p in plans]
    with matplotlib.rc_context(STYLE):
        fig = _figure(10, 0.45 * len(names) + 1.4)
        axes = fig.subplots(1, 2, sharey=True)
        ys = list(range(len(names)))[::-1]
        for ax, values, label, money in ((axes[0], jobs, L["scen.chart.jobs"], False),
                                         (axes[1], cost, L["scen.chart.cost"], True)):
            ax.barh(ys, values, height=0.6, color=[DARK, *[BLUE] * (len(values) - 1)])
            top = max(values + [1.0])
            for y, v in zip(ys, values):
                ax.text(v + top * 0.01, y, L.num(v, 1) if money else L.about(v), va="center", fontsize=8,
                        color=INK)
            ax.set_xlim(0, top * 1.25)
            ax.set_xlabel(label)
        axes[0].set_yticks(ys, [_wrap(n, 28) for n in names])
        return _svg(fig, L["scen.chart"])


def markdown(r: ReportData, L: Labels) -> str:
    """scenarios.md."""
    return environment(html=False).get_template("scenarios.md.j2").render(r=r, L=L, **context(r))


def context(r: ReportData) -> dict:
    """What the scenario templates take beside `r` and `L`: the domain names, and the domains compared."""
    return dict(domain_names={d.domain.id: d.domain.name for d in r.domains},
                spend_domains=domains(r.studies.whatif),
                year=_year)
