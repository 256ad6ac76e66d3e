"""The reports show, per group with a saturation curve (spec 4.2), the uncapped jobs, the jobs counted and the
saturation loss, each recomputed from the case and the chosen actions."""

from __future__ import annotations

import pandas as pd
import pytest

import portfolio
from portfolio.instances.generate import random_case
from portfolio.instances.saturation import with_saturation
from portfolio.reports import build_report, write_report
from portfolio.verify import evaluate
from test_reports import check_outputs, expected, html_tables


@pytest.fixture(scope="module")
def saturated():
    case = with_saturation(random_case(3, n_actions=12, n_groups=3, per_year=True, equity=True), 3, groups=0.7)
    sol = portfolio.solve(case, backend="highs")
    assert sol.status.has_portfolio and case.saturation
    return case, sol


def test_the_group_table_has_the_saturation_loss_of_each_group_with_a_curve(saturated, tmp_path):
    case, sol = saturated
    write_report(build_report(case, sol), tmp_path / "out")
    check_outputs(case, expected(case, sol), tmp_path / "out")
    groups = pd.read_csv(tmp_path / "out" / "group_jobs.csv").set_index("group")
    o = evaluate(case, sol.selected).outcome
    curved = {p.group for p in case.saturation}
    assert any(o.jobs_saturated[g] < o.jobs_uncapped[g] - 1 for g in curved)
    for g in o.jobs_uncapped:
        assert groups.loc[g, "jobs_uncapped"] == pytest.approx(o.jobs_uncapped[g])
        assert groups.loc[g, "jobs"] == pytest.approx(o.jobs_by_group[g])
        if g in curved:
            assert groups.loc[g, "saturation_loss"] == pytest.approx(o.jobs_uncapped[g] - o.jobs_saturated[g])
        else:
            assert pd.isna(groups.loc[g, "saturation_loss"])
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    header = next(rows[0] for _caption, rows in html_tables(html) if "Verzadigingsverlies" in rows[0])
    assert header.index("Verzadigingsverlies") == header.index("Jobs vóór plafond") + 1


def test_a_case_without_curves_keeps_the_group_table_of_v1(tmp_path):
    case = random_case(3, n_actions=12, per_year=True)
    sol = portfolio.solve(case, backend="highs")
    write_report(build_report(case, sol), tmp_path / "out", lang="en")
    assert list(pd.read_csv(tmp_path / "out" / "group_jobs.csv").columns) == [
        "group", "name", "jobs", "jobs_uncapped", "cap", "population"]
    assert "Saturation loss" not in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert all(g.saturation_loss is None for g in sol.details.groups)


def test_the_terminal_table_shows_the_saturation_column(saturated):
    from rich.console import Console

    from portfolio.present.solve import print_solution

    case, sol = saturated
    console = Console(width=160, record=True)
    print_solution(sol, console, case=case)
    text = console.export_text()
    assert "saturation" in text and "f(uncapped)" in text
