"""What a planner sees of a phased plan (spec 4.1): start years, spend per domain and calendar year, what is
committed after the horizon, jobs and employment rate per year against the path to the target, the timeline;
in the terminal and in every report file. Figures are recomputed here from the case files and the plan."""

from __future__ import annotations

import csv
import math
import shutil
from pathlib import Path

import pytest

import portfolio
from conftest import FLANDERS, TEMPLATE, read_csv, write_csv
from inputs import load_case
from models import Case, Solution
from portfolio.reports import Labels, build_report

FIRST = 2026
RAMPS = ("0.5;1", "0.2;0.6;1")


def phased_flanders(folder: Path) -> Path:
    """The bundled case (phased, costs by run year) in `folder` with windows and ramps of its own: every
    action may start in 2026 and until 2027 or 2028, its effect building up along 0.5;1 or 0.2;0.6;1."""
    shutil.copytree(FLANDERS, folder)
    actions = read_csv(folder / "actions.csv")
    first, last, ramp = (actions[0].index(c) for c in ("earliest_start", "latest_start", "ramp"))
    for i, row in enumerate(actions[1:]):
        row[first], row[last] = str(FIRST), str(FIRST + 1 if i % 3 == 0 else FIRST + 2)
        row[ramp] = RAMPS[i % 2]
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
    with open(folder / "reach.csv", encoding="utf-8") as fh:
        reach = list(csv.DictReader(fh))
    with open(folder / "synergies.csv", encoding="utf-8") as fh:
        synergies = list(csv.DictReader(fh))
    with open(folder / "groups.csv", encoding="utf-8") as fh:
        caps = {r["group"]: float(r["max_extra_jobs"]) for r in csv.DictReader(fh)}
    curves: dict = {}
    if (folder / "saturation.csv").exists():
        with open(folder / "saturation.csv", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                curves.setdefault(r["group"], []).append((float(r["direct_jobs"]), float(r["jobs"])))
    settings = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    return {"actions": actions, "costs": costs, "budgets": budgets, "baseline": settings["baseline"],
            "reach": reach, "synergies": synergies, "caps": caps, "curves": curves}


def counted(f: dict, group: str, uncapped: float) -> float:
    """The jobs a group counts (spec 4.2): through its saturation curve, if any (straight lines from (0, 0)
    through its points, flat after the last), then capped."""
    x0 = y0 = 0.0
    jobs = uncapped
    if group in f["curves"] and uncapped > 0:
        jobs = None
        for x1, y1 in sorted(f["curves"][group]):
            if uncapped <= x1:
                jobs = y0 + (y1 - y0) * (uncapped - x0) / (x1 - x0)
                break
            x0, y0 = x1, y1
        jobs = y0 if jobs is None else jobs
    return min(f["caps"][group], jobs)


def jobs_in(f: dict, plan: dict[str, int], year: int) -> float:
    """Total extra jobs of `plan` present in `year`: reach x effect x the ramp's share, synergies of pairs
    that both run, each group through its saturation curve and capped (spec 4.1, 4.2)."""
    groups = dict.fromkeys(f["caps"], 0.0)
    for r in f["reach"]:
        a = r["action"]
        if a in plan and plan[a] <= year:
            groups[r["group"]] += float(r["reach"]) * float(r["effect"]) * ramp_share(
                f["actions"][a]["ramp"], year - plan[a] + 1)
    for y in f["synergies"]:
        if all(a in plan and plan[a] <= year for a in (y["action_a"], y["action_b"])):
            groups[y["group"]] += float(y["extra_jobs"])
    return math.fsum(counted(f, g, v) for g, v in groups.items())


def spend_of(f: dict, plan: dict[str, int], last: int = 2029) -> tuple[dict, dict]:
    """What `plan` spends per (domain, calendar year) up to `last`, and per domain after it."""
    spend: dict = {}
    after: dict = {}
    for c in f["costs"]:
        if c["action"] in plan:
            year = plan[c["action"]] + int(c["run_year"]) - 1
            if year > last:
                after[c["domain"]] = after.get(c["domain"], 0) + float(c["cost_eur"])
            else:
                spend[c["domain"], year] = spend.get((c["domain"], year), 0) + float(c["cost_eur"])
    return spend, after


def test_the_report_data_of_a_phased_plan_agrees_with_the_files(solved):
    folder, case, solution = solved
    f = files_of(folder)
    plan = solution.plan
    assert len(set(plan.values())) > 1, "the test case should start actions in more than one year"
    r = build_report(case, solution)
    horizon = sorted({y for _, y in f["budgets"]})
    last, target = horizon[-1], horizon[-1]
    # spend per domain and calendar year, and what is committed after the horizon
    spend, after = spend_of(f, plan, last)
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
    # jobs and rate per year against a straight path from the rate before to the target rate in the target
    # year
    base = f["baseline"]
    need = base["target_rate"] * base["population"] - base["employed"]
    assert [y.year for y in r.phasing.years] == horizon
    for y in r.phasing.years:
        assert y.jobs == pytest.approx(jobs_in(f, plan, y.year))
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
    _spend, after = spend_of(f, plan)
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
        jobs = jobs_in(f, plan, y)
        path = need * (y - 2025) / 4
        assert r[1:] == [f"{jobs:,.1f}", f"{(base['employed'] + jobs) / base['population']:.3%}",
                         f"{(base['employed'] + path) / base['population']:.3%}", f"{path:,.1f}",
                         f"{max(0.0, path - jobs):,.1f}"]
    assert "straight line" in text


def test_validate_summarises_a_phased_case_with_its_start_windows_and_ramps(solved):
    """Candidates' cost per year counts each started at its earliest start; each action's window and ramp
    shown."""
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


# --------------------------------------------------------------------------- the report's files


@pytest.fixture(scope="module")
def written(solved, tmp_path_factory) -> Path:
    from portfolio.reports import write_report

    _folder, case, solution = solved
    out = tmp_path_factory.mktemp("report") / "out"
    write_report(build_report(case, solution), out, lang="en")
    return out


def test_the_summary_shows_the_years_the_spend_per_year_and_the_timeline(solved, written):
    from test_reports import md_tables, number, rounded

    folder, case, solution = solved
    f, plan = files_of(folder), solution.plan
    text = (written / "summary.md").read_text(encoding="utf-8")
    years, spend_table, timeline = md_tables(text)[1:4]
    assert years[0] == ["Year", "Extra jobs", "Employment rate", "Path: rate", "Path: jobs",
                        "Short of the path"]
    base = f["baseline"]
    need = base["target_rate"] * base["population"] - base["employed"]
    for row in years[2:]:
        y = int(row[0])
        jobs, path = jobs_in(f, plan, y), need * (y - 2025) / 4
        assert rounded(row[1], "en", jobs)  # the summary rounds jobs and gives rates to one decimal
        rate = (base["employed"] + jobs) / base["population"] * 100
        assert number(row[2], "en") == pytest.approx(rate, abs=0.05)
        assert rounded(row[4], "en", path) and rounded(row[5], "en", max(0.0, path - jobs))
    assert [r[0] for r in years[2:]] == ["2026", "2027", "2028", "2029"]
    assert "straight line" in text and "(76.865%, in 2025) to the target (80.0%) in 2029" in text
    spend, after = spend_of(f, plan)
    assert spend_table[0][-1] == "After 2029"
    names = {d.name: d.domain for d in case.domains}
    for row in spend_table[2:]:
        d = names[row[0]]
        for y, cell in zip(range(2026, 2030), row[1:5]):
            shown, budget = cell.split(" / ")
            assert number(shown, "en") == spend.get((d, y), 0) and number(budget, "en") == f["budgets"][d, y]
        assert number(row[-1], "en") == after.get(d, 0)
    shown = {r[1].split(" · ")[0]: r for r in timeline[2:]}
    assert set(shown) == set(plan)
    for a, row in shown.items():
        assert row[2] == str(plan[a])
        ramp = f["actions"][a]["ramp"]
        assert row[3:] == [f"{ramp_share(ramp, y - plan[a] + 1):.0%}" if y >= plan[a] else ""
                           for y in range(2026, 2030)]


def test_the_action_plan_lists_actions_by_start_year_with_their_cost_per_calendar_year(solved, written):
    from test_reports import md_tables, number

    folder, case, solution = solved
    f, plan = files_of(folder), solution.plan
    text = (written / "action-plan.md").read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith(("## ", "### "))]
    domains = [d.domain for d in case.domains]
    year, seen = None, []
    for h in headings:
        if h.startswith("## "):
            year = int(h.removeprefix("## Starting in "))
            continue
        a = h.removeprefix("### ").split(" · ")[0]
        assert plan[a] == year
        seen.append((year, domains.index(f["actions"][a]["lead_domain"])))
    assert seen == sorted(seen) and len(seen) == len(plan)
    assert sorted({y for y, _ in seen}) == sorted(set(plan.values()))
    # each action's cost per domain and calendar year, and what falls after 2029
    costs = [t for t in md_tables(text) if t[0][0] == "Domain"]
    assert len(costs) == len(plan)
    names = {d.name: d.domain for d in case.domains}
    described = [h.removeprefix("### ").split(" · ")[0] for h in headings if h.startswith("###")]
    for a, table in zip(described, costs):
        assert table[0][2:7] == ["2026", "2027", "2028", "2029", "After 2029"]
        mine = {k: v for k, v in zip(("spend", "after"), spend_of(f, {a: plan[a]}))}
        for row in table[2:]:
            d = names[row[0]]
            assert [number(c, "en") if c else 0 for c in row[2:6]] == [mine["spend"].get((d, y), 0)
                                                                       for y in range(2026, 2030)]
            assert number(row[6], "en") == mine["after"].get(d, 0)
    assert f"may start in {FIRST}–" in text and "of the full effect after 1, 2, ... years; in 2029:" in text


