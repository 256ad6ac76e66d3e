"""Readers and writers of cases (CSV folder, .xlsx workbook) and the bundled cases."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from inputs.assemble import revalidate
from inputs.folder import read_folder, write_folder
from models import Case, CaseError, Issue

# The workbook reader needs openpyxl (and with it numpy and PIL): about 0.2 s of imports that a case folder
# never uses, so it is imported on the first workbook read or write.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")  # .xlsm: the values are read, the macros are never run

BUNDLED = ("flanders", "template", "template_phased")
OTHER_SPREADSHEETS = {
    ".xls": "an Excel 97-2003 workbook (.xls)",
    ".ods": "an OpenDocument spreadsheet (.ods)",
    ".numbers": "a Numbers spreadsheet",
}


def bundled_case_path(name: str = "flanders") -> Path:
    """Folder of a case shipped with the package."""
    if name not in BUNDLED:
        raise KeyError(f"no bundled case {name!r}; there are {', '.join(BUNDLED)}")
    return Path(str(resources.files("inputs") / "cases" / name))


def load_case(path: str | os.PathLike | None = None) -> Case:
    """Load a case folder or an .xlsx (or .xlsm) workbook (default: the bundled Flemish case).

    Raises CaseError with every problem located as file:row:column.
    """
    path = bundled_case_path() if path is None else Path(path)
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        if not path.exists():
            raise CaseError([Issue(str(path), None, None, "does not exist")])
        return read_workbook(path)
    if suffix in OTHER_SPREADSHEETS and not path.is_dir():
        raise CaseError([Issue(str(path), None, None, f"is {OTHER_SPREADSHEETS[suffix]}, which the toolkit does not "
                                                      "read; open it and save it as an Excel Workbook (.xlsx)")])
    if not path.exists():
        raise CaseError([Issue(str(path), None, None, "does not exist; give a case folder or an .xlsx workbook")])
    return read_folder(path)


def read_workbook(path: str | os.PathLike) -> Case:
    """Read an .xlsx (or .xlsm) workbook: one sheet per table and a settings sheet (see inputs.workbook)."""
    from inputs import workbook

    return workbook.read_workbook(path)


def write_workbook(case: Case, path: str | os.PathLike, overwrite: bool = False, lang: str = "en") -> Path:
    """Write a case as an .xlsx workbook, its header notes in `lang` (en, nl) (see inputs.workbook)."""
    from inputs import workbook

    return workbook.write_workbook(case, path, overwrite=overwrite, lang=lang)


def write_case(case: Case, path: str | os.PathLike, overwrite: bool = False, lang: str = "en") -> Path:
    """Write a case as a folder, or as a workbook when `path` ends in .xlsx (header notes in `lang`: en, nl).

    The case is validated again first (CaseError), so nothing unreadable is written.
    """
    path = Path(path)
    case = revalidate(case)
    if path.suffix.lower() == ".xlsx":
        return write_workbook(case, path, overwrite=overwrite, lang=lang)
    write_folder(case, path, overwrite=overwrite)
    return path


__all__ = [
    "BUNDLED",
    "CaseError",
    "bundled_case_path",
    "load_case",
    "read_folder",
    "read_workbook",
    "write_case",
    "write_folder",
    "write_workbook",
]
