"""Workbooks written for planners: header notes with units, id drop-downs, layout, round trip, file modes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

import inputs
from inputs.files import atomic_write, current_umask
from inputs.tables import TABLES
from models import BACKEND_NAMES, Case, SaturationPoint

BUNDLED = ["template", "template_phased", "flanders"]
TABLE_SHEETS = [t.stem for t in TABLES]

# Sheet -> column -> (sheet holding the ids, its id column): every id column that names a row of another sheet.
DROPDOWNS = {
    ("actions", "lead_domain"): ("domains", "domain"),
    ("costs", "action"): ("actions", "action"),
    ("costs", "domain"): ("domains", "domain"),
    ("reach", "action"): ("actions", "action"),
    ("reach", "group"): ("groups", "group"),
    ("synergies", "action_a"): ("actions", "action"),
    ("synergies", "action_b"): ("actions", "action"),
    ("synergies", "group"): ("groups", "group"),
    ("budgets", "domain"): ("domains", "domain"),
    ("saturation", "group"): ("groups", "group"),
}


@pytest.fixture(scope="module", params=BUNDLED)
def bundled(request) -> Case:
    return inputs.load_case(inputs.bundled_case_path(request.param))


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    """The template case, with a saturation point so that every table has its sheet, written as a workbook once."""
    case = inputs.load_case(inputs.bundled_case_path("template"))
    case = case.model_copy(update={"saturation": (SaturationPoint(group="ouders", direct_jobs=100, jobs=80),)})
    return inputs.write_case(case, tmp_path_factory.mktemp("wb") / "template.xlsx")


@pytest.fixture(scope="module")
def book(written: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(written)


def header(ws) -> list[str]:
    return [c.value for c in ws[1]]


def column_letter(ws, name: str) -> str:
    return get_column_letter(header(ws).index(name) + 1)


def note(ws, name: str) -> str:
    comment = ws.cell(1, header(ws).index(name) + 1).comment
    assert comment is not None, f"{ws.title}!{name} has no header note"
    return comment.text


def validations_on(ws, coordinate: str) -> list:
    return [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]


# --- header notes --------------------------------------------------------------------------------


def test_every_header_cell_of_every_sheet_has_a_note(book):
    for name in ["case", *TABLE_SHEETS]:
        ws = book[name]
        for cell in ws[1]:
            assert cell.comment is not None and cell.comment.text.startswith(cell.value), (name, cell.value)
            assert cell.comment.author


@pytest.mark.parametrize(
    "sheet, column, words",
    [
        ("domains", "budget_eur", ["EUR", ">= 0", "required"]),
        ("budgets", "budget_eur", ["EUR", "that year"]),
        ("costs", "cost_eur", ["EUR", ">= 0"]),
        ("costs", "year", ["1900 to 2200", "optional"]),
        ("groups", "population", ["persons", "whole number"]),
        ("groups", "max_extra_jobs", ["persons"]),
        ("reach", "reach", ["persons"]),
        ("reach", "effect", ["share", "0 to 1", "required"]),
        ("reach", "effect_low", ["0 to 1", "optional"]),
        ("barriers", "priority", ["true or false"]),
        ("actions", "barriers", ["separated by ';'"]),
        ("actions", "requires", ["separated by ';'", "optional"]),
        ("synergies", "extra_jobs", ["negative"]),
        ("domains", "description", ["free text", "optional"]),
        ("actions", "x_owner", ["never interpreted"]),
    ],
)
def test_header_note_says_meaning_and_unit(book, sheet, column, words):
    text = note(book[sheet], column)
    for word in words:
        assert word in text, (sheet, column, text)


def test_header_notes_come_from_the_model_descriptions(book):
    for table in TABLES:
        ws = book[table.stem]
        for column in header(ws):
            if column.startswith("x_"):
                continue
            description = table.model.model_fields[column].description.replace("`", "")
            expected = description.replace("actions.csv", "the actions sheet").replace("groups.csv", "the groups sheet")
            expected = expected.replace("domains.csv", "the domains sheet")
            assert expected in note(ws, column), (table.stem, column)


def test_source_column_has_a_note(tmp_path: Path):
    case = inputs.load_case(inputs.bundled_case_path("flanders"))
    ws = openpyxl.load_workbook(inputs.write_case(case, tmp_path / "f.xlsx"))["costs"]
    assert "where the row's numbers come from" in note(ws, "source")


def test_case_sheet_keys_have_notes_with_units_and_defaults(book):
    ws = book["case"]
    notes = {row[0].value: row[0].comment.text for row in ws.iter_rows(min_row=2) if row[0].comment}
    assert "seconds" in notes["solver.time_limit_s"] and "Default: 60" in notes["solver.time_limit_s"]
    assert "persons" in notes["jobs_target"]
    assert "Default: 1" in notes["rules.min_actions_per_priority_barrier"]
    assert "0 to 1" in notes["rules.min_group_share.nieuwkomers"]


# --- drop-downs ----------------------------------------------------------------------------------


@pytest.mark.parametrize("sheet, column", sorted(DROPDOWNS))
def test_id_columns_offer_the_ids_of_the_other_sheet(book, sheet, column):
    target, id_column = DROPDOWNS[sheet, column]
    ws = book[sheet]
    letter = column_letter(ws, column)
    first, later = validations_on(ws, f"{letter}2"), validations_on(ws, f"{letter}{ws.max_row + 100}")
    assert len(first) == 1 and first == later, "one drop-down, also on new rows below the data"
    dv = first[0]
    assert dv.type == "list"
    assert dv.allow_blank and dv.showErrorMessage
    assert id_column in dv.error and target in dv.error
    ids = column_letter(book[target], id_column)
    sheet_ref, cells = dv.formula1.rsplit("!", 1)
    assert sheet_ref.strip("'") == target
    start, end = cells.split(":")
    assert start == f"${ids}$2" and end.startswith(f"${ids}$")
    assert int(end.rsplit("$", 1)[1]) >= book[target].max_row + 100, "room for new ids"
    assert f"{letter}1" not in dv.sqref, "never on the header"


def test_list_and_free_columns_get_no_dropdown(book):
    actions = book["actions"]
    for column in ("action", "name", "barriers", "requires", "overlap_group", "x_owner"):
        assert validations_on(actions, f"{column_letter(actions, column)}2") == [], column
    for sheet in ("domains", "groups", "barriers"):
        assert list(book[sheet].data_validations.dataValidation) == []


def test_case_sheet_offers_the_objectives_and_backends(book):
    ws = book["case"]
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    (objective,) = validations_on(ws, f"B{rows['objective']}")
    assert objective.formula1 == '"max_jobs,min_cost"'
    (backend,) = validations_on(ws, f"B{rows['solver.backend']}")
    assert set(backend.formula1.strip('"').split(",")) == {"auto", *BACKEND_NAMES}


# --- layout --------------------------------------------------------------------------------------


def test_header_is_bold_frozen_and_columns_are_wide_enough(book):
    for name in ["case", *TABLE_SHEETS]:
        ws = book[name]
        assert ws.freeze_panes == "A2", name
        assert all(c.font.bold for c in ws[1]), name
        for i, title in enumerate(header(ws), start=1):
            width = ws.column_dimensions[get_column_letter(i)].width
            assert min(len(title), 58) < width <= 60, (name, title, width)


def test_id_columns_come_first_and_description_source_last(tmp_path: Path):
    case = inputs.load_case(inputs.bundled_case_path("flanders"))
    book = openpyxl.load_workbook(inputs.write_case(case, tmp_path / "f.xlsx"))
    for table in (t for t in TABLES if t.stem in book.sheetnames):
        cols = header(book[table.stem])
        assert cols[0] == table.required_columns[0], (table.stem, cols)  # the id of the row
        assert cols.index("source") > max(cols.index(c) for c in cols if c not in ("description", "source"))


# --- round trip ----------------------------------------------------------------------------------


def test_bundled_case_round_trips_through_a_workbook(bundled: Case, tmp_path: Path):
    path = inputs.write_case(bundled, tmp_path / "c.xlsx")
    back = inputs.load_case(path)
    assert back == bundled
    assert back.model_dump() == bundled.model_dump()


def test_bundled_case_round_trips_folder_workbook_folder(bundled: Case, tmp_path: Path):
    inputs.write_case(bundled, tmp_path / "c.xlsx")
    inputs.write_case(inputs.load_case(tmp_path / "c.xlsx"), tmp_path / "again")
    assert inputs.load_case(tmp_path / "again") == bundled


def test_workbook_opened_and_saved_by_openpyxl_still_reads_equal(bundled: Case, tmp_path: Path):
    """Notes and drop-downs survive a spreadsheet program's save and never reach the reader."""
    path = inputs.write_case(bundled, tmp_path / "c.xlsx")
    book = openpyxl.load_workbook(path)
    assert book["costs"]["A1"].comment is not None
    book.save(path)
    assert inputs.load_case(path) == bundled


