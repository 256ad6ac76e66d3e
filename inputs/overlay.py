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
from models.checks import PHASED_ONLY
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
    phasing = _phasing_problems(case, scenario, need)
    return out + phasing


def target_year_problem(case: Case, year: int) -> str | None:
    """What is wrong with `year` as the target year of `case` (None: nothing): only a phased case has one,
    and it may not lie before the horizon."""
    if not case.phased:
        return PHASED_ONLY
    if year < case.horizon[0]:
        return f"{year} is before the horizon ({years_text(case.horizon)}); no action would count"
    return None


def years_text(years: tuple[int, ...]) -> str:
    """A run of years as a planner writes it: `2026-2028`, `2027`, or `no year`."""
    if not years:
        return "no year"
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


def _phasing_problems(case: Case, scenario: Scenario, need) -> list[tuple[str, str]]:
    """(key, message) for the phased keys of `scenario` (delay, start, target_year): only on a phased case, on
    actions the case has and keeps (unknown ids go to `need`), a delay that leaves no start to an action that
    must start, and a start in the action's window after the delay."""
    if not case.phased:
        return [(key, PHASED_ONLY) for key in scenario.phased_keys]
    out = [(f"costs.{i}.year", f"{c.year} selects no cost row: a phased case charges costs by run_year (the "
                               "year of running), not by calendar year; leave year out")
           for i, c in enumerate(scenario.costs) if c.year is not None]
    for a in scenario.delay if isinstance(scenario.delay, dict) else ():
        need(f"delay.{a}", "action", a)
    for a in scenario.start:
        need(f"start.{a}", "action", a)
    known = {a.action for a in case.actions}
    gone = set(scenario.remove)
    windows = delayed_windows(case, scenario)
    locked = (set(case.rules.locked_in) - set(scenario.lock_out)) | set(scenario.lock_in)
    for a, window in windows.items():
        k = scenario.delay_of(a)
        key = f"delay.{a}" if isinstance(scenario.delay, dict) else "delay"
        fixed = None if a in scenario.start else case.rules.start_in.get(a)
        horizon = years_text(case.horizon)
        if fixed is not None and fixed + k not in window:
            out.append((key, f"{a} delayed {_years(k)}: the case starts it in {fixed} (rules.start_in), which "
                             f"would become {fixed + k}, past the horizon ({horizon}); delay it less, or fix its "
                             "start with `start`"))
        elif not window and a in locked:
            out.append((key, f"{a} delayed {_years(k)}: its window {years_text(case.window(a))} moves past "
                             f"the horizon ({horizon}) and it can no longer start, but it is locked in; delay it "
                             "less, or unlock it"))
    for a, year in scenario.start.items():
        if a not in known:
            continue
        if a in gone:
            out.append((f"start.{a}", f"{a} is removed by this scenario; it cannot start"))
            continue
        window = windows.get(a, case.window(a))
        if year not in window:
            after = f" after the delay of {_years(scenario.delay_of(a))}" if a in windows else ""
            out.append((f"start.{a}", f"{year} is outside the start window of {a} "
                                      f"({years_text(window)}{after}); pick a year in it"))
    if scenario.target_year is not None and (problem := target_year_problem(case, scenario.target_year)):
        out.append(("target_year", problem))
    return out


def delayed_windows(case: Case, scenario: Scenario) -> dict[str, tuple[int, ...]]:
    """The start window of each action of a phased case that `scenario` delays (and does not remove), after
    the delay: its years moved later, those past the horizon dropped (empty: it can no longer start)."""
    if not case.phased or scenario.delay is None:
        return {}
    out = {}
    for a in case.actions:
        k = scenario.delay_of(a.action)
        if k and a.action not in scenario.remove:
            window = case.window(a.action)
            out[a.action] = tuple(y for y in case.horizon if window[0] + k <= y <= window[-1] + k)
    return out


def scenario_notes(case: Case, scenario: Scenario) -> list[str]:
    """What a delay of `scenario` does beyond moving windows: actions that can no longer start (locked out)
    and windows cut at the end of the horizon."""
    out = []
    for a, window in delayed_windows(case, scenario).items():
        k = scenario.delay_of(a)
        old = case.window(a)
        if not window:
            if a not in case.rules.locked_out and a not in scenario.lock_out:
                out.append(f"{a} can no longer start: delayed {_years(k)}, its window {years_text(old)} moves "
                           f"past the horizon ({years_text(case.horizon)}); it is locked out")
        elif old[-1] + k > case.horizon[-1]:
            out.append(f"{a} may start {years_text(window)} only: delayed {_years(k)}, its window "
                       f"{years_text(old)} would reach {old[-1] + k}, past the horizon "
                       f"({years_text(case.horizon)})")
    return out


def _years(n: int) -> str:
    return f"{n} year" if n == 1 else f"{n} years"


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
    data = _phasing(data, case, scenario)
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
    rules["start_in"] = {a: year for a, year in rules["start_in"].items() if a not in gone}
    return data


def _phasing(data: dict, case: Case, scenario: Scenario) -> dict:
    """The delays (windows moved later, a start fixed by the case with them, an action left without a start
    locked out), the starts and the target year of `scenario`."""
    windows = delayed_windows(case, scenario)
    rules = data["rules"]
    for a in data["actions"]:
        window = windows.get(a["action"])
        if window:
            a["earliest_start"], a["latest_start"] = window[0], window[-1]
        elif window is not None and a["action"] not in rules["locked_out"]:
            rules["locked_out"].append(a["action"])
    rules["start_in"] = {a: year + scenario.delay_of(a) if a in windows else year
                         for a, year in rules["start_in"].items()} | scenario.start
    if scenario.target_year is not None:
        data["target_year"] = scenario.target_year
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
