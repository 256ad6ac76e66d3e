"""A case summarised before solving (what `validate` prints), computed from the case's indexes."""

from __future__ import annotations

import math

from models import Case
from models.casedata import CaseData
from models.summary import BudgetLine, CaseSummary, CoverageLine, WindowLine


def summarise(case: Case, data: CaseData | None = None) -> CaseSummary:
    """Counts, candidate cost against budget per domain (and year), coverage of the priority barriers,
    baseline; in a phased case each candidate's cost counts as if started at its earliest start, and every
    action's start window and ramp are listed."""
    data = data or CaseData.of(case)
    spend = data.spend({a: data.windows[a][0] for a in data.actions} if data.phased else data.actions)
    by_year = {(b.domain, b.year): b.budget_eur for b in case.budgets or ()}
    budgets = []
    for d in case.domains:
        budgets.append(BudgetLine(domain=d.domain, name=d.name, year=None, candidates_eur=spend.by_domain[d.domain],
                                  budget_eur=d.budget_eur))
        budgets += [BudgetLine(domain=d.domain, name=d.name, year=y, candidates_eur=spend.in_year(d.domain, y),
                               budget_eur=by_year.get((d.domain, y), 0.0)) for y in case.years]
    need = case.rules.min_actions_per_priority_barrier
    coverage = tuple(CoverageLine(barrier=b.barrier, name=b.name, candidates=len(data.addressing[b.barrier]),
                                  required=need) for b in case.priority_barriers)
    counts = {
        "domains": len(case.domains), "groups": len(case.groups), "barriers": len(case.barriers),
        "priority barriers": len(case.priority_barriers), "actions": len(case.actions), "cost rows": len(case.costs),
        "reach rows": len(case.reach), "synergies": len(case.synergies),
        "negative synergies": sum(s.extra_jobs < 0 for s in case.synergies),
        "overlap groups": len(data.overlap), "requires links": sum(len(a.requires) for a in case.actions),
    }
    if data.curves:
        counts["saturation curves"] = len(data.curves)
    base = case.baseline
    return CaseSummary(
        name=case.name,
        counts=counts,
        years=case.years,
        budgets=tuple(budgets),
        coverage=coverage,
        candidate_jobs=math.fsum(data.direct_jobs.values()),
        caps_jobs=math.fsum(g.max_extra_jobs for g in case.groups),
        rate_before=base.rate if base else None,
        employed=base.employed if base else None,
        population=base.population if base else None,
        target_rate=base.target_rate if base else None,
        jobs_to_target=base.jobs_to_target if base else None,
        target_year=data.target,
        windows=tuple(WindowLine(action=a, name=case.action(a).name, window=data.windows[a],
                                 ramp=data.ramps[a]) for a in data.actions) if data.phased else (),
    )
