"""What every backend shares: the raw result, the interface, and stdout hygiene."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from enum import Enum

from models import SolverSettings
from portfolio.formulation import Formulation


class RawStatus(str, Enum):
    """What the solver itself said, before verification."""

    OPTIMAL = "optimal"  # proven optimal within the requested gap
    FEASIBLE = "feasible"  # stopped by a limit with a solution
    INFEASIBLE = "infeasible"  # proven infeasible
    NO_SOLUTION = "no_solution"  # stopped by a limit without a solution


@dataclass
class RawResult:
    """A backend's answer: values of every column, the solver's bound, its status and time."""

    status: RawStatus
    values: list[float] | None = None
    objective: float | None = None  # as the solver computed it (not shown to users)
    bound: float | None = None  # proven bound on the objective, None when not proven
    time_s: float = 0.0
    message: str = ""
    exact: bool = True  # False when the backend solved an approximation (CP-SAT rounding)
    notes: dict = field(default_factory=dict)


class BackendUnavailable(RuntimeError):
    """The solver is not installed here."""


class Backend(ABC):
    """One solver. Subclasses translate a Formulation and read the solver's own status."""

    name: str = ""
    extra: str = ""  # the pip package that brings the solver

    @classmethod
    @abstractmethod
    def is_available(cls) -> bool: ...

    @abstractmethod
    def _solve(self, form: Formulation, settings: SolverSettings) -> RawResult: ...

    def solve(self, form: Formulation, settings: SolverSettings) -> RawResult:
        """Solve `form`, keeping every solver banner off stdout; time the whole call."""
        if not self.is_available():
            raise BackendUnavailable(f"backend {self.name!r} is not installed; pip install {self.extra}")
        start = time.perf_counter()
        with stdout_to_stderr():
            result = self._solve(form, settings)
        result.time_s = time.perf_counter() - start
        return result


@contextlib.contextmanager
def stdout_to_stderr():
    """Send everything written to file descriptor 1 (C libraries included) to stderr."""
    try:
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError):  # no real stdout (some embedded runners): nothing to guard
        yield
        return
    try:
        os.dup2(2, 1)
        yield
    finally:
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
