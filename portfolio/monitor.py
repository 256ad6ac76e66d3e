"""Monitoring a running plan: planned against realised per action, domain and year, flags, the forecast of
jobs in the target year with its P5-P95 band, and whether the plan is on track (rules stated in RULE)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence

import numpy as np

from inputs.progress import by_action
from models import Case, CaseData
from models.progress import ActionProgress, DomainProgress, Monitoring, ProgressRow, YearSpend
from portfolio.core.outcome import outcome
from portfolio.uncertainty.sampling import Samples

TOLERANCE = 0.10  # spend within +-10 % of the plan is on plan
ON_TRACK = 0.95  # forecast jobs at least 95 % of the plan's
OFF_TRACK = 0.85  # below 85 % of the plan's jobs the plan is off track
RULE = (f"off track: the forecast of jobs in the target year is below {OFF_TRACK:.0%} of the plan's, or a domain's "
        f"spend so far plus what the plan still commits exceeds its budget; at risk: the forecast is below "
        f"{ON_TRACK:.0%} of the plan's, or an action is delayed, stopped or over its planned spend by more than "
        f"{TOLERANCE:.0%}; on track otherwise")


def phased_view(case: Case) -> Case:
    """`case` as a phased case: an unphased plan started every action in the first budget year, so each cost
    of a calendar year becomes that year of running, every window the first year, every ramp 1.
    Raises ValueError for an unphased case without budgets.csv (no years to follow)."""
    if case.phased:
        return case
    if not case.years:
        raise ValueError("the case has no years (budgets.csv); a plan is followed year by year")
    first = case.years[0]
    costs = tuple(c.model_copy(update={"year": None, "run_year": c.year - first + 1}) for c in case.costs)
    return case.model_copy(update={"costs": costs})


def plan_starts(case: Case, plan: Mapping[str, int | None] | Sequence[str]) -> dict[str, int]:
    """Start year of each action of `plan` (an unphased plan starts everything in the first budget year)."""
    if isinstance(plan, Mapping) and case.phased:
        return {a: int(y) for a, y in plan.items()}
    return dict.fromkeys(plan, case.years[0])


def monitor(case: Case, plan: Mapping[str, int | None] | Sequence[str], progress: Sequence[ProgressRow],
            as_of: int, *, samples: int = 200, seed: int = 0) -> Monitoring:
    """The plan `plan` of `case` against `progress` (checked rows, see inputs.progress) up to `as_of`.

    The forecast keeps the plan but starts each action when it really started (or, not started yet, next
    year at the earliest), drops stopped actions and actions that can no longer start within the horizon,
    and, where the progress gives the people reached and moved into work in a group, reads the action's
    effect there as that observed share. The band: P5-P95 of `samples` draws of the effects within their
    ranges (seeded). Raises ValueError for an unphased case without years.
    """
    view = phased_view(case)
    data = CaseData.of(view)
    starts = plan_starts(case, plan)
    rows = by_action(progress)
    horizon, target = data.horizon, data.target
    forecast: dict[str, int | None] = {}
    actions: list[dict] = []
    observed: dict[tuple[str, str], float] = {}
    for a in data.actions:
        if a not in starts:
            continue
        planned = starts[a]
        mine = rows.get(a, [])
        actual = min((r.year for r in mine if r.status in ("started", "stopped")), default=None)
        stopped = any(r.status == "stopped" for r in mine)
        status = mine[-1].status if mine else "no_report"
        if stopped:
            start = None
        elif actual is not None:
            start = actual
        elif mine and planned <= as_of:
            start = as_of + 1
        else:
            start = planned
        if start is not None and start > horizon[-1]:
            start = None
        forecast[a] = start
        behind = (actual if actual is not None else (as_of + 1 if mine and planned <= as_of else planned)) - planned
        plan_spend = _spend_to(data, a, planned, as_of)
        real_spend = math.fsum(r.spend_eur or 0.0 for r in mine if r.year <= as_of)
        reached = [r for r in mine if r.reached is not None]
        for g in {r.group for r in reached}:
            people = math.fsum(r.reached for r in reached if r.group == g)
            moved = [r.into_work for r in reached if r.group == g and r.into_work is not None]
            if people > 0 and moved:
                observed[a, g] = min(1.0, math.fsum(moved) / people)
        flags = []
        if real_spend > plan_spend * (1 + TOLERANCE) + 0.5:
            flags.append("overspend")
        elif status in ("started", "stopped") and real_spend < plan_spend * (1 - TOLERANCE) - 0.5:
            flags.append("underspend")
        if behind > 0:
            flags.append("delay")
        if stopped:
            flags.append("stopped")
        if not mine and planned <= as_of:
            flags.append("no_report")
        if any(key[0] == a for key in observed):
            flags.append("observed_effect")
        actions.append(dict(action=a, planned_start=planned, actual_start=actual, status=status,
                            delay_years=max(0, behind), planned_spend_eur=plan_spend, spend_eur=real_spend,
                            reached=math.fsum(r.reached for r in reached) if reached else None, flags=flags))
    fcase = _forecast_case(view, forecast, observed)
    fdata = CaseData.of(fcase)
    fplan = {a: s for a, s in forecast.items() if s is not None}
    planned_jobs = outcome(data, starts).jobs_total
    forecast_jobs = outcome(fdata, fplan).jobs_total
    band = Samples.draw(fcase, samples, seed)
    values = [outcome(d, fplan).jobs_total for d in band.data]
    p5, p95 = (float(v) for v in np.percentile(values, [5, 95]))
    results = []
    for item in actions:
        a, s = item["action"], forecast[item["action"]]
        act = view.action(a)
        results.append(ActionProgress(
            **item, name=act.name, lead_domain=act.lead_domain, forecast_start=s,
            planned_jobs=_direct_at(data, a, item["planned_start"], target),
            forecast_jobs=_direct_at(fdata, a, s, target) if s is not None else 0.0,
        ))
    domains, years = _domains(view, data, fdata, starts, fplan, rows, as_of, results)
    track = "on_track"
    if forecast_jobs < OFF_TRACK * planned_jobs or any(d.committed_eur > d.budget_eur + 0.5 for d in domains):
        track = "off_track"
    elif forecast_jobs < ON_TRACK * planned_jobs or any(
            set(r.flags) & {"overspend", "delay", "stopped"} for r in results):
        track = "at_risk"
    base = case.baseline
    rates = None
    if base is not None:
        rate = lambda jobs: (base.employed + jobs) / base.population  # noqa: E731
        rates = dict(planned=rate(planned_jobs), forecast=rate(forecast_jobs), forecast_p5=rate(p5),
                     forecast_p95=rate(p95), target=base.target_rate, before=base.rate)
    notes = []
    if not case.phased:
        notes.append(f"an unphased plan: every action started in {horizon[0]}")
    return Monitoring(
        case=case.name, as_of=as_of, target_year=target, planned_jobs=planned_jobs, forecast_jobs=forecast_jobs,
        forecast_p5=p5, forecast_p95=p95, samples=samples, employment_rate=rates, track=track, rule=RULE,
        actions=tuple(results), domains=tuple(domains), spend_by_year=tuple(years), notes=tuple(notes),
    )


def _spend_to(data: CaseData, action: str, start: int, as_of: int) -> float:
    within, _after = data.start_costs(action, start)
    return math.fsum(e for (_d, t), e in within.items() if t <= as_of)


def _direct_at(data: CaseData, action: str, start: int, year: int) -> float:
    """Direct jobs of one action in `year` (ramp applied, before caps and synergies)."""
    return data.direct_jobs_of(action) * data.ramp_at(action, year - start + 1)


def _forecast_case(case: Case, forecast: dict[str, int | None], observed: dict[tuple[str, str], float]) -> Case:
    """`case` with windows widened to the forecast starts and effects read from observed outflow."""
    actions = []
    for act in case.actions:
        s = forecast.get(act.action)
        window = case.window(act.action)
        if s is not None and s not in window:
            act = act.model_copy(update={"earliest_start": min(s, window[0]), "latest_start": max(s, window[-1])})
        actions.append(act)
    reach = tuple(
        r.model_copy(update={"effect": observed[r.action, r.group], "effect_low": None, "effect_high": None})
        if (r.action, r.group) in observed else r for r in case.reach)
    return case.model_copy(update={"actions": tuple(actions), "reach": reach})


def _domains(case: Case, data: CaseData, fdata: CaseData, starts: dict[str, int], fplan: dict[str, int],
             rows: dict[str, list[ProgressRow]], as_of: int, results: list[ActionProgress]):
    """Per domain: spend so far against the plan and the budget, commitments, jobs; per domain and year."""
    real: dict[tuple[str, int], float] = defaultdict(float)
    for mine in rows.values():
        for r in mine:
            if r.domain is not None and r.spend_eur is not None:
                real[r.domain, r.year] += r.spend_eur
    planned = data.spend(starts)
    later = fdata.spend(fplan)
    budgets = {(b.domain, b.year): b.budget_eur for b in case.budgets or ()}
    years = [YearSpend(domain=d.domain, year=t, planned_eur=planned.in_year(d.domain, t),
                       spend_eur=real.get((d.domain, t), 0.0) if t <= as_of else 0.0,
                       budget_eur=budgets.get((d.domain, t)))
             for d in case.domains for t in data.horizon]
    out = []
    for d in case.domains:
        mine = [r for r in results if r.lead_domain == d.domain]
        so_far_plan = math.fsum(y.planned_eur for y in years if y.domain == d.domain and y.year <= as_of)
        so_far = math.fsum(y.spend_eur for y in years if y.domain == d.domain)
        ahead = math.fsum(later.in_year(d.domain, t) for t in data.horizon if t > as_of)
        pj = math.fsum(r.planned_jobs for r in mine)
        fj = math.fsum(r.forecast_jobs for r in mine)
        committed = so_far + ahead
        if committed > d.budget_eur + 0.5:
            track, why = "off_track", "spend so far plus what the plan still commits exceeds the budget"
        elif fj < OFF_TRACK * pj:
            track, why = "off_track", f"forecast jobs below {OFF_TRACK:.0%} of the plan's"
        elif fj < ON_TRACK * pj or any(set(r.flags) & {"overspend", "delay", "stopped"} for r in mine):
            track, why = "at_risk", "forecast below plan, or an action delayed, stopped or over its spend"
        else:
            track, why = "on_track", "forecast as planned, no action delayed, stopped or over its spend"
        out.append(DomainProgress(domain=d.domain, name=d.name, planned_spend_eur=so_far_plan, spend_eur=so_far,
                                  budget_eur=d.budget_eur, committed_eur=committed, planned_jobs=pj,
                                  forecast_jobs=fj, track=track, why=why))
    return out, years


__all__ = ["RULE", "monitor", "phased_view", "plan_starts"]
