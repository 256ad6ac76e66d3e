"""OR-Library multidimensional knapsack files (mknap1, mknapcb*) and their conversion to cases.

A knapsack instance is a case with one group (effect 1, reach = profit, a cap
that never binds), one domain per knapsack constraint (budget = capacity),
one non-priority barrier and every rule off; its optimum is the instance's.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from models import Action, Barrier, Case, Cost, Domain, Group, Reach, Rules


@dataclass(frozen=True)
class KnapsackInstance:
    """One 0-1 multidimensional knapsack: max sum p_j x_j s.t. sum_j w_ij x_j <= b_i."""

    name: str
    profits: tuple[float, ...]  # p_j, one per item
    weights: tuple[tuple[float, ...], ...]  # w_ij, one row per constraint
    capacities: tuple[float, ...]  # b_i, one per constraint
    optimum: float | None  # known optimal value; None when the file gives 0 (unknown)

    @property
    def n(self) -> int:
        return len(self.profits)

    @property
    def m(self) -> int:
        return len(self.capacities)


def _number(token: str) -> float:
    """A number token as the closest float; integers stay exact."""
    value = Decimal(token)
    return float(int(value)) if value == value.to_integral_value() else float(value)


def parse_mknap(text: str, name: str = "mknap") -> list[KnapsackInstance]:
    """Parse the text of an mknap1 / mknapcb file (K; per instance n m optimum, p, w rows, b).

    Raises ValueError naming the instance when the numbers run out or are left over.
    """
    tokens = text.split()
    pos = 0

    def take(count: int, what: str, k: int) -> list[str]:
        nonlocal pos
        if pos + count > len(tokens):
            raise ValueError(
                f"{name}: instance {k}: file ends while reading {what} ({count} numbers expected)"
            )
        out = tokens[pos : pos + count]
        pos += count
        return out

    (count,) = take(1, "the number of instances", 0)
    instances = []
    for k in range(1, int(count) + 1):
        n_text, m_text, opt_text = take(3, "the header n m optimum", k)
        n, m = int(n_text), int(m_text)
        profits = tuple(_number(t) for t in take(n, "profits", k))
        weights = tuple(
            tuple(_number(t) for t in take(n, f"weights of constraint {i + 1}", k)) for i in range(m)
        )
        capacities = tuple(_number(t) for t in take(m, "capacities", k))
        optimum = _number(opt_text)
        instances.append(
            KnapsackInstance(
                name=f"{name}-{k}",
                profits=profits,
                weights=weights,
                capacities=capacities,
                optimum=optimum if optimum != 0 else None,
            )
        )
    if pos != len(tokens):
        raise ValueError(f"{name}: {len(tokens) - pos} numbers left over after {count} instances")
    return instances


def read_mknap(path: str | os.PathLike) -> list[KnapsackInstance]:
    """The instances of an OR-Library mknap file; names are `<file stem>-<k>` (k from 1)."""
    path = Path(path)
    return parse_mknap(path.read_text(encoding="utf-8"), name=path.stem)


def mknap_case(instance: KnapsackInstance) -> Case:
    """The case whose optimum (objective max_jobs) is the optimum of `instance`.

    Profits become reach with effect 1, kept exact (600.1 stays 600.1). Items
    without any weight still get a cost row of 0 EUR in the first domain.
    """
    domains = [f"c{i + 1:02d}" for i in range(instance.m)]
    actions = [f"x{j + 1:03d}" for j in range(instance.n)]
    total = math.ceil(math.fsum(instance.profits))
    costs = []
    for j, a in enumerate(actions):
        rows = [
            Cost(action=a, domain=d, cost_eur=instance.weights[i][j])
            for i, d in enumerate(domains)
            if instance.weights[i][j]
        ]
        costs.extend(rows or [Cost(action=a, domain=domains[0], cost_eur=0)])
    return Case(
        name=f"OR-Library {instance.name} ({instance.n} items x {instance.m} constraints)",
        objective="max_jobs",
        domains=tuple(
            Domain(domain=d, name=f"Constraint {i + 1}", budget_eur=instance.capacities[i])
            for i, d in enumerate(domains)
        ),
        groups=(Group(group="all", name="All items", population=total, max_extra_jobs=total),),
        barriers=(Barrier(barrier="knapsack", name="Knapsack", priority=False),),
        actions=tuple(
            Action(action=a, name=f"Item {j + 1}", lead_domain=domains[0], barriers=("knapsack",))
            for j, a in enumerate(actions)
        ),
        costs=tuple(costs),
        reach=tuple(
            Reach(action=a, group="all", reach=instance.profits[j], effect=1) for j, a in enumerate(actions)
        ),
        rules=Rules(min_actions_per_priority_barrier=0, min_actions_per_domain=0),
    )


__all__ = ["KnapsackInstance", "mknap_case", "parse_mknap", "read_mknap"]