def test_the_csv_files_hold_the_years_the_timeline_and_the_starts(solved, written):
    folder, case, solution = solved
    f, plan = files_of(folder), solution.plan
    with open(written / "jobs_by_year.csv", encoding="utf-8") as fh:
        years = list(csv.DictReader(fh))
    base = f["baseline"]
    need = base["target_rate"] * base["population"] - base["employed"]
    assert [int(r["year"]) for r in years] == [2026, 2027, 2028, 2029]
    for r in years:
        y = int(r["year"])
        jobs, path = jobs_in(f, plan, y), need * (y - 2025) / 4
        assert float(r["jobs"]) == pytest.approx(jobs)
        assert float(r["employment_rate"]) == pytest.approx((base["employed"] + jobs) / base["population"])
        assert float(r["path_jobs"]) == pytest.approx(path)
        assert float(r["short_jobs"]) == pytest.approx(path - jobs)
    with open(written / "timeline.csv", encoding="utf-8") as fh:
        timeline = list(csv.DictReader(fh))
    assert {r["action"] for r in timeline} == set(plan)
    for r in timeline:
        a = r["action"]
        assert int(r["start_year"]) == plan[a]
        for y in range(2026, 2030):
            share = ramp_share(f["actions"][a]["ramp"], y - plan[a] + 1)
            assert (float(r[str(y)]) if r[str(y)] else None) == (share if y >= plan[a] else None)
    with open(written / "actions.csv", encoding="utf-8") as fh:
        actions = list(csv.DictReader(fh))
    assert {r["action"]: int(r["start_year"]) for r in actions if r["start_year"]} == plan
    assert all(r["earliest_start"] == f["actions"][r["action"]]["earliest_start"] for r in actions)
    _spend, after = spend_of(f, plan)
    with open(written / "domain_spend.csv", encoding="utf-8") as fh:
        spend = [r for r in csv.DictReader(fh) if not r["year"]]
    assert {r["domain"]: float(r["after_horizon_eur"]) for r in spend} == {
        d.domain: after.get(d.domain, 0) for d in case.domains}


