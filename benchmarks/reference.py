"""The hand-written reference model: what a planner writes with plain PuLP, straight from the case's rows.

It is the yardstick of the benchmarks: every speed figure of the toolkit is
given as a ratio to this model, measured in the same run (benchmarks/README.md).
It reads the `models.Case` only (never `portfolio.formulation`), so it is an
independent statement of the problem of docs/case-format.md section 4:

- `select[a]` binary per action; `jobs[g] <= max_extra_jobs_g` and
  `jobs[g] <= direct jobs + synergies` per group; `both[a,b]` for each pair
  with a synergy, tied to the product with sign-aware rows (a positive synergy
  only needs `both <= select[a]`, `both <= select[b]`, a negative one only
  `both >= select[a] + select[b] - 1`, since the solver pushes each the other way);
- with an equity share above 0, jobs must be counted exactly (else a solver
  could under-count other groups): a binary `at_cap[g]` with two big-M rows
  makes `jobs[g] = min(cap, uncapped)`, and every product gets all three rows;
- budget rows per domain and per (domain, year), overlap, requires, coverage of
  priority barriers, participation, max_actions, locks, equity shares, and the
  jobs target of min_cost;
- a group with a saturation curve (section 4.2) counts min(cap, f(uncapped)): the uncapped jobs are split
  into fills of the curve's segments, each counted at its slope (binaries keep the order under equity).

A phased case (costs.csv with `run_year`, section 4.1) is written from that section alone: a binary
`start[a,s]` per action and year of its window, `select[a] = sum_s start[a,s]`; direct jobs in the target
year T with the ramp of each start; a synergy counts through `both[a,b]` on "started by T"
(`sum_{s<=T} start[a,s]`); each run-year cost row charged to the calendar year it falls in (those after the
horizon to no budget); budget rows per (domain, calendar year) and per domain over the horizon; requires as
"b started by t whenever a has, for every year t of the horizon"; start_in fixes a start; every other rule
on `select` as above; min_cost counts every cost row.

Solved by CBC (`pulp.PULP_CBC_CMD`) or HiGHS (`pulp.HiGHS`, through highspy),
one thread and the toolkit's default relative gap of 1e-6, so that both prove
the same optimum. The status is never PuLP's label alone (PuLP calls a HiGHS
time limit and a CBC stop "Optimal"): `sol_status` decides, and CBC's log line
"Result - Stopped on ..." vetoes optimality.

As a process (what bench_process.py times against `portfolio solve`):

    python benchmarks/reference.py CASE --backend cbc|highs [--time-limit S] [--gap G]

prints one JSON object: backend, status, objective, bound, gap, selected, start_year (phased), build_s,
solve_s.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import tempfile
import time
import warnings
from collections import defaultdict
from dataclasses import asdict, dataclass, field

import pulp

BACKENDS = ("cbc", "highs")
GAP = 1e-6  # the toolkit's default mip_gap (models.solver.SolverSettings)


@dataclass
class Reference:
    """The PuLP model of one case, with the variables a caller reads back."""

    prob: pulp.LpProblem
    select: dict[str, pulp.LpVariable]
    jobs: dict[str, pulp.LpVariable]
    exact_jobs: bool
    start: dict[tuple[str, int], pulp.LpVariable] = field(default_factory=dict)  # phased case: (action, year)


@dataclass
class Result:
    """One solve of the reference model. `status`: optimal, feasible, infeasible or no_solution."""

    backend: str
    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    selected: list[str] = field(default_factory=list)
    start_year: dict[str, int] = field(default_factory=dict)  # phased case: chosen action -> start year
    build_s: float = 0.0
    solve_s: float = 0.0


def _saturated(prob, k: int, uncapped, low: float, high: float, points: list, exact: bool):
    """f(uncapped) of a saturation curve (section 4.2) as an expression, with its range: the uncapped jobs are
    split into a loss below 0 (counted in full) and fills of the curve's segments, each counted at its slope;
    the last, after the last point, at slope 0. Concave, so more jobs fill the steep segments first; with
    `exact`, binaries make every filling go in order (a segment only once the one before is full, the loss only
    with nothing filled), as the equity rule needs."""
    below = prob.add_variable(f"below_zero_{k}", 0, max(-low, 0.0))
    ends = [(x, y) for x, y in points] + [(max(high, points[-1][0]), points[-1][1])]
    fills, value, x0, y0 = [], -1 * below, 0.0, 0.0
    for i, (x, y) in enumerate(ends):
        fill = prob.add_variable(f"fill_{k}_{i}", 0, x - x0)
        fills.append((fill, x - x0))
        value += (y - y0) / (x - x0) * fill if x > x0 else 0
        x0, y0 = x, y
    prob += uncapped == -1 * below + pulp.lpSum(f for f, _ in fills)
    if exact:
        some = prob.add_variable(f"filled_{k}", cat=pulp.LpBinary)
        prob += fills[0][0] <= fills[0][1] * some
        prob += below <= max(-low, 0.0) * (1 - some)
        for i in range(len(fills) - 1):
            full = prob.add_variable(f"full_{k}_{i}", cat=pulp.LpBinary)
            prob += fills[i][0] >= fills[i][1] * full
            prob += fills[i + 1][0] <= fills[i + 1][1] * full

    def f(u: float) -> float:
        if u <= 0:
            return u
        x0, y0 = 0.0, 0.0
        for x1, y1 in points:
            if u <= x1:
                return y0 + (y1 - y0) * (u - x0) / (x1 - x0)
            x0, y0 = x1, y1
        return y0

    return value, f(low), f(high)


def build(case) -> Reference:
    """The PuLP model of `case` (a models.Case), from its rows; a phased case as section 4.1 states it."""
    rules = case.rules
    maximise = case.objective == "max_jobs"
    prob = pulp.LpProblem("reference", pulp.LpMaximize if maximise else pulp.LpMinimize)
    x = {a.action: prob.add_variable(f"select_{i}", cat=pulp.LpBinary) for i, a in enumerate(case.actions)}
    phased = any(c.run_year is not None for c in case.costs)
    horizon = sorted({b.year for b in case.budgets or ()})
    target = (case.target_year if case.target_year is not None else horizon[-1]) if phased else None
    y: dict[tuple[str, int], pulp.LpVariable] = {}
    window: dict[str, list[int]] = {}  # phased case: action -> the years it may start in

    def started_by(a: str, t: int) -> pulp.LpAffineExpression:
        """1 when action `a` is chosen and has started by year `t` (phased case)."""
        return pulp.lpSum(y[a, s] for s in window[a] if s <= t)

    running = {a: pulp.LpAffineExpression([(v, 1)]) for a, v in x.items()}  # 1 when the action counts at T
    if phased:
        for i, a in enumerate(case.actions):
            first = a.earliest_start if a.earliest_start is not None else horizon[0]
            last = a.latest_start if a.latest_start is not None else first
            window[a.action] = [t for t in horizon if first <= t <= last]
            for s in window[a.action]:
                y[a.action, s] = prob.add_variable(f"start_{i}_{s}", cat=pulp.LpBinary)
            prob += x[a.action] == started_by(a.action, horizon[-1])
            running[a.action] = started_by(a.action, target)

    # direct jobs per (group, column) and synergies per (group, pair), as the rows give them
    direct: dict[str, dict[pulp.LpVariable, float]] = defaultdict(lambda: defaultdict(float))
    for r in case.reach:
        if not phased:
            direct[r.group][x[r.action]] += r.reach * r.effect
            continue
        ramp = case.action(r.action).ramp or (1.0,)
        for s in window[r.action]:
            if s <= target:  # in its (T - s + 1)-th year of running; the last ramp entry holds after it
                share = ramp[min(target - s + 1, len(ramp)) - 1]
                direct[r.group][y[r.action, s]] += r.reach * r.effect * share
    synergy: dict[str, dict[tuple[str, str], float]] = defaultdict(lambda: defaultdict(float))
    for s in case.synergies:
        synergy[s.group][tuple(sorted((s.action_a, s.action_b)))] += s.extra_jobs

    exact = any(share > 0 for share in rules.min_group_share.values())
    signs: dict[tuple[str, str], set[int]] = defaultdict(set)
    for per_pair in synergy.values():
        for pair, extra in per_pair.items():
            if extra != 0:
                signs[pair].add(1 if extra > 0 else -1)
    both = {}
    for k, (pair, sign) in enumerate(signs.items()):
        a, b = pair
        w = both[pair] = prob.add_variable(f"both_{k}", 0, 1)
        ra, rb = running[a], running[b]
        if exact or 1 in sign:  # a positive synergy: the solver wants w up
            prob += w <= ra
            prob += w <= rb
        if exact or -1 in sign:  # a negative one: the solver wants w down
            prob += w >= ra + rb - 1

    jobs = {}
    for k, g in enumerate(case.groups):
        terms = list(direct[g.group].items())
        terms += [(both[pair], v) for pair, v in synergy[g.group].items() if v != 0]
        uncapped = pulp.LpAffineExpression(terms)
        low = math.fsum(min(v, 0.0) for _, v in terms)
        high = math.fsum(max(v, 0.0) for _, v in terms)
        points = [(p.direct_jobs, p.jobs) for p in case.saturation or () if p.group == g.group]
        if points:
            uncapped, low, high = _saturated(prob, k, uncapped, low, high, points, exact)
        cap = g.max_extra_jobs
        z = jobs[g.group] = prob.add_variable(f"jobs_{k}", min(low, 0.0), min(cap, high))
        prob += z <= uncapped
        if exact and low < cap < high:  # jobs = min(cap, uncapped), with at_cap = 1 where the cap binds
            u = prob.add_variable(f"at_cap_{k}", cat=pulp.LpBinary)
            prob += z >= cap - (cap - low) * (1 - u)
            prob += z >= uncapped - (high - cap) * u
        elif exact and high <= cap:
            prob += z >= uncapped
        elif exact:  # low >= cap: the cap always binds
            prob += z >= cap
    total_jobs = pulp.lpSum(jobs.values())

    cost_domain: dict[str, dict[pulp.LpVariable, float]] = defaultdict(lambda: defaultdict(float))
    cost_year: dict[tuple[str, int], dict[pulp.LpVariable, float]] = defaultdict(lambda: defaultdict(float))
    cost_total: dict[str, float] = defaultdict(float)
    for c in case.costs:
        cost_total[c.action] += c.cost_eur
        if not phased:
            cost_domain[c.domain][x[c.action]] += c.cost_eur
            if c.year is not None:
                cost_year[c.domain, c.year][x[c.action]] += c.cost_eur
            continue
        for s in window[c.action]:  # started in s, it falls in s + run_year - 1; after the horizon: no budget
            year = s + c.run_year - 1
            if year <= horizon[-1]:
                cost_domain[c.domain][y[c.action, s]] += c.cost_eur
                cost_year[c.domain, year][y[c.action, s]] += c.cost_eur
    for d in case.domains:
        if cost_domain[d.domain]:
            prob += pulp.lpSum(e * v for v, e in cost_domain[d.domain].items()) <= d.budget_eur
    for b in case.budgets or ():
        if cost_year[b.domain, b.year]:
            prob += pulp.lpSum(e * v for v, e in cost_year[b.domain, b.year].items()) <= b.budget_eur

    overlap: dict[str, list[str]] = defaultdict(list)
    for a in case.actions:
        if a.overlap_group is not None:
            overlap[a.overlap_group].append(a.action)
        for r in a.requires:
            if not phased:
                prob += x[a.action] <= x[r]
            for t in horizon if phased else ():  # r has started by t whenever a has
                prob += started_by(a.action, t) <= started_by(r, t)
    for members in overlap.values():
        if len(members) > 1:
            prob += pulp.lpSum(x[a] for a in members) <= 1
    if rules.min_actions_per_priority_barrier > 0:
        for bar in case.barriers:
            if bar.priority:
                prob += (pulp.lpSum(x[a.action] for a in case.actions if bar.barrier in a.barriers)
                         >= rules.min_actions_per_priority_barrier)
    if rules.min_actions_per_domain > 0:
        for d in case.domains:
            prob += (pulp.lpSum(x[a.action] for a in case.actions if a.lead_domain == d.domain)
                     >= rules.min_actions_per_domain)
    if rules.max_actions is not None:
        prob += pulp.lpSum(x.values()) <= rules.max_actions
    for g, share in rules.min_group_share.items():
        prob += jobs[g] >= share * total_jobs
    for a in rules.locked_in:
        x[a].lowBound = 1
    for a in rules.locked_out:
        x[a].upBound = 0
    for a, year in rules.start_in.items() if phased else ():
        prob += y[a, year] == 1

    if maximise:
        prob += total_jobs
    else:
        if case.jobs_target is not None:
            prob += total_jobs >= case.jobs_target
        prob += pulp.lpSum(cost_total[a] * x[a] for a in x)
    return Reference(prob, x, jobs, exact, y)


def solve(case, backend: str = "highs", time_limit_s: float = 60.0, gap: float = GAP) -> Result:
    """Build and solve the reference model of `case` with `backend` ("cbc" or "highs"), one thread."""
    start = time.perf_counter()
    ref = build(case)
    built = time.perf_counter()
    if backend == "cbc":
        status, bound = _cbc(ref.prob, time_limit_s, gap)
    elif backend == "highs":
        status, bound = _highs(ref.prob, time_limit_s, gap)
    else:
        raise ValueError(f"backend {backend!r}: choose one of {', '.join(BACKENDS)}")
    done = time.perf_counter()
    value = selected = None
    starts: dict[str, int] = {}
    if status in ("optimal", "feasible"):
        value = pulp.value(ref.prob.objective)
        selected = [a for a, v in ref.select.items() if (v.varValue or 0.0) > 0.5]
        starts = {a: s for (a, s), v in ref.start.items() if (v.varValue or 0.0) > 0.5}
    if status == "optimal" and bound is None:
        bound = value
    relative = None
    if value is not None and bound is not None:
        relative = max(0.0, abs(bound - value)) / max(abs(value), 1e-9)
    return Result(backend, status, value, bound, relative, selected or [], starts, built - start,
                  done - built)


def _status(sol_status: int) -> str:
    return {
        pulp.LpSolutionOptimal: "optimal",
        pulp.LpSolutionIntegerFeasible: "feasible",
        pulp.LpSolutionInfeasible: "infeasible",
    }.get(sol_status, "no_solution")


_RESULT = re.compile(r"^Result - (.+?)\s*$", re.M)
_BOUND = re.compile(r"^(Lower|Upper) bound:\s+(\S+)", re.M)


def _cbc(prob: pulp.LpProblem, time_limit_s: float, gap: float) -> tuple[str, float | None]:
    """CBC's status (sol_status, vetoed by "Result - Stopped" in its log) and the bound of its log."""
    with tempfile.TemporaryDirectory(prefix="reference-cbc-") as tmp:
        log_path = os.path.join(tmp, "cbc.log")
        with warnings.catch_warnings():  # PuLP 3 announces PULP_CBC_CMD's renaming in 4.0
            warnings.simplefilter("ignore", DeprecationWarning)
            solver = pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit_s, gapRel=gap, logPath=log_path)
        solver.tmpDir = tmp
        prob.solve(solver)
        with open(log_path, encoding="utf-8", errors="replace") as f:
            log = f.read()
    status = _status(prob.sol_status)
    result = _RESULT.findall(log)
    if result and result[-1].startswith("Stopped") and status == "optimal":
        status = "feasible"
    bound = None
    found = _BOUND.findall(log)
    if found:
        label, text = found[-1]
        value = float(text)
        if math.isfinite(value) and abs(value) < 1e50:  # CBC prints 1e+50 for "no bound"
            # "Upper bound" is CBC speaking of a maximisation, "Lower bound" of a minimisation
            speaks_max = label == "Upper"
            bound = value if speaks_max == (prob.sense == pulp.LpMaximize) else -value
    return status, bound


