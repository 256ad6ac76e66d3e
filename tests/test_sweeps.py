"""What-if planning: overlays equal edited files, the frontier, the value of a step, targets, executors, Ctrl-C."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from click.testing import CliRunner

import portfolio
from cli import main
from conftest import TEMPLATE, delete_rows, edit_yaml, read_csv, write_csv
from inputs import load_case
from inputs.overlay import apply_scenario
from models import CaseError, Status
from models.scenario import BudgetChange, CostChange, EffectChange, RuleChanges, Scenario
from portfolio.instances.generate import derive, random_case
from portfolio.sweeps import Executor, frontier, marginal, target, whatif
from portfolio.sweeps.executor import Task
from portfolio.sweeps.frontier import scaled
from portfolio.sweeps.marginal import shifted

INLINE = Executor(progress=False)  # cheap cases: the local executor runs them in this process
POOL = Executor(progress=False, inline_below_s=0)  # always the process pool


def scale_rows(path: Path, column: str, factor: float, **match: str) -> None:
    """Multiply `column` by `factor` in every row whose cells equal `match`."""
    rows = read_csv(path)
    header = rows[0]
    for r in rows[1:]:
        if all(r[header.index(c)] == v for c, v in match.items()) and r[header.index(column)] != "":
            r[header.index(column)] = repr(float(r[header.index(column)]) * factor)
    write_csv(path, rows)


def edit_budgets(folder: Path) -> None:
    scale_rows(folder / "domains.csv", "budget_eur", 1.5, domain="welzijn")
    scale_rows(folder / "budgets.csv", "budget_eur", 1.5, domain="welzijn")


def edit_effects(folder: Path) -> None:
    for column in ("effect", "effect_low", "effect_high"):
        scale_rows(folder / "reach.csv", column, 0.5, action="T02")


def edit_costs(folder: Path) -> None:
    scale_rows(folder / "costs.csv", "cost_eur", 0.5, action="T04")


def edit_remove(folder: Path) -> None:
    for file, column in (("actions.csv", "action"), ("costs.csv", "action"), ("reach.csv", "action")):
        delete_rows(folder / file, **{column: "T07"})
    delete_rows(folder / "synergies.csv", action_b="T07")


def edit_locks(folder: Path) -> None:
    edit_yaml(folder / "case.yaml", "rules.locked_in", ["T05"])
    edit_yaml(folder / "case.yaml", "rules.locked_out", ["T03"])


def edit_rules(folder: Path) -> None:
    edit_yaml(folder / "case.yaml", "rules.max_actions", 3)
    edit_yaml(folder / "case.yaml", "rules.min_group_share", {"nieuwkomers": 0.3})


OVERLAYS = {
    "budget factor": (Scenario(name="b", budgets=(BudgetChange(domain="welzijn", factor=1.5),)), edit_budgets),
    "effect multiplier": (Scenario(name="e", effects=(EffectChange(action="T02", factor=0.5),)), edit_effects),
    "cost multiplier": (Scenario(name="c", costs=(CostChange(action="T04", factor=0.5),)), edit_costs),
    "remove an action": (Scenario(name="r", remove=("T07",)), edit_remove),
    "locks": (Scenario(name="l", lock_in=("T05",), lock_out=("T03",)), edit_locks),
    "rules": (Scenario(name="u", rules=RuleChanges(max_actions=3, min_group_share={"nieuwkomers": 0.3})),
              edit_rules),
}


@functools.cache
def base_solution():
    return portfolio.solve(load_case(TEMPLATE), backend="highs")


@pytest.mark.parametrize("kind", list(OVERLAYS))
def test_an_overlay_gives_the_answer_of_the_edited_files(kind, template_dir):
    scenario, edit = OVERLAYS[kind]
    edit(template_dir)
    edited = load_case(template_dir)
    overlaid = apply_scenario(load_case(TEMPLATE), scenario)
    assert overlaid.model_dump(exclude={"name"}) == edited.model_dump(exclude={"name"})
    a, b = portfolio.solve(overlaid, backend="highs"), portfolio.solve(edited, backend="highs")
    assert a.status == b.status and a.objective_value == pytest.approx(b.objective_value, rel=1e-12)


def test_the_overlays_change_the_answer():
    """Not vacuous: most of the overlays above move the optimum of the template case."""
    base = base_solution().objective_value
    moved = [k for k, (s, _e) in OVERLAYS.items()
             if portfolio.solve(apply_scenario(load_case(TEMPLATE), s), backend="highs").objective_value != pytest.approx(base)]
    assert len(moved) >= 4, moved


def test_a_pessimistic_effect_scales_synergies_and_keeps_the_case_valid():
    case = load_case(TEMPLATE)
    # T01 and T03 share parents: -15 jobs. With T03 at a tenth of its effect the synergy must shrink with it.
    low = apply_scenario(case, Scenario(name="low", effects=(EffectChange(action="T03", factor=0.1),)))
    synergy = next(s for s in low.synergies if {s.action_a, s.action_b} == {"T01", "T03"})
    assert synergy.extra_jobs == pytest.approx(-1.5)
    everything_low = apply_scenario(case, Scenario(name="all", effects=(EffectChange(factor=0.0),)))
    assert all(s.extra_jobs == 0 for s in everything_low.synergies)


def test_whatif_compares_each_scenario_with_the_base():
    case = load_case(TEMPLATE)
    scenarios = [s for s, _e in OVERLAYS.values()]
    result = whatif(case, scenarios, INLINE)
    assert result.base.model_dump() == base_solution().model_dump() | {"solve_time_s": result.base.solve_time_s,
                                                                      "backend": result.base.backend}
    assert [r.name for r in result.scenarios] == [s.name for s in scenarios]
    for r in result.scenarios:
        assert set(r.added) == set(r.solution.selected) - set(result.base.selected)
        assert set(r.removed) == set(result.base.selected) - set(r.solution.selected)
        assert r.jobs_change == pytest.approx(r.solution.jobs_total - result.base.jobs_total)


def test_an_invalid_overlay_is_bad_input_with_every_problem_located(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        "scenarios:\n"
        "  - name: one\n"
        "    budgets:\n"
        "      - domain: nergens\n"
        "        factor: 2\n"
        "  - name: two\n"
        "    remove: [T06]\n"
        "    effects:\n"
        "      - action: T01\n"
        "        factr: 2\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["whatif", str(TEMPLATE), str(path)])
    assert result.exit_code == 1
    assert f"{path}:10:scenarios.1.effects.0.factr: unknown key" in result.stderr
    path.write_text(path.read_text().replace("factr", "factor"), encoding="utf-8")
    result = CliRunner().invoke(main, ["whatif", str(TEMPLATE), str(path)])
    assert result.exit_code == 1
    assert f"{path}:4:budgets.0.domain: scenario 'one': unknown domain 'nergens'" in result.stderr
    assert f"{path}:7:remove.0: scenario 'two': T07 require(s) T06" in result.stderr


def test_whatif_cli_json_and_out(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("name: richer\nbudgets:\n  - domain: welzijn\n    factor: 1.5\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["whatif", str(TEMPLATE), str(path), "--format", "json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    import json

    data = json.loads(result.stdout)
    assert set(data) >= {"base", "scenarios"} and data["scenarios"][0]["name"] == "richer"
    assert set(data["scenarios"][0]) >= {"name", "solution", "added", "removed"}
    assert sorted(p.name for p in out.iterdir()) == ["base.json", "comparison.csv", "richer.json"]
    again = CliRunner().invoke(main, ["whatif", str(TEMPLATE), str(path), "--out", str(out)])
    assert again.exit_code == 2 and "not empty" in again.output


# --------------------------------------------------------------------------- frontier


@functools.cache
def gen_case():
    return random_case(31, n_actions=14, n_groups=3, n_domains=3, per_year=True, equity=True, tightness=0.4)


def test_the_frontier_is_monotone_and_matches_single_solves(template_dir):
    case = load_case(TEMPLATE)
    result = frontier(case, [0.5, 0.75, 1.0, 1.25, 1.5], executor=INLINE)
    jobs = [p.jobs for p in result.points]
    assert jobs == sorted(jobs) and jobs[0] < jobs[-1]
    at_one = next(p for p in result.points if p.scale == 1.0)
    assert at_one.jobs == pytest.approx(base_solution().jobs_total) and at_one.status == "optimal"
    for file in ("domains.csv", "budgets.csv"):
        scale_rows(template_dir / file, "budget_eur", 0.5)
    halved = portfolio.solve(load_case(template_dir))
    at_half = result.points[0]
    assert at_half.jobs == pytest.approx(halved.jobs_total) and at_half.budget_eur == pytest.approx(3_000_000)


def test_a_frontier_of_one_domain_scales_only_that_domain():
    case = load_case(TEMPLATE)
    result = frontier(case, [0.0, 1.0, 2.0], domain="mobiliteit", executor=INLINE)
    assert [p.budget_eur for p in result.points] == [0.0, 1_000_000.0, 2_000_000.0]
    assert scaled(case, 2.0, "mobiliteit").domains[0].budget_eur == case.domains[0].budget_eur


def test_dask_and_the_local_pool_give_the_same_frontier():
    distributed = pytest.importorskip("distributed")
    case = gen_case()
    scales = [0.6, 0.8, 1.0, 1.2]
    local = frontier(case, scales, executor=POOL)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as cluster:
        remote = frontier(case, scales, executor=Executor(cluster.scheduler_address, progress=False))
    assert [(p.scale, p.jobs, p.status) for p in local.points] == [(p.scale, p.jobs, p.status) for p in remote.points]
    assert POOL.ran_inline is False


def test_a_point_a_solver_left_below_a_smaller_budgets_portfolio_is_carried():
    """A solve stopped early (here: scale 1.0 with a time limit far too short) may return less than the optimum
    at a smaller budget; the frontier then uses that portfolio, which fits the larger budget, and says so."""
    from portfolio.sweeps.frontier import _carry

    case = load_case(TEMPLATE)
    small = portfolio.solve(scaled(case, 0.8))
    poor = portfolio.solve(derive(case, rules={"locked_out": tuple(small.selected)}))
    point = _carry(1.0, scaled(case, 1.0), None, poor, tuple(small.selected))
    assert point.carried and point.selected == small.selected and point.status == "feasible"


class StoppedEarlyAt(Executor):
    """Solves in this process, then answers at one scale with `poor`, as a solver stopped by its time limit
    (or a wrong solver) could."""

    def __init__(self, scale: float, poor) -> None:
        super().__init__(progress=False)
        self.scale, self.poor = scale, poor

    def run(self, tasks, on_done=None, label="solving", prepare=None):
        outcome = super().run(tasks, on_done, label, prepare)
        outcome.solutions[repr(self.scale)] = self.poor
        return outcome


def poorer_than(case, scale: float):
    """A portfolio of `case` at `scale` worse than the optimum at `scale` - 0.2: the rules' cheapest one."""
    from portfolio.sweeps.target import cheapest_case

    small = portfolio.solve(scaled(case, scale - 0.2))
    poor = portfolio.solve(cheapest_case(scaled(case, scale), 0.0))
    assert poor.jobs_total < small.jobs_total, "not vacuous: the answer at the larger scale falls"
    return small, poor


