"""CP-SAT (OR-Tools) on an integer-scaled copy of the formulation, with the scaling stated in every result.

CP-SAT only takes integers, so the formulation is scaled, explicitly:

- Integer columns stay integer variables (bounds rounded inward).
- A continuous column that is the product of two binaries (`both[a,b]`: bounds
  within [0, 1], rows w <= x, w <= y, w >= x + y - 1) is 0/1 at every feasible
  point, so it becomes a 0/1 variable: exact. So does a product column the
  formulation declares (`form.products`) with only the rows of its synergy's
  sign: some optimum has it at 0 or 1.
- Any other continuous column (`jobs[g]`) becomes an integer count of units
  r = 10^-k: k is the smallest number of decimals (0..6) that writes exactly its
  finite bounds and, in every row where it is the only continuous column, that
  row's finite bounds and other coefficients, each divided by the column's own
  coefficient. Once the integer columns are chosen, those rows and bounds hold
  the column in a box whose ends are on the grid. The grid is exact when, in
  addition, every row the column shares with other continuous columns cannot
  push its optimum inside the box: either the column is pinned (form.exact_jobs:
  jobs[g] equals min(cap, direct jobs + synergies), a grid point), or the column
  can move to one end of its box without worsening the objective or breaking a
  shared row (one-sided rows it helps, e.g. the jobs target). Otherwise (e.g.
  an equity share on the relaxed jobs model) the model is marked inexact.
  A value that needs more than 6 decimals makes k = 6 and the model inexact.
- Each row, with coefficients in those units, is multiplied by the smallest
  10^p (p = 0..9) that makes every coefficient an integer within 1e-9 relative;
  its activity is then an integer, so a fractional bound is rounded inward
  (upper down, lower up) without changing the feasible set. Coefficients must
  stay within 2^53 and the row's activity within 2^62 (CP-SAT's int64).
  The objective is scaled the same way (its factor divides the value and
  bound back to the formulation's units).
- A row or objective with no such p is rounded to the nearest integers at the
  largest p that fits; a column whose grid is too coarse has its bounds rounded
  outward and each row holding it widened by half a grid step times its
  coefficient (it takes the nearest grid value); a column with an infinite
  bound is clipped to +-2^40 units. Any of these, or a column that is not
  exact on its grid (above), makes the model inexact: RawResult.exact is False,
  the reasons are in the message and the report's resolution, the bound is
  not reported as proven (a report note keeps it) and portfolio.solve
  re-verifies the answer and never calls it optimal.

"Exact" therefore means: the same optimum as the formulation, with every
coefficient within 1e-9 relative (below any MIP solver's tolerances).

The report's `resolution` holds `exact`, `jobs_resolution` (the finest r of the
jobs[...] columns), `column_resolution` (r of every continuous column),
`binary_products` and `objective_scale` (10^p).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from models.phrase import joined, phrase
from models.solver import Resolution, SolverSettings
from portfolio.backends.base import Backend, Capabilities, SolverRun, Termination
from portfolio.core.phrases import english
from portfolio.core.phrases.solver import said as solver_said
from portfolio.core.tolerances import EMPTY_ROW, INTEGRAL
from portfolio.formulation import Formulation

try:
    from ortools.sat.python import cp_model
except ImportError:  # pragma: no cover - ortools is a runtime dependency
    cp_model = None

_MAX_COLUMN_DECIMALS = 6
_MAX_ROW_POWER = 9
_MAX_COEF = 2**53  # integers exactly representable as floats
_MAX_ACTIVITY = 2**62  # |activity| of any row or objective, well inside int64
_CLIP_UNITS = 2**40  # stand-in for an infinite column bound, in the column's units


def _integral(v: float) -> bool:
    return abs(v - round(v)) <= INTEGRAL * max(1.0, abs(v))


def _decimals(v: float, most: int) -> int | None:
    """Smallest k <= most with v * 10^k an integer (within INTEGRAL relative), else None."""
    for k in range(most + 1):
        if _integral(v * 10**k):
            return k
    return None


def _binary_products(form: Formulation) -> set[int]:
    """Continuous columns w in [0, 1] held to x*y of binaries by w <= x, w <= y, w >= x + y - 1."""
    cols = form.columns
    binary = {j for j, c in enumerate(cols) if c.integer and c.lower >= 0 and c.upper <= 1}
    candidate = {j for j, c in enumerate(cols) if not c.integer and c.lower >= 0 and c.upper <= 1}
    below: dict[int, set[int]] = defaultdict(set)  # w -> {x : w <= x}
    above: dict[int, list[tuple[int, int]]] = defaultdict(list)  # w -> [(x, y) : w >= x + y - 1]
    for r in form.rows:
        plus = [j for j, v in r.coefs.items() if v == 1]
        minus = [j for j, v in r.coefs.items() if v == -1]
        if len(plus) != 1 or len(plus) + len(minus) != len(r.coefs) or plus[0] not in candidate:
            continue
        w = plus[0]
        if not all(j in binary for j in minus):
            continue
        if len(minus) == 1 and r.lower == -math.inf and r.upper == 0:
            below[w].add(minus[0])
        elif len(minus) == 2 and r.lower == -1 and r.upper == math.inf:
            above[w].append((minus[0], minus[1]))
    exact = {w for w, pairs in above.items() if any(x in below[w] and y in below[w] for x, y in pairs)}
    # The formulation's own product columns may carry only the rows of their synergy's sign (see
    # portfolio/formulation/jobs.py); moving such a column to the product of its selections never breaks a row
    # and never lowers the jobs, so some optimum has it at 0 or 1 and solving it as 0/1 is exact too.
    declared = {w for w, (x, y) in form.products.items() if w in candidate and x in binary and y in binary}
    return exact | declared


def _column_units(form: Formulation, products: set[int]) -> tuple[list[int], set[int], list[str]]:
    """10^k per column (value = scaled integer / 10^k), the columns whose grid is too coarse, and why.

    See the module docstring: a continuous column's grid comes from its bounds and the rows in which it is
    the only continuous column; a column that shares rows with other continuous columns must be pinned
    (form.exact_jobs) or monotone in those rows, else the model is marked inexact.
    """
    units = [1] * len(form.columns)
    continuous = {j for j, c in enumerate(form.columns) if not c.integer} - products
    pinned = continuous & set(form.group_columns.values()) if form.exact_jobs else set()
    single: dict[int, list] = defaultdict(list)  # column -> rows where it is the only continuous column
    shared: dict[int, list] = defaultdict(list)  # column -> rows it shares with other continuous columns
    for r in form.rows:
        inside = [j for j in r.coefs if j in continuous]
        for j in inside:
            (single if len(inside) == 1 else shared)[j].append(r)
    reasons, coarse = [], set()
    for j in sorted(continuous):
        c = form.columns[j]
        needs = [b for b in (c.lower, c.upper) if math.isfinite(b)]
        for r in single[j]:
            own = r.coefs[j]
            needs += [v / own for i, v in r.coefs.items() if i != j]
            needs += [b / own for b in (r.lower, r.upper) if math.isfinite(b)]
        k = 0
        for v in needs:
            d = _decimals(v, _MAX_COLUMN_DECIMALS)
            if d is None:
                reasons.append(f"column {c.name}: {v!r} needs more than {_MAX_COLUMN_DECIMALS} decimals")
                coarse.add(j)
                k = _MAX_COLUMN_DECIMALS
                break
            k = max(k, d)
        units[j] = 10**k
        if j not in pinned and shared[j]:
            conflict = _not_monotone(form, j, shared[j])
            if conflict:
                reasons.append(f"column {c.name}: set jointly with other continuous columns in row "
                               f"{conflict}; its optimum may lie off the grid")
    return units, coarse, reasons


def _not_monotone(form: Formulation, j: int, rows: list) -> str | None:
    """Name of a shared row that stops column j from moving to an end of its grid box, if any.

    Column j may move in one direction d (+1 up, -1 down) that never worsens the objective and never
    breaks a row it shares with other continuous columns: each such row must be one-sided and helped by d.
    """
    cost = form.columns[j].objective * (1 if form.sense == "max" else -1)
    direction = (cost > 0) - (cost < 0)
    for r in rows:
        a = r.coefs[j]
        if math.isfinite(r.lower) and math.isfinite(r.upper):
            return r.name  # a range or an equality pins a combination, not the column
        if not math.isfinite(r.lower) and not math.isfinite(r.upper):
            continue
        wants = (1 if a > 0 else -1) * (1 if math.isfinite(r.lower) else -1)
        if direction == 0:
            direction = wants
        elif wants != direction:
            return r.name
    return None


def _domain(
    lower: float, upper: float, unit: int, name: str, reasons: list[str], coarse: bool
) -> tuple[int, int]:
    """Integer bounds of a column in its units: rounded inward (outward if coarse); infinite ones clipped."""
    out = []
    rounding = (math.floor, math.ceil) if coarse else (math.ceil, math.floor)
    for b, inward in zip((lower, upper), rounding):
        if math.isinf(b):
            reasons.append(f"column {name}: infinite bound clipped to {'-' if b < 0 else ''}2^40 units")
            out.append(-_CLIP_UNITS if b < 0 else _CLIP_UNITS)
            continue
        v = b * unit
        out.append(round(v) if _integral(v) else inward(v))
    return out[0], out[1]


def _scale(coefs: list[float], spans: list[int], what: str) -> tuple[int, list[int], bool]:
    """Smallest p making every coefficient * 10^p an integer within the int64 limits; else a rounded fallback.

    Returns (p, integer coefficients, exact). `spans` are the columns' largest |value| in units.
    """

    def fits(ints: list[int]) -> bool:
        activity = sum(abs(a) * s for a, s in zip(ints, spans))
        return all(abs(a) <= _MAX_COEF for a in ints) and activity <= _MAX_ACTIVITY

    for p in range(_MAX_ROW_POWER + 1):
        scaled = [a * 10**p for a in coefs]
        if all(_integral(v) for v in scaled):
            ints = [round(v) for v in scaled]
            if fits(ints):
                return p, ints, True
            break  # exact only beyond int64: round at a smaller power below
    for p in range(_MAX_ROW_POWER, -1, -1):
        ints = [round(a * 10**p) for a in coefs]
        if fits(ints):
            return p, ints, False
    raise ValueError(f"{what}: coefficients too large for CP-SAT (|activity| above 2^62 even unscaled)")


def _bound(b: float, factor: int, up: bool) -> int | None:
    """A row bound times 10^p as an integer; a fractional one rounded inward (exact: activity is integral)."""
    if math.isinf(b):
        return None
    v = b * factor
    if _integral(v):
        return round(v)
    return math.floor(v) if up else math.ceil(v)


@dataclass
class _Scaled:
    model: object
    ys: list
    units: list[int]
    objective_scale: int
    has_objective: bool
    products: set[int] = field(default_factory=set)  # continuous columns solved as 0/1 products of binaries
    reasons: list[str] = field(default_factory=list)
    infeasible: str | None = None  # a row or column that no integer point satisfies, found while scaling

    @property
    def exact(self) -> bool:
        return not self.reasons


def _scaled_model(form: Formulation) -> _Scaled:
    """The CP-SAT model of `form` under the scaling rule of this module's docstring."""
    model = cp_model.CpModel()
    products = _binary_products(form)
    units, coarse, reasons = _column_units(form, products)
    ys, spans = [], []
    infeasible = None
    for j, c in enumerate(form.columns):
        lo, hi = _domain(c.lower, c.upper, units[j], c.name, reasons, j in coarse)
        if lo > hi:
            infeasible = infeasible or f"column {c.name} has no grid value within [{c.lower}, {c.upper}]"
            lo = hi = min(max(lo, -_CLIP_UNITS), _CLIP_UNITS)
        ys.append(model.new_int_var(lo, hi, f"c{j}"))
        spans.append(max(abs(lo), abs(hi)))

    for r in form.rows:
        if not r.coefs:  # decided here: CP-SAT accepts an empty domain on an empty row as satisfied
            if not (r.lower - EMPTY_ROW <= 0 <= r.upper + EMPTY_ROW):
                infeasible = infeasible or f"row {r.name} has no terms and asks {r.lower} <= 0 <= {r.upper}"
            continue
        cols = list(r.coefs)
        # A column on a too-coarse grid takes the nearest grid value: widen the row by half a step for it.
        slack = sum(abs(r.coefs[j]) / units[j] / 2 for j in cols if j in coarse)
        lower, upper = r.lower - slack, r.upper + slack
        coefs = [r.coefs[j] / units[j] for j in cols]
        p, ints, exact = _scale(coefs, [spans[j] for j in cols], f"row {r.name}")
        if not exact:
            reasons.append(f"row {r.name}: coefficients rounded to integers at scale 1e{p}")
        reach = sum(abs(a) * spans[j] for a, j in zip(ints, cols))  # |activity| never exceeds this
        lo, hi = _bound(lower, 10**p, up=False), _bound(upper, 10**p, up=True)
        lo = -reach if lo is None or lo < -reach else lo
        hi = reach if hi is None or hi > reach else hi
        if lo > hi:  # the bounds exclude every integer activity (or lie beyond its reach)
            infeasible = infeasible or f"row {r.name} admits no integer activity in [{r.lower}, {r.upper}]"
            continue
        model.add_linear_constraint(cp_model.LinearExpr.weighted_sum([ys[j] for j in cols], ints), lo, hi)

    terms = [j for j, c in enumerate(form.columns) if c.objective != 0]
    scale = 1
    if terms:
        p, ints, exact = _scale([form.columns[j].objective / units[j] for j in terms],
                                [spans[j] for j in terms], "objective")
        if not exact:
            reasons.append(f"objective: coefficients rounded to integers at scale 1e{p}")
        scale = 10**p
        expr = cp_model.LinearExpr.weighted_sum([ys[j] for j in terms], ints)
        model.maximize(expr) if form.sense == "max" else model.minimize(expr)
    return _Scaled(model, ys, units, scale, bool(terms), products, reasons, infeasible)


