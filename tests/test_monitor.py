"""Monitoring a running plan: progress that matches the plan is on track with the plan's jobs as forecast; a
delay, an overspend, a stop and observed outflow are flagged and move the forecast; every problem of a
progress file is located at file:row:column."""

from __future__ import annotations

import json
import math

import openpyxl
import pytest
from click.testing import CliRunner

import cli
from conftest import write_csv
from inputs import write_case
from inputs.progress import read_progress
from models import CaseError
from models.casedata import CaseData
from models.progress import ProgressRow
from portfolio import solve
from portfolio.core.outcome import outcome
from portfolio.instances.generate import random_case
from portfolio.instances.phased import phased_case
from portfolio.monitor import monitor, phased_view

AS_OF = 2027
HEADER = ["action", "year", "status", "domain", "spend_eur", "group", "reached", "into_work"]


def as_planned(case, plan, as_of=AS_OF) -> list[list]:
    """Progress rows (HEADER) that report exactly what `plan` planned up to `as_of`."""
    view = phased_view(case)
    data = CaseData.of(view)
    starts = plan if isinstance(plan, dict) else dict.fromkeys(plan, view.horizon[0])
    rows = []
    for a, s in starts.items():
        within, _after = data.start_costs(a, s)
        for t in range(view.horizon[0], as_of + 1):
            status = "started" if s <= t else "not_started"
            spent = [(d, e) for (d, y), e in within.items() if y == t]
            rows += [[a, t, status, d, e, "", "", ""] for d, e in spent] or [[a, t, status, "", "", "", "", ""]]
    return rows


@pytest.fixture(scope="module")
def planned():
    case = phased_case(13, 8)
    return case, solve(case, backend="highs")


def rows_of(table: list[list]) -> list[ProgressRow]:
    return [ProgressRow(**{k: v for k, v in zip(HEADER, row) if v != ""}) for row in table]


def test_progress_as_planned_is_on_track_with_the_plans_jobs(planned):
    case, plan = planned
    m = monitor(case, plan.plan, rows_of(as_planned(case, plan.plan)), AS_OF)
    assert m.track == "on_track" and all(d.track == "on_track" for d in m.domains)
    assert m.forecast_jobs == pytest.approx(plan.jobs_total) and m.planned_jobs == pytest.approx(plan.jobs_total)
    assert not any(a.flags for a in m.actions)
    for y in m.spend_by_year:
        if y.year <= AS_OF:
            assert y.spend_eur == pytest.approx(y.planned_eur)


def test_an_unphased_plan_started_everything_in_the_first_year():
    case = random_case(4, 9, per_year=True)
    plan = solve(case, backend="highs")
    m = monitor(case, plan.selected, rows_of(as_planned(case, plan.selected)), 2027)
    assert m.track == "on_track" and m.forecast_jobs == pytest.approx(plan.jobs_total)
    assert m.notes and "unphased" in m.notes[0]


def test_a_delay_and_an_overspend_are_flagged_and_move_the_forecast():
    case = phased_case(24, 7)
    plan = solve(case, backend="highs")
    starts = plan.start_year
    early = next(a for a, y in starts.items() if y == 2026)  # overspend it
    late = next(a for a, y in starts.items() if y == 2027)  # delay it

    table = as_planned(case, plan.plan)
    for row in table:
        if row[0] == early and row[4] != "":
            row[4] = row[4] * 1.5
    table = [r for r in table if r[0] != late] + [[late, t, "delayed" if t >= starts[late] else "not_started",
                                                   "", "", "", "", ""] for t in range(2026, AS_OF + 1)]
    m = monitor(case, plan.plan, rows_of(table), AS_OF)
    flags = {a.action: set(a.flags) for a in m.actions}
    assert "overspend" in flags[early] and "delay" in flags[late]
    moved = next(a for a in m.actions if a.action == late)
    assert moved.forecast_start == AS_OF + 1 and moved.delay_years == AS_OF + 1 - starts[late]
    # the forecast: the plan with the late action starting in 2028, recomputed here
    expected = outcome(CaseData.of(_widened(case, late, AS_OF + 1)), {**starts, late: AS_OF + 1}).jobs_total
    assert m.forecast_jobs == pytest.approx(expected)
    assert m.forecast_jobs < m.planned_jobs and m.track in ("at_risk", "off_track")


def _widened(case, action, year):
    actions = tuple(a.model_copy(update={"latest_start": max(year, case.window(a.action)[-1])})
                    if a.action == action else a for a in case.actions)
    return case.model_copy(update={"actions": actions})


