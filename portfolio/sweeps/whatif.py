"""What if: the base case and each scenario solved, and each scenario compared with the base."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from inputs.overlay import apply_scenario, scenario_notes
from models import Case, Solution
from models.casedata import CaseData
from models.scenario import Scenario
from models.sweeps import ScenarioResult, StartChange, WhatIfResult
from portfolio.core.outcome import outcome
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
    cases = {s.name: apply_scenario(case, s) for s in scenarios}
    tasks = [Task(BASE, case, rules=rules)]
    tasks += [Task(f"scenario:{s.name}", cases[s.name], rules=rules) for s in scenarios]
    swept = (executor or Executor()).run(
        tasks, (lambda t, s: on_done(t.key.removeprefix("scenario:"), s)) if on_done else None, label="what-if")
    solved = swept.solutions
    base = swept.required(BASE, "the base case")
    results = []
    for s in scenarios:
        if (other := solved.get(f"scenario:{s.name}")) is None:
            continue
        result = compare(s.name, base, other)
        if case.phased:
            result = result.model_copy(update=_phased_comparison(case, cases[s.name], s, base, other))
        results.append(result)
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


def start_changes(case: Case, base: Solution, other: Solution) -> dict[str, StartChange]:
    """Each action of phased `case` whose start year differs between the two plans, in the case's order (a
    plan without a portfolio starts nothing)."""
    before = base.start_year or {}
    after = other.start_year or {}
    return {a.action: StartChange(base=before.get(a.action), scenario=after.get(a.action))
            for a in case.actions if before.get(a.action) != after.get(a.action)}


def _phased_comparison(case: Case, changed: Case, scenario: Scenario, base: Solution,
                       other: Solution) -> dict:
    """The fields of a phased what-if: start changes, the scenario's target year, the base plan's jobs in
    that year (recomputed from the base case and the base plan) and the notes of its delays."""
    year = changed.target
    jobs = None
    if base.status.has_portfolio:
        at_year = CaseData.of(case.model_copy(update={"target_year": year}))
        jobs = outcome(at_year, base.plan).jobs_total
    return dict(start_changes=start_changes(case, base, other), target_year=year,
                base_jobs_in_target_year=jobs, notes=scenario_notes(case, scenario))
