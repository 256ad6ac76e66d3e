"""Each domain's spend per year in every report file equals the sum, read straight from costs.csv, of the
chosen actions' costs in that domain and that year, and each chosen action's cost per paying domain and year
is its own cost row: never a running total over the earlier years."""

from __future__ import annotations

import csv
import json
import math
from collections import defaultdict
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from cli import main
from conftest import unphased_flanders
from inputs import load_case, write_case
from portfolio.instances.generate import random_case
from portfolio.reports import Labels
from test_reports import html_tables, md_tables, number

CENT = 0.005


def cost_rows(folder: Path) -> dict[tuple[str, str, int], float]:
    """EUR per (action, domain, year) as costs.csv gives them (a case with a cost year on every row)."""
    rows: dict[tuple[str, str, int], list[float]] = defaultdict(list)
    with open(folder / "costs.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            rows[row["action"], row["domain"], int(row["year"])].append(float(row["cost_eur"]))
    return {k: math.fsum(v) for k, v in rows.items()}


def spend_from_files(folder: Path, selected: list[str]) -> tuple[dict[str, float],
                                                                dict[tuple[str, int], float]]:
    """(EUR per domain over the horizon, EUR per (domain, year)) of the chosen actions, from costs.csv."""
    by_domain: dict[str, list[float]] = defaultdict(list)
    by_year: dict[tuple[str, int], list[float]] = defaultdict(list)
    for (action, domain, year), cost in cost_rows(folder).items():
        if action in selected:
            by_domain[domain].append(cost)
            by_year[domain, year].append(cost)
    return ({d: math.fsum(v) for d, v in by_domain.items()}, {k: math.fsum(v) for k, v in by_year.items()})


def budget_years(folder: Path) -> set[tuple[str, int]]:
    """The (domain, year) pairs budgets.csv gives a budget: the years the report shows."""
    with open(folder / "budgets.csv", encoding="utf-8", newline="") as f:
        return {(row["domain"], int(row["year"])) for row in csv.DictReader(f)}


@pytest.fixture(scope="module", params=["bundled", "generated"])
def reported(request, tmp_path_factory):
    """A case folder with yearly costs and budgets, its solution (`solve --out`) and `report --solution`."""
    root = tmp_path_factory.mktemp(request.param)
    if request.param == "bundled":
        folder = unphased_flanders(root / "case")  # costs by calendar year, as this file reads them
    else:
        folder = root / "case"
        write_case(random_case(11, n_actions=14, n_domains=3, per_year=True, equity=True), folder)
    runner = CliRunner()
    solved = runner.invoke(main, ["solve", str(folder), "--backend", "highs", "--out", str(root / "sol.json"),
                                  "--format", "json"])
    assert solved.exit_code == 0, solved.output
    out = root / "out"
    result = runner.invoke(main, ["report", str(folder), "--out", str(out),
                                  "--solution", str(root / "sol.json")])
    assert result.exit_code == 0, result.output
    selected = json.loads((root / "sol.json").read_text(encoding="utf-8"))["selected"]
    totals, yearly = spend_from_files(folder, selected)
    years = budget_years(folder)
    case = load_case(folder)
    assert len({y for _d, y in years}) > 1, "the case must spread its budgets over several years"
    assert any(yearly.get((d, y), 0.0) > 0 for d, y in years if y > min(case.years)), "a later year spends"
    return case, out, totals, {k: yearly.get(k, 0.0) for k in years}, selected, cost_rows(folder)


def test_domain_spend_csv_has_each_years_own_spend(reported):
    case, out, totals, yearly, _selected, _costs = reported
    table = pd.read_csv(out / "domain_spend.csv", dtype={"year": "Int64"})
    rows = table[table["year"].notna()]
    assert {(r.domain, int(r.year)) for r in rows.itertuples()} == set(yearly)
    for r in rows.itertuples():
        assert abs(r.spend_eur - yearly[r.domain, int(r.year)]) < CENT, (r.domain, r.year)
        assert abs(r.left_eur - (r.budget_eur - r.spend_eur)) < CENT
    for r in table[table["year"].isna()].itertuples():
        assert abs(r.spend_eur - totals.get(r.domain, 0.0)) < CENT, r.domain


def test_the_workbook_has_each_years_own_spend(reported):
    case, out, totals, yearly, _selected, _costs = reported
    sheet = openpyxl.load_workbook(out / "report.xlsx").worksheets[2]
    seen = set()
    for domain, _name, year, spent, _budget, _left in sheet.iter_rows(min_row=2, values_only=True):
        want = totals.get(domain, 0.0) if year is None else yearly[domain, year]
        assert abs(spent - want) < CENT, (domain, year)
        seen.add((domain, year))
    assert set(yearly) <= seen


def test_markdown_and_html_domain_pages_have_each_years_own_spend(reported):
    case, out, totals, yearly, _selected, _costs = reported
    L = Labels("nl")
    page = html_tables((out / "report.html").read_text(encoding="utf-8"))
    for d in case.domains:
        md_rows = md_tables((out / "domains" / f"{d.domain}.md").read_text(encoding="utf-8"))[0][2:]
        html_rows = next(t for owner, t in page if owner == f"domain-{d.domain}")[1:]
        for rows in (md_rows, html_rows):
            shown = {r[0]: number(r[1], "nl") for r in rows}
            assert abs(shown[L.whole_period] - totals.get(d.domain, 0.0)) < 0.5 + CENT, d.domain
            for (dd, y), want in yearly.items():
                if dd == d.domain:
                    assert abs(shown[str(y)] - want) < 0.5 + CENT, (dd, y)


def test_the_action_plan_shows_each_actions_own_cost_per_domain_and_year(reported):
    case, out, _totals, _yearly, selected, costs = reported
    name_of = {d.domain: d.name for d in case.domains}
    sections = (out / "action-plan.md").read_text(encoding="utf-8").split("\n### ")[1:]
    page = html_tables((out / "report.html").read_text(encoding="utf-8"))
    assert len(sections) == len(selected)
    for section in sections:
        action = section.split(" ", 1)[0]
        want = {(d, y): eur for (a, d, y), eur in costs.items() if a == action}
        table = md_tables(section)[0]
        years = table[0][2:-1]
        md_shown = {(d, int(y)): number(cell, "nl") for row in table[2:] for d in name_of
                    if row[0] == name_of[d] for y, cell in zip(years, row[2:-1]) if cell}
        html = next(t for owner, t in page if owner == f"action-{action}")
        payers = [d for cell in html[0][1:] for d in name_of if cell.startswith(name_of[d] + " (")]
        html_shown = {(d, int(row[0])): number(cell, "nl") for row in html[1:-1]
                      for d, cell in zip(payers, row[1:]) if cell}
        for shown in (md_shown, html_shown):
            assert set(shown) == set(want), action
            for key, eur in want.items():
                assert abs(shown[key] - eur) < 0.5 + CENT, (action, key)
