"""Read and write a case folder: CSV files plus case.yaml."""

from __future__ import annotations

import csv
import io
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from inputs.csvdialect import Dialect, header_dialect
from inputs.files import atomic_write
from inputs.assemble import Source, assemble
from inputs.settings import dump_settings, parse_settings
from inputs.tables import (SETTINGS_FILE, TABLES, Parsed, Table, did_you_mean, format_cell, parse_table,
                           record_cells)
from models import Case, CaseError, Issue


def _decode(path: Path, label: str) -> tuple[str | None, Issue | None]:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, Issue(label, line, None, f"is not UTF-8 (byte {raw[err.start]:#04x}); save the file as UTF-8")


class _CsvProblem(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


# A cell may be as long as the file: the csv module's default limit (131,072 characters) would refuse a long
# description. The limit is process-wide, so it is raised only while this module reads, under a lock.
_CSV_LIMIT_LOCK = threading.Lock()


def _csv_rows(text: str, known: tuple[str, ...] = ()
              ) -> tuple[list[str] | None, list[tuple[int, list[str]]], Dialect]:
    """Header, (line, cells) rows and the dialect of a file whose header names columns of `known` (a Belgian
    file's header separates them with ';'); raises _CsvProblem at the line where a row goes wrong."""
    text = text.removeprefix("\ufeff")
    dialect = header_dialect(text.split("\n", 1)[0], known)
    with _CSV_LIMIT_LOCK:
        old_limit = csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
        try:
            return (*_read_rows(text, dialect.separator), dialect)
        finally:
            csv.field_size_limit(old_limit)


def _read_rows(text: str, separator: str) -> tuple[list[str] | None, list[tuple[int, list[str]]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    header = None
    rows = []
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            if "end of data" in str(err) or "EOF" in str(err):
                raise _CsvProblem(line, "a quote (\") opened in this row is never closed; close it") from None
            raise _CsvProblem(line, f"cannot be read as CSV: {err}") from None
        if header is None:
            header = cells
        else:
            rows.append((line, cells))
        line = reader.line_num + 1
    return header, rows


def _not_a_file(path: Path, label: str, required: bool) -> Issue | None:
    """Why `path` cannot be read as a case file (missing, a folder, ...), or None when it is a file."""
    if path.is_file():
        return None
    if path.is_dir():
        return Issue(label, None, None, "is a folder; a case needs it to be a file")
    if path.exists() or path.is_symlink():
        return Issue(label, None, None, "is not a regular file (a broken link or a device); replace it by the file")
    if required:
        what = "every case folder needs one" if label == SETTINGS_FILE else "it is a required file of a case"
        return Issue(label, None, None, f"is missing; {what}")
    return None


def _read_text(path: Path, label: str) -> tuple[str | None, Issue | None]:
    try:
        return _decode(path, label)
    except OSError as err:
        return None, Issue(label, None, None, f"cannot be read: {err.strerror or err}")


def read_folder(folder: str | os.PathLike, finish: Callable[..., Any] = assemble) -> Case:
    """Load a case folder. Raises CaseError listing every problem as file:row:column.

    `finish(settings, tables, source, issues)` makes the result of what was read (default: the checked Case).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise CaseError([Issue(str(folder), None, None, "is not a folder; give the path of a case folder")])
    issues: list[Issue] = []
    source = Source()
    known = [t.file for t in TABLES] + [SETTINGS_FILE]
    for extra in sorted(p.name for p in folder.iterdir() if p.suffix.lower() in (".csv", ".yaml", ".yml")):
        if extra in known:
            continue
        if extra.lower() in known:
            issues.append(Issue(extra, None, None, f"must be named {extra.lower()!r} (lower case)"))
        elif hint := did_you_mean(extra.lower(), known):
            issues.append(Issue(extra, None, None, f"is not a file of the case format{hint}"))

    settings = None
    settings_path = folder / SETTINGS_FILE
    if problem := _not_a_file(settings_path, SETTINGS_FILE, required=True):
        issues.append(problem)
    else:
        text, problem = _read_text(settings_path, SETTINGS_FILE)
        if problem:
            issues.append(problem)
        else:
            settings, found, source.key_lines = parse_settings(text)
            issues.extend(found)

    tables: dict = {}
    for table in TABLES:
        path = folder / table.file
        if problem := _not_a_file(path, table.file, table.required):
            issues.append(problem)
            tables[table] = None
            continue
        if not path.exists():
            continue  # an optional file left out
        tables[table], problem = read_table_file(path, table, table.file)
        if problem:
            issues.append(problem)
    return finish(settings, tables, source, issues)


def read_table_file(path: Path, table: Table, label: str) -> tuple[Parsed | None, Issue | None]:
    """Read one existing CSV file of `table`; (None, the issue) when it cannot be read as CSV at all."""
    text, problem = _read_text(path, label)
    if problem:
        return None, problem
    try:
        header, rows, dialect = _csv_rows(text, table.columns)
    except _CsvProblem as err:
        return None, Issue(label, err.line, None, str(err))
    if header is None:
        return None, Issue(label, 1, None, "is empty; it needs at least a header row")
    return parse_table(table, label, header, rows, dialect=dialect), None


def case_files(case: Case) -> dict[str, str]:
    """File name -> text of every file of the case folder."""
    files = {SETTINGS_FILE: dump_settings(case.settings, case.phased)}
    for table in TABLES:
        records = getattr(case, table.field)
        if records is None:
            continue
        header, rows = record_cells(table, records)
        buf = io.StringIO(newline="")
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([format_cell(v) for v in row] for row in rows)
        files[table.file] = buf.getvalue()
    return files


def write_folder(case: Case, folder: str | os.PathLike, overwrite: bool = False) -> list[Path]:
    """Write `case` as a case folder. Refuses to replace existing files unless `overwrite`."""
    folder = Path(folder)
    files = case_files(case)
    existing = [folder / name for name in files if (folder / name).exists()]
    if existing and not overwrite:
        raise FileExistsError(
            f"{existing[0]} already exists; choose an empty folder or allow overwriting"
        )
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        atomic_write(folder / name, text)
        written.append(folder / name)
    return written
