"""Shared fixtures and helpers of the test suite: a copy of the template case to corrupt, and issue lookups."""

from __future__ import annotations

import csv
import io
import shutil
import signal
from pathlib import Path
from typing import Any

import pytest
import yaml

import inputs
from models import CaseError, Issue

# The suite tests Ctrl-C as a terminal delivers it. Started in the background of a script (as CI may start
# it), pytest has SIGINT ignored, and so would every command it starts and every solve it runs.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

CASES = Path(inputs.__file__).parent / "cases"
TEMPLATE = CASES / "template"
FLANDERS = CASES / "flanders"


# --- the template case -------------------------------------------------------------------------


@pytest.fixture
def template_dir(tmp_path: Path) -> Path:
    """A fresh copy of the bundled template case folder, free to corrupt."""
    target = tmp_path / "case"
    shutil.copytree(TEMPLATE, target)
    return target


@pytest.fixture(scope="session")
def template_case():
    """The template case, loaded once (models are immutable, so sharing is safe)."""
    return inputs.load_case(TEMPLATE)


# --- CSV helpers ---------------------------------------------------------------------------------
# Rows are addressed by their line in the file, as issues are: the header is line 1 and the
# first data row line 2. The template's files hold one record per line, so line == index + 1.


def read_csv(path: Path) -> list[list[str]]:
    """Every row of a CSV file (header included) as lists of cells."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [row for row in csv.reader(fh)]


def write_csv(path: Path, rows: list[list[Any]]) -> None:
    """Write rows (header first) as a UTF-8 CSV file with `\\n` line ends."""
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\n").writerows([[str(c) for c in row] for row in rows])
    Path(path).write_text(buf.getvalue(), encoding="utf-8", newline="")


def edit_csv(path: Path, row: int, column: str, value: Any) -> None:
    """Set the cell at file line `row` (2 = first data row) and `column` to `value`."""
    rows = read_csv(path)
    col = rows[0].index(column)
    cells = rows[row - 1]
    cells.extend([""] * (col + 1 - len(cells)))
    cells[col] = str(value)
    write_csv(path, rows)


def get_cell(path: Path, row: int, column: str) -> str:
    rows = read_csv(path)
    return rows[row - 1][rows[0].index(column)]


def append_row(path: Path, values: dict[str, Any]) -> int:
    """Append a row given as column -> value (missing columns empty); return its line number."""
    rows = read_csv(path)
    rows.append([str(values.get(c, "")) for c in rows[0]])
    write_csv(path, rows)
    return len(rows)


def delete_rows(path: Path, **match: str) -> None:
    """Delete every data row whose cells equal all of `match` (column=value)."""
    rows = read_csv(path)
    header = rows[0]
    keep = [
        r for r in rows[1:] if not all(r[header.index(c)] == v for c, v in match.items())
    ]
    write_csv(path, [header] + keep)


def rename_column(path: Path, old: str, new: str) -> None:
    rows = read_csv(path)
    rows[0][rows[0].index(old)] = new
    write_csv(path, rows)


def drop_column(path: Path, column: str) -> None:
    rows = read_csv(path)
    col = rows[0].index(column)
    write_csv(path, [r[:col] + r[col + 1 :] for r in rows])


def add_column(path: Path, column: str, values: list[Any] | Any = "") -> None:
    """Add a column at the end; `values` is one value per data row or one value for all."""
    rows = read_csv(path)
    n = len(rows) - 1
    if not isinstance(values, list):
        values = [values] * n
    assert len(values) == n, f"{path.name} has {n} data rows, got {len(values)} values"
    write_csv(path, [rows[0] + [column]] + [r + [str(v)] for r, v in zip(rows[1:], values)])


def unphased_flanders(folder: Path) -> Path:
    """The bundled case as it was before phasing, written to `folder`: each cost in the calendar year of its
    run year when the action starts as early as it used to (2026; A04 2027), no start windows, ramps or
    target year. Its optimum is 3,628.0 jobs (tests/test_bundled_phasing.py)."""
    shutil.copytree(FLANDERS, folder)
    costs = read_csv(folder / "costs.csv")
    action, run = costs[0].index("action"), costs[0].index("run_year")
    costs[0][run] = "year"
    for row in costs[1:]:
        row[run] = str(int(row[run]) + (2026 if row[action] == "A04" else 2025))
    write_csv(folder / "costs.csv", costs)
    for column in ("earliest_start", "latest_start", "ramp"):
        drop_column(folder / "actions.csv", column)
    settings = read_yaml(folder / "case.yaml")
    del settings["target_year"]
    write_yaml(folder / "case.yaml", settings)
    return folder


# --- case.yaml helpers ----------------------------------------------------------------------------


def read_yaml(path: Path) -> dict[str, Any]:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def write_yaml(path: Path, data: dict[str, Any]) -> None:
    """Write a settings mapping as block-style YAML, keys in the given order."""
    Path(path).write_text(
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False),
        encoding="utf-8",
    )


def set_dotted(data: dict, key: str, value: Any) -> None:
    """Set a dotted key (e.g. `rules.max_actions`) in nested mappings, creating mappings on the way."""
    node = data
    parts = key.split(".")
    for part in parts[:-1]:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    node[parts[-1]] = value


def edit_yaml(path: Path, key: str, value: Any) -> None:
    """Set a dotted key of a case.yaml file."""
    data = read_yaml(path) or {}
    set_dotted(data, key, value)
    write_yaml(path, data)


def line_of(path: Path, text: str, occurrence: int = 1) -> int:
    """The 1-based line of the `occurrence`-th line of a file that contains `text`."""
    found = 0
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            found += 1
            if found == occurrence:
                return number
    raise AssertionError(f"{text!r} not found in {path}")


# --- issues ------------------------------------------------------------------------------------


def load_issues(path: Path) -> list[Issue]:
    """Load a case that must be bad; return its issues (fails the test if it loads)."""
    try:
        inputs.load_case(path)
    except CaseError as err:
        assert err.issues, "CaseError without issues"
        return list(err.issues)
    raise AssertionError(f"{path} loaded without a CaseError")


def issue_strings(path: Path) -> list[str]:
    """The issues of a bad case as `file:row:column: message` strings."""
    return [str(i) for i in load_issues(path)]


def find_issue(
    issues: list[Issue], file: str, row: int | None, column: str | None, *words: str
) -> Issue:
    """The issue at file:row:column whose message holds every word (case-insensitive); else fail."""
    for issue in issues:
        if issue.file == file and issue.row == row and issue.column == column:
            text = issue.message.lower()
            if all(w.lower() in text for w in words):
                return issue
    shown = "\n  ".join(str(i) for i in issues)
    where = ":".join(str(p) for p in (file, row, column) if p is not None)
    raise AssertionError(f"no issue at {where} with {list(words)}; got:\n  {shown}")


def assert_issue(path: Path, file: str, row: int | None, column: str | None, *words: str) -> Issue:
    """Load `path`, expect a CaseError, and find the issue at file:row:column with `words`."""
    return find_issue(load_issues(path), file, row, column, *words)