# --- file permissions ----------------------------------------------------------------------------

posix_only = pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")


@pytest.fixture
def umask():
    """Set the process umask for one test and restore it afterwards."""
    old = os.umask(0o022)
    os.umask(old)

    def set_to(value: int) -> None:
        os.umask(value)

    yield set_to
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_only
def test_written_files_have_mode_644_under_umask_022(umask, template_case: Case, tmp_path: Path):
    umask(0o022)
    book = inputs.write_case(template_case, tmp_path / "c.xlsx")
    files = inputs.write_folder(template_case, tmp_path / "folder")
    assert mode(book) == 0o644
    assert files and {mode(f) for f in files} == {0o644}
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")], "no temporary file left"


@posix_only
def test_written_files_follow_the_umask(umask, template_case: Case, tmp_path: Path):
    umask(0o077)
    assert mode(inputs.write_case(template_case, tmp_path / "private.xlsx")) == 0o600
    umask(0o002)
    atomic_write(tmp_path / "shared.json", "{}\n")
    assert mode(tmp_path / "shared.json") == 0o664


@posix_only
def test_replacing_a_file_keeps_its_mode(umask, template_case: Case, tmp_path: Path):
    umask(0o022)
    path = inputs.write_case(template_case, tmp_path / "c.xlsx")
    path.chmod(0o640)
    inputs.write_case(template_case, path, overwrite=True)
    assert mode(path) == 0o640


