"""Read a progress file (progress.csv, or the sheet `progress` of a workbook) and check it against a case and
its plan: every problem as file:row:column."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

from inputs.csvdialect import STANDARD
from inputs.folder import _csv_rows, _CsvProblem
from inputs.tables import Table, format_cell, parse_table
from inputs.textfile import read_text_file
from models import Case, CaseError, Issue
from models.errors import did_you_mean
from models.progress import ProgressRow

PROGRESS = Table("progress.csv", ProgressRow, "progress", True)
SHEET = "progress"
HINT = ("give a progress CSV file or a workbook with a sheet `progress` (see docs/following-a-plan.md, "
        "section 1)")


def read_progress(path: str | os.PathLike, case: Case, plan: Mapping[str, int | None] | Sequence[str],
                  as_of: int) -> tuple[ProgressRow, ...]:
    """The rows of the progress file `path`, checked against `case`, the actions of `plan` and the year
    monitored `as_of`. Raises CaseError listing every problem (file:row:column)."""
    path = Path(path)
    label = path.name
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        header, rows, label = _sheet_rows(path)
        dialect = STANDARD
    else:
        text = read_text_file(path, HINT)
        try:
            header, rows, dialect = _csv_rows(text, PROGRESS.columns)
        except _CsvProblem as err:
            raise CaseError([Issue(label, err.line, None, str(err))]) from None
        if header is None:
            raise CaseError([Issue(label, 1, None, "is empty; it needs at least a header row")])
    parsed = parse_table(PROGRESS, label, header, rows, dialect=dialect)
    issues = list(parsed.issues)
    issues += _cross_checks(parsed.records, parsed.lines, label, case, plan, as_of)
    if issues:
        raise CaseError(issues)
    return tuple(parsed.records)


def _sheet_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]], str]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a file that is no workbook
        raise CaseError([Issue(path.name, None, None, f"cannot be opened as an .xlsx workbook: {err}")]) from None
    try:
        if SHEET not in book.sheetnames:
            raise CaseError([Issue(path.name, None, None, f"has no sheet {SHEET!r}; {HINT}")])
        cells = [[_text(c) for c in row] for row in book[SHEET].iter_rows(values_only=True)]
    finally:
        book.close()
    label = f"{path.name}[{SHEET}]"
    if not cells:
        raise CaseError([Issue(label, 1, None, "is empty; it needs at least a header row")])
    return cells[0], list(enumerate(cells[1:], start=2)), label


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return format_cell(value)


def _cross_checks(rows: list[ProgressRow], lines: list[int], label: str, case: Case,
                  plan: Mapping[str, int | None] | Sequence[str], as_of: int) -> list[Issue]:
    issues: list[Issue] = []
    actions = {a.action for a in case.actions}
    domains = {d.domain for d in case.domains}
    groups = {g.group for g in case.groups}
    first = case.years[0] if case.years else None
    status_of: dict[tuple[str, int], tuple[str, int]] = {}
    seen: dict[tuple, int] = {}
    stopped: dict[str, int] = {}
    for row, line in sorted(zip(rows, lines), key=lambda pair: (pair[0].year, pair[1])):
        def problem(column: str | None, message: str) -> None:
            issues.append(Issue(label, line, column, message))

        if row.action not in actions:
            problem("action", f"unknown action {row.action!r}{did_you_mean(row.action, actions)}; use an action "
                              "of the case")
            continue
        if row.action not in plan:
            problem("action", f"{row.action!r} is not in the plan; progress is reported for the plan's actions")
        if row.year > as_of:
            problem("year", f"{row.year} is in the future: the progress runs up to {as_of}; report past years "
                            "only (or monitor a later year with --as-of)")
        if first is not None and row.year < first:
            problem("year", f"{row.year} is before the horizon, which starts in {first}")
        if row.domain is not None and row.domain not in domains:
            problem("domain", f"unknown domain {row.domain!r}{did_you_mean(row.domain, domains)}")
        if row.group is not None and row.group not in groups:
            problem("group", f"unknown group {row.group!r}{did_you_mean(row.group, groups)}")
        key = (row.action, row.year)
        if key in status_of and status_of[key][0] != row.status:
            problem("status", f"{row.status} contradicts {status_of[key][0]} on line {status_of[key][1]} for "
                              f"{row.action} in {row.year}; an action has one status a year")
        status_of.setdefault(key, (row.status, line))
        for kind, value in (("domain", row.domain), ("group", row.group)):
            if value is not None:
                if (row.action, row.year, kind, value) in seen:
                    problem(kind, f"{row.action} in {row.year} for {kind} {value!r} appears again (first on line "
                                  f"{seen[row.action, row.year, kind, value]}); give one row each")
                seen.setdefault((row.action, row.year, kind, value), line)
        if row.action in stopped and row.year > stopped[row.action] and row.status in ("started", "delayed"):
            problem("status", f"{row.action} stopped in {stopped[row.action]} and cannot be {row.status} in "
                              f"{row.year}; a stopped action stays stopped")
        if row.status == "stopped":
            stopped.setdefault(row.action, row.year)
        if row.status in ("delayed", "not_started") and row.spend_eur:
            problem("spend_eur", f"{format_cell(row.spend_eur)} spent although {row.action} is {row.status} in "
                                 f"{row.year}; report spend of a running (started or stopped) action")
    return issues


def by_action(rows: Sequence[ProgressRow]) -> dict[str, list[ProgressRow]]:
    """The rows of each action, by year."""
    out: dict[str, list[ProgressRow]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: r.year):
        out[row.action].append(row)
    return dict(out)
