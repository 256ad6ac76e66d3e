"""The studies a report draws on beside its own solve: the jobs band of the plan, what each equity share
costs, and the what-if work asked for (`report --scenario/--frontier/--target-curve`)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from models.sweeps import FrontierResult, TargetCurve, WhatIfResult
from models.uncertainty import Distribution


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class JobsBand(_Frozen):
    """The chosen plan's extra jobs over effects drawn within their ranges (effect_low..effect_high), the plan
    kept as it is (no re-solve); persons, percentiles linear between samples."""

    samples: int = Field(description="effect sets drawn")
    seed: int
    dist: Distribution
    p5: float
    p50: float
    p95: float


class ShareCost(_Frozen):
    """What one minimum group share costs: the optimum with it and with it removed (the other shares kept),
    both proven optimal. Jobs with max_jobs, EUR with min_cost."""

    group: str
    share: float = Field(description="the group's minimum share of all extra jobs (0-1)")
    objective: Literal["max_jobs", "min_cost"]
    with_share: float = Field(description="the optimum with the share")
    without_share: float = Field(description="the optimum without it")
    cost: float = Field(description="jobs lost (max_jobs) or EUR added (min_cost) by the share; >= 0 up "
                                    "to the solvers' gaps")
    low: float = Field(description="the least the cost can be within the two solves' proven gaps")
    high: float = Field(description="the most it can be within them")


class ReportStudies(_Frozen):
    """Everything beside the plan that the report shows; each part null (or empty) when not asked or not
    possible."""

    band: JobsBand | None = None
    share_costs: tuple[ShareCost, ...] = ()
    whatif: WhatIfResult | None = Field(None, description="report --scenario: base and each scenario")
    frontier: FrontierResult | None = Field(None, description="report --frontier")
    frontier_budget_eur: float | None = Field(None, description="the current total budget on the frontier")
    target_curve: TargetCurve | None = Field(None, description="report --target-curve")
