"""The value of an extra million: per domain, the jobs won with a step more budget and lost with a step less."""

from __future__ import annotations

from collections.abc import Callable

from models import Case, Solution
from models.scenario import BudgetChange, Scenario
from models.sweeps import MarginalDomain, MarginalResult
from portfolio.rules import DEFAULT_RULES, RuleSet
from portfolio.sweeps.executor import Executor, Task

BASE = "base"


def shifted(case: Case, domain: str, step_eur: float, year: int | None = None) -> Case:
    """`case` with `step_eur` more (negative: less, never below 0) for `domain`.

    With `year`, that year's budget row moves (and the total with it). Without, the total moves by the step and
    every year row of the domain in proportion (a factor on the domain's budgets).
    """
    if year is None:
        total = next(d.budget_eur for d in case.domains if d.domain == domain)
        if total <= 0:
            change = BudgetChange(domain=domain, amount_eur=max(0.0, step_eur))
        else:
            change = BudgetChange(domain=domain, factor=max(0.0, total + step_eur) / total)
    else:
        row = next(b.budget_eur for b in case.budgets or () if (b.domain, b.year) == (domain, year))
        change = BudgetChange(domain=domain, year=year, amount_eur=max(0.0, row + step_eur))
    return Scenario(name=f"{domain}{step_eur:+g}", budgets=(change,)).apply(case)


def marginal(case: Case, step_eur: float = 1e6, year: int | None = None, executor: Executor | None = None,
             on_done: Callable[[str, Solution], None] | None = None,
             rules: RuleSet = DEFAULT_RULES) -> MarginalResult:
    """For each domain, exact re-solves with `step_eur` more and less budget, against the base solve, all with
    `rules`."""
    if step_eur <= 0:
        raise ValueError("the step must be a positive amount of EUR")
    if year is not None and year not in case.years:
        raise KeyError(f"{year} is not a budget year of the case")
    tasks = [Task(BASE, case, rules=rules)]
    for d in case.domains:
        tasks += [Task(f"{d.domain}:+", shifted(case, d.domain, step_eur, year), rules=rules),
                  Task(f"{d.domain}:-", shifted(case, d.domain, -step_eur, year), rules=rules)]
    outcome = (executor or Executor()).run(tasks, (lambda t, s: on_done(t.key, s)) if on_done else None,
                                           label="value of a step")
    solved = outcome.solutions
    if BASE not in solved:
        raise KeyboardInterrupt("the sweep was stopped before the base case was solved")
    base = solved[BASE]
    rows = []
    for d in case.domains:
        plus, minus = solved.get(f"{d.domain}:+"), solved.get(f"{d.domain}:-")
        if plus is None or minus is None:
            continue
        rows.append(MarginalDomain(
            domain=d.domain, name=d.name,
            plus_jobs=_diff(plus, base), minus_jobs=_diff(base, minus),
            entering=[a for a in plus.selected if a not in base.selected],
            leaving=[a for a in base.selected if a not in minus.selected],
            plus_status=plus.status.value, minus_status=minus.status.value,
        ))
    rows.sort(key=lambda r: (r.plus_jobs is None, -(r.plus_jobs or 0.0), r.domain))
    return MarginalResult(step_eur=step_eur, year=year, base_jobs=base.jobs_total, base_status=base.status.value,
                          domains=rows, interrupted=outcome.interrupted or bool(outcome.failed))


def _diff(high: Solution, low: Solution) -> float | None:
    if high.jobs_total is None or low.jobs_total is None:
        return None
    return high.jobs_total - low.jobs_total
