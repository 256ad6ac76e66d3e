"""What-if scenarios: overlays of changes on a case (budgets, effects, costs, actions, locks, rules, objective).

A scenario never edits files: `apply(case)` returns a new, validated Case. The
changes, in the order they are applied:

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
- `costs`: multiply the cost rows selected by action, domain and/or year;
- `lock_in`, `lock_out`: added to the rules' locks (and taken from the other list);
- `rules`: replace rule settings (`min_group_share` merges per group; a share
  of null removes it);
- `objective`, `jobs_target`, `solver`: replace the case's.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Literal

from pydantic import Field, ValidationError, model_validator

from models.base import Settings
from models.case import Case, Identifier, Share
from models.casedata import CaseData
from models.errors import CaseError, Issue, did_you_mean


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

    def problems(self, case: Case) -> list[tuple[str, str]]:
        """(dotted key, message) for every id the case does not have, and every removal that strands an action."""
        ids = {
            "action": {a.action for a in case.actions},
            "domain": {d.domain for d in case.domains},
            "group": {g.group for g in case.groups},
            "barrier": {b.barrier for b in case.barriers},
        }
        out = []

        def need(key: str, kind: str, value: str | None) -> None:
            if value is not None and value not in ids[kind]:
                out.append((key, f"unknown {kind} {value!r}{did_you_mean(value, ids[kind])}"))

        for field in ("remove", "lock_in", "lock_out"):
            for i, a in enumerate(getattr(self, field)):
                need(f"{field}.{i}", "action", a)
        for i, b in enumerate(self.budgets):
            need(f"budgets.{i}.domain", "domain", b.domain)
            if b.year is not None and b.year not in case.years:
                out.append((f"budgets.{i}.year", f"{b.year} is not a budget year of the case"
                                                 + (f" ({', '.join(map(str, case.years))})" if case.years else
                                                    " (it has no budgets.csv)")))
        for i, e in enumerate(self.effects):
            need(f"effects.{i}.action", "action", e.action)
            need(f"effects.{i}.group", "group", e.group)
            need(f"effects.{i}.barrier", "barrier", e.barrier)
        for i, c in enumerate(self.costs):
            need(f"costs.{i}.action", "action", c.action)
            need(f"costs.{i}.domain", "domain", c.domain)
        for g in self.rules.min_group_share:
            need(f"rules.min_group_share.{g}", "group", g)
        out += _effects_above_one(case, self.effects)
        gone = set(self.remove)
        for i, b in enumerate(self.remove):
            needed_by = [a.action for a in case.actions if b in a.requires and a.action not in gone]
            if needed_by:
                out.append((f"remove.{i}", f"{', '.join(needed_by)} require(s) {b}; remove them too, or keep {b}"))
        return out

    def apply(self, case: Case) -> Case:
        """The case with this scenario's changes: a new Case, validated (CaseError if the result is invalid)."""
        data = case.model_dump()
        data = _remove(data, set(self.remove))
        data = _budgets(data, self.budgets)
        data = _effects(data, self.effects, case)
        data = _costs(data, self.costs)
        rules = data["rules"]
        rules["locked_in"] = [a for a in rules["locked_in"] if a not in self.lock_out] + [
            a for a in self.lock_in if a not in rules["locked_in"]]
        rules["locked_out"] = [a for a in rules["locked_out"] if a not in self.lock_in] + [
            a for a in self.lock_out if a not in rules["locked_out"]]
        changes = self.rules
        for key in ("min_actions_per_priority_barrier", "min_actions_per_domain", "max_actions"):
            if getattr(changes, key) is not None:
                rules[key] = getattr(changes, key)
        if changes.no_max_actions:
            rules["max_actions"] = None
        for g, share in changes.min_group_share.items():
            if share is None:
                rules["min_group_share"].pop(g, None)
            else:
                rules["min_group_share"][g] = share
        if self.objective is not None:
            data["objective"] = self.objective
        if self.jobs_target is not None:
            data["jobs_target"] = self.jobs_target
        data["solver"].update({k: v for k, v in self.solver.model_dump().items() if v is not None})
        try:
            return Case.model_validate(data)
        except ValidationError as err:  # the case's own checks raise CaseError inside pydantic's error
            issues = []
            for e in err.errors():
                inner = (e.get("ctx") or {}).get("error")
                if isinstance(inner, CaseError):
                    issues.extend(inner.issues)
                else:
                    issues.append(Issue(f"scenario {self.name!r}", None, ".".join(map(str, e["loc"])) or None,
                                        e["msg"]))
            raise CaseError(issues) from None


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


# --------------------------------------------------------------------------- the changes, on a dumped case


