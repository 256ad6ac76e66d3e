"""Aggregated views of a case that the formulation and the checker share (built in one pass)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from models import Case


@dataclass
class CaseData:
    """Sums and lookups over a case's rows. Cheap to build: one pass over each table."""

    actions: list[str]
    direct_jobs: dict[tuple[str, str], float]  # (action, group) -> reach x effect
    synergy: dict[tuple[str, str, str], float]  # (a, b, group) with a < b -> extra jobs
    cost: dict[tuple[str, str], float]  # (action, domain) -> EUR over all years
    cost_year: dict[tuple[str, str, int], float]  # (action, domain, year) -> EUR
    cost_total: dict[str, float]  # action -> EUR over all domains and years
    led_by: dict[str, list[str]] = field(default_factory=dict)  # domain -> actions it leads
    addressing: dict[str, list[str]] = field(default_factory=dict)  # barrier -> actions
    overlap: dict[str, list[str]] = field(default_factory=dict)  # overlap group -> actions

    @classmethod
    def of(cls, case: Case) -> CaseData:
        direct: dict = defaultdict(float)
        for r in case.reach:
            direct[r.action, r.group] += r.jobs
        synergy: dict = defaultdict(float)
        for s in case.synergies:
            a, b = sorted((s.action_a, s.action_b))
            synergy[a, b, s.group] += s.extra_jobs
        cost: dict = defaultdict(float)
        cost_year: dict = defaultdict(float)
        total: dict = defaultdict(float)
        for c in case.costs:
            cost[c.action, c.domain] += c.cost_eur
            total[c.action] += c.cost_eur
            if c.year is not None:
                cost_year[c.action, c.domain, c.year] += c.cost_eur
        led_by: dict = {d.domain: [] for d in case.domains}
        addressing: dict = {b.barrier: [] for b in case.barriers}
        overlap: dict = defaultdict(list)
        for a in case.actions:
            led_by[a.lead_domain].append(a.action)
            for b in a.barriers:
                addressing[b].append(a.action)
            if a.overlap_group is not None:
                overlap[a.overlap_group].append(a.action)
        return cls(
            actions=[a.action for a in case.actions],
            direct_jobs=dict(direct),
            synergy=dict(synergy),
            cost=dict(cost),
            cost_year=dict(cost_year),
            cost_total={a.action: total.get(a.action, 0.0) for a in case.actions},
            led_by=led_by,
            addressing=addressing,
            overlap=dict(overlap),
        )
