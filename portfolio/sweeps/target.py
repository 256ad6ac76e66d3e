"""Targets: the cheapest portfolio that reaches a jobs target (or a rate), or the shortfall when none can."""

from __future__ import annotations

import math
from collections.abc import Iterable

from models import Case, Solution, Status
from models.scenario import Scenario
from models.sweeps import TargetCurve, TargetResult
from portfolio.sweeps.executor import Executor, Task

MOST = "most jobs"


def jobs_for(case: Case, rate: float) -> float:
    """Extra jobs the case's baseline needs to reach `rate` (whole persons, rounded up)."""
    if case.baseline is None:
        raise ValueError("a target rate needs the case's baseline (case.yaml `baseline`); give --jobs instead")
    return float(math.ceil(rate * case.baseline.population - case.baseline.employed - 1e-9))


def target(case: Case, rate: float | None = None, jobs: float | None = None,
           executor: Executor | None = None) -> TargetResult:
    """The cheapest portfolio reaching `jobs` extra jobs (or the employment `rate`), or the most jobs possible."""
    return target_curve(case, [rate] if rate is not None else [None], jobs=jobs, executor=executor).points[0]


def target_curve(case: Case, rates: Iterable[float | None], jobs: float | None = None,
                 executor: Executor | None = None) -> TargetCurve:
    """One target per rate (or the one `jobs` target): min_cost solves, plus one max_jobs solve for the shortfall."""
    rates = list(rates)
    wanted = {r: (jobs if r is None else jobs_for(case, r)) for r in rates}
    if any(v is None for v in wanted.values()):
        raise ValueError("give a rate or a number of jobs")
    tasks = [Task(MOST, Scenario(name=MOST, objective="max_jobs").apply(case))]
    tasks += [Task(_key(r), Scenario(name=_key(r), objective="min_cost", jobs_target=wanted[r]).apply(case))
              for r in rates if wanted[r] > 0]
    outcome = (executor or Executor()).run(tasks, label="targets")
    most = outcome.solutions.get(MOST)
    points = [_result(case, r, wanted[r], outcome.solutions.get(_key(r)), most) for r in rates
              if wanted[r] <= 0 or (_key(r) in outcome.solutions and most is not None)]
    return TargetCurve(points=points, interrupted=outcome.interrupted or bool(outcome.failed))


def _key(rate: float | None) -> str:
    return "jobs" if rate is None else f"rate {rate!r}"


def _rate(case: Case, jobs: float | None) -> float | None:
    if case.baseline is None or jobs is None:
        return None
    return (case.baseline.employed + jobs) / case.baseline.population


def _result(case: Case, rate: float | None, wanted: float, cheapest: Solution | None, most: Solution) -> TargetResult:
    if wanted <= 0 or cheapest is None:  # already reached: no action needed
        return TargetResult(rate=rate, reachable=True, jobs_target=wanted, shortfall_jobs=0.0,
                            rate_reached=_rate(case, 0.0), solution=most,
                            message="the baseline already reaches the target; no action is needed")
    if cheapest.status.has_portfolio:
        reached = _rate(case, cheapest.jobs_total)
        return TargetResult(
            rate=rate, reachable=True, jobs_target=wanted, shortfall_jobs=0.0, rate_reached=reached,
            solution=cheapest,
            message=(f"{cheapest.jobs_total:,.0f} extra jobs for EUR {cheapest.cost_total_eur:,.0f} reach the target"
                     + (" (the cheapest portfolio, proven)" if cheapest.status == Status.OPTIMAL else
                        f" ({cheapest.status.value}: a cheaper portfolio may exist)")),
        )
    if cheapest.status == Status.INFEASIBLE and most.status.has_portfolio:
        short = wanted - most.jobs_total
        reached = _rate(case, most.jobs_total)
        where = f"the rate reaches at most {reached:.3%}; " if reached is not None else "the best portfolio is "
        proven = "" if most.status == Status.OPTIMAL else " (not proven: a solver limit stopped the search)"
        return TargetResult(
            rate=rate, reachable=False, jobs_target=wanted, shortfall_jobs=short, most_jobs=most.jobs_total,
            rate_reached=reached, solution=most,
            message=f"within the budgets and rules {where}{short:,.0f} jobs short of the target of {wanted:,.0f}{proven}",
        )
    why = most.details.message if most.status == Status.INFEASIBLE else cheapest.details.message
    return TargetResult(rate=rate, reachable=None if cheapest.status == Status.NO_SOLUTION else False,
                        jobs_target=wanted, shortfall_jobs=None, solution=cheapest,
                        message=f"undecided: {cheapest.status.value}; {why}")
