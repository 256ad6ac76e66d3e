"""The study behind the report's uncertainty section (`portfolio report --robust N`): Monte Carlo around a
solution and the replacement cost of each of its actions, every solve exact and verified."""

from __future__ import annotations

from models import Case, Solution
from models.uncertainty import UncertaintyReport
from portfolio.core.interrupt import Stopped
from portfolio.sweeps.executor import Executor
from portfolio.uncertainty.importance import importance
from portfolio.uncertainty.montecarlo import monte_carlo


def uncertainty_report(case: Case, solution: Solution, samples: int, seed: int = 0,
                       executor: Executor | None = None) -> UncertaintyReport:
    """Monte Carlo around the portfolio of `solution` (triangular draws, independent rows) and its replacement
    costs. Raises Stopped when Ctrl-C stopped either (the replacement costs are not started after a stopped
    Monte Carlo), TaskFailed when a solve fails."""
    executor = executor or Executor()
    study = monte_carlo(case, samples, seed, executor=executor, nominal=solution)
    if study.interrupted:
        raise Stopped("the Monte Carlo study of the uncertainty section was not finished")
    costs = importance(case, solution, executor)
    if costs.interrupted:
        raise Stopped("the replacement costs of the uncertainty section were not all computed")
    return UncertaintyReport(monte_carlo=study, importance=costs)
