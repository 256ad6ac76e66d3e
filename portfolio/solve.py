"""portfolio.solve: case -> formulation -> backend -> verified, honestly labelled Solution."""

from __future__ import annotations

import math
from typing import Any

from models import (
    ActionResult,
    AutoChoice,
    BarrierResult,
    Case,
    EmploymentRate,
    GroupResult,
    Solution,
    SolutionDetails,
    SolverSettings,
    SolveReport,
    SpendResult,
    Status,
)
from models.casedata import CaseData
from models.phrase import Joined, Phrase, joined, phrase, seconds
from portfolio.backends import RawResult, get_backend
from portfolio.backends.auto import choose_backend, preference, shapes
from portfolio.backends.race import partner
from portfolio.backends.race import race as run_race
from portfolio.core.phrases import english
from portfolio.core.phrases.solver import said
from portfolio.core.tolerances import BOUND, CHOSEN, GAP_DENOMINATOR, slack
from portfolio.diagnose import obvious_conflicts
from portfolio.formulation import Formulation
from portfolio.formulation.build import JobsModel, build
from portfolio.formulation.jobs import RULE as JOBS_RULE
from portfolio.rules import DEFAULT_RULES, RuleSet
from portfolio.verify import Evaluation, VerificationError, evaluate, verify


def solver_settings(case: Case, settings: SolverSettings | None = None, **overrides: Any) -> SolverSettings:
    """The case's solver settings, replaced by `settings`, then by non-None `overrides` (validated)."""
    base = (settings or case.solver).model_dump()
    base.update({k: v for k, v in overrides.items() if v is not None})
    return SolverSettings.model_validate(base)


def solve(case: Case, settings: SolverSettings | None = None, *, jobs_model: JobsModel = "auto", race: bool = True,
          rules: RuleSet = DEFAULT_RULES, early: bool = True, **overrides: Any) -> Solution:
    """Choose the portfolio of `case`.

    `settings` defaults to the case's `solver` section; keyword overrides such
    as `backend="cbc"` or `time_limit_s=5` replace single settings. The answer
    is verified against every rule of `rules` (the rules of the plan) before it is returned. With backend
    `auto`, `race=False` runs the one backend auto prefers instead of racing two (portfolio.backends.race):
    what many solves side by side want.
    Raises VerificationError if a solver returns a portfolio that breaks a rule,
    BackendUnavailable if the named solver is not installed.
    In a phased case, once the objective is proven optimal, `early` asks for the plan, among those with that
    objective, whose jobs come earliest (`earliest_plan`): ties in start years are common, and a plan
    should not start late for no reason.
    """
    settings = solver_settings(case, settings, **overrides)
    data = CaseData.of(case)
    form = build(case, jobs_model, data, rules=rules)
    found = solve_formulation(case, form, settings, data, race=race, rules=rules)
    if early and data.phased and found.status == Status.OPTIMAL:
        found = earliest_plan(case, form, settings, data, found, rules)
    return found


def earliest_plan(case: Case, form: Formulation, settings: SolverSettings, data: CaseData, found: Solution,
                  rules: RuleSet = DEFAULT_RULES) -> Solution:
    """`found` (proven optimal, phased), or a plan with the same objective whose jobs come earlier.

    A second solve keeps `found`'s actions and its objective at least as good (a row over the objective's
    coefficients), and moves only start years: it maximises the direct jobs summed over the years of the
    horizon, ramps applied (caps and synergies left out: it only orders plans that tie). Its plan replaces
    `found`'s only when its
    recomputed objective is no worse; status, bound and the gap to that bound stay those proven for the
    objective. It gets the time left of the time limit (at least 1 s); if it finds nothing, `found` stands.
    """
    value = found.objective_value
    sense = form.sense
    second = form.copy()
    kept = {j: c.objective for j, c in enumerate(form.columns) if c.objective != 0}
    margin = slack(value)
    second.add_row("objective_kept", kept, **({"lower": value - margin} if sense == "max" else {"upper": value + margin}),
                   rule=JOBS_RULE)
    weights: dict[int, float] = {}
    for (a, start), j in form.start_columns.items():
        yearly = [data.ramp_at(a, t - start + 1) for t in data.horizon]
        weights[j] = weights.get(j, 0.0) + data.direct_jobs_of(a) * math.fsum(yearly)
    second.set_objective(weights, "max", "earliest_jobs")
    chosen = set(found.selected)
    for a, j in form.action_columns.items():
        second.set_column_bounds(form.columns[j].name, *((1, 1) if a in chosen else (0, 0)))
    left = max(1.0, settings.time_limit_s - found.solve_time_s)
    settings2 = settings.model_copy(update={"time_limit_s": left})
    try:
        other = solve_formulation(case, second, settings2, data, race=False, rules=rules)
    except VerificationError:
        return found
    if other.details.report.interrupted:  # Ctrl-C: the proven plan stands, and the caller must see the stop
        report = found.details.report.model_copy(update={"interrupted": True})
        return found.model_copy(update={"details": found.details.model_copy(update={"report": report})})
    if not other.status.has_portfolio:
        return found
    ev = evaluate(case, other.plan, data, rules=rules)
    new_value = ev.objective_value(case.objective)
    worse = new_value < value if sense == "max" else new_value > value
    if worse or not ev.feasible:
        return found
    how = "earliest" if other.status == Status.OPTIMAL else "earlier"
    note = phrase("solver.start_years", objective=case.objective, how=phrase(f"solver.start_years.{how}"),
                  backend=other.backend, seconds=seconds(other.solve_time_s))
    was = found.details.report
    report = was.model_copy(update={"notes": (*was.notes, english(note)), "phrases": (*was.phrases, note)})
    return assemble(
        data, ev, status=found.status, bound=found.bound, gap=gap(new_value, found.bound, sense),
        backend=found.backend, solve_time_s=found.solve_time_s + other.solve_time_s, report=report,
        message=found.details.words or found.details.message,
        size=(found.details.columns, found.details.rows),
    )


