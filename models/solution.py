"""Results: the Solution every caller gets back, and the details reports are built from."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

from models.phrase import Joined, Phrase
from models.solver import SolveReport


class Status(StrEnum):
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
    lead_domain_name: str = Field(description="display name of the lead domain")
    cost_eur: float = Field(description="total cost over all domains and years, EUR")
    jobs: float = Field(description="direct extra jobs, sum of reach x effect over groups, before caps and synergies")
    jobs_per_meur: float | None = Field(description="direct jobs per EUR 1 million; null for a free action")
    start_year: int | None = Field(None, description="phased case: the year the action starts")


class GroupResult(_Frozen):
    group: str
    name: str
    jobs_uncapped: float = Field(description="direct jobs plus synergies, before the cap (persons)")
    jobs: float = Field(description="extra jobs counted: min(cap, f(uncapped)), f the saturation curve")
    max_extra_jobs: float = Field(description="the cap of the group")
    saturation_loss: float | None = Field(
        None, description="jobs the saturation curve does not count, uncapped - f(uncapped); null without")


class SpendResult(_Frozen):
    domain: str
    name: str = Field(description="display name of the domain")
    year: int | None = Field(description="null for the total over the horizon")
    spend_eur: float
    budget_eur: float


class BarrierResult(_Frozen):
    """A priority barrier and the chosen actions that address it."""

    barrier: str
    name: str
    actions: tuple[str, ...] = Field(description="chosen actions addressing the barrier")
    required: int = Field(description="chosen actions the coverage rule asks for")


class RuleCheck(_Frozen):
    """One rule instance, recomputed: `value` must satisfy `sense` against `limit`."""

    name: str = Field(description="readable row name, e.g. budget[werk,2027]")
    rule: str = Field(description="the rule of the case format, e.g. budget")
    subject: tuple[str, ...] = Field((), description="what the instance is about, e.g. (werk, 2027)")
    value: float
    sense: str = Field(description="'<=', '>=' or '=='")
    limit: float
    ok: bool


class SolutionDetails(_Frozen):
    """Everything beyond the contract JSON that reports need, recomputed from the data."""

    actions: tuple[ActionResult, ...] = ()
    groups: tuple[GroupResult, ...] = ()
    spend: tuple[SpendResult, ...] = ()
    priority_barriers: tuple[BarrierResult, ...] = ()
    checks: tuple[RuleCheck, ...] = ()
    candidates: int = Field(0, description="candidate actions in the case")
    jobs_to_target: float | None = Field(None, description="extra jobs the baseline needs to reach the target rate")
    jobs_missing: float | None = Field(None, description="jobs still missing to the target after the portfolio")
    report: SolveReport = Field(description="what actually ran")
    message: str = Field("", description="what the solver or the diagnosis said, in plain words (English)")
    words: Phrase | Joined | None = Field(
        None, exclude=True,
        description="the message as facts, to say it in the reader's language; null: say the message")
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
    # spec 4.1: a phased case adds these four; a case without run years leaves them out of the JSON
    start_year: dict[str, int] | None = Field(None, description="phased case: chosen action -> start year")
    jobs_by_year: dict[int, float] | None = Field(
        None, description="phased case: each year of the horizon and the target year -> total extra jobs that year"
    )
    spend_by_domain_year: dict[str, dict[int, float]] | None = Field(
        None, description="phased case: domain -> year of the horizon -> EUR"
    )
    committed_after_horizon_eur: dict[str, float] | None = Field(
        None, description="phased case: domain -> EUR the chosen starts commit to years after the horizon"
    )
    phased: bool = Field(False, exclude=True, description="the case is phased (the four fields above apply)")
    details: SolutionDetails = Field(exclude=True, description="for reports; not part of the JSON")

    @model_serializer(mode="wrap")
    def _contract(self, handler: SerializerFunctionWrapHandler):
        data = handler(self)
        if not self.phased:
            for key in PHASED_FIELDS:
                data.pop(key, None)
        return data

    @property
    def plan(self) -> dict[str, int] | list[str]:
        """The portfolio as the checker takes it back: action -> start year in a phased case, else the ids."""
        return dict(self.start_year) if self.phased and self.start_year is not None else list(self.selected)


PHASED_FIELDS = ("start_year", "jobs_by_year", "spend_by_domain_year", "committed_after_horizon_eur")
