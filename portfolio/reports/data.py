"""The one plain data object every report format renders: built from a case and its Solution, nothing else.

Every figure is either taken from the Solution's details (recomputed by the checker from the case and the
chosen actions) or summed from the case's own indexes (`CaseData`) over the chosen actions. No solver and no
formulation is involved, so a report of a solution read back from JSON equals the report of the solve. The
studies beside the plan (`uncertainty`, `studies`) are handed over finished by the library that ran them.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from models import AutoChoice, Case, Race, Solution
from models.uncertainty import ActionImportance, UncertaintyReport
from models.casedata import CaseData
from models.explain import Explanation
from models.phrase import Joined, Phrase
from portfolio.core.tolerances import holds
from models.proposals import GroupFeedback
from models.studies import ReportStudies
from portfolio.reports.reasons import Reason, reasons
from portfolio.reports.working_groups import group_feedback

# Money left below this (EUR) is no money left: a budget "at its limit" has less than a cent to spare.
CENT = 0.005


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Ref(_Frozen):
    """A domain, group, barrier or action as a planner reads it: its id and its display name."""

    id: str
    name: str


class GroupJobs(_Frozen):
    """Direct jobs of one action (or of a domain's actions) in one group, with the plausible range."""

    group: Ref
    jobs: float = Field(description="reach x effect (persons)")
    jobs_low: float | None = Field(None, description="reach x effect_low; null when the case gives no range")
    jobs_high: float | None = Field(None, description="reach x effect_high; null when the case gives no range")


class Payer(_Frozen):
    """One domain that pays for an action: its part over the horizon and per year."""

    domain: Ref
    cost_eur: float
    share: float = Field(description="part of the action's total cost (0-1); 0 for a free action")
    years: tuple[tuple[int, float], ...] = Field((), description="(year, EUR) with a cost year; in a phased "
                                                 "case the calendar years of the horizon its start gives")
    after_horizon_eur: float | None = Field(
        None, description="phased case, chosen action: EUR its start commits to years after the horizon")

    def in_year(self, year: int) -> float | None:
        """What this domain pays in `year`; None when it pays nothing then."""
        return dict(self.years).get(year)


class SynergyLine(_Frozen):
    """A synergy an action takes part in: the other action, the group, and whether it applies in the plan."""

    other: Ref
    group: Ref
    extra_jobs: float
    applies: bool = Field(description="both actions are chosen")


class ActionLine(_Frozen):
    """One candidate action, chosen or not."""

    action: Ref
    chosen: bool
    lead: Ref
    barriers: tuple[Ref, ...]
    priority_barriers: tuple[str, ...] = Field(description="ids of the priority barriers among `barriers`")
    overlap_group: str | None
    requires: tuple[Ref, ...]
    cost_eur: float = Field(description="total over all domains and years")
    payers: tuple[Payer, ...]
    jobs: float = Field(description="direct jobs: sum of reach x effect, before caps and synergies")
    jobs_low: float | None = Field(description="sum of reach x effect_low; null unless every row has a range")
    jobs_high: float | None = Field(description="sum of reach x effect_high; null unless every row has a range")
    jobs_per_meur: float | None = Field(description="direct jobs per EUR 1 million; null for a free action")
    groups: tuple[GroupJobs, ...]
    synergies: tuple[SynergyLine, ...]
    reason: Reason | None = Field(description="why it is not chosen, where that can be determined")
    start_year: int | None = Field(None, description="phased case, chosen action: the year it starts")
    window: tuple[int, ...] = Field((), description="phased case: the years it may start in")
    ramp: tuple[float, ...] = Field((), description="phased case: share of full effect after 1, 2 ... years")
    jobs_in_target_year: float | None = Field(
        None, description="phased case, chosen action: its direct jobs in the target year (ramp applied)")

    @property
    def after_horizon_eur(self) -> float | None:
        """What its start commits to years after the horizon (phased case, chosen action), all domains."""
        parts = [p.after_horizon_eur for p in self.payers if p.after_horizon_eur is not None]
        return math.fsum(parts) if parts else None

    def cost_in_year(self, year: int) -> float | None:
        """What the action costs all its paying domains in `year`; None when it costs nothing then."""
        parts = [e for e in (p.in_year(year) for p in self.payers) if e is not None]
        return math.fsum(parts) if parts else None

    def paid_by(self, domain: str) -> float:
        """What `domain` pays for the action over the horizon (0 when it pays nothing)."""
        return next((p.cost_eur for p in self.payers if p.domain.id == domain), 0.0)

    @property
    def partners(self) -> tuple[Payer, ...]:
        """Paying domains other than the lead: the co-financing partners."""
        return tuple(p for p in self.payers if p.domain.id != self.lead.id)


class SpendLine(_Frozen):
    """Spend against budget for one domain over the horizon (year None) or in one year."""

    year: int | None
    spend_eur: float
    budget_eur: float

    @property
    def left_eur(self) -> float:
        return self.budget_eur - self.spend_eur

    @property
    def at_limit(self) -> bool:
        return self.left_eur < CENT


class CoFinance(_Frozen):
    """A chosen action a domain pays for without leading it."""

    action: Ref
    lead: Ref
    cost_eur: float = Field(description="this domain's part")
    share: float = Field(description="this domain's part of the action's total cost (0-1)")
    with_: tuple[Ref, ...] = Field(description="the other paying domains (the lead included when it pays)")


class DomainLine(_Frozen):
    """One domain's part in the plan."""

    domain: Ref
    total: SpendLine
    years: tuple[SpendLine, ...]
    leads: tuple[str, ...] = Field(description="chosen actions it leads (its responsibilities)")
    cofinances: tuple[CoFinance, ...]
    jobs: float = Field(description="direct jobs of the chosen actions it leads")
    jobs_by_group: tuple[GroupJobs, ...]
    jobs_by_barrier: tuple[tuple[Ref, float], ...] = Field(
        description="direct jobs of its chosen actions addressing each barrier (an action counts for each)")
    after_horizon_eur: float | None = Field(
        None, description="phased case: EUR the plan's starts commit it to after the horizon (on no budget)")

    def in_year(self, year: int) -> SpendLine | None:
        """Spend against budget in `year`; None when the domain has no budget that year."""
        return next((s for s in self.years if s.year == year), None)


class GroupLine(_Frozen):
    group: Ref
    jobs: float = Field(description="extra jobs counted: min(cap, f(uncapped)), f the saturation curve")
    jobs_uncapped: float
    cap: float
    population: int
    min_share: float | None = Field(description="the group's minimum share of all extra jobs, if any")
    saturation_loss: float | None = Field(None, description="uncapped - f(uncapped); None without a curve")

    @property
    def at_cap(self) -> bool:
        return self.jobs >= self.cap


class BarrierLine(_Frozen):
    """A priority barrier, the chosen actions addressing it, and how many the rules ask for."""

    barrier: Ref
    actions: tuple[str, ...]
    required: int


class PlanSection(_Frozen):
    """The action plan's actions under one barrier heading (None: actions addressing no priority barrier), or
    in a phased case under their start year (`year`; by lead domain within it).

    `actions` are described here (their first priority barrier is this one); `also` are described under an
    earlier barrier and also address this one.
    """

    barrier: Ref | None
    actions: tuple[str, ...]
    also: tuple[str, ...]
    year: int | None = Field(None, description="phased case: the start year of these actions")


class YearLine(_Frozen):
    """One year of a phased plan (each year of the horizon, and the target year): the extra jobs present then,
    the employment rate they give, and what the path to the target asks for that year.

    The path: the employment rate on a straight line from the baseline rate in the year before the horizon to
    the target rate in the target year (and the target rate after it); its jobs are the extra jobs that rate
    needs. Without a baseline there is no path (and no rate).
    """

    year: int
    jobs: float = Field(description="total extra jobs present that year, ramps and caps applied (persons)")
    rate: float | None = Field(description="(employed + jobs) / population (0-1); null without a baseline")
    path_rate: float | None = Field(description="the rate on the path to the target that year (0-1)")
    path_jobs: float | None = Field(description="extra jobs the path asks for that year (persons)")

    @property
    def short_jobs(self) -> float | None:
        """Jobs the plan is behind the path that year (0 on or above it); None without a baseline."""
        return None if self.path_jobs is None else max(0.0, self.path_jobs - self.jobs)


class TimelineLine(_Frozen):
    """A chosen action of a phased plan on the timeline: it runs from its start to the end of the horizon."""

    action: Ref
    lead: Ref
    start_year: int
    window: tuple[int, ...] = Field(description="the years it may start in")
    ramp: tuple[float, ...] = Field(description="share of the full effect after 1, 2, ... years of running")
    shares: tuple[tuple[int, float], ...] = Field(
        description="(year, share of the full effect present) for each year of the plan; 0 before the start")

    def share_in(self, year: int) -> float:
        return dict(self.shares).get(year, 0.0)


class Phasing(_Frozen):
    """What a phased plan adds to the report: the horizon, the target year, the years and the timeline."""

    horizon: tuple[int, ...]
    target_year: int
    years: tuple[YearLine, ...] = Field(description="each year of the horizon, then the target year if later")
    timeline: tuple[TimelineLine, ...] = Field(description="chosen actions by lead domain, then start year")
    after_horizon_eur: float = Field(description="EUR the plan commits to years after the horizon")


class Binding(_Frozen):
    """A rule at its limit in the plan."""

    kind: Literal["budget", "cap", "max_actions", "equity", "target", "coverage", "participation"]
    subject: Ref | None = Field(None, description="the domain, group or barrier; null for plan-wide rules")
    year: int | None = None
    value: float
    limit: float


class Rates(_Frozen):
    before: float
    after: float | None
    target: float
    population: int
    employed: int
    jobs_to_target: float = Field(description="extra jobs the baseline needs to reach the target (persons)")
    jobs_missing: float | None = Field(description="jobs still missing after the plan; null without one")


class ReportData(_Frozen):
    """Everything the report shows, in one frozen object."""

    case: str
    status: str
    has_portfolio: bool
    objective: str
    objective_value: float | None
    bound: float | None
    gap: float | None
    backend: str
    chosen_by: str | None
    auto: AutoChoice | None = Field(None, description="why `auto` led with its backend, as facts")
    race: Race | None = Field(None, description="the race `auto` ran, when it raced two backends")
    solve_time_s: float
    message: str
    words: Phrase | Joined | None = Field(None, exclude=True, description="the message as facts, said in the "
                                                                         "report's language (L.say)")
    status_note: str | Phrase | Joined | None = Field(
        None, description="how the status was derived when it is not the solve's own (a solution file's claim "
                          "checked for this case), as text or as the phrase the report says in its language")
    candidates: int
    jobs_total: float | None
    cost_total_eur: float | None
    rates: Rates | None
    years: tuple[int, ...]
    money_decimals: int = Field(description="0 when every amount of the case is whole euros, else 2 (cents)")
    actions: tuple[ActionLine, ...] = Field(description="every candidate, in the case's order")
    domains: tuple[DomainLine, ...]
    groups: tuple[GroupLine, ...]
    priority_barriers: tuple[BarrierLine, ...]
    plan: tuple[PlanSection, ...]
    binding: tuple[Binding, ...]
    explanation: Explanation | None = Field(
        None, description="an infeasible case: the rules in conflict and what would make it feasible "
                          "(portfolio.explain, run by the report command); null otherwise")
    uncertainty: UncertaintyReport | None = Field(
        None, description="Monte Carlo around the plan and its replacement costs (report --robust N)")
    phasing: Phasing | None = Field(None, description="phased case with a portfolio (spec 4.1); else null")
    working_groups: tuple[GroupFeedback, ...] = Field(
        (), description="a merged case (actions with proposed_by): each working group's proposals and their fate")
    illustrative_budgets: tuple[Ref, ...] = Field(
        (), description="domains whose budget the case's own `source` calls an assumption (see illustrative)")
    studies: ReportStudies = Field(default_factory=ReportStudies,
                                   description="the jobs band, the equity shares' "
                                   "costs, and the what-if work asked for (portfolio.report_studies)")

    @property
    def chosen(self) -> tuple[ActionLine, ...]:
        return tuple(a for a in self.actions if a.chosen)

    @property
    def cost_per_job_eur(self) -> float | None:
        if self.jobs_total is None or self.cost_total_eur is None or self.jobs_total <= 0:
            return None
        return self.cost_total_eur / self.jobs_total

    def action(self, action_id: str) -> ActionLine:
        """The candidate with this id (KeyError if none)."""
        for a in self.actions:
            if a.action.id == action_id:
                return a
        raise KeyError(action_id)


def build_report(case: Case, solution: Solution,
                 status_note: str | Phrase | Joined | None = None) -> ReportData:
    """The report of `solution`, a Solution of `case` (from `portfolio.solve` or `load_solution`);
    `status_note` says how its status was derived when it was not solved here
    (`portfolio.solution_file.check_claim`).

    Raises ValueError when the solution chooses actions the case does not have.
    """
    data = CaseData.of(case)
    unknown = sorted(set(solution.selected) - set(data.actions))
    if unknown:
        raise ValueError(f"the solution chooses {', '.join(unknown)}, which the case {case.name!r} does not have")
    details = solution.details
    chosen = frozenset(solution.selected)
    names = _Names(case)
    plan = solution.plan
    starts = data.starts_of(plan) if data.phased and solution.status.has_portfolio else {}
    why = reasons(data, plan) if solution.status.has_portfolio else {}
    actions = tuple(_action(data, names, a, chosen, why.get(a), starts.get(a)) for a in data.actions)
    spend = {(s.domain, s.year): SpendLine(year=s.year, spend_eur=s.spend_eur, budget_eur=s.budget_eur)
             for s in details.spend}
    shares = case.rules.min_group_share
    groups = tuple(
        GroupLine(group=names.ref("group", g.group), jobs=g.jobs, jobs_uncapped=g.jobs_uncapped, cap=g.max_extra_jobs,
                  population=names.population[g.group], min_share=shares.get(g.group),
                  saturation_loss=g.saturation_loss)
        for g in details.groups
    )
    base = case.baseline
    rates = None
    if base is not None:
        rate = solution.employment_rate
        rates = Rates(before=base.rate, after=rate.after if rate else None, target=base.target_rate,
                      population=base.population, employed=base.employed, jobs_to_target=base.jobs_to_target,
                      jobs_missing=details.jobs_missing)
    return ReportData(
        **solution.model_dump(include=_AS_SOLVED),
        status=solution.status.value,
        has_portfolio=solution.status.has_portfolio,
        chosen_by=details.report.chosen_by,
        auto=details.report.auto,
        race=details.report.race,
        message=details.message,
        words=details.words,
        status_note=status_note,
        candidates=details.candidates,
        rates=rates,
        years=case.years,
        money_decimals=0 if all(float(x).is_integer() for x in _amounts(case)) else 2,
        actions=actions,
        domains=tuple(_domain(data, names, d.domain, actions, spend) for d in case.domains)
        if solution.status.has_portfolio else (),
        groups=groups,
        priority_barriers=tuple(BarrierLine(barrier=names.ref("barrier", b.barrier), actions=b.actions,
                                            required=b.required) for b in details.priority_barriers),
        plan=_plan(case, names, actions),
        binding=_binding(solution, names, groups, spend),
        phasing=_phasing(data, solution, actions) if data.phased and solution.status.has_portfolio else None,
        working_groups=group_feedback(case, solution, data)
        if solution.status.has_portfolio and any(a.proposed_by for a in case.actions) else (),
        illustrative_budgets=tuple(names.ref("domain", d) for d in illustrative(case)),
    )


# How a `source` cell says its numbers are no real figures (README of the bundled case: "assumption: ...").
ASSUMED = ("assumption", "aanname")


def illustrative(case: Case) -> list[str]:
    """The domains whose budget the case itself calls an assumption, in the case's order: the `source` of its
    row in domains.csv starts with "assumption" (or "aanname") or names `budget_eur: assumption`, or the
    source of one of its rows in budgets.csv starts so. Nothing else is called illustrative."""

    def assumed(source: str | None, column: str | None = None) -> bool:
        text = (source or "").strip().lower()
        return text.startswith(ASSUMED) or (column is not None and any(
            f"{column}: {word}" in text for word in ASSUMED))

    yearly = {b.domain for b in case.budgets or () if assumed(b.source)}
    return [d.domain for d in case.domains if d.domain in yearly or assumed(d.source, "budget_eur")]


# Fields of the contract JSON the report shows as they are.
_AS_SOLVED = {"case", "objective", "objective_value", "bound", "gap", "backend", "solve_time_s", "jobs_total",
              "cost_total_eur"}


class _Names:
    """Display names of a case's domains, groups, barriers and actions."""

    def __init__(self, case: Case):
        self.names = {
            "domain": {d.domain: d.name for d in case.domains},
            "group": {g.group: g.name for g in case.groups},
            "barrier": {b.barrier: b.name for b in case.barriers},
            "action": {a.action: a.name for a in case.actions},
        }
        self.population = {g.group: g.population for g in case.groups}

    def ref(self, kind: str, ident: str) -> Ref:
        return Ref(id=ident, name=self.names[kind][ident])


def _amounts(case: Case):
    yield from (c.cost_eur for c in case.costs)
    yield from (d.budget_eur for d in case.domains)
    yield from (b.budget_eur for b in case.budgets or ())


def _range(parts: list[float | None]) -> float | None:
    return math.fsum(parts) if parts and all(p is not None for p in parts) else None


def _action(data: CaseData, names: _Names, a: str, chosen: frozenset[str], reason: Reason | None,
            start: int | None = None) -> ActionLine:
    case = data.case
    act = case.action(a)
    by_domain, by_year = data.action_costs(a)
    after: dict[str, float] = {}
    if start is not None:
        by_year, after = data.start_costs(a, start)
    total = data.cost_total[a]
    payers = tuple(
        Payer(domain=names.ref("domain", d), cost_eur=eur, share=eur / total if total > 0 else 0.0,
              years=tuple((y, e) for (dd, y), e in sorted(by_year.items()) if dd == d),
              after_horizon_eur=after.get(d, 0.0) if start is not None else None)
        for d, eur in by_domain.items()
    )
    groups = tuple(
        GroupJobs(group=names.ref("group", r.group), jobs=r.jobs,
                  jobs_low=r.reach * r.effect_low if r.effect_low is not None else None,
                  jobs_high=r.reach * r.effect_high if r.effect_high is not None else None)
        for r in case.reach if r.action == a
    )
    synergies = []
    for s in case.synergies:
        if a in (s.action_a, s.action_b):
            other = s.action_b if s.action_a == a else s.action_a
            synergies.append(SynergyLine(other=names.ref("action", other), group=names.ref("group", s.group),
                                         extra_jobs=s.extra_jobs, applies=a in chosen and other in chosen))
    jobs = data.direct_jobs_of(a)
    priority = {b.barrier for b in case.priority_barriers}
    phasing = {}
    if data.phased:
        phasing = dict(window=data.windows[a], ramp=data.ramps[a], start_year=start,
                       jobs_in_target_year=None if start is None else
                       jobs * data.ramp_at(a, data.target - start + 1))
    return ActionLine(
        action=names.ref("action", a), chosen=a in chosen, lead=names.ref("domain", act.lead_domain),
        barriers=tuple(names.ref("barrier", b) for b in act.barriers),
        priority_barriers=tuple(b for b in act.barriers if b in priority),
        overlap_group=act.overlap_group, requires=tuple(names.ref("action", b) for b in act.requires),
        cost_eur=total, payers=payers, jobs=jobs,
        jobs_low=_range([g.jobs_low for g in groups]), jobs_high=_range([g.jobs_high for g in groups]),
        jobs_per_meur=jobs / total * 1e6 if total > 0 else None, groups=groups, synergies=tuple(synergies),
        reason=reason, **phasing,
    )


def _domain(data: CaseData, names: _Names, d: str, actions: tuple[ActionLine, ...],
            spend: dict[tuple[str, int | None], SpendLine]) -> DomainLine:
    led = [a for a in actions if a.chosen and a.lead.id == d]
    cofinanced = []
    for a in actions:
        if a.chosen and a.lead.id != d:
            mine = next((p for p in a.payers if p.domain.id == d), None)
            if mine is not None:
                cofinanced.append(CoFinance(action=a.action, lead=a.lead, cost_eur=mine.cost_eur, share=mine.share,
                                            with_=tuple(p.domain for p in a.payers if p.domain.id != d)))
    by_group: dict[str, list[GroupJobs]] = {g.group: [] for g in data.case.groups}
    for a in led:
        for g in a.groups:
            by_group[g.group.id].append(g)
    jobs_by_group = tuple(
        GroupJobs(group=names.ref("group", g), jobs=math.fsum(p.jobs for p in parts),
                  jobs_low=_range([p.jobs_low for p in parts]), jobs_high=_range([p.jobs_high for p in parts]))
        for g, parts in by_group.items() if parts
    )
    jobs_by_barrier = tuple(
        (names.ref("barrier", b.barrier), math.fsum(a.jobs for a in led if b.barrier in {x.id for x in a.barriers}))
        for b in data.case.barriers if any(b.barrier in {x.id for x in a.barriers} for a in led)
    )
    after = None
    if data.phased:
        after = math.fsum(p.after_horizon_eur or 0.0 for a in actions if a.chosen for p in a.payers
                          if p.domain.id == d)
    return DomainLine(
        domain=names.ref("domain", d), total=spend[d, None],
        years=tuple(spend[d, y] for y in data.case.years if (d, y) in spend),
        leads=tuple(a.action.id for a in led), cofinances=tuple(cofinanced), jobs=math.fsum(a.jobs for a in led),
        jobs_by_group=jobs_by_group, jobs_by_barrier=jobs_by_barrier, after_horizon_eur=after,
    )


def _plan(case: Case, names: _Names, actions: tuple[ActionLine, ...]) -> tuple[PlanSection, ...]:
    """Chosen actions under their first priority barrier; those with none under a closing heading. In a phased
    case: under their start year, by lead domain (the case's order) within it."""
    chosen = [a for a in actions if a.chosen]
    if any(a.start_year is not None for a in chosen):
        domains = [d.domain for d in case.domains]
        return tuple(
            PlanSection(barrier=None, year=year, also=(),
                        actions=tuple(a.action.id for a in sorted((a for a in chosen if a.start_year == year),
                                                                  key=lambda a: domains.index(a.lead.id))))
            for year in sorted({a.start_year for a in chosen})
        )
    sections = []
    for b in case.priority_barriers:
        here = [a for a in chosen if b.barrier in a.priority_barriers]
        main = tuple(a.action.id for a in here if a.priority_barriers[0] == b.barrier)
        also = tuple(a.action.id for a in here if a.priority_barriers[0] != b.barrier)
        if main or also:
            sections.append(PlanSection(barrier=names.ref("barrier", b.barrier), actions=main, also=also))
    rest = tuple(a.action.id for a in chosen if not a.priority_barriers)
    if rest:
        sections.append(PlanSection(barrier=None, actions=rest, also=()))
    return tuple(sections)


def _phasing(data: CaseData, solution: Solution, actions: tuple[ActionLine, ...]) -> Phasing:
    """The years of a phased plan against the path to the target, and its timeline."""
    years = plan_years(data.case, solution)
    domains = [d.domain for d in data.case.domains]
    chosen = sorted((a for a in actions if a.chosen), key=lambda a: (domains.index(a.lead.id), a.start_year))
    timeline = tuple(
        TimelineLine(action=a.action, lead=a.lead, start_year=a.start_year, window=a.window, ramp=a.ramp,
                     shares=tuple((y.year, data.ramp_at(a.action.id, y.year - a.start_year + 1))
                                  for y in years))
        for a in chosen
    )
    after = math.fsum(a.after_horizon_eur or 0.0 for a in actions if a.chosen)
    return Phasing(horizon=data.horizon, target_year=data.target, years=years, timeline=timeline,
                   after_horizon_eur=after)


def plan_years(case: Case, solution: Solution) -> tuple[YearLine, ...]:
    """Each year of a phased plan's horizon, then its target year if after it: the jobs present (the
    Solution's `jobs_by_year`), the employment rate, and the path to the target (see YearLine)."""
    base = case.baseline

    def rate(extra: float | None) -> float | None:
        return None if base is None else (base.employed + extra) / base.population

    return tuple(
        YearLine(year=year, jobs=jobs, rate=rate(jobs), path_rate=rate(path_to_target(case, year)),
                 path_jobs=path_to_target(case, year))
        for year, jobs in sorted(solution.jobs_by_year.items())
    )


def path_to_target(case: Case, year: int) -> float | None:
    """The extra jobs the path to the target asks for in `year` of a phased case (persons; None without a
    baseline): the employment rate on a straight line from the baseline rate in the year before the horizon to
    the target rate in the target year, and the target rate after it."""
    base = case.baseline
    if base is None:
        return None
    before = case.horizon[0] - 1
    return base.jobs_to_target * min(1.0, (year - before) / (case.target - before))


def _binding(solution: Solution, names: _Names, groups: tuple[GroupLine, ...],
             spend: dict[tuple[str, int | None], SpendLine]) -> tuple[Binding, ...]:
    """Budgets with less than a cent left, groups at their cap, and the plan-wide rules met with nothing to spare."""
    if not solution.status.has_portfolio:
        return ()
    out = [Binding(kind="budget", subject=names.ref("domain", d), year=y, value=s.spend_eur, limit=s.budget_eur)
           for (d, y), s in spend.items() if s.at_limit]
    out += [Binding(kind="cap", subject=g.group, value=g.jobs_uncapped, limit=g.cap) for g in groups if g.at_cap]
    kinds = {"max_actions": None, "equity": "group", "target": None, "coverage": "barrier", "participation": "domain"}
    for c in solution.details.checks:
        if c.rule in kinds and holds(c.value, "==", c.limit) and not (c.rule != "max_actions" and c.limit == 0):
            kind = kinds[c.rule]
            out.append(Binding(kind=c.rule, subject=names.ref(kind, c.subject[0]) if kind else None,
                               value=c.value, limit=c.limit))
    return tuple(out)


def uncertainty_lines(r: ReportData) -> list[tuple[ActionLine, float, ActionImportance | None]]:
    """Every candidate with its selection frequency and, if chosen, its replacement cost; the most frequent first."""
    u = r.uncertainty
    cost = {a.action: a for a in u.importance.actions} if u.importance else {}
    frequency = u.monte_carlo.frequency
    out = [(a, frequency[a.action.id], cost.get(a.action.id)) for a in r.actions]
    return sorted(out, key=lambda x: (-x[1], not x[0].chosen, x[0].action.id))
