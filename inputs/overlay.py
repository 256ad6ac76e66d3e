"""Scenario overlays: the changes of a what-if Scenario (models.scenario, data only) applied to a Case.

A scenario never edits files: `apply_scenario(case, scenario)` returns a new,
validated Case, and `scenario_problems` names what the scenario refers to that
the case lacks. The order of the changes and their meaning are those described
in models/scenario.py.
"""

from __future__ import annotations

import math
from collections import defaultdict

from pydantic import ValidationError

from models.case import Case
from models.casedata import CaseData
from models.errors import CaseError, Issue, did_you_mean
from models.scenario import BudgetChange, CostChange, EffectChange, Scenario


def scenario_problems(case: Case, scenario: Scenario) -> list[tuple[str, str]]:
    """(dotted key in the scenario, message) for every id of `scenario` that `case` does not have, every removal
    that strands an action and every effect change that takes an effect above 1."""
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
        for i, a in enumerate(getattr(scenario, field)):
            need(f"{field}.{i}", "action", a)
    for i, b in enumerate(scenario.budgets):
        need(f"budgets.{i}.domain", "domain", b.domain)
        if b.year is not None and b.year not in case.years:
            out.append((f"budgets.{i}.year", f"{b.year} is not a budget year of the case"
                                             + (f" ({', '.join(map(str, case.years))})" if case.years else
                                                " (it has no budgets.csv)")))
    for i, e in enumerate(scenario.effects):
        need(f"effects.{i}.action", "action", e.action)
        need(f"effects.{i}.group", "group", e.group)
        need(f"effects.{i}.barrier", "barrier", e.barrier)
    for i, c in enumerate(scenario.costs):
        need(f"costs.{i}.action", "action", c.action)
        need(f"costs.{i}.domain", "domain", c.domain)
    for g in scenario.rules.min_group_share:
        need(f"rules.min_group_share.{g}", "group", g)
    out += _effects_above_one(case, scenario.effects)
    gone = set(scenario.remove)
    for i, b in enumerate(scenario.remove):
        needed_by = [a.action for a in case.actions if b in a.requires and a.action not in gone]
        if needed_by:
            out.append((f"remove.{i}", f"{', '.join(needed_by)} require(s) {b}; remove them too, or keep {b}"))
    return out


def apply_scenario(case: Case, scenario: Scenario) -> Case:
    """`case` with the changes of `scenario`: a new Case, validated (CaseError if the result is invalid)."""
    data = case.model_dump()
    data = _remove(data, set(scenario.remove))
    data = _budgets(data, scenario.budgets)
    data = _effects(data, scenario.effects, case)
    data = _costs(data, scenario.costs)
    rules = data["rules"]
    rules["locked_in"] = [a for a in rules["locked_in"] if a not in scenario.lock_out] + [
        a for a in scenario.lock_in if a not in rules["locked_in"]]
    rules["locked_out"] = [a for a in rules["locked_out"] if a not in scenario.lock_in] + [
        a for a in scenario.lock_out if a not in rules["locked_out"]]
    changes = scenario.rules
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
    if scenario.objective is not None:
        data["objective"] = scenario.objective
    if scenario.jobs_target is not None:
        data["jobs_target"] = scenario.jobs_target
    data["solver"].update({k: v for k, v in scenario.solver.model_dump().items() if v is not None})
    try:
        return Case.model_validate(data)
    except ValidationError as err:  # the case's own checks raise CaseError inside pydantic's error
        issues = []
        for e in err.errors():
            inner = (e.get("ctx") or {}).get("error")
            if isinstance(inner, CaseError):
                issues.extend(inner.issues)
            else:
                issues.append(Issue(f"scenario {scenario.name!r}", None, ".".join(map(str, e["loc"])) or None,
                                    e["msg"]))
        raise CaseError(issues) from None


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
