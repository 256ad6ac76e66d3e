"""Targets: the cheapest portfolio that reaches a jobs target (or a rate), or the shortfall when none can."""

from __future__ import annotations

import math
from collections.abc import Iterable

from inputs.overlay import apply_scenario
from models import Case, Solution, Status
from models.casedata import CaseData
from models.scenario import Scenario
from models.sweeps import TargetCurve, TargetResult
from models.phrase import Num, Phrase, count, fixed, pct, phrase
from portfolio.core.phrases import english, number
from portfolio.core.phrases.solver import state
from portfolio.core.tolerances import slack
from portfolio.rules import DEFAULT_RULES, RuleSet
from portfolio.solve import assemble
from portfolio.sweeps.executor import Executor, Task
from portfolio.verify import VerificationError, evaluate

MOST = "most jobs"


def jobs_for(case: Case, rate: float) -> float:
    """Extra jobs the case's baseline needs to reach `rate` (whole persons, rounded up; 0 or less when the
    baseline already reaches it)."""
    if case.baseline is None:
        raise ValueError("a target rate needs the case's baseline (case.yaml `baseline`); give --jobs instead")
    return float(math.ceil(rate * case.baseline.population - case.baseline.employed - 1e-9))


def cheapest_case(case: Case, wanted: float) -> Case:
    """`case` minimising cost with the target of `wanted` extra jobs; with `wanted` <= 0, without a target:
    the cheapest portfolio that keeps every other rule (it may be empty, or forced by coverage, locks ...).

    The case format asks a min_cost case for a positive target; with none the target rule does not apply,
    which is what a target the baseline already reaches means."""
    if wanted > 0:
        return apply_scenario(case, Scenario(name=_key(wanted), objective="min_cost", jobs_target=wanted))
    return case.model_copy(update={"objective": "min_cost", "jobs_target": None})


def jobs_text(value: float) -> str:
    """Jobs as a planner reads them: whole numbers without decimals, else one decimal or as many more
    (up to 9) as it takes not to show a value that is not 0 as 0."""
    if value == round(value):
        return f"{value:,.0f}"
    for digits in range(1, 10):
        text = f"{value:,.{digits}f}"
        if float(text.replace(",", "")) != 0:
            return text
    return f"{value:.3g}"


def target_text(wanted: float) -> str:
    """A jobs target as given (590.001 stays 590.001)."""
    return f"{wanted:,.10g}"


def target(case: Case, rate: float | None = None, jobs: float | None = None,
           executor: Executor | None = None, rules: RuleSet = DEFAULT_RULES) -> TargetResult:
    """The cheapest portfolio keeping `rules` that reaches `jobs` extra jobs (or the employment `rate`), or
    the most jobs possible."""
    return target_curve(case, [rate] if rate is not None else [None], jobs=jobs, executor=executor,
                        rules=rules).points[0]


def target_curve(case: Case, rates: Iterable[float | None], jobs: float | None = None,
                 executor: Executor | None = None, rules: RuleSet = DEFAULT_RULES) -> TargetCurve:
    """One target per rate (or the one `jobs` target): a min_cost solve per distinct target, plus one max_jobs
    solve for the shortfall of targets no portfolio reaches, all with `rules`. Points keep the order of
    `rates`; the cost never falls as the target rises (see `monotone`).

    Raises ValueError without a rate or jobs, VerificationError when two proven answers contradict each other.
    """
    rates = list(rates)
    wanted = {r: (jobs if r is None else jobs_for(case, r)) for r in rates}
    if any(v is None for v in wanted.values()):
        raise ValueError("give a rate or a number of jobs")
    tasks = [Task(MOST, apply_scenario(case, Scenario(name=MOST, objective="max_jobs")), rules=rules)]
    tasks += [Task(_key(w), cheapest_case(case, w), rules=rules)
              for w in dict.fromkeys(max(0.0, w) for w in wanted.values())]
    swept = (executor or Executor()).run(tasks, label="targets")
    most = swept.solutions.get(MOST)
    points = []
    for r in rates:
        cheapest = swept.solutions.get(_key(max(0.0, wanted[r])))
        if cheapest is not None and (cheapest.status.has_portfolio or most is not None):
            points.append(_result(case, r, wanted[r], cheapest, most))
    return TargetCurve(points=monotone(case, points, rules),
                       interrupted=swept.interrupted)


def monotone(case: Case, points: list[TargetResult], rules: RuleSet = DEFAULT_RULES) -> list[TargetResult]:
    """The points (in their order) with each one's cost no higher than that of any higher target's portfolio.

    The cheapest portfolio of a higher target reaches every lower one under the same rules, so where a solve
    stopped early (or within its gap) at a dearer portfolio, that cheaper one is used instead (`carried`). A
    proven least cost (the bound), or a proven unreachable target, above a portfolio that reaches more is a
    solver's error: VerificationError.
    """
    fixed = list(points)
    best: TargetResult | None = None  # the cheapest reachable point of the higher targets seen so far
    for i in sorted(range(len(points)), key=lambda i: -points[i].jobs_target):
        p = points[i]
        if best is not None and p.reachable is False:
            raise VerificationError(f"the target of {target_text(p.jobs_target)} jobs was proven "
                                    f"unreachable, yet a portfolio reaches {target_text(best.jobs_target)}")
        if best is not None and p.reachable and _cost(p) > _cost(best) + slack(_cost(best)):
            if p.solution.status == Status.OPTIMAL and _least(p) > _cost(best) + slack(_cost(best)):
                raise VerificationError(
                    f"the cheapest cost falls as the target rises: EUR {_cost(p):,.0f} proven cheapest at "
                    f"{target_text(p.jobs_target)} jobs, yet a portfolio of EUR {_cost(best):,.0f} reaches "
                    f"{target_text(best.jobs_target)}")
            fixed[i] = p = _carry(case, p, best, rules)
        if p.reachable and (best is None or _cost(p) <= _cost(best)):
            best = p
    return fixed


