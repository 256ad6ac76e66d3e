"""Phasing in the case files (spec 4.1): every phasing mistake located in a CSV folder and in a workbook,
the phased template and `init --phased`, and a phased case written and read back unchanged."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import inputs
from cli import main
from conftest import CASES, TEMPLATE, add_column, delete_rows, edit_csv, issue_strings, line_of, read_csv
from inputs.workbook import workbook_bytes

PHASED = CASES / "template_phased"


# --- editing a case the same way as a folder and as a workbook ---------------------------------------


class Folder:
    """A copy of a case folder to corrupt; rows are file lines, settings are case.yaml lines."""

    def __init__(self, source: Path, tmp: Path):
        self.path = tmp / "case"
        shutil.copytree(source, self.path)

    def label(self, file: str) -> str:
        return file

    def cell(self, file: str, line: int, column: str, value: str) -> None:
        if column not in read_csv(self.path / file)[0]:
            add_column(self.path / file, column)
        edit_csv(self.path / file, line, column, value)

    def drop(self, file: str, **match: str) -> None:
        delete_rows(self.path / file, **match)

    def remove(self, file: str) -> None:
        (self.path / file).unlink()

    def setting(self, key: str, value: str, after: str) -> None:
        """Set `key` (a line `key: value`, indented by depth) where it is, or on a new line after `after`."""
        *outer, last = key.split(".")
        line = f"{'  ' * len(outer)}{last}: {value}"
        yaml = self.path / "case.yaml"
        lines = yaml.read_text(encoding="utf-8").splitlines()
        at = [i for i, text in enumerate(lines) if text.strip().startswith(f"{last}:")]
        if at:
            lines[at[0]] = line
        else:
            lines.insert(line_of(yaml, after), line)
        yaml.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def rename_setting(self, key: str, new: str) -> None:
        yaml = self.path / "case.yaml"
        old, last = f"{key.split('.')[-1]}:", f"{new.split('.')[-1]}:"
        yaml.write_text(yaml.read_text(encoding="utf-8").replace(old, last), encoding="utf-8")

    def row_of(self, key: str) -> int:
        return line_of(self.path / "case.yaml", f"{key.split('.')[-1]}:")


class Book:
    """The same case as a workbook to corrupt; rows are sheet rows, settings rows of the case sheet."""

    def __init__(self, source: Path, tmp: Path):
        self.path = tmp / "case.xlsx"
        self.path.write_bytes(workbook_bytes(inputs.load_case(source)))
        self.book = openpyxl.load_workbook(self.path)

    def label(self, file: str) -> str:
        return f"case.xlsx[{file.removesuffix('.csv').removesuffix('.yaml')}]"

    def _column(self, ws, column: str) -> int:
        header = [c.value for c in ws[1]]
        if column not in header:
            ws.cell(1, len(header) + 1).value = column
            header.append(column)
        return header.index(column) + 1

    def cell(self, file: str, line: int, column: str, value: str) -> None:
        ws = self.book[file.removesuffix(".csv")]
        ws.cell(line, self._column(ws, column)).value = value or None

    def drop(self, file: str, **match: str) -> None:
        ws = self.book[file.removesuffix(".csv")]
        header = [c.value for c in ws[1]]
        for row in range(ws.max_row, 1, -1):
            if all(str(ws.cell(row, header.index(c) + 1).value) == v for c, v in match.items()):
                ws.delete_rows(row)

    def remove(self, file: str) -> None:
        del self.book[file.removesuffix(".csv")]

    def setting(self, key: str, value: str, after: str) -> None:
        ws = self.book["case"]
        row = self._find(key) or ws.max_row + 1
        ws.cell(row, 1).value = key
        ws.cell(row, 2).value = int(value) if value.isdigit() else value

    def _find(self, key: str) -> int | None:
        ws = self.book["case"]
        return next((r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == key), None)

    def rename_setting(self, key: str, new: str) -> None:
        self.book["case"].cell(self._find(key), 1).value = new

    def row_of(self, key: str) -> int:
        return self._find(key)

    def save(self) -> None:
        self.book.save(self.path)


@dataclass(frozen=True)
class Bad:
    """One phasing mistake: the case it starts from, the edit, and the one issue it must give."""

    name: str
    source: Path
    edit: Callable
    file: str
    row: int | str | None  # a file line, or the dotted key whose line it is
    column: str | None
    message: str


def cell(file: str, line: int, column: str, value: str) -> Callable:
    return lambda case: case.cell(file, line, column, value)


def cells(*edits: tuple) -> Callable:
    return lambda case: [case.cell(*e) for e in edits]


def setting(key: str, value: str, after: str = "start_in:") -> Callable:
    return lambda case: case.setting(key, value, after)


HORIZON = ("is not a year of the horizon (the horizon of budgets.csv is 2026-2029); an action starts in a "
           "budget year")
PHASED_ONLY = ("applies only to a phased case; give costs.csv a run_year column (the case format reference, "
               "section 4.6)")
START = "rules.start_in.T04"

BAD = [
    Bad("run_year missing", PHASED, cell("costs.csv", 3, "run_year", ""), "costs.csv", 3, "run_year",
        "is empty; in a phased case every cost row needs a run_year (1: the year the action starts)"),
    Bad("run_year below 1", PHASED, cell("costs.csv", 3, "run_year", "0"), "costs.csv", 3, "run_year",
        "0 is below 1; run_year must be >= 1"),
    Bad("year and run_year both", PHASED, cell("costs.csv", 4, "year", "2026"), "costs.csv", 4, "year",
        "2026 is a calendar year, but a phased case charges costs by run_year (the year of running); "
        "leave year empty"),
    Bad("year instead of run_year", PHASED,
        cells(("costs.csv", 4, "year", "2026"), ("costs.csv", 4, "run_year", "")), "costs.csv", 4, "run_year",
        "is empty but year is 2026; costs.csv has run_year, so the case is phased and charges every cost by "
        "its run_year (1: the year the action starts); write the run year and leave year empty"),
    Bad("a run year twice", PHASED, cell("costs.csv", 3, "run_year", "1"), "costs.csv", 3, "domain",
        "cost row T01/welzijn/run_year 1 appears again (first on line 2); each must be unique"),
    Bad("a cost year twice, unphased (as v1 says it)", TEMPLATE, cell("costs.csv", 3, "year", "2026"),
        "costs.csv", 3, "domain",
        "cost row T01/welzijn/2026 appears again (first on line 2); each must be unique"),
    Bad("ramp decreasing", PHASED, cell("actions.csv", 3, "ramp", "0.7;0.3"), "actions.csv", 3, "ramp",
        "0.3 after 0.7: a ramp never decreases (the share of the full effect after 1, 2, 3 ... years of "
        "running); write e.g. 0.3;0.7;1"),
    Bad("ramp above 1", PHASED, cell("actions.csv", 3, "ramp", "0.5;1.5"), "actions.csv", 3, "ramp",
        "1.5 is above 1; ramp must be <= 1 (a share: write 0.015 for 1.5 %)"),
    Bad("ramp negative", PHASED, cell("actions.csv", 3, "ramp", "-0.5;1"), "actions.csv", 3, "ramp",
        "-0.5 is negative; ramp must be >= 0"),
    Bad("ramp not a number", PHASED, cell("actions.csv", 3, "ramp", "0.5;veel"), "actions.csv", 3, "ramp",
        "'veel' is not a number"),
    Bad("earliest_start before the horizon", PHASED, cell("actions.csv", 3, "earliest_start", "2025"),
        "actions.csv", 3, "earliest_start", f"2025 {HORIZON}"),
    Bad("latest_start after the horizon", PHASED, cell("actions.csv", 3, "latest_start", "2031"),
        "actions.csv", 3, "latest_start", f"2031 {HORIZON}"),
    Bad("latest_start before the horizon, earliest empty", PHASED,
        cells(("actions.csv", 4, "earliest_start", ""), ("actions.csv", 4, "latest_start", "2025")),
        "actions.csv", 4, "latest_start", f"2025 {HORIZON}"),
    Bad("earliest after latest", PHASED, cell("actions.csv", 3, "earliest_start", "2029"),
        "actions.csv", 3, "latest_start",
        "2028 is before earliest_start 2029; need earliest_start <= latest_start"),
    Bad("start_in outside the window", PHASED, setting(START, "2029"), "case.yaml", START, START,
        "2029 is outside the start window of 'T04' (2026-2027); pick a year in it or change "
        "earliest_start/latest_start in actions.csv"),
    Bad("start_in of an unknown action", PHASED, lambda c: c.rename_setting(START, "rules.start_in.T4"),
        "case.yaml", "rules.start_in.T4", "rules.start_in.T4",
        "unknown action 'T4' (did you mean 'T04'?); use an id of actions.csv"),
    Bad("start_in not a year", PHASED, setting(START, "soon"), "case.yaml", START, START,
        "'soon' is not a whole number"),
    Bad("a budget year missing", PHASED, lambda c: c.drop("budgets.csv", domain="welzijn", year="2028"),
        "budgets.csv", None, None,
        "domain 'welzijn' pays costs but has no budget in 2028; a phased case needs a budget per paying "
        "domain and year of the horizon (write 0 for none)"),
    Bad("no budgets at all", PHASED, lambda c: c.remove("budgets.csv"), "costs.csv", None, None,
        "has run_year, so the case is phased and needs budgets.csv: its years are the horizon the actions "
        "start in"),
    Bad("target_year before the horizon", PHASED, setting("target_year", "2020", "jobs_target:"),
        "case.yaml", "target_year", "target_year",
        "2020 is before the horizon (the horizon of budgets.csv is 2026-2029); no action would count"),
    Bad("earliest_start in an unphased case", TEMPLATE, cell("actions.csv", 3, "earliest_start", "2026"),
        "actions.csv", 3, "earliest_start", PHASED_ONLY),
    Bad("latest_start in an unphased case", TEMPLATE, cell("actions.csv", 3, "latest_start", "2027"),
        "actions.csv", 3, "latest_start", PHASED_ONLY),
    Bad("ramp in an unphased case", TEMPLATE, cell("actions.csv", 3, "ramp", "0.5;1"),
        "actions.csv", 3, "ramp", PHASED_ONLY),
    Bad("target_year in an unphased case", TEMPLATE, setting("target_year", "2027", "jobs_target:"),
        "case.yaml", "target_year", "target_year", PHASED_ONLY),
    Bad("start_in in an unphased case", TEMPLATE,
        lambda c: (c.setting("rules.start_in", "", "locked_out:"), c.setting(START, "2026", "start_in:")),
        "case.yaml", "rules.start_in", "rules.start_in", PHASED_ONLY),
]


def _expected(kind, case, bad: Bad) -> str:
    row = case.row_of(bad.row) if isinstance(bad.row, str) else bad.row
    file = "case.yaml" if bad.file == "case.yaml" else bad.file
    message = bad.message
    if kind is Book:
        message = re.sub(r"(?<![\w'.])(\w+)\.csv", r"sheet `\1`", message)
    where = ":".join(str(p) for p in (case.label(file), row, bad.column) if p is not None)
    return f"{where}: {message}"


@pytest.mark.parametrize("kind", [Folder, Book], ids=["folder", "workbook"])
@pytest.mark.parametrize("bad", BAD, ids=[b.name for b in BAD])
def test_a_phasing_mistake_is_one_located_line(kind, bad: Bad, tmp_path: Path):
    case = kind(bad.source, tmp_path)
    bad.edit(case)
    if kind is Book:
        case.save()
    assert issue_strings(case.path) == [_expected(kind, case, bad)]


@pytest.mark.parametrize("bad", BAD, ids=[b.name for b in BAD])
def test_the_command_line_exits_1_with_the_line_and_no_traceback(bad: Bad, tmp_path: Path):
    case = Folder(bad.source, tmp_path)
    bad.edit(case)
    result = CliRunner().invoke(main, ["validate", str(case.path)])
    assert result.exit_code == 1, result.output
    assert _expected(Folder, case, bad) in result.stderr.splitlines()
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)


# --- writing a case: phasing kept, a case without it written as before --------------------------------


def test_a_case_without_phasing_is_written_without_the_phasing_keys(template_case, tmp_path: Path):
    inputs.write_case(template_case, tmp_path / "c")
    text = (tmp_path / "c" / "case.yaml").read_text(encoding="utf-8")
    assert "target_year" not in text and "start_in" not in text
    book = openpyxl.load_workbook(inputs.write_case(template_case, tmp_path / "c.xlsx"))
    keys = [r[0].value for r in book["case"].iter_rows()]
    assert not [k for k in keys if "target_year" in k or "start_in" in k]


def _with_dotted_ids(tmp_path: Path) -> Path:
    """The phased template with T04 renamed T.04: an action id may hold dots, in rules.start_in too."""
    folder = tmp_path / "dotted"
    shutil.copytree(PHASED, folder)
    for path in folder.iterdir():
        path.write_text(path.read_text(encoding="utf-8").replace("T04", "T.04"), encoding="utf-8")
    return folder


@pytest.mark.parametrize("source", ["template", "dotted"])
def test_a_phased_case_round_trips_folder_workbook_folder(source, tmp_path: Path):
    folder = PHASED if source == "template" else _with_dotted_ids(tmp_path)
    case = inputs.load_case(folder)
    assert case.phased and case.rules.start_in and case.target_year == 2029
    book = inputs.load_case(inputs.write_case(case, tmp_path / "c.xlsx"))
    assert book == case
    assert inputs.load_case(inputs.write_case(book, tmp_path / "again")) == case


def test_a_phased_case_without_target_year_or_start_in_writes_both_keys_to_fill_in(tmp_path: Path):
    case = inputs.load_case(PHASED)
    rules = case.rules.model_copy(update={"start_in": {}})
    bare = case.model_copy(update={"target_year": None, "rules": rules})
    inputs.write_case(bare, tmp_path / "c")
    text = (tmp_path / "c" / "case.yaml").read_text(encoding="utf-8")
    assert "target_year: null" in text and "start_in: {}" in text
    ws = openpyxl.load_workbook(inputs.write_case(bare, tmp_path / "c.xlsx"))["case"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    assert rows["target_year"][1].value is None and rows["rules.start_in"][1].value is None
    assert "rules.start_in.<action id>" in rows["rules.start_in"][0].comment.text
    assert inputs.load_case(tmp_path / "c.xlsx") == bare


def test_the_phased_workbook_explains_the_new_columns_and_keys(tmp_path: Path):
    book = openpyxl.load_workbook(inputs.write_case(inputs.load_case(PHASED), tmp_path / "c.xlsx"))
    notes = {(ws.title, c.value): c.comment.text for ws in book for c in ws[1] if c.comment}
    notes |= {("case", r[0].value): r[0].comment.text
              for r in book["case"].iter_rows(min_row=2) if r[0].comment}
    assert "first year the action may start" in notes["actions", "earliest_start"]
    assert "whole number from 1900 to 2200" in notes["actions", "latest_start"]
    assert "numbers from 0 to 1 separated by ';'" in notes["actions", "ramp"], notes["actions", "ramp"]
    assert "1: the year the action starts" in notes["costs", "run_year"]
    assert "whole number from 1 to 100" in notes["costs", "run_year"]
    assert "the year whose jobs count" in notes["case", "target_year"]
    assert "starts that year" in notes["case", "rules.start_in.T04"]


# --- init --phased ------------------------------------------------------------------------------------


@pytest.mark.parametrize("flag", [[], ["--xlsx"]], ids=["folder", "workbook"])
def test_init_phased_writes_the_phased_template(flag, tmp_path: Path):
    result = CliRunner().invoke(main, ["init", str(tmp_path / "mine"), "--phased", *flag])
    assert result.exit_code == 0, result.output
    written = tmp_path / "mine" / ("case.xlsx" if flag else "")
    assert inputs.load_case(written) == inputs.load_case(inputs.bundled_case_path("template_phased"))
    if not flag:
        readme = (written / "README.md").read_text(encoding="utf-8")
        assert readme == (PHASED / "README.md").read_text(encoding="utf-8")


def test_the_phased_template_plans_starts_in_several_years_and_commits_after_the_horizon():
    from portfolio.solve import solve

    solution = solve(inputs.load_case(PHASED))
    assert solution.status.value == "optimal" and solution.phased
    assert len(set(solution.start_year.values())) > 1
    assert sum(solution.committed_after_horizon_eur.values()) > 0
    assert solution.jobs_by_year[2026] < solution.jobs_by_year[2029] == solution.jobs_total


def test_the_messages_the_case_format_shows_are_the_tools_own():
    """docs/case-format.md 6.3 quotes the phasing messages; each quote without '...' is one of those above."""
    text = (Path(inputs.__file__).parent.parent / "docs" / "case-format.md").read_text(encoding="utf-8")
    section = text[text.index("### 6.3 Phasing checks"):text.index("A cost row repeating an (action, domain")]
    quoted = re.findall(r"`[\w.]+(?::\d+:[\w.]+)?: ([^`]+)`", section)
    known = {b.message for b in BAD}
    whole = [q for q in quoted if "..." not in q]
    assert len(whole) >= 12 and [q for q in whole if q not in known] == []


def test_a_start_year_yaml_reads_otherwise_is_refused_as_written(tmp_path: Path):
    case = Folder(PHASED, tmp_path)
    case.setting("rules.start_in.T04", "02026", "start_in:")
    assert issue_strings(case.path) == [
        f"case.yaml:{case.row_of(START)}:{START}: YAML reads 02026 as 1046 (octal, because of the leading "
        "0); write the number in plain digits (1046, or 2026 if that is what you mean)"
    ]
