"""Workbook traps (issue #10, item 5): each gets a clear error at its place, or a documented behaviour,
never a silent change of the answer. Asserted as the whole `file:row:column: message` a planner reads."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

import inputs
from conftest import issue_strings
from models import Case

DATA = Path(__file__).parent / "data"


@pytest.fixture
def book(template_case: Case, tmp_path: Path) -> Path:
    return inputs.write_case(template_case, tmp_path / "c.xlsx")


def edit(path: Path, change) -> None:
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)


def row_of(ws, key: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == key)


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_case_sheet_is_an_error(book: Path, state: str):
    edit(book, lambda wb: setattr(wb["synergies"], "sheet_state", state))
    assert issue_strings(book) == [
        "c.xlsx[synergies]: is hidden; unhide it (right-click a sheet tab > Unhide) or delete it: "
        "a hidden sheet would count without anyone seeing it"
    ]


def test_a_hidden_sheet_of_the_planner_is_ignored(book: Path, template_case: Case):
    def change(wb):
        wb.create_sheet("notities").sheet_state = "hidden"

    edit(book, change)
    assert inputs.load_case(book) == template_case


def test_two_sheets_for_one_file_is_an_error(book: Path):
    def change(wb):
        wb.copy_worksheet(wb["costs"]).title = "costs.csv"

    edit(book, change)
    assert issue_strings(book) == ["c.xlsx: has two sheets for costs: 'costs' and 'costs.csv'; keep one"]


NEVER_CALCULATED = ("holds a formula whose result was never saved (the workbook was written by a program that "
                    "does not calculate); open it in Excel or LibreOffice and save it, or type the value")


def test_a_formula_without_a_saved_result_in_a_table_is_an_error(book: Path):
    edit(book, lambda wb: wb["costs"].cell(3, 3, "=350000*2"))
    assert issue_strings(book) == [f"c.xlsx[costs]:3:cost_eur: {NEVER_CALCULATED}"]


def test_a_formula_without_a_saved_result_in_the_case_sheet_is_an_error(book: Path):
    """Read as empty, `rules.max_actions` would silently fall back to "no limit"."""
    rows = {}

    def change(wb):
        ws = wb["case"]
        rows["r"] = row_of(ws, "rules.max_actions")
        ws.cell(rows["r"], 2, "=2+3")

    edit(book, change)
    assert issue_strings(book) == [f"c.xlsx[case]:{rows['r']}:rules.max_actions: {NEVER_CALCULATED}"]


def test_a_formula_with_its_saved_result_is_read(book: Path):
    """What Excel saves: the formula and its cached value (written here into the sheet XML directly)."""
    data = io.BytesIO()
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(data, "w") as dst:
        for item in src.infolist():
            content = src.read(item)
            if item.filename == "xl/worksheets/sheet6.xml":  # costs
                text = content.decode("utf-8")
                start = text.index('<c r="C3"')
                end = text.index("</c>", start) + len("</c>")
                text = text[:start] + '<c r="C3"><f>350000*2</f><v>700000</v></c>' + text[end:]
                content = text.encode("utf-8")
            dst.writestr(item, content)
    book.write_bytes(data.getvalue())
    assert inputs.load_case(book).costs[1].cost_eur == 700000


def test_an_excel_error_cell_is_an_error(book: Path):
    def change(wb):
        cell = wb["reach"].cell(2, 3, "#REF!")
        cell.data_type = "e"

    edit(book, change)
    assert issue_strings(book) == [
        "c.xlsx[reach]:2:reach: holds the Excel error #REF!; fix the formula or type the value "
        "(an error is never read as a value)"
    ]


def test_text_that_looks_like_an_error_is_written_and_read_as_text(template_case: Case, tmp_path: Path):
    actions = [a.model_copy(update={"name": "#N/A"}) if i == 0 else a for i, a in enumerate(template_case.actions)]
    case = Case.model_validate({**template_case.model_dump(), "actions": [a.model_dump() for a in actions]})
    path = inputs.write_case(case, tmp_path / "c.xlsx")
    assert inputs.load_case(path).actions[0].name == "#N/A"


def test_a_macro_enabled_workbook_is_read(book: Path, template_case: Case, tmp_path: Path):
    """.xlsm: the values are read like an .xlsx; the macros are never run."""
    xlsm = tmp_path / "c.xlsm"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(xlsm, "w") as dst:
        for item in src.infolist():
            content = src.read(item)
            if item.filename == "[Content_Types].xml":
                content = content.replace(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                                          b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
            dst.writestr(item, content)
    assert b"macroEnabled" in zipfile.ZipFile(xlsm).read("[Content_Types].xml")
    assert inputs.load_case(xlsm) == template_case


ONE_LINE = {  # fixture, the name given to it, the one issue
    "xls": ("old-format.xls", "oud.xls", "{path}: is an Excel 97-2003 workbook (.xls), which the toolkit does not "
            "read; open it and save it as an Excel Workbook (.xlsx)"),
    "xls named xlsx": ("old-format.xls", "oud.xlsx", "oud.xlsx: is an Excel 97-2003 workbook (.xls) whatever its "
                       "name says; open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx)"),
    "password": ("password-protected.xlsx", "geheim.xlsx", "geheim.xlsx: is protected with a password, so it "
                 "cannot be read; save a copy without the password (in Excel: File > Info > Protect Workbook > "
                 "Encrypt with Password, and clear it)"),
    "ods": (None, "case.ods", "{path}: is an OpenDocument spreadsheet (.ods), which the toolkit does not read; "
            "open it and save it as an Excel Workbook (.xlsx)"),
}


@pytest.mark.parametrize("name", list(ONE_LINE))
def test_a_book_the_toolkit_cannot_read_is_refused_with_the_way_out(tmp_path: Path, name: str):
    fixture, given, expected = ONE_LINE[name]
    path = tmp_path / given
    if fixture:
        shutil.copy(DATA / fixture, path)
    else:
        path.write_bytes(b"PK\x03\x04")
    assert issue_strings(path) == [expected.format(path=path)]


def test_a_folder_named_like_a_workbook(tmp_path: Path):
    path = tmp_path / "case.xlsx"
    path.mkdir()
    assert issue_strings(path) == ["case.xlsx: is a folder, not a workbook; give the path of the .xlsx file"]


def test_workbook_problems_of_every_stage_come_at_once(book: Path):
    def change(wb):
        wb["domains"].cell(3, 3, "veel")  # welzijn's budget does not parse
        wb["actions"].cell(4, 3, "nergens")  # lead_domain of T03
        wb["costs"].cell(3, 3, "=1+1")  # never calculated

    edit(book, change)
    assert issue_strings(book) == [
        f"c.xlsx[costs]:3:cost_eur: {NEVER_CALCULATED}",
        "c.xlsx[domains]:3:budget_eur: 'veel' is not a number",
        "c.xlsx[actions]:4:lead_domain: unknown domain 'nergens'; add it to sheet `domains`",
    ]
