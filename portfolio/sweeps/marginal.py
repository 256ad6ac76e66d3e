"""The value of an extra million: per domain, the jobs won with a step more budget and lost with a step less,
and the least extra amount that buys any job at all.

A step is the same in a phased case (budgets per year): without a year, the domain's total over the horizon
moves by the step and each of its year budgets in proportion (the million spread over the years as the budget
is); with a year, that year's budget and the total move by the step (a million more in 2027 only)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable

from inputs.overlay import apply_scenario
from models import Case, Solution, Status
from models.casedata import CaseData, Spend
from models.scenario import BudgetChange, Scenario
from models.sweeps import MarginalDomain, MarginalResult, StartChange
from models.phrase import Phrase, jobs, joined, phrase
from portfolio.core.phrases import english
from portfolio.core.phrases.solver import state
from portfolio.core.tolerances import holds, slack
from portfolio.formulation.build import build
from portfolio.rules import DEFAULT_RULES, RuleSet
from portfolio.solve import solve, solve_formulation, solver_settings
from portfolio.sweeps.executor import Executor, Task
from portfolio.sweeps.whatif import start_changes

BASE = "base"
MIN_GAIN_JOBS = 1e-3  # an improvement smaller than a thousandth of a job does not count as one
CENT = 0.01  # EUR: a budget with less than this left is at its limit
LIMITING = frozenset({"budget", "max_actions", "equity", "overlap"})  # rules that can stop more jobs


def shifted(case: Case, domain: str, step_eur: float, year: int | None = None) -> Case:
    """`case` with `step_eur` more (negative: less, never below 0) for `domain`.

    With `year`, that year's budget row moves (and the total with it). Without, the total moves by the step and
    every year row of the domain in proportion (a factor on the domain's budgets).
    """
    if year is None:
        total = next(d.budget_eur for d in case.domains if d.domain == domain)
        if total <= 0:
            change = BudgetChange(domain=domain, amount_eur=max(0.0, step_eur))
        else:
            change = BudgetChange(domain=domain, factor=max(0.0, total + step_eur) / total)
    else:
        row = next(b.budget_eur for b in case.budgets or () if (b.domain, b.year) == (domain, year))
        change = BudgetChange(domain=domain, year=year, amount_eur=max(0.0, row + step_eur))
    return apply_scenario(case, Scenario(name=f"{domain}{step_eur:+g}", budgets=(change,)))


def marginal(case: Case, step_eur: float = 1e6, year: int | None = None, executor: Executor | None = None,
             on_done: Callable[[str, Solution], None] | None = None, next_steps: bool = True,
             rules: RuleSet = DEFAULT_RULES) -> MarginalResult:
    """For each domain, exact re-solves with `step_eur` more and less budget, against the base solve, and the
    next step (`next_step`, unless `next_steps` is False) when the base is a proven max_jobs optimum, all with
    `rules`."""
    if step_eur <= 0:
        raise ValueError("the step must be a positive amount of EUR")
    if year is not None and year not in case.years:
        raise KeyError(f"{year} is not a budget year of the case")
    tasks = [Task(BASE, case, rules=rules)]
    for d in case.domains:
        tasks += [Task(f"{d.domain}:+", shifted(case, d.domain, step_eur, year), rules=rules),
                  Task(f"{d.domain}:-", shifted(case, d.domain, -step_eur, year), rules=rules)]
    swept = (executor or Executor()).run(tasks, (lambda t, s: on_done(t.key, s)) if on_done else None,
                                         label="value of a step")
    solved = swept.solutions
    base = swept.required(BASE, "the base case")
    rows = []
    interrupted = swept.interrupted
    for d in case.domains:
        plus, minus = solved.get(f"{d.domain}:+"), solved.get(f"{d.domain}:-")
        if plus is None or minus is None:
            continue
        if interrupted or not next_steps:
            why = "solver.step.sweep_interrupted" if interrupted else "solver.step.not_computed"
            step = (None, None, phrase(why))
        else:
            try:
                step = next_step(case, d.domain, year, base, rules)
            except KeyboardInterrupt:  # Ctrl-C between two of its solves: keep what the sweep found
                step = (None, None, phrase("solver.step.interrupted"))
        interrupted = interrupted or step[2].key == "solver.step.interrupted"
        rows.append(MarginalDomain(
            domain=d.domain, name=d.name,
            plus_jobs=_diff(plus, base), minus_jobs=_diff(base, minus),
            plus_entering=_new(plus, base), plus_leaving=_new(base, plus),
            minus_entering=_new(minus, base), minus_leaving=_new(base, minus),
            plus_status=plus.status.value, minus_status=minus.status.value,
            next_step_eur=step[0], next_step_jobs=step[1],
            next_step_note=english(step[2]), next_step_words=step[2],
            **(dict(phased=True, plus_moved=_moved(case, base, plus), minus_moved=_moved(case, base, minus))
               if case.phased else {}),
        ))
    rows.sort(key=lambda r: (r.plus_jobs is None, -(r.plus_jobs or 0.0), r.domain))
    return MarginalResult(step_eur=step_eur, year=year, base_jobs=base.jobs_total, base_status=base.status.value,
                          domains=rows, interrupted=interrupted)


def _diff(high: Solution, low: Solution) -> float | None:
    if high.jobs_total is None or low.jobs_total is None:
        return None
    return high.jobs_total - low.jobs_total


def _new(after: Solution, before: Solution) -> list[str]:
    """Actions chosen in `after` but not in `before`, sorted; none unless both have a portfolio."""
    if not (after.status.has_portfolio and before.status.has_portfolio):
        return []
    return sorted(set(after.selected) - set(before.selected))


def _moved(case: Case, base: Solution, other: Solution) -> dict[str, StartChange]:
    """The actions both plans choose, each starting in another year in `other`."""
    changes = start_changes(case, base, other).items()
    return {a: c for a, c in changes if c.base is not None and c.scenario is not None}


def gain_floor(base: Solution) -> float:
    """Jobs a portfolio must reach to improve on the base: its proven bound (or its jobs) plus a thousandth
    of a job, or the feasibility tolerance when that is larger."""
    top = max(base.jobs_total, base.bound if base.bound is not None else base.jobs_total)
    return top + max(MIN_GAIN_JOBS, slack(top))


def extra_needed(case: Case, domain: str, year: int | None, spend: Spend, frozen: float = math.inf) -> float:
    """The least extra EUR for `domain`, moved as `shifted` moves a step, that makes room for `spend`.

    A year row of 0 does not grow with a factor: spend over it needs `frozen` (math.inf: no amount makes
    room)."""
    total = next(d.budget_eur for d in case.domains if d.domain == domain)
    rows = {b.year: b.budget_eur for b in case.budgets or () if b.domain == domain}
    amounts = [0.0, spend.by_domain[domain] - total]
    if year is not None:
        amounts.append(spend.in_year(domain, year) - rows[year])
    elif total > 0:
        for y, limit in rows.items():
            over = spend.in_year(domain, y) - limit
            if over > slack(limit):
                amounts.append(frozen if limit <= 0 else over * total / limit)
    return max(amounts)


def most_spend(data: CaseData, domain: str) -> Spend:
    """The most that every action paying `domain` together can spend from its budgets: over the horizon and in
    each year, each action at the start that spends most there in a phased case (EUR; an upper bound, which
    is the spend itself in a case without start years)."""
    actions = data.cost_by_domain[domain]
    if not data.phased:
        return data.spend(actions)
    by_year: dict = defaultdict(list)
    totals = []
    for a in actions:
        starts = [data.start_costs(a, s)[0] for s in data.windows[a]]
        totals.append(max(math.fsum(e for (d, _t), e in w.items() if d == domain) for w in starts))
        for t in data.horizon:
            by_year[domain, t].append(max(w.get((domain, t), 0.0) for w in starts))
    yearly = {k: math.fsum(v) for k, v in by_year.items()}
    return Spend({domain: math.fsum(totals)}, yearly, math.fsum(totals))


def next_step(case: Case, domain: str, year: int | None, base: Solution,
              rules: RuleSet = DEFAULT_RULES) -> tuple[float | None, float | None, Phrase]:
    """The least extra EUR for `domain` (in `year`, or over the horizon with every year row in proportion, as
    a step moves them) that buys more jobs than the base optimum under `rules`, the jobs it buys, and a note.

    One MILP through the library: the case with room for every action of the domain, the budget rows given
    back their limits plus a column `extra_eur` (times the row's share of the total for a year row without
    `year`), every other rule kept, jobs at least `gain_floor(base)`, minimising `extra_eur`. The amount is
    recomputed from the chosen portfolio's spend and rounded up to the cent; the jobs are those of an exact
    solve at that budget. (None, None, why) when no amount helps, or the base is no proven max_jobs optimum.
    The note is a phrase (portfolio.core.phrases).
    """
    if case.objective != "max_jobs" or base.status != Status.OPTIMAL:
        return None, None, phrase("solver.step.needs_optimum", status=state(base.status))
    data = CaseData.of(case)
    room = extra_needed(case, domain, year, most_spend(data, domain), frozen=0.0)
    floor = gain_floor(base)
    caps = math.fsum(g.max_extra_jobs for g in case.groups)
    if caps < floor:
        return None, None, phrase("solver.step.caps", caps=jobs(caps), jobs=jobs(base.jobs_total))
    if room <= 0:
        return None, None, phrase("solver.step.fits")
    roomy = shifted(case, domain, room, year)
    roomy_data = CaseData.of(roomy)
    form = build(roomy, data=roomy_data, rules=rules)
    extra = form.add_column("extra_eur", 0.0, room)
    total = next(d.budget_eur for d in case.domains if d.domain == domain)
    limits = {(b.domain, b.year): b.budget_eur for b in case.budgets or ()} | {(domain,): total}
    for row in form.rows_of("budget"):
        if row.subject[0] != domain or (year is not None and row.subject not in ((domain,), (domain, year))):
            continue
        limit = limits[row.subject]
        share = 1.0 if year is not None or len(row.subject) == 1 else (limit / total if total > 0 else 0.0)
        form.set_row_bounds(row.name, upper=limit)
        form.set_coefficient(row.name, extra, -share)
    form.add_row("gain", dict.fromkeys(form.group_columns.values(), 1.0), lower=floor, rule="gain")
    form.set_objective({extra: 1.0}, "min", "next_step")
    found = solve_formulation(roomy, form, solver_settings(roomy, mip_gap=0.0), roomy_data, race=False,
                              rules=rules)
    if found.details.report.interrupted:
        return None, None, phrase("solver.step.interrupted")
    if found.status == Status.INFEASIBLE:
        return None, None, phrase("solver.step.binding", why=_binding(roomy, rules))
    if not found.status.has_portfolio:
        return None, None, phrase("solver.undecided", status=state(found.status),
                                  said=found.details.words or found.details.message)
    amount = math.ceil(extra_needed(case, domain, year, data.spend(found.plan)) * 100 - 1e-6) / 100
    more = solve(shifted(case, domain, amount, year), race=False, rules=rules)
    if more.details.report.interrupted:
        return None, None, phrase("solver.step.interrupted")
    proof = (phrase("solver.step.proven") if found.status == Status.OPTIMAL else
             phrase("solver.step.not_least", status=state(found.status)))
    if not more.status.has_portfolio:
        return amount, None, phrase("solver.step.gave", proof=proof, status=state(more.status))
    return amount, more.jobs_total - base.jobs_total, phrase("solver.step.jobs_are", proof=proof,
                                                             status=state(more.status))


def _binding(roomy: Case, rules: RuleSet) -> Phrase:
    """What caps the jobs in `roomy`: the rules at their limit in its best portfolio (budgets with less than a
    cent left, groups at their cap, max_actions, minimum shares and overlap groups met exactly).

    Raises KeyboardInterrupt when Ctrl-C stopped the solve."""
    best = solve(roomy, race=False, rules=rules)
    if best.details.report.interrupted:
        raise KeyboardInterrupt
    if not best.status.has_portfolio:
        return phrase("solver.step.no_portfolio", status=state(best.status))
    limits = [c.name for c in best.details.checks if c.rule in LIMITING and (
        c.limit - c.value < CENT if c.rule == "budget" else holds(c.value, "==", c.limit))]
    limits += [f"cap[{g.group}]" for g in best.details.groups
               if g.jobs >= g.max_extra_jobs - slack(g.max_extra_jobs)]
    return phrase("solver.step.limits", jobs=jobs(best.jobs_total),
                  limits=joined(limits) if limits else phrase("solver.step.no_limit"))
