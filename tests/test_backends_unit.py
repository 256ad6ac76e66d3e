"""Backend unit tests: status, bound and values on tiny formulations; CBC's log reading; CP-SAT's scaling."""

from __future__ import annotations

import math
import random
from types import SimpleNamespace

import pytest

from models import SolverSettings
from portfolio.backends import NAMES, RawStatus, available, get_backend
from portfolio.backends import cbc as cbc_module
from portfolio.formulation import Formulation

BACKENDS = available()
EXACT = SolverSettings(time_limit_s=20, mip_gap=0)
INF = math.inf


def _binaries(f: Formulation, objective: list[float]) -> list[int]:
    return [f.add_column(f"select[{i}]", 0, 1, integer=True, objective=c) for i, c in enumerate(objective)]


def knapsack(sense: str) -> Formulation:
    """max 3x + 2y + 4z, x + y + z <= 2  -> 7;  min, x + y + z >= 1 -> 2."""
    f = Formulation(sense=sense)
    x = _binaries(f, [3, 2, 4])
    f.add_row("pick", dict.fromkeys(x, 1), **({"upper": 2} if sense == "max" else {"lower": 1}))
    return f


def infeasible() -> Formulation:
    f = Formulation(sense="max")
    x = _binaries(f, [1, 1])
    f.add_row("too_many", dict.fromkeys(x, 1), lower=3)
    return f


def empty_row(lower: float, upper: float) -> Formulation:
    """A coverage row for a barrier no action addresses: no coefficients."""
    f = Formulation(sense="max")
    _binaries(f, [1, 2])
    f.add_row("cover[nobody]", {}, lower=lower, upper=upper)
    return f


def range_row(sense: str) -> Formulation:
    """1.5 <= x + y + z <= 2.5 on binaries: exactly two chosen. max 3x+2y+4z -> 7, min -> 5."""
    f = Formulation(sense=sense)
    x = _binaries(f, [3, 2, 4])
    f.add_row("two", dict.fromkeys(x, 1), lower=1.5, upper=2.5)
    return f


def equality_row(sense: str) -> Formulation:
    """2x + 3y + 4z + 5w == 7: {y, z} or {x, w}. max x+y+5z+w -> 6, min -> 2."""
    f = Formulation(sense=sense)
    x = _binaries(f, [1, 1, 5, 1])
    f.add_row("exactly", dict(zip(x, [2, 3, 4, 5])), lower=7, upper=7)
    return f


def jobs_like(sense: str) -> Formulation:
    """A continuous jobs column capped by the chosen actions' jobs: max -> 2.5; min cost of 1.25 jobs -> 1."""
    f = Formulation(sense=sense)
    x = _binaries(f, [0, 0] if sense == "max" else [2, 1])
    z = f.add_column("jobs[g]", 0, 3.75, integer=False, objective=1 if sense == "max" else 0)
    f.add_row("uncapped[g]", {z: 1, x[0]: -2.5, x[1]: -1.25}, upper=0)
    f.add_row("overlap[o]", dict.fromkeys(x, 1), upper=1)
    if sense == "min":
        f.add_row("jobs_target", {z: 1}, lower=1.25)
    return f


CASES = {
    "max": (lambda: knapsack("max"), RawStatus.OPTIMAL, 7),
    "min": (lambda: knapsack("min"), RawStatus.OPTIMAL, 2),
    "infeasible": (infeasible, RawStatus.INFEASIBLE, None),
    "empty_row_infeasible": (lambda: empty_row(1, INF), RawStatus.INFEASIBLE, None),
    "empty_row_equality_infeasible": (lambda: empty_row(0.5, 0.5), RawStatus.INFEASIBLE, None),
    "empty_row_satisfied": (lambda: empty_row(-1, 1), RawStatus.OPTIMAL, 3),
    "range_max": (lambda: range_row("max"), RawStatus.OPTIMAL, 7),
    "range_min": (lambda: range_row("min"), RawStatus.OPTIMAL, 5),
    "equality_max": (lambda: equality_row("max"), RawStatus.OPTIMAL, 6),
    "equality_min": (lambda: equality_row("min"), RawStatus.OPTIMAL, 2),
    "jobs_max": (lambda: jobs_like("max"), RawStatus.OPTIMAL, 2.5),
    "jobs_min": (lambda: jobs_like("min"), RawStatus.OPTIMAL, 1),
}


