"""Progress of a plan that runs: what was really started, spent and reached per action and year (progress.csv),
and the monitoring built on it (deviations, flags, the forecast and whether the plan is on track)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.case import CostAmount, Identifier, Persons, Record, Year

ProgressStatus = Literal["started", "delayed", "stopped", "not_started"]
Track = Literal["on_track", "at_risk", "off_track"]


class ProgressRow(Record):
    """One line of progress.csv: an action's state in a past year, with a paying domain's spend and/or the
    people reached in a group and how many moved into work."""

    action: Identifier = Field(description="an action of the plan")
    year: Year = Field(description="a past year (at most the year monitored)")
    status: ProgressStatus = Field(
        description="started (runs that year), delayed (should run, does not yet), stopped (ended that year), "
                    "not_started (not due yet)"
    )
    domain: Identifier | None = Field(None, description="the paying domain of spend_eur")
    spend_eur: CostAmount | None = Field(None, ge=0, description="what the domain paid for the action that year, EUR")
    group: Identifier | None = Field(None, description="the group of reached and into_work")
    reached: Persons | None = Field(None, ge=0, description="persons of the group the action reached that year")
    into_work: Persons | None = Field(None, ge=0, description="of those, persons who moved into work that year")

    @model_validator(mode="after")
    def _pairs(self) -> ProgressRow:
        if (self.domain is None) != (self.spend_eur is None):
            missing = "domain" if self.domain is None else "spend_eur"
            raise ValueError(f"{missing} is empty; spend_eur and domain go together (who paid how much)")
        if self.group is None and (self.reached is not None or self.into_work is not None):
            raise ValueError("group is empty; reached and into_work are counted in a group")
        if self.into_work is not None and (self.reached is None or self.into_work > self.reached):
            raise ValueError("into_work needs reached, and at most as many: the people who moved into work are "
                             "among those reached")
        return self


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ActionProgress(_Frozen):
    """One action of the plan, planned against realised up to the year monitored."""

    action: str
    name: str
    lead_domain: str
    planned_start: int | None = Field(description="the plan's start year")
    actual_start: int | None = Field(description="first year reported started (or stopped); null if not yet")
    forecast_start: int | None = Field(description="the start the forecast assumes; null: it no longer counts")
    status: str = Field(description="the latest reported status, or 'no_report'")
    delay_years: int = Field(description="years behind the planned start (so far, for one not started yet)")
    planned_spend_eur: float = Field(description="what the plan spends on it up to the year monitored")
    spend_eur: float = Field(description="what was reported spent up to the year monitored")
    reached: float | None = Field(description="persons reported reached so far; null if not reported")
    planned_jobs: float = Field(description="direct jobs in the target year as planned (ramp applied)")
    forecast_jobs: float = Field(description="direct jobs in the target year as forecast")
    flags: tuple[str, ...] = Field(description="overspend, underspend, delay, stopped, no_report, observed_effect")


class DomainProgress(_Frozen):
    domain: str
    name: str
    planned_spend_eur: float = Field(description="planned spend up to the year monitored")
    spend_eur: float = Field(description="reported spend up to the year monitored")
    budget_eur: float = Field(description="the domain's budget over the horizon")
    committed_eur: float = Field(description="reported spend plus what the forecast plan still spends in the horizon")
    planned_jobs: float
    forecast_jobs: float
    track: Track
    why: str


class YearSpend(_Frozen):
    domain: str
    year: int
    planned_eur: float
    spend_eur: float
    budget_eur: float | None


class Monitoring(_Frozen):
    """`portfolio monitor`: the plan against its progress, and the forecast for the target year."""

    case: str
    as_of: int = Field(description="the last year reported on")
    target_year: int
    planned_jobs: float = Field(description="the plan's extra jobs in the target year")
    forecast_jobs: float = Field(description="extra jobs in the target year, forecast from the progress")
    forecast_p5: float
    forecast_p95: float
    samples: int = Field(description="Monte Carlo samples of the effects behind the band")
    employment_rate: dict[str, float | None] | None = Field(
        description="planned, forecast, forecast_p5, forecast_p95 and target rate; null without a baseline")
    track: Track
    rule: str = Field(description="the rule that decides on track / at risk / off track")
    actions: tuple[ActionProgress, ...]
    domains: tuple[DomainProgress, ...]
    spend_by_year: tuple[YearSpend, ...]
    notes: tuple[str, ...] = ()
