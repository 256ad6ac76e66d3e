"""What if: the base case and each scenario solved, and each scenario compared with the base."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from inputs.overlay import apply_scenario
from models import Case, Solution
from models.scenario import Scenario
from models.sweeps import ScenarioResult, WhatIfResult
from portfolio.rules import DEFAULT_RULES, RuleSet
from portfolio.sweeps.executor import Executor, Task

BASE = "base"


def whatif(case: Case, scenarios: Iterable[Scenario], executor: Executor | None = None,
           on_done: Callable[[str, Solution], None] | None = None,
           rules: RuleSet = DEFAULT_RULES) -> WhatIfResult:
    """Solve `case` and every scenario applied to it, each with `rules` (CaseError when a scenario makes the
    case invalid).

    Raises TaskFailed when a solve fails, Stopped when Ctrl-C came before the base case was solved.

    `on_done(key, solution)` sees each solution as it finishes ("base" or the scenario's name).
    """
    scenarios = list(scenarios)
    tasks = [Task(BASE, case, rules=rules)]
    tasks += [Task(f"scenario:{s.name}", apply_scenario(case, s), rules=rules) for s in scenarios]
    swept = (executor or Executor()).run(
        tasks, (lambda t, s: on_done(t.key.removeprefix("scenario:"), s)) if on_done else None, label="what-if")
    solved = swept.solutions
    base = swept.required(BASE, "the base case")
    results = [compare(s.name, base, solved[f"scenario:{s.name}"]) for s in scenarios if f"scenario:{s.name}" in solved]
    return WhatIfResult(base=base, scenarios=results, interrupted=swept.interrupted)


def compare(name: str, base: Solution, other: Solution) -> ScenarioResult:
    """A scenario's solution against the base: actions in and out, and the change of jobs, cost and spend."""
    before, after = set(base.selected), set(other.selected)
    both = base.status.has_portfolio and other.status.has_portfolio
    spend = {}
    if both:
        spend = {d: other.spend_by_domain.get(d, 0.0) - base.spend_by_domain.get(d, 0.0)
                 for d in dict.fromkeys([*base.spend_by_domain, *other.spend_by_domain])}
    return ScenarioResult(
        name=name,
        solution=other,
        added=[a for a in other.selected if a not in before],
        removed=[a for a in base.selected if a not in after],
        jobs_change=other.jobs_total - base.jobs_total if both else None,
        cost_change_eur=other.cost_total_eur - base.cost_total_eur if both else None,
        spend_change_eur=spend,
    )
