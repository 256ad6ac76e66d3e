"""CBC, the binary PuLP bundles, run on the formulation's MPS file (PuLP's writer), with the status and bound read from CBC's own
solution file and log."""

from __future__ import annotations

import contextlib
import math
import os
import re
import signal
import subprocess
import tempfile
import threading
import time
import warnings
from decimal import Decimal, InvalidOperation

from models.solver import SolverSettings
from portfolio.backends.base import Backend, Capabilities, SolverRun, Termination
from portfolio.core.tolerances import BOUND, EMPTY_ROW, FEASIBILITY, slack
from portfolio.formulation import Formulation

try:
    import pulp
except ImportError:  # pragma: no cover - pulp is a runtime dependency
    pulp = None

# CBC 2.10.3 (the binary PuLP bundles) has preprocessing (CglPreProcess) bugs: on small binary models with
# fractional coefficients it claims "infeasible" for feasible models or "optimal" for worse portfolios
# (coin-or/Cbc issues #737, #740, #747, #749). Measured here: 9 of 1500 random 0-1 models with a continuous
# column went wrong, none with preprocessing off, at no measurable cost on the knapsack benchmarks. With it off,
# CBC still called worse portfolios optimal (issue 16: 2 of 173 random cases): CbcBackend's claims are checked.
_OPTIONS = ["preprocess off"]

# CBC's final summary (printed after "Result - ..."), in the problem's own sense: CBC says
# "Upper bound" when it reports a maximisation and "Lower bound" for a minimisation.
_RESULT = re.compile(r"^Result - (.+?)\s*$", re.M)
_BOUND = re.compile(r"^(Lower|Upper) bound:\s+(\S+)", re.M)
_OBJECTIVE = re.compile(r"^Objective value:\s+(\S+)", re.M)


