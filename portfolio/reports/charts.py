"""The report's charts as SVG text (matplotlib, Agg, no pyplot state): spend against budget, jobs against caps,
the employment rate; for a phased plan the timeline and the jobs per year against the path to the target. The
same data give the same bytes (fixed hash salt, no date in the metadata)."""

from __future__ import annotations

import io
import math
import re
import textwrap

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from portfolio.reports.data import ReportData  # noqa: E402
from portfolio.reports.labels import Labels  # noqa: E402

# Colours that stay apart for the common colour-vision deficiencies (Okabe & Ito), on white.
BLUE = "#0072B2"
GREY = "#D9D9D9"
EDGE = "#6E6E6E"
DARK = "#8C8C8C"
TARGET = "#D55E00"
INK = "#1A1A1A"

MIN_TEXT_PX = 10  # no chart text renders smaller, on any screen

STYLE = {
    "svg.hashsalt": "drempels-portfolio-report",
    "svg.fonttype": "none",  # real text in the SVG: selectable, searchable, read by screen readers
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"],
    "font.size": 9,
    "axes.edgecolor": EDGE,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def charts(r: ReportData, L: Labels) -> dict[str, str]:
    """Chart name -> SVG for the charts the data support (none without a portfolio)."""
    if not r.has_portfolio:
        return {}
    out = {"spend": spend_chart(r, L), "jobs": jobs_chart(r, L)}
    if r.rates is not None and r.rates.after is not None:
        out["rate"] = rate_chart(r, L)
    if r.phasing is not None:
        out["timeline"] = timeline_chart(r, L)
        out["years"] = years_chart(r, L)
    return out


def _svg(fig: Figure, title: str) -> str:
    """The figure as an <svg> element to put inline in HTML, with its title for screen readers.

    It fills the width of the page, but never below the width at which its smallest text renders at
    MIN_TEXT_PX: on a narrower screen it scrolls inside its figure (report.css) rather than shrink.
    """
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    text = buf.getvalue()
    text = text[text.index("<svg"):]  # no XML declaration or DOCTYPE inside HTML
    text = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1', text, count=1)
    escaped = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    width = f'style="min-width: {_min_width_px(text)}px"'
    return text.replace("<svg", f'<svg role="img" aria-label="{escaped}" {width}', 1)


def _min_width_px(svg: str) -> int:
    """The width (CSS px) at which the smallest text of `svg` renders at MIN_TEXT_PX: its font sizes are in
    units of the viewBox, drawn at (rendered width / viewBox width)."""
    width = float(re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+)', svg).group(1))
    sizes = [float(x) for x in re.findall(r"font-size: ?([\d.]+)px", svg)] or [MIN_TEXT_PX]
    return math.ceil(width * MIN_TEXT_PX / min(sizes))


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _figure(width_in: float, height_in: float) -> Figure:
    """A figure outside pyplot's global state (call inside `rc_context(STYLE)`)."""
    return Figure(figsize=(width_in, height_in), layout="constrained")


PANELS_PER_ROW = 3


def panels(n: int) -> tuple[Figure, list]:
    """A figure with `n` panels, three to a row, the empty places hidden; its axes in reading order (call
    inside `rc_context(STYLE)`)."""
    cols = min(PANELS_PER_ROW, n)
    rows = math.ceil(n / cols)
    fig = _figure(10, 2.6 * rows + 0.6)
    axes = [ax for row in fig.subplots(rows, cols, squeeze=False) for ax in row]
    for ax in axes[n:]:
        ax.set_visible(False)
    return fig, axes[:n]


def spend_chart(r: ReportData, L: Labels) -> str:
    """One panel per domain: spend (blue) inside the budget (grey) for each year, or for the whole period."""
    with matplotlib.rc_context(STYLE):
        money = FuncFormatter(lambda v, _pos: L.num(v, 0 if v == int(v) else 1))
        if r.years:
            fig, axes = panels(len(r.domains))
            for k, (d, ax) in enumerate(zip(r.domains, axes)):
                lines = {s.year: s for s in d.years}
                xs = range(len(r.years))
                budget = [lines[y].budget_eur / 1e6 if y in lines else 0 for y in r.years]
                spend = [lines[y].spend_eur / 1e6 if y in lines else 0 for y in r.years]
                ax.bar(xs, budget, width=0.8, color=GREY, edgecolor=EDGE, linewidth=0.6, label=L["legend.budget"])
                ax.bar(xs, spend, width=0.5, color=BLUE, label=L["legend.spend"])
                ax.set_xticks(list(xs), [str(y) for y in r.years])
                ax.set_title(_wrap(d.domain.name, 42), fontsize=9, loc="left")
                ax.yaxis.set_major_formatter(money)
                ax.yaxis.set_major_locator(MaxNLocator(4))
                if k % PANELS_PER_ROW == 0:
                    ax.set_ylabel(L["axis.meur"])
        else:
            fig = _figure(10, 0.55 * len(r.domains) + 1.2)
            ax = fig.subplots()
            ys = range(len(r.domains))[::-1]
            ax.barh(ys, [d.total.budget_eur / 1e6 for d in r.domains], height=0.8, color=GREY, edgecolor=EDGE,
                    linewidth=0.6, label=L["legend.budget"])
            ax.barh(ys, [d.total.spend_eur / 1e6 for d in r.domains], height=0.5, color=BLUE, label=L["legend.spend"])
            ax.set_yticks(list(ys), [_wrap(d.domain.name, 40) for d in r.domains])
            ax.xaxis.set_major_formatter(money)
            ax.set_xlabel(L["axis.meur"])
        handles, labels = fig.axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=2, frameon=False)
        return _svg(fig, L["chart.spend"])