def test_the_workbook_has_a_shaded_timeline_sheet_and_the_years(solved, written):
    import openpyxl

    folder, _case, solution = solved
    f, plan = files_of(folder), solution.plan
    book = openpyxl.load_workbook(written / "report.xlsx")
    assert book.sheetnames[-2:] == ["Jobs per year", "Timeline"]
    sheet = book["Timeline"]
    header = [c.value for c in sheet[1]]
    assert header == ["Action", "Name", "Lead domain (id)", "Lead domain", "Start year",
                      "2026", "2027", "2028", "2029"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert set(rows) == set(plan)
    for a, row in rows.items():
        assert row[4].value == plan[a]
        for cell, y in zip(row[5:], range(2026, 2030)):
            if y < plan[a]:
                assert cell.value is None and cell.fill.fill_type is None
            else:
                share = ramp_share(f["actions"][a]["ramp"], y - plan[a] + 1)
                assert cell.value == share and cell.number_format == "0%" and cell.fill.fill_type == "solid"
    full = [c.fill.fgColor.rgb for row in rows.values() for c in row[5:] if c.value == 1]
    part = [c.fill.fgColor.rgb for row in rows.values() for c in row[5:] if c.value == 0.2]
    assert full and part and set(full).isdisjoint(part)
    years = book["Jobs per year"]
    assert [[c.value for c in row][:2] for row in years.iter_rows(min_row=2)] == [
        [y, pytest.approx(jobs_in(f, plan, y))] for y in range(2026, 2030)]


def test_the_html_page_has_the_years_the_timeline_and_both_charts(solved, written):
    import re

    from test_reports import html_tables, number

    folder, _case, solution = solved
    f, plan = files_of(folder), solution.plan
    html = (written / "report.html").read_text(encoding="utf-8")
    tables = [rows for owner, rows in html_tables(html) if owner == "years"]
    years, _spend, timeline = tables
    assert [r[0] for r in years[1:]] == ["2026", "2027", "2028", "2029"]
    for r in years[1:]:
        assert number(r[1], "en") == pytest.approx(jobs_in(f, plan, int(r[0])), abs=0.0501)
    assert {r[1].split(" ")[0]: r[2] for r in timeline[1:]} == {a: str(s) for a, s in plan.items()}
    charts = re.findall(r'<figure class="chart" id="chart-(\w+)">(.*?)</figure>', html, flags=re.S)
    assert [name for name, _ in charts] == ["timeline", "years", "spend", "jobs", "rate"]
    body = dict(charts)
    cells = set(re.findall(r'id="timeline-(\w+)-(\d{4})"', body["timeline"]))
    assert cells == {(a, str(y)) for a, s in plan.items() for y in range(s, 2030)}
    assert set(re.findall(r'id="years-(\d{4})"', body["years"])) == {"2026", "2027", "2028", "2029"}


def test_a_case_without_run_years_writes_the_files_it_always_wrote(tmp_path):
    from portfolio.reports import write_report

    case = load_case(TEMPLATE)
    r = build_report(case, portfolio.solve(case))
    assert r.phasing is None and all(a.start_year is None and a.window == () for a in r.actions)
    names = [p.name for p in write_report(r, tmp_path / "out")]
    assert "timeline.csv" not in names and "jobs_by_year.csv" not in names
    with open(tmp_path / "out" / "actions.csv", encoding="utf-8") as fh:
        assert "start_year" not in next(csv.reader(fh))


def test_a_reason_in_a_phased_case_tries_every_start_year_and_names_the_one_it_gives():
    """d has EUR 100 each year: `keep` spends 80 a year from 2026 (run years 1-2); `late` (60 in its first run
    year) fits no year of 2026-2027 beside it, and `later` fits when it starts in 2028 (after keep's
    spend)."""
    from models import Action, Barrier, BudgetYear, Cost, Domain, Group, Reach, Rules
    from models.casedata import CaseData
    from portfolio.reports.reasons import reasons

    years = (2026, 2027, 2028)
    windows = {"keep": (2026, 2026), "late": (2026, 2027), "later": (2027, 2028)}
    case = Case(
        name="phased reasons", objective="max_jobs",
        domains=(Domain(domain="d", name="Domain d", budget_eur=1000),),
        budgets=tuple(BudgetYear(domain="d", year=y, budget_eur=100) for y in years),
        groups=(Group(group="G", name="Group G", population=100_000, max_extra_jobs=1000),),
        barriers=(Barrier(barrier="b", name="B", priority=False),),
        actions=tuple(Action(action=a, name=a, lead_domain="d", barriers=("b",), earliest_start=w[0],
                             latest_start=w[1]) for a, w in windows.items()),
        costs=(Cost(action="keep", domain="d", cost_eur=80, run_year=1),
               Cost(action="keep", domain="d", cost_eur=80, run_year=2),
               Cost(action="late", domain="d", cost_eur=60, run_year=1),
               Cost(action="later", domain="d", cost_eur=60, run_year=1)),
        reach=tuple(Reach(action=a, group="G", reach=100, effect=0.1) for a in windows),
        rules=Rules(min_actions_per_priority_barrier=0),
    )
    why = reasons(CaseData.of(case), {"keep": 2026})
    assert why["late"].code == "budget" and why["late"].start_year == 2026 and why["late"].year == 2026
    assert why["later"] is None  # it fits, starting in 2028: only a solver that stopped early leaves it out
    text = Labels("en").reason(why["late"])
    assert text.endswith("(starting in 2026; every start year it may have fails)")


def test_report_in_the_terminal_shows_the_years_and_each_actions_start(solved, tmp_path):
    from click.testing import CliRunner

    from cli import main

    folder, case, solution = solved
    f, plan = files_of(folder), solution.plan
    done = CliRunner().invoke(main, ["report", str(folder), "--out", str(tmp_path / "out"), "--format", "md",
                                     "--lang", "en"])
    assert done.exit_code == 0, done.output
    years = table_rows(done.stdout, "Extra jobs and employment rate per year")
    assert [(r[0], r[1]) for r in years] == [(str(y), f"{jobs_in(f, plan, y):,.1f}")
                                             for y in range(2026, 2030)]
    werk = table_rows(done.stdout, "Werk, Economie")
    starts = {r[0]: r[3] for r in werk if r[0]}
    assert starts and all(starts[a] == str(plan[a]) for a in starts)
    _spend, after = spend_of(f, plan)
    assert f"After 2029 (committed, on no budget): EUR {after.get('werk', 0):,.0f}" in done.stdout


def test_replan_in_the_terminal_shows_the_years_of_the_new_plan(solved, tmp_path):
    from click.testing import CliRunner

    from cli import main

    folder, _case, solution = solved
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(solution.model_dump_json(), encoding="utf-8")
    done = CliRunner().invoke(main, ["replan", str(folder), "--plan", str(plan_file), "--from-year", "2027"])
    assert done.exit_code == 0, done.output
    years = table_rows(done.stdout, "Extra jobs and employment rate per year")
    assert [r[0] for r in years] == ["2026", "2027", "2028", "2029"]


def test_without_a_baseline_the_years_have_no_path_and_a_later_target_year_is_shown_too(tmp_path):
    from portfolio.instances.phased import phased_case
    from portfolio.reports import write_report

    case = phased_case(3, n_actions=8, n_years=3, target_year=2030)
    assert case.baseline is None
    solution = portfolio.solve(case)
    r = build_report(case, solution)
    assert [y.year for y in r.phasing.years] == [2026, 2027, 2028, 2030]
    assert all(y.rate is None and y.path_jobs is None and y.short_jobs is None for y in r.phasing.years)
    assert r.phasing.years[-1].jobs == pytest.approx(solution.jobs_total)
    for line in r.phasing.timeline:
        ramp = case.action(line.action.id).ramp or (1.0,)
        assert line.share_in(2030) == ramp[min(2030 - line.start_year + 1, len(ramp)) - 1]
    write_report(r, tmp_path / "out", formats=["md"], lang="en")
    text = (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")
    assert "Without a baseline there is no path to a target rate." in text and "| 2030 |" in text
