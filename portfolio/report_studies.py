"""The studies `portfolio report` adds beside its solve (the jobs band, the share costs, the what-if, frontier
and target curve asked for), each from the library call the matching command makes, so the figures agree."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from models import Case, Solution, SolverSettings
from models.scenario import Scenario
from models.studies import ReportStudies
from portfolio.core.interrupt import Stopped
from portfolio.sweeps.executor import Executor
from portfolio.sweeps.frontier import frontier
from portfolio.sweeps.target import target_curve
from portfolio.sweeps.whatif import whatif
from portfolio.uncertainty.band import BAND_SAMPLES, jobs_band
from portfolio.warnings import share_costs


def report_studies(case: Case, solution: Solution, *, scenarios: Iterable[Scenario] = (),
                   frontier_scales: Sequence[float] | None = None,
                   target_rates: Sequence[float] | None = None,
                   band_samples: int = BAND_SAMPLES, settings: SolverSettings | None = None,
                   executor: Executor | None = None) -> ReportStudies:
    """The studies of the report of `solution` (a Solution of `case`): always the jobs band (with a portfolio)
    and each equity share's cost (when proven optimal); the what-if of `scenarios` (as `whatif`), the budget
    frontier at `frontier_scales` (as `frontier --scale`) and the cheapest cost of each of `target_rates` (as
    `target --curve`) when given.

    Raises Stopped when Ctrl-C stopped any of their solves (nothing half-done is returned), TaskFailed when a
    solve fails, CaseError when a scenario makes the case invalid, ValueError when a target rate needs a
    baseline the case lacks.
    """
    scenarios = list(scenarios)
    if target_rates is not None and case.baseline is None:
        raise ValueError("a target curve needs the case's baseline (case.yaml `baseline`)")
    executor = executor or Executor()
    parts: dict = {}
    if scenarios:
        parts["whatif"] = _finished(whatif(case, scenarios, executor), "the what-if of the scenarios")
    if frontier_scales is not None:
        parts["frontier"] = _finished(frontier(case, frontier_scales, executor=executor),
                                      "the budget frontier")
        parts["frontier_budget_eur"] = sum(d.budget_eur for d in case.domains)
    if target_rates is not None:
        parts["target_curve"] = _finished(target_curve(case, target_rates, executor=executor),
                                          "the target curve")
    return ReportStudies(band=jobs_band(case, solution, band_samples),
                         share_costs=tuple(share_costs(case, solution, settings)), **parts)


def _finished(result, what: str):
    """`result` of a sweep, unless Ctrl-C stopped it before every solve finished."""
    if result.interrupted:
        raise Stopped(f"{what} was not finished")
    return result