def jobs_chart(r: ReportData, L: Labels) -> str:
    """Per group: the jobs counted (blue) against the cap (grey), labelled `jobs / cap`."""
    with matplotlib.rc_context(STYLE):
        fig = _figure(10, 0.5 * len(r.groups) + 1.3)
        ax = fig.subplots()
        ys = list(range(len(r.groups)))[::-1]
        ax.barh(ys, [g.cap for g in r.groups], height=0.8, color=GREY, edgecolor=EDGE, linewidth=0.6,
                label=L["legend.cap"])
        ax.barh(ys, [g.jobs for g in r.groups], height=0.5, color=BLUE, label=L["legend.jobs"])
        most = max([g.cap for g in r.groups] + [g.jobs for g in r.groups] + [1.0])
        for y, g in zip(ys, r.groups):
            ax.text(max(g.cap, g.jobs) + most * 0.01, y, f"{L.jobs(g.jobs)} / {L.jobs(g.cap)}", va="center",
                    fontsize=8, color=INK)
        ax.set_xlim(0, most * 1.18)
        ax.set_yticks(ys, [_wrap(g.group.name, 34) for g in r.groups])
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: L.num(v, 0)))
        ax.set_xlabel(L["axis.jobs"])
        fig.legend(loc="outside lower center", ncols=2, frameon=False)
        return _svg(fig, L["chart.jobs"])


def rate_chart(r: ReportData, L: Labels) -> str:
    """The employment rate now and after the plan, against the target line; the axis does not start at 0."""
    rates = r.rates
    with matplotlib.rc_context(STYLE):
        fig = _figure(10, 2.3)
        ax = fig.subplots()
        values = [rates.before * 100, rates.after * 100]
        ax.barh([1, 0], values, height=0.6, color=[DARK, BLUE])
        low = math.floor(min(values) - 1)
        high = math.ceil(max(rates.target * 100, max(values)) + 1)
        ax.set_xlim(low, high)
        for y, v in zip([1, 0], values):
            ax.text(v + (high - low) * 0.005, y, L.pct(v / 100), va="center", fontsize=8, color=INK)
        ax.axvline(rates.target * 100, color=TARGET, linestyle="--", linewidth=1.5)
        ax.text(rates.target * 100 + (high - low) * 0.008, 1.5, L.t("rate.target", rate=L.pct(rates.target, 1)),
                color=TARGET, ha="left", va="center", fontsize=8)
        ax.set_ylim(-0.5, 1.9)
        ax.set_yticks([1, 0], [L["rate.now"], L["rate.after"]])
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: L.num(v, 0)))
        ax.set_xlabel(L["axis.rate"])
        return _svg(fig, L["chart.rate"])