@posix_only
def test_reading_the_umask_does_not_change_it(umask):
    umask(0o027)
    assert current_umask() == 0o027
    assert current_umask() == 0o027
    old = os.umask(0o022)
    assert old == 0o027


@posix_only
def test_umask_is_read_without_proc_too(umask, monkeypatch):
    """Where /proc/self/status is missing, the umask is read by setting it back at once."""
    import inputs.files

    def no_proc(*args, **kwargs):
        raise OSError("no /proc here")

    monkeypatch.setattr(inputs.files, "open", no_proc, raising=False)
    umask(0o037)
    assert current_umask() == 0o037
    assert os.umask(0o022) == 0o037


# --- sheet names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title, message",
    [
        ("Synergies", "must be named 'synergies' (lower case"),
        ("synergy", "is not a sheet of the case format (did you mean 'synergies'?)"),
        ("Budgets.csv", "must be named 'budgets'"),
    ],
)
def test_a_misnamed_optional_sheet_is_reported_not_skipped(written: Path, tmp_path: Path, title, message):
    book = openpyxl.load_workbook(written)
    sheet = "budgets" if title.lower().startswith("budget") else "synergies"
    book[sheet].title = "tmp"  # openpyxl, like Excel, compares sheet names without case
    book["tmp"].title = title
    book.save(tmp_path / "c.xlsx")
    with pytest.raises(inputs.CaseError) as err:
        inputs.load_case(tmp_path / "c.xlsx")
    found = [str(i) for i in err.value.issues]
    assert any(i.startswith(f"c.xlsx[{title}]: {message}") for i in found), found


def test_the_planners_own_sheets_are_left_alone(written: Path, tmp_path: Path, template_case: Case):
    book = openpyxl.load_workbook(written)
    for title in ("notes", "Bronnen", "Sheet1"):
        book.create_sheet(title)["A1"] = "anything"
    book.save(tmp_path / "c.xlsx")
    assert inputs.load_case(tmp_path / "c.xlsx").model_copy(update={"saturation": None}) == template_case


# --- the case sheet --------------------------------------------------------------------------------


def test_an_empty_value_in_the_case_sheet_means_the_default(written: Path, tmp_path: Path):
    book = openpyxl.load_workbook(written)
    ws = book["case"]
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, 1).value in ("solver.threads", "rules.min_actions_per_domain", "objective"):
            ws.cell(row, 2).value = None
    book.save(tmp_path / "c.xlsx")
    case = inputs.load_case(tmp_path / "c.xlsx")
    assert case.solver.threads == 1 and case.rules.min_actions_per_domain == 0 and case.objective == "max_jobs"


def test_an_empty_name_in_the_case_sheet_is_located(written: Path, tmp_path: Path):
    book = openpyxl.load_workbook(written)
    ws = book["case"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "name")
    ws.cell(row, 2).value = "  "
    book.save(tmp_path / "c.xlsx")
    with pytest.raises(inputs.CaseError) as err:
        inputs.load_case(tmp_path / "c.xlsx")
    assert f"c.xlsx[case]:{row}:name: is missing; add this key" in [str(i) for i in err.value.issues]