def _highs(prob: pulp.LpProblem, time_limit_s: float, gap: float) -> tuple[str, float | None]:
    """HiGHS's status (sol_status) and its mip_dual_bound, in the problem's own sense."""
    prob.solve(pulp.HiGHS(msg=False, timeLimit=time_limit_s, gapRel=gap, threads=1))
    status = _status(prob.sol_status)
    bound = prob.solverModel.getInfo().mip_dual_bound
    if not math.isfinite(bound) or abs(bound) >= 1e50:
        return status, None
    # PuLP hands HiGHS the negated objective of a maximisation
    return status, -bound if prob.sense == pulp.LpMaximize else bound


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Solve a case with the hand-written PuLP reference model.")
    parser.add_argument("case", help="a case folder or .xlsx workbook")
    parser.add_argument("--backend", choices=BACKENDS, default="highs")
    parser.add_argument("--time-limit", type=float, default=None, help="seconds (default: the case's own)")
    parser.add_argument("--gap", type=float, default=GAP)
    args = parser.parse_args(argv)
    import inputs  # the one reader of the toolkit: the case the CLI would solve

    case = inputs.load_case(args.case)
    limit = args.time_limit if args.time_limit is not None else case.solver.time_limit_s
    result = solve(case, args.backend, limit, args.gap)
    json.dump(asdict(result), sys.stdout)
    print()
    return 0 if result.status in ("optimal", "feasible") else 3


if __name__ == "__main__":
    sys.exit(main())
