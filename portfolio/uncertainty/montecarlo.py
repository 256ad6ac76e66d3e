"""Monte Carlo over the effect ranges: every sample solved exactly on an Executor, and the nominal portfolio's
jobs in every sample (recomputed, no solver)."""

from __future__ import annotations

from models import Case, Solution, Status
from models.uncertainty import Correlation, Distribution, MonteCarloResult
from portfolio.core.tolerances import slack
from portfolio.rules import DEFAULT_RULES, RuleSet
from portfolio.sweeps.executor import Executor, SweepRun, Task
from portfolio.uncertainty.sampling import Samples, jobs_range

NOMINAL = "nominal"


class NoPortfolio(ValueError):
    """The case has no portfolio at its central effects, so there is nothing to judge under uncertainty."""

    def __init__(self, solution: Solution):
        super().__init__(f"the case has no portfolio at its central effects ({solution.status.value}): "
                         f"{solution.details.message}")
        self.solution = solution


def sample_key(i: int) -> str:
    return f"sample {i}"


def monte_carlo(case: Case, samples: int = 200, seed: int = 0, dist: Distribution = "triangular",
                correlation: Correlation = "independent", *, target_jobs: float | None = None,
                executor: Executor | None = None, nominal: Solution | None = None,
                drawn: Samples | None = None, rules: RuleSet = DEFAULT_RULES,
                solve_samples: bool = True) -> MonteCarloResult:
    """Draw `samples` effect sets (seeded), solve each exactly with `rules`, and judge the nominal portfolio
    in every one (in a phased case its plan: each action at its start year).

    `nominal`: the portfolio to judge (default: the optimum of `case`, solved with the samples). `target_jobs`:
    the jobs p_target refers to (default: the case's jobs_target with min_cost, else the nominal portfolio's
    jobs). `drawn`: samples already drawn for this case (then samples, seed, dist and correlation are theirs).
    Without `solve_samples` (a given `nominal` needed), no sample is solved: the nominal portfolio is still
    judged in every sample, and the frequencies and optima are left empty.
    Raises NoPortfolio when the case has none at its central effects, Stopped when Ctrl-C came before the
    nominal case was solved, TaskFailed when a solve fails.
    """
    if not solve_samples and nominal is None:
        raise ValueError("without solving the samples, give the nominal portfolio to judge")
    drawn = drawn or Samples.draw(case, samples, seed, dist, correlation)
    tasks = [] if nominal is not None else [Task(NOMINAL, case, rules=rules)]
    if solve_samples:
        tasks += [Task(sample_key(i), c, rules=rules) for i, c in enumerate(drawn.cases, start=1)]
    result = (executor or Executor()).run(tasks, label="Monte Carlo") if tasks else SweepRun()
    nominal = nominal or result.required(NOMINAL, "the nominal case")
    if not nominal.status.has_portfolio:
        raise NoPortfolio(nominal)
    solved = [s for key, s in result.solutions.items() if key != NOMINAL]
    found = [s for s in solved if s.status.has_portfolio]
    counts = dict.fromkeys((a.action for a in case.actions), 0)
    for s in found:
        for a in s.selected:
            counts[a] += 1
    jobs = drawn.jobs(nominal.plan)
    if target_jobs is None:
        target_jobs = case.jobs_target if case.objective == "min_cost" and case.jobs_target else nominal.jobs_total
    reached = sum(j >= target_jobs - slack(target_jobs) for j in jobs)
    return MonteCarloResult(
        samples=len(drawn), seed=drawn.seed, dist=drawn.dist, correlation=drawn.correlation,
        frequency={a: n / len(found) if found else 0.0 for a, n in counts.items()} if solve_samples else {},
        nominal=jobs_range(jobs), selected=list(nominal.selected), start_year=nominal.start_year,
        jobs=nominal.jobs_total,
        target_jobs=target_jobs, p_target=reached / len(jobs),
        optimum=jobs_range([s.jobs_total for s in found]) if found else None,
        solved=len(found), not_proven=sum(s.status != Status.OPTIMAL for s in found),
        no_portfolio=len(solved) - len(found), interrupted=result.interrupted, jobs_by_sample=jobs,
        samples_solved=solve_samples,
    )
