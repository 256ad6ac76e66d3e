"""CBC through PuLP's bundled binary, with the status and bound read from CBC's own log, not PuLP's label."""

from __future__ import annotations

import contextlib
import math
import os
import re
import signal
import subprocess
import tempfile
import time
import warnings
from decimal import Decimal, InvalidOperation

from models.solver import SolverSettings
from portfolio.backends.base import Backend, Capabilities, SolverRun, Termination
from portfolio.formulation import Formulation
from portfolio.tolerances import BOUND, EMPTY_ROW, slack

try:
    import pulp
except ImportError:  # pragma: no cover - pulp is a runtime dependency
    pulp = None

# CBC 2.10.3 (the binary PuLP bundles) has preprocessing (CglPreProcess) bugs: on small binary models with
# fractional coefficients it claims "infeasible" for feasible models or "optimal" for worse portfolios
# (coin-or/Cbc issues #737, #740, #747, #749). Measured here: 9 of 1500 random 0-1 models with a continuous
# column went wrong, none with preprocessing off, at no measurable cost on the knapsack benchmarks.
_OPTIONS = ["preprocess off"]

# CBC's final summary (printed after "Result - ..."), in the problem's own sense: CBC says
# "Upper bound" when it reports a maximisation and "Lower bound" for a minimisation.
_RESULT = re.compile(r"^Result - (.+?)\s*$", re.M)
_BOUND = re.compile(r"^(Lower|Upper) bound:\s+(\S+)", re.M)
_OBJECTIVE = re.compile(r"^Objective value:\s+(\S+)", re.M)


def _cbc_command(**kwargs):
    # PuLP 3.x marks PULP_CBC_CMD as deprecated for 4.0; it is still the only CBC that ships with PuLP.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return pulp.PULP_CBC_CMD(**kwargs)


def _empty_row_conflict(form: Formulation) -> str | None:
    """Name and bounds of the first row without coefficients that 0 cannot satisfy, if any."""
    for r in form.rows:
        if not r.coefs and not (r.lower - EMPTY_ROW <= 0.0 <= r.upper + EMPTY_ROW):
            return f"row {r.name} has no coefficients and asks {r.lower} <= 0 <= {r.upper}"
    return None


def _problem(form: Formulation):
    """The PuLP model, named c<j> (columns) and r<i> (rows); rows without coefficients are left out."""
    prob = pulp.LpProblem("portfolio", pulp.LpMaximize if form.sense == "max" else pulp.LpMinimize)
    xs = [
        prob.add_variable(
            f"c{j}",
            None if c.lower == -math.inf else c.lower,
            None if c.upper == math.inf else c.upper,
            cat=pulp.LpInteger if c.integer else pulp.LpContinuous,
        )
        for j, c in enumerate(form.columns)
    ]
    # Every column goes into the objective, zero coefficients included, so PuLP writes every column.
    prob.setObjective(pulp.LpAffineExpression([(x, c.objective) for x, c in zip(xs, form.columns)]))
    for i, r in enumerate(form.rows):
        if not r.coefs:
            continue
        terms = [(xs[j], v) for j, v in r.coefs.items()]
        if r.lower == r.upper:
            sides = [(pulp.LpConstraintEQ, f"r{i}", r.lower)]
        else:  # a range becomes two rows, r<i>_lo and r<i>_hi
            both = r.lower > -math.inf and r.upper < math.inf
            sides = []
            if r.lower > -math.inf:
                sides.append((pulp.LpConstraintGE, f"r{i}_lo" if both else f"r{i}", r.lower))
            if r.upper < math.inf:
                sides.append((pulp.LpConstraintLE, f"r{i}_hi" if both else f"r{i}", r.upper))
        for sense, name, rhs in sides:
            prob.addConstraint(pulp.LpConstraint(pulp.LpAffineExpression(terms), sense, name, rhs))
    return prob, xs


def _last(pattern: re.Pattern, text: str):
    found = pattern.findall(text)
    return found[-1] if found else None


def _outward(text: str, sense: str) -> float | None:
    """A bound printed by CBC, widened by half a unit of its last digit: rounding never tightens it."""
    try:
        exponent = Decimal(text).as_tuple().exponent
        value = float(text)
    except (InvalidOperation, ValueError):
        return None
    if not isinstance(exponent, int) or not math.isfinite(value) or abs(value) >= 1e50:
        return None  # CBC prints 1e+50 for "no bound"
    half_unit = 0.5 * 10.0**exponent
    return value + half_unit if sense == "max" else value - half_unit


