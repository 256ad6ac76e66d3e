"""Results of what-if sweeps; each model's JSON is what the matching command prints with `--format json`."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

from models.phrase import Joined, Phrase
from models.solution import Solution


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _PhasedFields(_Frozen):
    """A result with fields for a phased case only (`PHASED_FIELDS`): the JSON of a case without run years
    leaves them out, so it stays as it was before phasing."""

    PHASED_FIELDS: ClassVar[tuple[str, ...]] = ()

    def _phased(self) -> bool:
        """Whether this result belongs to a phased case: every subclass answers from its own solutions."""
        raise NotImplementedError(f"{type(self).__name__} must say whether its case is phased")

    @model_serializer(mode="wrap")
    def _contract(self, handler: SerializerFunctionWrapHandler):
        data = handler(self)
        if not self._phased():
            for key in self.PHASED_FIELDS:
                data.pop(key, None)
        return data


class StartChange(_Frozen):
    """Where one action starts in the base plan and in a scenario's (null: not chosen there)."""

    base: int | None
    scenario: int | None


class ScenarioResult(_PhasedFields):
    """One scenario solved, and how it differs from the base."""

    name: str
    solution: Solution
    added: list[str] = Field(description="actions chosen in the scenario but not in the base")
    removed: list[str] = Field(description="actions chosen in the base but not in the scenario")
    jobs_change: float | None = Field(None, description="extra jobs against the base; null without two portfolios")
    cost_change_eur: float | None = None
    spend_change_eur: dict[str, float] = Field(default_factory=dict, description="domain -> spend against the base")
    # a phased case adds these; a case without run years leaves them out of the JSON
    start_changes: dict[str, StartChange] | None = Field(
        None, description="phased case: each action whose start year differs between the two plans, in the "
                          "case's order (null side: not chosen there)")
    target_year: int | None = Field(None, description="phased case: the scenario's target year")
    base_jobs_in_target_year: float | None = Field(
        None, description="phased case: the base plan's jobs in the scenario's target year (null without a "
                          "base portfolio)")
    notes: list[str] | None = Field(
        None, description="phased case: what the scenario's delays did beyond moving windows (actions that can "
                          "no longer start, cut windows)")

    PHASED_FIELDS = ("start_changes", "target_year", "base_jobs_in_target_year", "notes")

    def _phased(self) -> bool:
        return self.solution.phased


class WhatIfResult(_Frozen):
    base: Solution
    scenarios: list[ScenarioResult]
    interrupted: bool = Field(False, description="true when the sweep was stopped before every solve finished")


class FrontierPoint(_PhasedFields):
    scale: float = Field(description="the factor on the budgets")
    budget_eur: float = Field(description="total budget of the scaled domains at this point")
    jobs: float | None
    cost_eur: float | None
    status: str
    gap: float | None
    selected: list[str]
    carried: bool = Field(False, description="the portfolio of a smaller budget was better than the solver's "
                                             "answer here and is used instead (the solver was stopped early)")
    start_year: dict[str, int] | None = Field(None, description="phased case: chosen action -> start year")
    phased: bool = Field(False, exclude=True, description="the case is phased (start_year applies)")

    PHASED_FIELDS = ("start_year",)

    def _phased(self) -> bool:
        return self.phased

    @property
    def plan(self) -> dict[str, int] | list[str]:
        """The portfolio as the checker takes it back: action -> start year in a phased case, else the ids."""
        return dict(self.start_year or {}) if self.phased else list(self.selected)


class FrontierResult(_PhasedFields):
    domain: str | None = Field(None, description="the one domain scaled; null when every budget is")
    points: list[FrontierPoint]
    interrupted: bool = False
    target_year: int | None = Field(None, description="phased case: the year whose jobs count")

    PHASED_FIELDS = ("target_year",)

    def _phased(self) -> bool:
        return self.target_year is not None


class MarginalDomain(_PhasedFields):
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
    next_step_words: Phrase | Joined | None = Field(
        None, exclude=True, description="the note as facts, to say it in the reader's language")
    plus_moved: dict[str, StartChange] | None = Field(
        None, description="phased case: actions of the base that start in another year with the step more")
    minus_moved: dict[str, StartChange] | None = Field(
        None, description="phased case: actions of the base that start in another year with the step less")
    phased: bool = Field(False, exclude=True, description="the case is phased (the moved starts apply)")

    PHASED_FIELDS = ("plus_moved", "minus_moved")

    def _phased(self) -> bool:
        return self.phased


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
    words: Phrase | Joined | None = Field(
        None, exclude=True, description="the message as facts, to say it in the reader's language")
    solution: Solution = Field(description="reachable: the cheapest portfolio that keeps every rule and "
                                           "reaches the target; unreachable: the one with the most jobs")
    carried: bool = Field(False, description="a higher target's portfolio cost less than what the solver found "
                                             "in time here, and is used instead (not proven cheapest)")


class TargetCurve(_Frozen):
    points: list[TargetResult]
    interrupted: bool = False