def shade(share: float) -> str:
    """The timeline's colour at `share` (0-1) of the full effect, '#RRGGBB': pale at 0, BLUE at 1 (the
    workbook's timeline sheet uses it too)."""
    pale, full = (0xDC, 0xEA, 0xF5), (0x00, 0x72, 0xB2)
    return "#" + "".join(f"{round(p + (f - p) * share):02X}" for p, f in zip(pale, full))


def timeline_chart(r: ReportData, L: Labels) -> str:
    """Which chosen action runs when, grouped by lead domain: a bar from its start year to the last year
    shown, each year shaded by the share of its full effect present then (its ramp) and labelled with it.
    Each year's cell carries the id `timeline-<action>-<year>`."""
    ph = r.phasing
    years = [y.year for y in ph.years]
    rows: list[tuple[str, object]] = []  # ("domain", Ref) or ("action", TimelineLine), top to bottom
    for line in ph.timeline:
        if not rows or rows[-1][0] == "action" and rows[-1][1].lead.id != line.lead.id:
            rows.append(("domain", line.lead))
        rows.append(("action", line))
    with matplotlib.rc_context(STYLE):
        fig = _figure(10, 0.27 * len(rows) + 1.4)
        ax = fig.subplots()
        ys = range(len(rows))[::-1]
        ticks, labels = [], []
        for y, (kind, item) in zip(ys, rows):
            if kind == "domain":
                ax.text(-0.5, y, _wrap(item.name, 90), ha="left", va="center", fontsize=8, fontweight="bold",
                        color=INK)
                continue
            ticks.append(y)
            labels.append(_clip(f"{item.action.id} {item.action.name}", 44))
            for k, year in enumerate(years):
                if year < item.start_year:
                    continue
                share = item.share_in(year)
                cell = ax.barh(y, 1, left=k - 0.5, height=0.72, color=shade(share), edgecolor="white",
                               linewidth=0.8)
                cell.patches[0].set_gid(f"timeline-{item.action.id}-{year}")
                ax.text(k, y, L.pct(share, 0), ha="center", va="center", fontsize=7,
                        color="white" if share >= 0.5 else INK)
        ax.set_xlim(-0.5, len(years) - 0.5)
        ax.set_ylim(-0.6, len(rows) - 0.4)
        ax.set_xticks(range(len(years)), [str(y) for y in years])
        ax.xaxis.tick_top()
        ax.set_yticks(ticks, labels, fontsize=8)
        ax.tick_params(axis="y", length=0)
        ax.spines[["left", "bottom", "right", "top"]].set_visible(False)
        ax.set_xlabel(L["legend.share"])
        return _svg(fig, L["chart.timeline"])


def years_chart(r: ReportData, L: Labels) -> str:
    """The extra jobs present each year (bars, labelled) and, with a baseline, the jobs the path to the target
    asks for (line). Each bar carries the id `years-<year>`."""
    lines = r.phasing.years
    xs = list(range(len(lines)))
    with matplotlib.rc_context(STYLE):
        fig = _figure(10, 3.2)
        ax = fig.subplots()
        bars = ax.bar(xs, [y.jobs for y in lines], width=0.6, color=BLUE, label=L["legend.jobs_year"])
        for bar, y in zip(bars.patches, lines):
            bar.set_gid(f"years-{y.year}")
        top = max([y.jobs for y in lines] + [y.path_jobs or 0 for y in lines] + [1.0])
        for x, y in zip(xs, lines):
            ax.text(x, y.jobs + top * 0.015, L.jobs(y.jobs), ha="center", va="bottom", fontsize=8, color=INK)
        if lines[0].path_jobs is not None:
            path = [y.path_jobs for y in lines]
            ax.plot(xs, path, color=TARGET, linestyle="--", marker="o", linewidth=1.5, label=L["legend.path"])
            for x, value in zip(xs, path):
                ax.annotate(L.jobs(value), (x, value), xytext=(0, 7), textcoords="offset points", ha="center",
                            va="bottom", fontsize=8, color=TARGET)
        ax.set_ylim(0, top * 1.15)
        ax.set_xticks(xs, [str(y.year) for y in lines])
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: L.num(v, 0)))
        ax.set_ylabel(L["axis.jobs"])
        fig.legend(loc="outside lower center", ncols=2, frameon=False)
        return _svg(fig, L["chart.years"])


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
