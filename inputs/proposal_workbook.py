"""The proposal workbook of one working group (`portfolio init --working-group`): the base case's domains,
groups and barriers as protected reference sheets, and empty proposal sheets whose id columns offer them."""

from __future__ import annotations

import io
import os
from pathlib import Path

import openpyxl

from inputs.files import atomic_write
from inputs.proposals import PROPOSAL_TABLES, REFERENCE_TABLES, STAMP_SHEET
from inputs.tables import Table, format_cell, record_cells
from inputs.workbook import _add_dropdowns, _as_text, _comment, _layout, column_note
from models import Case

# Columns of the empty proposal sheets beyond the required ones (the phasing and yearly ones follow the base).
_OPTIONAL = {
    "actions": ("overlap_group", "requires"),
    "costs": (),
    "reach": ("effect_low", "effect_high"),
    "synergies": (),
}
_SHARED = ("description", "source")
_ANY_ACTION = ("action_a", "action_b")  # a synergy may name another group's action: no drop-down of own ids


def proposal_columns(table: Table, base: Case) -> list[str]:
    """The header of an empty proposal sheet: required columns, the usual optional ones, the phasing columns
    in a phased base (earliest_start, latest_start, ramp; costs by run_year) or `year` with budgets.csv."""
    columns = list(table.required_columns) + list(_OPTIONAL[table.stem])
    if table.stem == "actions" and base.phased:
        columns += ["earliest_start", "latest_start", "ramp"]
    if table.stem == "costs":
        columns += ["run_year"] if base.phased else ["year"] if base.budgets else []
    return columns + list(_SHARED)


def proposal_workbook_bytes(base: Case, working_group: str) -> bytes:
    """The .xlsx file of an empty proposal of `working_group` against `base`."""
    book = openpyxl.Workbook()
    stamp = book.active
    stamp.title = STAMP_SHEET
    for row in (("key", "value"), ("working_group", working_group), ("base_case", base.name),
                ("how", "Fill in the sheets actions, costs, reach and (optionally) synergies; the sheets "
                        "domains, groups and barriers are the base case's, for reference. Keep the file "
                        "name: it names the working group in the merged case (proposed_by).")):
        stamp.append(row)
    stamp.protection.sheet = True
    _layout(stamp)
    for table in REFERENCE_TABLES:
        ws = book.create_sheet(table.stem)
        header, rows = record_cells(table, getattr(base, table.field))
        ws.append(header)
        for row in rows:
            ws.append([format_cell(v) if isinstance(v, (tuple, list)) else v for v in row])
        _as_text(ws)
        _layout(ws)
        ws.protection.sheet = True
    sheets = []
    for table in PROPOSAL_TABLES:
        ws = book.create_sheet(table.stem)
        header = proposal_columns(table, base)
        ws.append(header)
        for cell, column in zip(ws[1], header):
            cell.comment = _comment(column_note(table, column))
        _layout(ws)
        sheets.append((ws, header))
    for ws, header in sheets:
        _add_dropdowns(book, ws, ["" if c in _ANY_ACTION else c for c in header], 0)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def write_proposal_workbook(base: Case, working_group: str, path: str | os.PathLike,
                            overwrite: bool = False) -> Path:
    """Write the proposal workbook of `working_group` to `path` (.xlsx). Raises FileExistsError unless
    `overwrite`, ValueError when `path` does not end in .xlsx."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"{path}: a proposal workbook's name ends in .xlsx")
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} already exists; choose another name or allow overwriting")
    atomic_write(path, proposal_workbook_bytes(base, working_group))
    return path