def solve_formulation(case: Case, form: Formulation, settings: SolverSettings, data: CaseData | None = None, *,
                      race: bool = True, rules: RuleSet = DEFAULT_RULES) -> Solution:
    """Solve a formulation of `case` (built by `build` with `rules`, possibly copied and changed) into a
    Solution verified against `rules`; `race` as in `solve`."""
    data = data or CaseData.of(case)
    if settings.backend == "auto":
        name = choose_backend(form, settings)
        order, why = preference(form, settings)
        second = partner(order, settings, form) if race and name == order[0] else None
        if second is None:
            raw = get_backend(name).solve(form, settings)
            chosen_by = f"auto chose {name}: {why}"
        else:
            raw, how = run_race(form, settings, get_backend(name), *second)
            name = raw.report.backend
            chosen_by = f"auto chose {name}: {why}" if how is None else f"auto chose {order[0]} ({why}) and {how}"
        auto = AutoChoice(leader=order[0], actions=len(form.action_columns), features=shapes(form))
        raw.report = raw.report.model_copy(update={"chosen_by": chosen_by, "auto": auto})
    else:
        name = settings.backend
        raw = get_backend(name).solve(form, settings)
    return make_solution(case, form, raw, name, data, rules)


def gap(objective: float, bound: float | None, sense: str) -> float | None:
    """Relative gap between a portfolio's objective and a proven bound (None without a bound).

    Raises ValueError when the bound lies on the wrong side of the objective by more than the
    BOUND tolerance: a proven bound never does, so that is a bug to see, not a gap of 0 to print.
    """
    if bound is None:
        return None
    diff = bound - objective if sense == "max" else objective - bound
    if diff < -slack(objective, BOUND):
        raise ValueError(f"the bound {bound!r} lies on the wrong side of the objective {objective!r} ({sense})")
    return max(0.0, diff) / max(abs(objective), GAP_DENOMINATOR)


def make_solution(
    case: Case, form: Formulation, raw: RawResult, backend: str, data: CaseData | None = None,
    rules: RuleSet = DEFAULT_RULES,
) -> Solution:
    """Turn a backend's raw answer into a Solution, every number recomputed by the checker against `rules`."""
    data = data or CaseData.of(case)
    status = Status(raw.status.value)
    message = raw.words or said(raw.message)
    ev: Evaluation | None = None
    if raw.values is not None and status.has_portfolio:
        selected = [a for a, j in form.action_columns.items() if raw.values[j] > CHOSEN]
        if data.phased:
            selected = {a: next(s for (b, s), j in form.start_columns.items() if b == a and raw.values[j] > CHOSEN)
                        for a in selected}
        if raw.exact:
            ev = verify(case, selected, data, rules=rules)
        else:
            ev = evaluate(case, selected, data, rules=rules)
            if not ev.feasible:
                broken = joined(c.name for c in ev.violations)
                status, ev = Status.NO_SOLUTION, None
                message = phrase("solver.rounded_breaks", backend=backend, broken=broken)
            elif status == Status.OPTIMAL:
                status = Status.FEASIBLE  # optimal for the rounded model only
                message = phrase("solver.rounded_optimal", said=message)
    elif status == Status.INFEASIBLE and not raw.exact:
        status = Status.NO_SOLUTION
        message = phrase("solver.rounded_infeasible", backend=backend)
    if status == Status.INFEASIBLE:
        reasons = obvious_conflicts(case, data, rules)
        message = joined(reasons, "semicolon") if reasons else phrase("solver.cannot_all_hold")

    if raw.report is None:
        raise ValueError(f"backend {backend!r} returned no report; answers must come through Backend.result")
    # a caller's own objective (set_objective on a copy): its bound and gap say nothing about the case's
    foreign = form.objective_name != case.objective
    bound = raw.bound if status != Status.INFEASIBLE and not foreign else None
    value = ev.objective_value(case.objective) if ev else None
    return assemble(
        data, ev, status=status, bound=bound, gap=gap(value, bound, form.sense) if ev else None, backend=backend,
        solve_time_s=raw.time_s, report=raw.report, message=message, size=(len(form.columns), len(form.rows)),
    )


