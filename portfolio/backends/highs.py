"""HiGHS through highspy: the default open-source MIP solver here."""

from __future__ import annotations

import math
from pathlib import Path

from models import SolverSettings
from portfolio.backends.base import Backend, RawResult, RawStatus, stdout_to_stderr
from portfolio.formulation import Formulation

try:
    import highspy
except ImportError:  # pragma: no cover - highspy is a runtime dependency
    highspy = None


LP_NAME = str.maketrans({"[": "(", "]": ")", "-": "~"})


def _model(form: Formulation, names: bool = False, lp_names: bool = False):
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    inf = highspy.kHighsInf
    n = len(form.columns)
    clip = lambda v: max(-inf, min(inf, v))  # noqa: E731
    h.addVars(n, [clip(c.lower) for c in form.columns], [clip(c.upper) for c in form.columns])
    h.changeColsCost(n, list(range(n)), [c.objective for c in form.columns])
    integer = [j for j, c in enumerate(form.columns) if c.integer]
    if integer:
        h.changeColsIntegrality(len(integer), integer, [highspy.HighsVarType.kInteger] * len(integer))
    start, index, value = form.csr()
    if form.rows:
        h.addRows(
            len(form.rows),
            [clip(r.lower) for r in form.rows],
            [clip(r.upper) for r in form.rows],
            len(index),
            start[:-1],
            index,
            value,
        )
    h.changeObjectiveSense(highspy.ObjSense.kMaximize if form.sense == "max" else highspy.ObjSense.kMinimize)
    if names:
        fix = (lambda n: n.translate(LP_NAME)) if lp_names else (lambda n: n)
        for j, c in enumerate(form.columns):
            h.passColName(j, fix(c.name))
        for i, r in enumerate(form.rows):
            h.passRowName(i, fix(r.name))
    return h


def export_model(form: Formulation, path: str | Path) -> None:
    """Write the formulation as an LP or MPS file (by extension), with readable names.

    MPS keeps the names as they are (`budget[werk,2027]`). The LP format does not
    allow `[`, `]` or `-` in names, so LP files show `budget(werk,2027)` and `~` for `-`.
    """
    with stdout_to_stderr():
        h = _model(form, names=True, lp_names=Path(path).suffix.lower() == ".lp")
        status = h.writeModel(str(path))
    if status == highspy.HighsStatus.kError:
        raise OSError(f"HiGHS could not write {path}")


_scheduler_threads: int | None = None  # HiGHS keeps one global thread pool per process


def _use_threads(h, threads: int) -> None:
    """Set the thread count; HiGHS fails ('Not Set') when it changes unless its scheduler is reset."""
    global _scheduler_threads
    if _scheduler_threads is not None and _scheduler_threads != threads:
        highspy.Highs.resetGlobalScheduler(True)
    _scheduler_threads = threads
    h.setOptionValue("threads", threads)


class HighsBackend(Backend):
    name = "highs"
    extra = "highspy"

    @classmethod
    def is_available(cls) -> bool:
        return highspy is not None

    def _solve(self, form: Formulation, settings: SolverSettings) -> RawResult:
        h = _model(form)
        h.setOptionValue("time_limit", float(settings.time_limit_s))
        h.setOptionValue("mip_rel_gap", float(settings.mip_gap))
        _use_threads(h, int(settings.threads))
        h.setOptionValue("random_seed", int(settings.seed))
        h.run()
        status = h.getModelStatus()
        info = h.getInfo()
        has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
        values = list(h.getSolution().col_value) if has_solution else None
        bound = info.mip_dual_bound if math.isfinite(info.mip_dual_bound) else None
        text = h.modelStatusToString(status)
        M = highspy.HighsModelStatus
        if status == M.kOptimal:
            return RawResult(RawStatus.OPTIMAL, values, info.objective_function_value, bound, message=text)
        if status in (M.kInfeasible, M.kUnboundedOrInfeasible):
            return RawResult(RawStatus.INFEASIBLE, message=text)
        if status in (M.kTimeLimit, M.kInterrupt, M.kIterationLimit, M.kSolutionLimit, M.kMemoryLimit,
                      M.kObjectiveBound, M.kObjectiveTarget, M.kHighsInterrupt):
            if has_solution:
                return RawResult(RawStatus.FEASIBLE, values, info.objective_function_value, bound, message=text)
            return RawResult(RawStatus.NO_SOLUTION, bound=bound, message=text)
        raise RuntimeError(f"HiGHS stopped with status {text!r}")
