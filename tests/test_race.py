"""`auto` racing two backends: the first proof wins, the answer is the same problem's, nothing is left running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import inputs
from inputs import load_case
from models import SolverSettings
from portfolio import solve, solve_formulation
from portfolio.backends import RawResult, RawStatus, available, get_backend
from portfolio.backends import race as racing
from portfolio.backends.auto import preference
from portfolio.formulation.build import build
from portfolio.instances.generate import hard_case, random_case
from portfolio.instances.orlib import mknap_case, read_mknap

ORLIB = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "orlib-mkp"
BOTH = {"highs", "cbc"} <= set(available())
needs_both = pytest.mark.skipif(not BOTH, reason="a race needs HiGHS and CBC installed")
needs_two_cores = pytest.mark.skipif(racing.usable_cores() < 2, reason="auto races only on two or more cores")


FALSE_OPTIMAL = Path(__file__).resolve().parent / "data" / "cbc-false-optimal"
OPTIMUM = 23551.0  # of mknapcb1-3, as the OR-Library file gives it


def hard():
    """mknapcb1-3: CBC proves its optimum in about a second here, HiGHS needs over ten."""
    instance = read_mknap(ORLIB / "mknapcb1.txt")[2]
    assert instance.optimum == OPTIMUM
    return mknap_case(instance)


def children() -> list[str]:
    """Processes this test process started that still run (a CBC left behind would show here)."""
    out = subprocess.run(["ps", "-o", "pid=,stat=,args=", "--ppid", str(os.getpid())], capture_output=True,
                         text=True).stdout
    return [line for line in out.splitlines() if line.split()[1][0] != "Z" and "ps -o" not in line]


def test_a_race_needs_one_thread_each_two_cores_and_two_racers(monkeypatch):
    one = SolverSettings(threads=1)
    monkeypatch.setattr(racing, "usable_cores", lambda: 2)
    later = racing.RACE_AFTER_S
    assert racing.partner(["highs", "cbc", "scip", "cpsat"], one) == ("cbc", later)
    assert racing.partner(["cbc", "highs", "scip", "cpsat"], one) == ("highs", later)
    assert racing.partner(["cbc", "scip", "cpsat", "highs"], one) == ("highs", later)  # the next racer
    assert racing.partner(["scip", "highs", "cbc"], one) is None  # only HiGHS or CBC lead a race
    assert racing.partner(["highs", "scip", "cpsat"], one) is None
    assert racing.partner(["highs", "cbc"], SolverSettings(threads=2)) is None  # threads > 1: one solver, all cores
    monkeypatch.setattr(racing, "usable_cores", lambda: 1)
    assert racing.partner(["highs", "cbc"], one) is None


def test_the_partner_starts_at_once_where_the_winner_changes_from_case_to_case(monkeypatch):
    monkeypatch.setattr(racing, "usable_cores", lambda: 2)
    one = SolverSettings(threads=1)
    contested = build(random_case(3, n_actions=101))  # synergies, above 100 actions
    assert racing.partner(["highs", "cbc"], one, contested) == ("cbc", 0.0)
    small = build(random_case(3, n_actions=100))
    assert racing.partner(["cbc", "highs"], one, small) == ("highs", racing.RACE_AFTER_S)
    knapsack = build(hard())  # budgets only: the partner is insurance
    assert racing.partner(["cbc", "highs"], one, knapsack) == ("highs", racing.RACE_AFTER_S)


@needs_both
@needs_two_cores
def test_a_cbc_claim_is_no_proof_in_a_race():
    """CBC 2.10.3 calls a worse portfolio optimal on this case (tests/data/cbc-false-optimal): racing from the
    first instant, HiGHS's proof decides, and CBC, stopped or finished, never answers with its claim."""
    case = load_case(FALSE_OPTIMAL)
    form = build(case)
    settings = SolverSettings(time_limit_s=60)
    optimum = solve_formulation(case, form, settings.model_copy(update={"backend": "highs"})).objective_value
    raw, words = racing.race(form, settings, get_backend("cbc"), "highs", after_s=0.0)
    assert raw.status == RawStatus.OPTIMAL and raw.report.backend == "highs", words
    assert raw.objective == pytest.approx(optimum, rel=1e-9)
    assert "highs proved it first" in words
    assert raw.report.time_limit_s == 60  # the race's limit, not what was left for the partner
    assert children() == []


