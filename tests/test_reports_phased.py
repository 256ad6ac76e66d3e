"""What a planner sees of a phased plan (spec 4.1): start years, spend per domain and calendar year, what is
committed after the horizon, jobs and employment rate per year against the path to the target, the timeline;
in the terminal and in every report file. Figures are recomputed here from the case files and the plan."""

from __future__ import annotations

import csv
import json
import math
import shutil
from pathlib import Path

import pytest

import portfolio
from conftest import FLANDERS, read_csv, write_csv
from inputs import load_case
from models import Case, Solution
from portfolio.reports import Labels, build_report

FIRST = 2026
RAMPS = ("0.5;1", "0.2;0.6;1")


def phased_flanders(folder: Path) -> Path:
    """The bundled case made phased in `folder`: costs by run year (year - 2025), every action may start in
    2026 and until 2027 or 2028, its effect building up along 0.5;1 or 0.2;0.6;1."""
    shutil.copytree(FLANDERS, folder)
    costs = read_csv(folder / "costs.csv")
    col = costs[0].index("year")
    costs[0][col] = "run_year"
    for row in costs[1:]:
        row[col] = str(int(row[col]) - FIRST + 1)
    write_csv(folder / "costs.csv", costs)
    actions = read_csv(folder / "actions.csv")
    actions[0] += ["earliest_start", "latest_start", "ramp"]
    for i, row in enumerate(actions[1:]):
        row += [str(FIRST), str(FIRST + 1 if i % 3 == 0 else FIRST + 2), RAMPS[i % 2]]
    write_csv(folder / "actions.csv", actions)
    return folder


@pytest.fixture(scope="module")
def solved(tmp_path_factory) -> tuple[Path, Case, Solution]:
    folder = phased_flanders(tmp_path_factory.mktemp("phased") / "case")
    case = load_case(folder)
    return folder, case, portfolio.solve(case)


def ramp_share(ramp: str, years_run: int) -> float:
    shares = [float(x) for x in ramp.split(";")]
    return 0.0 if years_run < 1 else shares[min(years_run, len(shares)) - 1]


def files_of(folder: Path) -> dict:
    """The case's own numbers, read straight from its CSV files and case.yaml (not through the library)."""
    import yaml

    with open(folder / "actions.csv", encoding="utf-8") as fh:
        actions = {r["action"]: r for r in csv.DictReader(fh)}
    with open(folder / "costs.csv", encoding="utf-8") as fh:
        costs = list(csv.DictReader(fh))
    with open(folder / "budgets.csv", encoding="utf-8") as fh:
        budgets = {(r["domain"], int(r["year"])): float(r["budget_eur"]) for r in csv.DictReader(fh)}
    settings = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    return {"actions": actions, "costs": costs, "budgets": budgets, "baseline": settings["baseline"]}


def test_the_report_data_of_a_phased_plan_agrees_with_the_files(solved):
    folder, case, solution = solved
    f = files_of(folder)
    plan = solution.plan
    assert len(set(plan.values())) > 1, "the test case should start actions in more than one year"
    r = build_report(case, solution)
    horizon = sorted({y for _, y in f["budgets"]})
    last, target = horizon[-1], horizon[-1]
    # spend per domain and calendar year, and what is committed after the horizon
    spend, after = {}, {}
    for c in f["costs"]:
        if c["action"] in plan:
            year = plan[c["action"]] + int(c["run_year"]) - 1
            if year > last:
                after[c["domain"]] = after.get(c["domain"], 0) + float(c["cost_eur"])
            else:
                spend[c["domain"], year] = spend.get((c["domain"], year), 0) + float(c["cost_eur"])
    for d in r.domains:
        for s in d.years:
            assert s.spend_eur == pytest.approx(spend.get((d.domain.id, s.year), 0), abs=0.01)
            assert s.budget_eur == f["budgets"][d.domain.id, s.year]
        assert d.after_horizon_eur == pytest.approx(after.get(d.domain.id, 0), abs=0.01)
    # the start year and the timeline of each chosen action
    assert {a.action.id: a.start_year for a in r.chosen} == plan
    lines = {t.action.id: t for t in r.phasing.timeline}
    assert set(lines) == set(plan)
    for a, line in lines.items():
        assert line.start_year == plan[a]
        assert dict(line.shares) == pytest.approx(
            {y: ramp_share(f["actions"][a]["ramp"], y - plan[a] + 1) for y in horizon})
    domains = [d.domain for d in case.domains]
    order = [(domains.index(t.lead.id), t.start_year) for t in r.phasing.timeline]
    assert order == sorted(order)
    # jobs and rate per year against a straight path from the rate before to the target rate in the target year
    base = f["baseline"]
    need = base["target_rate"] * base["population"] - base["employed"]
    assert [y.year for y in r.phasing.years] == horizon
    for y in r.phasing.years:
        assert y.jobs == pytest.approx(solution.jobs_by_year[y.year])
        assert y.rate == pytest.approx((base["employed"] + y.jobs) / base["population"])
        assert y.path_jobs == pytest.approx(need * (y.year - FIRST + 1) / (target - FIRST + 1))
        assert y.path_rate == pytest.approx((base["employed"] + y.path_jobs) / base["population"])
    assert r.phasing.years[-1].jobs == pytest.approx(solution.jobs_total)
    # the action plan by start year, then lead domain
    assert [s.year for s in r.plan] == sorted({*plan.values()})
    for s in r.plan:
        assert all(plan[a] == s.year for a in s.actions)
        keys = [domains.index(r.action(a).lead.id) for a in s.actions]
        assert keys == sorted(keys)
    assert sorted(a for s in r.plan for a in s.actions) == sorted(plan)