def test_the_frontier_carries_a_smaller_budgets_portfolio_over_a_poorer_unproven_answer():
    """The curve never falls: where the solver stopped early below what a smaller budget reached, that
    portfolio is used (it fits the larger budget), marked carried and not proven."""
    case = load_case(TEMPLATE)
    small, poor = poorer_than(case, 1.0)
    stopped = poor.model_copy(update={"status": Status.FEASIBLE, "gap": 0.5})
    result = frontier(case, [0.8, 1.0], executor=StoppedEarlyAt(1.0, stopped))
    low, high = result.points
    assert not low.carried and low.jobs == pytest.approx(small.jobs_total)
    assert high.carried and high.selected == small.selected and high.jobs == pytest.approx(small.jobs_total)
    assert high.status == "feasible" and high.gap is None and high.budget_eur == pytest.approx(6_000_000)


def test_a_proven_optimum_below_a_smaller_budgets_is_an_error_not_a_falling_curve():
    case = load_case(TEMPLATE)
    _small, poor = poorer_than(case, 1.0)
    with pytest.raises(portfolio.VerificationError, match="frontier goes down at scale 1.0"):
        frontier(case, [0.8, 1.0], executor=StoppedEarlyAt(1.0, poor))


# --------------------------------------------------------------------------- value of a step, targets