@needs_both
@needs_two_cores
def test_auto_races_and_reports_it_in_the_solution(monkeypatch):
    monkeypatch.setattr(racing, "RACE_AFTER_S", 0.0)  # CBC joins at once (the case takes HiGHS a fraction of 1 s)
    solution = solve(load_case(FALSE_OPTIMAL), time_limit_s=60)
    assert solution.status == "optimal" and solution.backend == "highs"
    chosen = solution.details.report.chosen_by
    assert chosen.startswith("auto chose highs") and "raced highs and cbc" in chosen
    assert "highs proved it first" in chosen
    facts = solution.details.report  # the same, as facts a report words in its own language
    assert facts.auto.leader == "highs"
    assert facts.auto.actions == len(build(load_case(FALSE_OPTIMAL)).action_columns)
    assert (facts.race.first, facts.race.second, facts.race.outcome, facts.race.winner) == (
        "highs", "cbc", "proved", "highs")
    assert children() == []


@needs_two_cores
def test_a_quick_answer_needs_no_partner(monkeypatch):
    started = []
    real = racing._backend
    monkeypatch.setattr(racing, "_backend", lambda name: started.append(name) or real(name))
    monkeypatch.setattr(racing, "RACE_AFTER_S", 60.0)  # the time limit: far above this solve's time
    solution = solve(inputs.load_case())  # the bundled case: 46 actions, HiGHS leads, CBC would join later
    assert solution.status == "optimal"
    assert started == []  # solved within RACE_AFTER_S: the partner was never even loaded
    assert "raced" not in solution.details.report.chosen_by


@needs_both
@pytest.mark.parametrize("seed", [0, 1, 2, 3, 5, 6])
def test_a_race_gives_the_optimum_of_a_single_solver(seed):
    """Whoever wins, the answer is the same problem's: the race from the first instant against HiGHS alone.

    Seed 4 is not among them: its portfolio of 3,923.992 lies 2e-6 below the bound of 3,924.000, and closing
    that gap to the default 1e-6 took HiGHS and CBC over 30 s each on a loaded machine (CBC did not in 150 s),
    so whether a race proved it within the limit depended on the load (and a proof that ended in the same
    poll as the other lane was lost: test_a_proof_that_arrives_as_the_loop_ends_is_kept).
    """
    case = random_case(seed, n_actions=40, n_groups=4, per_year=True, equity=seed % 2 == 0, max_actions=15)
    form = build(case)
    settings = SolverSettings(time_limit_s=30)
    alone = solve_formulation(case, form, settings.model_copy(update={"backend": "highs"}))
    raw, _words = racing.race(form, settings, get_backend("highs"), "cbc", after_s=0.0)
    assert raw.status == RawStatus.OPTIMAL
    assert raw.objective == pytest.approx(alone.objective_value, rel=1e-6, abs=1e-6)


@needs_both
def test_when_neither_proves_the_answer_is_feasible_with_a_proven_bound():
    form = build(hard_case(0))  # no backend proves it within a minute
    settings = SolverSettings(time_limit_s=0.6, mip_gap=0)
    raw, words = racing.race(form, settings, get_backend("highs"), "cbc", after_s=0.0)
    assert raw.status == RawStatus.FEASIBLE and "neither proved" in words
    assert raw.report.race.outcome == "best_found" and raw.report.race.winner == raw.report.backend
    assert raw.bound is not None and raw.bound >= raw.objective  # a maximisation: the bound lies above
    assert children() == []


