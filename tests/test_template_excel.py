"""The template workbook for Excel users (`init --xlsx`): euro formats on money, checks on shares, amounts and
priority, header comments in the chosen language, and the columns in the order of the CSV files."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.utils import get_column_letter

import inputs
from cli import main
from conftest import read_csv
from inputs.tables import TABLES
from inputs.workbook_nl import COLUMNS

TEMPLATES = ["template", "template_phased"]


def init(target: Path, *args: str) -> openpyxl.Workbook:
    done = CliRunner().invoke(main, ["init", str(target), *args])
    assert done.exit_code == 0, done.output
    return openpyxl.load_workbook(target)


@pytest.fixture(scope="module", params=TEMPLATES)
def books(request, tmp_path_factory) -> tuple[str, openpyxl.Workbook, openpyxl.Workbook]:
    """The template (plain or phased) written by `init --xlsx` in Dutch (the default) and in English."""
    folder = tmp_path_factory.mktemp("init")
    phased = ["--phased"] if request.param == "template_phased" else []
    return (request.param, init(folder / "nl.xlsx", *phased),
            init(folder / "en.xlsx", *phased, "--lang", "en"))


def header(ws) -> list[str]:
    return [c.value for c in ws[1]]


def rules_on(ws, column: str, row: int) -> list:
    letter = get_column_letter(header(ws).index(column) + 1)
    return [dv for dv in ws.data_validations.dataValidation if f"{letter}{row}" in dv.sqref]


def test_the_sheets_have_the_columns_of_the_csv_files_in_their_order(books):
    name, nl, _en = books
    folder = inputs.bundled_case_path(name)
    for table in TABLES:
        if (folder / table.file).exists():
            assert header(nl[table.stem]) == read_csv(folder / table.file)[0], table.stem


def test_written_csv_files_keep_that_order_too(books, tmp_path: Path):
    name, _nl, _en = books
    folder = inputs.bundled_case_path(name)
    inputs.write_case(inputs.load_case(folder), tmp_path / "out")
    for path in folder.glob("*.csv"):
        assert read_csv(tmp_path / "out" / path.name)[0] == read_csv(path)[0], path.name


@pytest.mark.parametrize(("sheet", "column"), [("domains", "budget_eur"), ("costs", "cost_eur"),
                                               ("budgets", "budget_eur")])
def test_money_cells_have_a_euro_format_with_thousands_separators(books, sheet, column):
    _name, nl, _en = books
    ws = nl[sheet]
    position = header(ws).index(column) + 1
    cells = [ws.cell(r, position) for r in range(2, ws.max_row + 1)]
    assert cells and all(isinstance(c.value, (int, float)) for c in cells)
    for c in cells:
        assert "€" in c.number_format and "#,##0" in c.number_format, (c.coordinate, c.number_format)
    dimension = ws.column_dimensions[get_column_letter(position)]
    assert "€" in dimension.number_format  # rows typed below the data
    widest = max(len(f"€ {c.value:,.2f}") for c in cells)
    assert dimension.width >= widest, "wide enough to show the amounts, not ####"
    others = [c for c in ws[2] if c.column != position and isinstance(c.value, (int, float))]
    assert all("€" not in c.number_format for c in others)  # years, persons: no euro


@pytest.mark.parametrize(("sheet", "column", "kind", "bounds"), [
    ("reach", "effect", "decimal", ("between", "0", "1")),
    ("reach", "effect_low", "decimal", ("between", "0", "1")),
    ("reach", "reach", "decimal", ("greaterThanOrEqual", "0", None)),
    ("domains", "budget_eur", "decimal", ("greaterThanOrEqual", "0", None)),
    ("costs", "cost_eur", "decimal", ("greaterThanOrEqual", "0", None)),
    ("groups", "population", "whole", ("greaterThanOrEqual", "0", None)),
    ("groups", "max_extra_jobs", "decimal", ("greaterThanOrEqual", "0", None)),
])
def test_shares_and_amounts_are_checked_as_typed(books, sheet, column, kind, bounds):
    _name, nl, _en = books
    ws = nl[sheet]
    (rule,) = rules_on(ws, column, 2)
    assert rules_on(ws, column, ws.max_row + 200) == [rule] and not rules_on(ws, column, 1)
    assert (rule.type, rule.operator, rule.formula1, rule.formula2) == (kind, *bounds)
    assert rule.showErrorMessage and rule.errorStyle == "stop" and column in rule.error


def test_priority_is_true_or_false(books):
    _name, nl, en = books
    (rule,) = rules_on(nl["barriers"], "priority", 2)
    assert rule.type == "list" and rule.formula1 == '"TRUE,FALSE"' and "TRUE of FALSE" in rule.error
    assert "TRUE or FALSE" in rules_on(en["barriers"], "priority", 2)[0].error


def test_synergies_and_text_columns_are_not_checked(books):
    _name, nl, _en = books
    assert rules_on(nl["synergies"], "extra_jobs", 2) == []  # negative for overlap
    assert rules_on(nl["domains"], "name", 2) == []


def test_comments_are_dutch_by_default_and_english_with_lang_en(books):
    _name, nl, en = books
    for table in TABLES:
        if table.stem not in nl.sheetnames:
            continue
        for dutch, english in zip(nl[table.stem][1], en[table.stem][1]):
            column = dutch.value
            assert dutch.comment.text.startswith(column) and english.comment.text.startswith(column)
            meaning = COLUMNS.get(table.stem, {}).get(column) or COLUMNS["*"].get(column) or (
                COLUMNS["*"]["annotations"] if column.startswith("x_") else None)
            assert meaning and meaning in dutch.comment.text, (table.stem, column)
            assert meaning not in english.comment.text
            assert ("verplicht" in dutch.comment.text) or ("optioneel" in dutch.comment.text), dutch.comment.text
    costs = en["costs"]
    assert any("cost to this domain, EUR" in c.comment.text for c in costs[1])


def test_the_case_sheet_speaks_the_language_too(books):
    _name, nl, en = books
    notes = {r[0].value: r[0].comment.text for r in nl["case"].iter_rows(min_row=2) if r[0].comment}
    assert "tijdslimiet van de solver, seconden" in notes["solver.time_limit_s"]
    assert "Standaard: 60" in notes["solver.time_limit_s"]
    assert "Een instelling van case.yaml" in nl["case"]["A1"].comment.text
    english = {r[0].value: r[0].comment.text for r in en["case"].iter_rows(min_row=2) if r[0].comment}
    assert "Default: 60" in english["solver.time_limit_s"] and "seconds" in english["solver.time_limit_s"]
    assert set(notes) == set(english)


def test_every_column_of_the_format_has_its_dutch_words():
    for table in TABLES:
        for column in table.columns:
            assert COLUMNS.get(table.stem, {}).get(column) or COLUMNS["*"].get(column), (table.stem, column)


def test_the_workbook_reads_back_as_the_template(books, tmp_path: Path):
    name, _nl, _en = books
    target = tmp_path / "again.xlsx"
    init(target, *(["--phased"] if name == "template_phased" else []))
    assert inputs.load_case(target) == inputs.load_case(inputs.bundled_case_path(name))
