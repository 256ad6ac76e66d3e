"""Compare a benchmark run with the last saved one and flag regressions beyond the noise.

    python benchmarks/compare.py [NEW] [OLD] [--threshold 0.25]
    python -m benchmarks.compare [NEW] [OLD]

NEW defaults to out/bench/run.json (what `make bench` writes), OLD to the
newest file in benchmarks/results/. Either may be a run file or the raw JSON
of `pytest --benchmark-json`. Per benchmark present in both (medians of rounds):

- both proven optimal, or no solve at all: a regression when the new median is
  more than `threshold` (25 %) above the old one and at least `--floor`
  seconds (1 ms) slower;
- was proven optimal, now stopped at the time limit: a regression;
- both stopped at the limit: a regression when the gap grew by more than the
  threshold (and by more than 1e-6);
- both optimal with different objective values: an error (a different optimum).

Exits 1 when anything is flagged, 0 otherwise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# the sibling modules, whether run as `python benchmarks/compare.py` or `python -m benchmarks.compare`
sys.path.insert(0, str(Path(__file__).resolve().parent))

from results import by_name, load, saved_runs  # noqa: E402

THRESHOLD = 0.25
FLOOR_S = 0.001
GAP_FLOOR = 1e-6
OBJECTIVE_TOLERANCE = 1e-6


def verdict(new: dict, old: dict, threshold: float = THRESHOLD, floor: float = FLOOR_S) -> tuple[str, str]:
    """("regression" | "error" | "faster" | "same", words) for one benchmark in two runs."""
    ratio = new["median"] / old["median"] if old["median"] > 0 else float("inf")
    timing = f"{old['median']:.4g} s -> {new['median']:.4g} s (x{ratio:.2f})"
    s_new, s_old = new.get("status"), old.get("status")
    if s_new is not None or s_old is not None:
        if s_old == "optimal" and s_new != "optimal":
            return "regression", f"was proven optimal in {old['median']:.3g} s, now {s_new} (gap {_pct(new.get('gap'))})"
        if s_old != "optimal" and s_new == "optimal":
            return "faster", f"now proven optimal in {new['median']:.3g} s (was {s_old}, gap {_pct(old.get('gap'))})"
        if s_new == s_old == "optimal":
            a, b = new.get("objective"), old.get("objective")
            if a is not None and b is not None and abs(a - b) > OBJECTIVE_TOLERANCE * max(1.0, abs(b)):
                return "error", f"optimum changed: {b!r} -> {a!r}"
        elif s_new == s_old == "feasible":
            g_new, g_old = new.get("gap") or 0.0, old.get("gap") or 0.0
            if g_new > g_old * (1 + threshold) and g_new - g_old > GAP_FLOOR:
                return "regression", f"gap at the limit {_pct(g_old)} -> {_pct(g_new)}"
            if g_old > g_new * (1 + threshold) and g_old - g_new > GAP_FLOOR:
                return "faster", f"gap at the limit {_pct(g_old)} -> {_pct(g_new)}"
            return "same", f"gap at the limit {_pct(g_old)} -> {_pct(g_new)}"
        elif s_new != s_old:
            return "regression", f"status {s_old} -> {s_new}"
    if ratio > 1 + threshold and new["median"] - old["median"] > floor:
        return "regression", timing
    if ratio < 1 / (1 + threshold) and old["median"] - new["median"] > floor:
        return "faster", timing
    return "same", timing


def _pct(gap) -> str:
    return "-" if gap is None else f"{100 * gap:.3g} %"


def compare(new: dict, old: dict, threshold: float = THRESHOLD, floor: float = FLOOR_S) -> dict[str, list]:
    """Benchmarks by verdict (plus "only new" and "only old" names)."""
    a, b = by_name(new), by_name(old)
    out: dict[str, list] = {"error": [], "regression": [], "faster": [], "same": [], "only new": [], "only old": []}
    for name in sorted(a.keys() & b.keys()):
        kind, words = verdict(a[name], b[name], threshold, floor)
        out[kind].append((name, words))
    out["only new"] = sorted(a.keys() - b.keys())
    out["only old"] = sorted(b.keys() - a.keys())
    return out


def _machine(run: dict) -> str:
    m = run.get("machine") or {}
    return f"{m.get('processor') or '?'}, {m.get('cpu_count') or '?'} cores, Python {m.get('python') or '?'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("new", nargs="?", default="out/bench/run.json")
    parser.add_argument("old", nargs="?", help="default: the newest saved run in benchmarks/results/")
    parser.add_argument("--threshold", type=float, default=THRESHOLD, help="relative slow-down flagged (0.25)")
    parser.add_argument("--floor", type=float, default=FLOOR_S, help="seconds a slow-down must also exceed")
    parser.add_argument("--all", action="store_true", help="also list the benchmarks that did not change")
    args = parser.parse_args(argv)
    if args.old is None:
        saved = saved_runs()
        if not saved:
            print("no saved run in benchmarks/results/ to compare with", file=sys.stderr)
            return 2
        args.old = saved[-1]
    new, old = load(args.new), load(args.old)
    print(f"new: {args.new} (commit {(new.get('commit') or '?')[:7]}, {new.get('date')}, {_machine(new)})")
    print(f"old: {args.old} (commit {(old.get('commit') or '?')[:7]}, {old.get('date')}, {_machine(old)})")
    if _machine(new) != _machine(old):
        print("note: the runs come from different machines; compare ratios to the reference model instead")
    found = compare(new, old, args.threshold, args.floor)
    shown = ["error", "regression", "faster"] + (["same"] if args.all else [])
    for kind in shown:
        for name, words in found[kind]:
            print(f"{kind.upper():<11} {name}: {words}")
    for kind in ("only new", "only old"):
        if found[kind]:
            print(f"{kind}: {', '.join(found[kind])}")
    flagged = len(found["error"]) + len(found["regression"])
    print(f"{flagged} flagged, {len(found['faster'])} faster, {len(found['same'])} within "
          f"{100 * args.threshold:.0f} % of {len(found['same']) + len(found['faster']) + flagged} compared")
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
