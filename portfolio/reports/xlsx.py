"""The report as one workbook: a summary sheet, then the actions, the domain spend and the group jobs; for a
phased plan also the jobs per year and a timeline sheet (each year's cell shaded by the share of the effect).

Headers are bold on a dark band, frozen, with filters; columns are wide enough to read; money, jobs,
shares and years carry number formats, so the cells keep their exact values.
"""

from __future__ import annotations

import math
import os

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from portfolio.reports import curves, scenarios, tables
from portfolio.reports.charts import shade
from portfolio.reports.data import ReportData
from portfolio.reports.labels import Labels

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
JOBS = "#,##0.0"
FORMATS = {"jobs": JOBS, "jobs_low": JOBS, "jobs_high": JOBS, "jobs_uncapped": JOBS, "saturation_loss": JOBS,
           "cap": JOBS, "jobs_per_meur": JOBS, "population": "#,##0", "year": "0", "share": "0.000%",
           "count": "0",
           "frequency": "0.00", "jobs_lost": JOBS, "employment_rate": "0.000%", "path_rate": "0.000%",
           "path_jobs": JOBS, "short_jobs": JOBS, "jobs_in_target_year": JOBS, "start_year": "0",
           "earliest_start": "0", "latest_start": "0"}
SHARE = "0%"  # a timeline's year columns
STUDY_FORMATS = {"jobs": JOBS, "jobs_change": JOBS, "rate_after": "0.0%", "base_jobs_in_target_year": JOBS,
                 "target_year": "0", "scale": "0.00", "actions": "0", "rate": "0.00%", "jobs_target": JOBS,
                 "shortfall_jobs": JOBS}
# The header label of a column where the column id alone would be ambiguous.
NAME_HEADER = {"actions": "col.name", "domain_spend": "col.domain_name", "group_jobs": "col.group_name",
               "uncertainty": "col.name", "timeline": "col.name"}
WIDEST = 60  # characters; longer texts wrap


def write_workbook(r: ReportData, L: Labels, path: str | os.PathLike) -> None:
    """Write report.xlsx to `path` (the caller makes the write atomic)."""
    money = "#,##0" if r.money_decimals == 0 else "#,##0.00"
    book = Workbook()
    sheet = book.active
    sheet.title = L["sheet.summary"]
    summary = tables.summary(r, L)
    units = list(summary["unit"])
    summary["unit"] = [L[f"unit.{u}"] for u in units]
    _fill(sheet, summary, [L["col.item"], L["col.value"], L["col.unit"]],
          row_formats=[money if u == "EUR" else FORMATS.get(u) for u in units])
    if r.has_portfolio:
        for stem, frame in tables.frames(r, L).items():
            headers = [c if c.isdigit() else L[NAME_HEADER[stem]] if c == "name" else L[f"col.{c}"]
                       for c in frame.columns]
            formats = [money if c.endswith("_eur") else SHARE if c.isdigit() else FORMATS.get(c)
                       for c in frame.columns]
            sheet = book.create_sheet(L[f"sheet.{stem}"])
            _fill(sheet, frame, headers, column_formats=formats)
            if stem == "timeline":
                _shade(sheet, frame)
        for stem, frame, headers in _studies(r, L):
            formats = [money if c.endswith("_eur") or c.startswith(scenarios.SPEND) else STUDY_FORMATS.get(c)
                       for c in frame.columns]
            _fill(book.create_sheet(L[f"sheet.{stem}"]), frame, headers, column_formats=formats)
    book.properties.creator = "drempels-portfolio"
    book.save(path)


def _studies(r: ReportData, L: Labels):
    """The what-if sheets asked for: (stem, frame, headers) of the scenarios, frontier and target curve."""
    if r.studies.whatif is not None:
        frame = scenarios.frame(r, L)
        yield "scenarios", frame, scenarios.headers(r, L, frame.columns)
    if r.studies.frontier is not None:
        frame = curves.frontier_frame(r, L)
        yield "frontier", frame, [L[f"frontier.col.{c}"] for c in frame.columns]
    if r.studies.target_curve is not None:
        frame = curves.target_frame(r, L)
        yield "target_curve", frame, [L[f"targets.col.{c}"] for c in frame.columns]


def _fill(sheet, frame: pd.DataFrame, headers: list[str], *, column_formats=None, row_formats=None) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for values in frame.itertuples(index=False):
        sheet.append([_cell(v) for v in values])
    for i in range(len(frame)):
        for j in range(len(headers)):
            fmt = (row_formats[i] if row_formats and j == 1 else None) or (column_formats[j] if column_formats else None)
            if fmt:
                sheet.cell(row=i + 2, column=j + 1).number_format = fmt
    for j, header in enumerate(headers, start=1):
        longest = max([len(header)] + [len(_shown(v)) for v in frame.iloc[:, j - 1]])
        sheet.column_dimensions[get_column_letter(j)].width = min(WIDEST, longest + 2)
        if longest > WIDEST:
            for row in sheet.iter_rows(min_row=2, min_col=j, max_col=j):
                row[0].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def _shade(sheet, frame: pd.DataFrame) -> None:
    """Shade each year's cell of the timeline by the share of the full effect present, as the chart does."""
    for j, column in enumerate(frame.columns, start=1):
        if not column.isdigit():
            continue
        for i, share in enumerate(frame[column], start=2):
            if share is None or math.isnan(share):
                continue
            cell = sheet.cell(row=i, column=j)
            cell.fill = PatternFill("solid", fgColor=shade(share)[1:])
            cell.font = Font(color="FFFFFF" if share >= 0.5 else "1A1A1A")


def _cell(value):
    """A DataFrame value as openpyxl writes it: missing numbers as empty cells, numpy scalars as Python ones."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _shown(value) -> str:
    value = _cell(value)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)
