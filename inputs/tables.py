"""The tables of a case and how a sheet of text cells becomes validated records.

Shared by the CSV and the xlsx readers: both hand over a header and rows of
strings with their line numbers, and get back records plus located issues.
"""

from __future__ import annotations

import math
import re
import reprlib
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from models import Action, Barrier, BudgetYear, Cost, Domain, Group, Issue, Reach, SaturationPoint, Synergy
from models.case import ID_PATTERN, LIST_SEPARATOR
from models.errors import did_you_mean, show_number

ANNOTATION_PREFIX = "x_"


@dataclass(frozen=True)
class Table:
    """One file of a case folder (one sheet of a workbook)."""

    file: str
    model: type[BaseModel]
    field: str  # the Case field holding the records
    required: bool

    @property
    def stem(self) -> str:
        return self.file.removesuffix(".csv")

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column the file may have, in the model's order."""
        return tuple(n for n in self.model.model_fields if n != "annotations")

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(n for n, f in self.model.model_fields.items() if f.is_required())

    @property
    def id_column(self) -> str | None:
        """The column whose values other files refer to (`action` of actions.csv), if the file has one."""
        return self.field.removesuffix("s") if self.field in ("domains", "groups", "barriers", "actions") else None


TABLES: tuple[Table, ...] = (
    Table("domains.csv", Domain, "domains", True),
    Table("groups.csv", Group, "groups", True),
    Table("barriers.csv", Barrier, "barriers", True),
    Table("actions.csv", Action, "actions", True),
    Table("costs.csv", Cost, "costs", True),
    Table("reach.csv", Reach, "reach", True),
    Table("synergies.csv", Synergy, "synergies", False),
    Table("budgets.csv", BudgetYear, "budgets", False),
    Table("saturation.csv", SaturationPoint, "saturation", False),
)
SETTINGS_FILE = "case.yaml"


def _num(value: Any) -> str:
    return show_number(value) if isinstance(value, (int, float)) else str(value)


SHOWN_LENGTH = 60  # longest value a message repeats: a pasted essay or an expanded YAML alias is cut
_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = SHOWN_LENGTH
_REPR.maxlevel, _REPR.maxlist, _REPR.maxtuple, _REPR.maxdict = 2, 4, 4, 4


