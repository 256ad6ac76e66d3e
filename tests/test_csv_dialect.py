"""Case files as a Belgian Excel saves them: ';' between fields and a decimal comma (inputs/csvdialect.py)."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest

import inputs
from inputs.csvdialect import BELGIAN, STANDARD, belgian_number, header_dialect, number_columns
from inputs.tables import TABLES
from models import CaseError
from portfolio import solve
from conftest import FLANDERS, TEMPLATE, edit_csv, find_issue, read_csv

NUMBER_COLUMNS = {t.file: number_columns(t.model) for t in TABLES}


def belgian(text: str, column: str) -> str:
    """A standard number cell as a Belgian Excel writes it: decimal comma, money with dots between thousands."""
    if not text:
        return text
    if ";" in text:
        return ";".join(belgian(part, column) for part in text.split(";"))
    if column.endswith("_eur") and re.fullmatch(r"\d{4,}", text):
        return f"{int(text):,}".replace(",", ".") + ",00"  # Excel's #.##0,00: 300000 -> 300.000,00
    return text.replace(".", ",")


def write_belgian(source: Path, target: Path, bom: bool = True) -> Path:
    """Copy the case folder `source` to `target` with every CSV file saved as ';' CSV with decimal commas."""
    shutil.copytree(source, target)
    return to_belgian(target, bom)


def to_belgian(target: Path, bom: bool = True) -> Path:
    """Save every CSV file of the folder `target` again as ';' CSV with decimal commas."""
    for path in target.glob("*.csv"):
        rows = read_csv(path)
        header, numbers = rows[0], NUMBER_COLUMNS[path.name]
        converted = [header] + [[belgian(c, h) if h in numbers else c for h, c in zip(header, row)]
                                for row in rows[1:]]
        buf = io.StringIO(newline="")
        csv.writer(buf, delimiter=";", lineterminator="\r\n").writerows(converted)
        path.write_text(("\ufeff" if bom else "") + buf.getvalue(), encoding="utf-8", newline="")
    return target


def test_the_bundled_case_saved_as_belgian_csv_is_the_same_case_and_optimum(tmp_path: Path):
    folder = write_belgian(FLANDERS, tmp_path / "be")
    text = (folder / "costs.csv").read_text(encoding="utf-8-sig")
    assert text.startswith("action;domain;cost_eur") and re.search(r";\d{1,3}(\.\d{3})+,00;", text)
    assert re.search(r";0,\d+;", (folder / "reach.csv").read_text(encoding="utf-8"))
    original, read = inputs.load_case(FLANDERS), inputs.load_case(folder)
    assert read == original
    one, two = solve(original, backend="highs"), solve(read, backend="highs")
    assert two.status == one.status and two.objective_value == pytest.approx(one.objective_value, abs=1e-6)
    assert two.selected == one.selected


def test_a_belgian_file_without_byte_order_mark_reads_the_same(tmp_path: Path, template_case):
    assert inputs.load_case(write_belgian(TEMPLATE, tmp_path / "be", bom=False)) == template_case


def test_only_some_files_belgian_is_fine_each_file_has_its_own_dialect(tmp_path: Path, template_case):
    folder = write_belgian(TEMPLATE, tmp_path / "be")
    for name in ("domains.csv", "groups.csv"):
        shutil.copyfile(TEMPLATE / name, folder / name)
    assert inputs.load_case(folder) == template_case


def edited(tmp_path: Path, file: str, column: str, value: str) -> Path:
    """The template as Belgian CSV with the first data row's `column` of `file` set to `value`."""
    folder = write_belgian(TEMPLATE, tmp_path / "be")
    path = folder / file
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""), delimiter=";"))
    rows[1][rows[0].index(column)] = value
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=";", lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    return folder


@pytest.mark.parametrize(("value", "expected"), [("1.234,5", 1234.5), ("3.000.000", 3_000_000),
                                                 ("3000000,0", 3_000_000), ("2,5E+06", 2_500_000)])
def test_belgian_amounts_are_read(tmp_path: Path, value, expected):
    case = inputs.load_case(edited(tmp_path, "domains.csv", "budget_eur", value))
    assert case.domains[0].budget_eur == expected


def test_a_belgian_ramp_is_a_list_of_decimal_comma_shares(tmp_path: Path):
    folder = write_belgian(inputs.bundled_case_path("template_phased"), tmp_path / "be")
    assert re.search(r'"0,\d+;', (folder / "actions.csv").read_text(encoding="utf-8-sig"))
    assert inputs.load_case(folder) == inputs.load_case(inputs.bundled_case_path("template_phased"))


