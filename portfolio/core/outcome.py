"""What a chosen portfolio yields, recomputed from the case data alone: jobs per group and spend."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from models.casedata import CaseData, Spend


@dataclass(frozen=True)
class Outcome:
    """One portfolio's figures. `selected` keeps the case's action order."""

    selected: tuple[str, ...]
    chosen: frozenset[str]
    jobs_uncapped: dict[str, float]  # group -> direct jobs + synergies
    jobs_by_group: dict[str, float]  # group -> min(cap, uncapped)
    jobs_total: float
    spend: Spend

    @property
    def cost_total_eur(self) -> float:
        return self.spend.total_eur


def outcome(data: CaseData, selected: Iterable[str]) -> Outcome:
    """Recompute the portfolio `selected` (action ids). Raises KeyError for an unknown id."""
    chosen = frozenset(selected)
    unknown = chosen - set(data.jobs_by_action)
    if unknown:
        raise KeyError(f"unknown actions {sorted(unknown)}")
    parts: dict[str, list[float]] = {g.group: [] for g in data.case.groups}
    for a in chosen:
        for g, jobs in data.jobs_by_action[a].items():
            parts[g].append(jobs)
    for (a, b, g), extra in data.synergy.items():
        if a in chosen and b in chosen:
            parts[g].append(extra)
    uncapped = {g: math.fsum(v) for g, v in parts.items()}
    jobs = {g.group: min(g.max_extra_jobs, uncapped[g.group]) for g in data.case.groups}
    return Outcome(
        selected=tuple(a for a in data.actions if a in chosen),
        chosen=chosen,
        jobs_uncapped=uncapped,
        jobs_by_group=jobs,
        jobs_total=math.fsum(jobs.values()),
        spend=data.spend(chosen),
    )
