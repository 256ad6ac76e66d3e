"""`report --scenario/--frontier/--target-curve`: the what-if work inside the report, in every format, with the
figures of the `whatif`, `frontier` and `target --curve` commands."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from cli import main
from inputs import write_case
from portfolio.instances.phased import phased_case
from portfolio.reports import Labels
from test_reports import html_tables, md_tables, number

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "inputs" / "cases" / "template"
SCENARIOS = [
    {"name": "meer welzijn", "budgets": [{"domain": "welzijn", "factor": 1.5}]},
    {"name": "minder werk", "budgets": [{"domain": "werk", "factor": 0.5}]},
]


def scenario_file(folder: Path, scenarios: list[dict]) -> Path:
    path = folder / "scenarios.yaml"
    path.write_text(yaml.safe_dump({"scenarios": scenarios}, sort_keys=False), encoding="utf-8")
    return path


def read_scenarios(path: Path) -> pd.DataFrame:
    """scenarios.csv with its empty text cells as ''."""
    text = ["scenario", "status", "added", "removed", "start_changes"]
    return pd.read_csv(path, dtype={c: str for c in text}, keep_default_na=False, na_values={
        c: [""] for c in pd.read_csv(path, nrows=0).columns if c not in text})


def run(*args: str):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result


@pytest.fixture(scope="module")
def template_whatif(tmp_path_factory):
    """`whatif --format json` and `report --scenario` (English) of the template with two scenarios."""
    root = tmp_path_factory.mktemp("whatif")
    path = scenario_file(root, SCENARIOS)
    solved = run("whatif", TEMPLATE, path, "--format", "json")
    assert solved.exit_code == 0, solved.output
    reported = run("report", TEMPLATE, "--out", root / "out", "--scenario", path, "--lang", "en")
    assert reported.exit_code == 0, reported.output
    return json.loads(solved.stdout), root / "out"


def test_scenarios_csv_holds_the_figures_of_whatif(template_whatif):
    js, out = template_whatif
    table = read_scenarios(out / "scenarios.csv")
    assert list(table["scenario"]) == ["base plan", *(s["name"] for s in SCENARIOS)]
    base = table.iloc[0]
    assert base["jobs"] == js["base"]["jobs_total"] and base["cost_eur"] == js["base"]["cost_total_eur"]
    assert base["rate_after"] == js["base"]["employment_rate"]["after"]
    for (_i, row), s in zip(table.iloc[1:].iterrows(), js["scenarios"]):
        assert row["jobs"] == s["solution"]["jobs_total"] and row["jobs_change"] == s["jobs_change"]
        assert row["cost_eur"] == s["solution"]["cost_total_eur"]
        assert row["cost_change_eur"] == s["cost_change_eur"]
        assert row["rate_after"] == s["solution"]["employment_rate"]["after"]
        assert (row["added"].split(";") if row["added"] else []) == s["added"]
        assert (row["removed"].split(";") if row["removed"] else []) == s["removed"]
        assert {d: row[f"spend_change_eur:{d}"] for d in s["spend_change_eur"]} == s["spend_change_eur"]
    assert any(s["added"] or s["removed"] for s in js["scenarios"])  # the test compares something that moved


def test_the_workbook_sheet_and_the_markdown_and_html_show_the_same(template_whatif):
    js, out = template_whatif
    L = Labels("en")
    sheet = openpyxl.load_workbook(out / "report.xlsx")[L["sheet.scenarios"]]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == (L["scen.col.scenario"], L["scen.col.status"], L["scen.col.jobs"])
    assert [r[2] for r in rows[1:]] == [js["base"]["jobs_total"], *(s["solution"]["jobs_total"]
                                                                    for s in js["scenarios"])]
    assert [r[3] for r in rows[2:]] == [s["jobs_change"] for s in js["scenarios"]]
    md = md_tables((out / "scenarios.md").read_text(encoding="utf-8"))[0]
    page = html_tables((out / "report.html").read_text(encoding="utf-8"))
    shown = next(t for owner, t in page if owner == "scenarios")
    for table in (md[2:], shown[1:]):
        assert [r[0] for r in table] == ["base plan", *(s["name"] for s in SCENARIOS)]
        for r, s in zip(table[1:], js["scenarios"]):
            assert number(r[2], "en") == pytest.approx(s["solution"]["jobs_total"], abs=0.05)
            assert number(r[3], "en") == pytest.approx(s["jobs_change"], abs=0.05)
            assert number(r[5], "en") == pytest.approx(s["cost_change_eur"], abs=0.5)
            assert r[7] == (", ".join(s["added"]) or "none") and r[8] == (", ".join(s["removed"]) or "none")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="chart-scenarios"' in html and html.count("<svg") >= 4


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_phased_comparison_shows_the_target_year_and_the_starts_that_moved(tmp_path, lang):
    folder = write_case(phased_case(8, n_actions=7, n_years=3), tmp_path / "case")
    path = scenario_file(tmp_path, [{"name": "later", "delay": 1}, {"name": "eerder doel", "target_year": 2027}])
    solved = run("whatif", folder, path, "--format", "json")
    assert solved.exit_code == 0, solved.output
    js = json.loads(solved.stdout)
    result = run("report", folder, "--out", tmp_path / "out", "--scenario", path, "--lang", lang)
    assert result.exit_code == 0, result.output
    table = read_scenarios(tmp_path / "out" / "scenarios.csv")
    for (_i, row), s in zip(table.iloc[1:].iterrows(), js["scenarios"]):
        assert row["target_year"] == s["target_year"]
        assert row["base_jobs_in_target_year"] == s["base_jobs_in_target_year"]
        moved = [f"{a} {c['base'] or '-'}->{c['scenario'] or '-'}" for a, c in s["start_changes"].items()]
        assert (row["start_changes"].split(";") if row["start_changes"] else []) == moved
    assert any(s["start_changes"] for s in js["scenarios"])
    L = Labels(lang)
    text = (tmp_path / "out" / "scenarios.md").read_text(encoding="utf-8")
    assert L["scen.target_jobs"] in text and L["scen.starts"] in text


def test_frontier_and_target_curve_in_the_html_and_the_workbook_equal_the_commands(tmp_path):
    frontier = run("frontier", TEMPLATE, "--scale", "0.5:1:3", "--format", "json")
    targets = run("target", TEMPLATE, "--curve", "0.755:0.77:3", "--format", "json")
    assert frontier.exit_code == 0 and targets.exit_code == 0, frontier.output + targets.output
    points, curve = json.loads(frontier.stdout)["points"], json.loads(targets.stdout)["points"]
    result = run("report", TEMPLATE, "--out", tmp_path / "out", "--frontier", "0.5:1:3", "--target-curve",
                 "0.755:0.77:3", "--format", "xlsx,html", "--lang", "nl")
    assert result.exit_code == 0, result.output
    L = Labels("nl")
    book = openpyxl.load_workbook(tmp_path / "out" / "report.xlsx")
    rows = list(book[L["sheet.frontier"]].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [(p["scale"], p["budget_eur"], p["jobs"], p["cost_eur"])
                                                        for p in points]
    rows = list(book[L["sheet.target_curve"]].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [p["rate"] for p in curve]
    assert [r[3] for r in rows] == [p["solution"]["cost_total_eur"] if p["reachable"] else None for p in curve]
    assert [r[4] for r in rows] == [None if p["reachable"] else p["shortfall_jobs"] for p in curve]
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    for chart in ("chart-frontier", "chart-targets"):
        start = html.index(f'id="{chart}"')
        assert "<svg" in html[start:html.index("</figure>", start)]
    assert L["frontier.x"] in html and L["targets.x"] in html  # the charts' own texts are in Dutch
    shown = next(t for owner, t in html_tables(html) if owner == "curves")
    assert [number(r[2], "nl") for r in shown[1:]] == pytest.approx([p["jobs"] for p in points], abs=0.05)


def test_a_bad_scenario_file_is_bad_input_before_anything_is_solved_or_written(tmp_path):
    path = scenario_file(tmp_path, [{"name": "x", "budgets": [{"domain": "nergens", "factor": 2}]}])
    result = run("report", TEMPLATE, "--out", tmp_path / "out", "--scenario", path)
    assert result.exit_code == 1
    assert f"{path}:4:budgets.0.domain: scenario 'x': unknown domain 'nergens'" in result.stderr
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()
    path = scenario_file(tmp_path, [{"name": "base", "budgets": [{"domain": "werk", "factor": 2}]}])
    result = run("report", TEMPLATE, "--out", tmp_path / "out", "--scenario", path)
    assert result.exit_code == 2 and "not 'base'" in result.output and not (tmp_path / "out").exists()


def test_a_target_curve_without_a_baseline_is_a_usage_error(tmp_path):
    folder = tmp_path / "case"
    import shutil

    shutil.copytree(TEMPLATE, folder)
    settings = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    del settings["baseline"]
    (folder / "case.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    result = run("report", folder, "--out", tmp_path / "out", "--target-curve", "0.7:0.8:2")
    assert result.exit_code == 2 and "baseline" in result.output and not (tmp_path / "out").exists()


def test_no_english_text_of_the_what_if_and_summary_labels_in_a_dutch_report(tmp_path):
    """Every label this work added (portfolio/reports/labels.py, the REPA block) shows its Dutch text in a
    Dutch report: none of their English fragments appears in any text file written."""
    from portfolio.reports.labels import CATALOGUE

    path = scenario_file(tmp_path, SCENARIOS)
    result = run("report", TEMPLATE, "--out", tmp_path / "out", "--scenario", path, "--frontier", "0.5:1:2",
                 "--target-curve", "0.755:0.76:2", "--lang", "nl")
    assert result.exit_code == 0, result.output
    prefixes = ("lead.", "definition", "illustrative", "key_figures", "verdict.", "about", "band.", "shares.",
                "annex", "scen.", "curves.", "frontier.", "targets.", "sheet.scenarios", "sheet.frontier",
                "sheet.target_curve")
    dutch = "\n".join(nl for nl, _en in CATALOGUE.values())  # "extra jobs" is Dutch too
    english = {fragment.strip() for key, (nl, en) in CATALOGUE.items() if key.startswith(prefixes) and nl != en
               for fragment in re.split(r"\{[a-z_0-9]+\}", en) if len(fragment.strip()) >= 8
               and fragment.strip() not in dutch}
    assert len(english) > 50
    texts = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "out").rglob("*") if p.suffix in
             (".md", ".csv", ".html")}
    book = openpyxl.load_workbook(tmp_path / "out" / "report.xlsx")
    texts["report.xlsx"] = "\n".join(str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
                                     for c in row if c is not None) + "\n".join(book.sheetnames)
    found = {(name, f) for name, text in texts.items() for f in english if f in text}
    assert not found, sorted(found)[:10]


# --------------------------------------------------------------------------- Ctrl-C inside the report's studies


def interrupted(solution):
    """`solution` as a solver stopped by Ctrl-C returns it."""
    details = solution.details
    return solution.model_copy(update={"details": details.model_copy(
        update={"report": details.report.model_copy(update={"interrupted": True})})})


@pytest.mark.parametrize("sweep", ["frontier", "target_curve", "whatif"])
def test_a_sweep_stopped_by_ctrl_c_stops_the_report_studies(monkeypatch, sweep):
    """A sweep that comes back interrupted gives no half study: Stopped, which the command turns into 130."""
    import portfolio.report_studies as studies
    from inputs import load_case
    from portfolio.core.interrupt import Stopped

    case = load_case(TEMPLATE)
    solution = portfolio_solve(case)
    real = getattr(studies, sweep)
    monkeypatch.setattr(studies, sweep, lambda *a, **k: real(*a, **k).model_copy(update={"interrupted": True}))
    asked = {"frontier": dict(frontier_scales=[1.0]), "target_curve": dict(target_rates=[0.755]),
             "whatif": dict(scenarios=[read_scenario(SCENARIOS[0])])}[sweep]
    with pytest.raises(Stopped):
        studies.report_studies(case, solution, band_samples=10, **asked)


def test_a_share_cost_solve_stopped_by_ctrl_c_stops_the_report_studies(monkeypatch):
    import portfolio.warnings as warnings
    from inputs import load_case
    from portfolio.core.interrupt import Stopped
    from portfolio.report_studies import report_studies

    case = load_case(TEMPLATE)
    solution = portfolio_solve(case)
    real = warnings.solve
    monkeypatch.setattr(warnings, "solve", lambda *a, **k: interrupted(real(*a, **k)))
    with pytest.raises(Stopped, match="minimum share of nieuwkomers"):
        report_studies(case, solution, band_samples=10)


def portfolio_solve(case):
    import portfolio

    return portfolio.solve(case)


def read_scenario(data: dict):
    from models.scenario import Scenario

    return Scenario.model_validate(data)
