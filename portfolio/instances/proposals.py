"""Seeded merged cases of working groups' proposals, for the overlap check at merge scale: the groups propose
from one pool of measures, each in its own words, so some proposals of different groups are one measure."""

from __future__ import annotations

import random
import re

from models import Action, Barrier, Case, Cost, Domain, Group, Reach


def proposals_case(vocabulary: Case, groups: int = 5, per_group: int = 400, measures: int = 1000,
                   seed: int = 0, n_barriers: int = 15, n_groups: int = 10) -> Case:
    """A case of `groups` working groups (one domain each) proposing `per_group` actions each, drawn from a
    pool of `measures` measures named with the words of `vocabulary`'s action names and descriptions (4-9
    words, 1-3 of `n_barriers` barriers, 1-3 of `n_groups` target groups). A group words its version of a
    measure its own way (a word dropped or added) and may reach one target group fewer. Costs EUR 100,000 to
    the group's domain, reach 10 persons at effect 0.05: the overlap check reads neither."""
    rng = random.Random(seed)
    text = " ".join(f"{a.name} {a.description or ''}" for a in vocabulary.actions).lower()
    words = sorted({w for w in re.findall(r"\w+", text) if len(w) > 1})
    barriers = [f"b{i}" for i in range(n_barriers)]
    targets = [f"g{i}" for i in range(n_groups)]
    pool = [(rng.choices(words, k=rng.randint(4, 9)), tuple(rng.sample(barriers, rng.randint(1, 3))),
             rng.sample(targets, rng.randint(1, 3))) for _ in range(measures)]
    actions, costs, reach = [], [], []
    for g in range(groups):
        domain = f"wg{g}"
        for k, (name, addressed, reached) in enumerate(rng.choices(pool, k=per_group)):
            name = list(name)
            if rng.random() < 0.5:
                name.pop(rng.randrange(len(name)))
            if rng.random() < 0.5:
                name.insert(rng.randrange(len(name) + 1), rng.choice(words))
            a = f"W{g}P{k:04d}"
            actions.append(Action(action=a, name=" ".join(name).capitalize(), lead_domain=domain,
                                  barriers=addressed, proposed_by=f"group{g}"))
            costs.append(Cost(action=a, domain=domain, cost_eur=100_000.0))
            some = reached if len(reached) == 1 or rng.random() < 0.7 else reached[1:]
            reach += [Reach(action=a, group=t, reach=10.0, effect=0.05) for t in some]
    domains = tuple(Domain(domain=f"wg{g}", name=f"Group {g}", budget_eur=1e9) for g in range(groups))
    return Case(name="working groups", domains=domains,
                groups=tuple(Group(group=t, name=t, population=10**6, max_extra_jobs=1e5) for t in targets),
                barriers=tuple(Barrier(barrier=b, name=b, priority=False) for b in barriers),
                actions=tuple(actions), costs=tuple(costs), reach=tuple(reach))
