"""The solver-neutral model: named columns with bounds and types, named rows, objective, sense."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

INF = math.inf


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
    """A linear row: `lower <= sum(coef * column) <= upper` (either side may be infinite)."""

    name: str
    coefs: dict[int, float]
    lower: float = -INF
    upper: float = INF

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
    action_columns: dict[str, int] = field(default_factory=dict)  # action id -> column
    group_columns: dict[str, int] = field(default_factory=dict)  # group id -> jobs column
    exact_jobs: bool = False  # True when jobs[g] is forced to equal min(cap, reach)
    features: set[str] = field(default_factory=set)  # rules that shape the model, e.g. "equity", "synergy"
    _names: set[str] = field(default_factory=set, repr=False)

    def add_column(
        self, name: str, lower: float = 0.0, upper: float = 1.0, integer: bool = False, objective: float = 0.0
    ) -> int:
        """Add a column; names are unique. Returns its index."""
        if name in self._names:
            raise ValueError(f"duplicate name {name!r} in the formulation")
        self._names.add(name)
        self.columns.append(Column(name, lower, upper, integer, objective))
        return len(self.columns) - 1

    def add_row(self, name: str, coefs: dict[int, float], lower: float = -INF, upper: float = INF) -> int:
        """Add a row, dropping zero coefficients. Returns its index."""
        if name in self._names:
            raise ValueError(f"duplicate name {name!r} in the formulation")
        self._names.add(name)
        self.rows.append(Row(name, {j: v for j, v in coefs.items() if v != 0}, lower, upper))
        return len(self.rows) - 1

    def row(self, name: str) -> Row:
        """The row with this name (KeyError if none)."""
        for r in self.rows:
            if r.name == name:
                return r
        raise KeyError(name)

    def column(self, name: str) -> Column:
        """The column with this name (KeyError if none)."""
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

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
