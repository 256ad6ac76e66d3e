"""Compare a benchmark run with the last saved one and flag regressions beyond the noise.

    python benchmarks/compare.py [NEW] [OLD] [--threshold 0.25]
    python -m benchmarks.compare [NEW] [OLD]

NEW defaults to out/bench/run.json (what `make bench` writes), OLD to the
newest file in benchmarks/results/. Either may be a run file or the raw JSON
of `pytest --benchmark-json`. Per benchmark present in both (medians of rounds):

- both proven optimal, or no solve at all: slower when the new median is more
  than `threshold` (25 %) above the old one and at least `--floor` seconds
  (5 ms) slower;
- was proven optimal, now stopped at the time limit: slower;
- both stopped at the limit: slower when the gap grew by more than the
  threshold (and by more than 1e-6);
- both optimal with different objective values: an error (a different optimum).

A toolkit solve that is slower is a regression only when the hand-written
reference model of the same run did not slow down with it: when the
reference is slower too, the toolkit must also have lost more than the
threshold relative to it (time / reference time), else the line says `load`
(the machine was busier; on a shared 2-core machine that is most of the
noise). The reference model's own benchmarks are never regressions: they are
the yardstick (listed as `yardstick` when they moved). A timing benchmark
without a reference model (the stages) is weighed the same way against its
peers, the other benchmarks of the same function (`test_verify[...]`): when
they slowed alike, it is `load`.

Exits 1 when a regression or an error is found, 0 otherwise, and then prints
the command that measures only the flagged benchmarks again: on a shared
machine a flag counts once it repeats.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import defaultdict
from pathlib import Path

# the sibling modules, whether run as `python benchmarks/compare.py` or `python -m benchmarks.compare`
sys.path.insert(0, str(Path(__file__).resolve().parent))

from results import by_name, kind, load, reference_for, saved_runs  # noqa: E402

THRESHOLD = 0.25
FLOOR_S = 0.005
GAP_FLOOR = 1e-6
OBJECTIVE_TOLERANCE = 1e-6


def change(new: dict, old: dict, threshold: float = THRESHOLD, floor: float = FLOOR_S) -> tuple[str, str]:
    """("slower" | "error" | "faster" | "same", words) for one benchmark in two runs, on its own."""
    ratio = new["median"] / old["median"] if old["median"] > 0 else float("inf")
    timing = f"{old['median']:.4g} s -> {new['median']:.4g} s (x{ratio:.2f})"
    s_new, s_old = new.get("status"), old.get("status")
    if s_new is not None or s_old is not None:
        if s_old == "optimal" and s_new != "optimal":
            return "slower", f"was proven optimal in {old['median']:.3g} s, now {s_new} (gap {_pct(new.get('gap'))})"
        if s_old != "optimal" and s_new == "optimal":
            return "faster", f"now proven optimal in {new['median']:.3g} s (was {s_old}, gap {_pct(old.get('gap'))})"
        if s_new == s_old == "optimal":
            a, b = new.get("objective"), old.get("objective")
            if a is not None and b is not None and abs(a - b) > OBJECTIVE_TOLERANCE * max(1.0, abs(b)):
                return "error", f"optimum changed: {b!r} -> {a!r}"
        elif s_new == s_old == "feasible":
            g_new, g_old = new.get("gap") or 0.0, old.get("gap") or 0.0
            words = f"gap at the limit {_pct(g_old)} -> {_pct(g_new)}"
            if g_new > g_old * (1 + threshold) and g_new - g_old > GAP_FLOOR:
                return "slower", words
            if g_old > g_new * (1 + threshold) and g_old - g_new > GAP_FLOOR:
                return "faster", words
            return "same", words
        elif s_new != s_old:
            return "slower", f"status {s_old} -> {s_new}"
    if ratio > 1 + threshold and new["median"] - old["median"] > floor:
        return "slower", timing
    if ratio < 1 / (1 + threshold) and old["median"] - new["median"] > floor:
        return "faster", timing
    return "same", timing


def verdict(new: dict, old: dict, threshold: float = THRESHOLD, floor: float = FLOOR_S,
            ref_new: dict | None = None, ref_old: dict | None = None, yardstick: bool = False,
            peers: tuple[float, int] | None = None) -> tuple[str, str]:
    """("regression" | "load" | "yardstick" | "error" | "faster" | "same", words): `change`, weighed against the
    reference model of each run (`ref_new`, `ref_old`) where the benchmark has one, else against `peers`
    (the median new/old ratio of the other benchmarks of the same function, and how many there are)."""
    found, words = change(new, old, threshold, floor)
    if found != "slower":
        return found, words
    if yardstick:
        return "yardstick", words
    if ref_new is None or ref_old is None:
        if peers is None or new.get("status") is not None:
            return "regression", words
        factor, count = peers
        relative = (new["median"] / old["median"]) / factor
        if relative > 1 + threshold:
            return "regression", f"{words}; x{relative:.2f} relative to its {count} peers (median x{factor:.2f})"
        return "load", f"{words}; its {count} peers slowed alike (median x{factor:.2f})"
    ref_kind, ref_words = change(ref_new, ref_old, threshold, floor)
    if ref_kind != "slower":
        return "regression", f"{words}; the reference model did not slow down ({ref_words})"
    timed = all(b.get("status") in (None, "optimal") for b in (new, old, ref_new, ref_old))
    if timed:
        relative = (new["median"] / ref_new["median"]) / (old["median"] / ref_old["median"])
        if relative > 1 + threshold:
            return "regression", f"{words}; x{relative:.2f} relative to the reference model ({ref_words})"
    return "load", f"{words}; the reference model too ({ref_words})"


def _pct(gap) -> str:
    return "-" if gap is None else f"{100 * gap:.3g} %"


KINDS = ("error", "regression", "load", "yardstick", "faster", "same")
MIN_PEERS = 3  # a timing benchmark without a reference model is weighed against its peers when it has this many


def compare(new: dict, old: dict, threshold: float = THRESHOLD, floor: float = FLOOR_S) -> dict[str, list]:
    """Benchmarks by verdict (plus "only new" and "only old" names)."""
    a, b = by_name(new), by_name(old)
    both = sorted(a.keys() & b.keys())
    ratios: dict[str, list[float]] = defaultdict(list)  # benchmark function -> new/old of its timing benchmarks
    for name in both:
        if a[name].get("status") is None and b[name]["median"] > 0:
            ratios[kind(a[name])].append(a[name]["median"] / b[name]["median"])
    out: dict[str, list] = {k: [] for k in KINDS}
    for name in both:
        extra = a[name].get("extra", {})
        group = ratios.get(kind(a[name]), [])
        peers = (statistics.median(group), len(group) - 1) if len(group) >= MIN_PEERS + 1 else None
        verdict_kind, words = verdict(a[name], b[name], threshold, floor, reference_for(new, a[name]),
                                      reference_for(old, b[name]), yardstick=extra.get("kind") == "reference",
                                      peers=peers)
        out[verdict_kind].append((name, words))
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
    parser.add_argument("--floor", type=float, default=FLOOR_S, help="seconds a slow-down must also exceed (0.005)")
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
    shown = ["error", "regression", "load", "yardstick", "faster"] + (["same"] if args.all else [])
    for verdict_kind in shown:
        for name, words in found[verdict_kind]:
            print(f"{verdict_kind.upper():<11} {name}: {words}")
    if found["only new"]:
        print(f"only new: {', '.join(found['only new'])}")
    missing = found["only old"]
    if missing and len(missing) > 12:  # a partial run (make bench-process, a -k selection): count, do not list
        functions = sorted({name.split("[", 1)[0] for name in missing})
        print(f"only old: {len(missing)} benchmarks this run did not measure ({', '.join(functions)})")
    elif missing:
        print(f"only old: {', '.join(missing)}")
    flagged = len(found["error"]) + len(found["regression"])
    compared = sum(len(found[k]) for k in KINDS)
    print(f"{flagged} flagged; {len(found['load'])} slower along with the machine (load), "
          f"{len(found['yardstick'])} reference benchmarks moved, {len(found['faster'])} faster, "
          f"{len(found['same'])} within {100 * args.threshold:.0f} %; {compared} compared")
    if flagged:  # on a shared machine, a flag is confirmed by measuring those benchmarks again
        names = " or ".join(name for k in ("error", "regression") for name, _ in found[k])
        print(f"to measure the flagged ones again:\n  python -m pytest benchmarks --benchmark-only -k \"{names}\" "
              f"--benchmark-json=out/bench/again.json && python benchmarks/compare.py out/bench/again.json")
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
