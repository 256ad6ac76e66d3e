"""Print the tables of a benchmark run and plot its scaling curves.

    python benchmarks/table.py [RUN] [--out out/bench]
    python -m benchmarks.table [RUN] [--out DIR]

RUN is a run file or pytest-benchmark's raw JSON (default out/bench/run.json;
`--saved` takes the newest file in benchmarks/results/). Prints Markdown:
solver x size per ladder shape (median seconds to proven optimality, or
`lim` and the gap at the time limit), the same as ratios to the best
hand-written model of the same run, the fixed cases (bundled, OR-Library),
the whole process (CLI against the reference as processes), the phased cases
(bench_phased.py: seconds with status and gap) and the stages; first, issue 24's
goals: each figure of the run beside its target, and the hard cases of
bench_goals.py against the hand-written model.
Writes scaling.png/.svg, process.png/.svg and stages.png/.svg into --out.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import defaultdict
from pathlib import Path

# the sibling modules, whether run as `python benchmarks/table.py` or `python -m benchmarks.table`
sys.path.insert(0, str(Path(__file__).resolve().parent))

from results import (  # noqa: E402
    REFERENCE,
    best_reference,
    kind,
    load,
    optimum,
    saved_runs,
    solves,
    wrong,
)

SHAPES = {
    "syn": "synergies, per-year budgets (max_jobs)",
    "eq": "synergies, per-year budgets, equity shares (max_jobs, exact jobs)",
    "mc": "min_cost: synergies, per-year budgets, jobs target",
}
TOOLKIT = ("highs", "cbc", "scip", "cpsat")
STAGES = ("test_load", "test_build", "test_verify", "test_finish")
# goal 2's easy cases: the faster hand-written process needs at most this many seconds (the issue's 0.2-0.9 s)
EASY_S = 1.0
STAGE_NAMES = {"test_load": "load + validate", "test_build": "build", "test_verify": "verify",
               "test_finish": "finish (make_solution)"}


def cell(b: dict | None, best: float | None = None) -> str:
    """Median seconds when proven optimal, else `lim` and the gap at the limit."""
    if b is None:
        return ""
    status = b.get("status")
    if status == "optimal":
        text = f"{b['median']:.2f}"
        return f"{text} (wrong optimum)" if wrong(b, best) else text
    if status == "feasible":
        gap = b.get("gap")
        return "lim" if gap is None else f"lim, gap {100 * gap:.2g} %"
    if status == "no_solution":
        return "none at the limit"
    return status or f"{b['median']:.2f}"


def ratio(b: dict | None, ref: dict | None, best: float | None = None) -> tuple[str, float | None]:
    """Text and value of time / reference time: `>=` when only the reference proved optimality, `<=` the other way."""
    if b is None or ref is None:
        return "", None
    mine, theirs = b.get("status") == "optimal" and not wrong(b, best), ref.get("status") == "optimal"
    r = b["median"] / ref["median"]
    if mine and theirs:
        return f"{r:.2f}", r
    if theirs:
        return f">= {r:.2f}", r
    if mine:
        return f"<= {r:.2f}", r
    return f"lim ({_pct(b.get('gap'))} vs {_pct(ref.get('gap'))})", None


def _pct(gap) -> str:
    return "-" if gap is None else f"{100 * gap:.2g} %"


def markdown(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def ladder_tables(run: dict) -> str:
    by_case = solves(run)
    parts = []
    for shape, title in SHAPES.items():
        cases = sorted((c for c in by_case if _shape(by_case[c]) == shape), key=lambda c: _actions(by_case[c]))
        if not cases:
            continue
        solvers = [s for s in TOOLKIT + REFERENCE if any(s in by_case[c] for c in cases)]
        sizes = [f"{_actions(by_case[c]):,}" for c in cases]
        rows = [[s] + [cell(by_case[c].get(s), optimum(by_case[c])) for c in cases] for s in solvers]
        parts.append(f"**{shape}**: {title}; seconds to proven optimum, or the gap at the limit\n\n"
                     + markdown(["solver \\ actions", *sizes], rows))
        refs = {c: best_reference(by_case[c]) for c in cases}
        rows = [[s] + [ratio(by_case[c].get(s), refs[c], optimum(by_case[c]))[0] for c in cases]
                for s in solvers if s in TOOLKIT]
        rows.append(["best reference"] + [refs[c]["extra"]["solver"] if refs[c] else "" for c in cases])
        parts.append(f"**{shape}**: time / best hand-written model (same run)\n\n"
                     + markdown(["solver \\ actions", *sizes], rows))
    return "\n\n".join(parts)


def fixed_table(run: dict) -> str:
    by_case = solves(run)
    names = [c for c in by_case if _shape(by_case[c]) in ("flanders", "orlib")]
    if not names:
        return ""
    solvers = [s for s in TOOLKIT + REFERENCE if any(s in by_case[c] for c in names)]
    rows = []
    small = sorted(c for c in names if c.startswith("mknap1-"))
    if small:  # mknap1-1..7 in one row: the sum of the medians, proven optimal only if all are
        per = {s: [by_case[c].get(s) for c in small] for s in solvers}
        rows.append([f"mknap1, {len(small)} instances (sum)"] + [
            f"{sum(b['median'] for b in per[s]):.2f}" if all(b and b.get("status") == "optimal" for b in per[s])
            else "not all proven" for s in solvers])
    for c in sorted(names, key=lambda c: (c != "flanders", c)):
        if c.startswith("mknap1-"):
            continue
        rows.append([f"{c} ({_actions(by_case[c])})"] + [cell(by_case[c].get(s), optimum(by_case[c])) for s in solvers])
    return "Bundled case and OR-Library (known optima asserted), seconds\n\n" + markdown(["case", *solvers], rows)


def process_table(run: dict) -> tuple[str, float | None]:
    """The processes per case, the ratio CLI / best reference and CLI / the reference with the backend auto chose;
    returns the table and the median of the first ratio."""
    by_case = solves(run, "test_process")
    if not by_case:
        return "", None
    rows, best_ratios, same_ratios = [], [], []
    for c in sorted(by_case, key=lambda c: (_actions(by_case[c]), c)):
        per, best = by_case[c], optimum(by_case[c])
        cli = per.get("cli")
        backend = cli["extra"].get("backend") if cli else None
        text, value = ratio(cli, best_reference(per), best)
        same_text, same = ratio(cli, per.get(f"ref-{backend}"), best)
        best_ratios += [value] if value is not None else []
        same_ratios += [same] if same is not None else []
        rows.append([f"{c} ({_actions(per):,})", f"{cell(cli, best)} ({backend})" if cli else "",
                     cell(per.get("ref-cbc"), best), cell(per.get("ref-highs"), best), text, same_text])
    median = statistics.median(best_ratios) if best_ratios else None
    same_median = statistics.median(same_ratios) if same_ratios else None
    rows.append(["**median**", "", "", "", f"**{median:.2f}**" if median is not None else "-",
                 f"**{same_median:.2f}**" if same_median is not None else "-"])
    return ("Whole process (`portfolio solve CASE --format json` against `python benchmarks/reference.py CASE`), "
            "seconds\n\n" + markdown(["case", "CLI, default solve (backend)", "reference CBC", "reference HiGHS",
                                      "CLI / best reference", "CLI / reference, same backend"], rows)), median


def phased_table(run: dict) -> str:
    """bench_phased.py: per phased run (case and relative gap) and per solver, the median seconds with the
    status and the gap reached; the bundled case as processes in a last row."""
    processes = {f"{c} (process)": v for c, v in solves(run, "test_phased_process").items()}
    by_case = {**solves(run, "test_phased"), **processes}
    if not by_case:
        return ""
    columns = ("auto", "cli", "highs", "cbc", "scip", "cpsat", *REFERENCE)
    solvers = [s for s in columns if any(s in per for per in by_case.values())]

    def timed(b: dict | None) -> str:
        if b is None:
            return ""
        gap = "" if b.get("gap") is None else f", gap {_pct(b['gap'])}"
        return f"{b['median']:.2f} {b.get('status')}{gap}"

    rows = [[f"{c} ({_actions(per):,})"] + [timed(per.get(s)) for s in solvers] for c, per in by_case.items()]
    return ("Phased cases (spec 4.1): median seconds, status and gap (60 s limit; `gap 0.001`: stopped once "
            "proven within 0.1 %); `auto` and `cli` are the default solve\n\n"
            + markdown(["case (actions)", *solvers], rows))


def hard_table(run: dict) -> tuple[str, list[float]]:
    """bench_goals.py (goal 1): per hard case the default solve and the hand-written model with CBC and HiGHS,
    seconds, and the default solve's time over each and over the faster; returns the table and the ratios to
    the faster."""
    by_case = solves(run, "test_hard")
    if not by_case:
        return "", []
    rows, to_cbc, to_highs, to_best = [], [], [], []
    for c in sorted(by_case, key=lambda c: (_actions(by_case[c]), c)):
        per, agreed = by_case[c], optimum(by_case[c])
        auto = per.get("auto")
        texts = []
        for ref, values in ((per.get("ref-cbc"), to_cbc), (per.get("ref-highs"), to_highs),
                            (best_reference(per), to_best)):
            text, value = ratio(auto, ref, agreed)
            texts.append(text)
            values += [value] if value is not None and text[:1].isdigit() else []
        backend = f" ({auto['extra'].get('backend')})" if auto else ""
        rows.append([f"{c} ({_actions(per):,})", cell(auto, agreed) + backend,
                     cell(per.get("ref-cbc"), agreed), cell(per.get("ref-highs"), agreed), *texts])
    rows.append(["**median**", "", "", "", *(f"**{statistics.median(v):.2f}**" if v else "-"
                                              for v in (to_cbc, to_highs, to_best))])
    return ("Hard cases (goal 1): the default solve (`portfolio.solve(case)`: auto, 60 s, gap 1e-6) against "
            "the hand-written model, seconds\n\n"
            + markdown(["case (actions)", "default solve (backend)", "CBC by hand", "HiGHS by hand",
                        "/ CBC by hand", "/ HiGHS by hand", "/ faster by hand"], rows)), to_best


def goals_table(run: dict) -> str:
    """Issue 24's goals, each as the figure of this run beside its target (a goal whose benchmarks did not
    run is left out)."""
    table, to_best = hard_table(run)
    rows = []
    if to_best:
        median = statistics.median(to_best)
        rows.append(["1. hard cases: default solve / faster hand-written model, median",
                     f"{median:.2f} ({len(to_best)} cases)", "<= 0.5", _met(median <= 0.5)])
    processes = solves(run, "test_process")
    easy = [(per["cli"], ref) for per in processes.values() if (ref := best_reference(per)) and "cli" in per
            and ref.get("status") == per["cli"].get("status") == "optimal" and ref["median"] <= EASY_S]
    extra_s = [cli["median"] - ref["median"] for cli, ref in easy]
    if extra_s:
        median = statistics.median(extra_s)
        rows.append(["2. start-up: `portfolio solve` - faster hand-written process, median over the easy "
                     "cases",
                     f"{median:+.2f} s ({len(extra_s)} cases)", "<= 0.15 s", _met(median <= 0.15)])
    for b in run["benchmarks"]:
        x = b.get("extra", {})
        if kind(b) == "test_robust_against_cold_solves" and x.get("backend") == "auto":
            rows.append([f"3. `robust --samples {x['samples']}` / {x['samples'] + 1} cold solves",
                         f"{x['ratio']:.2f} ({x['sweep_s']:.0f} s / {x['cold_s']:.0f} s)", "<= 0.25",
                         _met(x["ratio"] <= 0.25)])
        if kind(b) == "test_frontier_against_cold_solves":
            rows.append([f"3. 11-point frontier ({x['case']}) / 11 cold solves",
                         f"{x['ratio']:.2f} ({x['sweep_s']:.1f} s / {x['cold_s']:.1f} s)", "<= 0.25",
                         _met(x["ratio"] <= 0.25)])
    phased = solves(run, "test_phased")
    bundled = phased.get("flanders gap 1e-06", {}).get("auto")
    if bundled:
        rows.append(["4. bundled phased case, default solve",
                     f"{bundled['median']:.2f} s, {bundled.get('status')}", "< 2 s, optimal",
                     _met(bundled["median"] < 2 and bundled.get("status") == "optimal")])
    large = phased.get("ph1000 gap 0.001", {}).get("auto")
    if large:
        rows.append(["4. ph1000 (1,000 actions, four start years), default solve to 0.1 %",
                     f"{large['median']:.2f} s, {large.get('status')}, gap {_pct(large.get('gap'))}",
                     "proven within 0.1 % in 60 s", _met(large.get("status") == "optimal")])
    if not rows:
        return table
    goals = "Goals (issue 24), this run\n\n" + markdown(["goal", "measured", "target", "met"], rows)
    return "\n\n".join(p for p in (goals, table) if p)


def _met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def ratio_table(run: dict) -> str:
    """Per backend, the median over the cases where both proved the same optimum of time / hand-written time:
    against the hand-written model with the same solver and against the faster of the two."""
    rows = []
    for test, solvers in (("test_solve", TOOLKIT), ("test_process", ("cli",))):
        by_case = solves(run, test)
        for solver in solvers:
            same, best = [], []
            for per in by_case.values():
                b, agreed = per.get(solver), optimum(per)
                if b is None or b.get("status") != "optimal" or wrong(b, agreed):
                    continue
                twin = per.get(f"ref-{b['extra'].get('backend') or solver}")
                if twin and twin.get("status") == "optimal" and not wrong(twin, agreed):
                    same.append(b["median"] / twin["median"])
                ref = best_reference(per)
                if ref and ref.get("status") == "optimal":
                    best.append(b["median"] / ref["median"])
            if best:
                label = "CLI process (auto)" if solver == "cli" else solver
                rows.append([label, _median_of(same), _median_of(best)])
    if not rows:
        return ""
    return ("Time / hand-written model, median over the cases where both proved the optimum (number of cases; "
            "range)\n\n" + markdown(["toolkit", "/ same solver by hand", "/ faster of CBC and HiGHS by hand"], rows))


def _median_of(values: list[float]) -> str:
    if not values:
        return "-"
    return f"{statistics.median(values):.2f} ({len(values)}; {min(values):.2f}-{max(values):.2f})"


def stage_table(run: dict) -> str:
    cells: dict[str, dict[str, dict]] = defaultdict(dict)
    for b in run["benchmarks"]:
        if kind(b) in STAGES:
            cells[b["extra"]["case"]][kind(b)] = b
    if not cells:
        return ""
    order = ("flanders", "orlib", "hard", "syn", "eq", "mc")
    names = sorted(cells, key=lambda c: (_stage_rank(cells[c], order), _count(cells[c]), c))
    rows = [[STAGE_NAMES[s]] + [f"{1000 * cells[c][s]['median']:.1f}" if s in cells[c] else "" for c in names]
            for s in STAGES]
    header = ["stage, ms"] + [f"{c} ({_count(cells[c]):,})" for c in names]
    return "Stages apart from the solver, median milliseconds\n\n" + markdown(header, rows)


def scale_table(run: dict) -> str:
    """bench_scale.py: per case, load + validate and build (seconds), and the default solve as a process (seconds,
    status or gap at the limit, peak memory)."""
    cells: dict[str, dict[str, dict]] = defaultdict(dict)
    for b in run["benchmarks"]:
        if kind(b).startswith("test_scale_"):
            cells[b["extra"]["case"]][kind(b)[len("test_scale_"):]] = b
    if not cells:
        return ""
    rows = []
    for c in sorted(cells, key=lambda c: (_count(cells[c]), c)):
        per = cells[c]
        solve = per.get("solve")
        answer = ""
        if solve:
            x = solve["extra"]
            answer = (f"{cell(solve)} ({x.get('backend')}), peak {x.get('peak_mb', 0):,.0f} MB"
                      if x.get("peak_mb") is not None else cell(solve))
        timed = (f"{per[s]['median']:.2f}" if s in per else "" for s in ("load", "build"))
        rows.append([f"{c} ({_count(per):,})", *timed, answer])
    return ("Scale (`make bench-scale`): load + validate and build in seconds; the default solve as a process "
            "(`portfolio solve CASE --format json`, 60 s limit)\n\n"
            + markdown(["case (actions)", "load + validate", "build", "solve: seconds (backend), peak memory"], rows))


def _shape(per_solver: dict[str, dict]) -> str:
    return next(iter(per_solver.values()))["extra"].get("shape", "")


def _actions(per_solver: dict[str, dict]) -> int:
    return next(iter(per_solver.values()))["extra"].get("actions", 0)


def _count(per_stage: dict[str, dict]) -> int:
    return next(iter(per_stage.values()))["extra"].get("actions", 0)


def _stage_rank(per_stage: dict[str, dict], order: tuple[str, ...]) -> int:
    shape = next(iter(per_stage.values()))["extra"].get("shape", "")
    return order.index(shape) if shape in order else len(order)


def plots(run: dict, out: Path) -> list[Path]:
    """scaling, process and stages as PNG and SVG in `out`."""
    import matplotlib
    import matplotlib.ticker

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    written = []
    styles = {"highs": "C0", "cbc": "C1", "scip": "C2", "cpsat": "C3", "ref-cbc": "C1", "ref-highs": "C0",
              "cli": "C4"}
    dashed = {"ref-cbc", "ref-highs"}

    def save(fig, stem: str) -> None:
        for ext in ("png", "svg"):
            path = out / f"{stem}.{ext}"
            fig.savefig(path, dpi=120, bbox_inches="tight")
            written.append(path)
        plt.close(fig)

    def curve(ax, points: list[tuple[int, dict]], solver: str) -> None:
        points = sorted(points, key=lambda p: p[0])
        xs, ys = [p[0] for p in points], [p[1]["median"] for p in points]
        ax.plot(xs, ys, color=styles.get(solver), linestyle="--" if solver in dashed else "-", label=solver)
        for x, b in points:  # filled: proven optimal; hollow: stopped at the limit
            proven = b.get("status") == "optimal"
            ax.plot([x], [b["median"]], marker="o", color=styles.get(solver),
                    markerfacecolor=styles.get(solver) if proven else "white")

    by_case = solves(run)
    shapes = [s for s in SHAPES if any(_shape(v) == s for v in by_case.values())]
    if shapes:
        fig, axes = plt.subplots(2, len(shapes), figsize=(5 * len(shapes), 7.5), squeeze=False, sharex="col",
                                 sharey="row")
        for ax, gaps, shape in zip(axes[0], axes[1], shapes):
            cases = [c for c in by_case if _shape(by_case[c]) == shape]
            for solver in TOOLKIT + REFERENCE:
                points = [(_actions(by_case[c]), by_case[c][solver]) for c in cases if solver in by_case[c]]
                if points:
                    curve(ax, points, solver)
            limit = next(iter(by_case[cases[0]].values()))["extra"].get("time_limit_s")
            if limit:
                ax.axhline(limit, color="grey", linewidth=0.8, linestyle=":")
            ax.set(xscale="log", yscale="log", title=f"{shape}: {SHAPES[shape]}")
            ax.title.set_fontsize(9)
            ax.legend(fontsize=7)
            for solver in TOOLKIT + REFERENCE:  # below: the gap left where the limit stopped the solve
                points = sorted((_actions(by_case[c]), 100 * by_case[c][solver]["gap"]) for c in cases
                                if by_case[c].get(solver, {}).get("status") == "feasible"
                                and (by_case[c][solver].get("gap") or 0) > 0)
                if points:
                    gaps.plot(*zip(*points), marker="o", markerfacecolor="white", color=styles.get(solver),
                              linestyle="--" if solver in dashed else "-", label=solver)
            gaps.set(xscale="log", yscale="log", xlabel="actions")
        axes[0][0].set_ylabel("seconds to proven optimum (hollow: stopped at the limit)", fontsize=8)
        axes[1][0].set_ylabel("gap left at the limit, %", fontsize=8)
        for ax in axes.flat:
            ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
            ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
        save(fig, "scaling")

    by_process = solves(run, "test_process")
    if by_process:
        fig, ax = plt.subplots(figsize=(6, 4))
        for solver in ("cli", *REFERENCE):
            sizes: dict[int, list[dict]] = defaultdict(list)
            for per in by_process.values():
                if solver in per:
                    sizes[_actions(per)].append(per[solver])
            points = [(n, {"median": statistics.median(b["median"] for b in bs),
                           "status": "optimal" if all(b.get("status") == "optimal" for b in bs) else "feasible"})
                      for n, bs in sizes.items()]
            if points:
                curve(ax, points, solver)
        ax.set(xscale="log", yscale="log", xlabel="actions", ylabel="seconds per process (median over seeds)",
               title="portfolio solve (CLI) against the hand-written model as processes")
        ax.title.set_fontsize(9)
        ax.legend(fontsize=7)
        save(fig, "process")

    stages: dict[str, list[tuple[int, dict]]] = defaultdict(list)
    for b in run["benchmarks"]:
        if kind(b) in STAGES and b["extra"].get("shape") == "syn":
            stages[kind(b)].append((b["extra"]["actions"], b))
    if stages:
        fig, ax = plt.subplots(figsize=(6, 4))
        for i, (stage, points) in enumerate(sorted(stages.items())):
            points.sort(key=lambda p: p[0])
            ax.plot([p[0] for p in points], [p[1]["median"] for p in points], marker="o", color=f"C{i}",
                    label=STAGE_NAMES[stage])
        ax.set(xscale="log", yscale="log", xlabel="actions (syn ladder)", ylabel="seconds (median)",
               title="stages apart from the solver")
        ax.legend(fontsize=7)
        save(fig, "stages")
    return written


def report(run: dict) -> str:
    m = run.get("machine") or {}
    solvers = ", ".join(f"{k} {v}" for k, v in (m.get("solvers") or {}).items() if v)
    took = f" ({run['duration_s'] / 60:.0f} min)" if run.get("duration_s") else ""
    head = (f"Run of {(run.get('started') or run.get('date') or '?')[:16]}{took}, commit {(run.get('commit') or '?')[:7]}"
            f"{' (uncommitted changes)' if run.get('dirty') else ''}"
            f"{' (others committed during the run)' if run.get('commit_changed_during_run') else ''}; "
            f"{m.get('processor') or '?'}, "
            f"{m.get('cpu_count') or '?'} cores, Python {m.get('python') or '?'}; {solvers}{_load(m)}")
    process, median = process_table(run)
    parts = [head, goals_table(run), ladder_tables(run), fixed_table(run), process, phased_table(run),
             ratio_table(run), stage_table(run), scale_table(run)]
    if median is not None:
        parts.append(f"Default CLI solve / best hand-written model, median over the process cases: {median:.2f}")
    return "\n\n".join(p for p in parts if p)


def _load(machine: dict) -> str:
    """The load averages as the run started and ended (1, 5, 15 minutes) and after each benchmark (1 minute:
    least, median, most), when the run file has them."""
    load = machine.get("load_average")
    if not load:
        return ""
    names = {"start": "at the start", "end": "at the end",
             "during": "after each benchmark (least / median / most)"}
    return "; load average " + ", ".join(f"{names[when]} {' / '.join(f'{x:.1f}' for x in load[when])}"
                                         for when in names if load.get(when))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the tables of a benchmark run and plot its scaling.")
    parser.add_argument("run", nargs="?", default="out/bench/run.json")
    parser.add_argument("--saved", action="store_true", help="use the newest saved run in benchmarks/results/")
    parser.add_argument("--out", default="out/bench", help="folder for the plots (PNG and SVG)")
    parser.add_argument("--no-plots", action="store_true")
    args = parser.parse_args(argv)
    path = saved_runs()[-1] if args.saved else args.run
    run = load(path)
    print(report(run))
    if not args.no_plots:
        for p in plots(run, Path(args.out)):
            print(f"wrote {p}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
