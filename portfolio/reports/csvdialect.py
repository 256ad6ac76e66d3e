"""The report's tables as CSV text in the dialect asked for: standard, or Belgian (`;`, decimal commas, a
UTF-8 byte-order mark) so that a Belgian Excel opens them in the right columns."""

from __future__ import annotations

import csv
from typing import Any

from inputs.csvdialect import DIALECTS


def csv_text(frame: Any, dialect: str = "standard") -> str:
    """The CSV text of the pandas DataFrame `frame`: every text cell quoted, numbers exact (in a Belgian file
    with a decimal comma, and quoted like text, as pandas writes them). Raises ValueError for an unknown
    dialect."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown CSV dialect {dialect!r}; choose from {', '.join(DIALECTS)}")
    d = DIALECTS[dialect]
    text = frame.to_csv(index=False, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC, sep=d.separator,
                        decimal=d.decimal)
    return ("\ufeff" if d.bom else "") + text
