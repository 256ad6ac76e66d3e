"""What a chosen portfolio yields, recomputed from the case data alone: jobs per group (caps and saturation
curves applied) and spend."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from models.casedata import CaseData, Spend


@dataclass(frozen=True)
class Outcome:
    """One portfolio's figures. `selected` keeps the case's action order."""

    selected: tuple[str, ...]
    chosen: frozenset[str]
    jobs_uncapped: dict[str, float]  # group -> direct jobs + synergies
    jobs_by_group: dict[str, float]  # group -> min(cap, f(uncapped)), f its saturation curve or the identity
    jobs_total: float
    spend: Spend
    starts: dict[str, int] = field(default_factory=dict)  # phased case: chosen action -> start year
    jobs_by_year: dict[int, float] = field(default_factory=dict)  # phased case: year -> total jobs that year
    phased: bool = False
    jobs_saturated: dict[str, float] = field(default_factory=dict)  # group with a curve -> f(uncapped), before the cap

    @property
    def cost_total_eur(self) -> float:
        return self.spend.total_eur

    @property
    def plan(self) -> dict[str, int] | tuple[str, ...]:
        """What `outcome` needs to recompute this portfolio: the starts of a phased case, else the selection."""
        return dict(self.starts) if self.phased else self.selected


def outcome(data: CaseData, selected: Iterable[str] | Mapping[str, int | None]) -> Outcome:
    """Recompute the portfolio `selected`: action ids, or in a phased case action -> start year (an action
    whose window is one year may go without). Raises KeyError for an unknown id, ValueError for a start that
    is missing where it could be several years, or outside the action's window."""
    chosen = frozenset(selected)
    unknown = chosen - set(data.jobs_by_action)
    if unknown:
        raise KeyError(f"unknown actions {sorted(unknown)}")
    if not data.phased:
        uncapped = _uncapped(data, chosen, None, None)
        jobs = _capped(data, uncapped)
        return Outcome(
            selected=tuple(a for a in data.actions if a in chosen), chosen=chosen, jobs_uncapped=uncapped,
            jobs_by_group=jobs, jobs_total=math.fsum(jobs.values()), spend=data.spend(chosen),
            jobs_saturated=_saturated(data, uncapped),
        )
    starts = data.starts_of(selected)
    uncapped = _uncapped(data, chosen, starts, data.target)
    jobs = _capped(data, uncapped)
    by_year = {}
    for year in sorted({*data.horizon, data.target}):
        by_year[year] = math.fsum(_capped(data, _uncapped(data, chosen, starts, year)).values())
    return Outcome(
        selected=tuple(a for a in data.actions if a in chosen), chosen=chosen, jobs_uncapped=uncapped,
        jobs_by_group=jobs, jobs_total=math.fsum(jobs.values()), spend=data.spend(starts),
        starts={a: starts[a] for a in data.actions if a in chosen}, jobs_by_year=by_year, phased=True,
        jobs_saturated=_saturated(data, uncapped),
    )


def _uncapped(data: CaseData, chosen: frozenset[str], starts: dict[str, int] | None, year: int | None
              ) -> dict[str, float]:
    """Direct jobs plus synergies per group; in a phased case those present in `year`, ramps applied."""
    parts: dict[str, list[float]] = {g.group: [] for g in data.case.groups}
    running = chosen if starts is None else frozenset(a for a in chosen if starts[a] <= year)
    for a in running:
        share = 1.0 if starts is None else data.ramp_at(a, year - starts[a] + 1)
        for g, jobs in data.jobs_by_action[a].items():
            parts[g].append(jobs * share)
    for (a, b, g), extra in data.synergy.items():
        if a in running and b in running:
            parts[g].append(extra)
    return {g: math.fsum(v) for g, v in parts.items()}


def _capped(data: CaseData, uncapped: dict[str, float]) -> dict[str, float]:
    """Jobs counted per group: min(cap, f(uncapped)) (spec 4.2; f the identity for a group without a curve)."""
    return {g: data.counted(g, u) for g, u in uncapped.items()}


def _saturated(data: CaseData, uncapped: dict[str, float]) -> dict[str, float]:
    return {g: curve(uncapped[g]) for g, curve in data.curves.items()}
