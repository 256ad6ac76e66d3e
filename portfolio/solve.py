"""portfolio.solve: case -> formulation -> backend -> verified, honestly labelled Solution."""

from __future__ import annotations

import math
from typing import Any

from models import (
    ActionResult,
    Case,
    EmploymentRate,
    GroupResult,
    Solution,
    SolutionDetails,
    SolverSettings,
    SpendResult,
    Status,
)
from portfolio.backends import RawResult, get_backend
from portfolio.backends.auto import choose_backend, preference
from portfolio.casedata import CaseData
from portfolio.diagnose import obvious_conflicts
from portfolio.formulation import Formulation, build
from portfolio.formulation.build import JobsModel
from portfolio.verify import Evaluation, VerificationError, evaluate, verify


def solver_settings(case: Case, settings: SolverSettings | None = None, **overrides: Any) -> SolverSettings:
    """The case's solver settings, replaced by `settings`, then by non-None `overrides` (validated)."""
    base = (settings or case.solver).model_dump()
    base.update({k: v for k, v in overrides.items() if v is not None})
    return SolverSettings.model_validate(base)


def solve(case: Case, settings: SolverSettings | None = None, *, jobs_model: JobsModel = "auto", **overrides: Any) -> Solution:
    """Choose the portfolio of `case`.

    `settings` defaults to the case's `solver` section; keyword overrides such
    as `backend="cbc"` or `time_limit_s=5` replace single settings. The answer
    is verified against every rule before it is returned.
    Raises VerificationError if a solver returns a portfolio that breaks a rule.
    """
    settings = solver_settings(case, settings, **overrides)
    data = CaseData.of(case)
    form = build(case, jobs_model, data)
    name = choose_backend(form, settings) if settings.backend == "auto" else settings.backend
    raw = get_backend(name).solve(form, settings)
    if settings.backend == "auto":
        raw.message = f"auto chose {name} ({preference(form, settings)[1]}); {raw.message}"
    return make_solution(case, form, raw, name, settings, data)


def _gap(objective: float, bound: float | None, sense: str) -> float | None:
    if bound is None:
        return None
    diff = bound - objective if sense == "max" else objective - bound
    return max(0.0, diff) / max(abs(objective), 1e-9)


def make_solution(
    case: Case, form: Formulation, raw: RawResult, backend: str, settings: SolverSettings, data: CaseData | None = None
) -> Solution:
    """Turn a backend's raw answer into a Solution, every number recomputed by the checker."""
    data = data or CaseData.of(case)
    status = Status(raw.status.value)
    message = raw.message
    ev: Evaluation | None = None
    if raw.values is not None and status.has_portfolio:
        selected = [a for a, j in form.action_columns.items() if raw.values[j] > 0.5]
        if raw.exact:
            ev = verify(case, selected, data)
        else:
            ev = evaluate(case, selected, data)
            if not ev.feasible:
                broken = ", ".join(c.rule for c in ev.violations)
                status, ev = Status.NO_SOLUTION, None
                message = f"{backend} solved a rounded model whose answer breaks {broken}; use another backend"
            elif status == Status.OPTIMAL:
                status = Status.FEASIBLE  # optimal for the rounded model only
                message = f"{message}; optimal for the rounded model, not proven for the exact one"
    elif status == Status.INFEASIBLE and not raw.exact:
        status = Status.NO_SOLUTION
        message = f"{backend} found its rounded model infeasible; the exact model was not decided"
    if status == Status.INFEASIBLE:
        reasons = obvious_conflicts(case, data)
        message = "; ".join(reasons) if reasons else "the rules cannot all hold at once (no single obvious cause found)"

    bound = raw.bound if status != Status.INFEASIBLE else None
    value = ev.objective_value(case.objective) if ev else None
    gap = _gap(value, bound, form.sense) if ev else None
    return Solution(
        case=case.name,
        status=status,
        objective=case.objective,
        objective_value=value,
        bound=bound,
        gap=gap,
        backend=backend,
        solve_time_s=round(raw.time_s, 6),
        selected=list(ev.selected) if ev else [],
        jobs_total=ev.jobs_total if ev else None,
        cost_total_eur=ev.cost_total_eur if ev else None,
        jobs_by_group=dict(ev.jobs_by_group) if ev else None,
        spend_by_domain=dict(ev.spend_by_domain) if ev else None,
        employment_rate=_rates(case, ev),
        details=_details(case, data, ev, settings, message, form),
    )


def _rates(case: Case, ev: Evaluation | None) -> EmploymentRate | None:
    base = case.baseline
    if base is None:
        return None
    after = (base.employed + ev.jobs_total) / base.population if ev else None
    return EmploymentRate(before=base.rate, after=after, target=base.target_rate)


def _details(case, data: CaseData, ev: Evaluation | None, settings: SolverSettings, message: str, form) -> SolutionDetails:
    common = dict(
        mip_gap=settings.mip_gap,
        time_limit_s=settings.time_limit_s,
        threads=settings.threads,
        seed=settings.seed,
        message=message,
        columns=len(form.columns),
        rows=len(form.rows),
        jobs_to_target=case.baseline.jobs_to_target if case.baseline else None,
    )
    if ev is None:
        return SolutionDetails(**common)
    actions = []
    for a in ev.selected:
        act = case.action(a)
        jobs = math.fsum(v for (x, _g), v in data.direct_jobs.items() if x == a)
        cost = data.cost_total[a]
        actions.append(
            ActionResult(
                action=a, name=act.name, lead_domain=act.lead_domain, cost_eur=cost, jobs=jobs,
                jobs_per_meur=jobs / cost * 1e6 if cost > 0 else None,
            )
        )
    groups = tuple(
        GroupResult(group=g.group, name=g.name, jobs_uncapped=ev.jobs_uncapped[g.group],
                    jobs=ev.jobs_by_group[g.group], max_extra_jobs=g.max_extra_jobs)
        for g in case.groups
    )
    spend = [SpendResult(domain=d.domain, year=None, spend_eur=ev.spend_by_domain[d.domain], budget_eur=d.budget_eur)
             for d in case.domains]
    spend += [SpendResult(domain=b.domain, year=b.year, spend_eur=ev.spend_by_domain_year[b.domain, b.year],
                          budget_eur=b.budget_eur) for b in case.budgets or ()]
    chosen = set(ev.selected)
    covered = {b.barrier: sum(a in chosen for a in data.addressing[b.barrier]) for b in case.priority_barriers}
    missing = common["jobs_to_target"] - ev.jobs_total if case.baseline else None
    return SolutionDetails(
        **{**common, "actions": tuple(actions), "groups": groups, "spend": tuple(spend),
           "priority_barriers": covered, "checks": ev.checks, "jobs_missing": missing},
    )


__all__ = ["VerificationError", "make_solution", "solve", "solver_settings"]
