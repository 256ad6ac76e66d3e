"""Files a sweep writes with `--out DIR`: each solve's JSON as it finishes, then the comparison CSV and plots."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

from inputs.files import atomic_write
from models import Solution
from models.sweeps import FrontierResult, MarginalResult, TargetCurve, WhatIfResult

_UNSAFE = re.compile(r"[^A-Za-z0-9_.+-]+")


def prepare(folder: Path, force: bool) -> Path:
    """Create `folder` for a sweep's files; refuse a non-empty one unless `force` (FileExistsError)."""
    if folder.exists() and not folder.is_dir():
        raise FileExistsError(f"{folder} is a file; give a folder for the sweep's files")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise FileExistsError(f"{folder} is not empty; give an empty or new folder, or --force to add to it")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def file_name(key: str) -> str:
    """A file name for a scenario name or point key: letters, digits and `_.+-` only."""
    return _UNSAFE.sub("_", key).strip("_") or "solve"


def write_solution(folder: Path, key: str, solution: Solution) -> Path:
    """The contract JSON of one solve, written atomically as `<key>.json`."""
    path = folder / f"{file_name(key)}.json"
    atomic_write(path, solution.model_dump_json(indent=2) + "\n")
    return path


def _csv(path: Path, header: list[str], rows: list[list]) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    atomic_write(path, buffer.getvalue())
    return path


def whatif_csv(folder: Path, result: WhatIfResult) -> Path:
    """comparison.csv; a phased case adds the target year, the base plan's jobs in it and the start changes
    (`A10:2027>2028`, `-` where the action is not chosen)."""
    phased = result.base.phased
    base = result.base
    rows = [["base", base.status.value, base.jobs_total, base.cost_total_eur, "", "", "", ""]
            + (["", "", ""] if phased else [])]
    for s in result.scenarios:
        sol = s.solution
        rows.append([s.name, sol.status.value, sol.jobs_total, sol.cost_total_eur, s.jobs_change, s.cost_change_eur,
                     ";".join(s.added), ";".join(s.removed)])
        if phased:
            changes = (s.start_changes or {}).items()
            moved = ";".join(f"{a}:{_year(c.base)}>{_year(c.scenario)}" for a, c in changes)
            rows[-1] += [s.target_year, s.base_jobs_in_target_year, moved]
    header = ["scenario", "status", "jobs", "cost_eur", "jobs_change", "cost_change_eur", "added", "removed"]
    if phased:
        header += ["target_year", "base_jobs_in_target_year", "start_changes"]
    return _csv(folder / "comparison.csv", header, rows)


def frontier_csv(folder: Path, result: FrontierResult) -> Path:
    """frontier.csv; a phased case adds each point's start years (`A10:2027;A12:2026`)."""
    phased = result.target_year is not None
    rows = [[p.scale, p.budget_eur, p.jobs, p.cost_eur, p.status, p.gap, p.carried, ";".join(p.selected)]
            + ([";".join(f"{a}:{y}" for a, y in (p.start_year or {}).items())] if phased else [])
            for p in result.points]
    return _csv(folder / "frontier.csv", ["scale", "budget_eur", "jobs", "cost_eur", "status", "gap", "carried",
                                          "selected"] + (["start_year"] if phased else []), rows)


def _year(year: int | None) -> str:
    return "-" if year is None else str(year)


def marginal_csv(folder: Path, result: MarginalResult) -> Path:
    rows = [[d.domain, d.plus_jobs, d.minus_jobs, d.plus_status, d.minus_status, ";".join(d.plus_entering),
             ";".join(d.plus_leaving), ";".join(d.minus_entering), ";".join(d.minus_leaving), d.next_step_eur,
             d.next_step_jobs, d.next_step_note] for d in result.domains]
    return _csv(folder / "marginal.csv", ["domain", "plus_jobs", "minus_jobs", "plus_status", "minus_status",
                                          "plus_entering", "plus_leaving", "minus_entering", "minus_leaving",
                                          "next_step_eur", "next_step_jobs", "next_step_note"], rows)


