"""Solver-free reference: the best portfolio of a small case, found by checking all 2^n portfolios."""

from __future__ import annotations

from models import Case
from portfolio.casedata import CaseData
from portfolio.verify import evaluate

MAX_ACTIONS = 16


def brute_force(case: Case, prune: bool = True) -> tuple[float | None, tuple[str, ...]]:
    """Best objective value and portfolio of `case`, or (None, ()) when no portfolio satisfies the rules.

    Every portfolio is judged by portfolio.verify.evaluate, so this answer uses
    exactly the rules and tolerances the checker applies to solver answers.
    `max_jobs`: the largest jobs_total; `min_cost`: the smallest cost among
    portfolios meeting every rule, jobs_target included. Ties keep the first
    portfolio in enumeration order. With `prune`, portfolios that break an
    overlap, a requirement, a lock or max_actions are skipped before
    evaluation (evaluate would reject them too); the answer is the same.
    Raises ValueError above 16 actions (65,536 portfolios).
    """
    data = CaseData.of(case)
    ids = data.actions
    n = len(ids)
    if n > MAX_ACTIONS:
        raise ValueError(f"{n} actions means 2^{n} portfolios; brute force stops at {MAX_ACTIONS} actions")
    bit = {a: 1 << i for i, a in enumerate(ids)}
    overlap_masks = [sum(bit[a] for a in members) for members in data.overlap.values() if len(members) > 1]
    requires_pairs = [(bit[a.action], bit[b]) for a in case.actions for b in a.requires]
    locked_in = sum(bit[a] for a in case.rules.locked_in)
    locked_out = sum(bit[a] for a in case.rules.locked_out)
    limit = case.rules.max_actions
    maximise = case.objective == "max_jobs"

    best_value: float | None = None
    best: tuple[str, ...] = ()
    for mask in range(1 << n):
        if prune and (
            mask & locked_in != locked_in
            or mask & locked_out
            or any((mask & m).bit_count() > 1 for m in overlap_masks)
            or any(mask & a and not mask & b for a, b in requires_pairs)
            or (limit is not None and mask.bit_count() > limit)
        ):
            continue
        ev = evaluate(case, [a for a in ids if mask & bit[a]], data)
        if not ev.feasible:
            continue
        value = ev.objective_value(case.objective)
        if best_value is None or (value > best_value if maximise else value < best_value):
            best_value, best = value, ev.selected
    return best_value, best


__all__ = ["MAX_ACTIONS", "brute_force"]
