"""The progress report's charts as SVG text, in the report's style (charts.py): planned against realised
spend per domain and year, and the jobs (and employment rate) in the target year, planned and forecast with
the band."""

from __future__ import annotations

import matplotlib
from matplotlib.ticker import FuncFormatter, MaxNLocator

from portfolio.reports.charts import (BLUE, EDGE, GREY, INK, PANELS_PER_ROW, STYLE, TARGET, _figure, _svg,
                                      _wrap, panels)
from portfolio.reports.labels import Labels
from portfolio.reports.progress import ProgressReport


def charts(p: ProgressReport, L: Labels) -> dict[str, str]:
    """Chart name -> SVG: `spend` and `forecast`."""
    return {"spend": spend_chart(p, L), "forecast": forecast_chart(p, L)}


def spend_chart(p: ProgressReport, L: Labels) -> str:
    """One panel per domain: per year the planned spend (grey) beside the realised spend (blue, up to the year
    monitored; each bar carries the id `spend-<domain>-<year>`); a dotted line after the year monitored."""
    years = p.years
    with matplotlib.rc_context(STYLE):
        money = FuncFormatter(lambda v, _pos: L.num(v, _decimals(v)))
        fig, axes = panels(len(p.domains))
        for k, (s, ax) in enumerate(zip(p.domains, axes)):
            lines = {y.year: y for y in s.years}
            xs = range(len(years))
            ax.bar([x - 0.2 for x in xs], [lines[y].planned_eur / 1e6 for y in years], width=0.4, color=GREY,
                   edgecolor=EDGE, linewidth=0.6, label=L["progress.legend.planned"])
            past = [(x, y) for x, y in zip(xs, years) if y <= p.m.as_of]
            bars = ax.bar([x + 0.2 for x, _y in past], [lines[y].spend_eur / 1e6 for _x, y in past],
                          width=0.4, color=BLUE, label=L["progress.legend.realised"])
            for bar, (_x, y) in zip(bars.patches, past):
                bar.set_gid(f"spend-{s.domain.domain}-{y}")
            if past and past[-1][0] < len(years) - 1:
                ax.axvline(past[-1][0] + 0.5, color=EDGE, linestyle=":", linewidth=1)
            if not any(lines[y].planned_eur or lines[y].spend_eur for y in years):
                ax.set_ylim(0, 1)  # nothing planned or spent: an axis from 0 to EUR 1M, not around 0
            ax.set_xticks(list(xs), [str(y) for y in years])
            ax.set_title(_wrap(s.domain.name, 42), fontsize=9, loc="left")
            ax.yaxis.set_major_formatter(money)
            ax.yaxis.set_major_locator(MaxNLocator(4))
            if k % PANELS_PER_ROW == 0:
                ax.set_ylabel(L["axis.meur"])
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=2, frameon=False)
        return _svg(fig, L["progress.chart.spend"])


def _decimals(value: float) -> int:
    """Decimals that tell the ticks of an axis in millions apart (0.25 is not 0.2)."""
    return next((k for k in (0, 1) if abs(value * 10 ** k - round(value * 10 ** k)) < 1e-9), 2)


def forecast_chart(p: ProgressReport, L: Labels) -> str:
    """Jobs in the target year: planned (grey) and forecast (blue, id `forecast-jobs`) with the P5-P95 band as
    a whisker; with a baseline a second panel does the same for the employment rate against the target."""
    m = p.m
    rate = m.employment_rate
    with matplotlib.rc_context(STYLE):
        fig = _figure(10, 2.2 if rate is None else 3.8)
        axes = fig.subplots(1 if rate is None else 2, 1, squeeze=False)[:, 0]
        names = [L["progress.legend.planned"], L["progress.legend.forecast"]]
        _bars(axes[0], [m.planned_jobs, m.forecast_jobs], (m.forecast_p5, m.forecast_p95), names,
              lambda v: L.jobs(v), "forecast-jobs")
        axes[0].xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: L.num(v, 0)))
        axes[0].set_xlabel(L["axis.jobs"])
        if rate is not None:
            values = [rate["planned"] * 100, rate["forecast"] * 100]
            band = (rate["forecast_p5"] * 100, rate["forecast_p95"] * 100)
            ax = axes[1]
            _bars(ax, values, band, names, lambda v: L.pct(v / 100), "forecast-rate")
            low = min(*values, band[0], rate["target"] * 100)
            high = max(*values, band[1], rate["target"] * 100)
            pad = max(0.5, (high - low) * 0.15)
            ax.set_xlim(low - pad, high + pad * 2)
            ax.axvline(rate["target"] * 100, color=TARGET, linestyle="--", linewidth=1.5)
            ax.text(rate["target"] * 100, 1.45, L.t("rate.target", rate=L.pct(rate["target"], 1)),
                    color=TARGET, ha="center", va="bottom", fontsize=8)
            ax.set_ylim(-0.5, 1.8)
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: L.num(v, 1)))
            ax.set_xlabel(L["progress.axis.rate"])
        return _svg(fig, L["progress.chart.forecast"])


def _bars(ax, values: list[float], band: tuple[float, float], names: list[str], text, gid: str) -> None:
    """Planned (top, grey) and forecast (bottom, blue) as horizontal bars labelled with `text`, the forecast's
    band as a whisker."""
    bars = ax.barh([1, 0], values, height=0.55, color=[GREY, BLUE], edgecolor=[EDGE, BLUE], linewidth=0.6)
    bars.patches[1].set_gid(gid)
    low, high = band
    whisker = [[max(0.0, values[1] - low)], [max(0.0, high - values[1])]]
    ax.errorbar([values[1]], [0], xerr=whisker, fmt="none", ecolor=INK, elinewidth=1.2, capsize=5)
    top = max(*values, high)
    for y, v in zip([1, 0], values):
        ax.text(max(v, high if y == 0 else v) + top * 0.01, y, text(v), va="center", fontsize=8, color=INK)
    ax.set_yticks([1, 0], names)
    if ax.get_xlim()[1] < top * 1.15:
        ax.set_xlim(0, top * 1.15)
