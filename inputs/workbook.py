"""Read and write a case as an .xlsx workbook: one sheet per CSV file plus a `case` sheet of dotted keys.

Written workbooks help a planner in Excel: every header cell explains its
column (meaning, unit, type) in a comment, id columns that refer to another
sheet offer its ids as a drop-down, and the header row is bold and frozen.
None of that is read back: the reader only reads cell values.
"""

from __future__ import annotations

import functools
import io
import math
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import openpyxl
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from inputs.files import atomic_write
from inputs.assemble import Source, assemble
from inputs.settings import flatten, setting_field, settings_dict, unflatten, validate_settings
from inputs.tables import ANNOTATION_PREFIX, TABLES, Table, did_you_mean, format_cell, parse_table, record_cells
from models import Case, CaseError, Issue
from models.case import ID_PATTERN, LIST_SEPARATOR

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


def _misnamed_sheets(book: str, titles: list[str]) -> list[Issue]:
    """Sheets named almost like a case sheet (`Synergies`, `budget`): they would be skipped without a word.

    Sheets with other names (notes, sources, a summary) are the planner's own and are left alone.
    """
    stems = [SETTINGS_SHEET] + [t.stem for t in TABLES]
    exact = set(stems) | {t.file for t in TABLES}
    issues = []
    for title in titles:
        if title in exact:
            continue
        stem = title.strip().lower().removesuffix(".csv")
        if stem in stems:
            issues.append(Issue(f"{book}[{title}]", None, None, f"must be named {stem!r} (lower case, no spaces)"))
        elif hint := did_you_mean(stem, stems):
            issues.append(Issue(f"{book}[{title}]", None, None, f"is not a sheet of the case format{hint}; rename it"))
    return issues


OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls), and Excel's encrypted .xlsx
ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _not_openable(path: Path) -> str | None:
    """Why `path` is a file openpyxl cannot read, in a planner's words, or None when it may be a workbook."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
            if head != OLE_SIGNATURE:
                return None
            data = head + fh.read()
    except OSError as err:
        return f"cannot be read: {err.strerror or err}"
    if ENCRYPTED_MARK in data:
        return ("is protected with a password, so it cannot be read; save a copy without the password "
                "(in Excel: File > Info > Protect Workbook > Encrypt with Password, and clear it)")
    return ("is an Excel 97-2003 workbook (.xls) whatever its name says; open it in Excel or LibreOffice and "
            "save it as an Excel Workbook (.xlsx)")


def _formula_sheets(path: Path) -> set[str]:
    """Parts (xl/worksheets/...) of the workbook that hold a formula: only those need their formulas read."""
    found = set()
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                with z.open(name) as fh:
                    if _FORMULA.search(fh.read()):
                        found.add(name)
    return found


def _formula_cells(path: Path, titles: set[str]) -> dict[str, set[tuple[int, int]]]:
    """(row, column) of every formula cell of the sheets `titles`, read from the formulas themselves."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        out: dict[str, set[tuple[int, int]]] = {}
        for ws in book.worksheets:
            if ws.title in titles:
                out[ws.title] = {
                    (r, c)
                    for r, row in enumerate(ws.iter_rows(), start=1)
                    for c, cell in enumerate(row, start=1)
                    if cell.data_type == "f"
                }
        return out
    finally:
        book.close()


class _Sheet:
    """One sheet's cells as text, with the cells that hold no usable value (a formula never calculated,
    an Excel error such as #REF!), so that they are reported instead of read as empty or as text."""

    def __init__(self, ws, label: str, formulas: set[tuple[int, int]]):
        self.label = label
        self.rows: list[list[Any]] = []
        self.bad: dict[tuple[int, int], str] = {}  # (row, column) -> what is wrong
        for r, row in enumerate(ws.iter_rows(), start=1):
            values = []
            for c, cell in enumerate(row, start=1):
                value = cell.value
                if getattr(cell, "data_type", None) == "e":  # not a text cell that reads "#N/A"
                    self.bad[r, c] = (f"holds the Excel error {value}; fix the formula or type the value "
                                      "(an error is never read as a value)")
                    value = None
                elif value is None and (r, c) in formulas:
                    self.bad[r, c] = ("holds a formula whose result was never saved (the workbook was written by a "
                                      "program that does not calculate); open it in Excel or LibreOffice and save "
                                      "it, or type the value")
                values.append(value)
            self.rows.append(values)

    def problems(self, row: int, columns: dict[int, str | None]) -> list[Issue]:
        """The issues of the bad cells of `row`, each named by its column (1-based position -> name)."""
        return [Issue(self.label, row, columns.get(c) or get_column_letter(c), message)
                for (r, c), message in sorted(self.bad.items()) if r == row]