@pytest.mark.parametrize(("file", "column", "value", "words"), [
    ("domains.csv", "budget_eur", "300.000",
     "'300.000' is ambiguous: 300000 with a dot between thousands, or 300 with three decimals; in a ';' file "
     "write 300000 (or 300.000,00) for the thousands, or 300,000 for the decimals"),
    ("reach.csv", "effect", "0.15",
     "'0.15' has a decimal point, but this file separates its fields with ';' and so takes a decimal comma: "
     "write 0,15"),
    ("costs.csv", "year", "2.026", "'2.026' is ambiguous"),
    ("reach.csv", "effect", "12,5%", "'12,5%' is a percentage; write 0,125 where a share"),
])
def test_a_belgian_file_refuses_what_it_cannot_read_for_sure(tmp_path: Path, file, column, value, words):
    with pytest.raises(CaseError) as err:
        inputs.load_case(edited(tmp_path, file, column, value))
    found = find_issue(err.value.issues, file, 2, column, words)
    assert found.message.startswith(f"{value!r}")


def test_a_refused_ramp_entry_is_located(tmp_path: Path):
    folder = write_belgian(inputs.bundled_case_path("template_phased"), tmp_path / "be")
    path = folder / "actions.csv"
    text = path.read_text(encoding="utf-8-sig")
    line, ramp = next((n, m.group(1)) for n, row in enumerate(text.splitlines(), start=1)
                      if (m := re.search(r'"(0,\d+(?:;[\d,]+)+)"', row)))
    path.write_text(text.replace(ramp, ramp.replace(",", ".", 1), 1), encoding="utf-8")
    with pytest.raises(CaseError) as err:
        inputs.load_case(folder)
    find_issue(err.value.issues, "actions.csv", line, "ramp", "has a decimal point", "write 0,")


def test_a_standard_file_still_refuses_a_decimal_comma(template_dir: Path):
    edit_csv(template_dir / "reach.csv", 2, "effect", "0,15")
    with pytest.raises(CaseError) as err:
        inputs.load_case(template_dir)
    find_issue(err.value.issues, "reach.csv", 2, "effect", "write 0.15")


def test_text_columns_of_a_belgian_file_keep_their_commas_and_dots(tmp_path: Path):
    folder = edited(tmp_path, "domains.csv", "description", "1.234,5 of 0.15: text")
    assert inputs.load_case(folder).domains[0].description == "1.234,5 of 0.15: text"


@pytest.mark.parametrize(("line", "dialect"), [
    ("action;domain;cost_eur", BELGIAN), ("action,domain,cost_eur", STANDARD),
    ('"action";"domain"', BELGIAN), ("action", STANDARD), ("a;b;c", STANDARD),
    ("action,name;x", STANDARD),
])
def test_the_header_line_decides_the_dialect(line, dialect):
    assert header_dialect(line, ("action", "domain", "cost_eur")) is dialect


@pytest.mark.parametrize(("text", "read"), [("0,15", "0.15"), (",5", ".5"), ("-1.234,5", "-1234.5"), ("12", "12"),
                                            ("1.000.000", "1000000"), ("abc", "abc"), ("€ 5", "€ 5")])
def test_belgian_numbers(text, read):
    assert belgian_number(text) == read


def test_a_progress_file_may_be_belgian(tmp_path: Path):
    """The documented progress example (docs/case-format.md section 10), saved as Belgian CSV, reads the same."""
    from inputs.progress import PROGRESS, read_progress

    text = (Path(__file__).parents[1] / "docs" / "case-format.md").read_text(encoding="utf-8")
    block = re.search(r"```csv\n(.*?)```", text[text.index("## 10. Progress"):], re.S).group(1)
    rows = list(csv.reader(io.StringIO(block)))
    numbers = number_columns(PROGRESS.model)
    assert {"spend_eur", "year", "reached"} <= numbers and "status" not in numbers
    rows = [rows[0]] + [[belgian(c, h) if h in numbers else c for h, c in zip(rows[0], row)] for row in rows[1:]]
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=";", lineterminator="\n").writerows(rows)
    (tmp_path / "standard.csv").write_text(block, encoding="utf-8")
    (tmp_path / "be.csv").write_text("\ufeff" + buf.getvalue(), encoding="utf-8")
    assert "," in buf.getvalue() and ";" in buf.getvalue()
    case, plan = inputs.load_case(), {"A01": 2026, "A36": 2027}
    be = read_progress(tmp_path / "be.csv", case, plan, 2027)
    assert be == read_progress(tmp_path / "standard.csv", case, plan, 2027) and be


def test_working_groups_proposals_may_be_belgian(tmp_path: Path):
    from test_merge import merged, rows, split

    case = inputs.load_case(FLANDERS)
    base, proposals = split(case, tmp_path / "split")
    for folder in proposals:
        to_belgian(folder)
    assert (proposals[0] / "costs.csv").read_text(encoding="utf-8-sig").startswith("action;domain;cost_eur")
    assert rows(merged(base, proposals)) == rows(case)


def test_a_value_the_model_refuses_is_quoted_as_written_in_the_belgian_file(tmp_path: Path):
    with pytest.raises(CaseError) as err:
        inputs.load_case(edited(tmp_path, "domains.csv", "budget_eur", "-5.000,5"))
    find_issue(err.value.issues, "domains.csv", 2, "budget_eur", "'-5.000,5' is negative")