def test_a_stopped_action_leaves_the_forecast_and_observed_outflow_replaces_the_effect(planned):
    case, plan = planned
    table = as_planned(case, plan.plan)
    first = next(a for a, s in plan.start_year.items() if s <= 2026)
    stopped = [[first, AS_OF, "stopped", *r[3:]] if r[0] == first and r[1] == AS_OF else r for r in table]
    m = monitor(case, plan.plan, rows_of(stopped), AS_OF)
    gone = next(a for a in m.actions if a.action == first)
    assert gone.forecast_start is None and gone.forecast_jobs == 0 and "stopped" in gone.flags
    assert m.forecast_jobs < m.planned_jobs
    # observed outflow: half the planned effect in one group
    reach = next(r for r in case.reach if r.action == first and r.effect > 0)
    rate = reach.effect / 2
    extra = [first, 2026, "started", "", "", reach.group, 1000, 1000 * rate]
    m2 = monitor(case, plan.plan, rows_of(table + [extra]), AS_OF)
    observed = next(a for a in m2.actions if a.action == first)
    assert "observed_effect" in observed.flags and observed.forecast_jobs < observed.planned_jobs
    slower = case.model_copy(update={"reach": tuple(r.model_copy(update={"effect": rate}) if r is reach else r
                                                    for r in case.reach)})
    assert m2.forecast_jobs == pytest.approx(outcome(CaseData.of(slower), plan.plan).jobs_total)


def test_the_band_comes_from_the_effect_ranges():
    case = phased_case(13, 8)
    wide = case.model_copy(update={"reach": tuple(r.model_copy(update={"effect_low": r.effect * 0.5,
                                                                        "effect_high": min(1, r.effect * 1.5)})
                                                  for r in case.reach)})
    plan = solve(wide, backend="highs")
    m = monitor(wide, plan.plan, rows_of(as_planned(wide, plan.plan)), AS_OF, samples=300)
    assert m.forecast_p5 < m.forecast_jobs < m.forecast_p95
    assert m.track == "on_track"


# --- the progress file ---------------------------------------------------------------------------------


@pytest.fixture
def files(planned, tmp_path):
    case, plan = planned
    folder = tmp_path / "case"
    write_case(case, folder)
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(plan.model_dump_json())
    progress = tmp_path / "progress.csv"
    write_csv(progress, [HEADER, *as_planned(case, plan.plan)])
    return folder, plan_file, progress


def problems(case, plan, path, as_of=AS_OF) -> list[str]:
    with pytest.raises(CaseError) as caught:
        read_progress(path, case, plan, as_of)
    return [str(i) for i in caught.value.issues]


BAD = {
    "unknown action": (["zz", 2026, "started"], "action", "unknown action 'zz'"),
    "not in plan": (None, "action", "is not in the plan"),
    "future year": (["{a}", 2028, "started"], "year", "2028 is in the future"),
    "before horizon": (["{a}", 2024, "started"], "year", "before the horizon"),
    "bad status": (["{a}", 2026, "begun"], "status", "is not one of"),
    "unknown domain": (["{a}", 2026, "started", "nope", 5], "domain", "unknown domain 'nope'"),
    "unknown group": (["{a}", 2026, "started", "", "", "nope", 5], "group", "unknown group 'nope'"),
    "spend without domain": (["{a}", 2026, "started", "", 5], None, "domain is empty"),
    "more into work than reached": (["{a}", 2026, "started", "", "", "g0", 5, 6], None, "at most as many"),
    "negative spend": (["{a}", 2026, "started", "d0", -5], "spend_eur", "negative"),
    "spend while delayed": (["{b}", 2026, "not_started", "d0", 5], "spend_eur", "spent although"),
}


@pytest.mark.parametrize("kind", list(BAD))
def test_each_problem_of_a_progress_file_is_located(planned, tmp_path, kind):
    case, plan = planned
    row, column, words = BAD[kind]
    first = min(plan.start_year, key=plan.start_year.get)
    later = max(plan.start_year, key=plan.start_year.get)
    outside = next(a.action for a in case.actions if a.action not in plan.start_year)
    if row is None:
        row = [outside, 2026, "started"]
    row = [str(c).format(a=first, b=later) for c in row] + [""] * (len(HEADER) - len(row))
    path = tmp_path / "progress.csv"
    write_csv(path, [HEADER, row])
    found = problems(case, plan.plan, path)
    where = f"progress.csv:2:{column}:" if column else "progress.csv:2"
    assert any(p.startswith(where) and words in p for p in found), found