def test_each_marginal_value_is_the_difference_of_two_solves():
    case = gen_case()
    result = marginal(case, 150_000, executor=INLINE)
    base = portfolio.solve(case).jobs_total
    assert {d.domain for d in result.domains} == {d.domain for d in case.domains}
    for d in result.domains:
        plus = portfolio.solve(shifted(case, d.domain, 150_000)).jobs_total
        minus = portfolio.solve(shifted(case, d.domain, -150_000)).jobs_total
        assert d.plus_jobs == pytest.approx(plus - base) and d.minus_jobs == pytest.approx(base - minus)
    assert [d.plus_jobs for d in result.domains] == sorted((d.plus_jobs for d in result.domains), reverse=True)
    assert any(d.plus_jobs > 0 or d.minus_jobs > 0 for d in result.domains)


def test_a_step_in_one_year_moves_that_year_and_the_total():
    case = load_case(TEMPLATE)
    moved = shifted(case, "werk", 250_000, year=2027)
    row = {(b.domain, b.year): b.budget_eur for b in moved.budgets}
    assert row["werk", 2027] == 1_750_000 and moved.domains[0].budget_eur == 3_250_000


def test_target_agrees_with_a_min_cost_solve():
    case = load_case(TEMPLATE)
    wanted = base_solution().jobs_total * 0.6
    result = target(case, jobs=wanted, executor=INLINE)
    direct = portfolio.solve(derive(case, objective="min_cost", jobs_target=wanted))
    assert result.reachable is True and result.shortfall_jobs == 0
    assert result.solution.cost_total_eur == pytest.approx(direct.cost_total_eur)
    assert result.solution.jobs_total >= wanted


