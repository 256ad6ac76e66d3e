"""Results of the uncertainty studies: Monte Carlo over the effect ranges, robust portfolios, the k best
portfolios and each chosen action's replacement cost. Each model's JSON is what its command prints."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

Distribution = Literal["uniform", "triangular", "pert"]
Correlation = Literal["independent", "per-action", "per-barrier"]
Optimise = Literal["worst_case", "cvar"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Phased(_Frozen):
    """A result with fields only a phased case fills (spec 4.1): left out of the JSON when they are null, so a
    case without run years prints exactly what it printed before phasing."""

    @model_serializer(mode="wrap")
    def _contract(self, handler: SerializerFunctionWrapHandler):
        data = handler(self)
        for key in PHASED_KEYS:
            if key in data and data[key] is None:
                del data[key]
        return data


PHASED_KEYS = ("start_year", "moved", "differ_in")


class JobsRange(_Frozen):
    """Extra jobs of one portfolio over the samples (persons); percentiles interpolate linearly between samples."""

    mean: float
    p5: float
    p50: float
    p95: float
    low: float = Field(description="the fewest jobs of any sample")
    high: float = Field(description="the most jobs of any sample")


class PortfolioFigures(_Phased):
    """One portfolio judged under uncertainty: at the central effects, in the worst case, and over the samples."""

    name: str = Field(description="'nominal' (the optimum at the central effects) or 'robust'")
    selected: list[str]
    start_year: dict[str, int] | None = Field(None, description="phased case: chosen action -> start year")
    status: str = Field(description="status of the solve that chose it")
    jobs: float = Field(description="extra jobs at the central effects")
    cost_eur: float
    guaranteed_jobs: float | None = Field(
        None, description="jobs counted in every scenario where at most gamma reach rows fall to effect_low")
    cvar_jobs: float | None = Field(None, description="mean jobs of the worst alpha share of the samples")
    samples: JobsRange | None = Field(None, description="jobs over the samples")


class RobustResult(_Frozen):
    """The robust portfolio beside the nominal one."""

    optimise: Optimise
    gamma: int | None = Field(None, description="reach rows that may fall to their low effect at once")
    alpha: float | None = Field(None, description="the share of worst samples CVaR averages")
    status: str = Field(description="of the solve that maximised the robust measure; optimal only when proven")
    bound: float | None = Field(None, description="the solver's proven bound on the robust measure")
    gap: float | None = None
    backend: str
    solve_time_s: float = Field(description="both stages: the robust measure, then the most jobs at that measure")
    nominal: PortfolioFigures
    robust: PortfolioFigures | None = Field(description="null when the solver stopped before finding one")
    added: list[str] = Field(description="actions in the robust portfolio and not in the nominal one")
    removed: list[str] = Field(description="actions in the nominal portfolio and not in the robust one")
    notes: list[str] = Field(default_factory=list)
    interrupted: bool = False


class MonteCarloResult(_Phased):
    """Monte Carlo over the effect ranges: each sample solved exactly, and the nominal portfolio's spread."""

    samples: int = Field(description="samples drawn")
    seed: int
    dist: Distribution
    correlation: Correlation
    frequency: dict[str, float] = Field(
        description="action -> share of the solved samples whose optimal portfolio holds it (1 core, 0 exterior)")
    nominal: JobsRange = Field(description="jobs of the nominal portfolio over every sample drawn")
    selected: list[str] = Field(description="the nominal portfolio")
    start_year: dict[str, int] | None = Field(
        None, description="phased case: the nominal plan's start years, kept in every sample")
    jobs: float = Field(description="its jobs at the central effects")
    target_jobs: float = Field(description="the jobs target p_target refers to")
    p_target: float = Field(description="share of the samples in which the nominal portfolio reaches target_jobs")
    optimum: JobsRange | None = Field(None, description="the best jobs of each solved sample (max_jobs)")
    solved: int = Field(description="samples whose solve returned a portfolio; frequencies are shares of these")
    not_proven: int = Field(0, description="of those, samples whose portfolio is not proven optimal")
    no_portfolio: int = Field(0, description="samples without a portfolio (infeasible, or stopped)")
    failed: int = Field(0, description="samples whose solve raised an error")
    samples_solved: bool = Field(True, description="whether the samples were solved (False: no frequencies or "
                                                   "optima; robust --optimise worst_case without --solve-samples)")
    robust: RobustResult | None = None
    interrupted: bool = False
    jobs_by_sample: list[float] = Field(default_factory=list, exclude=True,
                                        description="the nominal portfolio's jobs in each sample, for charts")


class Alternative(_Phased):
    """One of the best portfolios, and how it differs from the best."""

    rank: int
    jobs: float
    cost_eur: float
    objective_value: float
    status: str
    selected: list[str]
    added: list[str] = Field(description="actions it holds that the best does not")
    removed: list[str] = Field(description="actions of the best it leaves out")
    start_year: dict[str, int] | None = Field(None, description="phased case: chosen action -> start year")
    moved: list[str] | None = Field(
        None, description="phased case: actions of the best it holds too but starts in another year")


class AlternativesResult(_Phased):
    objective: str
    differ_in: Literal["actions", "plan"] | None = Field(
        None, description="phased case: each portfolio differs from those before it in at least one action "
                          "('actions'), or in an action or a start year ('plan')")
    k: int | None = Field(description="the most portfolios asked for")
    within: float | None = Field(description="relative distance from the optimum")
    portfolios: list[Alternative]
    exhausted: bool = Field(description="the last solve proved no further portfolio exists (within the distance)")
    interrupted: bool = False


class ActionImportance(_Frozen):
    """A chosen action's replacement cost: what is lost when it is locked out and the rest re-optimised."""

    action: str
    name: str
    locked_in: bool = Field(
        description="the case locks it in (or fixes its start); the re-solve drops that lock")
    status: str = Field(description="of the re-solve without it")
    jobs_without: float | None = None
    cost_without_eur: float | None = None
    jobs_lost: float | None = Field(description="base jobs minus the re-optimised jobs; null without a portfolio")
    objective_change: float | None = Field(description="re-optimised objective minus the base (EUR for min_cost)")
    indispensable: bool = Field(description="without it no portfolio satisfies the rules")


class ImportanceResult(_Frozen):
    objective: str
    base_jobs: float
    base_objective: float
    actions: list[ActionImportance] = Field(description="the chosen actions, the largest loss first")
    interrupted: bool = False


class UncertaintyReport(_Frozen):
    """The uncertainty section of a report: Monte Carlo around the reported portfolio, and its replacement costs."""

    monte_carlo: MonteCarloResult
    importance: ImportanceResult | None = None