def test_a_contradiction_between_rows_names_both_lines(planned, tmp_path):
    case, plan = planned
    a = min(plan.start_year, key=plan.start_year.get)
    path = tmp_path / "progress.csv"
    write_csv(path, [HEADER, [a, 2026, "started", "", "", "", "", ""], [a, 2026, "delayed", "", "", "", "", ""],
                     [a, 2027, "stopped", "", "", "", "", ""], [a, 2028, "started", "", "", "", "", ""]])
    found = problems(case, plan.plan, path, as_of=2029)
    assert any(p.startswith("progress.csv:3:status:") and "line 2" in p for p in found), found
    assert any(p.startswith("progress.csv:5:status:") and "stays stopped" in p for p in found), found


def test_a_workbook_sheet_is_read_and_located(planned, tmp_path):
    case, plan = planned
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "progress"
    ws.append(HEADER)
    for row in as_planned(case, plan.plan):
        ws.append([None if c == "" else c for c in row])
    ws.append(["zz", 2026, "started"])
    path = tmp_path / "progress.xlsx"
    book.save(path)
    found = problems(case, plan.plan, path)
    last = len(as_planned(case, plan.plan)) + 2
    assert found == [f"progress.xlsx[progress]:{last}:action: unknown action 'zz'; use an action of the case"] or \
        any(p.startswith(f"progress.xlsx[progress]:{last}:action:") for p in found)


# --- the command -----------------------------------------------------------------------------------


def run(*args):
    return CliRunner().invoke(cli.main, list(map(str, args)), catch_exceptions=False)


def test_monitor_command(files, tmp_path):
    folder, plan_file, progress = files
    done = run("monitor", folder, "--plan", plan_file, "--progress", progress, "--as-of", AS_OF, "--format", "json",
               "--out", tmp_path / "out")
    assert done.exit_code == 0, done.output
    m = json.loads(done.stdout)
    assert m["track"] == "on_track" and m["as_of"] == AS_OF
    assert json.loads((tmp_path / "out" / "monitor.json").read_text()) == m
    table = run("monitor", folder, "--plan", plan_file, "--progress", progress, "--as-of", AS_OF)
    assert table.exit_code == 0 and "on track" in table.output and "Rule:" in table.output


def test_monitor_refuses_a_bad_progress_file_in_one_line_each(files, tmp_path):
    folder, plan_file, progress = files
    write_csv(progress, [HEADER, ["zz", 2026, "started", "", "", "", "", ""]])
    done = run("monitor", folder, "--plan", plan_file, "--progress", progress, "--as-of", AS_OF)
    assert done.exit_code == 1 and "progress.csv:2:action: unknown action 'zz'" in done.stderr
    assert "Traceback" not in done.stderr
    assert run("monitor", folder, "--plan", plan_file, "--progress", progress, "--as-of", "soon").exit_code == 2
    missing = run("monitor", folder, "--plan", plan_file, "--progress", tmp_path / "none.csv", "--as-of", AS_OF)
    assert missing.exit_code == 1 and "none.csv" in missing.stderr and "Traceback" not in missing.stderr


def test_forecast_jobs_are_never_more_than_math_allows(planned):
    case, plan = planned
    m = monitor(case, plan.plan, rows_of(as_planned(case, plan.plan)), AS_OF)
    assert math.isfinite(m.forecast_p5) and m.forecast_p5 <= m.forecast_p95


def test_the_documented_progress_example_reads_and_flags_what_it_says(tmp_path):
    """docs/case-format.md section 10: its example is a valid progress file of the bundled case."""
    import re
    from pathlib import Path

    import inputs
    text = (Path(__file__).parents[1] / "docs" / "case-format.md").read_text(encoding="utf-8")
    section = text[text.index("## 10. Progress"):]
    block = re.search(r"```csv\n(.*?)```", section, re.S).group(1)
    path = tmp_path / "progress.csv"
    path.write_text(block, encoding="utf-8")
    case = inputs.load_case(inputs.bundled_case_path())
    plan = {"A01": 2026, "A36": 2027}
    rows = read_progress(path, case, plan, 2027)
    m = monitor(case, plan, rows, 2027, samples=20)
    flags = {a.action: set(a.flags) for a in m.actions}
    assert "overspend" in flags["A01"] and "delay" in flags["A36"]
    assert "observed_effect" in flags["A01"]
