"""What-if scenarios: overlays of changes on a case (budgets, effects, costs, actions, locks, rules, objective).

A scenario is data: inputs.overlay applies it (`apply_scenario(case, scenario)`
returns a new, validated Case; no file is edited). The changes, in the order
they are applied:

- `remove`: actions taken out of the case with their costs, reach, synergies
  and list entries (an action that still requires a removed one is an error);
- `budgets`: per domain (or every domain), `factor` or `amount_eur`, for the
  whole horizon or one `year`. A factor without a year scales the total and
  every year row. An amount without a year sets the total. A change of one
  year moves the total by the same difference, so the change takes effect;
- `effects`: multiply the effect (and its low and high ends) of the reach rows
  selected by action, group and/or barrier; a factor that would take an effect
  above 1 (a share) is refused, never capped. Each
  synergy is scaled by the smallest change of the jobs of its two actions in
  its group, so a pessimistic scenario never makes a valid case invalid;
- `costs`: multiply the cost rows selected by action, domain and/or year (not in a phased case, whose costs
  have run years);
- `lock_in`, `lock_out`: added to the rules' locks (and taken from the other list);
- `rules`: replace rule settings (`min_group_share` merges per group; a share
  of null removes it);
- `objective`, `jobs_target`, `solver`: replace the case's;
- phased case only (the case format, section 4.1; on a case without run years each is an error):
  `delay` shifts start windows later by whole years, of the actions named (`delay: {A10: 1}`) or of every
  action (`delay: 1`), and a start the case fixes in `rules.start_in` with them; the years past the horizon
  fall off the window, and an action whose whole window falls past it can no longer start: it is locked out,
  and the what-if says so in a note. `start` then fixes starts in calendar years (`start: {A10: 2028}`, added
  to `rules.start_in`; a year outside the window, after any delay, is an error). `target_year` replaces the
  year whose jobs count.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from models.base import Settings
from models.case import Identifier, Share, Whole, Year

Years = Annotated[Whole, Field(ge=0, le=100)]
# `delay: 1` (every action) or `delay: {A10: 1}`; the tags name no key of the file (inputs.scenario
# drops them)
Delay = Annotated[
    Annotated[Years, Tag("[every action]")] | Annotated[dict[Identifier, Years], Tag("[per action]")],
    Discriminator(lambda value: "[per action]" if isinstance(value, dict) else "[every action]"),
]


class BudgetChange(Settings):
    """A budget change of one domain (or of every domain when `domain` is left out)."""

    domain: Identifier | None = Field(None, description="the domain; every domain when left out")
    year: int | None = Field(None, ge=1900, le=2200, description="one budget year; the whole horizon when left out")
    factor: float | None = Field(None, ge=0, description="multiply the budget by this")
    amount_eur: float | None = Field(None, ge=0, description="set the budget to this, EUR")

    @model_validator(mode="after")
    def _one_of(self) -> BudgetChange:
        if (self.factor is None) == (self.amount_eur is None):
            raise ValueError("give either factor or amount_eur")
        if self.amount_eur is not None and self.domain is None:
            raise ValueError("amount_eur needs a domain; for every domain use a factor")
        return self


class EffectChange(Settings):
    """Multiply the effects of the reach rows selected by action, group and barrier (all that are given)."""

    action: Identifier | None = None
    group: Identifier | None = None
    barrier: Identifier | None = None
    factor: float = Field(ge=0, description="multiply effect, effect_low and effect_high by this")


class CostChange(Settings):
    """Multiply the cost rows selected by action, domain and year (all that are given)."""

    action: Identifier | None = None
    domain: Identifier | None = None
    year: int | None = None
    factor: float = Field(ge=0, description="multiply cost_eur by this")


class RuleChanges(Settings):
    """Rule settings to replace; what is left out stays as in the case."""

    min_actions_per_priority_barrier: int | None = Field(None, ge=0)
    min_actions_per_domain: int | None = Field(None, ge=0)
    max_actions: int | None = Field(None, ge=0)
    no_max_actions: bool = Field(False, description="true: drop the case's max_actions")
    min_group_share: dict[Identifier, Share | None] = Field(default_factory=dict)


class SolverChanges(Settings):
    """Solver settings to replace."""

    backend: str | None = None
    time_limit_s: float | None = Field(None, gt=0)
    mip_gap: float | None = Field(None, ge=0, le=1)
    threads: int | None = Field(None, ge=1, le=256)
    seed: int | None = Field(None, ge=0)


class Scenario(Settings):
    """One named what-if: changes applied to a base case."""

    name: str = Field(min_length=1, description="shown in comparisons")
    description: str | None = None
    remove: tuple[Identifier, ...] = ()
    budgets: tuple[BudgetChange, ...] = ()
    effects: tuple[EffectChange, ...] = ()
    costs: tuple[CostChange, ...] = ()
    lock_in: tuple[Identifier, ...] = ()
    lock_out: tuple[Identifier, ...] = ()
    rules: RuleChanges = Field(default_factory=RuleChanges)
    objective: Literal["max_jobs", "min_cost"] | None = None
    jobs_target: float | None = Field(None, gt=0)
    solver: SolverChanges = Field(default_factory=SolverChanges)
    delay: Delay | None = Field(
        None, description="phased case: whole years to start later, for every action or per action")
    start: dict[Identifier, Year] = Field(
        default_factory=dict,
        description="phased case: action -> the year it starts (added to rules.start_in)")
    target_year: Year | None = Field(None, description="phased case: the year whose jobs count")

    def delay_of(self, action: str) -> int:
        """Whole years the start window of `action` moves later (0: not delayed)."""
        if isinstance(self.delay, dict):
            return self.delay.get(action, 0)
        return self.delay or 0

    @property
    def phased_keys(self) -> list[str]:
        """The keys given that apply only to a phased case."""
        return [k for k in ("delay", "start", "target_year") if getattr(self, k) not in (None, {})]


class ScenarioFile(Settings):
    """A scenario YAML: an optional base case and one or more scenarios."""

    base: str | None = Field(None, description="path of the base case, relative to the scenario file")
    scenarios: tuple[Scenario, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_names(self) -> ScenarioFile:
        names = [s.name for s in self.scenarios]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"scenario names must be unique; {', '.join(twice)} appear more than once")
        return self
