"""Seeded phased cases (spec 4.1): a random case given a horizon, start windows, ramps and run-year costs.

Like `random_case`, a generated phased case is always feasible: a witness plan (actions with start years)
is drawn within every budget, overlap and requirement first, and the other rules are set so that it
satisfies them. Numbers stay round so every solver sees the data exactly.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from typing import Literal

from models import BudgetYear, Case, Cost, Domain, Rules
from models.casedata import CaseData
from portfolio.instances.generate import _split, random_case
from portfolio.verify import evaluate

RAMPS: tuple[tuple[float, ...], ...] = ((), (1.0,), (0.5, 1.0), (0.2, 0.6, 1.0), (0.3, 0.7), (0.0, 0.5, 1.0),
                                        (0.25, 0.5, 0.75, 1.0))


def phased_case(
    seed: int,
    n_actions: int = 8,
    n_years: int = 4,
    *,
    first_year: int = 2026,
    target_year: int | None = None,
    objective: Literal["max_jobs", "min_cost"] = "max_jobs",
    equity: bool = False,
    start_in: bool = False,
    tightness: float = 0.5,
    **options,
) -> Case:
    """A valid, feasible phased case, the same for the same arguments.

    Each action may start in a window of one to three years of an `n_years` horizon from `first_year`,
    its effect builds up along one of RAMPS, and its cost runs over one to three years from its start (a
    late start commits spend after the horizon). Each domain's budget over the horizon is `tightness` of what
    all its candidates cost, and per year 1.5 x (0.8-1.2) of an even share of that, so both kinds of row
    bind; both are raised where the witness needs it. `options` go to
    `random_case` (groups, domains, synergies, requires, overlap, max_actions ...).
    """
    base = random_case(seed, n_actions, objective="max_jobs", tightness=1.0, **options)
    rng = random.Random(seed * 7919 + 17)
    years = tuple(range(first_year, first_year + n_years))
    actions = []
    for a in base.actions:
        earliest = rng.choice(years)
        latest = min(years[-1], earliest + rng.choice((0, 0, 1, 2)))
        ramp = rng.choice(RAMPS)
        actions.append(a.model_copy(update=dict(earliest_start=earliest, latest_start=latest, ramp=ramp)))
    costs = []
    for c in base.costs:
        runs = rng.choice((1, 2, 2, 3))
        parts = _split(int(c.cost_eur), runs, rng)
        costs += [Cost(action=c.action, domain=c.domain, cost_eur=p, run_year=k + 1) for k, p in enumerate(parts)]
    # what every candidate would spend per domain and year, started at its earliest (max_actions: the witness)
    draft = _case(base, actions, costs, years, {(d.domain, t): math.inf for d in base.domains for t in years},
                  {d.domain: math.inf for d in base.domains},
                  Rules(min_actions_per_priority_barrier=0, max_actions=base.rules.max_actions), target_year)
    data = CaseData.of(draft)
    total = {d: math.floor(tightness * math.fsum(data.cost_by_domain[d].values())) for d in data.cost_by_domain}
    yearly = {(d, t): math.floor(rng.uniform(0.8, 1.2) * total[d] / n_years * 1.5) for d in total for t in years}
    witness = _witness(data, rng, yearly, total)
    spend = data.spend(witness)
    yearly = {k: max(v, math.ceil(spend.by_domain_year[k])) for k, v in yearly.items()}
    total = {d: max(v, math.ceil(spend.by_domain[d])) for d, v in total.items()}
    case = _case(base, actions, costs, years, yearly, total, Rules(min_actions_per_priority_barrier=0), target_year)
    ev = evaluate(case, witness)
    covered = sorted({b for a in witness for b in case.action(a).barriers})
    priority = {b for b in covered if rng.random() < 0.5}
    shares = {}
    if equity and ev.jobs_total > 0:
        g = max(ev.jobs_by_group, key=ev.jobs_by_group.get)
        share = math.floor(rng.uniform(0.5, 0.95) * ev.jobs_by_group[g] / ev.jobs_total * 100) / 100
        if share > 0:
            shares[g] = share
    fixed = {}
    if start_in and witness:
        a = rng.choice(sorted(witness))
        fixed[a] = witness[a]
    rules = Rules(min_actions_per_priority_barrier=1, min_group_share=shares, start_in=fixed,
                  max_actions=base.rules.max_actions)
    barriers = tuple(b.model_copy(update={"priority": b.barrier in priority}) for b in case.barriers)
    jobs_target = None
    if objective == "min_cost":
        jobs_target = max(0.1, math.floor(rng.uniform(0.5, 0.95) * ev.jobs_total * 10) / 10)
    case = Case.model_validate({**{k: getattr(case, k) for k in Case.model_fields}, "rules": rules,
                                "barriers": barriers, "objective": objective, "jobs_target": jobs_target,
                                "name": f"phased case {seed}"})
    if not evaluate(case, witness).feasible:  # pragma: no cover - a bug in this generator
        raise AssertionError(f"seed {seed}: the witness {witness} breaks the generated rules")
    return case


def _case(base: Case, actions, costs, years, yearly, total, rules, target_year) -> Case:
    cap = 1e10
    return Case(
        name=base.name, objective="max_jobs", groups=base.groups, barriers=base.barriers, reach=base.reach,
        synergies=base.synergies, actions=tuple(actions), costs=tuple(costs), rules=rules, solver=base.solver,
        target_year=target_year,
        domains=tuple(Domain(domain=d.domain, name=d.name, budget_eur=min(cap, total[d.domain]))
                      for d in base.domains),
        budgets=tuple(BudgetYear(domain=d.domain, year=t, budget_eur=min(cap, yearly[d.domain, t]))
                      for d in base.domains for t in years),
    )


def _witness(data: CaseData, rng: random.Random, yearly: dict, total: dict) -> dict[str, int]:
    """A random plan within the budgets, overlaps, requirements (each required action started no later) and
    max_actions; about one action in five is skipped so the witness is seldom the optimum."""
    case = data.case
    plan: dict[str, int] = {}
    used: set[str] = set()
    spend_year: dict = defaultdict(float)
    spend: dict = defaultdict(float)
    limit = case.rules.max_actions
    order = list(data.actions)
    rng.shuffle(order)
    for a in order:
        act = case.action(a)
        if rng.random() < 0.2 or (limit is not None and len(plan) >= limit):
            continue
        if act.overlap_group is not None and act.overlap_group in used:
            continue
        s = rng.choice(data.windows[a])
        if any(b not in plan or plan[b] > s for b in act.requires):
            continue
        within, _after = data.start_costs(a, s)
        if any(spend_year[k] + e > yearly[k] or spend[k[0]] + e > total[k[0]] for k, e in within.items()):
            continue
        if any(spend[d] + math.fsum(e for (dd, _t), e in within.items() if dd == d) > total[d] for d, _ in within):
            continue
        plan[a] = s
        if act.overlap_group is not None:
            used.add(act.overlap_group)
        for (d, t), e in within.items():
            spend_year[d, t] += e
            spend[d] += e
    return {a: plan[a] for a in data.actions if a in plan}