def test_an_unreachable_target_states_the_shortfall():
    case = load_case(TEMPLATE)
    result = target(case, rate=0.80, executor=INLINE)
    best = base_solution().jobs_total
    assert result.reachable is False and result.jobs_target == 5000
    assert result.shortfall_jobs == pytest.approx(5000 - best)
    assert f"{5000 - best:,.0f} jobs short" in result.message and "reaches at most" in result.message


# --------------------------------------------------------------------------- interruption


class Interrupting:
    """An on_done callback that presses Ctrl-C after `after` results."""

    def __init__(self, after: int) -> None:
        self.after, self.seen = after, []

    def __call__(self, task: Task, solution) -> None:
        self.seen.append(task.key)
        if len(self.seen) == self.after:
            raise KeyboardInterrupt


@pytest.mark.parametrize("executor", [INLINE, POOL], ids=["inline", "pool"])
def test_an_interrupted_sweep_keeps_its_finished_points(executor):
    case = load_case(TEMPLATE)
    tasks = [Task(f"{s}", scaled(case, s)) for s in (0.5, 0.75, 1.0, 1.25)]
    stop = Interrupting(after=2)
    outcome = executor.run(tasks, stop)
    assert outcome.interrupted
    assert list(outcome.solutions) == [k for k in (t.key for t in tasks) if k in stop.seen]
    assert len(outcome.solutions) == 2 and all(s.status == Status.OPTIMAL for s in outcome.solutions.values())


