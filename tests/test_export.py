"""`portfolio export CASE --xlsx BOOK.xlsx`: any case as a workbook to go on with in Excel, read back as the same
case; an existing file is kept unless --force."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import inputs
from cli import main
from conftest import FLANDERS, TEMPLATE
from inputs.tables import TABLES
from portfolio import solve


def export(*args: str):
    return CliRunner().invoke(main, ["export", *args])


@pytest.fixture(scope="module")
def flanders_book(tmp_path_factory) -> Path:
    book = tmp_path_factory.mktemp("export") / "flanders.xlsx"
    done = export(str(FLANDERS), "--xlsx", str(book))
    assert done.exit_code == 0, done.output
    assert f"wrote {book}" in done.stderr
    return book


def test_the_bundled_case_round_trips_folder_workbook_folder(flanders_book: Path, tmp_path: Path):
    original = inputs.load_case(FLANDERS)
    assert original.phased and original.synergies and original.budgets  # what the round trip must carry
    folder = inputs.write_case(inputs.load_case(flanders_book), tmp_path / "back")
    back = inputs.load_case(folder)
    assert back == original
    one, two = solve(original, backend="highs"), solve(back, backend="highs")
    assert (two.status, two.selected, two.start_year) == (one.status, one.selected, one.start_year)
    assert two.objective_value == pytest.approx(one.objective_value, abs=1e-9)


def test_every_table_of_the_case_is_a_sheet_with_its_header_comments_and_dropdowns(flanders_book: Path):
    case = inputs.load_case(FLANDERS)
    book = openpyxl.load_workbook(flanders_book)
    present = [t for t in TABLES if getattr(case, t.field)]
    assert {t.stem for t in present} | {"case"} <= set(book.sheetnames)
    for table in present:
        ws = book[table.stem]
        assert all(c.comment is not None for c in ws[1]), table.stem
    dropdowns = [dv for dv in book["costs"].data_validations.dataValidation if dv.type == "list"]
    assert {dv.formula1.split("!")[0].strip("'") for dv in dropdowns} == {"actions", "domains"}


def test_the_comments_are_dutch_by_default_and_english_on_request(flanders_book: Path, tmp_path: Path):
    nl = openpyxl.load_workbook(flanders_book)["costs"]
    assert any("kost voor dit domein, EUR" in c.comment.text for c in nl[1])
    done = export(str(TEMPLATE), "--xlsx", str(tmp_path / "en.xlsx"), "--lang", "en")
    assert done.exit_code == 0, done.output
    en = openpyxl.load_workbook(tmp_path / "en.xlsx")["costs"]
    assert any("cost to this domain, EUR" in c.comment.text for c in en[1])


def test_portfolio_lang_chooses_the_language_when_lang_is_not_given(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PORTFOLIO_LANG", "en")
    assert export(str(TEMPLATE), "--xlsx", str(tmp_path / "en.xlsx")).exit_code == 0
    assert any("cost to this domain" in c.comment.text for c in openpyxl.load_workbook(tmp_path / "en.xlsx")["costs"][1])


def test_an_existing_workbook_is_kept_unless_forced(tmp_path: Path):
    book = tmp_path / "mine.xlsx"
    book.write_bytes(b"the planner's own work")
    done = export(str(TEMPLATE), "--xlsx", str(book))
    assert done.exit_code == 1 and "already exists" in done.stderr and "--force" in done.stderr
    assert "Traceback" not in done.output
    assert book.read_bytes() == b"the planner's own work"
    done = export(str(TEMPLATE), "--xlsx", str(book), "--force")
    assert done.exit_code == 0, done.output
    assert inputs.load_case(book) == inputs.load_case(TEMPLATE)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.xlsx"]  # no temporary file left behind


@pytest.mark.parametrize(("args", "code", "words"), [
    (["--xlsx", "{tmp}/book.csv"], 1, "must end in .xlsx"),
    (["--xlsx", "{tmp}/missing/book.xlsx"], 1, "does not exist"),
    ([], 2, "--xlsx"),
])
def test_bad_targets_are_one_line_each(tmp_path: Path, args, code, words):
    done = export(str(TEMPLATE), *[a.format(tmp=tmp_path) for a in args])
    assert done.exit_code == code and words in done.stderr and "Traceback" not in done.output


def test_a_bad_case_is_refused_before_anything_is_written(template_dir: Path, tmp_path: Path):
    (template_dir / "domains.csv").write_text("domain,name,budget_eur\nwerk,Werk,-5\n", encoding="utf-8")
    done = export(str(template_dir), "--xlsx", str(tmp_path / "book.xlsx"))
    assert done.exit_code == 1 and "domains.csv:2:budget_eur" in done.stderr
    assert not (tmp_path / "book.xlsx").exists()


def test_the_case_workbook_itself_is_never_the_target(tmp_path: Path):
    book = inputs.write_case(inputs.load_case(TEMPLATE), tmp_path / "case.xlsx")
    before = book.read_bytes()
    done = export(str(book), "--xlsx", str(book), "--force")
    assert done.exit_code == 2 and "part of the case" in done.stderr
    assert book.read_bytes() == before
