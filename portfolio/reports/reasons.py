"""Why a candidate action is not in the plan, where the case and the chosen actions tell.

Checked in this order; the first that holds is the reason:

1. `locked_out`: the case locks it out.
2. `overlap`: a chosen action shares its overlap group.
3. `requires`: it needs an action that is not chosen.
4. The first budget it would break, domain by domain (each budget year, then the whole horizon), with the
   amounts: `budget_whole` when it costs more than that whole budget; `ratio` when every chosen action
   paying from that budget gives more direct jobs per euro (making room would displace better actions);
   `budget` otherwise (it does not fit what is left).
5. The first other rule that adding it would break (`max_actions`, `equity`, or another, as `rule`).
6. It would fit every rule: `no_gain` when it adds no jobs (its groups are at their cap, or its synergies
   take away what it adds); with `min_cost`, `not_needed` (the target is met without its cost).

Otherwise no reason is given: an action that fits every rule and adds jobs is left out only by a solver
that stopped before proving its portfolio optimal.

In a phased case (spec 4.1) the chosen actions keep their start years and each start year the action may have
is tried: a budget or rule is a reason only when every start year breaks one (the reason given is that of its
earliest start year, which the reason names).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from models.casedata import CaseData
from portfolio.core.outcome import Outcome, outcome
from portfolio.core.tolerances import holds
from portfolio.verify import evaluate

Code = Literal["locked_out", "overlap", "requires", "budget_whole", "budget", "ratio", "max_actions", "equity",
               "rule", "no_gain", "not_needed"]

# A change of the jobs total smaller than this (persons) is no change.
NO_JOBS = 1e-9


class Reason(BaseModel):
    """Why one action is not chosen: a code and the figures that go with it (display names included)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: Code
    other: str | None = Field(None, description="the chosen (overlap) or missing (requires) action")
    other_name: str | None = None
    overlap_group: str | None = None
    domain: str | None = Field(None, description="the domain whose budget it would break")
    domain_name: str | None = None
    year: int | None = Field(None, description="the budget year; null for the whole horizon")
    cost_eur: float | None = Field(None, description="what the action costs that budget")
    left_eur: float | None = Field(None, description="what the chosen actions leave of that budget")
    budget_eur: float | None = None
    jobs_per_meur: float | None = Field(None, description="the action's direct jobs per EUR 1 million")
    displaced_jobs_per_meur: float | None = Field(
        None, description="the lowest jobs per EUR 1 million among chosen actions paying from that budget")
    group: str | None = None
    group_name: str | None = None
    limit: float | None = Field(None, description="max_actions, or the group's minimum share (0-1)")
    rule: str | None = Field(None, description="the broken rule's row name, for `rule`")
    capped_groups: tuple[str, ...] = Field((), description="for no_gain: its groups already at their cap (names)")
    start_year: int | None = Field(None, description="phased case: the start year the reason is about")


def reasons(data: CaseData, selected: Iterable[str] | Mapping[str, int]) -> dict[str, Reason | None]:
    """Each action not in `selected` -> its reason (None where none can be determined). In a phased case
    `selected` is the plan: action -> start year (`Solution.plan`)."""
    base = outcome(data, selected)
    out: dict[str, Reason | None] = {}
    for a in data.actions:
        if a not in base.chosen:
            out[a] = (_locked(data, a) or _overlap(data, base, a) or _requires(data, base, a)
                      or _budget(data, base, a) or _other_rule(data, base, a))
    return out


def _locked(data: CaseData, a: str) -> Reason | None:
    return Reason(code="locked_out") if a in data.case.rules.locked_out else None


def _name(data: CaseData, a: str) -> str:
    return data.case.action(a).name


def _overlap(data: CaseData, base: Outcome, a: str) -> Reason | None:
    group = data.case.action(a).overlap_group
    for other in data.overlap.get(group, []) if group is not None else []:
        if other in base.chosen:
            return Reason(code="overlap", other=other, other_name=_name(data, other), overlap_group=group)
    return None


def _requires(data: CaseData, base: Outcome, a: str) -> Reason | None:
    for other in data.case.action(a).requires:
        if other not in base.chosen:
            return Reason(code="requires", other=other, other_name=_name(data, other))
    return None


def _budget(data: CaseData, base: Outcome, a: str) -> Reason | None:
    if not data.phased:
        return _first_broken(data, base, a, _scopes(data, base, a))
    found = [_first_broken(data, base, a, _phased_scopes(data, base, a, s)) for s in data.windows[a]]
    if not found or not all(found):
        return None
    return found[0].model_copy(update={"start_year": data.windows[a][0]})


# A budget the action would pay from: (year, its cost there, budget, spent by the plan, what each action of
# the plan (or every action) pays there); year None: the whole horizon.
Scope = tuple[int | None, float, float, float, Mapping[str, float]]