def test_an_interrupted_cli_sweep_exits_130_and_keeps_the_written_points(tmp_path, monkeypatch):
    from portfolio.sweeps import output

    written = []
    real = output.write_solution

    def write_then_stop(folder, key, solution):
        written.append(real(folder, key, solution))
        if len(written) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(output, "write_solution", write_then_stop)
    out = tmp_path / "fr"
    result = CliRunner().invoke(main, ["frontier", str(TEMPLATE), "--scale", "0.5:1:3", "--out", str(out)])
    assert result.exit_code == 130, result.output
    assert "interrupted" in result.stderr
    assert [p.name for p in written] == sorted(p.name for p in out.glob("scale-*.json"))
    assert len(written) == 2 and (out / "frontier.csv").is_file()


def test_unknown_executor_is_a_usage_error():
    result = CliRunner().invoke(main, ["frontier", str(TEMPLATE), "--executor", "cloud"])
    assert result.exit_code == 2 and "tcp://host:8786" in result.output
    with pytest.raises(CaseError):
        apply_scenario(load_case(TEMPLATE), Scenario(name="x", remove=("T06",)))


def test_floor_cuts_keep_the_optimum_and_never_reach_cbc():
    """The cut `jobs >= floor` keeps the optimum (HiGHS, SCIP); CBC 2.10.3 answered wrongly with it, so a sweep
    solves CBC's tasks without the cut."""
    from models import SolverSettings
    from portfolio.sweeps.executor import solve_task

    case = scaled(load_case(), 1.3)
    plain = portfolio.solve(case, backend="highs")
    floor = float(int(0.95 * plain.jobs_total))  # reached by the plain optimum, so the cut keeps it
    for backend in ("highs", "scip", "cbc"):
        cut = solve_task(Task("x", case, SolverSettings(backend=backend), floor=floor))
        assert cut.status == Status.OPTIMAL and cut.jobs_total == pytest.approx(plain.jobs_total)
        notes = cut.details.report.notes
        cut_noted = any(f"cut: at least {floor:,.0f} jobs" in n for n in notes)
        assert cut_noted == (backend != "cbc"), (backend, notes)


def test_ctrl_c_stops_a_running_cli_sweep_and_keeps_the_finished_points(tmp_path):
    """A real SIGINT to a sweep on the process pool: exit 130, the finished points stay, no worker is left."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from inputs import write_case

    case_dir = tmp_path / "case"
    write_case(random_case(77, n_actions=120, n_groups=5, n_domains=4, per_year=True, equity=True, tightness=0.3),
               case_dir)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "cli", "frontier", str(case_dir), "--scale", "0.5:1.5:21", "--out", str(out),
         "--format", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("scale-*.json"))) < 2:
        time.sleep(0.05)
    written = sorted(p.name for p in out.glob("scale-*.json"))
    assert written, "no point finished within a minute"
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole process group
    stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr[-2000:]
    assert "interrupted" in stderr
    assert set(written) <= {p.name for p in out.glob("scale-*.json")}
    import json

    shown = json.loads(stdout)
    assert shown["interrupted"] is True and len(shown["points"]) >= len(written)
    time.sleep(0.5)
    group = subprocess.run(["ps", "-o", "pid=,stat=,args=", "-g", str(proc.pid)], capture_output=True, text=True)
    # a zombie (stat Z) has ended; only its reaping is left to whoever adopted it (here the sandbox's init)
    running = [line for line in group.stdout.splitlines() if line.split()[1][0] != "Z"]
    assert running == [], f"processes left behind: {running}"
