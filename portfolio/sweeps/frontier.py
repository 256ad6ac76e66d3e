"""The budget frontier: the most jobs at each scale of the budgets (all of them, or one domain's)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import replace

from inputs.overlay import apply_scenario
from models import Case, Solution, Status
from models.casedata import CaseData
from models.scenario import BudgetChange, Scenario
from models.sweeps import FrontierPoint, FrontierResult
from portfolio.core.tolerances import slack
from portfolio.rules import DEFAULT_RULES, RuleSet
from portfolio.sweeps.executor import Executor, Task
from portfolio.verify import VerificationError, evaluate


def scaled(case: Case, scale: float, domain: str | None = None) -> Case:
    """`case` with the budgets (totals and per-year rows) of `domain`, or of every domain, times `scale`,
    and the objective max_jobs."""
    change = BudgetChange(domain=domain, factor=scale)
    return apply_scenario(case, Scenario(name=f"x{scale:g}", budgets=(change,), objective="max_jobs"))


def unknown_domain(case: Case, domain: str | None) -> str | None:
    """What is wrong with `domain` as the one domain to scale; None when the case has it (or it is None)."""
    known = [d.domain for d in case.domains]
    if domain is None or domain in known:
        return None
    return f"unknown domain {domain!r}; the case has {', '.join(known)}"


def frontier(case: Case, scales: Iterable[float], domain: str | None = None, executor: Executor | None = None,
             on_done: Callable[[float, Solution], None] | None = None,
             rules: RuleSet = DEFAULT_RULES) -> FrontierResult:
    """Solve the case with `rules` at each budget scale (sorted ascending), then make the curve use what
    smaller budgets found.

    The best portfolio at a smaller budget fits every larger one (all budgets grow with the scale), so it is a
    lower bound there. Points start in ascending order, and each gets the cut `jobs >= what a finished smaller
    scale reached` (the optimum is kept; the solver discards everything below it). Where a solver stopped early
    below a smaller scale's portfolio anyway, that portfolio is used instead (`carried`). A curve that still
    goes down between two proven optima would be a bug, and raises VerificationError.
    """
    scales = sorted(set(float(s) for s in scales))
    if any(s < 0 for s in scales):
        raise ValueError("budget scales must be >= 0")
    if (unknown := unknown_domain(case, domain)) is not None:
        raise KeyError(unknown)
    cases = {s: scaled(case, s, domain) for s in scales}
    tasks = [Task(f"{s!r}", cases[s], rules=rules) for s in scales]
    swept = (executor or Executor()).run(
        tasks, (lambda t, sol: on_done(float(t.key), sol)) if on_done else None, label="frontier", prepare=_floor)
    points: list[FrontierPoint] = []
    best: tuple[dict[str, int] | list[str], float] | None = None  # plan and jobs of the best point so far
    for s in scales:
        sol = swept.solutions.get(f"{s!r}")
        if sol is None:
            continue
        point = _point(s, cases[s], domain, sol)
        if best is not None and (point.jobs is None or point.jobs < best[1] - slack(best[1])):
            if sol.status == Status.OPTIMAL:
                raise VerificationError(f"frontier goes down at scale {s}: proven optimum {point.jobs} < "
                                        f"{best[1]}")
            point = _carry(s, cases[s], domain, sol, best[0], rules)
        if point.jobs is not None and (best is None or point.jobs >= best[1]):
            best = (point.plan, point.jobs)
        points.append(point)
    jobs = [(p.scale, p.jobs) for p in points if p.jobs is not None]
    for (_low, a), (high, b) in zip(jobs, jobs[1:]):
        if b < a - slack(a):
            raise VerificationError(f"the frontier goes down at scale {high}: {b} jobs after {a}")
    return FrontierResult(domain=domain, points=points, interrupted=swept.interrupted,
                          target_year=case.target)


def _floor(task: Task, finished: dict[str, Solution]) -> Task:
    """The task with a floor cut: the most jobs a finished smaller scale reached (its portfolio fits here).

    Rounded down to whole jobs, so the cut never excludes that portfolio and adds no decimals to the model."""
    scale = float(task.key)
    reached = [sol.jobs_total for key, sol in finished.items()
               if float(key) < scale and sol.status.has_portfolio and sol.jobs_total is not None]
    if not reached or max(reached) < 1:
        return task
    return replace(task, floor=float(math.floor(max(reached) - slack(max(reached)))))


def _budget(case: Case, domain: str | None) -> float:
    return sum(d.budget_eur for d in case.domains if domain is None or d.domain == domain)


def _point(scale: float, case: Case, domain: str | None, sol: Solution) -> FrontierPoint:
    return FrontierPoint(scale=scale, budget_eur=_budget(case, domain), jobs=sol.jobs_total,
                         cost_eur=sol.cost_total_eur, status=sol.status.value, gap=sol.gap,
                         selected=list(sol.selected), start_year=sol.start_year, phased=case.phased)


def _carry(scale: float, case: Case, domain: str | None, sol: Solution, plan: dict[str, int] | list[str],
           rules: RuleSet = DEFAULT_RULES) -> FrontierPoint:
    """The point with a smaller budget's plan (its start years too, in a phased case), re-verified against
    this point's case and `rules`."""
    ev = evaluate(case, plan, CaseData.of(case), rules=rules)
    if not ev.feasible:  # cannot happen when every budget grows with the scale; keep the solver's answer
        return _point(scale, case, domain, sol)
    return FrontierPoint(scale=scale, budget_eur=_budget(case, domain), jobs=ev.jobs_total, cost_eur=ev.cost_total_eur,
                         status=Status.FEASIBLE.value, gap=None, selected=list(ev.selected), carried=True,
                         start_year=dict(ev.outcome.starts) if case.phased else None, phased=case.phased)
