"""The two CSV dialects: standard (`,` between fields, a decimal point) and Belgian (`;` between fields, a
decimal comma, as a Belgian Excel saves CSV); how a file's dialect is recognised and how its numbers are read."""

from __future__ import annotations

import functools
import re
import types
from dataclasses import dataclass
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from models.case import LIST_SEPARATOR


@dataclass(frozen=True)
class Dialect:
    """How a CSV file separates its fields and writes the decimals of its numbers."""

    name: str
    separator: str
    decimal: str
    bom: bool  # written files start with a UTF-8 byte order mark (Excel reads them as UTF-8 only then)


STANDARD = Dialect("standard", ",", ".", False)
BELGIAN = Dialect("be", ";", ",", True)
DIALECTS = {d.name: d for d in (STANDARD, BELGIAN)}


def header_dialect(first_line: str, known: tuple[str, ...]) -> Dialect:
    """The dialect of a file from its header line: Belgian when the line holds no `,` and its `;`-separated
    parts include a column name of `known`; standard otherwise."""
    if "," in first_line or ";" not in first_line:
        return STANDARD
    names = [part.strip().strip('"').strip() for part in first_line.split(";")]
    return BELGIAN if any(n in known for n in names) else STANDARD


def _number_type(annotation: Any) -> bool:
    """Whether a field of this type holds numbers (a float, an int, or a list of them), None allowed."""
    if annotation in (int, float):
        return True
    origin = get_origin(annotation)
    if origin is Annotated:
        return _number_type(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return any(_number_type(a) for a in get_args(annotation) if a is not type(None))
    if origin is tuple:
        return any(_number_type(a) for a in get_args(annotation) if a is not Ellipsis)
    return False


@functools.cache
def number_columns(model: type[BaseModel]) -> frozenset[str]:
    """The columns of `model` that hold numbers (lists of numbers included)."""
    return frozenset(name for name, field in model.model_fields.items()
                     if field.annotation is not bool and _number_type(field.annotation))


_SIGN = r"[+-]?"
_COMMA_NUMBER = re.compile(_SIGN + r"(\d*),(\d+)([eE][+-]?\d+)?")  # 0,15  1234,5  1,5E+06
_GROUPED_COMMA = re.compile(_SIGN + r"\d{1,3}(?:\.\d{3})+,\d+")  # 1.234,5  1.000.000,00
_GROUPED = re.compile(_SIGN + r"\d{1,3}(?:\.\d{3}){2,}")  # 1.000.000: the dots can only group thousands
_ONE_GROUP = re.compile(_SIGN + r"[1-9]\d{0,2}\.\d{3}")  # 300.000: thousands, or three decimals?
_POINT_DECIMAL = re.compile(_SIGN + r"\d*\.\d+([eE][+-]?\d+)?")  # 0.15 written in a ';' file
_PERCENT = re.compile(r"(" + _SIGN + r"\d+(?:,\d+)?)\s*%")  # 12,5%


def belgian_number(text: str) -> str:
    """The number cell `text` of a Belgian file (decimal comma, dots grouping thousands) written as the
    standard format reads it: `1.234,5` -> `1234.5`, `0,15` -> `0.15`, `1.000.000` -> `1000000`.

    Text that is no number in either notation is returned as it is (the column's own check names it).
    Raises ValueError, with the way to write it, for `300.000` (thousands or decimals?), for a decimal
    point (`0.15`: this file's decimals take a comma) and for a percentage (`12,5%`: write 0,125).
    """
    t = text.strip()
    if _GROUPED_COMMA.fullmatch(t) or _GROUPED.fullmatch(t):
        return t.replace(".", "").replace(",", ".")
    if _COMMA_NUMBER.fullmatch(t):
        return t.replace(",", ".")
    if _ONE_GROUP.fullmatch(t):
        whole, decimals = t.split(".")
        raise ValueError(f"{t!r} is ambiguous: {whole}{decimals} with a dot between thousands, or {whole} with "
                         f"three decimals; in a ';' file write {whole}{decimals} (or {whole}.{decimals},00) for "
                         f"the thousands, or {whole},{decimals} for the decimals")
    if m := _PERCENT.fullmatch(t):
        share = f"{float(m.group(1).replace(',', '.')) / 100:.10g}".replace(".", ",")
        raise ValueError(f"{t!r} is a percentage; write {share} where a share from 0 to 1 belongs, else the "
                         "number without the % sign")
    if _POINT_DECIMAL.fullmatch(t):
        raise ValueError(f"{t!r} has a decimal point, but this file separates its fields with ';' and so takes "
                         f"a decimal comma: write {t.replace('.', ',')}")
    return text


def belgian_cell(text: str) -> str:
    """A number cell of a Belgian file, or a list of numbers separated by ';' (a ramp), as the standard
    format reads it. Raises ValueError as belgian_number does."""
    if LIST_SEPARATOR in text:
        return LIST_SEPARATOR.join(belgian_number(part) for part in text.split(LIST_SEPARATOR))
    return belgian_number(text)
