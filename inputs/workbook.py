"""Read and write a case as an .xlsx workbook: one sheet per CSV file plus a `case` sheet of dotted keys."""

from __future__ import annotations

import io
import math
import os
import zipfile
from pathlib import Path
from typing import Any

import openpyxl

from inputs.assemble import Source, assemble
from inputs.folder import atomic_write
from inputs.settings import flatten, settings_dict, unflatten, validate_settings
from inputs.tables import TABLES, format_cell, parse_table, record_cells
from models import Case, CaseError, Issue

SETTINGS_SHEET = "case"
LIST_KEYS = ("rules.locked_in", "rules.locked_out")


def _text(value: Any) -> str:
    """A cell as the text a CSV file would hold."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return format_cell(value)


def _setting_value(key: str, value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            value = None
    if key in LIST_KEYS:
        if value is None:
            return []
        return [part.strip() for part in str(value).split(";") if part.strip()]
    return value


def read_workbook(path: str | os.PathLike) -> Case:
    """Load a case workbook. Raises CaseError listing every problem as book[sheet]:row:column."""
    path = Path(path)
    name = path.name
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise CaseError([Issue(name, None, None, f"cannot be opened as an .xlsx workbook: {err}")]) from None
    try:
        sheets = {ws.title: ws for ws in book.worksheets}
        issues: list[Issue] = []
        source = Source()
        settings = None
        if SETTINGS_SHEET not in sheets:
            issues.append(Issue(name, None, None, f"has no sheet {SETTINGS_SHEET!r} with the settings"))
        else:
            label = f"{name}[{SETTINGS_SHEET}]"
            rows: list[tuple[str, Any]] = []
            for line, cells in enumerate(sheets[SETTINGS_SHEET].iter_rows(values_only=True), start=1):
                cells = list(cells) + [None, None]
                key = _text(cells[0]).strip()
                if not key or (line == 1 and key.lower() == "key"):
                    continue
                if key in source.key_lines:
                    issues.append(Issue(label, line, key, f"appears twice (first on row {source.key_lines[key]}); keep one"))
                    continue
                source.key_lines[key] = line
                rows.append((key, _setting_value(key, cells[1])))
            settings, found, _ = validate_settings(unflatten(rows), label, source.key_lines)
            issues.extend(found)
            source.labels["case.yaml"] = label
        tables = {}
        for table in TABLES:
            ws = sheets.get(table.stem) or sheets.get(table.file)
            if ws is None:
                if table.required:
                    issues.append(Issue(name, None, None, f"has no sheet {table.stem!r}; it is required"))
                continue
            label = f"{name}[{ws.title}]"
            source.labels[table.file] = label
            all_rows = [[_text(c) for c in row] for row in ws.iter_rows(values_only=True)]
            if not all_rows:
                issues.append(Issue(label, 1, None, "is empty; it needs at least a header row"))
                continue
            header = all_rows[0]
            while header and header[-1] == "":
                header = header[:-1]
            body = []
            for line, cells in enumerate(all_rows[1:], start=2):
                while len(cells) > len(header) and cells[-1] == "":
                    cells = cells[:-1]
                body.append((line, cells))
            records, lines, found = parse_table(table, label, header, body)
            issues.extend(found)
            tables[table] = records
            source.lines[table.file] = lines
    finally:
        book.close()
    if issues or settings is None:
        raise CaseError(issues)
    return assemble(settings, tables, source)


def _as_text(sheet) -> None:
    """Keep text that starts with '=' as text: openpyxl would store it as a formula."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"


def workbook_bytes(case: Case) -> bytes:
    """The .xlsx file of `case`."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = SETTINGS_SHEET
    ws.append(["key", "value"])
    for key, value in flatten(settings_dict(case.settings)):
        if isinstance(value, list):
            value = ";".join(value)
        ws.append([key, value])
    _as_text(ws)
    for table in TABLES:
        records = getattr(case, table.field)
        if records is None:
            continue
        sheet = book.create_sheet(table.stem)
        header, rows = record_cells(table, records)
        sheet.append(header)
        for row in rows:
            sheet.append([format_cell(v) if isinstance(v, (tuple, list)) else v for v in row])
        _as_text(sheet)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def write_workbook(case: Case, path: str | os.PathLike, overwrite: bool = False) -> Path:
    """Write `case` as an .xlsx workbook. Refuses to replace an existing file unless `overwrite`."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} already exists; choose another name or allow overwriting")
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, workbook_bytes(case))
    return path
