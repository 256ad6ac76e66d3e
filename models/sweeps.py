"""Results of what-if sweeps; each model's JSON is what the matching command prints with `--format json`."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from models.solution import Solution


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ScenarioResult(_Frozen):
    """One scenario solved, and how it differs from the base."""

    name: str
    solution: Solution
    added: list[str] = Field(description="actions chosen in the scenario but not in the base")
    removed: list[str] = Field(description="actions chosen in the base but not in the scenario")
    jobs_change: float | None = Field(None, description="extra jobs against the base; null without two portfolios")
    cost_change_eur: float | None = None
    spend_change_eur: dict[str, float] = Field(default_factory=dict, description="domain -> spend against the base")


class WhatIfResult(_Frozen):
    base: Solution
    scenarios: list[ScenarioResult]
    interrupted: bool = Field(False, description="true when the sweep was stopped before every solve finished")


class FrontierPoint(_Frozen):
    scale: float = Field(description="the factor on the budgets")
    budget_eur: float = Field(description="total budget of the scaled domains at this point")
    jobs: float | None
    cost_eur: float | None
    status: str
    gap: float | None
    selected: list[str]
    carried: bool = Field(False, description="the portfolio of a smaller budget was better than the solver's "
                                             "answer here and is used instead (the solver was stopped early)")


class FrontierResult(_Frozen):
    domain: str | None = Field(None, description="the one domain scaled; null when every budget is")
    points: list[FrontierPoint]
    interrupted: bool = False


class MarginalDomain(_Frozen):
    domain: str
    name: str
    plus_jobs: float | None = Field(description="extra jobs when the domain gets the step more")
    minus_jobs: float | None = Field(description="jobs lost when the domain gets the step less")
    plus_entering: list[str] = Field(description="actions chosen with the step more, not in the base")
    plus_leaving: list[str] = Field(description="actions of the base not chosen with the step more")
    minus_entering: list[str] = Field(description="actions chosen with the step less, not in the base")
    minus_leaving: list[str] = Field(description="actions of the base not chosen with the step less")
    plus_status: str
    minus_status: str
    next_step_eur: float | None = Field(
        None, description="the least extra EUR for the domain (in the year with --year) that buys more jobs "
                          "than the base; null when no amount helps or it was not decided")
    next_step_jobs: float | None = Field(None, description="extra jobs against the base at that budget")
    next_step_note: str = Field("", description="how the next step was proven, or why there is none")


class MarginalResult(_Frozen):
    step_eur: float
    year: int | None
    base_jobs: float | None
    base_status: str
    domains: list[MarginalDomain] = Field(description="sorted by plus_jobs, most first")
    interrupted: bool = False


class TargetResult(_Frozen):
    rate: float | None = Field(None, description="the target employment rate, when given as a rate")
    reachable: bool | None = Field(description="null when the solve could not decide")
    jobs_target: float = Field(description="extra jobs the target needs; 0 or less: the baseline has them")
    shortfall_jobs: float | None = Field(description="jobs the best portfolio still lacks; 0 when reachable")
    most_jobs: float | None = Field(None, description="the most jobs any portfolio reaches (when unreachable)")
    rate_reached: float | None = Field(None, description="employment rate with the solution's portfolio")
    message: str
    solution: Solution = Field(description="reachable: the cheapest portfolio that keeps every rule and "
                                           "reaches the target; unreachable: the one with the most jobs")
    carried: bool = Field(False, description="a higher target's portfolio cost less than what the solver found "
                                             "in time here, and is used instead (not proven cheapest)")


class TargetCurve(_Frozen):
    points: list[TargetResult]
    interrupted: bool = False
