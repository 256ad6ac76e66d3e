"""The backend contract of portfolio.backends.base, on a scripted backend and on real solvers."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from conftest import TEMPLATE
from models import SolverSettings, Status
from portfolio.backends import NAMES, Backend, RawStatus, SolverRun, Termination, backend_class, get_backend
from portfolio.formulation import Formulation
from portfolio.formulation.build import build
from portfolio.instances.orlib import mknap_case, read_mknap
from portfolio.solve import gap

ORLIB = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "orlib-mkp"
SETTINGS = SolverSettings(time_limit_s=5)


def two_items(sense: str = "max") -> Formulation:
    """max 3x + 2y with x + y <= 1: optimum 3."""
    f = Formulation(sense=sense)
    x = [f.add_column(f"select[{i}]", 0, 1, integer=True, objective=c) for i, c in enumerate([3, 2])]
    f.add_row("pick", dict.fromkeys(x, 1), upper=1)
    return f


class Scripted(Backend):
    """A backend that answers what the test tells it to."""

    name = "scripted"
    STATUS = {"best": Termination.OPTIMAL, "time": Termination.LIMIT, "none": Termination.INFEASIBLE}
    probes = 0
    run = SolverRun("best", "scripted")

    @classmethod
    def _probe(cls) -> bool:
        cls.probes += 1
        return True

    def _solve(self, form, settings):
        return self.run


def answer(run: SolverRun, form: Formulation | None = None):
    Scripted.run = run
    return Scripted().solve(form or two_items(), SETTINGS)


def test_status_comes_from_the_table_and_from_whether_values_exist():
    assert answer(SolverRun("best", "s", [1, 0], 3.0)).status == RawStatus.OPTIMAL
    assert answer(SolverRun("time", "s", [0, 1], 3.0)).status == RawStatus.FEASIBLE
    assert answer(SolverRun("time", "s", None, 3.0)).status == RawStatus.NO_SOLUTION
    raw = answer(SolverRun("none", "s", [1, 0], 3.0))
    assert raw.status == RawStatus.INFEASIBLE and raw.values is None and raw.bound is None


def test_an_unmapped_code_or_an_optimum_without_values_raises():
    with pytest.raises(RuntimeError, match="'s: weird'"):
        answer(SolverRun("weird", "s: weird", [1, 0]))
    with pytest.raises(RuntimeError, match="no values"):
        answer(SolverRun("best", "s"))


@pytest.mark.parametrize("bound", [math.inf, -math.inf, math.nan])
def test_a_bound_that_is_not_finite_is_not_a_bound(bound):
    raw = answer(SolverRun("time", "s", [0, 1], bound, "somewhere"))
    assert raw.bound is None and raw.report.bound_source is None


def test_a_bound_behind_the_incumbent_is_dropped_and_optimality_not_claimed():
    raw = answer(SolverRun("best", "s", [1, 0], 2.5, "somewhere"))  # 2.5 < 3 for a maximum: impossible
    assert raw.status == RawStatus.FEASIBLE and raw.bound is None
    assert any("contradicts" in note for note in raw.report.notes)
    minimum = two_items("min")
    raw = answer(SolverRun("best", "s", [0, 0], 0.5, "somewhere"), minimum)  # 0.5 > 0 for a minimum
    assert raw.status == RawStatus.FEASIBLE and raw.bound is None


def test_a_bound_a_rounding_behind_is_taken_as_the_objective():
    raw = answer(SolverRun("best", "s", [1, 0], 3.0 - 1e-9, "somewhere"))
    assert raw.status == RawStatus.OPTIMAL and raw.bound == 3.0


def test_a_rounded_models_bound_is_not_reported():
    raw = answer(SolverRun("best", "s", [1, 0], 3.0, "somewhere", exact=False))
    assert raw.bound is None and not raw.exact
    assert any("rounded model's" in note for note in raw.report.notes)


def test_the_gap_refuses_a_bound_on_the_wrong_side():
    assert gap(100.0, 110.0, "max") == pytest.approx(0.1)
    assert gap(100.0, 90.0, "min") == pytest.approx(0.1)
    assert gap(100.0, 100.0 - 1e-7, "max") == 0.0  # within the tolerance
    assert gap(100.0, None, "max") is None
    with pytest.raises(ValueError, match="wrong side"):
        gap(100.0, 99.0, "max")
    with pytest.raises(ValueError, match="wrong side"):
        gap(100.0, 101.0, "min")


def test_availability_is_asked_once():
    Backend._availability.pop(Scripted, None)
    Scripted.probes = 0
    for _ in range(3):
        assert Scripted.is_available()
    assert Scripted.probes == 1


def test_the_report_says_what_ran():
    raw = answer(SolverRun("time", "s", [0, 1], 3.0, "the log", threads_used=1, reruns=["again"], notes=["n"]))
    r = raw.report
    assert (r.backend, r.threads_requested, r.threads_used, r.seed) == ("scripted", 1, 1, 0)
    assert r.bound_source == "the log" and r.reruns == ("again",) and r.notes == ("n",)
    assert r.time_limit_s == 5 and r.solver_status == "s"


@pytest.mark.parametrize("name", NAMES)
def test_every_backend_declares_its_table_and_capabilities(name):
    cls = backend_class(name)
    assert cls.name == name and cls.package
    assert cls.STATUS and set(cls.STATUS.values()) <= set(Termination)
    assert Termination.OPTIMAL in cls.STATUS.values() and Termination.INFEASIBLE in cls.STATUS.values()
    assert isinstance(cls.CAPABILITIES.exact, bool)


def test_highs_without_a_proven_bound_reports_none():
    """Stopped before its first LP bound, HiGHS reports an infinite dual bound: that is no bound."""
    form = build(mknap_case(read_mknap(ORLIB / "mknapcb1.txt")[0]))
    raw = get_backend("highs").solve(form, SolverSettings(time_limit_s=1e-4))
    assert raw.status == RawStatus.NO_SOLUTION
    assert raw.bound is None and raw.report.bound_source is None


def test_status_prints_as_its_value():
    assert str(Status.OPTIMAL) == "optimal" and f"{Status.NO_SOLUTION}" == "no_solution"
    assert str(RawStatus.FEASIBLE) == "feasible"


def test_scip_asked_for_two_threads_says_it_ran_on_one():
    result = CliRunner().invoke(main, ["solve", str(TEMPLATE), "--backend", "scip", "--threads", "2"])
    assert result.exit_code == 0, result.output
    assert "Ran on 1 thread (2 asked)" in result.stdout
    assert "concurrent mode" in result.stdout


def test_the_report_reaches_the_solution_and_the_table():
    result = CliRunner().invoke(main, ["solve", str(TEMPLATE), "--backend", "cpsat", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "Ran on 1 thread, seed 3" in result.stdout
    assert "Integer scaling: exact, jobs counted in steps of" in result.stdout
    auto = CliRunner().invoke(main, ["solve", str(TEMPLATE), "--format", "json"])
    assert auto.exit_code == 0 and "auto chose" not in auto.stdout  # the JSON stays the contract's


def test_auto_says_why_it_chose():
    import portfolio
    from inputs import load_case

    sol = portfolio.solve(load_case(TEMPLATE))
    assert sol.details.report.chosen_by.startswith(f"auto chose {sol.backend}: ")
    assert sol.details.report.backend == sol.backend


@pytest.mark.parametrize("backend", ["highs", "cbc", "scip"])
def test_a_run_stopped_by_the_time_limit_reports_the_gap_to_its_bound(backend):
    """A portfolio found before the limit is not the optimum: its gap is the distance to the proven bound,
    never 0 (issue 16, point 10: a mutation reporting 0 went unnoticed)."""
    from portfolio import solve
    from portfolio.instances.generate import hard_case

    solution = solve(hard_case(0), backend=backend, time_limit_s=0.5, mip_gap=0)  # no backend proves it in 60 s
    if backend == "cbc" and solution.status == Status.NO_SOLUTION:
        return  # CBC wrote the LP point of its search, not a portfolio (CbcBackend: no portfolio taken from it)
    assert solution.status == Status.FEASIBLE and solution.objective_value is not None
    if backend == "highs":
        assert solution.bound is not None  # HiGHS always has its root bound by then
    if solution.bound is None:
        assert solution.gap is None
        return
    assert solution.bound > solution.objective_value  # a maximisation stopped early
    assert solution.gap == pytest.approx((solution.bound - solution.objective_value) / solution.objective_value)
    assert solution.gap > 0