def _log_bound(log: str, sense: str) -> float | None:
    """The proven bound of CBC's final summary in the formulation's sense, or None when CBC printed none."""
    found = _last(_BOUND, log)
    if not found:
        return None
    label, text = found
    value = _outward(text, sense)
    if value is None:
        return None
    # "Upper bound" is CBC speaking in maximisation terms, "Lower bound" in minimisation terms.
    speaks_max = label == "Upper"
    if speaks_max != (sense == "max"):
        value = -value
    return value


def _optimum_bound(log: str, objective: float) -> tuple[float, str]:
    """The bound when CBC proved optimality but printed no bound: the optimal objective CBC printed.

    The summary prints it with 8 decimals, more than the solution file gives each value, so it is
    preferred to the objective recomputed from the values (which may round below a maximum).
    """
    text = _last(_OBJECTIVE, log)
    try:
        value = float(text) if text else None
    except ValueError:
        value = None
    if value is not None and math.isfinite(value):
        close = slack(objective, BOUND)
        if abs(value - objective) <= close:
            return value, "CBC log objective (proven optimal)"
        if abs(-value - objective) <= close:  # printed in CBC's internal minimisation sense
            return -value, "CBC log objective (proven optimal)"
    return objective, "objective of the values (proven optimal)"


class CbcBackend(Backend):
    """CBC via PuLP.

    Status comes from CBC's own answer, never from PuLP's `status` label alone,
    which says "Optimal" when CBC stops on a time limit (pulp issues #711, #649):
    PuLP's `sol_status` (read from CBC's solution file) separates proven optimal,
    stopped with an integer solution, and stopped without one; CBC's log line
    "Result - Stopped on ..." vetoes any claim of optimality or infeasibility.
    The proven bound is CBC's final summary ("Upper bound"/"Lower bound") in the
    log file, widened by half a unit of its last printed digit; when CBC proves
    optimality without printing a bound, the bound is the optimal objective.
    Preprocessing is off (see _OPTIONS: CBC 2.10.3's preprocessing returns wrong
    answers); when CBC then crashes (it does on some infeasible models), it is
    asked again with preprocessing on, and the report's `reruns` say so.
    PuLP writes coefficients with 13 significant digits.
    Settings: `-sec`, `-ratio`, `-threads` only above 1 (CBC's `threads 1` starts
    one worker thread, slower and not repeatable; the default is serial),
    `-randomCbcSeed`/`-randomSeed` only for a seed above 0 (for CBC, 0 means
    "seed from the clock"; our seed 0 keeps CBC's fixed default seeds).
    """

    name = "cbc"
    package = "pulp"
    # CBC's answer is reduced to one code by _code(): "stopped" (the log's "Result - Stopped on ..."), else
    # PuLP's sol_status read from CBC's solution file, else PuLP's status for a run that wrote none.
    STATUS = {
        "optimal": Termination.OPTIMAL,
        "integer feasible": Termination.LIMIT,
        "stopped": Termination.LIMIT,
        "not solved": Termination.LIMIT,
        "infeasible": Termination.INFEASIBLE,
    }
    CAPABILITIES = Capabilities(proves=False)  # see the note on _OPTIONS

    def __init__(self) -> None:
        self._children: list[subprocess.Popen] = []
        self._ending = False

    @classmethod
    def _probe(cls) -> bool:
        return pulp is not None and bool(_cbc_command(msg=False).available())

    def _stop(self) -> None:
        """CBC stops on SIGINT and writes what it has found (its log then says "Stopped on ctrl-c")."""
        for child in self._children:
            if child.poll() is None:
                child.send_signal(signal.SIGINT)

    def _kill(self) -> None:
        self._ending = True  # no rerun after this: the process is ending
        for child in self._children:
            if child.poll() is None:
                child.kill()
                child.wait()

    def _refuse_if_ending(self) -> None:
        """Raise when the run was ended before CBC started (a race lost while PuLP was still being prepared)."""
        if self._ending:
            raise pulp.PulpSolverError("CBC was ended before it started")

    def _solve(self, form: Formulation, settings: SolverSettings) -> SolverRun:
        conflict = _empty_row_conflict(form)
        if conflict:
            return SolverRun("infeasible", f"CBC: infeasible before solving: {conflict}")
        if not form.columns:
            return SolverRun("optimal", "CBC: no columns; every row is satisfied", [], 0.0, "no columns")
        self._refuse_if_ending()
        prob, xs = _problem(form)
        self._refuse_if_ending()
        seed = [f"randomCbcSeed {settings.seed}", f"randomSeed {settings.seed}"] if settings.seed > 0 else []
        start = time.perf_counter()
        reruns = []
        try:
            log = _run(prob, settings, _OPTIONS + seed, settings.time_limit_s, self._children, self)
        except pulp.PulpSolverError as exc:
            if self._ending:
                raise
            # CBC 2.10.3 with preprocessing off segfaults writing its solution file when its bound
            # tightening proves the model infeasible (seen on 143 of 1083 infeasible random models, never on a
            # feasible one). Ask again with CBC's default preprocessing, in the time that is left.
            left = max(0.01, settings.time_limit_s - (time.perf_counter() - start))
            try:
                log = _run(prob, settings, seed, left, self._children, self)
            except pulp.PulpSolverError as again:
                raise RuntimeError(f"CBC failed twice (preprocessing off, then on): {again}") from exc
            reruns.append(f"CBC crashed with preprocessing off ({exc}); the answer is from a rerun with it on")
        run = _answer(form, prob, xs, log)
        run.reruns = reruns
        return run


