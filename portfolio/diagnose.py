"""Plain-words reasons why a case has no portfolio, found by direct counting (no solver)."""

from __future__ import annotations

import math
from collections import Counter

from models import Case
from portfolio.casedata import CaseData


def obvious_conflicts(case: Case, data: CaseData | None = None) -> list[str]:
    """Conflicts that can be seen without solving: each entry names the rules involved."""
    data = data or CaseData.of(case)
    rules = case.rules
    out: list[str] = []
    blocked = set(rules.locked_out)
    need = rules.min_actions_per_priority_barrier
    for b in case.priority_barriers:
        usable = [a for a in data.addressing[b.barrier] if a not in blocked]
        if need > 0 and len(_independent(usable, data, case)) < need:
            out.append(
                f"cover[{b.barrier}]: priority barrier {b.barrier!r} needs {need} chosen actions but only "
                f"{len(_independent(usable, data, case))} usable actions without overlap address it"
            )
    lead = rules.min_actions_per_domain
    for d in case.domains:
        usable = [a for a in data.led_by[d.domain] if a not in blocked]
        if lead > 0 and len(_independent(usable, data, case)) < lead:
            out.append(
                f"lead[{d.domain}]: domain {d.domain!r} must lead {lead} chosen actions but leads only "
                f"{len(_independent(usable, data, case))} usable actions without overlap"
            )
    locked = set(rules.locked_in)
    by_overlap = Counter(case.action(a).overlap_group for a in locked if case.action(a).overlap_group)
    for group, n in by_overlap.items():
        if n > 1:
            out.append(f"overlap[{group}] and locked_in: {n} locked-in actions share overlap group {group!r}")
    for a in sorted(locked):
        for b in case.action(a).requires:
            if b in blocked:
                out.append(f"requires[{a},{b}] and locked_out[{b}]: {a!r} is locked in but requires locked-out {b!r}")
    for d in case.domains:
        spend = math.fsum(e for (a, dom), e in data.cost.items() if dom == d.domain and a in locked)
        if spend > d.budget_eur * (1 + 1e-9):
            out.append(f"budget[{d.domain}] and locked_in: locked-in actions cost {spend:,.0f} EUR, budget is {d.budget_eur:,.0f}")
    for bud in case.budgets or ():
        spend = math.fsum(e for (a, dom, y), e in data.cost_year.items() if dom == bud.domain and y == bud.year and a in locked)
        if spend > bud.budget_eur * (1 + 1e-9):
            out.append(
                f"budget[{bud.domain},{bud.year}] and locked_in: locked-in actions cost {spend:,.0f} EUR, "
                f"budget is {bud.budget_eur:,.0f}"
            )
    if rules.max_actions is not None and len(locked) > rules.max_actions:
        out.append(f"max_actions and locked_in: {len(locked)} actions are locked in, max_actions is {rules.max_actions}")
    if case.objective == "min_cost" and case.jobs_target is not None:
        most = math.fsum(g.max_extra_jobs for g in case.groups)
        if most < case.jobs_target:
            out.append(
                f"jobs_target: the target of {case.jobs_target:,.0f} jobs exceeds the sum of the groups' "
                f"max_extra_jobs ({most:,.0f})"
            )
    return out


def _independent(actions: list[str], data: CaseData, case: Case) -> list[str]:
    """Actions left when each overlap group counts once."""
    seen_groups: set[str] = set()
    out = []
    for a in actions:
        group = case.action(a).overlap_group
        if group is None or group not in seen_groups:
            out.append(a)
            if group is not None:
                seen_groups.add(group)
    return out
