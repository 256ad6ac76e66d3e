"""Figures of an uncertainty study (matplotlib): how often each action is optimal, and the nominal portfolio's
jobs over the samples. The report draws them as SVG, `robust --out` saves them as PNG and SVG."""

from __future__ import annotations

from collections.abc import Callable

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from models.uncertainty import MonteCarloResult

CHOSEN, OTHER, LINE, MARK = "#0072B2", "#BFBFBF", "#D55E00", "#1A1A1A"
ENGLISH = {"frequency": "selection frequency over the samples", "chosen": "in the nominal portfolio",
           "other": "not in it", "jobs": "extra jobs of the nominal portfolio", "samples": "samples",
           "central": "at the central effects", "title.frequency": "How often each action is optimal",
           "title.jobs": "Jobs of the nominal portfolio over the samples"}
Number = Callable[[float, int], str]  # a value and its decimals, written as the reader reads numbers


def english(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def frequency_figure(result: MonteCarloResult, names: dict[str, str], text: dict[str, str] = ENGLISH,
                     num: Number = english) -> Figure:
    """Horizontal bars: each action's selection frequency (0-1), the most frequent on top; the nominal
    portfolio's actions in blue."""
    order = sorted(result.frequency, key=lambda a: (-result.frequency[a], a not in result.selected, a))
    fig = Figure(figsize=(8, 0.2 * len(order) + 1.4), layout="constrained")
    ax = fig.subplots()
    ys = list(range(len(order)))[::-1]
    colours = [CHOSEN if a in result.selected else OTHER for a in order]
    ax.barh(ys, [result.frequency[a] for a in order], height=0.7, color=colours)
    ax.set_yticks(ys, [_label(a, names.get(a, "")) for a in order], fontsize=7)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: num(v, 1)))
    ax.set_xlabel(text["frequency"])
    ax.set_title(text["title.frequency"], loc="left")
    ax.bar(0, 0, color=CHOSEN, label=text["chosen"])
    ax.bar(0, 0, color=OTHER, label=text["other"])
    fig.legend(loc="outside lower center", ncols=2, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def jobs_figure(result: MonteCarloResult, text: dict[str, str] = ENGLISH, num: Number = english) -> Figure:
    """A histogram of the nominal portfolio's jobs over the samples, with P5, P50 and P95 and its central jobs."""
    fig = Figure(figsize=(8, 3.6), layout="constrained")
    ax = fig.subplots()
    ax.hist(result.jobs_by_sample or [result.nominal.mean], bins=30, color=CHOSEN, alpha=0.85)
    r = result.nominal
    for value, label in ((r.p5, "P5"), (r.p50, "P50"), (r.p95, "P95")):
        ax.axvline(value, color=LINE, linestyle="--", linewidth=1.2)
        ax.annotate(label, (value, 1), xycoords=("data", "axes fraction"), ha="center", va="bottom", color=LINE)
    ax.axvline(result.jobs, color=MARK, linewidth=1.5, label=f"{num(result.jobs, 0)} {text['central']}")
    ax.set_xlabel(text["jobs"])
    ax.set_ylabel(text["samples"])
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: num(v, 0)))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(text["title.jobs"], loc="left", pad=16)
    ax.legend(loc="upper left", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def _label(action: str, name: str, width: int = 44) -> str:
    text = f"{action} {name}"
    return text if len(text) <= width else text[: width - 1] + "…"