def read_workbook(path: str | os.PathLike, finish: Callable[..., Any] = assemble) -> Case:
    """Load a case workbook. Raises CaseError listing every problem as book[sheet]:row:column.

    `finish(settings, tables, source, issues)` makes the result of what was read (default: the checked Case).
    """
    path = Path(path)
    name = path.name
    if path.is_dir():
        raise CaseError([Issue(name, None, None, "is a folder, not a workbook; give the path of the .xlsx file")])
    if reason := _not_openable(path):
        raise CaseError([Issue(name, None, None, reason)])
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        formula_parts = _formula_sheets(path)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise CaseError([Issue(name, None, None, f"cannot be opened as an .xlsx workbook: {err}")]) from None
    try:
        return _read_book(path, name, book, formula_parts, finish)
    finally:
        book.close()


def _read_book(path: Path, name: str, book, formula_parts: set[str], finish: Callable[..., Any]) -> Case:
    sheets = {ws.title: ws for ws in book.worksheets}
    issues: list[Issue] = _misnamed_sheets(name, list(sheets))
    chosen: dict[str, Any] = {}  # sheet stem -> worksheet
    for stem in [SETTINGS_SHEET] + [t.stem for t in TABLES]:
        found = [sheets[t] for t in dict.fromkeys((stem, f"{stem}.csv")) if t in sheets]
        if len(found) > 1:
            issues.append(Issue(name, None, None, f"has two sheets for {stem}: {found[0].title!r} and "
                                                  f"{found[1].title!r}; keep one"))
            chosen[stem] = None
            continue
        if found:
            ws = found[0]
            if ws.sheet_state != "visible":
                issues.append(Issue(f"{name}[{ws.title}]", None, None,
                                    "is hidden; unhide it (right-click a sheet tab > Unhide) or delete it: a "
                                    "hidden sheet would count without anyone seeing it"))
                chosen[stem] = None
                continue
            chosen[stem] = ws
    formulas: dict[str, set[tuple[int, int]]] = {}
    if formula_parts:
        formulas = _formula_cells(path, {ws.title for ws in chosen.values() if ws is not None})
    source = Source()
    settings = None
    if SETTINGS_SHEET not in chosen:
        issues.append(Issue(name, None, None, f"has no sheet {SETTINGS_SHEET!r} with the settings"))
    elif chosen[SETTINGS_SHEET] is not None:
        ws = chosen[SETTINGS_SHEET]
        label = f"{name}[{SETTINGS_SHEET}]"
        sheet = _Sheet(ws, label, formulas.get(ws.title, set()))
        rows: list[tuple[str, Any]] = []
        for line, cells in enumerate(sheet.rows, start=1):
            cells = list(cells) + [None, None]
            key = _text(cells[0]).strip()
            issues.extend(sheet.problems(line, {1: "key", 2: key or None}))
            if not key or (line == 1 and key.lower() == "key"):
                continue
            if key in source.key_lines:
                issues.append(Issue(label, line, key, f"appears twice (first on row {source.key_lines[key]}); keep one"))
                continue
            source.key_lines[key] = line
            if (line, 2) in sheet.bad:
                continue  # reported above; the key's default must not silently apply
            value = _setting_value(key, cells[1])
            if value is None and setting_field(key) is not None:
                continue  # an empty value of a known key means "not set": its default applies
            rows.append((key, value))
        settings, found, _ = validate_settings(unflatten(rows), label, source.key_lines)
        issues.extend(found)
        if sheet.bad:
            settings = None  # a setting could not be read: judging the rest against defaults would mislead
    source.labels["case.yaml"] = f"{name}[{SETTINGS_SHEET}]"
    tables: dict = {}
    for table in TABLES:
        if table.stem not in chosen:
            if table.required:
                issues.append(Issue(name, None, None, f"has no sheet {table.stem!r}; it is required"))
                tables[table] = None
            continue
        ws = chosen[table.stem]
        if ws is None:
            tables[table] = None
            continue
        label = f"{name}[{ws.title}]"
        source.labels[table.file] = label
        sheet = _Sheet(ws, label, formulas.get(ws.title, set()))
        all_rows = [[_text(c) for c in row] for row in sheet.rows]
        if not all_rows:
            issues.append(Issue(label, 1, None, "is empty; it needs at least a header row"))
            tables[table] = None
            continue
        header = all_rows[0]
        while header and header[-1] == "":
            header = header[:-1]
        names = {i: h.strip() or None for i, h in enumerate(header, start=1)}
        body = []
        bad_rows = {r for r, _c in sheet.bad}
        for line, cells in enumerate(all_rows[1:], start=2):
            while len(cells) > len(header) and cells[-1] == "":
                cells = cells[:-1]
            if line in bad_rows:
                issues.extend(sheet.problems(line, names))
                continue
            body.append((line, cells))
        issues.extend(sheet.problems(1, names))
        parsed = parse_table(table, label, header, body)
        if bad_rows - {1} and parsed.unread is not None:
            ids = _ids_of(table, header, all_rows, bad_rows)
            parsed.unread = None if ids is None else parsed.unread | ids
            parsed.skipped = True
        tables[table] = parsed
    try:
        return finish(settings, tables, source, issues)
    except CaseError as err:
        raise CaseError([_in_sheets(i, chosen) for i in err.issues]) from None