def _scopes(data: CaseData, base: Outcome, a: str) -> dict[str, list[Scope]]:
    by_domain, by_year = data.action_costs(a)
    year_budget = {(b.domain, b.year): b.budget_eur for b in data.case.budgets or ()}
    out = {}
    for d in data.case.domains:
        scopes = [(y, cost, year_budget[dd, y], base.spend.in_year(dd, y), data.cost_by_domain_year[dd, y])
                  for (dd, y), cost in sorted(by_year.items()) if dd == d.domain and (dd, y) in year_budget]
        if d.domain in by_domain:
            scopes.append((None, by_domain[d.domain], d.budget_eur, base.spend.by_domain[d.domain],
                           data.cost_by_domain[d.domain]))
        out[d.domain] = scopes
    return out


def _phased_scopes(data: CaseData, base: Outcome, a: str, start: int) -> dict[str, list[Scope]]:
    """The budgets `a` would pay from when started in `start`: each calendar year of the horizon it spends in,
    then the horizon as a whole (what falls after the horizon is charged to no budget)."""
    within, _after = data.start_costs(a, start)
    theirs = {x: data.start_costs(x, s)[0] for x, s in base.starts.items()}
    year_budget = {(b.domain, b.year): b.budget_eur for b in data.case.budgets or ()}
    out = {}
    for d in data.case.domains:
        mine = {t: eur for (dd, t), eur in sorted(within.items()) if dd == d.domain}
        scopes: list[Scope] = [(t, eur, year_budget.get((d.domain, t), 0.0), base.spend.in_year(d.domain, t),
                                {x: spend.get((d.domain, t), 0.0) for x, spend in theirs.items()})
                               for t, eur in mine.items()]
        if mine:
            scopes.append((None, math.fsum(mine.values()), d.budget_eur, base.spend.by_domain[d.domain],
                           {x: math.fsum(e for (dd, _t), e in spend.items() if dd == d.domain)
                            for x, spend in theirs.items()}))
        out[d.domain] = scopes
    return out


def _first_broken(data: CaseData, base: Outcome, a: str, scopes: dict[str, list[Scope]]) -> Reason | None:
    """The first budget, domain by domain, that `a` would break, with the reason's figures."""
    for d in data.case.domains:
        for year, cost, budget, spent, payers in scopes[d.domain]:
            if holds(spent + cost, "<=", budget):
                continue
            common = dict(domain=d.domain, domain_name=d.name, year=year, cost_eur=cost, left_eur=budget - spent,
                          budget_eur=budget)
            if not holds(cost, "<=", budget):
                return Reason(code="budget_whole", **common)
            mine = _per_meur(data, a)
            theirs = [_per_meur(data, x) for x, eur in payers.items() if x in base.chosen and eur > 0]
            theirs = [r for r in theirs if r is not None]
            if mine is not None and theirs and mine < min(theirs):
                return Reason(code="ratio", jobs_per_meur=mine, displaced_jobs_per_meur=min(theirs), **common)
            return Reason(code="budget", jobs_per_meur=mine, **common)
    return None


def _per_meur(data: CaseData, a: str) -> float | None:
    cost = data.cost_total[a]
    return data.direct_jobs_of(a) / cost * 1e6 if cost > 0 else None


def _other_rule(data: CaseData, base: Outcome, a: str) -> Reason | None:
    if not data.phased:
        return _judge(data, base, a, evaluate(data.case, base.chosen | {a}, data))
    tries = [(s, evaluate(data.case, {**base.starts, a: s}, data)) for s in data.windows[a]]
    fits = [ev for _s, ev in tries if not ev.violations]
    if fits:
        return _judge(data, base, a, max(fits, key=lambda ev: ev.jobs_total))
    start, ev = tries[0]
    reason = _judge(data, base, a, ev)
    return reason.model_copy(update={"start_year": start}) if reason is not None else None


def _judge(data: CaseData, base: Outcome, a: str, ev) -> Reason | None:
    """The reason of `a` given the evaluation of the plan with it added."""
    for c in ev.violations:
        if c.rule == "max_actions":
            return Reason(code="max_actions", limit=c.limit)
        if c.rule == "equity":
            g = c.subject[0]
            group = next(x for x in data.case.groups if x.group == g)
            return Reason(code="equity", group=g, group_name=group.name, limit=data.case.rules.min_group_share[g])
        return Reason(code="rule", rule=c.name)
    if ev.jobs_total - base.jobs_total <= NO_JOBS:
        capped = tuple(g.name for g in data.case.groups
                       if g.group in data.jobs_by_action[a] and base.jobs_by_group[g.group] >= data.most_counted(g.group))
        return Reason(code="no_gain", capped_groups=capped)
    if data.case.objective == "min_cost":
        return Reason(code="not_needed", cost_eur=data.cost_total[a])
    return None
