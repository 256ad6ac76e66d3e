"""Re-planning (spec 4.4): starts before the year are kept, nothing else starts before it, the rest is
optimised; with nothing changed the plan's objective is reached, and after a budget cut the re-plan is the
best plan that keeps the commitments (brute force)."""

from __future__ import annotations

import itertools
import json

import pytest
from click.testing import CliRunner

import cli
from models import BudgetYear, Case
from models.casedata import CaseData
from portfolio import solve
from portfolio.instances.generate import random_case
from portfolio.instances.phased import phased_case
from portfolio.replan import replan, replan_case
from portfolio.verify import evaluate


def _with(case: Case, **changes) -> Case:
    return Case.model_validate({**{k: getattr(case, k) for k in Case.model_fields}, **changes})


def best_keeping(case: Case, kept: dict[str, int], from_year: int) -> float | None:
    """Independent brute force: the best plan of `case` whose starts before `from_year` are exactly `kept`."""
    data = CaseData.of(case)
    best = None
    ids = data.actions
    for mask in range(1 << len(ids)):
        chosen = [a for i, a in enumerate(ids) if mask >> i & 1]
        if not set(kept) <= set(chosen):
            continue
        options = [[kept[a]] if a in kept else [y for y in data.windows[a] if y >= from_year] for a in chosen]
        for years in itertools.product(*options):
            ev = evaluate(case, dict(zip(chosen, years)), data)
            if ev.feasible and (best is None or ev.jobs_total > best):
                best = ev.jobs_total
    return best


@pytest.mark.parametrize("seed", [12, 13, 21])
@pytest.mark.parametrize("from_year", [2026, 2027, 2028, 2029, 2030])
def test_with_nothing_changed_a_replan_reaches_the_plan_and_keeps_its_past(seed, from_year):
    case = phased_case(seed, 8, start_in=seed == 21, equity=seed == 13)
    plan = solve(case, backend="highs")
    again = replan(case, plan.plan, from_year, backend="highs")
    assert again.solution.status == "optimal"
    assert again.solution.objective_value == pytest.approx(plan.objective_value, rel=1e-9, abs=1e-9)
    kept = {a: y for a, y in plan.start_year.items() if y < from_year}
    assert again.kept == kept
    assert {a: again.solution.start_year[a] for a in kept} == kept
    assert all(y >= from_year for a, y in again.solution.start_year.items() if a not in kept)
    assert again.jobs_gained == pytest.approx(0, abs=1e-6)


def test_a_replan_from_the_first_year_equals_solve():
    case = phased_case(13, 8)
    plan = solve(case, backend="highs")
    again = replan(case, {}, 2026, backend="highs")
    assert again.solution.objective_value == pytest.approx(plan.objective_value)
    assert again.kept == {}


def test_an_unphased_plan_started_everything_in_the_first_year():
    case = random_case(4, 9, per_year=True)
    plan = solve(case, backend="highs")
    assert replan(case, plan.selected, case.years[0], backend="highs").solution.objective_value == pytest.approx(
        plan.objective_value)
    later = replan(case, plan.selected, case.years[1], backend="highs")
    assert later.solution.selected == plan.selected and later.kept == dict.fromkeys(plan.selected, case.years[0])
    assert later.solution.objective_value == pytest.approx(plan.objective_value)


