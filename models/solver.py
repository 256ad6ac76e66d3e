"""The solver side of the models: the backend registry, the solver settings, and the report of what ran.

The registry is the one list of backend names. It lives here, below every
package that names a backend (the case.yaml reader validates `solver.backend`,
`portfolio.backends` loads the class, `auto` orders them), and it names each
implementation by import path only, so nothing here imports a solver.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from models.base import Settings
from models.phrase import Phrase


@dataclass(frozen=True)
class BackendEntry:
    """One solver backend: its name in settings and on the command line, and where it lives."""

    name: str
    target: str  # "module:Class" of the implementation
    package: str  # the pip package that brings the solver
    solver: str  # what a planner reads: the solver and how it is reached


BACKENDS: tuple[BackendEntry, ...] = (
    BackendEntry("highs", "portfolio.backends.highs:HighsBackend", "highspy", "HiGHS via highspy"),
    BackendEntry("cbc", "portfolio.backends.cbc:CbcBackend", "pulp", "CBC bundled with PuLP"),
    BackendEntry("scip", "portfolio.backends.scip:ScipBackend", "ortools", "SCIP via OR-Tools"),
    BackendEntry("cpsat", "portfolio.backends.cpsat:CpSatBackend", "ortools", "CP-SAT (OR-Tools)"),
)
BACKEND_NAMES: tuple[str, ...] = tuple(b.name for b in BACKENDS)
AUTO = "auto"

BackendName = Literal[(AUTO, *BACKEND_NAMES)]  # type: ignore[valid-type]


class SolverSettings(Settings):
    """How to solve (case.yaml `solver`); command-line options override."""

    backend: BackendName = Field(AUTO, description="solver backend")
    time_limit_s: float = Field(60.0, gt=0, description="wall-clock limit, seconds")
    mip_gap: float = Field(1.0e-6, ge=0, le=1, description="relative gap at which to stop")
    threads: int = Field(1, ge=1, le=256, description="solver threads")
    seed: int = Field(0, ge=0, le=2**31 - 1, description="random seed")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Resolution(_Frozen):
    """How a backend that works in integers (CP-SAT) scaled the model."""

    exact: bool = Field(description="true when scaling changed no coefficient or bound")
    jobs_resolution: float | None = Field(None, description="finest step of the jobs[...] columns, in jobs")
    column_resolution: dict[str, float] = Field(default_factory=dict, description="step of each continuous column")
    objective_scale: float = Field(1.0, description="the objective was multiplied by this power of ten")
    binary_products: tuple[str, ...] = Field((), description="continuous product columns solved as 0/1")
    rounded: tuple[str, ...] = Field((), description="what had to be rounded, when not exact")
    rounded_model_bound: float | None = Field(
        None, description="the bound of the rounded model; it proves nothing about the exact one"
    )


class Race(_Frozen):
    """Two backends raced on one model (portfolio/backends/race.py), as facts a report words in its
    language."""

    first: str = Field(description="the backend that started")
    second: str = Field(description="the backend that joined it")
    second_from_s: float = Field(description="seconds after the start at which the second joined")
    outcome: Literal["proved", "none_found", "best_found"] = Field(
        description="proved: one proved optimality and the other was stopped; none_found: neither found a "
                    "portfolio; best_found: neither proved optimality, the better portfolio is used")
    winner: str = Field(description="the backend whose answer is used")
    wall_s: float = Field(description="seconds the race took")


class AutoChoice(_Frozen):
    """Why `auto` led with a backend, as facts a report words in its language (`chosen_by` is the English)."""

    leader: str = Field(description="the backend auto tried first")
    actions: int = Field(description="candidate actions of the model")
    features: tuple[str, ...] = Field(
        description="shapes that set the order (equity, synergy); empty: a pure knapsack shape")


class SolveReport(_Frozen):
    """What actually ran: the settings as the solver used them, and where each reported figure came from."""

    backend: str = Field(description="the backend that ran")
    chosen_by: str | None = Field(None, description="why `auto` chose it; null when it was named")
    auto: AutoChoice | None = Field(None, description="the facts behind `chosen_by`; null when it was named")
    race: Race | None = Field(None, description="the race `auto` ran, when it raced two backends")
    solver_status: str = Field("", description="the solver's own words for how it stopped")
    time_limit_s: float
    mip_gap: float = Field(description="requested relative gap")
    threads_requested: int
    threads_used: int = Field(description="threads the solver actually ran on")
    seed: int = Field(description="the seed the solver used")
    bound_source: str | None = Field(None, description="where the proven bound comes from; null without one")
    reruns: tuple[str, ...] = Field((), description="each extra run the backend made, and why")
    resolution: Resolution | None = Field(None, description="integer scaling (CP-SAT)")
    notes: tuple[str, ...] = Field((), description="anything else a careful reader should know")
    phrases: tuple[Phrase, ...] = Field(
        (), exclude=True, description="the phrases behind texts of this report (notes, bound_source), to say "
                                      "them in the reader's language; their English is the text")
    interrupted: bool = Field(False, description="true when Ctrl-C stopped the solver before it finished")
