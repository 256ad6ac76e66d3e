"""Each chosen action's replacement cost: lock it out, re-optimise the rest exactly, and see what is lost."""

from __future__ import annotations

from inputs.overlay import apply_scenario
from models import Case, Solution, SolverSettings, Status
from models.scenario import Scenario
from models.uncertainty import ActionImportance, ImportanceResult
from portfolio.core.interrupt import complete
from portfolio.rules import DEFAULT_RULES, RuleSet
from portfolio.solve import solve
from portfolio.sweeps.executor import Executor, Task
from portfolio.uncertainty.montecarlo import NoPortfolio


def without(case: Case, action: str) -> Case:
    """`case` with `action` locked out (and no longer locked in, nor fixed to a start year)."""
    out = apply_scenario(case, Scenario(name=f"without {action}", lock_out=(action,)))
    if action not in out.rules.start_in:
        return out
    starts = {a: y for a, y in out.rules.start_in.items() if a != action}
    return out.model_copy(update={"rules": out.rules.model_copy(update={"start_in": starts})})


def importance(case: Case, base: Solution | None = None, executor: Executor | None = None,
               settings: SolverSettings | None = None, rules: RuleSet = DEFAULT_RULES) -> ImportanceResult:
    """For each action of `base` (default: the optimum of `case`), the case re-solved with that action locked
    out, on the executor (with `settings`, default the case's, and `rules`). `jobs_lost` = base jobs -
    re-optimised jobs; largest first, indispensable actions (no portfolio without them) first of all. Raises
    NoPortfolio when `base` has none, Stopped when Ctrl-C stopped the solve of `base`, TaskFailed when a solve
    fails."""
    base = base or complete(solve(case, settings, rules=rules), "the case")
    if not base.status.has_portfolio:
        raise NoPortfolio(base)
    tasks = [Task(a, without(case, a), settings, rules=rules) for a in base.selected]
    result = (executor or Executor()).run(tasks, label="replacement cost")
    rows = []
    for a in base.selected:
        sol = result.solutions.get(a)
        if sol is None:
            continue
        found = sol.status.has_portfolio
        rows.append(ActionImportance(
            action=a, name=case.action(a).name, status=sol.status.value,
            locked_in=a in case.rules.locked_in or a in case.rules.start_in,
            jobs_without=sol.jobs_total, cost_without_eur=sol.cost_total_eur,
            jobs_lost=base.jobs_total - sol.jobs_total if found else None,
            objective_change=sol.objective_value - base.objective_value if found else None,
            indispensable=sol.status == Status.INFEASIBLE,
        ))

    def loss(row: ActionImportance) -> float:  # jobs lost, or for min_cost the extra cost
        return (row.jobs_lost if case.objective == "max_jobs" else row.objective_change) or 0.0

    rows.sort(key=lambda r: (not r.indispensable, r.objective_change is None, -loss(r)))
    return ImportanceResult(objective=case.objective, base_jobs=base.jobs_total, base_objective=base.objective_value,
                            actions=rows, interrupted=result.interrupted)
