"""Acceptance sweep of issue 16: on random small cases, no "optimal" of any backend is beaten by another's.

python benchmarks/optimal_sweep.py FIRST COUNT [--jobs N] [--out FILE]   (cases FIRST .. FIRST+COUNT-1)
Each case (20-100 actions, every rule drawn at random: budgets per year, overlap, requires, priority-barrier
coverage, participation per domain, max_actions, equity shares, locks, synergies, max jobs or min cost) is
solved by `auto` and by every installed backend. A claim of optimality is false when another backend's
verified portfolio beats it, or when another's portfolio lies beyond its proven bound, by more than
`BEATEN` (relative). CBC's own claims, before HiGHS checks them, are counted apart (`cbc raw`): they are what
`auto` and `--backend cbc` printed before the check (auto picked CBC up to 100 actions).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portfolio import solve  # noqa: E402
from portfolio.backends import available  # noqa: E402
from portfolio.instances.generate import random_case  # noqa: E402

BEATEN = 2e-6  # relative: twice the default gap, so optima within the gap never count as beaten
TIME_LIMIT_S = 20.0
CLAIM = re.compile(r"^cbc claimed optimality of ([-+0-9.e]+)")


def sweep_case(seed: int, largest: int = 100):
    """The case of `seed` (20 to `largest` actions), with its rules drawn from the seed."""
    rng = random.Random(seed)
    objective = "min_cost" if rng.random() < 0.25 else "max_jobs"
    return random_case(
        seed, n_actions=rng.randint(20, largest), n_groups=rng.randint(2, 5), n_domains=rng.randint(2, 5),
        n_barriers=rng.randint(2, 6), objective=objective, per_year=rng.random() < 0.5,
        equity=rng.random() < 0.4, max_actions=rng.choice([None, None, rng.randint(5, 30)]),
        locks=rng.random() < 0.5, tightness=rng.uniform(0.3, 0.8),
    )


def check(seed: int, backends: list[str] | None = None, largest: int = 100,
          time_limit_s: float = TIME_LIMIT_S) -> dict:
    """Solve case `seed` with auto and each backend (default: every installed one), each within
    `time_limit_s`; the false claims of optimality found (see module)."""
    case = sweep_case(seed, largest)
    sign = 1.0 if case.objective == "max_jobs" else -1.0
    answers: dict[str, dict] = {}
    for name in ["auto", *(backends or available())]:
        try:
            solution = solve(case, backend=name, time_limit_s=time_limit_s, threads=1)
        except Exception as error:  # noqa: BLE001 - a failed solve is reported with the case, not fatal
            answers[name] = {"status": f"error: {error}", "value": None, "bound": None, "by": name,
                             "cbc_claim": None}
            continue
        claim = next((float(m.group(1)) for note in solution.details.report.notes if (m := CLAIM.match(note))),
                     None)
        answers[name] = {"status": str(solution.status), "value": solution.objective_value,
                         "bound": solution.bound, "by": solution.details.report.backend, "cbc_claim": claim}
    found = [a["value"] for a in answers.values() if a["value"] is not None]
    best = max(found, key=lambda v: sign * v) if found else None

    def beaten(value: float | None) -> bool:
        return value is not None and best is not None and sign * (best - value) > BEATEN * max(1.0, abs(value))

    false = {name: a["value"] for name, a in answers.items() if a["status"] == "optimal" and beaten(a["value"])}
    false |= {name: a["bound"] for name, a in answers.items() if a["bound"] is not None and beaten(a["bound"])}
    raw = answers.get("cbc", {})
    # CBC's own claim: the checked claim when the check ran, else the (confirmed or unchecked) optimal value
    cbc_raw = raw.get("cbc_claim") if raw.get("cbc_claim") is not None else (
        raw.get("value") if raw.get("status") == "optimal" else None)
    return {"seed": seed, "actions": len(case.actions), "objective": case.objective, "best": best,
            "answers": answers, "false": false, "cbc_raw_false": beaten(cbc_raw)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", type=int)
    parser.add_argument("count", type=int)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    start = time.perf_counter()
    seeds = range(args.first, args.first + args.count)
    out = args.out.open("w") if args.out else None
    counts: dict[str, int] = {}
    cbc_raw = done = 0
    results: list[dict] = []
    with ProcessPoolExecutor(args.jobs) as pool:
        for result in pool.map(check, seeds):
            done += 1
            results.append(result)
            cbc_raw += result["cbc_raw_false"]
            for name in result["false"]:
                counts[name] = counts.get(name, 0) + 1
            if out:
                out.write(json.dumps(result) + "\n")
                out.flush()
    errors = sum(1 for r in results for a in r["answers"].values() if a["status"].startswith("error"))
    print(f"{done} cases in {time.perf_counter() - start:.0f} s; false optimal claims after the check: "
          f"{counts or 'none'}; CBC's own claims beaten (before the check): {cbc_raw}; failed solves: {errors}")


if __name__ == "__main__":
    main()
