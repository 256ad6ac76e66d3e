"""SCIP through OR-Tools' pywraplp, with the status and bound SCIP itself reports."""

from __future__ import annotations

from models.solver import SolverSettings
from portfolio.backends.base import Backend, Capabilities, SolverRun, Termination
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
    lower, upper = form.column_bounds(solver.infinity())
    xs = [solver.Var(lower[j], upper[j], c.integer, f"c{j}") for j, c in enumerate(form.columns)]
    row_lower, row_upper = form.row_bounds(solver.infinity())
    for i, r in enumerate(form.rows):
        row = solver.Constraint(row_lower[i], row_upper[i], f"r{i}")  # SCIP decides rows without terms
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


def _status_table() -> dict:
    if pywraplp is None:  # pragma: no cover
        return {}
    S = pywraplp.Solver
    return {
        S.OPTIMAL: Termination.OPTIMAL,  # SCIP optimal, or its relative gap limit reached
        S.FEASIBLE: Termination.LIMIT,  # a limit, with a solution
        # pywraplp also maps SCIP's "infeasible or unbounded" here; every case column is bounded.
        S.INFEASIBLE: Termination.INFEASIBLE,
        S.NOT_SOLVED: Termination.LIMIT,  # a time or node limit without a solution
    }


def _status_name(code) -> str:
    S = pywraplp.Solver
    names = {S.OPTIMAL: "OPTIMAL", S.FEASIBLE: "FEASIBLE", S.INFEASIBLE: "INFEASIBLE", S.UNBOUNDED: "UNBOUNDED",
             S.ABNORMAL: "ABNORMAL", S.NOT_SOLVED: "NOT_SOLVED", S.MODEL_INVALID: "MODEL_INVALID"}
    return names.get(code, str(code))


class ScipBackend(Backend):
    """SCIP via pywraplp.

    Status: pywraplp's mapping of SCIP's status (STATUS). The bound is
    `Objective().BestBound()` (SCIP's dual bound), which pywraplp only fills
    in when a solution exists. Settings: time limit in ms, RELATIVE_MIP_GAP,
    `randomization/randomseedshift` for the seed. Threads: always 1. With more,
    pywraplp runs SCIP's concurrent solver, which here stops after a fraction of
    a second with "status unknown" and a portfolio about 1 % from optimal
    (mknap1-7: 16481 instead of 16537), leaving the time limit unused; so SCIP
    runs sequentially and the report says it ran on one thread.
    """

    name = "scip"
    package = "ortools"
    STATUS = _status_table()
    CAPABILITIES = Capabilities(threads=False)

    @classmethod
    def _probe(cls) -> bool:
        return pywraplp is not None and pywraplp.Solver.CreateSolver("SCIP") is not None

    _live = None

    def _stop(self) -> None:
        if self._live is not None:
            self._live.InterruptSolve()

    def _solve(self, form: Formulation, settings: SolverSettings) -> SolverRun:
        solver, xs = _model(form)
        self._live = solver
        notes = []
        solver.SetTimeLimit(max(1, round(settings.time_limit_s * 1000)))
        solver.SetNumThreads(1)
        if settings.threads > 1:
            notes.append(f"SCIP ran on 1 thread, not {settings.threads}: its concurrent mode stops early in OR-Tools")
        # Ctrl-C is ours (the watching thread calls InterruptSolve); SCIP's own handler would hide it.
        seed = f"randomization/randomseedshift = {int(settings.seed)}\nmisc/catchctrlc = FALSE\n"
        if not solver.SetSolverSpecificParametersAsString(seed):
            notes.append(f"SCIP did not accept seed {settings.seed}")
        params = pywraplp.MPSolverParameters()
        params.SetDoubleParam(pywraplp.MPSolverParameters.RELATIVE_MIP_GAP, float(settings.mip_gap))
        status = solver.Solve(params)
        run = SolverRun(status, f"SCIP: {_status_name(status)}", threads_used=1, notes=notes)
        if status in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
            run.values = [x.solution_value() for x in xs]
            bound = solver.Objective().BestBound()
            if abs(bound) < solver.infinity():
                run.bound, run.bound_source = bound, "SCIP dual bound (BestBound)"
        return run
