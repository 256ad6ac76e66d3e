"""HiGHS through highspy: the formulation's HiGHS model (portfolio.formulation.export), solved."""

from __future__ import annotations

from models.solver import SolverSettings
from portfolio.backends.base import Backend, Capabilities, SolverRun, Termination
from portfolio.formulation import Formulation

try:
    import highspy
    import numpy

    from portfolio.formulation.export import highs_model
except ImportError:  # pragma: no cover - highspy is a runtime dependency
    highspy = None

_scheduler_threads: int | None = None  # HiGHS keeps one global thread pool per process


def _use_threads(h, threads: int) -> None:
    """Set the thread count; HiGHS fails ('Not Set') when it changes unless its scheduler is reset."""
    global _scheduler_threads
    if _scheduler_threads is not None and _scheduler_threads != threads:
        highspy.Highs.resetGlobalScheduler(True)
    _scheduler_threads = threads
    h.setOptionValue("threads", threads)


def _status_table() -> dict:
    if highspy is None:  # pragma: no cover
        return {}
    M = highspy.HighsModelStatus
    limit = (M.kTimeLimit, M.kInterrupt, M.kIterationLimit, M.kSolutionLimit, M.kMemoryLimit, M.kObjectiveBound,
             M.kObjectiveTarget, M.kHighsInterrupt)
    return {
        M.kOptimal: Termination.OPTIMAL,
        M.kInfeasible: Termination.INFEASIBLE,
        # Every column of a case formulation is bounded, so "unbounded or infeasible" is infeasible.
        M.kUnboundedOrInfeasible: Termination.INFEASIBLE,
        **{code: Termination.LIMIT for code in limit},
    }


class HighsBackend(Backend):
    """HiGHS. Status: HiGHS's model status (STATUS); values when the primal solution status is feasible;
    bound: `mip_dual_bound` (not proven when infinite). Settings: time_limit, mip_rel_gap, threads, random_seed."""

    name = "highs"
    package = "highspy"
    STATUS = _status_table()
    CAPABILITIES = Capabilities(warm_start=True)

    @classmethod
    def _probe(cls) -> bool:
        return highspy is not None

    _live = None
    _stopped = False
    _listening = False  # a race may offer a portfolio during the search
    _offered: list[float] | None = None  # a portfolio from another solver, not yet handed to the search

    def expect_offers(self) -> None:
        self._listening = True

    def offer(self, values: list[float]) -> None:
        self._offered = list(values)

    def _stop(self) -> None:
        self._stopped = True  # seen before the search starts, if it has not started yet
        if self._live is not None:
            self._live.cancelSolve()  # HiGHS keeps the request until its next check, even before run()

    def _solve(self, form: Formulation, settings: SolverSettings) -> SolverRun:
        h = highs_model(form)
        h.HandleUserInterrupt = True  # cancelSolve() from the watching thread stops the search
        self._live = h
        if self._stopped:  # asked to stop while the model was built: the search stops at its first check
            h.cancelSolve()
        h.setOptionValue("time_limit", float(settings.time_limit_s))
        h.setOptionValue("mip_rel_gap", float(settings.mip_gap))
        _use_threads(h, int(settings.threads))
        h.setOptionValue("random_seed", int(settings.seed))
        if self._listening:  # HiGHS asks for a user portfolio at points of its search
            h.cbMipUserSolution.subscribe(self._hand_over)
        if "phased" in form.features:
            # Measured (benchmarks/README.md, phased): RENS sub-MIPs took half of the bundled phased case's
            # solve (HiGHS 2.8-3.2 s with, 1.5-1.9 s without) and changed nothing on 1,000-action phased cases.
            h.setOptionValue("mip_heuristic_run_rens", False)
        h.run()
        if self._listening:
            h.cbMipUserSolution.clear()
        status = h.getModelStatus()
        info = h.getInfo()
        has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
        values = list(h.getSolution().col_value) if has_solution else None
        return SolverRun(status, f"HiGHS: {h.modelStatusToString(status)}", values, info.mip_dual_bound,
                         "HiGHS mip_dual_bound")

    def _hand_over(self, event) -> None:
        """HiGHS's user-solution callback: the offered portfolio, once (HiGHS checks it before taking it)."""
        offered, self._offered = self._offered, None
        if offered is not None:
            event.data_in.setSolution(numpy.asarray(offered, dtype=float))
