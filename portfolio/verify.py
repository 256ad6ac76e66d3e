"""Solver-free checker: recompute jobs, costs and every rule from the case and the chosen actions."""

from __future__ import annotations

import math
from dataclasses import dataclass

from models import Case, RuleCheck
from portfolio.casedata import CaseData

# Relative feasibility tolerance, the same order as the solvers' own (1e-6):
# a rule `value <= limit` holds when value <= limit + FEAS_TOL * max(1, |limit|).
FEAS_TOL = 1e-6


class VerificationError(RuntimeError):
    """A portfolio broke a rule. Coming from a solver, that is a bug, never an answer."""


@dataclass(frozen=True)
class Evaluation:
    """Everything recomputed for one portfolio."""

    selected: tuple[str, ...]
    jobs_uncapped: dict[str, float]  # group -> direct + synergies
    jobs_by_group: dict[str, float]  # group -> min(cap, uncapped)
    jobs_total: float
    spend_by_domain: dict[str, float]
    spend_by_domain_year: dict[tuple[str, int], float]
    cost_total_eur: float
    checks: tuple[RuleCheck, ...]

    @property
    def violations(self) -> tuple[RuleCheck, ...]:
        return tuple(c for c in self.checks if not c.ok)

    @property
    def feasible(self) -> bool:
        return not self.violations

    def objective_value(self, objective: str) -> float:
        return self.jobs_total if objective == "max_jobs" else self.cost_total_eur


def _check(rule: str, value: float, sense: str, limit: float) -> RuleCheck:
    slack = FEAS_TOL * max(1.0, abs(limit))
    if sense == "<=":
        ok = value <= limit + slack
    elif sense == ">=":
        ok = value >= limit - slack
    else:
        ok = abs(value - limit) <= slack
    return RuleCheck(rule=rule, value=value, sense=sense, limit=limit, ok=ok)


def evaluate(case: Case, selected, data: CaseData | None = None) -> Evaluation:
    """Recompute the portfolio `selected` (action ids). Raises KeyError for an unknown id."""
    data = data or CaseData.of(case)
    chosen = set(selected)
    unknown = chosen - set(data.actions)
    if unknown:
        raise KeyError(f"unknown actions {sorted(unknown)}")
    order = tuple(a for a in data.actions if a in chosen)

    uncapped = {g.group: [] for g in case.groups}
    for (a, g), jobs in data.direct_jobs.items():
        if a in chosen:
            uncapped[g].append(jobs)
    for (a, b, g), extra in data.synergy.items():
        if a in chosen and b in chosen:
            uncapped[g].append(extra)
    jobs_uncapped = {g: math.fsum(v) for g, v in uncapped.items()}
    jobs = {g.group: min(g.max_extra_jobs, jobs_uncapped[g.group]) for g in case.groups}
    total_jobs = math.fsum(jobs.values())

    spend = {d.domain: math.fsum(e for (a, dom), e in data.cost.items() if dom == d.domain and a in chosen) for d in case.domains}
    spend_year = {
        (b.domain, b.year): math.fsum(
            e for (a, dom, y), e in data.cost_year.items() if dom == b.domain and y == b.year and a in chosen
        )
        for b in case.budgets or ()
    }
    cost_total = math.fsum(data.cost_total[a] for a in order)

    checks = []
    for d in case.domains:
        checks.append(_check(f"budget[{d.domain}]", spend[d.domain], "<=", d.budget_eur))
    for b in case.budgets or ():
        checks.append(_check(f"budget[{b.domain},{b.year}]", spend_year[b.domain, b.year], "<=", b.budget_eur))
    for group, members in data.overlap.items():
        checks.append(_check(f"overlap[{group}]", sum(a in chosen for a in members), "<=", 1))
    for a in case.actions:
        for b in a.requires:
            checks.append(_check(f"requires[{a.action},{b}]", int(a.action in chosen) - int(b in chosen), "<=", 0))
    need = case.rules.min_actions_per_priority_barrier
    for b in case.priority_barriers:
        if need > 0:
            checks.append(_check(f"cover[{b.barrier}]", sum(a in chosen for a in data.addressing[b.barrier]), ">=", need))
    lead = case.rules.min_actions_per_domain
    if lead > 0:
        for d in case.domains:
            checks.append(_check(f"lead[{d.domain}]", sum(a in chosen for a in data.led_by[d.domain]), ">=", lead))
    if case.rules.max_actions is not None:
        checks.append(_check("max_actions", len(order), "<=", case.rules.max_actions))
    for g, share in case.rules.min_group_share.items():
        checks.append(_check(f"share[{g}]", jobs[g], ">=", share * total_jobs))
    for a in case.rules.locked_in:
        checks.append(_check(f"locked_in[{a}]", int(a in chosen), "==", 1))
    for a in case.rules.locked_out:
        checks.append(_check(f"locked_out[{a}]", int(a in chosen), "==", 0))
    if case.objective == "min_cost" and case.jobs_target is not None:
        checks.append(_check("jobs_target", total_jobs, ">=", case.jobs_target))

    return Evaluation(
        selected=order,
        jobs_uncapped=jobs_uncapped,
        jobs_by_group=jobs,
        jobs_total=total_jobs,
        spend_by_domain=spend,
        spend_by_domain_year=spend_year,
        cost_total_eur=cost_total,
        checks=tuple(checks),
    )


def verify(case: Case, selected, data: CaseData | None = None) -> Evaluation:
    """Evaluate and insist every rule holds; raise VerificationError naming each broken rule."""
    ev = evaluate(case, selected, data)
    if ev.violations:
        broken = "; ".join(f"{c.rule}: {c.value:g} {c.sense} {c.limit:g} fails" for c in ev.violations)
        raise VerificationError(f"portfolio {list(ev.selected)} breaks the rules: {broken}")
    return ev
