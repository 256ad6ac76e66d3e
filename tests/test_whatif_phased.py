"""What-if with time (issue 18, point 5): the scenario keys start, delay and target_year, whatif comparing
plans, frontier and target for a chosen target year, marginal on a phased case, plans carried by sweeps."""

from __future__ import annotations

import csv
import functools
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import portfolio
from cli import main
from conftest import TEMPLATE
from inputs import load_case, write_case
from inputs.overlay import apply_scenario, scenario_notes
from models import Status
from models.casedata import CaseData
from models.scenario import Scenario
from models.sweeps import StartChange
from portfolio.brute_force import brute_force
from portfolio.core.outcome import outcome
from portfolio.instances.phased import phased_case
from portfolio.sweeps import Executor, frontier, marginal, target, target_curve, whatif
from portfolio.sweeps.executor import Task
from portfolio.sweeps.frontier import scaled
from portfolio.sweeps.marginal import shifted
from portfolio.sweeps.target import cheapest_case, monotone

INLINE = Executor(progress=False)
POOL = Executor(progress=False, inline_below_s=0)
V1_SCENARIO_KEYS = ["name", "solution", "added", "removed", "jobs_change", "cost_change_eur",
                    "spend_change_eur"]


@functools.cache
def small() -> object:
    """A phased case of 7 actions over 2026-2028: windows of one to three years, ramps, spend after the
    horizon; solved and brute-forced in a fraction of a second."""
    return phased_case(8, n_actions=7, n_years=3)


def with_rules(case, **rules):
    return case.model_copy(update={"rules": case.rules.model_copy(update=rules)})


def best(case) -> float:
    value, _plan = brute_force(case)
    return value


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    return write_case(small(), tmp_path / "case")