# A case file named in a message, not quoted (a quoted name is a sheet's title or a value as written).
_CSV_NAME = re.compile(r"(?<![\w'.])(" + "|".join(re.escape(t.stem) for t in TABLES) + r")\.csv(?![\w'])")


def _in_sheets(issue: Issue, chosen: dict[str, Any]) -> Issue:
    """`issue` worded for a workbook: a case file named in its message (`add it to domains.csv`) becomes the
    sheet that holds that table (`add it to sheet `domains``)."""
    def sheet(match: re.Match) -> str:
        ws = chosen.get(match.group(1))
        return f"sheet `{ws.title if ws is not None else match.group(1)}`"

    return Issue(issue.file, issue.row, issue.column, _CSV_NAME.sub(sheet, issue.message))


def _ids_of(table: Table, header: list[str], rows: list[list[str]], lines: set[int]) -> frozenset[str] | None:
    """Ids in the table's id column on the given sheet rows (rows skipped for a bad cell); None when one
    of them has no readable id, so it could hold any."""
    if table.id_column is None:
        return frozenset()
    if table.id_column not in header:
        return None
    col = header.index(table.id_column)
    ids = [rows[r - 1][col].strip() if col < len(rows[r - 1]) else "" for r in lines if r > 1]
    return None if any(not re.fullmatch(ID_PATTERN, i) for i in ids) else frozenset(ids)


