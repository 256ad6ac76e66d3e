"""Input problems located as `file:row:column`, and the exception that carries them."""

from __future__ import annotations

from dataclasses import dataclass


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
