"""The repository documents itself: links stay inside it and resolve; the bundled case keeps its calibration."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FLANDERS
from inputs import load_case

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), *sorted((ROOT / "inputs" / "cases").glob("*/README.md"))]
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve_inside_the_repository(doc):
    text = doc.read_text(encoding="utf-8")
    assert "../shared" not in text
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target):  # a web address: not a file of the repository
            continue
        path = (doc.parent / target).resolve()
        assert path.is_relative_to(ROOT), f"{doc.name} links outside the repository: {target}"
        assert path.exists(), f"{doc.name} links to a missing file: {target}"


def test_readme_and_template_point_to_the_format_reference():
    assert "docs/case-format.md" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/case-format.md" in (ROOT / "inputs" / "cases" / "template" / "README.md").read_text(encoding="utf-8")


def test_every_row_of_the_bundled_case_has_a_source():
    case = load_case(FLANDERS)
    for table in ("domains", "budgets", "groups", "barriers", "actions", "costs", "reach", "synergies"):
        for i, row in enumerate(getattr(case, table) or ()):
            assert row.source, f"{table}.csv line {i + 2} has no source"
            assert row.source.startswith(("seed", "assumption", "population", "problem", "name", "derived")), (
                f"{table}.csv line {i + 2}: a source says where its numbers come from: {row.source[:60]!r}"
            )


def test_bundled_effects_stay_within_the_highest_ceiling_of_the_evidence():
    """The case README caps central effects per kind of action; the highest ceiling of any kind is 0.10."""
    case = load_case(FLANDERS)
    assert max(r.effect for r in case.reach) <= 0.10
    assert all(r.effect_low is not None and r.effect_low <= r.effect <= r.effect_high for r in case.reach)


def test_bundled_portfolio_costs_per_extra_job_inside_the_band_the_case_argues():
    """inputs/cases/flanders/README.md argues EUR 50,000-150,000 per extra job; the solve must land inside."""
    from click.testing import CliRunner

    from cli import main

    result = CliRunner().invoke(main, ["solve"])
    assert result.exit_code == 0, result.output
    per_job = int(re.search(r"EUR ([\d,]+) per extra job", result.stdout).group(1).replace(",", ""))
    assert 50_000 <= per_job <= 150_000
    assert "50.000 to 150.000 EUR" in (FLANDERS / "README.md").read_text(encoding="utf-8")


def test_the_readme_scenario_file_is_valid_for_the_bundled_case(tmp_path):
    from inputs.scenario import read_scenarios, scenario_cases

    block = re.search(r"```yaml\n(scenarios:.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    path = tmp_path / "scenarios.yaml"
    path.write_text(block.group(1), encoding="utf-8")
    applied = scenario_cases(read_scenarios(path), load_case(), str(path))
    assert len(applied) == 3


# --- phasing (docs/case-format.md section 4.6 and 8): the worked example and the JSON, recomputed -----------

PHASED = ROOT / "inputs" / "cases" / "template_phased"
FORMAT = (ROOT / "docs" / "case-format.md").read_text(encoding="utf-8")


def test_the_phased_template_points_to_the_format_reference():
    assert "docs/case-format.md" in (PHASED / "README.md").read_text(encoding="utf-8")


def test_the_worked_phasing_example_is_what_the_tool_computes():
    """Section 4.6: T02 of the phased template started in 2028, year by year: ramp, jobs, welzijn's spend."""
    from models.casedata import CaseData
    from portfolio.core.outcome import outcome

    data = CaseData.of(load_case(PHASED))
    table = FORMAT[FORMAT.index("| calendar year | year of running |"):]
    row = r"^\| (\d{4})[^|]* \| ([^|]+) \| ([\d.]+) \| ([^|]+) \| (\d+) \|$"
    rows = re.findall(row, table.split("\n\n")[0], re.M)
    assert [int(r[0]) for r in rows] == [2026, 2027, 2028, 2029, 2030]
    within, after = data.start_costs("T02", 2028)
    jobs = outcome(data, {"T02": 2028}).jobs_by_year
    for year, running, ramp, shown_jobs, eur in rows:
        year = int(year)
        assert float(ramp) == data.ramp_at("T02", year - 2028 + 1), year
        assert running.strip() == (str(year - 2027) if year >= 2028 else "not started")
        if year in data.horizon:
            assert float(eur) == within.get(("welzijn", year), 0.0), year
            assert float(shown_jobs) == jobs[year], year
        else:
            assert float(eur) == after["welzijn"] and shown_jobs.strip() == "not counted"
    assert f'"welzijn": {after["welzijn"]}' in FORMAT


def test_the_phased_json_shown_is_recomputed_from_its_start_years():
    """Section 8: the phased fields shown follow from `start_year` and the files; a solve reaches its jobs."""
    import json

    from models.casedata import CaseData
    from portfolio.core.outcome import outcome
    from portfolio.solve import solve

    block = re.search(r"```json\n(\{\n  \"objective_value\".*?)```", FORMAT, re.S).group(1)
    shown = json.loads(block)
    case = load_case(PHASED)
    o = outcome(CaseData.of(case), shown["start_year"])
    assert shown["jobs_by_year"] == {str(y): round(j, 6) for y, j in o.jobs_by_year.items()}
    assert shown["spend_by_domain_year"] == {d: {str(y): o.spend.in_year(d, y) for y in case.horizon}
                                             for d in o.spend.by_domain}
    assert shown["committed_after_horizon_eur"] == o.spend.after_horizon
    assert shown["cost_total_eur"] == o.cost_total_eur
    solved = json.loads(solve(case).model_dump_json())
    assert {k: solved[k] for k in shown} == shown, "the JSON shown is what solve prints (ties start earliest)"
    assert shown["objective_value"] == o.jobs_total
