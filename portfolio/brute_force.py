"""Solver-free reference: the best portfolio of a small case, found by checking all 2^n portfolios."""

from __future__ import annotations

from models import Case
from models.casedata import CaseData
from portfolio.formulation.objectives import objective
from portfolio.rules import DEFAULT_RULES, RuleSet
from portfolio.verify import evaluate

MAX_ACTIONS = 16


def brute_force(case: Case, rules: RuleSet = DEFAULT_RULES) -> tuple[float | None, tuple[str, ...]]:
    """Best objective value and portfolio of `case`, or (None, ()) when no portfolio satisfies `rules`.

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
    maximise = objective(case.objective).sense == "max"
    best_value: float | None = None
    best: tuple[str, ...] = ()
    for mask in range(1 << n):
        chosen = frozenset(a for i, a in enumerate(ids) if mask >> i & 1)
        if not all(rule.admits(data, chosen) for rule in rules):
            continue
        ev = evaluate(case, chosen, data, rules=rules)
        if not ev.feasible:
            continue
        value = ev.objective_value(case.objective)
        if best_value is None or (value > best_value if maximise else value < best_value):
            best_value, best = value, ev.selected
    return best_value, best


__all__ = ["MAX_ACTIONS", "brute_force"]