def target_csv(folder: Path, curve: TargetCurve) -> Path:
    rows = [[p.rate, p.jobs_target, p.reachable, p.solution.cost_total_eur if p.reachable else None,
             p.shortfall_jobs, p.rate_reached, p.solution.status.value, p.carried] for p in curve.points]
    return _csv(folder / "targets.csv", ["rate", "jobs_target", "reachable", "cost_eur", "shortfall_jobs",
                                         "rate_reached", "status", "carried"], rows)


def plot(folder: Path, stem: str, xs: list[float], ys: list[float], *, xlabel: str, ylabel: str, title: str,
         marker_x: float | None = None, marker_label: str = "",
         marks: dict[str, list[float]] | None = None,
         number: Callable[[float], str] | None = None) -> list[Path]:
    """A line chart as `<stem>.png` and `<stem>.svg` (matplotlib, no display needed); `number` writes the
    axes' numbers (default: matplotlib's).

    `marks`: a label per list of x positions without a y value (e.g. unreachable targets), drawn as crosses
    along the top of the plot and named in the legend."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.hashsalt"] = "portfolio"  # the same data gives the same SVG
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=120)
    ax.plot(xs, ys, marker="o", color="#1f5f8b", linewidth=2)
    if marker_x is not None:
        ax.axvline(marker_x, color="#b8860b", linestyle="--", linewidth=1.2, label=marker_label)
    for (label, at), (symbol, colour) in zip((marks or {}).items(), (("x", "#b22222"), ("d", "#777777"))):
        if at:
            ax.plot(at, [1.0] * len(at), transform=ax.get_xaxis_transform(), marker=symbol, markersize=9,
                    linestyle="none", color=colour, clip_on=False, label=label)
    if marker_x is not None or any((marks or {}).values()):
        ax.legend(loc="lower right", frameon=False)
    if number is not None:
        from matplotlib.ticker import FuncFormatter

        for axis in (ax.xaxis, ax.yaxis):
            axis.set_major_formatter(FuncFormatter(lambda v, _pos: number(v)))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.grid(True, color="#dddddd", linewidth=0.8)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return save_figure(fig, folder, stem)


def save_figure(fig, folder: Path, stem: str) -> list[Path]:
    """Write a matplotlib figure as `<stem>.png` and `<stem>.svg` (each atomically; no date in the SVG), close it."""
    import matplotlib.pyplot as plt

    paths = []
    for suffix in ("png", "svg"):
        path = folder / f"{stem}.{suffix}"
        buffer = io.BytesIO()
        fig.savefig(buffer, format=suffix, metadata={"Date": None} if suffix == "svg" else None)
        atomic_write(path, buffer.getvalue())
        paths.append(path)
    plt.close(fig)
    return paths


def plot_frontier(folder: Path, result: FrontierResult, current_budget_eur: float, *,
                  xlabel: str | None = None, ylabel: str = "extra jobs", title: str = "Budget frontier",
                  marker_label: str = "current budget",
                  number: Callable[[float], str] | None = None) -> list[Path]:
    """The most jobs against the budget (EUR million), the current budget marked; the texts in English unless
    given (a Dutch page gives its own), `number` writes the axes' numbers (default: matplotlib's)."""
    points = [p for p in result.points if p.jobs is not None]
    what = f"budget of {result.domain}" if result.domain else "total budget"
    return plot(folder, "frontier", [p.budget_eur / 1e6 for p in points], [p.jobs for p in points],
                xlabel=xlabel or f"{what} (EUR million)", ylabel=ylabel, title=title,
                marker_x=current_budget_eur / 1e6, marker_label=marker_label, number=number)


def plot_targets(folder: Path, curve: TargetCurve) -> list[Path]:
    """Cheapest cost against the target rate; unreachable and undecided targets are marked, not left out."""
    points = [p for p in curve.points if p.rate is not None]
    reached = [p for p in points if p.reachable]
    unreachable = [p.rate * 100 for p in points if p.reachable is False]
    marks = {"unreachable within the budgets and rules": unreachable,
             "undecided (solver stopped)": [p.rate * 100 for p in points if p.reachable is None]}
    return plot(folder, "targets", [p.rate * 100 for p in reached],
                [p.solution.cost_total_eur / 1e6 for p in reached], xlabel="target employment rate (%)",
                ylabel="cheapest cost (EUR million)", title="Cost of reaching a target rate", marks=marks)