def table_rows(text: str, title: str) -> list[list[str]]:
    """The cells of each body row of the rich table titled `title` in `text` (one line per row: the runner's
    console is 120 columns wide, so keep the tables narrow)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(title))
    rows, body = [], False
    for line in lines[start + 1:]:
        if line.lstrip().startswith("┡"):
            body = True
        elif line.lstrip().startswith("└"):
            break
        elif body and line.lstrip().startswith("│"):
            rows.append([c.strip() for c in line.strip().strip("│").split("│")])
    return rows


def test_solve_shows_start_years_spend_per_year_after_the_horizon_and_jobs_per_year(solved):
    from click.testing import CliRunner

    from cli import main

    folder, case, solution = solved
    f = files_of(folder)
    done = CliRunner().invoke(main, ["solve", str(folder)])
    assert done.exit_code == 0, done.output
    text = done.stdout
    plan = solution.plan
    rows = table_rows(text, "Chosen actions")
    starts = {r[0]: r[3] for r in rows if r[0]}
    assert starts == {a: str(s) for a, s in plan.items()}
    # committed after the horizon, per domain
    after: dict[str, float] = {}
    for c in f["costs"]:
        if c["action"] in plan and plan[c["action"]] + int(c["run_year"]) - 1 > 2029:
            after[c["domain"]] = after.get(c["domain"], 0) + float(c["cost_eur"])
    spend = table_rows(text, "Spend vs budget per domain")
    header = next(line for line in text.splitlines() if "after 2029" in line)
    assert header
    shown = [r[-1] for r in spend if r[-1]]
    assert shown == [f"{after.get(d.domain, 0) / 1e6:,.2f}M" for d in case.domains]
    # jobs and rate per year against the path
    base = f["baseline"]
    need = base["target_rate"] * base["population"] - base["employed"]
    years = table_rows(text, "Extra jobs and employment rate per year")
    assert [r[0] for r in years] == ["2026", "2027", "2028", "2029"]
    for r in years:
        y = int(r[0])
        jobs = solution.jobs_by_year[y]
        path = need * (y - 2025) / 4
        assert r[1:] == [f"{jobs:,.1f}", f"{(base['employed'] + jobs) / base['population']:.3%}",
                         f"{(base['employed'] + path) / base['population']:.3%}", f"{path:,.1f}",
                         f"{max(0.0, path - jobs):,.1f}"]
    assert "straight line" in text


def test_validate_summarises_a_phased_case_with_its_start_windows_and_ramps(solved):
    """Candidates' cost per year counts each started at its earliest start; each action's window and ramp shown."""
    from click.testing import CliRunner

    from cli import main

    folder, case, _solution = solved
    f = files_of(folder)
    done = CliRunner().invoke(main, ["validate", str(folder)])
    assert done.exit_code == 0, done.output
    assert "Traceback" not in done.output
    windows = table_rows(done.stdout, "Start windows and ramps")
    shown = {r[0]: r for r in windows if r[0]}
    assert set(shown) == set(f["actions"])
    for a, row in f["actions"].items():
        first, last = row["earliest_start"], row["latest_start"]
        assert shown[a][2:4] == [first if first == last else f"{first}–{last}",
                                 " · ".join(f"{float(x):.0%}" for x in row["ramp"].split(";"))]
    # candidates per domain and year, each started at its earliest start (2026 here): run year k in 2025 + k
    spend: dict = {}
    for c in f["costs"]:
        year = FIRST + int(c["run_year"]) - 1
        if year <= 2029:
            spend[c["domain"], year] = spend.get((c["domain"], year), 0) + float(c["cost_eur"])
    budget = table_rows(done.stdout, "Candidate cost vs budget per domain")
    first_cells = [r for r in budget if r[1]]
    werk = next(r for r in first_cells if r[0].startswith("Werk"))
    assert werk[2].startswith(f"{spend['werk', 2026] / 1e6:,.2f}M")
    assert werk[5].startswith(f"{spend['werk', 2029] / 1e6:,.2f}M")