def _lane(name: str, status: RawStatus, objective: float | None, bound: float | None) -> racing._Lane:
    """A finished lane with a made-up answer, for the rules of `_answer`."""
    from models import SolveReport

    lane = racing._Lane(backend=type("B", (), {"name": name})(), settings=SolverSettings(), started=0.0)
    report = SolveReport(backend=name, time_limit_s=60, mip_gap=0, threads_requested=1, threads_used=1, seed=0,
                         bound_source=f"{name}'s own bound" if bound is not None else None)
    lane.result = RawResult(status, [1.0] if objective is not None else None, objective, bound, 1.0, name,
                            report=report)
    return lane


def test_without_a_proof_the_better_portfolio_takes_the_tighter_bound():
    form = build(random_case(0, n_actions=10))  # a maximisation
    better = _lane("cbc", RawStatus.FEASIBLE, 100.0, 130.0)
    tighter = _lane("highs", RawStatus.FEASIBLE, 90.0, 110.0)
    raw, words = racing._answer(form, [tighter, better], 0.0)
    assert raw.objective == 100.0 and raw.report.backend == "cbc"
    assert raw.bound == 110.0 and raw.report.bound_source.startswith("highs")
    assert "portfolio is cbc's" in words and "the bound highs's" in words


def test_a_proof_wins_over_a_better_looking_unproven_answer():
    form = build(random_case(0, n_actions=10))
    proved = _lane("highs", RawStatus.OPTIMAL, 100.0, 100.0)
    stopped = _lane("cbc", RawStatus.FEASIBLE, 99.0, 120.0)
    raw, words = racing._answer(form, [stopped, proved], 0.0)
    assert raw is proved.result and raw.status == RawStatus.OPTIMAL and "highs proved it first" in words


def test_a_lane_that_failed_leaves_the_answer_to_the_other():
    form = build(random_case(0, n_actions=10))
    failed = _lane("cbc", RawStatus.FEASIBLE, None, None)
    failed.result, failed.error = None, RuntimeError("CBC crashed")
    alone = _lane("highs", RawStatus.FEASIBLE, 95.0, 101.0)
    raw, words = racing._answer(form, [alone, failed], 0.0)
    assert raw is alone.result and raw.bound == 101.0 and "portfolio is highs's" in words