def _resolution(form: Formulation, scaled: _Scaled) -> Resolution:
    continuous = {c.name: 1 / scaled.units[j] for j, c in enumerate(form.columns) if not c.integer}
    jobs = [r for name, r in continuous.items() if name.startswith("jobs[")]
    return Resolution(
        exact=scaled.exact,
        jobs_resolution=min(jobs) if jobs else None,
        column_resolution=continuous,
        objective_scale=scaled.objective_scale,
        binary_products=tuple(sorted(form.columns[j].name for j in scaled.products)),
        rounded=tuple(scaled.reasons),
    )


def _status_table() -> dict:
    if cp_model is None:  # pragma: no cover
        return {}
    return {
        cp_model.OPTIMAL: Termination.OPTIMAL,  # proven, or within relative_gap_limit
        cp_model.FEASIBLE: Termination.LIMIT,
        cp_model.INFEASIBLE: Termination.INFEASIBLE,
        cp_model.UNKNOWN: Termination.LIMIT,
    }


class CpSatBackend(Backend):
    """CP-SAT via ortools.sat.

    Status is CP-SAT's own (STATUS); MODEL_INVALID raises with CP-SAT's
    validation message. Values and best bound are divided back by the scaling;
    a bound of a rounded model is not reported as proven (see the module doc).
    Settings: max_time_in_seconds, relative_gap_limit (= mip_gap), num_workers
    (= threads), random_seed.
    """

    name = "cpsat"
    package = "ortools"
    STATUS = _status_table()
    CAPABILITIES = Capabilities(exact=False)

    _live = None

    @classmethod
    def _probe(cls) -> bool:
        return cp_model is not None

    def _stop(self) -> None:
        if self._live is not None:
            self._live.stop_search()

    def _solve(self, form: Formulation, settings: SolverSettings) -> SolverRun:
        scaled = _scaled_model(form)
        resolution = _resolution(form, scaled)
        rounded = "" if scaled.exact else f" on a rounded model ({'; '.join(scaled.reasons)})"
        if scaled.infeasible:
            return SolverRun(cp_model.INFEASIBLE, f"CP-SAT: infeasible before solving: {scaled.infeasible}{rounded}",
                             exact=scaled.exact, resolution=resolution)
        solver = cp_model.CpSolver()
        self._live = solver
        params = solver.parameters
        params.max_time_in_seconds = float(settings.time_limit_s)
        params.relative_gap_limit = float(settings.mip_gap)
        params.num_workers = int(settings.threads)
        params.random_seed = int(settings.seed)
        params.log_search_progress = False
        params.catch_sigint_signal = False  # Ctrl-C is ours: the watching thread calls stop_search()
        # CP-SAT 9.15's inclusion presolve returned a sub-optimal portfolio labelled optimal on cases with costs in
        # cents near EUR 1e7 (2 of 80 random cases; tests/test_backends_unit.py keeps one); without it: none.
        params.presolve_inclusion_work_limit = 0
        status = solver.solve(scaled.model)
        said = solver.status_name(status)
        if status == cp_model.MODEL_INVALID:
            raise RuntimeError(f"CP-SAT rejected the model: {scaled.model.validate() or said}")
        words = solver_said(f"CP-SAT: {said}")
        if not scaled.exact:
            words = phrase("solver.on_rounded", said=words, reasons=joined(scaled.reasons, "semicolon"))
        run = SolverRun(status, english(words), exact=scaled.exact, resolution=resolution, words=words)
        # Stopped before any portfolio (UNKNOWN), CP-SAT may not have computed a bound yet and still reports one
        # (0 for a maximum, at a 0.1 ms limit on mknapcb1-1): no bound is claimed then.
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if scaled.has_objective:
                run.bound = solver.best_objective_bound / scaled.objective_scale
                run.bound_source = "CP-SAT best_objective_bound"
            elif status == cp_model.OPTIMAL:
                run.bound, run.bound_source = 0.0, "no objective"
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            run.values = [solver.value(y) / u for y, u in zip(scaled.ys, scaled.units)]
        return run
