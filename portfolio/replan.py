"""Re-planning (spec 4.4): keep what a plan started before a year, forbid starting anything earlier, and
optimise the rest of the plan for the case as it is now."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from models import Case, CaseError, Solution, SolverSettings
from inputs.progress import by_action
from models.casedata import CaseData
from models.progress import ProgressRow
from portfolio.rules import DEFAULT_RULES, RuleSet
from portfolio.solve import solve
from portfolio.verify import Evaluation, evaluate

Plan = Mapping[str, int] | Sequence[str]


@dataclass(frozen=True)
class Replan:
    """A re-plan from `from_year`: the new plan, what was kept, and how it differs from the old plan.

    `kept`: the old plan's actions started before `from_year` (action -> start year), committed as they are;
    `added`, `dropped`: actions in the new plan only, in the old plan only; `moved`: action -> (old start,
    new start); `carrying_on`: the old plan recomputed for the case as it is now, whose `violations` say
    which rules it breaks now (a cut budget), None when it names actions the case no longer has.
    """

    solution: Solution
    from_year: int
    kept: dict[str, int]
    added: tuple[str, ...]
    dropped: tuple[str, ...]
    moved: dict[str, tuple[int, int]]
    carrying_on: Evaluation | None

    @property
    def jobs_gained(self) -> float | None:
        """Jobs of the new plan minus those of carrying on with the old one (None when either has none or the
        old plan breaks a rule now)."""
        if self.carrying_on is None or not self.carrying_on.feasible or self.solution.jobs_total is None:
            return None
        return self.solution.jobs_total - self.carrying_on.jobs_total


def starts_of(case: Case, plan: Plan) -> dict[str, int | None]:
    """Each action of `plan` with its start: the plan's year in a phased case; in an unphased case every
    action started in the first year of the budgets (None without budgets.csv)."""
    if isinstance(plan, Mapping):
        return dict(plan)
    first = case.years[0] if case.years else None
    return dict.fromkeys(plan, first)


def replan_case(case: Case, plan: Plan, from_year: int) -> tuple[Case, dict[str, int]]:
    """The case whose optimum is the re-plan, and the starts it keeps.

    Phased: each action the plan started before `from_year` gets `rules.start_in` at that year (a start of
    the past stands, whatever start_in said about it); every other action may start from `from_year` on,
    and one whose window closes before then is locked out. Unphased (every action starts in the first
    year): from after the first year, the plan's actions are locked in and the others out; from the first
    year or earlier, the case as it is. Raises KeyError for an action the case does not have.
    """
    data = CaseData.of(case)
    starts = starts_of(case, plan)
    unknown = sorted(set(starts) - set(data.actions))
    if unknown:
        raise KeyError(f"the plan names actions the case does not have: {', '.join(unknown)}")
    rules = case.rules
    if not case.phased:
        if not case.years or from_year <= case.years[0]:
            return case, {}
        kept = {a: s for a, s in starts.items() if s is not None}
        chosen = [a for a in data.actions if a in starts]
        new_rules = rules.model_copy(update={
            "locked_in": tuple(chosen),
            "locked_out": tuple(a for a in data.actions if a not in starts),
        })
        return _with(case, rules=new_rules), kept
    kept = {a: int(s) for a, s in starts.items() if s is not None and s < from_year}
    for a, s in kept.items():
        if s not in data.windows[a]:
            span = "-".join(map(str, sorted({data.windows[a][0], data.windows[a][-1]})))
            raise ValueError(f"the plan started {a} in {s}, but its start window in the case is now {span}; a "
                             "start of the past stands: widen earliest_start/latest_start to include it")
    start_in = {a: y for a, y in rules.start_in.items() if a not in kept and y >= from_year}
    start_in.update(kept)
    locked_out = list(rules.locked_out)
    actions = []
    for act in case.actions:
        a = act.action
        window = data.windows[a]
        if a in kept or not window or window[0] >= from_year:
            actions.append(act)
        elif window[-1] < from_year:
            actions.append(act)
            if a not in locked_out:
                locked_out.append(a)
        else:
            first = next(y for y in window if y >= from_year)
            actions.append(act.model_copy(update={"earliest_start": first, "latest_start": window[-1]}))
    new_rules = rules.model_copy(update={"start_in": start_in, "locked_out": tuple(locked_out)})
    return _with(case, rules=new_rules, actions=tuple(actions)), kept


def progress_case(case: Case, plan: Plan, progress: Sequence[ProgressRow], from_year: int,
                  stop_share: float | None = None) -> tuple[Case, dict[str, int], list[str], dict[str, int]]:
    """The case whose optimum is the re-plan from `from_year` given what really happened (`progress`, checked
    rows up to the year before), the starts it keeps, notes saying what was assumed, and the plan of carrying
    on (kept actions as they started, the plan's other actions not stopped at their planned start or, when
    that is past, at `from_year`).

    Money spent is gone: the kept actions' costs before `from_year` leave the case, and each domain's total
    budget shrinks by what the progress reports spent before then. An action that really started before
    `from_year` (and did not stop) is kept with its real start, and its remaining costs; one reported stopped is
    out; one planned earlier but not started may start from `from_year`; an action without any report is taken
    to have started as planned. Nothing else starts before `from_year`. With `stop_share` (0-1), a kept action
    may be stopped: it then still pays that share of each remaining cost (running contracts, notice periods),
    so that share is booked up front and the action carries the rest. An unphased case is followed as the
    plan it is: every action started in the first budget year (its cost years become years of running).
    """
    from portfolio.monitor import phased_view

    view = phased_view(case)
    data = CaseData.of(view)
    starts = starts_of(case, plan)
    rows = by_action(progress)
    notes: list[str] = []
    kept: dict[str, int] = {}
    stopped: set[str] = set()
    for a, planned in starts.items():
        mine = [r for r in rows.get(a, []) if r.year < from_year]
        if any(r.status == "stopped" for r in mine):
            stopped.add(a)
        elif (real := min((r.year for r in mine if r.status == "started"), default=None)) is not None:
            kept[a] = real
        elif not mine and planned is not None and planned < from_year:
            kept[a] = planned
            notes.append(f"{a}: no progress reported; taken to have started in {planned} as planned")
    spent: dict[str, float] = defaultdict(float)
    for r in progress:
        if r.year < from_year and r.spend_eur is not None:
            spent[r.domain] += r.spend_eur
    share = stop_share or 0.0
    fixed: dict[tuple[str, int], float] = defaultdict(float)  # (domain, year) -> booked up front
    costs = []
    for c in view.costs:
        start = kept.get(c.action)
        if start is None:
            costs.append(c)
            continue
        year = start + c.run_year - 1
        if year < from_year:
            continue  # spent (or not) in the past: the progress says what it cost
        if share:
            fixed[c.domain, year] += share * c.cost_eur
            c = c.model_copy(update={"cost_eur": (1 - share) * c.cost_eur})
        costs.append(c)
    last = data.horizon[-1]
    budgets = tuple(b.model_copy(update={"budget_eur": max(0.0, b.budget_eur - fixed.get((b.domain, b.year), 0.0))})
                    for b in view.budgets)
    domains = tuple(d.model_copy(update={"budget_eur": max(0.0, d.budget_eur - spent.get(d.domain, 0.0) - math.fsum(
        e for (dd, t), e in fixed.items() if dd == d.domain and t <= last))}) for d in view.domains)
    actions = []
    locked_out = [a for a in view.rules.locked_out if a not in kept]
    for act in view.actions:
        a = act.action
        window = data.windows[a]
        if a in kept:
            act = act.model_copy(update={"earliest_start": kept[a], "latest_start": kept[a]})
        elif a in stopped or not window or window[-1] < from_year:
            if a not in locked_out:
                locked_out.append(a)
        elif window[0] < from_year:
            act = act.model_copy(update={"earliest_start": from_year, "latest_start": window[-1]})
        actions.append(act)
    start_in = {a: y for a, y in view.rules.start_in.items() if a not in kept and a not in stopped and y >= from_year}
    if stop_share is None:
        start_in.update(kept)
    locked_in = tuple(a for a in view.rules.locked_in if a not in stopped)
    new_rules = view.rules.model_copy(update={"start_in": start_in, "locked_out": tuple(locked_out),
                                              "locked_in": locked_in})
    if stopped:
        notes.append(f"stopped, so out of the plan: {', '.join(sorted(stopped))}")
    if spent:
        notes.append(f"spent before {from_year} and gone: " + ", ".join(
            f"{d} EUR {e:,.0f}" for d, e in sorted(spent.items())))
    derived = _with(view, actions=tuple(actions), costs=tuple(costs), budgets=budgets, domains=domains,
                    rules=new_rules)
    carry = {}
    for a, planned in starts.items():
        year = kept.get(a, max(planned or from_year, from_year))
        if a not in stopped and year in derived.window(a):
            carry[a] = year
    return derived, kept, notes, carry


def replan(case: Case, plan: Plan, from_year: int, settings: SolverSettings | None = None, *,
           rules: RuleSet = DEFAULT_RULES, progress: Sequence[ProgressRow] | None = None,
           stop_share: float | None = None, **overrides: Any) -> Replan:
    """Re-plan `case` from `from_year`, keeping what `plan` started before it (see `replan_case`), or, with
    `progress`, what really started (see `progress_case`; `stop_share` lets kept actions stop).

    With nothing changed in the case, the new plan reaches the old plan's objective (the old plan is one of
    the plans allowed). Raises KeyError for an action the case does not have, CaseError when the kept
    starts no longer fit the case's start windows.
    """
    notes: list[str] = []
    old = starts_of(case, plan)
    if progress is None and stop_share is None:
        derived, kept = replan_case(case, plan, from_year)
        carry: Plan = old if case.phased else list(old)
        judged = case
    else:
        derived, kept, notes, carry = progress_case(case, plan, progress or (), from_year, stop_share)
        judged = derived
    solution = solve(derived, settings, rules=rules, **overrides)
    if notes:
        report = solution.details.report
        solution = solution.model_copy(update={"details": solution.details.model_copy(update={
            "report": report.model_copy(update={"notes": (*report.notes, *notes)})})})
    new = dict(solution.start_year or dict.fromkeys(solution.selected)) if solution.status.has_portfolio else {}
    data = CaseData.of(case)
    try:
        carrying_on = evaluate(judged, carry, rules=rules)
    except (KeyError, ValueError):
        carrying_on = None
    return Replan(
        solution=solution, from_year=from_year, kept=kept,
        added=tuple(a for a in data.actions if a in new and a not in old),
        dropped=tuple(a for a in data.actions if a in old and a not in new),
        moved={a: (old[a], new[a]) for a in data.actions
               if a in old and a in new and old[a] is not None and new[a] is not None and old[a] != new[a]},
        carrying_on=carrying_on,
    )


def _with(case: Case, **changes) -> Case:
    """A validated copy of `case` with fields replaced (every check runs again; CaseError if it fails)."""
    try:
        return Case.model_validate({**{k: getattr(case, k) for k in Case.model_fields}, **changes})
    except ValidationError as err:
        issues = [i for e in err.errors() if isinstance(i := (e.get("ctx") or {}).get("error"), CaseError)]
        if not issues:
            raise
        raise CaseError([x for i in issues for x in i.issues]) from None


__all__ = ["Replan", "progress_case", "replan", "replan_case", "starts_of"]