def scenario_file(folder: Path, *scenarios: dict) -> Path:
    path = folder / "scenarios.yaml"
    path.write_text(yaml.safe_dump({"scenarios": list(scenarios)}, sort_keys=False), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the keys


def test_start_fixes_a_start_as_rules_start_in_does():
    case = small()
    base = portfolio.solve(case)
    a, year = "a03", 2027
    assert base.plan[a] != year
    changed = apply_scenario(case, Scenario(name="s", start={a: year}))
    assert changed.rules.start_in == {a: year}
    solved = portfolio.solve(changed)
    assert solved.start_year[a] == year and solved.status == Status.OPTIMAL
    assert solved.objective_value == pytest.approx(best(with_rules(case, start_in={a: year})))
    assert solved.objective_value < base.objective_value, "not vacuous: the fixed start costs jobs"


def test_delay_of_one_action_moves_its_window_and_nothing_else():
    case = small()
    changed = apply_scenario(case, Scenario(name="d", delay={"a00": 1}))
    assert case.window("a00") == (2026, 2027, 2028) and changed.window("a00") == (2027, 2028)
    assert all(changed.window(a.action) == case.window(a.action) for a in case.actions if a.action != "a00")
    assert scenario_notes(case, Scenario(name="d", delay={"a00": 1})) == [
        "a00 may start 2027-2028 only: delayed 1 year, its window 2026-2028 would reach 2029, past the "
        "horizon (2026-2028)"]
    solved = portfolio.solve(changed)
    assert solved.start_year.get("a00", 2027) >= 2027
    assert solved.objective_value == pytest.approx(best(changed))


def test_delay_of_every_action_shifts_all_windows_and_locks_out_who_can_no_longer_start():
    case = small()
    scenario = Scenario(name="late", delay=1)
    changed = apply_scenario(case, scenario)
    gone = [a.action for a in case.actions if case.window(a.action) == (2028,)]
    assert gone, "not vacuous: some action may only start in the last year"
    for a in case.actions:
        shifted_years = tuple(y + 1 for y in case.window(a.action) if y + 1 <= 2028)
        if shifted_years:
            assert changed.window(a.action) == shifted_years
    assert set(changed.rules.locked_out) == set(gone)
    notes = scenario_notes(case, scenario)
    assert [n.split()[0] for n in notes if "can no longer start" in n] == gone
    assert all("it is locked out" in n for n in notes if "can no longer start" in n)
    solved = portfolio.solve(changed)
    assert not set(solved.selected) & set(gone)
    assert min(solved.start_year.values()) >= 2027
    assert solved.objective_value == pytest.approx(best(changed))


def test_delay_moves_a_start_the_case_fixes_with_its_window():
    case = with_rules(small(), start_in={"a03": 2026})
    changed = apply_scenario(case, Scenario(name="d", delay=1))
    assert changed.rules.start_in == {"a03": 2027}
    assert portfolio.solve(changed).start_year["a03"] == 2027


@pytest.mark.parametrize("year", [2027, 2030])
def test_target_year_moves_the_year_whose_jobs_count(year):
    case = small()
    changed = apply_scenario(case, Scenario(name="t", target_year=year))
    assert changed.target == year
    solved = portfolio.solve(changed)
    assert solved.jobs_total == pytest.approx(outcome(CaseData.of(changed), solved.plan).jobs_total)
    assert solved.jobs_by_year[year] == pytest.approx(solved.jobs_total)
    assert solved.objective_value == pytest.approx(best(changed))
    if year == 2027:
        assert solved.objective_value < portfolio.solve(case).objective_value, "not vacuous: fewer years run"


# --------------------------------------------------------------------------- bad values: one line, exit 1


@pytest.mark.parametrize("key, value, expected", [
    ("start", {"a00": 2029}, "start.a00: scenario 'x': 2029 is outside the start window of a00 (2026-2028)"),
    ("start", {"a01": 2027}, "start.a01: scenario 'x': 2027 is outside the start window of a01 (2026)"),
    ("start", {"zz": 2027}, "start.zz: scenario 'x': unknown action 'zz'"),
    ("start", {"a00": "soon"}, "start.a00: 'soon' is not a whole number"),
    ("delay", -1, "delay: -1 is negative"),
    ("delay", 1.5, "delay: 1.5 is not a whole number"),
    ("delay", [1], "delay: "),
    ("delay", {"a00": 0.5}, "delay.a00: 0.5 is not a whole number"),
    ("delay", {"zz": 1}, "delay.zz: scenario 'x': unknown action 'zz'"),
    ("target_year", 2020, "target_year: scenario 'x': 2020 is before the horizon (2026-2028)"),
    ("target_year", "later", "target_year: 'later' is not a whole number"),
])
def test_a_bad_phased_key_is_one_line_naming_file_and_key(case_dir, tmp_path, key, value, expected):
    file = scenario_file(tmp_path, {"name": "x", key: value})
    result = CliRunner().invoke(main, ["whatif", str(case_dir), str(file)])
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.stderr
    assert lines[0].startswith(f"{file}:") and expected in lines[0], lines[0]


def test_a_delay_that_leaves_a_locked_in_action_no_start_is_an_error(case_dir, tmp_path):
    file = scenario_file(tmp_path, {"name": "x", "delay": {"a05": 1}, "lock_in": ["a05"]})
    result = CliRunner().invoke(main, ["whatif", str(case_dir), str(file)])
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "delay.a05: scenario 'x': a05 delayed 1 year: its window 2028 moves past" in result.stderr
    assert "it is locked in" in result.stderr


@pytest.mark.parametrize("key, value", [("start", {"T01": 2027}), ("delay", 1), ("delay", {"T01": 1}),
                                        ("target_year", 2030)])
def test_a_phased_key_on_a_case_without_run_years_is_an_error(tmp_path, key, value):
    file = scenario_file(tmp_path, {"name": "x", key: value})
    result = CliRunner().invoke(main, ["whatif", str(TEMPLATE), str(file)])
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"{key}: scenario 'x': applies only to a phased case" in lines[0]


# --------------------------------------------------------------------------- whatif compares plans


def test_whatif_shows_start_changes_and_jobs_in_the_target_year(case_dir, tmp_path):
    file = scenario_file(tmp_path, {"name": "late", "delay": 1},
                         {"name": "a03 in 2027", "start": {"a03": 2027}},
                         {"name": "2030", "target_year": 2030})
    result = CliRunner().invoke(main, ["whatif", str(case_dir), str(file), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    base = data["base"]
    assert set(base["start_year"]) == set(base["selected"])
    for s in data["scenarios"]:
        assert list(s)[:len(V1_SCENARIO_KEYS)] == V1_SCENARIO_KEYS
        plan = s["solution"]["start_year"]
        expected = {a: {"base": base["start_year"].get(a), "scenario": plan.get(a)}
                    for a in sorted({*base["start_year"], *plan}) if base["start_year"].get(a) != plan.get(a)}
        assert s["start_changes"] == expected
    late, fixed, later = data["scenarios"]
    assert fixed["start_changes"]["a03"] == {"base": base["start_year"]["a03"], "scenario": 2027}
    assert any("can no longer start" in n for n in late["notes"]) and fixed["notes"] == []
    assert (late["target_year"], later["target_year"]) == (2028, 2030)
    assert late["base_jobs_in_target_year"] == pytest.approx(base["jobs_total"])
    at_2030 = small().model_copy(update={"target_year": 2030})
    plan = {a: int(y) for a, y in base["start_year"].items()}
    assert later["base_jobs_in_target_year"] == pytest.approx(outcome(CaseData.of(at_2030), plan).jobs_total)
    assert later["solution"]["jobs_total"] == pytest.approx(best(at_2030))
    table = CliRunner().invoke(main, ["whatif", str(case_dir), str(file)])
    assert table.exit_code == 0, table.output
    assert "Start years that differ from the base plan" in table.stdout
    assert "can no longer start" in table.stdout


def test_the_whatif_json_of_a_case_without_run_years_keeps_its_v1_keys(tmp_path):
    file = scenario_file(tmp_path, {"name": "x", "lock_out": ["T03"]})
    result = CliRunner().invoke(main, ["whatif", str(TEMPLATE), str(file), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data["scenarios"][0]) == V1_SCENARIO_KEYS and "start_year" not in data["base"]


def test_whatif_in_python_compares_the_plans():
    case = small()
    result = whatif(case, [Scenario(name="a03 in 2027", start={"a03": 2027})], INLINE)
    s = result.scenarios[0]
    assert s.start_changes["a03"].scenario == 2027
    assert s.base_jobs_in_target_year == pytest.approx(result.base.jobs_total)


# --------------------------------------------------------------------------- frontier and target for a year


def test_frontier_for_a_chosen_target_year_agrees_with_brute_force(case_dir):
    result = CliRunner().invoke(main, ["frontier", str(case_dir), "--scale", "0.6,1", "--target-year", "2030",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["target_year"] == 2030
    at_2030 = small().model_copy(update={"target_year": 2030})
    for p in data["points"]:
        assert p["jobs"] == pytest.approx(best(scaled(at_2030, p["scale"])))
        assert set(p["start_year"]) == set(p["selected"])
        plan = {a: int(y) for a, y in p["start_year"].items()}
        assert outcome(CaseData.of(at_2030), plan).jobs_total == pytest.approx(p["jobs"])


def test_the_frontier_json_of_a_case_without_run_years_keeps_its_v1_keys():
    result = frontier(load_case(TEMPLATE), [1.0], executor=INLINE)
    data = json.loads(result.model_dump_json())
    assert "target_year" not in data and "start_year" not in data["points"][0]


def test_target_for_a_chosen_target_year_agrees_with_brute_force(case_dir):
    wanted = 300.0
    result = CliRunner().invoke(main, ["target", str(case_dir), "--jobs", str(wanted),
                                       "--target-year", "2029", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    at_2029 = small().model_copy(update={"target_year": 2029, "objective": "min_cost", "jobs_target": wanted})
    cost, plan = brute_force(at_2029)
    assert data["reachable"] is True and data["solution"]["cost_total_eur"] == pytest.approx(cost)
    assert data["solution"]["jobs_by_year"]["2029"] >= wanted


@pytest.mark.parametrize("command", [["frontier", "--scale", "1"], ["target", "--jobs", "10"]])
@pytest.mark.parametrize("year, where, message", [
    ("2020", "phased", "2020 is before the horizon (2026-2028)"),
    ("soon", "phased", "'soon' is not a valid integer"),
    ("2030", "template", "applies only to a phased case"),
])
def test_a_bad_target_year_option_is_one_line_exit_2(case_dir, command, year, where, message):
    case = str(case_dir) if where == "phased" else str(TEMPLATE)
    result = CliRunner().invoke(main, [command[0], case, *command[1:], "--target-year", year])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--target-year" in lines[0] and message in lines[0], result.stderr


# --------------------------------------------------------------------------- the value of a step, phased


def test_marginal_on_a_phased_case_is_the_difference_of_two_solves_and_finds_the_next_step():
    """A step more for a domain of a phased case: its total over the horizon and every year row in
    proportion; the next step is the least such amount that buys a job."""
    case = small()
    result = marginal(case, 2e5, executor=INLINE)
    base = portfolio.solve(case).jobs_total
    for d in result.domains:
        plus = portfolio.solve(shifted(case, d.domain, 2e5)).jobs_total
        minus = portfolio.solve(shifted(case, d.domain, -2e5)).jobs_total
        assert d.plus_jobs == pytest.approx(plus - base) and d.minus_jobs == pytest.approx(base - minus)
        assert not d.next_step_note.startswith("not computed"), d.next_step_note
        if d.next_step_eur is not None:
            more = portfolio.solve(shifted(case, d.domain, d.next_step_eur))
            assert more.jobs_total > base and d.next_step_jobs == pytest.approx(more.jobs_total - base)
            less = portfolio.solve(shifted(case, d.domain, d.next_step_eur - 100))
            assert less.jobs_total == pytest.approx(base), "the least amount: a hundred EUR less buys nothing"
    assert any(d.next_step_eur is not None for d in result.domains), "not vacuous"


# --------------------------------------------------------------------------- sweeps carry the plan


def test_a_worker_process_carries_the_start_years_back():
    case = small()
    inline = portfolio.solve(case, race=False)
    assert any(len(case.window(a)) > 1 for a in inline.selected), "not vacuous: a start could differ"
    pooled = POOL.run([Task("one", case), Task("two", case)]).solutions
    for sol in pooled.values():
        assert sol.plan == inline.plan and sol.jobs_by_year == inline.jobs_by_year and sol.phased


def test_the_frontier_carries_a_smaller_budgets_plan_with_its_start_years():
    from test_sweeps import StoppedEarlyAt

    case = small()
    low_scale = portfolio.solve(scaled(case, 0.8))
    poor = portfolio.solve(cheapest_case(scaled(case, 1.0), 0.0))
    assert poor.jobs_total < low_scale.jobs_total, "not vacuous: the answer at the larger scale falls"
    assert any(len(case.window(a)) > 1 for a in low_scale.selected), "not vacuous: a start could differ"
    stopped = poor.model_copy(update={"status": Status.FEASIBLE, "gap": 0.5})
    result = frontier(case, [0.8, 1.0], executor=StoppedEarlyAt(1.0, stopped))
    high = result.points[1]
    assert high.carried and high.start_year == low_scale.start_year
    assert high.jobs == pytest.approx(low_scale.jobs_total)


def test_a_target_curve_carries_a_higher_targets_plan_with_its_start_years():
    case = small()
    curve = target_curve(case, [None], jobs=150.0, executor=INLINE)
    high = target(case, jobs=300.0, executor=INLINE)
    low = curve.points[0]
    poor = portfolio.solve(case)  # the most jobs: dearer, reaches both targets
    assert poor.cost_total_eur > high.solution.cost_total_eur
    stopped = low.model_copy(update={"solution": poor.model_copy(update={"status": Status.FEASIBLE})})
    fixed = monotone(case, [stopped, high])
    assert fixed[0].carried and fixed[0].solution.start_year == high.solution.start_year


def test_the_csv_files_of_a_phased_sweep_carry_the_start_years(case_dir, tmp_path):
    from portfolio.sweeps.output import frontier_csv

    file = scenario_file(tmp_path, {"name": "a03 in 2027", "start": {"a03": 2027}})
    result = CliRunner().invoke(main, ["whatif", str(case_dir), str(file), "--out", str(tmp_path / "w")])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader((tmp_path / "w" / "comparison.csv").open(encoding="utf-8")))
    base = json.loads((tmp_path / "w" / "base.json").read_text(encoding="utf-8"))
    assert rows[1]["target_year"] == "2028"
    assert f"a03:{base['start_year']['a03']}>2027" in rows[1]["start_changes"]
    points = frontier(small(), [1.0], executor=INLINE)
    path = frontier_csv(tmp_path, points)
    row = next(csv.DictReader(path.open(encoding="utf-8")))
    assert row["start_year"] == ";".join(f"{a}:{y}" for a, y in points.points[0].start_year.items())


def test_start_is_checked_against_the_window_after_the_delay(case_dir, tmp_path):
    """A single scenario at the top of the file: `start` names a calendar year of the delayed window."""
    path = tmp_path / "one.yaml"
    path.write_text("name: x\ndelay: {a00: 1}\nstart: {a00: 2026}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["whatif", str(case_dir), str(path)])
    assert result.exit_code == 1, result.output
    assert result.stderr.strip() == (f"{path}:3:start.a00: scenario 'x': 2026 is outside the start window of "
                                     "a00 (2027-2028 after the delay of 1 year); pick a year in it")
    fixed = apply_scenario(small(), Scenario(name="x", delay={"a00": 1}, start={"a00": 2027}))
    assert fixed.rules.start_in == {"a00": 2027}


def test_marginal_lists_the_starts_a_step_moves_in_a_phased_case_only():
    case = phased_case(12, n_actions=7, n_years=3)
    result = marginal(case, 2e5, executor=INLINE, next_steps=False)
    base = portfolio.solve(case)
    for d in result.domains:
        for moved, step in ((d.plus_moved, 2e5), (d.minus_moved, -2e5)):
            other = portfolio.solve(shifted(case, d.domain, step)).start_year
            assert moved == {a: StartChange(base=y, scenario=other[a]) for a, y in base.start_year.items()
                             if a in other and other[a] != y}
    assert any(d.plus_moved or d.minus_moved for d in result.domains), "not vacuous: a step moves a start"
    assert "plus_moved" in json.loads(result.model_dump_json())["domains"][0]
    flat = marginal(load_case(TEMPLATE), 1e5, executor=INLINE, next_steps=False)
    assert "plus_moved" not in json.loads(flat.model_dump_json())["domains"][0]


def test_a_cost_change_of_one_year_is_an_error_in_a_phased_case(case_dir, tmp_path):
    """Costs of a phased case have run years, not calendar years: a change of one year changes nothing."""
    file = scenario_file(tmp_path, {"name": "x", "costs": [{"action": "a00", "year": 2027, "factor": 2}]})
    result = CliRunner().invoke(main, ["whatif", str(case_dir), str(file)])
    assert result.exit_code == 1, result.output
    assert "costs.0.year: scenario 'x': 2027 selects no cost row: a phased case charges costs by run_year" \
        in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_frontier_point_solved_with_a_floor_cut_gets_the_start_years_of_a_plain_solve():
    """The floor cut of a sweep keeps the optimum; the start years among tied plans must still be the
    earliest, as a plain solve gives them (portfolio.solve.earliest_plan)."""
    case = small()
    result = frontier(case, [0.8, 1.0, 1.2], executor=INLINE)
    for p in result.points:
        assert p.start_year == portfolio.solve(scaled(case, p.scale)).start_year, p.scale


def test_a_delay_that_moves_a_fixed_start_past_the_horizon_is_an_error(tmp_path):
    folder = write_case(with_rules(small(), start_in={"a00": 2028}), tmp_path / "fixed")
    file = scenario_file(tmp_path, {"name": "x", "delay": 1})
    result = CliRunner().invoke(main, ["whatif", str(folder), str(file)])
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert ("delay: scenario 'x': a00 delayed 1 year: the case starts it in 2028 (rules.start_in), which "
            "would become 2029, past the horizon (2026-2028)") in result.stderr
