"""Solver-free reference: the best portfolio of a small case, found by checking all 2^n portfolios (and, in a
phased case, every start year of each)."""

from __future__ import annotations

import itertools

from models import Case
from models.casedata import CaseData
from portfolio.formulation.objectives import objective
from portfolio.rules import DEFAULT_RULES, RuleSet
from portfolio.verify import evaluate

MAX_ACTIONS = 16
MAX_PLANS = 1_000_000  # portfolios times start years, in a phased case


def brute_force(case: Case, rules: RuleSet = DEFAULT_RULES) -> tuple[float | None, tuple[str, ...] | dict[str, int]]:
    """Best objective value and portfolio of `case`, or (None, ()) when no portfolio satisfies `rules`.

    The portfolio is the chosen ids, or in a phased case action -> start year; a phased case tries every start
    year of every chosen action (raises ValueError above MAX_PLANS plans).

    Every portfolio is judged by portfolio.verify.evaluate, so this answer uses
    exactly the rules and tolerances the checker applies to solver answers;
    portfolios that a rule's quick test (`Rule.admits`) rejects are skipped
    first, which evaluate would reject too. Ties keep the first portfolio in
    enumeration order. Raises ValueError above 16 actions (65,536 portfolios).
    """
    data = CaseData.of(case)
    ids = data.actions
    n = len(ids)
    if n > MAX_ACTIONS:
        raise ValueError(f"{n} actions means 2^{n} portfolios; brute force stops at {MAX_ACTIONS} actions")
    if data.phased:
        plans = 1
        for a in ids:
            plans *= 1 + len(data.windows[a])
        if plans > MAX_PLANS:
            raise ValueError(f"{plans:,} plans to try; brute force stops at {MAX_PLANS:,}")
    maximise = objective(case.objective).sense == "max"
    best_value: float | None = None
    best: tuple[str, ...] | dict[str, int] = ()
    for mask in range(1 << n):
        chosen = frozenset(a for i, a in enumerate(ids) if mask >> i & 1)
        if not all(rule.admits(data, chosen) for rule in rules):
            continue
        for plan in _plans(data, chosen):
            ev = evaluate(case, plan, data, rules=rules)
            if not ev.feasible:
                continue
            value = ev.objective_value(case.objective)
            if best_value is None or (value > best_value if maximise else value < best_value):
                best_value, best = value, ev.outcome.plan
    return best_value, best


def _plans(data: CaseData, chosen: frozenset[str]):
    """The chosen ids, or in a phased case every assignment of start years to them."""
    if not data.phased:
        yield chosen
        return
    order = sorted(chosen)
    for years in itertools.product(*(data.windows[a] for a in order)):
        yield dict(zip(order, years))


__all__ = ["MAX_ACTIONS", "brute_force"]