@pytest.mark.parametrize("seed", [12, 13, 21, 23, 24])
def test_after_a_budget_cut_the_replan_keeps_the_commitments_and_is_best_for_the_rest(seed):
    case = phased_case(seed, 7)
    plan = solve(case, backend="highs")
    from_year = 2028
    kept = {a: y for a, y in plan.start_year.items() if y < from_year}
    # cut every domain's budget of the last year by half (never below what the kept starts spend there)
    data = CaseData.of(case)
    committed = data.spend(kept)
    budgets = tuple(
        BudgetYear(domain=b.domain, year=b.year, budget_eur=max(b.budget_eur // 2, committed.in_year(b.domain, b.year)))
        if b.year == 2029 else b for b in case.budgets)
    cut = _with(case, budgets=budgets)
    result = replan(cut, plan.plan, from_year, backend="highs")
    best = best_keeping(cut, kept, from_year)
    if best is None:  # the cut leaves no plan that keeps the commitments (a rule needs what no longer fits)
        assert result.solution.status == "infeasible"
        return
    assert result.solution.status == "optimal"
    assert {a: result.solution.start_year[a] for a in kept} == kept
    assert result.solution.objective_value == pytest.approx(best, abs=1e-6)
    if seed in (13, 23, 24):  # here the cut costs jobs
        assert result.solution.objective_value < plan.objective_value - 1


def test_a_start_of_the_past_outside_todays_window_is_refused():
    case = phased_case(24, 7)
    plan = solve(case, backend="highs")
    a, year = min(plan.start_year.items(), key=lambda item: item[1])
    assert year < case.horizon[-1]
    actions = tuple(x.model_copy(update={"earliest_start": year + 1, "latest_start": year + 1})
                    if x.action == a else x for x in case.actions)
    with pytest.raises(ValueError, match=f"the plan started {a} in {year}"):
        replan_case(_with(case, actions=actions), plan.plan, year + 1)


# --- the command ---------------------------------------------------------------------------------


@pytest.fixture
def phased_dir(tmp_path):
    from inputs import write_case
    case = phased_case(13, 8)
    folder = tmp_path / "case"
    write_case(case, folder)
    return folder


def run(*args):
    return CliRunner().invoke(cli.main, list(map(str, args)), catch_exceptions=False)


def test_replan_command_prints_the_json_of_solve(phased_dir, tmp_path):
    plan = tmp_path / "plan.json"
    assert run("solve", phased_dir, "--out", plan, "--format", "json").exit_code == 0
    done = run("replan", phased_dir, "--plan", plan, "--from-year", 2028, "--format", "json")
    assert done.exit_code == 0, done.output
    new, old = json.loads(done.stdout), json.loads(plan.read_text())
    assert set(new) == set(old) and new["objective_value"] == pytest.approx(old["objective_value"])
    table = run("replan", phased_dir, "--plan", plan, "--from-year", 2028)
    assert table.exit_code == 0 and "Re-plan from 2028" in table.output or "No changes" in table.output


@pytest.mark.parametrize("content, words", [
    ("[]", "is not a solution JSON"),
    ('{"status": "infeasible", "selected": [], "start_year": null}', "has no plan to follow"),
    ('{"status": "optimal", "selected": ["nope"], "start_year": {"nope": 2026}}', "names actions the case does not have"),
    ('{"status": "optimal", "selected": []}', "start_year: missing"),
])
def test_replan_refuses_a_plan_that_is_not_one_in_one_line(phased_dir, tmp_path, content, words):
    plan = tmp_path / "plan.json"
    plan.write_text(content)
    done = run("replan", phased_dir, "--plan", plan, "--from-year", 2028)
    assert done.exit_code == 1 and words in done.stderr and "Traceback" not in done.stderr
    assert str(plan) in done.stderr


def test_replan_needs_its_options(phased_dir):
    assert run("replan", phased_dir, "--from-year", 2028).exit_code == 2
    assert run("replan", phased_dir, "--plan", "x.json", "--from-year", "soon").exit_code == 2


# --- with progress: what really happened --------------------------------------------------------------

from models import Action, Barrier, Cost, Domain, Group, Reach, Rules  # noqa: E402
from models.progress import ProgressRow  # noqa: E402
from test_monitor import HEADER, as_planned, rows_of  # noqa: E402


def test_progress_as_planned_replans_to_the_plan_and_money_spent_is_gone():
    case = phased_case(24, 7)
    plan = solve(case, backend="highs")
    rows = rows_of(as_planned(case, plan.plan, as_of=2027))
    result = replan(case, plan.plan, 2028, backend="highs", progress=rows)
    assert result.solution.objective_value == pytest.approx(plan.objective_value)
    assert result.kept == {a: y for a, y in plan.start_year.items() if y < 2028}
    spent = sum(r.spend_eur or 0 for r in rows)
    assert spent > 0 and result.solution.cost_total_eur == pytest.approx(plan.cost_total_eur - spent)
    assert any("gone" in n for n in result.solution.details.report.notes)
    assert result.jobs_gained == pytest.approx(0, abs=1e-6)


def test_a_delayed_action_starts_from_the_year_left_and_a_stopped_one_is_out():
    case = phased_case(24, 7)
    plan = solve(case, backend="highs")
    starts = plan.start_year
    late = next(a for a, y in starts.items() if y == 2027)
    early = next(a for a, y in starts.items() if y == 2026)
    table = [r for r in as_planned(case, plan.plan, as_of=2027) if r[0] not in (late, early)]
    table += [[late, 2027, "delayed", "", "", "", "", ""], [early, 2026, "started", "", "", "", "", ""],
              [early, 2027, "stopped", "", "", "", "", ""]]
    result = replan(case, plan.plan, 2028, backend="highs", progress=rows_of(table))
    new = result.solution.start_year
    assert early not in new and early in result.dropped
    assert late not in new or new[late] >= 2028
    assert late not in result.kept and early not in result.kept


def tiny(stop_budget: float) -> Case:
    """a runs 2026-2029 at 100 a year for 10 jobs; b (only 2028) costs 300 for 50 jobs; 2028 has `stop_budget`."""
    return Case(
        name="tiny", objective="max_jobs",
        domains=(Domain(domain="d", name="D", budget_eur=10_000),),
        groups=(Group(group="g", name="G", population=1_000, max_extra_jobs=1_000),),
        barriers=(Barrier(barrier="b", name="B", priority=False),),
        actions=(Action(action="a", name="A", lead_domain="d", barriers=("b",), earliest_start=2026),
                 Action(action="b", name="B", lead_domain="d", barriers=("b",), earliest_start=2028)),
        costs=tuple(Cost(action="a", domain="d", cost_eur=100, run_year=k) for k in (1, 2, 3, 4))
        + (Cost(action="b", domain="d", cost_eur=300, run_year=1),),
        reach=(Reach(action="a", group="g", reach=10, effect=1.0), Reach(action="b", group="g", reach=50, effect=1.0)),
        budgets=tuple(BudgetYear(domain="d", year=t, budget_eur=stop_budget if t == 2028 else 1_000)
                      for t in (2026, 2027, 2028, 2029)),
        rules=Rules(min_actions_per_priority_barrier=0),
    )


@pytest.mark.parametrize("share, budget, stops", [(None, 350, False), (0.5, 350, True), (0.5, 340, False),
                                                  (0.0, 300, True)])
def test_allow_stop_stops_a_started_action_when_its_share_leaves_room(share, budget, stops):
    case = tiny(budget)
    progress = [ProgressRow(action="a", year=2026, status="started", domain="d", spend_eur=100),
                ProgressRow(action="a", year=2027, status="started", domain="d", spend_eur=100)]
    result = replan(case, {"a": 2026}, 2028, backend="highs", progress=progress,
                    stop_share=share)
    assert result.solution.status == "optimal"
    if stops:
        assert result.solution.start_year == {"b": 2028} and result.solution.jobs_total == pytest.approx(50)
    else:
        assert result.solution.start_year == {"a": 2026} and result.solution.jobs_total == pytest.approx(10)


def test_replan_command_with_progress(phased_dir, tmp_path):
    from conftest import write_csv
    from inputs import load_case
    plan = tmp_path / "plan.json"
    assert run("solve", phased_dir, "--out", plan, "--format", "json").exit_code == 0
    case = load_case(phased_dir)
    progress = tmp_path / "progress.csv"
    recorded = json.loads(plan.read_text())["start_year"]
    write_csv(progress, [HEADER, *as_planned(case, {a: int(y) for a, y in recorded.items()}, as_of=2027)])
    done = run("replan", phased_dir, "--plan", plan, "--from-year", 2028, "--progress", progress,
               "--allow-stop", 0.5, "--format", "json")
    assert done.exit_code == 0, done.output
    future = tmp_path / "future.csv"
    write_csv(future, [HEADER, [next(iter(recorded)), 2028, "started", "", "", "", "", ""]])
    bad = run("replan", phased_dir, "--plan", plan, "--from-year", 2028, "--progress", future)
    assert bad.exit_code == 1 and "is in the future" in bad.stderr
    assert run("replan", phased_dir, "--plan", plan, "--from-year", 2028, "--allow-stop", 2).exit_code == 2