def _binary() -> str:
    """Path of the CBC binary PuLP bundles (PULP_CBC_CMD's `path`); PuLP marks that class deprecated for 4.0."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return pulp.PULP_CBC_CMD(msg=False).path


class CbcFailed(RuntimeError):
    """CBC ended without a solution file, or with a non-zero exit code (it crashed or was killed)."""


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


def _write_mps(form: Formulation, path: str) -> list[str]:
    """The formulation as an MPS file for CBC, written by PuLP's public `LpProblem.writeMPS` (13 significant
    digits, rows and columns renamed), the file CBC 2.10.3 was run on and measured with all along; returns each
    column's name in the file."""
    prob, xs = _problem(form)
    _variables, renamed, _rows, _objective = prob.writeMPS(path, rename=1)
    return [renamed[x.name] for x in xs]


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
    """CBC, the binary PuLP bundles, run as a process of its own on the formulation's MPS file.

    The status comes from the first line of CBC's solution file ("Optimal", "Stopped on time - objective
    value ..." with a portfolio, "Stopped ... (no integer solution ...)" without, "Infeasible", "Integer
    infeasible"); CBC's log line "Result - Stopped on ..." vetoes any claim of optimality or infeasibility.
    The proven bound is CBC's final summary ("Upper bound"/"Lower bound") in the
    log file, widened by half a unit of its last printed digit; when CBC proves
    optimality without printing a bound, the bound is the optimal objective.
    A claim of optimality is checked by HiGHS (Capabilities.proves is False; Backend.confirmed).
    Preprocessing is off (see _OPTIONS: CBC 2.10.3's preprocessing returns wrong
    answers); when CBC then crashes (it does on some infeasible models), it is
    asked again with preprocessing on, and the report's `reruns` say so.
    PuLP's MPS writer carries 13 significant digits.
    Settings: `-sec`, `-ratio`, `-threads` only above 1 (CBC's `threads 1` starts
    one worker thread, slower and not repeatable; the default is serial),
    `-randomCbcSeed`/`-randomSeed` only for a seed above 0 (for CBC, 0 means
    "seed from the clock"; our seed 0 keeps CBC's fixed default seeds).
    """

    name = "cbc"
    package = "pulp"
    # CBC's answer is reduced to one code by _code(), from the first line of its solution file and the log:
    # "stopped" with a portfolio, "not solved" without one.
    STATUS = {
        "optimal": Termination.OPTIMAL,
        "stopped": Termination.LIMIT,
        "not solved": Termination.LIMIT,
        "infeasible": Termination.INFEASIBLE,
    }
    CAPABILITIES = Capabilities(proves=False)  # see the note on _OPTIONS

    def __init__(self) -> None:
        self._children: list[subprocess.Popen] = []
        self._ending = False
        self._lock = threading.Lock()  # a CBC starts, or the run ends, never both at once

    @classmethod
    def _probe(cls) -> bool:
        return pulp is not None and os.access(_binary(), os.X_OK)

    def _stop(self) -> None:
        """CBC stops on SIGINT and writes what it has found (its log then says "Stopped on ctrl-c")."""
        for child in list(self._children):
            if child.poll() is None:
                child.send_signal(signal.SIGINT)

    def _kill(self) -> None:
        with self._lock:
            self._ending = True  # no CBC starts after this, and no rerun: the run is ending
        for child in list(self._children):
            if child.poll() is None:
                child.kill()
                child.wait()

    def _start(self, command: list[str], log) -> subprocess.Popen:
        """Start CBC, tracked for _stop and _kill; raises CbcFailed when the run was ended before it started (a
        race lost while the model was being written)."""
        with self._lock:
            if self._ending:
                raise CbcFailed("CBC was ended before it started")
            child = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            self._children.append(child)
            return child

    def _solve(self, form: Formulation, settings: SolverSettings) -> SolverRun:
        conflict = _empty_row_conflict(form)
        if conflict:
            return SolverRun("infeasible", f"CBC: infeasible before solving: {conflict}")
        if not form.columns:
            return SolverRun("optimal", "CBC: no columns; every row is satisfied", [], 0.0, "no columns")
        seed = [f"randomCbcSeed {settings.seed}", f"randomSeed {settings.seed}"] if settings.seed > 0 else []
        start = time.perf_counter()
        reruns = []
        with tempfile.TemporaryDirectory(prefix="portfolio-cbc-") as folder:
            model = os.path.join(folder, "model.mps")
            names = _write_mps(form, model)
            try:
                solution, log = self._run(form, model, settings, _OPTIONS + seed, settings.time_limit_s, folder)
            except CbcFailed as exc:
                if self._ending:
                    raise
                # CBC 2.10.3 with preprocessing off segfaults writing its solution file when its bound
                # tightening proves the model infeasible (seen on 143 of 1083 infeasible random models, never on
                # a feasible one). Ask again with CBC's default preprocessing, in the time that is left.
                left = max(0.01, settings.time_limit_s - (time.perf_counter() - start))
                try:
                    solution, log = self._run(form, model, settings, seed, left, folder)
                except CbcFailed as again:
                    raise RuntimeError(f"CBC failed twice (preprocessing off, then on): {again}") from exc
                reruns.append(f"CBC crashed with preprocessing off ({exc}); the answer is from a rerun with it on")
        run = _answer(form, solution, log, names)
        run.reruns = reruns
        return run

    def _run(self, form: Formulation, model: str, settings: SolverSettings, options: list[str],
             time_limit_s: float, folder: str) -> tuple[str, str]:
        """CBC on the MPS file `model`: its solution file and its log. Raises CbcFailed on a crash or a kill."""
        solution, log_path = os.path.join(folder, "cbc.sol"), os.path.join(folder, "cbc.log")
        with contextlib.suppress(FileNotFoundError):
            os.remove(solution)
        command = [_binary(), model, "-max" if form.sense == "max" else "-min", "-sec", repr(float(time_limit_s)),
                   "-ratio", repr(float(settings.mip_gap)), "-timeMode", "elapsed"]  # the limit in wall-clock time
        if settings.threads > 1:
            command += ["-threads", str(int(settings.threads))]
        for option in options:
            command += ["-" + word if i == 0 else word for i, word in enumerate(option.split())]
        command += ["-solve", "-printingOptions", "all", "-solution", solution]
        with open(log_path, "w", encoding="utf-8") as log:
            code = self._start(command, log).wait()
        with open(log_path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        if code != 0 or not os.path.exists(solution):
            raise CbcFailed(f"CBC exited with code {code}" + ("" if os.path.exists(solution) else
                                                              " without a solution file"))
        with open(solution, encoding="utf-8", errors="replace") as f:
            return f.read(), text


def _code(first_line: str, stopped: bool) -> str:
    """CBC's answer as one key of CbcBackend.STATUS, from the first line of its solution file and the log's
    "Result - Stopped on ..." (`stopped`); raises for an unbounded or unknown answer."""
    words = first_line.split()
    if not words:
        raise RuntimeError("CBC wrote an empty solution file")
    if words[0] == "Unbounded":
        raise RuntimeError("CBC found the problem unbounded; every column needs finite bounds")
    # "Stopped on time - objective value 123": a portfolio; "Stopped on time (no integer solution ...": none
    found = "objective value" in first_line and "no integer solution" not in first_line
    if stopped or words[0] == "Stopped":
        return "stopped" if found else "not solved"
    if words[0] == "Optimal":
        return "optimal"
    if words[0] in ("Infeasible", "Integer"):  # "Integer infeasible": proven, as is "Infeasible"
        return "infeasible"
    raise RuntimeError(f"CBC wrote a solution file starting {first_line!r}, which this backend does not read")


def _values(form: Formulation, solution: str, names: list[str]) -> list[float]:
    """Each column's value in CBC's solution file (lines "index name value reduced-cost", rows too); `names`
    are the columns' names in the MPS file."""
    printed: dict[str, float] = {}
    for line in solution.splitlines()[1:]:
        words = line.split()
        if words and words[0] == "**":  # CBC marks rows and columns it found infeasible
            words = words[1:]
        if len(words) >= 3:
            printed[words[1]] = float(words[2])
    return [printed[name] if name in printed else _inside(c) for name, c in zip(names, form.columns)]


def _a_portfolio(form: Formulation, solution: str, values: list[float]) -> bool:
    """Whether CBC's solution file holds a solution: no row or column marked infeasible ("**"), every integer
    column whole within the feasibility tolerance."""
    if any(line.startswith("**") for line in solution.splitlines()[1:]):
        return False
    return all(abs(v - round(v)) <= slack(v, FEASIBILITY) for v, c in zip(values, form.columns) if c.integer)


def _answer(form: Formulation, solution: str, log: str, names: list[str] | None = None) -> SolverRun:
    """CBC's answer: code, values and the bound of its log; see CbcBackend for the rules. `names`: the columns'
    names in the MPS file (default c<j>)."""
    first_line = solution.splitlines()[0] if solution else ""
    result_line = _last(_RESULT, log)
    code = _code(first_line, bool(result_line and result_line.startswith("Stopped")))
    run = SolverRun(code, f"CBC: {result_line or first_line.strip()}")
    if code in ("optimal", "stopped"):
        run.values = _values(form, solution, names or [f"c{j}" for j in range(len(form.columns))])
    if code == "stopped" and not _a_portfolio(form, solution, run.values):
        # CBC 2.10.3 stopped on its limit may write the LP point of its search, not its best portfolio
        run.code, run.values = "not solved", None
        run.notes.append("CBC stopped on its limit and wrote a point that breaks rows or integrality, not a "
                         "portfolio; its bound is kept")
    run.bound = _log_bound(log, form.sense)
    run.bound_source = "CBC log summary"
    if code == "optimal" and run.bound is None:
        # optimality proven, no separate bound printed: the bound is the optimum
        run.bound, run.bound_source = _optimum_bound(log, form.objective_value(run.values))
    return run


def _inside(column) -> float:
    """A value within a column's bounds, for a column CBC did not report (it never happens with PuLP 3)."""
    return min(max(0.0, column.lower), column.upper)
