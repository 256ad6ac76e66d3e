"""The CSV-folder and .xlsx readers and writers: reading, round trips, located workbook issues, bundled cases."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from pydantic import ValidationError

import inputs
from conftest import (
    FLANDERS,
    TEMPLATE,
    add_column,
    edit_csv,
    find_issue,
    load_issues,
    read_csv,
)
from models import Case, CaseError

# --- the CSV reader ------------------------------------------------------------------------------


def test_csv_reader_reads_every_table(template_case: Case):
    case = template_case
    assert case.name == "Template: small example plan"
    assert case.objective == "max_jobs" and case.jobs_target is None
    assert [d.domain for d in case.domains] == ["werk", "welzijn", "mobiliteit"]
    assert case.domains[1].name == "Welzijn, gezin en kinderopvang"  # a quoted comma
    assert case.domains[0].budget_eur == 3_000_000
    assert case.groups[0].population == 4000 and isinstance(case.groups[0].population, int)
    assert case.groups[1].description is None  # an empty optional cell is "not set"
    assert [b.priority for b in case.barriers] == [True, True, True, False]
    assert case.barriers[1].reason == "Gecoördineerde aanpak vereist"
    t04 = case.action("T04")
    assert t04.barriers == ("integratie_taal", "digitale_vaardigheden")
    assert t04.overlap_group is None and t04.requires == ()
    assert case.action("T05").requires == ("T04",)
    assert case.action("T01").overlap_group == "opvang"
    assert len(case.costs) == 17 and case.costs[10].domain == "welzijn" and case.costs[10].year == 2027
    assert case.reach[0].effect_low == 0.08 and case.reach[0].effect_high == 0.22
    assert [s.extra_jobs for s in case.synergies] == [20, -15, 10]
    assert case.budgets is not None and case.years == (2026, 2027)
    assert case.baseline is not None and case.baseline.rate == 0.75
    assert case.rules.min_group_share == {"nieuwkomers": 0.15}
    assert case.rules.min_actions_per_domain == 1 and case.rules.max_actions is None
    assert case.solver.backend == "auto" and case.solver.mip_gap == 1e-6


def test_csv_reader_strips_cells_and_list_items(template_dir: Path):
    edit_csv(template_dir / "actions.csv", 5, "barriers", " integratie_taal ; digitale_vaardigheden ;")
    edit_csv(template_dir / "domains.csv", 2, "budget_eur", " 3000000 ")
    case = inputs.load_case(template_dir)
    assert case.action("T04").barriers == ("integratie_taal", "digitale_vaardigheden")
    assert case.domains[0].budget_eur == 3_000_000


def test_csv_reader_accepts_numbers_in_other_notations(template_dir: Path):
    edit_csv(template_dir / "domains.csv", 2, "budget_eur", "3e6")
    edit_csv(template_dir / "reach.csv", 2, "effect", ".15")
    case = inputs.load_case(template_dir)
    assert case.domains[0].budget_eur == 3_000_000 and case.reach[0].effect == 0.15


def test_loading_does_not_change_the_files(template_dir: Path):
    before = {p.name: p.read_bytes() for p in template_dir.iterdir()}
    inputs.load_case(template_dir)
    assert {p.name: p.read_bytes() for p in template_dir.iterdir()} == before


# --- writing a folder ----------------------------------------------------------------------------


def test_write_folder_then_read_gives_an_equal_case(template_case: Case, tmp_path: Path):
    inputs.write_case(template_case, tmp_path / "out")
    back = inputs.load_case(tmp_path / "out")
    assert back == template_case
    assert back.model_dump() == template_case.model_dump()


def test_written_folder_holds_the_case_format_files(template_case: Case, tmp_path: Path):
    inputs.write_case(template_case, tmp_path / "out")
    names = {p.name for p in (tmp_path / "out").iterdir()}
    assert names == {
        "case.yaml", "domains.csv", "groups.csv", "barriers.csv", "actions.csv",
        "costs.csv", "reach.csv", "synergies.csv", "budgets.csv",
    }
    header = read_csv(tmp_path / "out" / "actions.csv")[0]
    assert {"action", "name", "lead_domain", "barriers", "x_owner"} <= set(header)
    with open(tmp_path / "out" / "costs.csv", encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == ["action", "domain", "cost_eur", "year"]


def test_written_folder_without_budgets_has_no_budgets_file(template_dir: Path, tmp_path: Path):
    (template_dir / "budgets.csv").unlink()
    rows = read_csv(template_dir / "costs.csv")
    (template_dir / "costs.csv").write_text(
        "\n".join(",".join(r[:3]) for r in rows if r[3:] != ["2027"]) + "\n", encoding="utf-8"
    )
    case = inputs.load_case(template_dir)
    inputs.write_case(case, tmp_path / "out")
    assert not (tmp_path / "out" / "budgets.csv").exists()
    assert inputs.load_case(tmp_path / "out") == case


def test_write_folder_refuses_to_overwrite(template_case: Case, tmp_path: Path):
    out = tmp_path / "out"
    inputs.write_case(template_case, out)
    (out / "domains.csv").write_text("mine\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        inputs.write_case(template_case, out)
    assert (out / "domains.csv").read_text(encoding="utf-8") == "mine\n"  # untouched
    inputs.write_case(template_case, out, overwrite=True)
    assert inputs.load_case(out) == template_case


def test_write_folder_refuses_even_one_existing_file(template_case: Case, tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "reach.csv").write_text("keep me\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        inputs.write_case(template_case, out)
    assert sorted(p.name for p in out.iterdir()) == ["reach.csv"]


def test_write_folder_into_a_folder_with_other_files(template_case: Case, tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("hello", encoding="utf-8")
    inputs.write_case(template_case, out)
    assert inputs.load_case(out) == template_case


# --- the xlsx reader and writer -----------------------------------------------------------------


@pytest.fixture
def workbook(template_case: Case, tmp_path: Path) -> Path:
    """The template written as c.xlsx."""
    return inputs.write_case(template_case, tmp_path / "c.xlsx")


def _column(ws, name: str) -> int:
    """1-based column index of a header name in row 1."""
    header = [c.value for c in ws[1]]
    return header.index(name) + 1


def _case_row(ws, key: str) -> int:
    """Row of a dotted key in the `case` sheet."""
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, 1).value == key:
            return row
    raise AssertionError(f"no key {key!r} in the case sheet")


def _edit_book(path: Path, edit) -> None:
    book = openpyxl.load_workbook(path)
    edit(book)
    book.save(path)


def test_xlsx_round_trip_is_equal(template_case: Case, workbook: Path):
    back = inputs.load_case(workbook)
    assert back == template_case
    assert back.model_dump() == template_case.model_dump()


def test_xlsx_has_one_sheet_per_file_and_a_case_sheet(workbook: Path):
    book = openpyxl.load_workbook(workbook, read_only=True)
    assert book.sheetnames == [
        "case", "domains", "groups", "barriers", "actions", "costs", "reach", "synergies", "budgets",
    ]
    rows = list(book["case"].iter_rows(values_only=True))
    keys = {r[0]: r[1] for r in rows[1:]}
    assert keys["rules.min_group_share.nieuwkomers"] == 0.15
    assert keys["baseline.employed"] == 75000
    assert keys["solver.backend"] == "auto"
    book.close()


def test_xlsx_bad_cell_is_located_by_sheet_row_column(workbook: Path):
    def edit(book):
        ws = book["costs"]
        ws.cell(5, _column(ws, "cost_eur")).value = "veel"

    _edit_book(workbook, edit)
    issues = load_issues(workbook)
    assert "c.xlsx[costs]:5:cost_eur: 'veel' is not a number" in [str(i) for i in issues]


def test_xlsx_negative_number_cell_is_located(workbook: Path):
    def edit(book):
        ws = book["costs"]
        ws.cell(14, _column(ws, "cost_eur")).value = -5000

    _edit_book(workbook, edit)
    issue = find_issue(load_issues(workbook), "c.xlsx[costs]", 14, "cost_eur", "-5000", ">= 0")
    assert str(issue).startswith("c.xlsx[costs]:14:cost_eur: ")


def test_xlsx_cross_row_issue_is_located(workbook: Path):
    def edit(book):
        ws = book["reach"]
        ws.cell(3, _column(ws, "reach")).value = 3500

    _edit_book(workbook, edit)
    find_issue(load_issues(workbook), "c.xlsx[reach]", 3, "reach", "exceeds the population 3000")


def test_xlsx_line_numbers_are_sheet_rows_after_an_empty_row(workbook: Path):
    def edit(book):
        ws = book["actions"]
        ws.insert_rows(4)  # an empty row 4: T03 moves to row 5
        ws.cell(5, _column(ws, "lead_domain")).value = "welzyn"

    _edit_book(workbook, edit)
    find_issue(load_issues(workbook), "c.xlsx[actions]", 5, "lead_domain", "unknown domain 'welzyn'")


def test_xlsx_case_sheet_dotted_keys(workbook: Path):
    def edit(book):
        ws = book["case"]
        ws.cell(_case_row(ws, "rules.max_actions"), 2).value = 4
        ws.cell(_case_row(ws, "rules.locked_out"), 2).value = "T02; T07"
        ws.append(["rules.min_group_share.ouders", 0.2])

    _edit_book(workbook, edit)
    case = inputs.load_case(workbook)
    assert case.rules.max_actions == 4
    assert case.rules.locked_out == ("T02", "T07")
    assert case.rules.min_group_share == {"nieuwkomers": 0.15, "ouders": 0.2}


# key whose row is edited, the column of the sheet (1 key, 2 value), the new cell, then the issue's column and words
CASE_SHEET_EDITS = {
    "unknown key": ("rules.max_actions", 1, "rules.max_actionz", "rules.max_actionz",
                    ("unknown key", "did you mean 'max_actions'")),
    "wrong type": ("solver.threads", 2, 1.5, "solver.threads", ("not a whole number",)),
}


@pytest.mark.parametrize("name", list(CASE_SHEET_EDITS))
def test_xlsx_case_sheet_problem_is_located(workbook: Path, name: str):
    key, column, value, where, words = CASE_SHEET_EDITS[name]
    row = {}

    def edit(book):
        ws = book["case"]
        row["r"] = _case_row(ws, key)
        ws.cell(row["r"], column).value = value

    _edit_book(workbook, edit)
    find_issue(load_issues(workbook), "c.xlsx[case]", row["r"], where, *words)


def test_xlsx_case_sheet_cross_check_is_located(workbook: Path):
    row = {}

    def edit(book):
        ws = book["case"]
        row["in"] = _case_row(ws, "rules.locked_in")
        ws.cell(row["in"], 2).value = "T01;T99"
        row["share"] = ws.max_row + 1
        ws.append(["rules.min_group_share.niemand", 0.1])

    _edit_book(workbook, edit)
    issues = load_issues(workbook)
    find_issue(issues, "c.xlsx[case]", row["in"], "rules.locked_in", "unknown action 'T99'")
    find_issue(issues, "c.xlsx[case]", row["share"], "rules.min_group_share.niemand", "unknown group 'niemand'")


def test_xlsx_case_sheet_bad_id_in_a_list_is_located(workbook: Path):
    """An item of a `;` list in the case sheet is located at the row of its key."""
    row = {}

    def edit(book):
        ws = book["case"]
        row["r"] = _case_row(ws, "rules.locked_in")
        ws.cell(row["r"], 2).value = "T01;T 03"

    _edit_book(workbook, edit)
    issues = load_issues(workbook)
    assert any(
        i.file == "c.xlsx[case]" and i.row == row["r"] and (i.column or "").startswith("rules.locked_in")
        and "not a valid id" in i.message
        for i in issues
    ), [str(i) for i in issues]


def test_xlsx_missing_sheet(workbook: Path):
    _edit_book(workbook, lambda book: book.remove(book["reach"]))
    issues = load_issues(workbook)
    find_issue(issues, "c.xlsx", None, None, "no sheet 'reach'", "required")


def test_xlsx_missing_case_sheet(workbook: Path):
    _edit_book(workbook, lambda book: book.remove(book["case"]))
    find_issue(load_issues(workbook), "c.xlsx", None, None, "no sheet 'case'")


def test_xlsx_optional_sheets_may_be_missing(workbook: Path, template_case: Case):
    _edit_book(workbook, lambda book: book.remove(book["synergies"]))
    assert inputs.load_case(workbook).synergies == ()


def test_xlsx_unknown_column_is_located(workbook: Path):
    def edit(book):
        ws = book["reach"]
        ws.cell(1, _column(ws, "effect_low")).value = "efect_low"

    _edit_book(workbook, edit)
    find_issue(load_issues(workbook), "c.xlsx[reach]", 1, "efect_low", "unknown column", "did you mean 'effect_low'")


def test_xlsx_native_cell_types_are_read(workbook: Path):
    def edit(book):
        ws = book["barriers"]
        ws.cell(2, _column(ws, "priority")).value = True  # a real boolean cell
        ws.cell(5, _column(ws, "priority")).value = "FALSE"
        ws = book["costs"]
        ws.cell(2, _column(ws, "year")).value = 2026.0  # a whole number stored as float
        ws = book["groups"]
        ws.cell(2, _column(ws, "population")).value = "4000"  # a number stored as text

    _edit_book(workbook, edit)
    case = inputs.load_case(workbook)
    assert case.barriers[0].priority is True and case.barriers[3].priority is False
    assert case.costs[0].year == 2026 and case.groups[0].population == 4000


def test_xlsx_sheet_named_like_the_csv_file(workbook: Path, template_case: Case):
    _edit_book(workbook, lambda book: setattr(book["reach"], "title", "reach.csv"))
    assert inputs.load_case(workbook) == template_case


def test_xlsx_empty_trailing_cells_are_ignored(workbook: Path, template_case: Case):
    def edit(book):
        ws = book["domains"]
        ws.cell(1, 10).value = ""
        ws.cell(3, 12).value = None
        ws.cell(3, 12).number_format = "0.00"  # a formatted but empty cell

    _edit_book(workbook, edit)
    assert inputs.load_case(workbook) == template_case


def test_not_a_workbook(tmp_path: Path):
    path = tmp_path / "c.xlsx"
    path.write_bytes(b"this is not a zip file")
    issues = load_issues(path)
    assert len(issues) == 1 and issues[0].file == "c.xlsx" and "cannot be opened" in issues[0].message


def test_write_workbook_refuses_to_overwrite(template_case: Case, workbook: Path):
    before = workbook.read_bytes()
    with pytest.raises(FileExistsError):
        inputs.write_case(template_case, workbook)
    assert workbook.read_bytes() == before
    changed = template_case.model_copy(update={"name": "Changed"})
    inputs.write_case(changed, workbook, overwrite=True)
    assert inputs.load_case(workbook).name == "Changed"


# --- round trips through both formats ------------------------------------------------------------


def _annotated_template(folder: Path) -> Case:
    """The template with x_ columns, description, source and reason set on several files."""
    add_column(folder / "reach.csv", "x_study", ["Smith 2020", "", "Jones; 2021"] + [""] * 9)
    add_column(folder / "reach.csv", "source", "evaluatie VDAB")
    add_column(folder / "costs.csv", "description", ["tranche 1", "tranche 2"] * 8 + [""])
    add_column(folder / "costs.csv", "x_budgetlijn", "B-01")
    add_column(folder / "budgets.csv", "source", ["begroting 2026, p. 4"] + [""] * 5)
    add_column(folder / "barriers.csv", "x_note", ["é ü ß 漢字", "", "quote \" inside", 'a, "b"'])
    edit_csv(folder / "groups.csv", 3, "description", "multi\nline")
    case = inputs.load_case(folder)
    assert case.reach[2].annotations == {"x_study": "Jones; 2021"}
    assert case.costs[0].description == "tranche 1" and case.costs[16].description is None
    return case


def test_round_trip_csv_xlsx_csv(template_case: Case, tmp_path: Path):
    inputs.write_case(template_case, tmp_path / "c.xlsx")
    from_xlsx = inputs.load_case(tmp_path / "c.xlsx")
    inputs.write_case(from_xlsx, tmp_path / "again")
    again = inputs.load_case(tmp_path / "again")
    assert again.model_dump() == template_case.model_dump()


def test_round_trip_keeps_annotations_description_and_source(template_dir: Path, tmp_path: Path):
    case = _annotated_template(template_dir)
    inputs.write_case(case, tmp_path / "c.xlsx")
    from_xlsx = inputs.load_case(tmp_path / "c.xlsx")
    assert from_xlsx.model_dump() == case.model_dump()
    inputs.write_case(from_xlsx, tmp_path / "again")
    again = inputs.load_case(tmp_path / "again")
    assert again.model_dump() == case.model_dump()
    assert again.barriers[3].annotations == {"x_note": 'a, "b"'}
    assert again.groups[1].description == "multi\nline"
    assert again.budgets is not None and again.budgets[0].source == "begroting 2026, p. 4"


def test_round_trip_of_settings(template_case: Case, tmp_path: Path):
    rules = template_case.rules.model_copy(
        update={"max_actions": 5, "locked_in": ("T04",), "locked_out": ("T01", "T07"),
                "min_group_share": {"nieuwkomers": 0.15, "ouders": 0.1}}
    )
    solver = template_case.solver.model_copy(update={"backend": "highs", "time_limit_s": 12.5, "threads": 2, "seed": 7})
    case = template_case.model_copy(
        update={"objective": "min_cost", "jobs_target": 150.5, "baseline": None, "rules": rules, "solver": solver}
    )
    case = Case.model_validate(case.model_dump())
    for target in (tmp_path / "folder", tmp_path / "c.xlsx"):
        inputs.write_case(case, target)
        assert inputs.load_case(target).model_dump() == case.model_dump(), target.name


def _with_text(case: Case, table: str, index: int, **update) -> Case:
    rows = list(getattr(case, table))
    rows[index] = rows[index].model_copy(update=update)
    return Case.model_validate({**case.model_dump(), table: [r.model_dump() for r in rows]})


@pytest.mark.parametrize("fmt", ["folder", "c.xlsx"])
def test_round_trip_of_text_that_looks_like_a_formula(template_case: Case, tmp_path: Path, fmt: str):
    """A name or description starting with '=' is text, not an Excel formula."""
    case = _with_text(template_case, "actions", 0, name="=Opvang+", description="=SUM(A1:A3)")
    inputs.write_case(case, tmp_path / fmt)
    back = inputs.load_case(tmp_path / fmt)
    assert back.action("T01").name == "=Opvang+"
    assert back.action("T01").description == "=SUM(A1:A3)"


@pytest.mark.parametrize("fmt", ["folder", "c.xlsx"])
def test_round_trip_of_a_group_id_with_a_dot_in_min_group_share(template_case: Case, tmp_path: Path, fmt: str):
    """Ids may contain '.'; the `case` sheet's dotted keys must not split a group id."""
    data = template_case.model_dump()
    for row in data["groups"] + data["reach"] + data["synergies"]:
        if row["group"] == "ouders":
            row["group"] = "ouders.alleen"
    data["rules"]["min_group_share"] = {"ouders.alleen": 0.1}
    case = Case.model_validate(data)
    inputs.write_case(case, tmp_path / fmt)
    assert inputs.load_case(tmp_path / fmt).model_dump() == case.model_dump()


