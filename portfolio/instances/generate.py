"""Seeded generators of valid cases: small random cases for tests, hard knapsack-like cases for benchmarks.

Every number is round so that each solver sees the data exactly: reach and
costs are whole numbers, effects have two or three decimals, synergies one.
`random_case` first draws a witness portfolio that respects the budgets,
overlaps, requirements and `max_actions`, then sets every other rule
(priority barriers, domain participation, equity shares, locks, the jobs
target) so that the witness satisfies it: a generated case is always
feasible. Tests derive infeasible cases from it by changing one rule.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from typing import Literal

from models import (
    Action,
    Barrier,
    BudgetYear,
    Case,
    Cost,
    Domain,
    Group,
    Reach,
    Rules,
    SolverSettings,
    Synergy,
)
from models.casedata import CaseData
from portfolio.verify import evaluate

YEARS = (2026, 2027, 2028)


def _floor(value: float, decimals: int) -> float:
    """Round down to `decimals` places (a share or synergy that must not exceed `value`)."""
    scale = 10**decimals
    return math.floor(value * scale + 1e-9) / scale


def random_case(
    seed: int,
    n_actions: int = 10,
    n_groups: int = 3,
    n_domains: int = 3,
    n_barriers: int = 4,
    *,
    objective: Literal["max_jobs", "min_cost"] = "max_jobs",
    per_year: bool = False,
    synergies: bool = True,
    negative_synergies: bool = True,
    equity: bool = False,
    overlap: bool = True,
    requires: bool = True,
    max_actions: int | None = None,
    locks: bool = False,
    tightness: float = 0.5,
) -> Case:
    """A valid, feasible random case, the same for the same arguments.

    `tightness` (0-1) is the budget of each domain as a share of what all
    candidate actions would cost it; with `per_year`, costs spread over two or
    three years and each domain-year budget is `tightness` x (0.9-1.2) of that
    year's candidate cost, so the yearly rows bind on their own. Group
    caps lie between 25% and 110% of the group's candidate jobs, so they bind
    in some cases and not in others. With `objective="min_cost"` the jobs
    target is 50-95% of what a feasible witness portfolio creates.
    If no action fits the budgets, the budgets are raised just enough for one.
    Raises ValueError for sizes below one, or min_cost with max_actions=0.
    """
    if min(n_actions, n_groups, n_domains, n_barriers) < 1:
        raise ValueError("n_actions, n_groups, n_domains and n_barriers must each be at least 1")
    if objective == "min_cost" and max_actions == 0:
        raise ValueError("min_cost needs a positive jobs target, which max_actions=0 cannot reach")
    if not 0 < tightness <= 1:
        raise ValueError(f"tightness {tightness} must lie in (0, 1]")
    rng = random.Random(seed)
    domain_ids = [f"d{i}" for i in range(n_domains)]
    group_ids = [f"g{i}" for i in range(n_groups)]
    barrier_ids = [f"b{i}" for i in range(n_barriers)]
    action_ids = [f"a{i:02d}" if n_actions <= 100 else f"a{i:03d}" for i in range(n_actions)]

    # overlap groups: a few runs of 2-3 consecutive actions
    overlap_of: dict[str, str | None] = dict.fromkeys(action_ids)
    if overlap and n_actions >= 2:
        for k in range(max(1, n_actions // 5)):
            size = rng.choice((2, 2, 3))
            start = rng.randrange(0, n_actions - 1)
            members = [a for a in action_ids[start : start + size] if overlap_of[a] is None]
            if len(members) >= 2:
                for a in members:
                    overlap_of[a] = f"ov{k}"

    # requires: only on earlier actions (no cycles), never an action that cannot go along
    requires_of: dict[str, list[str]] = {a: [] for a in action_ids}
    if requires and n_actions >= 2:
        for i in rng.sample(range(1, n_actions), k=max(1, n_actions // 5)):
            a, b = action_ids[i], action_ids[rng.randrange(0, i)]
            closure = _closure([b], requires_of) | {a}
            groups = [overlap_of[x] for x in closure if overlap_of[x] is not None]
            if len(groups) == len(set(groups)):
                requires_of[a].append(b)

    lead = {a: rng.choice(domain_ids) for a in action_ids}
    actions = [
        Action(
            action=a,
            name=f"Action {a}",
            lead_domain=lead[a],
            barriers=tuple(sorted(rng.sample(barrier_ids, k=min(n_barriers, rng.choice((1, 1, 2)))))),
            overlap_group=overlap_of[a],
            requires=tuple(requires_of[a]),
        )
        for a in action_ids
    ]

    # costs: whole thousands of euros, in the lead domain, sometimes co-financed by another
    costs: list[Cost] = []
    for a in action_ids:
        payers = [(lead[a], 1000 * rng.randint(50, 900))]
        others = [d for d in domain_ids if d != lead[a]]
        if others and rng.random() < 0.3:
            payers.append((rng.choice(others), 1000 * rng.randint(10, 300)))
        for d, eur in payers:
            if per_year:
                years = YEARS[: rng.choice((2, 3))]
                parts = _split(eur, len(years), rng)
                costs.extend(
                    Cost(action=a, domain=d, cost_eur=p, year=y) for y, p in zip(years, parts, strict=True)
                )
            else:
                costs.append(Cost(action=a, domain=d, cost_eur=eur))

    # reach: whole persons, effects with two or three decimals
    reach: list[Reach] = []
    for a in action_ids:
        for g in sorted(rng.sample(group_ids, k=min(n_groups, rng.choice((1, 1, 2))))):
            decimals = rng.choice((2, 3))
            effect = round(rng.uniform(0.03, 0.3), decimals)
            reach.append(Reach(action=a, group=g, reach=rng.randint(50, 1500), effect=effect))
    direct: dict[tuple[str, str], float] = defaultdict(float)
    for r in reach:
        direct[r.action, r.group] += r.jobs

    synergy_rows: list[Synergy] = []
    seen: set = set()

    def pair() -> tuple[str, str] | None:
        a, b = rng.sample(action_ids, 2)
        if overlap_of[a] is not None and overlap_of[a] == overlap_of[b]:
            return None
        return a, b

    if synergies and n_actions >= 2:
        for _ in range(max(1, n_actions // 3)):
            ab = pair()
            if ab is None:
                continue
            g = rng.choice(group_ids)
            key = (frozenset(ab), g)
            if key not in seen:
                seen.add(key)
                synergy_rows.append(
                    Synergy(action_a=ab[0], action_b=ab[1], group=g, extra_jobs=rng.randint(1, 40))
                )
    if negative_synergies and n_actions >= 2:
        for _ in range(max(1, n_actions // 4)):
            ab = pair()
            if ab is None:
                continue
            shared = [g for g in group_ids if direct.get((ab[0], g)) and direct.get((ab[1], g))]
            if not shared:
                continue
            g = rng.choice(shared)
            key = (frozenset(ab), g)
            smaller = min(direct[ab[0], g], direct[ab[1], g])
            extra = -_floor(rng.uniform(0.2, 0.8) * smaller, 1)
            if key not in seen and extra < 0:
                seen.add(key)
                synergy_rows.append(Synergy(action_a=ab[0], action_b=ab[1], group=g, extra_jobs=extra))

    # budgets: a `tightness` share of what all candidates cost each domain (and domain-year)
    per_domain: dict[str, float] = defaultdict(float)
    per_domain_year: dict[tuple[str, int], float] = defaultdict(float)
    for c in costs:
        per_domain[c.domain] += c.cost_eur
        if c.year is not None:
            per_domain_year[c.domain, c.year] += c.cost_eur
    domains = [
        Domain(domain=d, name=f"Domain {d}", budget_eur=math.floor(tightness * per_domain[d]))
        for d in domain_ids
    ]
    budgets = None
    if per_year:
        budgets = [
            BudgetYear(
                domain=d,
                year=y,
                budget_eur=math.floor(min(1.0, tightness * rng.uniform(0.9, 1.2)) * per_domain_year[d, y]),
            )
            for d in domain_ids
            for y in YEARS
        ]

    # caps between 25% and 110% of the candidate jobs: sometimes binding
    groups = []
    for g in group_ids:
        jobs = math.fsum(v for (_a, gg), v in direct.items() if gg == g)
        biggest = max([r.reach for r in reach if r.group == g], default=0)
        groups.append(
            Group(
                group=g,
                name=f"Group {g}",
                population=int(biggest * rng.randint(2, 5)) + 100,
                max_extra_jobs=max(1, round(jobs * rng.uniform(0.25, 1.1))),
            )
        )

    draft = dict(
        name=f"random case {seed}",
        objective="max_jobs",
        domains=tuple(domains),
        groups=tuple(groups),
        barriers=tuple(Barrier(barrier=b, name=f"Barrier {b}", priority=False) for b in barrier_ids),
        actions=tuple(actions),
        costs=tuple(costs),
        reach=tuple(reach),
        synergies=tuple(synergy_rows),
        budgets=tuple(budgets) if budgets is not None else None,
        rules=Rules(min_actions_per_priority_barrier=0, max_actions=max_actions),
        solver=SolverSettings(time_limit_s=60),
    )
    base = Case(**draft)
    witness = _witness(base, rng)
    ev = evaluate(base, witness)
    if ev.jobs_total <= 0 and max_actions != 0:
        # nothing useful fits the budgets: widen them just enough for one action that requires nothing
        single = rng.choice([a for a in action_ids if not requires_of[a]])
        base = _make_room(base, {single})
        draft.update(domains=base.domains, budgets=base.budgets)
        witness = [single]
        ev = evaluate(base, witness)

    # rules the witness satisfies
    chosen = set(witness)
    covered = {b for a in witness for b in base.action(a).barriers}
    priority = {b for b in sorted(covered) if rng.random() < 0.6}
    if covered and not priority:
        priority = {rng.choice(sorted(covered))}
    leads_all = all(any(lead[a] == d for a in witness) for d in domain_ids)
    shares: dict[str, float] = {}
    if equity and ev.jobs_total > 0:
        ranked = sorted(group_ids, key=lambda g: -ev.jobs_by_group[g])
        for g in ranked[: rng.choice((1, 2))]:
            share = _floor(rng.uniform(0.5, 0.95) * ev.jobs_by_group[g] / ev.jobs_total, 2)
            if share > 0:
                shares[g] = share
    locked_in: tuple[str, ...] = ()
    locked_out: tuple[str, ...] = ()
    if locks:
        if witness:
            locked_in = (rng.choice(witness),)
        outside = [a for a in action_ids if a not in chosen]
        if outside:
            locked_out = (rng.choice(outside),)
    rules = Rules(
        min_actions_per_priority_barrier=1,
        min_actions_per_domain=1 if leads_all and rng.random() < 0.3 else 0,
        max_actions=max_actions,
        min_group_share=shares,
        locked_in=locked_in,
        locked_out=locked_out,
    )
    jobs_target = None
    if objective == "min_cost":
        jobs_target = max(0.1, _floor(rng.uniform(0.5, 0.95) * ev.jobs_total, 1))
    barriers = tuple(Barrier(barrier=b, name=f"Barrier {b}", priority=b in priority) for b in barrier_ids)
    case = Case(
        **{**draft, "objective": objective, "jobs_target": jobs_target, "rules": rules, "barriers": barriers}
    )
    if not evaluate(case, witness).feasible:  # pragma: no cover - a bug in this generator
        raise AssertionError(f"seed {seed}: the witness {witness} breaks the generated rules")
    return case


def derive(case: Case, rules: dict | None = None, **changes) -> Case:
    """A validated copy of `case` with top-level fields and `rules` keys replaced.

    `derive(case, rules={"max_actions": 2}, jobs_target=50.0)`. Unlike
    `model_copy`, the result goes through every check of models.Case again.
    """
    data = {name: getattr(case, name) for name in Case.model_fields}
    if rules:
        data["rules"] = Rules.model_validate({**case.rules.model_dump(), **rules})
    data.update(changes)
    return Case.model_validate(data)


def _make_room(case: Case, actions: set[str]) -> Case:
    """`case` with each budget raised, where needed, to what `actions` together spend."""
    spend = CaseData.of(case).spend(actions)
    domains = tuple(
        d.model_copy(update={"budget_eur": max(d.budget_eur, spend.by_domain[d.domain])}) for d in case.domains
    )
    budgets = None
    if case.budgets is not None:
        budgets = tuple(
            b.model_copy(update={"budget_eur": max(b.budget_eur, spend.in_year(b.domain, b.year))})
            for b in case.budgets
        )
    return case.model_copy(update={"domains": domains, "budgets": budgets})


def _closure(start: list[str], requires_of: dict[str, list[str]]) -> set[str]:
    """`start` plus every action it requires, directly or not."""
    out: set[str] = set()
    todo = list(start)
    while todo:
        a = todo.pop()
        if a not in out:
            out.add(a)
            todo.extend(requires_of[a])
    return out


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """Split whole euros into `parts` whole-thousand pieces that add up to `total`."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    pieces = [1000 * int(total / 1000 * w / sum(weights)) for w in weights]
    pieces[-1] = total - sum(pieces[:-1])
    return pieces


