"""The k best distinct portfolios, or all within a relative distance of the optimum, for negotiating with the
domains: each an exact solve with exclusion cuts (no-good cuts) on the portfolios found before it.

In a phased case (spec 4.1) a portfolio is a plan, and by default an alternative is another selection (the
cut over the select columns), each with its best start years, settled earliest as `solve` settles them: plans
that differ only in start years mostly tie (on the bundled case the three best plans are one selection with
two actions shifted a year, all 3,658 jobs), so they would crowd out the choices worth negotiating.
`differ_in="plan"` asks for other plans instead, differing in an action or a start year (the cut over the
start columns).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

from models import Case, Solution, SolverSettings, Status
from models.casedata import CaseData
from models.uncertainty import Alternative, AlternativesResult
from portfolio.core.outcome import Outcome
from portfolio.core.tolerances import slack
from portfolio.formulation import Formulation
from portfolio.formulation.build import build
from portfolio.formulation.model import Subject
from portfolio.rules import DEFAULT_RULES, RuleSet
from portfolio.rules.base import Rule
from portfolio.solve import earliest_plan, solve_formulation, solver_settings
from portfolio.sweeps.executor import _Progress
from portfolio.uncertainty.montecarlo import NoPortfolio
from portfolio.verify import verify

DEFAULT_K = 5
MOST = 100  # portfolios listed with `within` alone, when more lie that close


Plan = Iterable[str] | Mapping[str, int]


class Exclude(Rule):
    """Rule "exclude": the portfolio differs from each given portfolio in at least one action, or, given plans
    (action -> start year) of a phased case, in an action or a start year.

    For a portfolio S the cut is sum_{a in S} (1 - select[a]) + sum_{a not in S} select[a] >= 1; for a plan P
    the same over the start columns: sum_{(a,s) in P} (1 - start[a,s]) + sum_{(a,s) not in P} start[a,s] >= 1.
    """

    name = "exclude"
    summary = "the portfolio differs from each portfolio found before in at least one action (or start year)"

    def __init__(self, portfolios: Iterable[Plan] = ()) -> None:
        portfolios = list(portfolios)
        self.by_start = any(isinstance(p, Mapping) for p in portfolios)
        self.portfolios = [frozenset(p.items()) if isinstance(p, Mapping) else frozenset(p)
                           for p in portfolios]

    def applies(self, data: CaseData) -> bool:
        return bool(self.portfolios)

    def add(self, form: Formulation, data: CaseData) -> None:
        columns = form.start_columns if self.by_start else form.action_columns
        for i, chosen in enumerate(self.portfolios, start=1):
            coefs = {j: -1.0 if key in chosen else 1.0 for key, j in columns.items()}
            form.add_row(f"exclude[{i}]", coefs, lower=1 - len(chosen), rule=self.name, subject=(i,))

    def check(self, data: CaseData, result: Outcome):
        mine = frozenset(result.starts.items()) if self.by_start else result.chosen
        for i, chosen in enumerate(self.portfolios, start=1):
            yield self.rule_check(f"exclude[{i}]", (i,), len(chosen ^ mine), ">=", 1)

    def admits(self, data: CaseData, chosen: frozenset[str]) -> bool:
        return self.by_start or chosen not in self.portfolios  # plans differ in starts too: not seen here

    def describe(self, data: CaseData, subject: Subject) -> str:
        chosen = self.portfolios[int(subject[0]) - 1]
        if self.by_start:
            listed = ", ".join(f"{a} in {s}" for a, s in sorted(chosen)) or "the empty one"
            return f"the plan must differ in at least one action or start year from {listed}"
        listed = ", ".join(sorted(chosen)) or "the empty one"
        return f"the portfolio must differ in at least one action from {listed}"


def limit(objective: str, best: float, within: float) -> float:
    """The worst objective value within `within` (relative) of the best: below it for max_jobs, above for min_cost."""
    return best - within * abs(best) if objective == "max_jobs" else best + within * abs(best)


def _within_row(form: Formulation, objective: str, bound: float) -> None:
    coefs = {j: c.objective for j, c in enumerate(form.columns) if c.objective}
    if objective == "max_jobs":
        form.add_row("within", coefs, lower=bound - slack(bound), rule="within")
    else:
        form.add_row("within", coefs, upper=bound + slack(bound), rule="within")


def alternatives(case: Case, k: int | None = None, within: float | None = None, *,
                 settings: SolverSettings | None = None, progress: bool = True,
                 rules: RuleSet = DEFAULT_RULES,
                 differ_in: Literal["actions", "plan"] | None = None) -> AlternativesResult:
    """The `k` best distinct portfolios (default 5), or, with `within`, those whose objective lies within that
    relative distance of the optimum (at most `k`, or MOST), best first, each differing from the best.

    In a phased case `differ_in` says what makes a portfolio distinct: "actions" (the default) the selection,
    "plan" an action or a start year (module docstring); a case without run years ignores it.

    Each is an exact solve of the case with `rules` and one exclusion cut per portfolio found before it, so
    they are found one after the other in this process. The first is what `solve` gives. Ctrl-C keeps those
    found.
    Raises NoPortfolio when the case has none; ValueError for k < 1 or within < 0.
    """
    if k is not None and k < 1:
        raise ValueError("k must be at least 1")
    if within is not None and within < 0:
        raise ValueError("within is a relative distance, 0 or more")
    most = k if k is not None else (MOST if within is not None else DEFAULT_K)
    settings = solver_settings(case, settings)
    data = CaseData.of(case)
    differ_in = (differ_in or "actions") if data.phased else None
    found: list[Solution] = []
    exhausted = interrupted = False
    with _Progress(most, "alternatives", progress) as bar:
        try:
            while len(found) < most:
                cuts = Exclude(s.plan if differ_in == "plan" else s.selected for s in found)
                form = build(case, data=data, extra_rules=[cuts], rules=rules)
                if within is not None and found:
                    _within_row(form, case.objective, limit(case.objective, found[0].objective_value, within))
                solution = solve_formulation(case, form, settings, data, rules=rules)
                if data.phased and solution.status == Status.OPTIMAL:  # start-year ties: earliest, as solve
                    solution = earliest_plan(case, form, settings, data, solution, rules)
                if solution.details.report.interrupted:
                    interrupted = True
                    break
                if not solution.status.has_portfolio:
                    if not found:
                        raise NoPortfolio(solution)
                    exhausted = solution.status == Status.INFEASIBLE
                    break
                verify(case, solution.plan, data, extra_rules=[cuts], rules=rules)
                found.append(solution)
                bar.advance()
        except KeyboardInterrupt:
            interrupted = True
    return AlternativesResult(objective=case.objective, k=k, within=within, portfolios=ranked(case, found),
                              exhausted=exhausted, interrupted=interrupted, differ_in=differ_in)


def ranked(case: Case, found: Sequence[Solution]) -> list[Alternative]:
    """The portfolios best first (a solver stopped early may have found a later one better), each against the best."""
    ordered = sorted(found, key=lambda s: -s.objective_value if case.objective == "max_jobs" else s.objective_value)
    best = set(ordered[0].selected) if ordered else set()
    starts = ordered[0].start_year or {} if ordered else {}

    def moved(s: Solution) -> list[str] | None:
        return [a for a, y in s.start_year.items() if a in starts and starts[a] != y] if s.phased else None

    return [Alternative(rank=i, jobs=s.jobs_total, cost_eur=s.cost_total_eur, objective_value=s.objective_value,
                        status=s.status.value, selected=list(s.selected),
                        added=[a for a in s.selected if a not in best],
                        removed=[a for a in ordered[0].selected if a not in s.selected],
                        start_year=s.start_year if s.phased else None, moved=moved(s))
            for i, s in enumerate(ordered, start=1)]