def _as_text(sheet) -> None:
    """Keep text that starts with '=' or reads like an Excel error (#N/A) as text: openpyxl would store it as a
    formula or an error value."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and (cell.value.startswith("=") or cell.value in ERROR_CODES):
                cell.data_type = "s"


# --- aids for a planner in Excel: header notes, drop-downs, layout -------------------------------

AUTHOR = "drempels-portfolio"
ROOM_ROWS = 500  # empty rows below the data that still get drop-downs, and whose ids the drop-downs offer
SHARED_COLUMNS = ("description", "source")  # every sheet may have them; written after the table's own columns

# Sheet -> column -> the sheet whose ids it holds. List columns (`barriers`, `requires`) get none:
# a drop-down offers one id, and a cell of `a;b` would be refused.
REFERENCES: dict[str, dict[str, str]] = {
    "actions": {"lead_domain": "domains"},
    "costs": {"action": "actions", "domain": "domains"},
    "reach": {"action": "actions", "group": "groups"},
    "synergies": {"action_a": "actions", "action_b": "actions", "group": "groups"},
    "budgets": {"domain": "domains"},
    "saturation": {"group": "groups"},
}
ID_COLUMNS = {"domains": "domain", "groups": "group", "barriers": "barrier", "actions": "action"}


def _plain(text: str) -> str:
    """A model description as a workbook shows it: no Markdown backticks, sheets instead of CSV files."""
    return re.sub(r"\b(\w+)\.csv\b", r"the \1 sheet", text.replace("`", ""))


def _number(value: float) -> str:
    return f"{value:g}"


def _kind(prop: dict[str, Any]) -> str:
    """The type of a JSON-schema property in words: 'id', 'number >= 0', 'number from 0 to 1', ..."""
    options = [p for p in prop.get("anyOf", [prop]) if p.get("type") != "null"]
    p = options[0] if options else prop
    kind = p.get("type")
    if kind == "array":
        item = p.get("items", {})
        if item.get("type") == "number":
            return f"list of {_kind(item).replace('number', 'numbers', 1)} separated by '{LIST_SEPARATOR}'"
        return f"list of ids separated by '{LIST_SEPARATOR}'"
    if kind == "string":
        return "id (1-64 letters, digits, _ . -; no spaces)" if p.get("pattern") == ID_PATTERN else "text"
    if kind == "boolean":
        return "true or false"
    word = "whole number" if kind == "integer" else "number"
    low, high = p.get("minimum"), p.get("maximum")
    if low is not None and high is not None:
        return f"{word} from {_number(low)} to {_number(high)}"
    if low is not None:
        return f"{word} >= {_number(low)}"
    if p.get("exclusiveMinimum") is not None:
        return f"{word} > {_number(p['exclusiveMinimum'])}"
    return word


@functools.cache
def _schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema()


def column_note(table: Table, column: str) -> str:
    """What a header cell's comment says: the column's meaning and unit, its type, whether required.

    Taken from the Field descriptions of the table's model, so the workbook and the models never disagree.
    """
    if column.startswith(ANNOTATION_PREFIX):
        return f"{column}\n{_plain(table.model.model_fields['annotations'].description or '')}.\ntext; optional."
    schema = _schema(table.model)
    prop = schema["properties"][column]
    required = column in schema.get("required", ())
    lines = [
        column,
        _plain(prop.get("description", "")) + ".",
        f"{_kind(prop)}; " + ("required." if required else "optional: leave empty when not set."),
    ]
    target = REFERENCES.get(table.stem, {}).get(column)
    if target:
        lines.append(f"Pick an id of the '{target}' sheet from the drop-down.")
    return "\n".join(lines)


def _setting_note(key: str) -> str | None:
    """The description (and default) of a dotted case.yaml key, for the `case` sheet."""
    found = setting_field(key)
    if found is None:
        return None
    name, field = found
    if name == "min_group_share":
        return (f"{key}\n{_plain(field.description or '')}. One row per group: the group id "
                "follows 'rules.min_group_share.', the value is a share from 0 to 1.")
    if name == "start_in":
        return (f"{key}\n{_plain(field.description or '')}. One row per action: the key is "
                "rules.start_in.<action id>, the value is the year (within the action's earliest_start to "
                "latest_start).")
    lines = [key, _plain(field.description or "") + "."]
    if not field.is_required():
        default = field.get_default(call_default_factory=True)
        shown = "empty (not set)" if default in (None, ()) else format_cell(default)
        lines.append(f"Default: {shown}.")
    if key in LIST_KEYS:
        lines.append(f"Action ids separated by '{LIST_SEPARATOR}'.")
    return "\n".join(lines)


def _setting_choices(key: str) -> tuple[str, ...]:
    """The words a setting may take when its type is a fixed choice (objective, solver.backend), else ()."""
    found = setting_field(key)
    if found is None or get_origin(found[1].annotation) is not Literal:
        return ()
    return tuple(str(a) for a in get_args(found[1].annotation))


def _comment(text: str) -> Comment:
    lines = text.split("\n")
    longest = max(len(line) for line in lines)
    wrapped = sum(1 + len(line) // 45 for line in lines)
    return Comment(text, AUTHOR, height=min(400, 22 + 16 * wrapped), width=min(360, max(180, 7 * min(longest, 45) + 30)))


def _layout(ws: Worksheet) -> None:
    """Bold, frozen header row and column widths that fit the content (within reason)."""
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for column in ws.iter_cols(min_row=1, max_row=ws.max_row):
        longest = max((len(str(c.value)) for c in column if c.value is not None), default=0)
        ws.column_dimensions[get_column_letter(column[0].column)].width = min(60, max(10, longest + 2))


def _sheet_order(header: list[str]) -> list[int]:
    """Positions of `header` with the table's own columns first, then description, source, x_ columns."""
    own = [i for i, c in enumerate(header) if c not in SHARED_COLUMNS and not c.startswith(ANNOTATION_PREFIX)]
    shared = [header.index(c) for c in SHARED_COLUMNS if c in header]
    mine = [i for i, c in enumerate(header) if c.startswith(ANNOTATION_PREFIX)]
    return own + shared + mine