def test_text_with_a_control_character_is_refused(template_case: Case, template_dir: Path):
    """Invisible control characters cannot be stored in .xlsx: the model refuses them, and so does the reader."""
    with pytest.raises(ValidationError, match="control character U\\+000B"):
        _with_text(template_case, "domains", 0, description="regel\x0bnieuw")
    path = template_dir / "domains.csv"
    path.write_text(path.read_text().replace("Example figure", "Example\x0bfigure", 1))
    with pytest.raises(CaseError) as err:
        inputs.load_case(template_dir)
    assert any(i.file == "domains.csv" and i.row == 2 and i.column == "description" for i in err.value.issues)


# --- bundled cases ------------------------------------------------------------------------------


def test_bundled_template_loads():
    path = inputs.bundled_case_path("template")
    assert path.resolve() == TEMPLATE.resolve()
    case = inputs.load_case(path)
    assert case.name == "Template: small example plan"


def test_bundled_case_names():
    assert set(inputs.BUNDLED) >= {"template", "flanders"}
    with pytest.raises(KeyError):
        inputs.bundled_case_path("nowhere")


def test_bundled_flanders_loads():
    """The bundled Flemish case loads and carries the seed's Table 1 baseline."""
    case = inputs.load_case(inputs.bundled_case_path("flanders"))
    assert case.baseline is not None
    assert case.baseline.population == 3877982 and case.baseline.employed == 2980808
    assert case.baseline.rate == pytest.approx(2980808 / 3877982)
    assert case.baseline.jobs_to_target == pytest.approx(121577.6, abs=0.05)
    assert inputs.load_case() == case  # the default case is the Flemish one


def test_bundled_flanders_round_trips(tmp_path: Path):
    case = inputs.load_case(FLANDERS)
    inputs.write_case(case, tmp_path / "c.xlsx")
    assert inputs.load_case(tmp_path / "c.xlsx").model_dump() == case.model_dump()
    inputs.write_case(case, tmp_path / "folder")
    assert inputs.load_case(tmp_path / "folder").model_dump() == case.model_dump()
