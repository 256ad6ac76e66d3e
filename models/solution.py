"""Results: the Solution every caller gets back, and the details reports are built from."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


class Status(str, Enum):
    """Solve status. Never claims more than the solver proved."""

    OPTIMAL = "optimal"  # proven optimal within mip_gap
    FEASIBLE = "feasible"  # a valid portfolio, not proven optimal
    INFEASIBLE = "infeasible"  # no portfolio satisfies the rules
    NO_SOLUTION = "no_solution"  # stopped before any portfolio was found

    @property
    def has_portfolio(self) -> bool:
        return self in (Status.OPTIMAL, Status.FEASIBLE)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EmploymentRate(_Frozen):
    """Employment rates (0-1) before and after the portfolio, and the target."""

    before: float = Field(description="employed / population before the portfolio")
    after: float | None = Field(description="(employed + jobs_total) / population; null without a portfolio")
    target: float = Field(description="target rate")


class ActionResult(_Frozen):
    """One chosen action as reports show it."""

    action: str
    name: str
    lead_domain: str
    cost_eur: float = Field(description="total cost over all domains and years, EUR")
    jobs: float = Field(description="direct extra jobs, sum of reach x effect over groups, before caps and synergies")
    jobs_per_meur: float | None = Field(description="direct jobs per EUR 1 million; null for a free action")


class GroupResult(_Frozen):
    group: str
    name: str
    jobs_uncapped: float = Field(description="direct jobs plus synergies, before the cap (persons)")
    jobs: float = Field(description="extra jobs counted: min(cap, uncapped)")
    max_extra_jobs: float = Field(description="the cap of the group")


class SpendResult(_Frozen):
    domain: str
    year: int | None = Field(description="null for the total over the horizon")
    spend_eur: float
    budget_eur: float


class RuleCheck(_Frozen):
    """One rule row, recomputed: `value` must satisfy `sense` against `limit`."""

    rule: str = Field(description="readable row name, e.g. budget[werk,2027]")
    value: float
    sense: str = Field(description="'<=', '>=' or '=='")
    limit: float
    ok: bool


class SolutionDetails(_Frozen):
    """Everything beyond the contract JSON that reports need, recomputed from the data."""

    actions: tuple[ActionResult, ...] = ()
    groups: tuple[GroupResult, ...] = ()
    spend: tuple[SpendResult, ...] = ()
    priority_barriers: dict[str, int] = Field(default_factory=dict, description="barrier -> chosen actions addressing it")
    checks: tuple[RuleCheck, ...] = ()
    jobs_to_target: float | None = Field(None, description="extra jobs the baseline needs to reach the target rate")
    jobs_missing: float | None = Field(None, description="jobs still missing to the target after the portfolio")
    mip_gap: float = Field(description="requested relative gap")
    time_limit_s: float
    threads: int
    seed: int
    message: str = Field("", description="what the solver or the diagnosis said, in plain words")
    columns: int = 0
    rows: int = 0


class Solution(_Frozen):
    """The answer of a solve. `model_dump_json()` is exactly the JSON of spec section 3."""

    case: str
    status: Status
    objective: str
    objective_value: float | None
    bound: float | None
    gap: float | None
    backend: str
    solve_time_s: float
    selected: list[str]
    jobs_total: float | None
    cost_total_eur: float | None
    jobs_by_group: dict[str, float] | None
    spend_by_domain: dict[str, float] | None
    employment_rate: EmploymentRate | None
    details: SolutionDetails = Field(exclude=True, description="for reports; not part of the JSON")