def _add_dropdowns(book: openpyxl.Workbook, ws: Worksheet, header: list[str], rows: int) -> None:
    """A list validation on every id column of `ws` that refers to another sheet's ids."""
    last = rows + 1 + ROOM_ROWS
    for column, target in REFERENCES.get(ws.title, {}).items():
        if column not in header or target not in book.sheetnames:
            continue
        source = book[target]
        id_column = ID_COLUMNS[target]
        target_header = [c.value for c in source[1]]
        letter = get_column_letter(target_header.index(id_column) + 1)
        target_last = source.max_row + ROOM_ROWS
        dv = DataValidation(
            type="list",
            formula1=f"{quote_sheetname(target)}!${letter}$2:${letter}${target_last}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop",
            errorTitle=f"Unknown {id_column}",
            error=(
                f"{column} must be one of the ids in column {letter} ({id_column}) of the '{target}' sheet. "
                f"Pick one from the drop-down, or add the {id_column} to the '{target}' sheet first."
            ),
        )
        own = get_column_letter(header.index(column) + 1)
        dv.add(f"{own}2:{own}{last}")
        ws.add_data_validation(dv)


def _add_choices(ws: Worksheet) -> None:
    """Drop-downs on the `case` sheet for the settings that take one of a few words."""
    for row in range(2, ws.max_row + 1):
        choices = _setting_choices(str(ws.cell(row, 1).value))
        if choices:
            dv = DataValidation(
                type="list",
                formula1='"' + ",".join(choices) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="stop",
                errorTitle="Unknown value",
                error=f"{ws.cell(row, 1).value} is one of: {', '.join(choices)}.",
            )
            dv.add(f"B{row}")
            ws.add_data_validation(dv)


def workbook_bytes(case: Case) -> bytes:
    """The .xlsx file of `case`, with header notes, id drop-downs and a frozen, bold header row."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = SETTINGS_SHEET
    ws.append(["key", "value"])
    for key, value in flatten(settings_dict(case.settings, case.phased)):
        if isinstance(value, list):
            value = LIST_SEPARATOR.join(value)
        ws.append([key, value])
        if note := _setting_note(key):
            ws.cell(ws.max_row, 1).comment = _comment(note)
    _add_choices(ws)
    ws["A1"].comment = _comment("key\nA setting of case.yaml as a dotted key, e.g. rules.max_actions or "
                                "rules.min_group_share.<group id>; unknown keys are an error.")
    ws["B1"].comment = _comment(f"value\nEmpty means not set (the default applies). "
                                f"Lists such as rules.locked_in: ids separated by '{LIST_SEPARATOR}'.")
    _as_text(ws)
    _layout(ws)
    sheets: list[tuple[Worksheet, list[str], int]] = []
    for table in TABLES:
        records = getattr(case, table.field)
        if records is None:
            continue
        sheet = book.create_sheet(table.stem)
        header, rows = record_cells(table, records)
        order = _sheet_order(header)
        header = [header[i] for i in order]
        sheet.append(header)
        for row in rows:
            sheet.append([format_cell(v) if isinstance(v, (tuple, list)) else v for v in (row[i] for i in order)])
        for cell, column in zip(sheet[1], header):
            cell.comment = _comment(column_note(table, column))
        _as_text(sheet)
        _layout(sheet)
        sheets.append((sheet, header, len(rows)))
    for sheet, header, n in sheets:  # after every sheet exists, so each drop-down can point to its source
        _add_dropdowns(book, sheet, header, n)
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