def assemble(
    data: CaseData, ev: Evaluation | None, *, status: Status, bound: float | None, gap: float | None, backend: str,
    solve_time_s: float, report: SolveReport, message: Phrase | Joined | str = "",
    size: tuple[int, int] = (0, 0),
) -> Solution:
    """The Solution of an evaluated portfolio (None: no portfolio): every figure from the evaluation and the case.

    `status`, `bound`, `gap`, `backend`, `solve_time_s`, `report` and `message` (a phrase, or plain text) say
    how the portfolio was found;
    `size` is the formulation's (columns, rows) when one was solved.
    """
    case = data.case
    phasing = {}
    if data.phased:
        o = ev.outcome if ev else None
        phasing = dict(
            phased=True,
            start_year=dict(o.starts) if o else None,
            jobs_by_year=dict(o.jobs_by_year) if o else None,
            spend_by_domain_year={d.domain: {t: o.spend.in_year(d.domain, t) for t in data.horizon}
                                  for d in case.domains} if o else None,
            committed_after_horizon_eur=dict(o.spend.after_horizon) if o else None,
        )
    return Solution(
        case=case.name,
        status=status,
        objective=case.objective,
        objective_value=ev.objective_value(case.objective) if ev else None,
        bound=bound,
        gap=gap if ev else None,
        backend=backend,
        solve_time_s=round(solve_time_s, 6),
        selected=list(ev.selected) if ev else [],
        jobs_total=ev.jobs_total if ev else None,
        cost_total_eur=ev.cost_total_eur if ev else None,
        jobs_by_group=dict(ev.jobs_by_group) if ev else None,
        spend_by_domain=dict(ev.spend_by_domain) if ev else None,
        employment_rate=_rates(case, ev),
        details=_details(data, ev, report, message, size),
        **phasing,
    )


def _rates(case: Case, ev: Evaluation | None) -> EmploymentRate | None:
    base = case.baseline
    if base is None:
        return None
    after = (base.employed + ev.jobs_total) / base.population if ev else None
    return EmploymentRate(before=base.rate, after=after, target=base.target_rate)


def _details(data: CaseData, ev: Evaluation | None, report: SolveReport, message: Phrase | Joined | str,
             size: tuple[int, int]) -> SolutionDetails:
    case = data.case
    common = dict(
        report=report,
        message=english(message),
        words=None if isinstance(message, str) else message,
        columns=size[0],
        rows=size[1],
        candidates=len(case.actions),
        jobs_to_target=case.baseline.jobs_to_target if case.baseline else None,
    )
    if ev is None:
        return SolutionDetails(**common)
    domain_name = {d.domain: d.name for d in case.domains}
    actions = []
    for a in ev.selected:
        act = case.action(a)
        jobs = data.direct_jobs_of(a)
        cost = data.cost_total[a]
        actions.append(ActionResult(
            action=a, name=act.name, lead_domain=act.lead_domain, lead_domain_name=domain_name[act.lead_domain],
            cost_eur=cost, jobs=jobs, jobs_per_meur=jobs / cost * 1e6 if cost > 0 else None,
            start_year=ev.outcome.starts.get(a),
        ))
    groups = tuple(
        GroupResult(group=g.group, name=g.name, jobs_uncapped=ev.jobs_uncapped[g.group],
                    jobs=ev.jobs_by_group[g.group], max_extra_jobs=g.max_extra_jobs,
                    saturation_loss=ev.jobs_uncapped[g.group] - ev.outcome.jobs_saturated[g.group]
                    if g.group in ev.outcome.jobs_saturated else None)
        for g in case.groups
    )
    spend = ev.outcome.spend
    rows = [SpendResult(domain=d.domain, name=d.name, year=None, spend_eur=spend.by_domain[d.domain],
                        budget_eur=d.budget_eur) for d in case.domains]
    rows += [SpendResult(domain=b.domain, name=domain_name[b.domain], year=b.year,
                         spend_eur=spend.in_year(b.domain, b.year), budget_eur=b.budget_eur)
             for b in case.budgets or ()]
    chosen = set(ev.selected)
    covered = tuple(
        BarrierResult(barrier=b.barrier, name=b.name, actions=tuple(a for a in data.addressing[b.barrier] if a in chosen),
                      required=case.rules.min_actions_per_priority_barrier)
        for b in case.priority_barriers
    )
    missing = common["jobs_to_target"] - ev.jobs_total if case.baseline else None
    return SolutionDetails(
        **{**common, "actions": tuple(actions), "groups": groups, "spend": tuple(rows),
           "priority_barriers": covered, "checks": ev.checks, "jobs_missing": missing},
    )


__all__ = ["VerificationError", "assemble", "gap", "make_solution", "solve", "solve_formulation", "solver_settings"]
