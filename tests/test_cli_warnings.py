"""`validate --strict`, `solve --strict` and `check` on the command line.

These commands are wired into cli.py separately (the wiring is proposed with portfolio/warnings.py); until
then each test here skips and says so.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from models.warnings import CaseWarning
from tests.conftest import edit_csv


def _wired(command: str, option: str | None = None) -> None:
    """The command (and option) exist: a missing one fails the test, never skips it."""
    cmd = main.commands.get(command)
    assert cmd is not None, f"portfolio {command} is missing"
    assert option is None or option in {o for p in cmd.params for o in getattr(p, "opts", ())}, option


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def over_total(template_dir: Path) -> Path:
    """The template with werk's budgets per year adding up to 3.2M against a total of 3.0M."""
    edit_csv(template_dir / "budgets.csv", 3, "budget_eur", 1700000)
    return template_dir


def test_validate_prints_warnings_on_stderr(runner, over_total):
    _wired("validate", "--strict")
    result = runner.invoke(main, ["validate", str(over_total)])
    assert result.exit_code == 0, result.output
    assert "valid" in result.stdout and ": warning:" not in result.stdout
    assert result.stderr.startswith("domains.csv:2:budget_eur: warning: the budgets per year of Werk en sociale "
                                    "economie (werk) in budgets.csv add up to EUR 3,200,000")


def test_validate_strict_refuses_the_case(runner, over_total):
    _wired("validate", "--strict")
    result = runner.invoke(main, ["validate", str(over_total), "--strict"])
    assert result.exit_code == 1
    first, last = result.stderr.splitlines()
    assert first.startswith("domains.csv:2:budget_eur: the budgets per year") and "warning:" not in first
    assert last == f"1 warning(s) in {over_total} treated as errors (--strict); fix them, or leave out --strict."


def test_solve_strict_stops_before_solving(runner, over_total):
    _wired("solve", "--strict")
    result = runner.invoke(main, ["solve", str(over_total), "--strict", "--format", "json"])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines()[-1].endswith("treated as errors (--strict); nothing was solved.")


def test_solve_prints_what_each_share_costs_after_the_solve(runner):
    _wired("solve", "--strict")
    result = runner.invoke(main, ["solve", "--format", "json"])  # the bundled case: both shares cost jobs
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["objective_value"] == pytest.approx(2428.39275)  # stdout: the JSON only
    lines = result.stderr.splitlines()
    assert lines[0].startswith("case.yaml:rules.min_group_share.vrouwen_niet_eu: warning: the share of group "
                               "vrouwen_niet_eu (Vrouwen geboren buiten de EU-27: at least 17.0% of all extra jobs) "
                               "costs 42.0 jobs (2,470.4 jobs without it, 2,428.4 jobs with it; "
                               "the other shares kept)")
    assert "costs 81.0 jobs (2,509.4 jobs without it" in lines[1]


def test_check_lists_the_warnings_solve_prints_the_share_costs_included(runner):
    solved = runner.invoke(main, ["solve", "--format", "json"])
    assert solved.exit_code == 0, solved.output
    printed = [line for line in solved.stderr.splitlines() if ": warning: " in line]
    assert len(printed) == 2  # the bundled case: both shares cost jobs
    checked = runner.invoke(main, ["check", "--format", "json"])
    assert checked.exit_code == 0, checked.output
    assert [str(CaseWarning.model_validate(w)) for w in json.loads(checked.stdout)["warnings"]] == printed
    table = runner.invoke(main, ["check"])
    assert table.exit_code == 0, table.output
    assert all(line in table.stdout for line in printed), table.stdout


def test_check_table_and_json(runner, over_total):
    _wired("check")
    table = runner.invoke(main, ["check"])
    assert table.exit_code == 0, table.output
    assert "Vlaanderen 2026-2029: 2 warning(s), 5 probable overlap(s)" in table.stdout
    assert "5. A21 'Digitaal informatieloket over rechten bij ziekte of beperking' (lead welzijn) and A24" in table.stdout
    result = runner.invoke(main, ["check", str(over_total), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [w["code"] for w in data["warnings"]] == ["year_budgets_exceed_total"]
    assert data["overlaps"] == []