def assert_solution_holds(f: Formulation, values: list[float], tol: float = 1e-6) -> None:
    assert len(values) == len(f.columns)
    for c, v in zip(f.columns, values):
        assert c.lower - tol <= v <= c.upper + tol, c.name
        if c.integer:
            assert abs(v - round(v)) <= tol, c.name
    for r in f.rows:
        activity = sum(a * values[j] for j, a in r.coefs.items())
        assert r.lower - tol <= activity <= r.upper + tol, r.name


def market_split(m: int = 6, seed: int = 1) -> Formulation:
    """Cornuejols-Dawande market split: equality rows no solver satisfies (or refutes) in half a second."""
    rng = random.Random(seed)
    n = 10 * (m - 1)
    f = Formulation(sense="max")
    x = _binaries(f, [1] * n)
    for i in range(m):
        w = [rng.randint(0, 99) for _ in range(n)]
        f.add_row(f"split[{i}]", dict(zip(x, map(float, w))), lower=sum(w) // 2, upper=sum(w) // 2)
    return f


def test_every_registered_backend_is_installed():
    # every backend's solver is a dependency of the toolkit, so none may be missing here
    assert set(NAMES) <= set(available())


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("backend", BACKENDS)
def test_status_objective_and_bound(backend, case):
    build, status, objective = CASES[case]
    f = build()
    raw = get_backend(backend).solve(f, EXACT)
    assert raw.status == status, raw.message
    if status != RawStatus.OPTIMAL:
        assert raw.values is None
        return
    assert raw.exact
    assert f.objective_value(raw.values) == pytest.approx(objective, abs=1e-6)
    assert_solution_holds(f, raw.values)
    assert raw.bound == pytest.approx(objective, abs=1e-6)


@pytest.mark.parametrize("backend", BACKENDS)
def test_no_solver_banner_reaches_the_console(backend, capfd):
    """Neither stdout nor stderr: a Python caller sees only what it prints (HiGHS prints a banner on creation)."""
    get_backend(backend).solve(jobs_like("max"), EXACT)
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""


@pytest.mark.parametrize("backend", BACKENDS)
def test_status_is_honest_on_market_split(backend):
    """Market split is hard for branch and bound at any speed; whatever a backend answers in half a
    second, values come exactly with a portfolio status and satisfy every row."""
    f = market_split()
    raw = get_backend(backend).solve(f, SolverSettings(time_limit_s=0.5))
    if raw.status in (RawStatus.OPTIMAL, RawStatus.FEASIBLE):
        assert_solution_holds(f, raw.values)
    else:
        assert raw.values is None and raw.objective is None, raw.message
    if raw.status == RawStatus.INFEASIBLE:
        assert raw.bound is None


@pytest.mark.parametrize("backend", BACKENDS)
def test_threads_and_seed_are_accepted(backend):
    raw = get_backend(backend).solve(knapsack("max"), SolverSettings(threads=2, seed=5))
    assert raw.status == RawStatus.OPTIMAL
    assert raw.objective == pytest.approx(7)
    report = raw.report
    assert report.seed == 5 and report.threads_requested == 2
    assert not any("seed" in note for note in report.notes)
    if backend == "scip":  # SCIP runs on one thread by design; the report says so
        assert report.threads_used == 1
        assert any("1 thread" in note for note in report.notes)
    else:
        assert report.threads_used == 2


# --- CBC: its own solution file and log decide -----------------------------------------------------------

TIME_LIMIT_LOG = """
Result - Stopped on time limit

Objective value:                50141.00000000
Upper bound:                    50660.100
Gap:                            -0.01
"""
NO_SOLUTION_LOG = """
Result - Stopped on time limit

No feasible solution found
Upper bound:                    28.911
"""
GAP_STOP_MIN_LOG = """
Result - Optimal solution found (within gap tolerance)

Objective value:                -10391.00000000
Lower bound:                    -10488.971
Gap:                            0.01
"""


def _one_column(sense: str) -> Formulation:
    f = Formulation(sense=sense)
    f.add_column("x", 0, 100000, integer=True, objective=1)
    return f


def _solution_file(first_line: str, value: float | None = None) -> str:
    """CBC's solution file as `-printingOptions all` writes it for one column c0 (no rows)."""
    return first_line + "\n" + (f"      0 c0  {value:>20}  0\n" if value is not None else "")


def _cbc(form: Formulation, solution: str, log: str):
    """CBC's reading of a run, through the backend contract."""
    return cbc_module.CbcBackend().result(form, EXACT, cbc_module._answer(form, solution, log), 0.0)


def test_cbc_time_limit_with_a_portfolio_is_feasible_with_widened_bound():
    solution = _solution_file("Stopped on time - objective value 50141.00000000", 50141.0)
    raw = _cbc(_one_column("max"), solution, TIME_LIMIT_LOG)
    assert raw.status == RawStatus.FEASIBLE and raw.objective == 50141.0
    assert raw.bound == pytest.approx(50660.1005)  # printed to 3 decimals: widened upwards by half a unit


def test_cbc_stopped_log_vetoes_an_optimal_solution_file():
    solution = _solution_file("Optimal - objective value 50141.00000000", 50141.0)
    assert _cbc(_one_column("max"), solution, TIME_LIMIT_LOG).status == RawStatus.FEASIBLE


def test_cbc_stopped_without_solution_is_no_solution_with_bound():
    solution = _solution_file("Stopped on time (no integer solution - continuous used) - objective value 28.91", 0.5)
    raw = _cbc(_one_column("max"), solution, NO_SOLUTION_LOG)
    assert raw.status == RawStatus.NO_SOLUTION
    assert raw.values is None
    assert raw.bound == pytest.approx(28.9115)


def test_cbc_integer_infeasible_is_infeasible():
    solution = _solution_file("Integer infeasible - objective value 0.00000000")
    raw = _cbc(_one_column("max"), solution, "Pre-processing says infeasible or unbounded\n")
    assert raw.status == RawStatus.INFEASIBLE


def test_cbc_gap_stop_on_minimisation_keeps_lower_bound_sign():
    f = Formulation(sense="min")
    f.add_column("x", -100000, 0, integer=True, objective=1)
    raw = _cbc(f, _solution_file("Optimal - objective value -10391.00000000", -10391.0), GAP_STOP_MIN_LOG)
    assert raw.status == RawStatus.OPTIMAL
    assert raw.bound == pytest.approx(-10488.9715)  # widened downwards


def test_cbc_unknown_or_unbounded_answers_raise():
    with pytest.raises(RuntimeError, match="unbounded"):
        _cbc(_one_column("max"), _solution_file("Unbounded - objective value 0"), "")
    with pytest.raises(RuntimeError, match="does not read"):
        _cbc(_one_column("max"), _solution_file("Something new - objective value 0"), "")


def test_cbc_bound_printed_in_the_other_sense_is_flipped():
    assert cbc_module._log_bound("Lower bound:   -50660.100\n", "max") == pytest.approx(50660.1005)
    assert cbc_module._log_bound("Gap: 0\n", "max") is None


def test_cbc_false_infeasible_of_its_preprocessing_is_avoided():
    # CBC 2.10.3 with default preprocessing: "Pre-processing says infeasible" (coin-or/Cbc #737-#749 family).
    f = Formulation(sense="max")
    x = _binaries(f, [4.59, -4.62, 4.38, 2.79, -0.25, -3.1, 9.82, 3.22, 9.07, 9.97, 6.99])
    z = f.add_column("jobs[0]", -4.03, 6.76, integer=False, objective=1.39)
    f.add_row("uncapped[0]", {z: 1, x[5]: -9.34, x[0]: -7.65, x[1]: 2.47, x[10]: 1.56, x[2]: -5.21}, upper=0)
    f.add_row("r0", {x[10]: 4.23}, upper=0.99)
    raw = get_backend("cbc").solve(f, EXACT)
    assert raw.status == RawStatus.OPTIMAL
    assert raw.objective == pytest.approx(53.2364, abs=1e-6)


def test_cbc_suboptimal_answer_of_its_preprocessing_is_avoided():
    # CBC 2.10.3 with default preprocessing called 2.95 optimal here; the optimum is -2.41.
    f = Formulation(sense="min")
    x = _binaries(f, [-2.1, -0.62, -2.82, 7.77, 7.53])
    x.append(f.add_column("x5", 0, 3, integer=True, objective=-2.41))  # a general integer
    z = f.add_column("jobs[0]", -0.99, 2.29, integer=False)
    f.add_row("uncapped[0]", {z: 1, x[3]: 0.99, x[1]: -14.91, x[2]: -9.28, x[4]: -1.71, x[0]: -1.41}, upper=0)
    f.add_row("r0", {x[4]: 7.75, x[3]: -3.58, x[0]: 1.92, x[5]: -3.81, x[2]: 6.72, x[1]: 3.07}, upper=2.19)
    r1 = {x[4]: 6.27, x[0]: 9.19, x[2]: 2.96, x[3]: -1.71, x[5]: 2.08, x[1]: 6.07}
    f.add_row("r1", r1, lower=-1.79, upper=3.13)
    raw = get_backend("cbc").solve(f, EXACT)
    assert raw.status == RawStatus.OPTIMAL
    assert raw.objective == pytest.approx(-2.41, abs=1e-6)


def test_cbc_crash_on_an_infeasible_model_is_answered_by_a_rerun():
    # With preprocessing off, CBC 2.10.3 segfaults writing the solution of this infeasible model.
    f = Formulation(sense="max")
    x = _binaries(f, [-2.2, 6.1, 6.9])
    f.add_row("r0", {x[0]: 9.6, x[1]: -2.3}, lower=3.6, upper=3.8)
    f.add_row("r1", {x[2]: -1.0}, lower=-1.5, upper=2.7)
    raw = get_backend("cbc").solve(f, EXACT)
    assert raw.status == RawStatus.INFEASIBLE
    assert len(raw.report.reruns) == 1 and "preprocessing" in raw.report.reruns[0]


# --- CP-SAT: explicit scaling, stated resolution, honest inexact path ---------------------------------


def _cpsat(f: Formulation, settings: SolverSettings = EXACT):
    return get_backend("cpsat").solve(f, settings)


def _two_groups(share: float | None, pinned: bool) -> Formulation:
    """Two jobs columns with 3- and 2-decimal jobs, a budget, optionally an equity share for group b."""
    f = Formulation(sense="max", exact_jobs=pinned)
    x = _binaries(f, [0, 0, 0])
    z1 = f.add_column("jobs[a]", 0, 100.5, integer=False, objective=1)
    z2 = f.add_column("jobs[b]", 0, 7.25, integer=False, objective=1)
    f.group_columns.update({"a": z1, "b": z2})
    f.add_row("uncapped[a]", {z1: 1, x[0]: -40.25, x[1]: -60.125}, lower=0 if pinned else -INF, upper=0)
    f.add_row("uncapped[b]", {z2: 1, x[2]: -7.25}, lower=0, upper=0)
    if share is not None:
        f.add_row("share[b]", {z2: 1 - share, z1: -share}, lower=0)
    f.add_row("budget", {x[0]: 1.5, x[1]: 2.75, x[2]: 0.5}, upper=3.3)
    return f


@pytest.mark.parametrize("share, pinned", [(None, False), (0.15, True)])
def test_cpsat_scales_decimals_exactly_and_states_the_resolution(share, pinned):
    f = _two_groups(share, pinned)
    raw = _cpsat(f)
    reference = get_backend("highs").solve(f, EXACT)
    assert raw.status == RawStatus.OPTIMAL
    resolution = raw.report.resolution
    assert raw.exact and resolution.exact
    assert resolution.column_resolution == {"jobs[a]": 0.001, "jobs[b]": 0.01}
    assert resolution.jobs_resolution == 0.001
    assert raw.objective == pytest.approx(reference.objective, abs=1e-9)
    assert raw.bound == pytest.approx(reference.objective, abs=1e-9)
    assert_solution_holds(f, raw.values)


def test_cpsat_share_on_unpinned_jobs_is_inexact():
    # jobs[a] may be lowered to meet the share: 0.85 b >= 0.15 a puts its optimum at 5.666.. b, off any grid.
    f = _two_groups(0.15, pinned=False)
    raw = _cpsat(f)
    assert not raw.exact
    assert any("share[b]" in reason for reason in raw.report.resolution.rounded)
    assert raw.bound is None


def test_cpsat_jobs_target_shared_by_jobs_columns_stays_exact():
    f = Formulation(sense="min")
    x = _binaries(f, [3, 2, 4])
    z = [f.add_column(f"jobs[{g}]", 0, 10, integer=False) for g in "ab"]
    f.add_row("uncapped[a]", {z[0]: 1, x[0]: -2.5, x[1]: -1}, upper=0)
    f.add_row("uncapped[b]", {z[1]: 1, x[2]: -4}, upper=0)
    f.add_row("jobs_target", dict.fromkeys(z, 1), lower=3.25)
    raw = _cpsat(f)
    assert raw.exact and raw.report.resolution.jobs_resolution == 0.1
    assert raw.status == RawStatus.OPTIMAL and raw.objective == pytest.approx(4)


def test_cpsat_fractional_bound_on_integer_activity_is_exact():
    f = Formulation(sense="max")
    x = _binaries(f, [1, 1])
    f.add_row("cap", dict.fromkeys(x, 3), upper=4.5)  # 3x + 3y <= 4.5 means x + y <= 1 on integers
    raw = _cpsat(f)
    assert raw.exact and raw.status == RawStatus.OPTIMAL and raw.objective == 1


def test_cpsat_product_of_binaries_is_a_binary():
    f = Formulation(sense="max")
    a, b = _binaries(f, [1, 1])
    w = f.add_column("both[a,b]", 0, 1, integer=False, objective=-0.5)
    f.add_row("both_le[a,b,a]", {w: 1, a: -1}, upper=0)
    f.add_row("both_le[a,b,b]", {w: 1, b: -1}, upper=0)
    f.add_row("both_ge[a,b]", {w: 1, a: -1, b: -1}, lower=-1)
    raw = _cpsat(f)
    assert raw.report.resolution.binary_products == ("both[a,b]",)
    assert raw.report.resolution.column_resolution == {"both[a,b]": 1.0}
    assert raw.exact and raw.status == RawStatus.OPTIMAL and raw.objective == pytest.approx(1.5)


def test_cpsat_rounded_row_is_reported_inexact_without_bound():
    f = Formulation(sense="max")
    x = _binaries(f, [1, 1, 1])
    f.add_row("thirds", dict.fromkeys(x, 1 / 30000), upper=1e-4)  # no 10^p <= 1e9 makes 1/30000 whole
    raw = _cpsat(f)
    assert not raw.exact and not raw.report.resolution.exact
    assert any("thirds" in reason for reason in raw.report.resolution.rounded)
    assert "rounded" in raw.message
    assert raw.bound is None and any("rounded model's" in note for note in raw.report.notes)


def test_cpsat_column_finer_than_a_millionth_is_inexact_but_close():
    f = Formulation(sense="max")
    x = _binaries(f, [0, 0])
    z = f.add_column("jobs[g]", 0, 100, integer=False, objective=1)
    f.add_row("uncapped[g]", {z: 1, x[0]: -41.1110811, x[1]: -3}, lower=0, upper=0)
    raw = _cpsat(f)
    assert not raw.exact
    assert raw.report.resolution.jobs_resolution == 1e-6
    assert raw.status in (RawStatus.OPTIMAL, RawStatus.FEASIBLE)
    assert raw.objective == pytest.approx(44.1110811, abs=1e-6)


def test_cpsat_equality_off_the_integer_grid_is_infeasible_exactly():
    f = Formulation(sense="max")
    x = _binaries(f, [1, 1])
    f.add_row("half", dict.fromkeys(x, 2), lower=3, upper=3)
    raw = _cpsat(f)
    assert raw.exact and raw.status == RawStatus.INFEASIBLE


def test_solve_never_calls_a_rounded_cpsat_answer_optimal():
    import portfolio
    from inputs import bundled_case_path, load_case
    from models import Status

    case = load_case(bundled_case_path("template"))
    seven = {"reach": 333, "effect": 0.1234567}  # 41.1110811 jobs: 7 decimals
    finer = tuple(r.model_copy(update=seven) if r.action == "T04" else r for r in case.reach)
    case = case.model_copy(update={"reach": finer})
    exact = portfolio.solve(case, backend="highs")
    rounded = portfolio.solve(case, backend="cpsat")
    assert exact.status == Status.OPTIMAL
    assert rounded.status == Status.FEASIBLE
    assert rounded.objective_value == pytest.approx(exact.objective_value, abs=1e-6)
    assert rounded.bound is None


@pytest.mark.parametrize("seed", [26, 39])
def test_cpsat_is_right_on_costs_in_cents_near_ten_million(seed):
    """CP-SAT's inclusion presolve once called a sub-optimal portfolio optimal on these cases; it is off."""
    import portfolio
    from models import Status
    from portfolio.brute_force import brute_force
    from portfolio.instances.generate import derive, random_case

    case = random_case(seed, n_actions=10, per_year=seed % 2 == 0)
    rng = random.Random(seed)
    f = 1e7 / max(c.cost_eur for c in case.costs)
    case = derive(
        case,
        costs=tuple(c.model_copy(update={"cost_eur": round(c.cost_eur * f + rng.randint(0, 99) / 100, 2)})
                    for c in case.costs),
        domains=tuple(d.model_copy(update={"budget_eur": round(d.budget_eur * f + 0.37, 2)}) for d in case.domains),
        budgets=tuple(b.model_copy(update={"budget_eur": round(b.budget_eur * f + 0.13, 2)})
                      for b in case.budgets) if case.budgets else None,
    )
    best, _ = brute_force(case)
    sol = portfolio.solve(case, backend="cpsat")
    assert sol.status != Status.OPTIMAL or sol.objective_value == pytest.approx(best, rel=1e-9)


def test_cbc_stopped_with_a_point_that_breaks_rows_gives_no_portfolio_but_keeps_the_bound():
    """CBC 2.10.3 stopped on time may write the LP point of its search ("**" marks the rows it breaks)."""
    solution = "Stopped on time - objective value 50400.73580080\n**       0 r0   38667000   -0\n" \
        "      1 c0   50400.7358   0\n"
    raw = _cbc(_one_column("max"), solution, TIME_LIMIT_LOG)
    assert raw.status == RawStatus.NO_SOLUTION and raw.values is None
    assert raw.bound == pytest.approx(50660.1005)
    assert any("breaks rows or integrality" in note for note in raw.report.notes)


def test_cbc_runs_as_a_process_of_its_own_without_pulp_internals(monkeypatch):
    """The CBC call writes the MPS file itself and starts CBC itself: PuLP's module-level `subprocess` is untouched."""
    from pulp.apis import coin_api

    monkeypatch.setattr(coin_api, "subprocess", None)  # any use of PuLP's CBC call would fail
    backend = get_backend("cbc")
    raw = backend.solve(knapsack("max"), EXACT)
    assert raw.status == RawStatus.OPTIMAL and raw.objective == pytest.approx(7)
    assert len(backend._children) == 1 and backend._children[0].returncode == 0
