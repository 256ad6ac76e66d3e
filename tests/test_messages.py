"""Messages a planner acts on: each names the place (file:line or sheet), the fix, and what was meant."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from conftest import TEMPLATE, assert_issue, edit_csv, get_cell, issue_strings
from inputs import load_case, write_case
from inputs.scenario import read_scenarios, scenario_cases
from models import CaseError

# --------------------------------------------------------------------------- scenario YAML


def _issues(path: Path) -> list[str]:
    with pytest.raises(CaseError) as err:
        read_scenarios(path)
    return [str(i) for i in err.value.issues]


@pytest.mark.parametrize(
    "text, line, key, meant",
    [
        ("scenarios:\n  - name: cut\n    budgest:\n      - domain: werk\n        factor: 0.9\n", 3,
         "scenarios.0.budgest", "budgets"),
        ("name: cut\nbudgest:\n  - domain: werk\n    factor: 0.9\n", 2, "budgest", "budgets"),
        ("scenarios:\n  - name: cut\n    budgets:\n      - domian: werk\n        factor: 0.9\n", 4,
         "scenarios.0.budgets.0.domian", "domain"),
        ("scenarioz:\n  - name: cut\n", 1, "scenarioz", "scenarios"),
    ],
)
def test_an_unknown_scenario_key_is_one_message_with_the_known_keys(tmp_path, text, line, key, meant):
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    issues = _issues(path)
    assert len(issues) == 1, issues
    start = f"{path}:{line}:{key}: unknown key (did you mean '{meant}'?); known keys are "
    assert issues[0].startswith(start), issues
    assert meant in issues[0].split("known keys are ")[1]


# ------------------------------------------------------------------------- unknown ids in folders, workbooks

def _misspelt(meant: str) -> str:
    """`meant` with two inner letters swapped, or a letter added to a short id."""
    return meant[:2] + meant[3] + meant[2] + meant[4:] if len(meant) > 4 else meant + "x"


@pytest.mark.parametrize("file, column, table", [("actions.csv", "lead_domain", "domains"),
                                                  ("reach.csv", "group", "groups"),
                                                  ("costs.csv", "action", "actions"),
                                                  ("budgets.csv", "domain", "domains"),
                                                  ("synergies.csv", "group", "groups")])
def test_a_typo_in_an_id_gets_did_you_mean_in_a_folder(template_dir, file, column, table):
    meant = get_cell(template_dir / file, 2, column)
    typo = _misspelt(meant)
    edit_csv(template_dir / file, 2, column, typo)
    issue = assert_issue(template_dir, file, 2, column, f"{typo!r} (did you mean {meant!r}?)")
    assert issue.message.endswith(f"add it to {table}.csv")


@pytest.mark.parametrize("sheet, column, table", [("actions", "lead_domain", "domains"),
                                                   ("reach", "group", "groups"),
                                                   ("costs", "action", "actions")])
def test_a_workbook_names_the_sheet_to_add_an_id_to(template_case, tmp_path, sheet, column, table):
    book = write_case(template_case, tmp_path / "c.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb[sheet]
    col = [c.value for c in ws[1]].index(column) + 1
    meant = ws.cell(row=2, column=col).value
    typo = _misspelt(meant)
    ws.cell(row=2, column=col).value = typo
    wb.save(book)
    messages = [i for i in issue_strings(book) if f"{typo!r}" in i]
    assert messages == [f"c.xlsx[{sheet}]:2:{column}: unknown {table[:-1]} {typo!r} "
                        f"(did you mean {meant!r}?); add it to sheet `{table}`"], issue_strings(book)


def test_a_workbook_names_the_sheet_in_a_settings_message(template_case, tmp_path):
    book = write_case(template_case, tmp_path / "c.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb["case"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "rules.locked_in")
    row[1].value = "T01x"
    wb.save(book)
    messages = [i for i in issue_strings(book) if "'T01x'" in i]
    wanted = "unknown action 'T01x' (did you mean 'T01'?); use an id of sheet `actions`"
    assert len(messages) == 1 and messages[0].endswith(wanted), issue_strings(book)


def test_a_typo_in_a_scenarios_id_gets_did_you_mean(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("scenarios:\n  - name: cut\n    budgets:\n      - domain: welzjn\n        factor: 0.9\n",
                    encoding="utf-8")
    with pytest.raises(CaseError) as err:
        scenario_cases(read_scenarios(path), load_case(TEMPLATE), str(path))
    assert [str(i) for i in err.value.issues] == [
        f"{path}:4:budgets.0.domain: scenario 'cut': unknown domain 'welzjn' (did you mean 'welzijn'?)"]