def _remove(data: dict, gone: set[str]) -> dict:
    if not gone:
        return data
    data["actions"] = [a for a in data["actions"] if a["action"] not in gone]
    for table in ("costs", "reach"):
        data[table] = [r for r in data[table] if r["action"] not in gone]
    data["synergies"] = [s for s in data["synergies"] if s["action_a"] not in gone and s["action_b"] not in gone]
    rules = data["rules"]
    for key in ("locked_in", "locked_out"):
        rules[key] = [a for a in rules[key] if a not in gone]
    return data


def _budgets(data: dict, changes: tuple[BudgetChange, ...]) -> dict:
    for change in changes:
        def hit(row: dict) -> bool:
            return change.domain is None or row["domain"] == change.domain

        if change.year is None:
            for d in data["domains"]:
                if hit(d):
                    d["budget_eur"] = change.amount_eur if change.amount_eur is not None else d["budget_eur"] * change.factor
            if change.factor is not None:
                for b in data["budgets"] or ():
                    if hit(b):
                        b["budget_eur"] *= change.factor
            continue
        for b in data["budgets"] or ():
            if hit(b) and b["year"] == change.year:
                new = change.amount_eur if change.amount_eur is not None else b["budget_eur"] * change.factor
                for d in data["domains"]:
                    if d["domain"] == b["domain"]:
                        d["budget_eur"] = max(0.0, d["budget_eur"] + new - b["budget_eur"])
                b["budget_eur"] = new
    return data


def _effects(data: dict, changes: tuple[EffectChange, ...], case: Case) -> dict:
    if not changes:
        return data
    barriers_of = {a["action"]: set(a["barriers"]) for a in data["actions"]}
    before = CaseData.of(case).direct_jobs
    for row in data["reach"]:
        factor = math.prod(c.factor for c in changes if _selects(c, row["action"], row["group"], barriers_of))
        if factor != 1.0:
            for key in ("effect", "effect_low", "effect_high"):
                if row[key] is not None:
                    row[key] *= factor
    after: dict = defaultdict(float)
    for row in data["reach"]:
        after[row["action"], row["group"]] += row["reach"] * row["effect"]
    for s in data["synergies"]:
        s["extra_jobs"] *= synergy_factor(s["action_a"], s["action_b"], s["group"], before, after)
    return data


def _selects(change: EffectChange, action: str, group: str, barriers_of: dict[str, set[str]]) -> bool:
    return ((change.action is None or action == change.action)
            and (change.group is None or group == change.group)
            and (change.barrier is None or change.barrier in barriers_of.get(action, ())))


def _effects_above_one(case: Case, changes: tuple[EffectChange, ...]) -> list[tuple[str, str]]:
    """(key, message) for each effect change whose factor, with the others on the same rows, takes an effect
    (or its high end) above 1, with the largest factor that keeps every row it selects within 0-1."""
    barriers_of = {a.action: set(a.barriers) for a in case.actions}
    out = []
    for i, change in enumerate(changes):
        worst, where = 0.0, None
        for r in case.reach:
            if not _selects(change, r.action, r.group, barriers_of):
                continue
            factor = math.prod(c.factor for c in changes if _selects(c, r.action, r.group, barriers_of))
            high = max(r.effect, r.effect_high or 0.0) * factor
            if high > worst:
                worst, where = high, r
        if worst > 1.0:
            largest = math.floor(change.factor / worst * 1e4) / 1e4
            out.append((f"effects.{i}.factor",
                        f"{change.factor:g} takes the effect of {where.action} in group {where.group} to "
                        f"{worst:.4g}, above 1 (a share of the people reached); a factor of at most {largest:g} "
                        "keeps every effect it changes within 0-1"))
    return out


def synergy_factor(action_a: str, action_b: str, group: str, before: dict[tuple[str, str], float],
                   after: dict[tuple[str, str], float]) -> float:
    """What a synergy of two actions in `group` is multiplied by when their direct jobs ((action, group) ->
    reach x effect) change from `before` to `after`: the smaller change of the two (1 for an action without
    jobs there). A negative synergy then never exceeds the jobs it applies to, as the case checks demand."""

    def change(action: str) -> float:
        old = before.get((action, group), 0.0)
        return after.get((action, group), 0.0) / old if old > 0 else 1.0

    return min(change(action_a), change(action_b))


def _costs(data: dict, changes: tuple[CostChange, ...]) -> dict:
    for c in changes:
        for row in data["costs"]:
            if ((c.action is None or row["action"] == c.action) and (c.domain is None or row["domain"] == c.domain)
                    and (c.year is None or row["year"] == c.year)):
                row["cost_eur"] *= c.factor
    return data