def _cost(point: TargetResult) -> float:
    return point.solution.cost_total_eur


def _least(point: TargetResult) -> float:
    """The cost no portfolio of the point can beat, as proven: the solve's bound (an optimum is proven to
    within the gap), else its cost."""
    sol = point.solution
    return sol.bound if sol.objective == "min_cost" and sol.bound is not None else sol.cost_total_eur


def _carry(case: Case, point: TargetResult, cheaper: TargetResult, rules: RuleSet) -> TargetResult:
    """`point` with the cheaper portfolio of a higher target, re-evaluated against this point's case and
    `rules`."""
    own = cheapest_case(case, point.jobs_target)
    data = CaseData.of(own)
    ev = evaluate(own, cheaper.solution.plan, data, rules=rules)
    if not ev.feasible:
        raise VerificationError(f"the portfolio of the target of {target_text(cheaper.jobs_target)} jobs "
                                f"breaks {', '.join(c.name for c in ev.violations)} at "
                                f"{target_text(point.jobs_target)}")
    sol = point.solution
    note = phrase("solver.target.carried_note", target=_target(cheaper.jobs_target))
    report = sol.details.report.model_copy(update={"notes": (*sol.details.report.notes, english(note))})
    solution = assemble(data, ev, status=Status.FEASIBLE, bound=None, gap=None, backend=sol.backend,
                        solve_time_s=sol.solve_time_s, report=report, message=note)
    words = _reached(point.jobs_target, solution, phrase("solver.target.carried"))
    return point.model_copy(update={
        "solution": solution, "carried": True, "rate_reached": _rate(case, ev.jobs_total),
        "message": english(words), "words": words})


def _key(wanted: float) -> str:
    return f"jobs {wanted!r}"


def _rate(case: Case, jobs: float | None) -> float | None:
    if case.baseline is None or jobs is None:
        return None
    return (case.baseline.employed + jobs) / case.baseline.population


def _figure(value: float, text: str) -> Num | str:
    """`text`, `value` as jobs_text or target_text write it, as a number said in the reader's language (the
    text itself when no kind of number writes it so)."""
    n = fixed(value, len(text.partition(".")[2]))
    return n if number(n) == text else text


def _jobs(value: float) -> Num | str:
    return _figure(value, jobs_text(value))


def _target(wanted: float) -> Num | str:
    return _figure(wanted, target_text(wanted))


def _reached(wanted: float, cheapest: Solution, proof: Phrase | str = "") -> Phrase:
    """What `cheapest` reaches of the target of `wanted` jobs, and `proof`: how sure its cost is."""
    what = phrase("solver.target.what", n=count(len(cheapest.selected)),
                  cost=fixed(cheapest.cost_total_eur, 0), jobs=_jobs(cheapest.jobs_total))
    if wanted <= 0:
        if not cheapest.selected:
            return phrase("solver.target.baseline_only", proof=proof)
        return phrase("solver.target.baseline_rules", what=what, proof=proof)
    return phrase("solver.target.reached", what=what, proof=proof)


def _point(words: Phrase, **fields) -> TargetResult:
    return TargetResult(message=english(words), words=words, **fields)


def _result(case: Case, rate: float | None, wanted: float, cheapest: Solution,
            most: Solution | None) -> TargetResult:
    if cheapest.status.has_portfolio:
        proof = (phrase("solver.target.proven") if cheapest.status == Status.OPTIMAL else
                 phrase("solver.target.maybe_cheaper", status=state(cheapest.status)))
        return _point(_reached(wanted, cheapest, proof), rate=rate, reachable=True, jobs_target=wanted,
                      shortfall_jobs=0.0, rate_reached=_rate(case, cheapest.jobs_total), solution=cheapest)
    if (cheapest.status == Status.INFEASIBLE and most is not None and most.status.has_portfolio
            and most.jobs_total < wanted):
        short = wanted - most.jobs_total
        reached = _rate(case, most.jobs_total)
        proven = "" if most.status == Status.OPTIMAL else phrase("solver.target.not_proven")
        figures = dict(short=_jobs(short), target=_target(wanted), proven=proven)
        words = (phrase("solver.target.short_best", **figures) if reached is None
                 else phrase("solver.target.short_rate", rate=pct(reached, 3), **figures))
        return _point(words, rate=rate, reachable=False, jobs_target=wanted, shortfall_jobs=short,
                      most_jobs=most.jobs_total, rate_reached=reached, solution=most)
    if cheapest.status == Status.INFEASIBLE and most is not None and most.status == Status.INFEASIBLE:
        words = phrase("solver.target.no_portfolio", said=most.details.words or most.details.message)
        return _point(words, rate=rate, reachable=False, jobs_target=wanted, shortfall_jobs=None,
                      solution=cheapest)
    words = phrase("solver.undecided", status=state(cheapest.status),
                   said=cheapest.details.words or cheapest.details.message)
    return _point(words, rate=rate, reachable=None, jobs_target=wanted, shortfall_jobs=None,
                  solution=cheapest)