def _witness(case: Case, rng: random.Random) -> list[str]:
    """A random portfolio within budgets, overlaps, requirements and max_actions (the other rules are off).

    Each action is tried once in random order, together with what it requires;
    15% are skipped at random so the witness is seldom the optimum.
    """
    data = CaseData.of(case)
    requires_of = {a.action: list(a.requires) for a in case.actions}
    overlap_of = {a.action: a.overlap_group for a in case.actions}
    order = list(data.actions)
    rng.shuffle(order)
    chosen: set[str] = set()
    used_overlaps: set[str] = set()
    limit = case.rules.max_actions
    budget = {d.domain: d.budget_eur for d in case.domains}
    budget_year = {(b.domain, b.year): b.budget_eur for b in case.budgets or ()}
    spend: dict[str, float] = defaultdict(float)  # what the witness spends so far, kept as it grows
    spend_year: dict[tuple[str, int], float] = defaultdict(float)
    for a in order:
        if a in chosen or rng.random() < 0.15:
            continue
        new = _closure([a], requires_of) - chosen
        if limit is not None and len(chosen) + len(new) > limit:
            continue
        groups = [overlap_of[x] for x in new if overlap_of[x] is not None]
        if len(groups) != len(set(groups)) or used_overlaps & set(groups):
            continue
        add: dict = defaultdict(float)
        add_year: dict = defaultdict(float)
        for x in new:
            total, yearly = data.action_costs(x)
            for d, eur in total.items():
                add[d] += eur
            for k, eur in yearly.items():
                add_year[k] += eur
        if any(spend[d] + eur > budget[d] for d, eur in add.items()):
            continue
        if any(spend_year[k] + eur > budget_year.get(k, math.inf) for k, eur in add_year.items()):
            continue
        chosen |= new
        used_overlaps |= set(groups)
        for d, eur in add.items():
            spend[d] += eur
        for k, eur in add_year.items():
            spend_year[k] += eur
    return [a for a in data.actions if a in chosen]


