"""SCIP through OR-Tools' pywraplp, with the status and bound SCIP itself reports."""

from __future__ import annotations

import math

from models import SolverSettings
from portfolio.backends.base import Backend, RawResult, RawStatus
from portfolio.formulation import Formulation

try:
    from ortools.linear_solver import pywraplp
except ImportError:  # pragma: no cover - ortools is a runtime dependency
    pywraplp = None


def _model(form: Formulation):
    """SCIP's model with safe names c<j> (columns) and r<i> (rows), in the formulation's order."""
    solver = pywraplp.Solver.CreateSolver("SCIP")
    if solver is None:
        raise RuntimeError("OR-Tools was built without SCIP")
    solver.SuppressOutput()
    inf = solver.infinity()
    clip = lambda v: max(-inf, min(inf, v))  # noqa: E731
    xs = [solver.Var(clip(c.lower), clip(c.upper), c.integer, f"c{j}") for j, c in enumerate(form.columns)]
    for i, r in enumerate(form.rows):
        row = solver.Constraint(clip(r.lower), clip(r.upper), f"r{i}")  # SCIP decides rows without terms
        for j, v in r.coefs.items():
            row.SetCoefficient(xs[j], v)
    objective = solver.Objective()
    for x, c in zip(xs, form.columns):
        if c.objective:
            objective.SetCoefficient(x, c.objective)
    if form.sense == "max":
        objective.SetMaximization()
    else:
        objective.SetMinimization()
    return solver, xs


class ScipBackend(Backend):
    """SCIP via pywraplp.

    Status from pywraplp's own mapping of SCIP's status: OPTIMAL (SCIP optimal,
    or its relative gap limit reached) -> optimal; FEASIBLE (a limit with a
    solution) -> feasible; INFEASIBLE -> infeasible (pywraplp also maps SCIP's
    "infeasible or unbounded" here: with every column bounded, as in every case
    formulation, that means infeasible); NOT_SOLVED (time or node limit without
    a solution) -> no_solution; anything else raises. The bound is
    `Objective().BestBound()` (SCIP's dual bound), which pywraplp only fills in
    when a solution exists; otherwise the bound is None.
    Settings: time limit in ms, RELATIVE_MIP_GAP, `randomization/randomseedshift`
    for the seed. Threads: always 1. With more, pywraplp runs SCIP's concurrent
    solver, which here stops after a fraction of a second with "status unknown"
    and a portfolio about 1 % from optimal (mknap1-7: 16481 instead of 16537),
    leaving the time limit unused; so a request for more threads is noted and
    SCIP runs sequentially.
    """

    name = "scip"
    extra = "ortools"
    _available: bool | None = None

    @classmethod
    def is_available(cls) -> bool:
        if pywraplp is None:
            return False
        if cls._available is None:
            cls._available = pywraplp.Solver.CreateSolver("SCIP") is not None
        return cls._available

    def _solve(self, form: Formulation, settings: SolverSettings) -> RawResult:
        solver, xs = _model(form)
        notes: dict = {}
        solver.SetTimeLimit(max(1, round(settings.time_limit_s * 1000)))
        solver.SetNumThreads(1)
        if settings.threads > 1:
            notes["threads"] = (
                f"SCIP ran on 1 thread, not {settings.threads}: its concurrent mode stops early in OR-Tools"
            )
        seed = f"randomization/randomseedshift = {int(settings.seed)}\n"
        if not solver.SetSolverSpecificParametersAsString(seed):
            notes["seed"] = f"SCIP did not accept seed {settings.seed}"
        params = pywraplp.MPSolverParameters()
        params.SetDoubleParam(pywraplp.MPSolverParameters.RELATIVE_MIP_GAP, float(settings.mip_gap))
        status = solver.Solve(params)

        S = pywraplp.Solver
        names = {S.OPTIMAL: "OPTIMAL", S.FEASIBLE: "FEASIBLE", S.INFEASIBLE: "INFEASIBLE",
                 S.UNBOUNDED: "UNBOUNDED", S.ABNORMAL: "ABNORMAL", S.NOT_SOLVED: "NOT_SOLVED",
                 S.MODEL_INVALID: "MODEL_INVALID"}
        said = names.get(status, str(status))
        message = f"SCIP: {said}"
        if status in (S.OPTIMAL, S.FEASIBLE):
            values = [x.solution_value() for x in xs]
            objective = solver.Objective().Value()
            bound = solver.Objective().BestBound()
            if not math.isfinite(bound) or abs(bound) >= solver.infinity():
                bound = None
            raw = RawStatus.OPTIMAL if status == S.OPTIMAL else RawStatus.FEASIBLE
            return RawResult(raw, values, objective, bound, message=message, notes=notes)
        if status == S.INFEASIBLE:
            if any(math.isinf(c.lower) or math.isinf(c.upper) for c in form.columns):
                message += " (or unbounded: pywraplp reports SCIP's 'infeasible or unbounded' as infeasible)"
            return RawResult(RawStatus.INFEASIBLE, message=message, notes=notes)
        if status == S.NOT_SOLVED:
            return RawResult(RawStatus.NO_SOLUTION, message=message, notes=notes)
        raise RuntimeError(f"SCIP stopped with status {said}")