def shown(value: Any) -> str:
    """A value as a message quotes it: numbers in full, anything long or deeply nested cut short."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _num(value)
    return _REPR.repr(value)


def explain(error: dict[str, Any], missing: str = "is empty; a value is required") -> str:
    """A pydantic error as a planner reads it: the value, what is wrong, the fix.

    `missing` is what to say of an absent value (an empty cell, a missing key).
    """
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    named = [p for p in error.get("loc") or () if not isinstance(p, int)]  # ("ramp", 1): an entry of ramp
    name = str(named[-1]) if named else "the value"
    try:
        number = float(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else None
    except (ValueError, OverflowError):
        number = None
    # a cell that reads as a number is quoted as written, without quotes: "-5000 is negative"
    text = value.strip() if number is not None and isinstance(value, str) and len(value) <= SHOWN_LENGTH else shown(value)
    if kind == "missing":
        return missing
    if kind in ("float_parsing", "float_type"):
        return f"{text} is not a number"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{text} is not a whole number"
    if kind == "finite_number":
        return f"{text} is not a finite number"
    if kind == "greater_than_equal":
        what = "is negative" if ctx["ge"] == 0 else f"is below {_num(ctx['ge'])}"
        return f"{text} {what}; {name} must be >= {_num(ctx['ge'])}"
    if kind == "greater_than":
        return f"{text} is too small; {name} must be > {_num(ctx['gt'])}"
    if kind == "less_than_equal":
        hint = ""
        if ctx["le"] == 1 and number is not None and 1 < number <= 100:
            hint = f" (a share: write {show_number(number / 100)} for {_num(number)} %)"
        return f"{text} is above {_num(ctx['le'])}; {name} must be <= {_num(ctx['le'])}{hint}"
    if kind == "string_pattern_mismatch":
        return (
            f"{text} is not a valid id; use 1-64 letters, digits, '_', '.' or '-' "
            "(no spaces or accents)"
        )
    if kind == "string_too_short":
        return "is empty; a value is required"
    if kind == "too_short":
        return "is empty; list at least one id (separate several with ';')"
    if kind == "literal_error":
        return f"{text} is not one of {ctx.get('expected')}"
    if kind == "extra_forbidden":
        return "is not a known key"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{text} should be a mapping of keys to values"
    if kind in ("tuple_type", "list_type"):
        return f"{text} should be a list"
    if kind in ("string_type",):
        return f"{text} should be text"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return f"{text}: {error['msg']}"


@dataclass
class Parsed:
    """What parse_table read: records with their lines, every issue, and what could not be read.

    `unread` holds the ids (of the table's id column) of the rows that did not parse, or is None
    when the table as a whole could not be read (its header is wrong); `skipped` is set by a reader
    that left rows out before parsing (a workbook row with an unusable cell).
    """

    records: list[BaseModel]
    lines: list[int]
    issues: list[Issue]
    unread: frozenset[str] | None = frozenset()
    skipped: bool = False

    @property
    def complete(self) -> bool:
        return self.unread is not None and not self.issues and not self.skipped


SEPARATOR_NAMES = {";": "';'", "\t": "tabs"}


def _wrong_separator(names: list[str], known: tuple[str, ...]) -> str | None:
    """The separator a one-cell header is really split by (Excel's ';' in Dutch locales, or tabs), if any."""
    if len(names) != 1:
        return None
    for separator in SEPARATOR_NAMES:
        parts = [p.strip() for p in names[0].split(separator)]
        if len(parts) > 1 and any(p in known for p in parts):
            return separator
    return None


def parse_table(
    table: Table, label: str, header: list[str], rows: list[tuple[int, list[str]]], header_line: int = 1
) -> Parsed:
    """Validate rows of text cells.

    Returns the records, the line of each record, every issue found, and the ids of unread rows.
    Empty rows are skipped; empty cells mean "not set".
    """
    issues: list[Issue] = []
    names = [h.strip() for h in header]
    used = max((i + 1 for _line, cells in rows for i, c in enumerate(cells) if c.strip()), default=0)
    while len(names) > used and names and names[-1] == "":  # empty trailing columns spreadsheets add
        names.pop()
    known = table.columns
    if separator := _wrong_separator(names, known):
        return Parsed([], [], [Issue(label, header_line, None, f"uses {SEPARATOR_NAMES[separator]} as separator; "
                                     "save it as comma-separated CSV (UTF-8)")], None)
    seen: set[str] = set()
    for position, name in enumerate(names, start=1):
        if name == "":
            issues.append(Issue(label, header_line, None, f"column {position} has no name; name it or remove it"))
            continue
        if name in seen:
            issues.append(Issue(label, header_line, name, "column appears twice; keep one"))
        seen.add(name)
        if name not in known and not name.startswith(ANNOTATION_PREFIX):
            issues.append(
                Issue(
                    label,
                    header_line,
                    name,
                    f"unknown column{did_you_mean(name, known)}; known columns are "
                    f"{', '.join(known)} (prefix your own columns with x_)",
                )
            )
    for name in table.required_columns:
        if name not in seen:
            issues.append(Issue(label, header_line, name, "required column is missing"))
    if issues:
        return Parsed([], [], issues, None)

    records: list[BaseModel] = []
    lines: list[int] = []
    unread: set[str] = set()
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        while len(cells) > len(names) and cells[-1].strip() == "":
            cells = cells[:-1]
        if len(cells) > len(names):
            issues.append(
                Issue(label, line, None, f"row has {len(cells)} cells but the header has {len(names)} columns")
            )
            _note_unread(table, dict(zip(names, cells)), unread)
            continue
        data: dict[str, Any] = {}
        annotations: dict[str, str] = {}
        for name, cell in zip(names, cells):
            text = cell.strip()
            if name.startswith(ANNOTATION_PREFIX):
                if text:
                    annotations[name] = text
            elif text:
                data[name] = text
        if annotations:
            data["annotations"] = annotations
        try:
            records.append(table.model.model_validate(data))
            lines.append(line)
        except ValidationError as err:
            for e in err.errors():
                column = str(e["loc"][0]) if e["loc"] else None
                issues.append(Issue(label, line, column, explain(e)))
            _note_unread(table, data, unread)
    return Parsed(records, lines, issues, None if None in unread else frozenset(unread))


def _note_unread(table: Table, cells: dict[str, Any], unread: set) -> None:
    """Remember the id of a row that did not parse, so references to it are not called unknown.

    A row whose id itself is unreadable could hold any id: None in `unread` says so.
    """
    if table.id_column is None:
        return
    value = str(cells.get(table.id_column, "")).strip()
    unread.add(value if re.fullmatch(ID_PATTERN, value) else None)


def format_cell(value: Any) -> str:
    """A value as text, such that parsing it gives the same value back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = repr(value)
        # 1.125 would read as an amount with a thousands separator (1125); 1.1250 reads as written
        return text + "0" if re.fullmatch(r"-?[1-9]\d{0,2}\.\d{3}", text) else text
    if isinstance(value, (tuple, list)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def record_cells(table: Table, records: tuple[BaseModel, ...]) -> tuple[list[str], list[list[Any]]]:
    """Header and rows (native values) to write `records`: empty optional columns are left out."""
    used = [
        c
        for c in table.columns
        if c in table.required_columns or any(getattr(r, c) not in (None, ()) for r in records)
    ]
    extra = sorted({k for r in records for k in r.annotations})
    header = used + extra
    rows = [[getattr(r, c) for c in used] + [r.annotations.get(k, "") for k in extra] for r in records]
    return header, rows
