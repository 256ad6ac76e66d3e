"""The case: validated, immutable pydantic models for every file and key of the case format."""

from __future__ import annotations

import math
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from models.base import Settings, no_control_characters
from models.checks import ACTION_COST_LIMIT_EUR, BUDGET_LIMIT_EUR, PERSONS_LIMIT, SYNERGY_LIMIT, check_case
from models.errors import show_number
from models.saturation import Curve
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


# --- numbers as planners write them -----------------------------------------------------------------
# A cell such as `300.000` is 300 to Python but three hundred thousand to a Flemish planner, and
# `1.234,5`, `1,234.5`, `1 000` or `12%` are no plain numbers at all. None of them is ever read in a
# sense the planner may not have meant: each is refused with the way to write it (docs/case-format.md,
# section 2). Kinds: "amount" (money, persons, jobs: where thousands are common), "share" (0-1),
# "number" (anything else).

_SIGN = r"[+-]?"
_DOT_GROUP = re.compile(_SIGN + r"[1-9]\d{0,2}\.\d{3}")  # 300.000: three hundred, or three hundred thousand?
_MANY_DOTS = re.compile(_SIGN + r"\d+(?:\.\d+){2,}")  # 1.000.000, 1.2.3: never a number
_DUTCH = re.compile(_SIGN + r"\d{1,3}(?:\.\d{3})+,\d+")  # 1.234,5
_COMMA_GROUPS = re.compile(_SIGN + r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")  # 1,234 / 3,000,000 / 1,234.5
_COMMA_DECIMAL = re.compile(_SIGN + r"\d*,\d+")  # 0,15
_SPACE_GROUPS = re.compile(_SIGN + r"\d{1,3}(?:[ \u00a0\u202f']\d{3})+(?:[.,]\d+)?")  # 1 000 000, 1'000
_PERCENT = re.compile(r"(" + _SIGN + r"[\d.,]+)\s*%")
_PLAIN_INTEGER = re.compile(_SIGN + r"\d+")
_PLAIN_DECIMAL = re.compile(_SIGN + r"(?:\d*\.\d+|\d+\.?)(?:[eE][+-]?\d+)?")
_CURRENCY = re.compile(r"^(?:€|eur\b|euro\b)|(?:€|\beur|\beuro)$", re.IGNORECASE)
SEPARATORS_NOT_READ = "a dot is the decimal separator and thousands separators are not read"


def _plain(text: str) -> str:
    """`text` without its separators: the digits a planner meant, as the format wants them written."""
    return re.sub(r"[.,' \u00a0\u202f]", "", text)


def notation_problem(text: str, kind: str = "number") -> str | None:
    """Why the cell `text` is not read as a number of this kind, with the way to write it; None if it is fine.

    `kind` "amount" (money, persons, jobs, whole numbers) also refuses `300.000`, which Python reads
    as 300 and a Flemish planner writes for 300000; "share" explains `12%`.
    """
    t = text.strip()
    if _PLAIN_INTEGER.fullmatch(t) or (_PLAIN_DECIMAL.fullmatch(t) and not (kind == "amount" and _DOT_GROUP.fullmatch(t))):
        return None  # the common case, decided at once: none of the patterns below can match it
    shown = repr(t)
    if kind == "amount" and _DOT_GROUP.fullmatch(t):
        whole, read = _plain(t), show_number(float(t))
        return (f"{shown} is ambiguous: with a thousands separator it is {whole}, with a decimal point {read}; "
                f"write {whole} or {read} (thousands separators are not read)")
    if _DUTCH.fullmatch(t):
        whole, decimals = t.rsplit(",", 1)
        return f"{shown} is not a number as written; write {_plain(whole)}.{decimals} ({SEPARATORS_NOT_READ})"
    if _COMMA_GROUPS.fullmatch(t):
        if "." in t:
            return f"{shown} is not a number as written; write {_plain(t.split('.')[0])}.{t.split('.')[1]} ({SEPARATORS_NOT_READ})"
        return (f"{shown} is not a number as written; write {_plain(t)} for a whole number, or "
                f"{t.replace(',', '.', 1)} if the comma is a decimal comma ({SEPARATORS_NOT_READ})")
    if _MANY_DOTS.fullmatch(t):
        return f"{shown} is not a number as written; write {_plain(t)} if the dots separate thousands ({SEPARATORS_NOT_READ})"
    if _COMMA_DECIMAL.fullmatch(t):
        return f"{shown} is not a number as written; write {t.replace(',', '.')} (use a dot as decimal separator, no thousands separator)"
    if _SPACE_GROUPS.fullmatch(t):
        return f"{shown} is not a number as written; write {_plain(t.split('.')[0].split(',')[0])} without spaces ({SEPARATORS_NOT_READ})"
    if m := _PERCENT.fullmatch(t):
        number = m.group(1).replace(",", ".")
        try:
            fraction = show_number(float(number) / 100)
        except ValueError:
            fraction = None
        if kind == "share" and fraction is not None:
            return f"{shown} is a percentage; write {fraction}: shares are fractions from 0 to 1"
        return f"{shown} is not a number; write it without the % sign"
    if _CURRENCY.search(t):
        return f"{shown} is not a number; write the amount in EUR without a currency sign"
    return None


def _yes_no_is_not_a_number(value: Any) -> None:
    if isinstance(value, bool):
        raise ValueError(f"{str(value).lower()} is a yes/no value, not a number; write a number")


def _number(kind: str):
    """Before-validator of a number column: the notation traps of `notation_problem`, and no yes/no values."""

    def parse(value: Any) -> Any:
        _yes_no_is_not_a_number(value)
        if isinstance(value, str) and (problem := notation_problem(value, kind)):
            raise ValueError(problem)
        return value

    return parse


def _whole(value: Any) -> Any:
    """Before-validator of a whole-number column: `4e3`, `1e6` and `4000.0` are whole numbers too."""
    value = _number("amount")(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            int(text)
        except ValueError:
            try:
                number = float(text)
            except ValueError:
                return value  # pydantic says it is not a whole number
            if math.isfinite(number) and number.is_integer():
                return int(number)
    return value


def _at_most(limit: float, what: str):
    """After-validator: |value| <= limit, or an error saying why the solvers need the limit."""

    def check(value: Any) -> Any:
        if value is not None and abs(value) > limit:
            raise ValueError(
                f"{show_number(value)} is above the limit of {show_number(limit)} for {what}: "
                "the solvers cannot compute exactly with larger numbers here (see the case format, section 2)"
            )
        return value

    return check


OptionalText = Annotated[str | None, BeforeValidator(_empty_is_none)]
IdList = Annotated[tuple[Identifier, ...], BeforeValidator(_split_list)]
StrictBool = Annotated[bool, BeforeValidator(_strict_bool)]
Share = Annotated[float, Field(ge=0, le=1), BeforeValidator(_number("share"))]
Whole = Annotated[int, BeforeValidator(_whole)]
Year = Annotated[int, Field(ge=1900, le=2200), BeforeValidator(_whole)]
Number = Annotated[float, BeforeValidator(_number("number"))]
Amount = Annotated[float, BeforeValidator(_number("amount"))]
Budget = Annotated[Amount, AfterValidator(_at_most(BUDGET_LIMIT_EUR, "a budget (EUR)"))]
CostAmount = Annotated[Amount, AfterValidator(_at_most(ACTION_COST_LIMIT_EUR, "a cost (EUR)"))]
Persons = Annotated[Amount, AfterValidator(_at_most(PERSONS_LIMIT, "persons or jobs"))]


def _non_decreasing(ramp: tuple[float, ...]) -> tuple[float, ...]:
    for k in range(1, len(ramp)):
        if ramp[k] < ramp[k - 1]:
            raise ValueError(
                f"{show_number(ramp[k])} after {show_number(ramp[k - 1])}: a ramp never decreases (the share of the "
                "full effect after 1, 2, 3 ... years of running); write e.g. 0.3;0.7;1"
            )
    return ramp


Ramp = Annotated[tuple[Share, ...], BeforeValidator(_split_list), AfterValidator(_non_decreasing)]


class Record(BaseModel):
    """Columns every file may carry: a description, a source, and the user's own `x_` columns."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    description: OptionalText = Field(None, description="free text")
    source: OptionalText = Field(None, description="where the row's numbers come from")
    annotations: dict[str, str] = Field(
        default_factory=dict,
        description="the user's own `x_` columns: kept and shown, never interpreted",
    )

    # Only the free-text columns can hold control characters: ids match ID_PATTERN, numbers are numbers.
    @field_validator("name", "description", "source", "reason", "annotations", mode="after", check_fields=False)
    @classmethod
    def _printable(cls, value: Any) -> Any:
        return no_control_characters(value)


class Domain(Record):
    """A policy domain with a budget (domains.csv)."""

    domain: Identifier = Field(description="domain id, e.g. `werk`")
    name: Text = Field(description="display name")
    budget_eur: Budget = Field(ge=0, description="total budget over the horizon, EUR")


class BudgetYear(Record):
    """The budget of one domain in one year (budgets.csv)."""

    domain: Identifier = Field(description="a domain of domains.csv")
    year: Year = Field(description="calendar year")
    budget_eur: Budget = Field(ge=0, description="budget of the domain in that year, EUR")


class Group(Record):
    """A target group of people not in work (groups.csv)."""

    group: Identifier = Field(description="group id, e.g. `vrouwen_niet_eu`")
    name: Text = Field(description="display name")
    population: Annotated[Whole, AfterValidator(_at_most(PERSONS_LIMIT, "persons or jobs"))] = Field(
        ge=0, description="persons in the group who are not in work"
    )
    max_extra_jobs: Persons = Field(
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
    earliest_start: Year | None = Field(
        None, description="phased case: first year the action may start; empty: the first year of the horizon"
    )
    latest_start: Year | None = Field(
        None, description="phased case: last year the action may start; empty: earliest_start"
    )
    ramp: Ramp = Field(
        (), description="phased case: share of the full effect after 1, 2, 3 ... years of running; empty: 1"
    )
    proposed_by: OptionalText = Field(
        None, description="the working group(s) whose proposal holds the action (set by `portfolio merge`; "
                          "several separated by ';')"
    )


class Cost(Record):
    """What one action costs one domain, optionally in one year (costs.csv)."""

    action: Identifier = Field(description="an action of actions.csv")
    domain: Identifier = Field(description="the domain that pays this part")
    cost_eur: CostAmount = Field(ge=0, description="cost to this domain, EUR")
    year: Year | None = Field(None, description="year of the spend")
    run_year: Annotated[int, Field(ge=1, le=100), BeforeValidator(_whole)] | None = Field(
        None, description="phased case: year of running in which this is spent (1: the year the action starts)"
    )


class Reach(Record):
    """Reach and effect of one action in one group (reach.csv)."""

    action: Identifier = Field(description="an action of actions.csv")
    group: Identifier = Field(description="a group of groups.csv")
    reach: Persons = Field(ge=0, description="persons of the group the action reaches")
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
    extra_jobs: Annotated[Amount, AfterValidator(_at_most(SYNERGY_LIMIT, "a synergy (jobs)"))] = Field(
        description="extra jobs when both are chosen; negative for overlap"
    )


class SaturationPoint(Record):
    """A point of a group's curve of diminishing returns (saturation.csv, spec 4.2)."""

    group: Identifier = Field(description="a group of groups.csv")
    direct_jobs: Persons = Field(gt=0, description="a breakpoint on the group's uncapped jobs (direct jobs plus "
                                                   "synergies, persons)")
    jobs: Persons = Field(gt=0, description="the jobs counted at that breakpoint (persons)")


class Baseline(Settings):
    """The labour-market baseline, used to report the employment rate."""

    population: Whole = Field(gt=0, description="persons in the age band (e.g. 20-64)")
    employed: Whole = Field(ge=0, description="persons in work")
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

    min_actions_per_priority_barrier: Whole = Field(
        1, ge=0, description="chosen actions that must address each priority barrier"
    )
    min_actions_per_domain: Whole = Field(0, ge=0, description="chosen actions each domain must lead")
    max_actions: Annotated[int, Field(ge=0), BeforeValidator(_whole)] | None = Field(
        None, description="most actions in the portfolio"
    )
    min_group_share: dict[Identifier, Share] = Field(
        default_factory=dict, description="group -> least share of total extra jobs (0-1)"
    )
    locked_in: tuple[Identifier, ...] = Field((), description="actions that must be chosen")
    locked_out: tuple[Identifier, ...] = Field((), description="actions that must not be chosen")
    start_in: dict[Identifier, Year] = Field(
        default_factory=dict, description="phased case: action -> year; the action is chosen and starts that year"
    )

    @field_validator("min_group_share", "locked_in", "locked_out", "start_in", mode="before")
    @classmethod
    def _empty_section(cls, value: Any, info: ValidationInfo) -> Any:
        """A key whose entries are all commented out (YAML null) is empty, not an error."""
        if value is None:
            return {} if info.field_name in ("min_group_share", "start_in") else ()
        return value


Objective = Literal["max_jobs", "min_cost"]


class CaseSettings(Settings):
    """Everything case.yaml holds."""

    name: Text = Field(description="case name shown in reports")
    objective: Objective = Field("max_jobs", description="max_jobs or min_cost")
    jobs_target: Annotated[
        float, Field(gt=0), BeforeValidator(_number("amount")), AfterValidator(_at_most(PERSONS_LIMIT, "persons or jobs"))
    ] | None = Field(
        None, description="with min_cost: total extra jobs to reach (persons)"
    )
    baseline: Baseline | None = Field(None, description="labour-market baseline, for reporting")
    target_year: Year | None = Field(
        None, description="phased case: the year whose jobs count; default the last year of the horizon"
    )
    rules: Rules = Field(default_factory=Rules)
    solver: SolverSettings = Field(default_factory=SolverSettings)

    @field_validator("rules", "solver", mode="before")
    @classmethod
    def _empty_section(cls, value: Any) -> Any:
        """A section whose keys are all commented out (YAML null) takes every default."""
        return {} if value is None else value


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
    saturation: tuple[SaturationPoint, ...] | None = Field(
        None, description="saturation.csv (optional): diminishing returns per group"
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
    def phased(self) -> bool:
        """True when costs.csv has run years (spec 4.1): each action then has a start year."""
        return any(c.run_year is not None for c in self.costs)

    @property
    def horizon(self) -> tuple[int, ...]:
        """The years of budgets.csv, sorted (the years a phased action may start in)."""
        return self.years

    @property
    def target(self) -> int | None:
        """The year whose jobs count in a phased case: target_year, or the last year of the horizon."""
        if not self.phased:
            return None
        return self.target_year if self.target_year is not None else self.years[-1]

    def window(self, action: str) -> tuple[int, ...]:
        """The years `action` may start in: earliest_start to latest_start within the horizon (phased case)."""
        a = self.action(action)
        years = self.years
        first = a.earliest_start if a.earliest_start is not None else years[0]
        last = a.latest_start if a.latest_start is not None else first
        return tuple(y for y in years if first <= y <= last)

    def curve(self, group: str) -> Curve | None:
        """The saturation curve of `group` (spec 4.2), or None when saturation.csv gives it no points."""
        points = tuple((p.direct_jobs, p.jobs) for p in self.saturation or () if p.group == group)
        return Curve(points) if points else None

    @property
    def priority_barriers(self) -> tuple[Barrier, ...]:
        return tuple(b for b in self.barriers if b.priority)

    def action(self, action_id: str) -> Action:
        """The action with this id (KeyError if none)."""
        return _index_of(self.actions)[action_id]


_INDEXES: dict[int, tuple[tuple, dict]] = {}  # id(actions tuple) -> (that tuple, its index); at most 8


def _index_of(actions: tuple[Action, ...]) -> dict[str, Action]:
    """Actions by id, built once per actions tuple. The entry holds the tuple itself, so its id is not reused
    while cached, and is checked by identity, so a copy of a case with other actions never reads a stale index
    (a cache on the instance would survive `model_copy(update=...)` and change what `==` compares)."""
    entry = _INDEXES.get(id(actions))
    if entry is None or entry[0] is not actions:
        if len(_INDEXES) >= 8:
            _INDEXES.clear()  # one call, safe between threads; the next lookups rebuild what they need
        entry = _INDEXES[id(actions)] = (actions, {a.action: a for a in actions})
    return entry[1]
