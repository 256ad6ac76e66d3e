"""What `validate` shows about a case before any solve: counts, candidate cost against budget, coverage."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class BudgetLine(_Frozen):
    """What all candidate actions together would cost a domain, against its budget."""

    domain: str
    name: str = Field(description="display name of the domain")
    year: int | None = Field(description="null for the whole horizon")
    candidates_eur: float = Field(description="cost of every candidate action to the domain, EUR")
    budget_eur: float = Field(description="the budget; 0 for a year without a budget row")


class CoverageLine(_Frozen):
    """A priority barrier and how many candidate actions address it."""

    barrier: str
    name: str
    candidates: int
    required: int


class WindowLine(_Frozen):
    """A phased case: the years an action may start in and how its effect builds up."""

    action: str
    name: str
    window: tuple[int, ...] = Field(description="the years it may start in")
    ramp: tuple[float, ...] = Field(description="share of the full effect after 1, 2, ... years of running")


class CaseSummary(_Frozen):
    """A case at a glance, every figure computed from its rows."""

    name: str
    counts: dict[str, int] = Field(description="rows and links per kind: domains, groups, actions, ...")
    years: tuple[int, ...] = Field(description="budget years, sorted")
    budgets: tuple[BudgetLine, ...]
    coverage: tuple[CoverageLine, ...]
    candidate_jobs: float = Field(description="direct jobs of all candidates together (before caps)")
    caps_jobs: float = Field(description="sum of the groups' max_extra_jobs")
    rate_before: float | None = Field(None, description="baseline employment rate (0-1)")
    employed: int | None = None
    population: int | None = None
    target_rate: float | None = None
    jobs_to_target: float | None = Field(None, description="extra jobs needed to reach the target rate")
    target_year: int | None = Field(None, description="phased case: the year whose jobs count")
    windows: tuple[WindowLine, ...] = Field((), description="phased case: each action's window and ramp")
