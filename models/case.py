"""The case: validated, immutable pydantic models for every file and key of the case format."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from models.checks import check_case
from models.base import Settings, no_control_characters
from models.solver import SolverSettings

ID_PATTERN = r"^[A-Za-z0-9_.-]{1,64}$"
LIST_SEPARATOR = ";"

Identifier = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]


def _split_list(value: Any) -> Any:
    """Accept `a;b;c` from a cell as well as a real sequence."""
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(LIST_SEPARATOR) if part.strip())
    return value


def _strict_bool(value: Any) -> Any:
    """Only `true` / `false` (any case) or a real bool: `ja`, `1` or `yes` are typos here."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ValueError(f"{value!r} is not true or false; write true or false")


def _empty_is_none(value: Any) -> Any:
    return None if isinstance(value, str) and value.strip() == "" else value


OptionalText = Annotated[str | None, BeforeValidator(_empty_is_none)]
IdList = Annotated[tuple[Identifier, ...], BeforeValidator(_split_list)]
StrictBool = Annotated[bool, BeforeValidator(_strict_bool)]
Share = Annotated[float, Field(ge=0, le=1)]


class Record(BaseModel):
    """Columns every file may carry: a description, a source, and the user's own `x_` columns."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    description: OptionalText = Field(None, description="free text")
    source: OptionalText = Field(None, description="where the row's numbers come from")
    annotations: dict[str, str] = Field(
        default_factory=dict,
        description="the user's own `x_` columns: kept and shown, never interpreted",
    )

    @field_validator("*", mode="after")
    @classmethod
    def _printable(cls, value: Any) -> Any:
        return no_control_characters(value)


class Domain(Record):
    """A policy domain with a budget (domains.csv)."""

    domain: Identifier = Field(description="domain id, e.g. `werk`")
    name: Text = Field(description="display name")
    budget_eur: float = Field(ge=0, description="total budget over the horizon, EUR")


class BudgetYear(Record):
    """The budget of one domain in one year (budgets.csv)."""

    domain: Identifier = Field(description="a domain of domains.csv")
    year: int = Field(ge=1900, le=2200, description="calendar year")
    budget_eur: float = Field(ge=0, description="budget of the domain in that year, EUR")


class Group(Record):
    """A target group of people not in work (groups.csv)."""

    group: Identifier = Field(description="group id, e.g. `vrouwen_niet_eu`")
    name: Text = Field(description="display name")
    population: int = Field(ge=0, description="persons in the group who are not in work")
    max_extra_jobs: float = Field(
        ge=0, description="most extra jobs (persons) the whole portfolio can create in the group"
    )


class Barrier(Record):
    """A barrier to work (barriers.csv)."""

    barrier: Identifier = Field(description="barrier id, e.g. `zorgtaken`")
    name: Text = Field(description="display name")
    priority: StrictBool = Field(description="priority barriers must be covered by chosen actions")
    reason: OptionalText = Field(None, description="why the barrier is or is not taken up")


class Action(Record):
    """A candidate action (actions.csv)."""

    action: Identifier = Field(description="action id")
    name: Text = Field(description="display name")
    lead_domain: Identifier = Field(description="the domain responsible for the action")
    barriers: IdList = Field(min_length=1, description="barriers the action addresses")
    overlap_group: Identifier | None = Field(
        None, description="actions sharing this value overlap: at most one is chosen"
    )
    requires: IdList = Field(default=(), description="actions that must also be chosen")


class Cost(Record):
    """What one action costs one domain, optionally in one year (costs.csv)."""

    action: Identifier = Field(description="an action of actions.csv")
    domain: Identifier = Field(description="the domain that pays this part")
    cost_eur: float = Field(ge=0, description="cost to this domain, EUR")
    year: int | None = Field(None, ge=1900, le=2200, description="year of the spend")


class Reach(Record):
    """Reach and effect of one action in one group (reach.csv)."""

    action: Identifier = Field(description="an action of actions.csv")
    group: Identifier = Field(description="a group of groups.csv")
    reach: float = Field(ge=0, description="persons of the group the action reaches")
    effect: Share = Field(description="share of reached persons who move into work")
    effect_low: Share | None = Field(None, description="low end of the effect range")
    effect_high: Share | None = Field(None, description="high end of the effect range")

    @property
    def jobs(self) -> float:
        """Expected extra jobs in the group: reach x effect (persons)."""
        return self.reach * self.effect


class Synergy(Record):
    """Extra jobs when two actions are both chosen (synergies.csv)."""

    action_a: Identifier = Field(description="first action")
    action_b: Identifier = Field(description="second action")
    group: Identifier = Field(description="group in which the interaction shows")
    extra_jobs: float = Field(description="extra jobs when both are chosen; negative for overlap")


class Baseline(Settings):
    """The labour-market baseline, used to report the employment rate."""

    population: int = Field(gt=0, description="persons in the age band (e.g. 20-64)")
    employed: int = Field(ge=0, description="persons in work")
    target_rate: Share = Field(description="target employment rate, e.g. 0.80")

    @field_validator("employed", mode="after")
    @classmethod
    def _employed_within_population(cls, employed: int, info: ValidationInfo) -> int:
        population = info.data.get("population")
        if population is not None and employed > population:
            raise ValueError(
                f"{employed} exceeds population {population}; employed persons are part of the population"
            )
        return employed

    @property
    def rate(self) -> float:
        """Employment rate before any action (0-1)."""
        return self.employed / self.population

    @property
    def jobs_to_target(self) -> float:
        """Extra jobs needed to reach the target rate (persons, may be <= 0)."""
        return self.target_rate * self.population - self.employed


class Rules(Settings):
    """The plan's rules (case.yaml `rules`)."""

    min_actions_per_priority_barrier: int = Field(
        1, ge=0, description="chosen actions that must address each priority barrier"
    )
    min_actions_per_domain: int = Field(0, ge=0, description="chosen actions each domain must lead")
    max_actions: int | None = Field(None, ge=0, description="most actions in the portfolio")
    min_group_share: dict[Identifier, Share] = Field(
        default_factory=dict, description="group -> least share of total extra jobs (0-1)"
    )
    locked_in: tuple[Identifier, ...] = Field((), description="actions that must be chosen")
    locked_out: tuple[Identifier, ...] = Field((), description="actions that must not be chosen")


