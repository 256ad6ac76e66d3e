"""The solver-neutral model: named columns with bounds and types, named rows that know their rule, objective, sense.

A Formulation is built once per case and may then be copied cheaply and
changed in place (bounds, right-hand sides, extra rows such as cuts), so a
sweep re-solves a variant without rebuilding it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Literal

INF = math.inf

Subject = tuple[str | int, ...]


@dataclass(frozen=True)
class Column:
    """A decision variable: `lower <= value <= upper`, integer or continuous."""

    name: str
    lower: float
    upper: float
    integer: bool
    objective: float = 0.0


@dataclass(frozen=True)
class Row:
    """A linear row `lower <= sum(coef * column) <= upper` (either side may be infinite).

    `rule` and `subject` say where the row comes from, e.g. rule "budget" and
    subject ("werk", 2027) for the row named `budget[werk,2027]`; rows of the
    jobs-counting model carry rule "jobs". `coefs` is shared between copies of
    a formulation: never change it in place.
    """

    name: str
    coefs: dict[int, float]
    lower: float = -INF
    upper: float = INF
    rule: str = ""
    subject: Subject = ()

    @property
    def sense(self) -> str:
        if self.lower == self.upper:
            return "=="
        if self.lower == -INF:
            return "<="
        if self.upper == INF:
            return ">="
        return "range"


@dataclass
class Formulation:
    """An integer program, built rule by rule from a case (see portfolio.formulation.build)."""

    sense: Literal["max", "min"]
    columns: list[Column] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    action_columns: dict[str, int] = field(default_factory=dict)  # action id -> select column
    group_columns: dict[str, int] = field(default_factory=dict)  # group id -> jobs column
    # phased case: (action, year) -> the column that is 1 when the action starts that year; an action whose
    # window is one year maps that year to its select column
    start_columns: dict[tuple[str, int], int] = field(default_factory=dict)
    exact_jobs: bool = False  # True when jobs[g] is forced to equal min(cap, reach)
    features: set[str] = field(default_factory=set)  # what shapes the model, e.g. "equity", "synergy"
    products: dict[int, tuple[int, int]] = field(default_factory=dict)  # both[a,b] column -> its two selections
    objective_name: str = ""  # the objective of the registry that set the coefficients
    _index: dict[str, tuple[str, int]] = field(default_factory=dict, repr=False)  # name -> ("row"|"column", i)

    def add_column(
        self, name: str, lower: float = 0.0, upper: float = 1.0, integer: bool = False, objective: float = 0.0
    ) -> int:
        """Add a column; names are unique. Returns its index."""
        self._claim(name, "column", len(self.columns))
        self.columns.append(Column(name, lower, upper, integer, objective))
        return len(self.columns) - 1

    def add_row(
        self,
        name: str,
        coefs: dict[int, float],
        lower: float = -INF,
        upper: float = INF,
        *,
        rule: str = "custom",
        subject: Subject = (),
    ) -> int:
        """Add a row of `rule` about `subject`, dropping zero coefficients. Returns its index.

        Rules of the library always name themselves; "custom" marks a row added by hand (a cut, a test).
        """
        self._claim(name, "row", len(self.rows))
        self.rows.append(Row(name, {j: v for j, v in coefs.items() if v != 0}, lower, upper, rule, tuple(subject)))
        return len(self.rows) - 1

    def _claim(self, name: str, kind: str, index: int) -> None:
        if name in self._index:
            raise ValueError(f"duplicate name {name!r} in the formulation")
        self._index[name] = (kind, index)

    def _find(self, name: str, kind: str) -> int:
        found = self._index.get(name)
        if found is None or found[0] != kind:
            raise KeyError(name)
        return found[1]

    def row(self, name: str) -> Row:
        """The row with this name (KeyError if none)."""
        return self.rows[self._find(name, "row")]

    def column(self, name: str) -> Column:
        """The column with this name (KeyError if none)."""
        return self.columns[self._find(name, "column")]

    def rows_of(self, rule: str) -> list[Row]:
        """Every row of one rule, in the order they were added."""
        return [r for r in self.rows if r.rule == rule]

    def set_row_bounds(self, name: str, lower: float | None = None, upper: float | None = None) -> None:
        """Change one or both sides of a row in place (None keeps a side)."""
        i = self._find(name, "row")
        r = self.rows[i]
        self.rows[i] = replace(r, lower=r.lower if lower is None else lower, upper=r.upper if upper is None else upper)

    def set_coefficient(self, row: str, column: int, value: float) -> None:
        """Set one coefficient of a row in place (0 removes it); e.g. add a slack column to a rule's row."""
        i = self._find(row, "row")
        coefs = {j: v for j, v in self.rows[i].coefs.items() if j != column}
        if value != 0:
            coefs[column] = value
        self.rows[i] = replace(self.rows[i], coefs=coefs)

    def set_column_bounds(self, name: str, lower: float | None = None, upper: float | None = None) -> None:
        """Change one or both bounds of a column in place (None keeps a bound); e.g. fix select[A07] to 0."""
        j = self._find(name, "column")
        c = self.columns[j]
        self.columns[j] = replace(c, lower=c.lower if lower is None else lower, upper=c.upper if upper is None else upper)

    def set_objective(self, coefs: dict[int, float], sense: Literal["max", "min"], name: str) -> None:
        """Replace the objective: `coefs` per column index, 0 for every other column."""
        self.sense = sense
        self.objective_name = name
        self.columns = [replace(c, objective=coefs.get(j, 0.0)) for j, c in enumerate(self.columns)]

    def copy(self) -> Formulation:
        """An independent formulation to change: lists and indexes are copied, columns and rows are shared
        (they are immutable; every change replaces them)."""
        return Formulation(
            sense=self.sense,
            columns=list(self.columns),
            rows=list(self.rows),
            action_columns=dict(self.action_columns),
            group_columns=dict(self.group_columns),
            start_columns=dict(self.start_columns),
            exact_jobs=self.exact_jobs,
            features=set(self.features),
            products=dict(self.products),
            objective_name=self.objective_name,
            _index=dict(self._index),
        )

    def column_bounds(self, infinity: float = INF) -> tuple[list[float], list[float]]:
        """Lower and upper bounds of every column, infinite ones clipped to a solver's `infinity`."""
        return ([max(-infinity, c.lower) for c in self.columns], [min(infinity, c.upper) for c in self.columns])

    def row_bounds(self, infinity: float = INF) -> tuple[list[float], list[float]]:
        """Lower and upper sides of every row, infinite ones clipped to a solver's `infinity`."""
        return ([max(-infinity, r.lower) for r in self.rows], [min(infinity, r.upper) for r in self.rows])

    def objective_value(self, values: list[float]) -> float:
        return math.fsum(c.objective * v for c, v in zip(self.columns, values))

    def csr(self) -> tuple[list[int], list[int], list[float]]:
        """Rows as compressed sparse row arrays (start, index, value)."""
        start, index, value = [0], [], []
        for r in self.rows:
            for j in sorted(r.coefs):
                index.append(j)
                value.append(r.coefs[j])
            start.append(len(index))
        return start, index, value

    @property
    def is_pure_integer(self) -> bool:
        return all(c.integer for c in self.columns)
