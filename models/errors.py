"""Input problems located as `file:row:column`, and the exception that carries them."""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, order=True)
class Issue:
    """One problem in the input.

    `row` is the line number in the file (the header is line 1) or, for
    case.yaml, the line of the key; `column` is the column name or the
    dotted settings key. Either may be None for a whole-file problem.
    """

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(str(self.row))
        if self.column is not None:
            where.append(self.column)
        return ":".join(where) + ": " + self.message


class CaseError(ValueError):
    """A case that cannot be used; `issues` lists every problem found."""

    def __init__(self, issues: list[Issue] | tuple[Issue, ...]):
        self.issues = tuple(issues)
        super().__init__("\n".join(str(i) for i in self.issues))


def show_number(value: float | int) -> str:
    """A number as a message shows it: every digit that tells it apart, as a CSV cell would hold it.

    No exponent and no thousands separator (the format reads none), and never rounded: 379999.99
    and 380000 stay different, 1234567 is not shortened to 1.23457e+06.
    """
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return repr(value)
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    text = repr(value)
    return format(Decimal(text), "f") if "e" in text else text


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """` (did you mean 'x'?)` when a choice is close to `word` (the closest), else ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""