Objective = Literal["max_jobs", "min_cost"]


class CaseSettings(Settings):
    """Everything case.yaml holds."""

    name: Text = Field(description="case name shown in reports")
    objective: Objective = Field("max_jobs", description="max_jobs or min_cost")
    jobs_target: float | None = Field(
        None, gt=0, description="with min_cost: total extra jobs to reach (persons)"
    )
    baseline: Baseline | None = Field(None, description="labour-market baseline, for reporting")
    rules: Rules = Field(default_factory=Rules)
    solver: SolverSettings = Field(default_factory=SolverSettings)


class Case(CaseSettings):
    """A whole case: settings plus every table. Cross-row checks run on construction."""

    domains: tuple[Domain, ...] = Field(description="domains.csv")
    groups: tuple[Group, ...] = Field(description="groups.csv")
    barriers: tuple[Barrier, ...] = Field(description="barriers.csv")
    actions: tuple[Action, ...] = Field(description="actions.csv")
    costs: tuple[Cost, ...] = Field(description="costs.csv")
    reach: tuple[Reach, ...] = Field(description="reach.csv")
    synergies: tuple[Synergy, ...] = Field((), description="synergies.csv (optional)")
    budgets: tuple[BudgetYear, ...] | None = Field(
        None, description="budgets.csv (optional); when set, budgets apply per year too"
    )

    @model_validator(mode="after")
    def _cross_checks(self) -> Case:
        check_case(self)
        return self

    @property
    def settings(self) -> CaseSettings:
        """The case.yaml part of the case."""
        return CaseSettings(**{k: getattr(self, k) for k in CaseSettings.model_fields})

    @property
    def years(self) -> tuple[int, ...]:
        """Budget years, sorted; empty without budgets.csv."""
        return tuple(sorted({b.year for b in self.budgets or ()}))

    @property
    def priority_barriers(self) -> tuple[Barrier, ...]:
        return tuple(b for b in self.barriers if b.priority)

    def action(self, action_id: str) -> Action:
        """The action with this id (KeyError if none)."""
        for a in self.actions:
            if a.action == action_id:
                return a
        raise KeyError(action_id)