@needs_both
@needs_two_cores
def test_ctrl_c_stops_both_racers_and_keeps_what_they_found():
    form = build(hard_case(0))
    timer = threading.Timer(1.2, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    start = time.perf_counter()
    # HiGHS leads and CBC joins at once; neither proves this one within a minute
    raw, _words = racing.race(form, SolverSettings(time_limit_s=60, mip_gap=0), get_backend("highs"), "cbc",
                              after_s=0.0)
    timer.cancel()
    assert time.perf_counter() - start < 5
    if raw.status == RawStatus.OPTIMAL:
        pytest.skip("proved before Ctrl-C came; the instance is not hard enough here")
    assert raw.report.interrupted and raw.status == RawStatus.FEASIBLE
    assert children() == []


@pytest.mark.parametrize("floor", [None, 1.0])
def test_a_sweep_task_never_races(monkeypatch, floor):
    """The executor's workers already share out the cores: a task solves with the one backend auto prefers."""
    from portfolio.sweeps.executor import Task, solve_task

    monkeypatch.setattr(racing, "usable_cores", lambda: 2)

    def refuse(*args, **kwargs):
        raise AssertionError("a sweep task started a race")

    monkeypatch.setattr(sys.modules["portfolio.solve"], "run_race", refuse)  # the module, not portfolio.solve()
    case = random_case(3, n_actions=101)  # contested: a plain solve would race at once
    assert racing.partner(preference(build(case), SolverSettings())[0], SolverSettings(), build(case)) is not None
    solution = solve_task(Task("t", case, SolverSettings(backend="auto"), floor=floor))
    assert solution.status == "optimal" and "raced" not in solution.details.report.chosen_by


class _FinishesWhileLookedAt:
    """A worker whose solver ends between the race's first look (running) and its second: the proof that
    arrives in the same poll as the end of the race's loop."""

    def __init__(self, run) -> None:
        self.finished = threading.Event()
        self._run = run
        self._looks = 0

    @property
    def running(self) -> bool:
        self._looks += 1
        if self._looks > 1:
            self.finished.set()
        return not self.finished.is_set()

    def answer(self):
        return self._run


def test_a_proof_that_arrives_as_the_loop_ends_is_kept(monkeypatch):
    form = build(random_case(1, n_actions=10))
    settings = SolverSettings(time_limit_s=30)
    highs = get_backend("highs")
    run = highs._solve(form, settings)
    monkeypatch.setattr(racing._Lane, "start", lambda lane, form: setattr(lane, "worker", _FinishesWhileLookedAt(run)))
    raw, words = racing.race(form, settings, highs, "cbc", after_s=60.0)
    assert raw.status == RawStatus.OPTIMAL and words is None


@needs_both
def test_a_partner_due_at_once_starts_before_the_first_answer_is_looked_at():
    """after_s 0 means the partner starts at once: even a first solver that answers in no time is raced (the
    partner used to start only after the first poll, so a quick first answer left it out, by timing)."""
    case = load_case(FALSE_OPTIMAL)
    highs = get_backend("highs")
    answer = highs._solve(build(case), SolverSettings(time_limit_s=60))

    class Instant(type(highs)):
        """HiGHS's answer, found beforehand: it is there before the race first looks."""

        name = "instant"

        def _solve(self, form, settings):
            return answer

    raw, words = racing.race(build(case), SolverSettings(time_limit_s=60), Instant(), "cbc", after_s=0.0)
    assert words is not None and "raced instant and cbc from the start" in words
    assert children() == []


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_highs_offered_a_portfolio_proves_the_same_optimum(seed):
    """A portfolio handed to HiGHS during its search (what a race does with CBC's unproven claim) is only an
    incumbent: offered the optimum, a worse portfolio or one that breaks the rows, HiGHS proves the optimum it
    proves alone, and the answer is verified as every answer is."""
    case = random_case(seed, n_actions=30, n_groups=3, per_year=True, equity=seed % 2 == 0, max_actions=12)
    form = build(case)
    settings = SolverSettings(time_limit_s=30, backend="highs")
    alone = solve_formulation(case, form, settings)
    assert alone.status == "optimal"
    optimum = get_backend("highs").solve(form, settings).values
    empty = [0.0 if form.columns[j].integer else v for j, v in enumerate(optimum)]
    for offered in (optimum, empty, [1.0] * len(optimum)):
        backend = get_backend("highs")
        backend.expect_offers()
        backend.offer(offered)
        raw = backend.solve(form, settings)
        assert raw.status == RawStatus.OPTIMAL
        assert raw.objective == pytest.approx(alone.objective_value, rel=1e-9, abs=1e-9)
        assert backend._offered is None  # HiGHS asked for it during the search


def test_a_portfolio_left_by_one_lane_goes_to_the_lane_that_takes_it():
    done = racing._Lane(get_backend("cbc") if BOTH else get_backend("highs"), SolverSettings(), 0.0)
    done.result = RawResult(RawStatus.FEASIBLE, [1.0, 0.0], 3.0)
    taker = get_backend("highs")
    running = racing._Lane(taker, SolverSettings(), 0.0)
    running.worker = type("Busy", (), {"running": True})()
    words = racing._hand_over(done, [running, done], 0.0)
    assert taker._offered == [1.0, 0.0] and "was offered to highs" in words
    done.result = RawResult(RawStatus.OPTIMAL, [0.0, 1.0], 4.0)  # a proof ends the race: nothing to offer
    assert racing._hand_over(done, [running, done], 0.0) is None