class _Tracking:
    """Stands in for the `subprocess` module inside PuLP's CBC call, keeping each CBC process it starts."""

    def __init__(self, children: list, owner: CbcBackend | None = None) -> None:
        self._children = children
        self._owner = owner

    def Popen(self, *args, **kwargs):  # noqa: N802 - the name PuLP calls
        if self._owner is not None:
            self._owner._refuse_if_ending()  # never start CBC after the run was ended
        process = subprocess.Popen(*args, **kwargs)
        self._children.append(process)
        return process

    def __getattr__(self, name: str):
        return getattr(subprocess, name)


@contextlib.contextmanager
def _tracked(children: list, owner: CbcBackend | None = None):
    """While inside, the CBC processes PuLP starts are appended to `children` (to stop or end them); none starts
    once `owner` was ended."""
    from pulp.apis import coin_api

    previous = coin_api.subprocess
    coin_api.subprocess = _Tracking(children, owner)
    try:
        yield
    finally:
        coin_api.subprocess = previous


def _run(prob, settings: SolverSettings, options: list[str], time_limit_s: float, children: list,
         owner: CbcBackend | None = None) -> str:
    """Solve `prob` with CBC (results land in `prob`); returns the log. Raises PulpSolverError on failure."""
    with tempfile.TemporaryDirectory(prefix="portfolio-cbc-") as tmp, _tracked(children, owner):
        log_path = os.path.join(tmp, "cbc.log")
        command = _cbc_command(
            msg=False,
            timeLimit=float(time_limit_s),
            gapRel=float(settings.mip_gap),
            threads=int(settings.threads) if settings.threads > 1 else None,
            options=list(options),
            logPath=log_path,
        )
        command.tmpDir = tmp  # CBC's model and solution files stay in our private folder
        prob.solve(command)
        with open(log_path, encoding="utf-8", errors="replace") as f:
            return f.read()


def _code(prob, stopped: bool) -> str:
    """CBC's answer as one key of CbcBackend.STATUS; raises for an unbounded or unknown answer."""
    status, sol_status = prob.status, prob.sol_status
    if status == pulp.LpStatusUnbounded or sol_status == pulp.LpSolutionUnbounded:
        raise RuntimeError("CBC found the problem unbounded; every column needs finite bounds")
    if stopped:
        return "stopped"
    if sol_status == pulp.LpSolutionOptimal:
        return "optimal"
    if sol_status == pulp.LpSolutionIntegerFeasible:
        return "integer feasible"
    # CBC writes "Infeasible" or "Integer infeasible" (PuLP: status Infeasible) only when it proved it.
    if status == pulp.LpStatusInfeasible or sol_status == pulp.LpSolutionInfeasible:
        return "infeasible"
    if status == pulp.LpStatusNotSolved:
        return "not solved"
    return f"PuLP status {status}, sol_status {sol_status}"


def _answer(form: Formulation, prob, xs, log: str) -> SolverRun:
    """CBC's answer: code, values and the bound of its log; see CbcBackend for the rules."""
    result_line = _last(_RESULT, log)
    code = _code(prob, bool(result_line and result_line.startswith("Stopped")))
    said = f"CBC: {result_line or pulp.LpStatus.get(prob.status, str(prob.status))}"
    run = SolverRun(code, said)
    if prob.sol_status in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible):
        run.values = [x.varValue if x.varValue is not None else _inside(c) for x, c in zip(xs, form.columns)]
    run.bound = _log_bound(log, form.sense)
    run.bound_source = "CBC log summary"
    if code == "optimal" and run.bound is None and run.values is not None:
        # optimality proven, no separate bound printed: the bound is the optimum
        run.bound, run.bound_source = _optimum_bound(log, form.objective_value(run.values))
    return run


def _inside(column) -> float:
    """A value within a column's bounds, for a column CBC did not report (it never happens with PuLP 3)."""
    return min(max(0.0, column.lower), column.upper)
