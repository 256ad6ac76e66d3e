"""Indexes over a case's rows that the formulation, the checker, the diagnosis and the summaries share.

Built in one pass over each table. Every sum of money or jobs over a set of
actions goes through these indexes (`spend`, `direct_jobs_of`), so there is
one place where spend per domain and year is added up.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from models.case import Case
from models.saturation import Curve

DomainYear = tuple[str, int]


@dataclass(frozen=True)
class Spend:
    """Spend of a set of actions: per domain over the horizon, and per (domain, year) with a cost year.

    In a phased case `by_domain` and `by_domain_year` count what falls within the horizon (every domain and
    year, zeros included), `after_horizon` what the chosen starts commit to later years (per domain), and
    `total_eur` every cost row of the chosen actions.
    """

    by_domain: dict[str, float]  # every domain of the case, 0 when nothing is spent
    by_domain_year: dict[DomainYear, float]  # every (domain, year) that any cost row names
    total_eur: float
    after_horizon: dict[str, float] = field(default_factory=dict)  # phased case: domain -> EUR after the horizon

    def in_year(self, domain: str, year: int) -> float:
        return self.by_domain_year.get((domain, year), 0.0)


@dataclass
class CaseData:
    """Sums and lookups over one case. Treat as read-only."""

    case: Case
    actions: list[str]  # action ids in file order
    direct_jobs: dict[tuple[str, str], float]  # (action, group) -> reach x effect
    synergy: dict[tuple[str, str, str], float]  # (a, b, group) with a < b -> extra jobs
    cost_by_domain: dict[str, dict[str, float]]  # domain -> action -> EUR over all years
    cost_by_domain_year: dict[DomainYear, dict[str, float]]  # (domain, year) -> action -> EUR
    cost_total: dict[str, float]  # action -> EUR over all domains and years
    jobs_by_action: dict[str, dict[str, float]] = field(default_factory=dict)  # action -> group -> direct jobs
    led_by: dict[str, list[str]] = field(default_factory=dict)  # domain -> actions it leads
    addressing: dict[str, list[str]] = field(default_factory=dict)  # barrier -> actions
    overlap: dict[str, list[str]] = field(default_factory=dict)  # overlap group -> actions
    # phasing (spec 4.1); empty in a case without run years
    phased: bool = False
    horizon: tuple[int, ...] = ()  # the years actions may start in (budgets.csv)
    target: int | None = None  # the year whose jobs count
    windows: dict[str, tuple[int, ...]] = field(default_factory=dict)  # action -> years it may start in
    ramps: dict[str, tuple[float, ...]] = field(default_factory=dict)  # action -> share of effect per year run
    run_costs: dict[str, dict[tuple[str, int], float]] = field(default_factory=dict)  # action -> (domain, k) -> EUR
    caps: dict[str, float] = field(default_factory=dict)  # group -> max_extra_jobs
    curves: dict[str, Curve] = field(default_factory=dict)  # group -> its saturation curve (spec 4.2), if any

    @classmethod
    def of(cls, case: Case) -> CaseData:
        direct: dict = defaultdict(float)
        for r in case.reach:
            direct[r.action, r.group] += r.jobs
        by_action: dict = defaultdict(dict)
        for (a, g), jobs in direct.items():
            by_action[a][g] = jobs
        synergy: dict = defaultdict(float)
        for s in case.synergies:
            a, b = sorted((s.action_a, s.action_b))
            synergy[a, b, s.group] += s.extra_jobs
        by_domain: dict = {d.domain: defaultdict(float) for d in case.domains}
        by_year: dict = defaultdict(lambda: defaultdict(float))
        total: dict = defaultdict(float)
        for c in case.costs:
            by_domain[c.domain][c.action] += c.cost_eur
            total[c.action] += c.cost_eur
            if c.year is not None:
                by_year[c.domain, c.year][c.action] += c.cost_eur
        led_by: dict = {d.domain: [] for d in case.domains}
        addressing: dict = {b.barrier: [] for b in case.barriers}
        overlap: dict = defaultdict(list)
        for a in case.actions:
            led_by[a.lead_domain].append(a.action)
            for b in a.barriers:
                addressing[b].append(a.action)
            if a.overlap_group is not None:
                overlap[a.overlap_group].append(a.action)
        phasing: dict = {}
        if case.phased:
            runs: dict = {a.action: defaultdict(float) for a in case.actions}
            for c in case.costs:
                runs[c.action][c.domain, c.run_year] += c.cost_eur
            phasing = dict(
                phased=True, horizon=case.horizon, target=case.target,
                windows={a.action: case.window(a.action) for a in case.actions},
                ramps={a.action: a.ramp or (1.0,) for a in case.actions},
                run_costs={a: dict(sorted(v.items())) for a, v in runs.items()},
            )
        return cls(
            case=case,
            actions=[a.action for a in case.actions],
            direct_jobs=dict(direct),
            synergy=dict(synergy),
            cost_by_domain={d: dict(v) for d, v in by_domain.items()},
            cost_by_domain_year={k: dict(v) for k, v in sorted(by_year.items())},
            cost_total={a.action: total.get(a.action, 0.0) for a in case.actions},
            jobs_by_action={a.action: by_action.get(a.action, {}) for a in case.actions},
            led_by=led_by,
            addressing=addressing,
            overlap=dict(overlap),
            caps={g.group: g.max_extra_jobs for g in case.groups},
            curves={g.group: c for g in case.groups if (c := case.curve(g.group)) is not None},
            **phasing,
        )

    def spend(self, actions: Iterable[str]) -> Spend:
        """What the actions cost each domain, in total and per year (EUR, exact sums). In a phased case
        `actions` maps each chosen action to its start year (see `starts_of`)."""
        if self.phased:
            return self._phased_spend(self.starts_of(actions))
        chosen = set(actions)
        by_domain = {d: math.fsum(e for a, e in costs.items() if a in chosen) for d, costs in self.cost_by_domain.items()}
        by_year = {k: math.fsum(e for a, e in costs.items() if a in chosen) for k, costs in self.cost_by_domain_year.items()}
        return Spend(by_domain, by_year, math.fsum(self.cost_total[a] for a in chosen))

    def counted(self, group: str, uncapped: float) -> float:
        """The jobs counted in `group` for `uncapped` jobs (direct jobs plus synergies):
        min(max_extra_jobs, f(uncapped)) with the group's saturation curve f, or the identity without one."""
        curve = self.curves.get(group)
        return min(self.caps[group], curve(uncapped) if curve else uncapped)

    def most_counted(self, group: str) -> float:
        """The most jobs `group` can count: its cap, or less when its saturation curve ends below it."""
        curve = self.curves.get(group)
        return min(self.caps[group], curve.most) if curve else self.caps[group]

    def direct_jobs_of(self, action: str) -> float:
        """Direct jobs of one action over all groups: sum of reach x effect, before caps and synergies."""
        return math.fsum(self.jobs_by_action[action].values())

    def action_costs(self, action: str) -> tuple[dict[str, float], dict[DomainYear, float]]:
        """What one action costs each domain in total, and each (domain, year)."""
        total = {d: costs[action] for d, costs in self.cost_by_domain.items() if action in costs}
        yearly = {k: costs[action] for k, costs in self.cost_by_domain_year.items() if action in costs}
        return total, yearly

    # --- phasing (spec 4.1) ----------------------------------------------------------------------------
    def starts_of(self, plan: Iterable[str] | Mapping[str, int | None]) -> dict[str, int]:
        """Start year of each chosen action of a phased case: the mapping's, or the only year of its window.

        Raises ValueError for an action whose start is not given and could be more than one year, or a start
        outside its window; KeyError for an unknown action.
        """
        given = dict(plan) if isinstance(plan, Mapping) else dict.fromkeys(plan)
        starts = {}
        for a, year in given.items():
            window = self.windows[a]
            if year is None:
                if len(window) != 1:
                    raise ValueError(f"the start year of {a!r} is not given, and it may start in any of "
                                     f"{', '.join(map(str, window))}")
                year = window[0]
            elif year not in window:
                raise ValueError(f"{a!r} cannot start in {year}: its start window is "
                                 f"{', '.join(map(str, window)) or 'empty'}")
            starts[a] = int(year)
        return starts

    def ramp_at(self, action: str, years_run: int) -> float:
        """Share of the full effect of `action` in its `years_run`-th year of running (0 before it runs)."""
        if years_run < 1:
            return 0.0
        ramp = self.ramps[action]
        return ramp[min(years_run, len(ramp)) - 1]

    def start_costs(self, action: str, start: int) -> tuple[dict[DomainYear, float], dict[str, float]]:
        """What starting `action` in `start` charges each (domain, year) of the horizon, and each domain after it."""
        last = self.horizon[-1]
        within: dict[DomainYear, float] = defaultdict(float)
        after: dict[str, float] = defaultdict(float)
        for (d, k), eur in self.run_costs[action].items():
            year = start + k - 1
            if year > last:
                after[d] += eur
            else:
                within[d, year] += eur
        return dict(within), dict(after)

    def _phased_spend(self, starts: dict[str, int]) -> Spend:
        parts: dict = defaultdict(list)
        later: dict = defaultdict(list)
        for a, s in starts.items():
            within, after = self.start_costs(a, s)
            for key, eur in within.items():
                parts[key].append(eur)
            for d, eur in after.items():
                later[d].append(eur)
        domains = [d.domain for d in self.case.domains]
        by_year = {(d, t): math.fsum(parts.get((d, t), ())) for d in domains for t in self.horizon}
        by_domain = {d: math.fsum(v for (dd, _t), v in by_year.items() if dd == d) for d in domains}
        return Spend(by_domain, by_year, math.fsum(self.cost_total[a] for a in starts),
                     {d: math.fsum(later.get(d, ())) for d in domains})
