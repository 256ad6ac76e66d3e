"""The objectives of the case format, as a small registry: each sets the formulation's objective and
values a recomputed portfolio the same way."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar, Literal

from models.casedata import CaseData
from portfolio.core.outcome import Outcome
from portfolio.formulation.model import Formulation


class Objective(ABC):
    name: ClassVar[str]
    sense: ClassVar[Literal["max", "min"]]
    summary: ClassVar[str]

    @abstractmethod
    def set(self, form: Formulation, data: CaseData) -> None:
        """Write the objective's coefficients into `form`."""

    @abstractmethod
    def value(self, result: Outcome) -> float:
        """The objective value of a recomputed portfolio."""


class MaxJobs(Objective):
    name = "max_jobs"
    sense = "max"
    summary = "maximise the total extra jobs"

    def set(self, form: Formulation, data: CaseData) -> None:
        form.set_objective({j: 1.0 for j in form.group_columns.values()}, self.sense, self.name)

    def value(self, result: Outcome) -> float:
        return result.jobs_total


class MinCost(Objective):
    name = "min_cost"
    sense = "min"
    summary = "minimise the total cost, reaching the jobs target"

    def set(self, form: Formulation, data: CaseData) -> None:
        form.set_objective({j: data.cost_total[a] for a, j in form.action_columns.items()}, self.sense, self.name)

    def value(self, result: Outcome) -> float:
        return result.cost_total_eur


OBJECTIVES: dict[str, Objective] = {o.name: o for o in (MaxJobs(), MinCost())}


def objective(name: str) -> Objective:
    """The registered objective called `name` (KeyError if none)."""
    try:
        return OBJECTIVES[name]
    except KeyError:
        raise KeyError(f"no objective {name!r}; objectives are {', '.join(OBJECTIVES)}") from None