def hard_case(seed: int, n_actions: int = 300, n_domains: int = 20, tightness: float = 0.25) -> Case:
    """A correlated multidimensional knapsack as a case (Chu & Beasley style), hard to prove optimal.

    Costs per domain are whole thousands of euros drawn from 1-1000 thousand;
    each action's jobs (one group, effect 1) are its mean cost in thousands
    plus a random 0-500, so profit and weight are correlated and the LP bound
    is weak. Budgets are `tightness` of each domain's candidate cost. No rule
    but the budgets is active. A MIP solver cannot close the gap in ~1 s.
    """
    rng = random.Random(seed)
    domain_ids = [f"d{i:02d}" for i in range(n_domains)]
    action_ids = [f"a{i:03d}" for i in range(n_actions)]
    weights = {a: [rng.randint(1, 1000) for _ in domain_ids] for a in action_ids}
    profit = {a: round(sum(w) / n_domains) + rng.randint(0, 500) for a, w in weights.items()}
    total_jobs = sum(profit.values())
    return Case(
        name=f"hard knapsack {seed} ({n_actions} actions x {n_domains} domains)",
        objective="max_jobs",
        domains=tuple(
            Domain(
                domain=d,
                name=f"Domain {d}",
                budget_eur=1000 * math.floor(tightness * sum(weights[a][i] for a in action_ids)),
            )
            for i, d in enumerate(domain_ids)
        ),
        groups=(Group(group="all", name="Everyone", population=total_jobs, max_extra_jobs=total_jobs),),
        barriers=(Barrier(barrier="any", name="Any barrier", priority=False),),
        actions=tuple(
            Action(action=a, name=f"Action {a}", lead_domain=domain_ids[0], barriers=("any",))
            for a in action_ids
        ),
        costs=tuple(
            Cost(action=a, domain=d, cost_eur=1000 * weights[a][i])
            for a in action_ids
            for i, d in enumerate(domain_ids)
        ),
        reach=tuple(Reach(action=a, group="all", reach=profit[a], effect=1) for a in action_ids),
        rules=Rules(min_actions_per_priority_barrier=0),
    )
