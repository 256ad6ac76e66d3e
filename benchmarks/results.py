"""Run files: pytest-benchmark's JSON reduced to what the comparison, the table and the plots read.

A run file holds the machine (platform, cores, Python, solver versions), the
commit, and per benchmark its name, group, params, median and rounds, and,
for solves, status, gap and objective. Saved runs live in benchmarks/results/,
one per run, named `<date>_<short commit>.json`; `make bench` writes the
latest run to out/bench/run.json and `make bench-save` copies it there.

    python benchmarks/results.py RAW.json [--out out/bench/run.json] [--save]   (RAW may be a run file too)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAVED = HERE / "results"
FORMAT = 1

# extra_info keys copied beside the timing (the rest stays under "extra")
SOLVE_KEYS = ("status", "gap", "objective")


def convert(raw: dict) -> dict:
    """A run file from the JSON of `pytest --benchmark-json`."""
    info = raw.get("machine_info") or {}
    commit = info.get("commit_at_start") or raw.get("commit_info") or {}
    cpu = info.get("cpu") or {}
    machine = {
        "node": info.get("node"),
        "platform": info.get("platform") or info.get("system"),
        "processor": cpu.get("brand_raw") or info.get("processor") or info.get("machine"),
        "cpu_count": cpu.get("count") or info.get("cpu_count"),
        "python": info.get("python_version"),
        "solvers": info.get("solvers", {}),
        "load_average": info.get("load_average"),
    }
    benchmarks = []
    for b in raw.get("benchmarks", []):
        stats, extra = b["stats"], dict(b.get("extra_info") or {})
        entry = {
            "name": b["name"],
            "group": b.get("group"),
            "params": b.get("params") or {},
            "median": stats["median"],
            "min": stats["min"],
            "max": stats["max"],
            "rounds": stats["rounds"],
        }
        for key in SOLVE_KEYS:
            if key in extra:
                entry[key] = extra.pop(key)
        entry["extra"] = extra
        benchmarks.append(entry)
    return {
        "format": FORMAT,
        "date": raw.get("datetime") or datetime.now().isoformat(timespec="seconds"),
        "commit": commit.get("id"),
        "dirty": commit.get("dirty"),
        "commit_changed_during_run": commit.get("changed_during_run"),
        "started": info.get("started"),
        "duration_s": info.get("duration_s"),
        "branch": (raw.get("commit_info") or {}).get("branch"),
        "machine": machine,
        "benchmarks": sorted(benchmarks, key=lambda e: e["name"]),
    }


def load(path: str | Path) -> dict:
    """A run file, or pytest-benchmark's raw JSON (converted on the fly)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return data if data.get("format") == FORMAT else convert(data)


def saved_name(run: dict) -> str:
    """`<date>_<short commit>.json` (with `-dirty` when the tree had uncommitted changes)."""
    day = (run.get("date") or "")[:10] or datetime.now().date().isoformat()
    short = (run.get("commit") or "unknown")[:7]
    return f"{day}_{short}{'-dirty' if run.get('dirty') else ''}.json"


def saved_runs() -> list[Path]:
    """Saved run files, oldest first (by the date in the file, then by name)."""
    paths = sorted(SAVED.glob("*.json"))
    return sorted(paths, key=lambda p: (load(p).get("date") or "", p.name))


def write(run: dict, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(run, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    return path


def by_name(run: dict) -> dict[str, dict]:
    return {b["name"]: b for b in run["benchmarks"]}


# Solves grouped by case, for the table and the comparison: toolkit benchmarks carry extra_info solver and
# case, the reference model's solver names start with "ref-".
REFERENCE = ("ref-cbc", "ref-highs")
OBJECTIVE_TOLERANCE = 1e-6


def kind(b: dict) -> str:
    """The benchmark function of an entry: test_solve, test_process, test_build ..."""
    return b["name"].split("[", 1)[0]


def solves(run: dict, test: str = "test_solve") -> dict[str, dict[str, dict]]:
    """case -> solver -> benchmark, for one kind of solve benchmark."""
    out: dict[str, dict[str, dict]] = defaultdict(dict)
    for b in run["benchmarks"]:
        if kind(b) == test and "solver" in b.get("extra", {}):
            out[b["extra"]["case"]][b["extra"]["solver"]] = b
    return out


def optimum(per_solver: dict[str, dict]) -> float | None:
    """The objective most proven-optimal solves of a case agree on (None when none proved optimality)."""
    values = [b["objective"] for b in per_solver.values() if b.get("status") == "optimal" and b.get("objective") is not None]
    if not values:
        return None
    return max(values, key=lambda v: sum(agree(v, w) for w in values))


def agree(a: float, b: float) -> bool:
    return abs(a - b) <= OBJECTIVE_TOLERANCE * max(1.0, abs(b))


def wrong(b: dict, best: float | None) -> bool:
    """A solve that claims optimality for an objective the other proofs contradict."""
    return b.get("status") == "optimal" and best is not None and not agree(b["objective"], best)


def best_reference(per_solver: dict[str, dict]) -> dict | None:
    """The fastest reference solve that proved the agreed optimum (else the smallest gap at the limit)."""
    best = optimum(per_solver)
    refs = [per_solver[s] for s in REFERENCE if s in per_solver]
    proven = [b for b in refs if b.get("status") == "optimal" and not wrong(b, best)]
    if proven:
        return min(proven, key=lambda b: b["median"])
    stopped = [b for b in refs if b.get("status") == "feasible"]
    return min(stopped, key=lambda b: b.get("gap") or 0.0) if stopped else None


def reference_for(run: dict, b: dict) -> dict | None:
    """The best reference-model benchmark of the same run for toolkit benchmark `b` (None for other benchmarks)."""
    extra = b.get("extra", {})
    if extra.get("kind") != "toolkit":
        return None
    return best_reference(solves(run, kind(b)).get(extra.get("case"), {}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Reduce pytest-benchmark JSON to a run file.")
    parser.add_argument("raw", help="the JSON of pytest --benchmark-json, or a run file")
    parser.add_argument("--out", help="where to write the run file (make bench: out/bench/run.json)")
    parser.add_argument("--save", action="store_true", help=f"also save it into {SAVED.relative_to(HERE.parent)}/")
    args = parser.parse_args(argv)
    run = load(args.raw)
    if args.out:
        print(f"wrote {write(run, args.out)}")
    if args.save:
        print(f"saved {write(run, SAVED / saved_name(run))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
