"""The progress report's data (voortgangsrapport): a finished Monitoring arranged for the page, overall and
per domain, the flagged actions first, and its tables for the CSV files and the workbook. It computes no
figure."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from models.progress import ActionProgress, DomainProgress, Monitoring, YearSpend
from portfolio.reports.labels import Labels
from portfolio.reports.tables import _guarded

# Flags that ask for attention (observed_effect only says where the forecast reads the progress).
WARNINGS = ("overspend", "underspend", "delay", "stopped", "no_report")

ACTIONS = ("action", "name", "lead_domain", "status", "planned_start", "actual_start", "forecast_start",
           "delay_years", "planned_spend_eur", "spend_eur", "reached", "planned_jobs", "forecast_jobs",
           "flags")
DOMAINS = ("domain", "name", "track", "reason", "planned_spend_eur", "spend_eur", "committed_eur",
           "budget_eur", "planned_jobs", "forecast_jobs")
SPEND = ("domain", "name", "year", "planned_eur", "spend_eur", "budget_eur")


def flagged(a: ActionProgress) -> bool:
    """Whether an action carries a flag that asks for attention."""
    return any(f in WARNINGS for f in a.flags)


def flagged_first(actions) -> tuple[ActionProgress, ...]:
    """The actions with a warning flag first, each part in the plan's order."""
    return tuple(sorted(actions, key=lambda a: not flagged(a)))


@dataclass(frozen=True)
class DomainSection:
    """One domain's part of the report: its figures, the actions it leads and its spend per year."""

    domain: DomainProgress
    actions: tuple[ActionProgress, ...]
    years: tuple[YearSpend, ...]


@dataclass(frozen=True)
class ProgressReport:
    """Everything the progress report shows, all of it from `m`."""

    m: Monitoring
    money_decimals: int
    years: tuple[int, ...]
    actions: tuple[ActionProgress, ...]
    domains: tuple[DomainSection, ...]

    @property
    def flagged(self) -> tuple[ActionProgress, ...]:
        return tuple(a for a in self.actions if flagged(a))

    def spend(self, domain: str, year: int) -> YearSpend:
        return next(y for y in self.m.spend_by_year if y.domain == domain and y.year == year)


def build_progress(m: Monitoring) -> ProgressReport:
    """The progress report of `m`: actions with a warning flag first, then each domain with its actions and
    its spend per year. Money is shown to the cent when any amount has cents."""
    amounts = [x for y in m.spend_by_year for x in (y.planned_eur, y.spend_eur, y.budget_eur)
               if x is not None]
    amounts += [x for a in m.actions for x in (a.planned_spend_eur, a.spend_eur)]
    amounts += [x for d in m.domains
                for x in (d.planned_spend_eur, d.spend_eur, d.committed_eur, d.budget_eur)]
    sections = tuple(
        DomainSection(domain=d, actions=flagged_first(a for a in m.actions if a.lead_domain == d.domain),
                      years=tuple(y for y in m.spend_by_year if y.domain == d.domain))
        for d in m.domains)
    return ProgressReport(
        m=m, money_decimals=0 if all(float(x).is_integer() for x in amounts) else 2,
        years=tuple(sorted({y.year for y in m.spend_by_year})), actions=flagged_first(m.actions),
        domains=sections)


def rule_text(m: Monitoring, L: Labels) -> str:
    """The rule that decides on track / at risk / off track, in the report's language, its shares from `m`."""
    return L.t("progress.rule", off=L.pct(m.off_track_share, 0), on=L.pct(m.on_track_share, 0),
               tolerance=L.pct(m.spend_tolerance, 0))


def flags_text(a: ActionProgress, L: Labels) -> str:
    return ", ".join(L[f"flag.{f}"] for f in a.flags)


# tables ---------------------------------------------------------------------------------------------------


def summary_frame(p: ProgressReport, L: Labels) -> pd.DataFrame:
    """The headline as (item, value, unit) rows; unit is jobs, share (0-1), year, count or empty for text."""
    m = p.m
    rows: list[tuple[str, object, str]] = [
        (L["progress.title"], m.case, ""),
        (L["progress.as_of"], m.as_of, "year"),
        (L["progress.track"], L[f"track.{m.track}"], ""),
        (L["progress.rule_title"], rule_text(m, L), ""),
        (L["target_year"], m.target_year, "year"),
        (L["progress.planned_jobs"], m.planned_jobs, "jobs"),
        (L["progress.forecast_jobs"], m.forecast_jobs, "jobs"),
        (L["progress.p5"], m.forecast_p5, "jobs"),
        (L["progress.p95"], m.forecast_p95, "jobs"),
        (L["progress.samples"], m.samples, "count"),
    ]
    if m.employment_rate is not None:
        rows += [(L[f"progress.rate.{k}"], m.employment_rate[k], "share")
                 for k in ("planned", "forecast", "forecast_p5", "forecast_p95", "target")]
    rows += [(L["progress.flagged"], len(p.flagged), "count")]
    return _guarded(pd.DataFrame(rows, columns=["item", "value", "unit"], dtype=object))


def actions_frame(p: ProgressReport, L: Labels) -> pd.DataFrame:
    """One row per action of the plan, the flagged first; spend in EUR, jobs in persons."""
    rows = [(a.action, a.name, a.lead_domain, L[f"progress.status.{a.status}"], a.planned_start,
             a.actual_start, a.forecast_start, a.delay_years, a.planned_spend_eur, a.spend_eur, a.reached,
             a.planned_jobs, a.forecast_jobs, flags_text(a, L)) for a in p.actions]
    frame = pd.DataFrame(rows, columns=list(ACTIONS))
    years = {c: "Int64" for c in ("planned_start", "actual_start", "forecast_start")}
    numbers = {c: "float64"
               for c in ("planned_spend_eur", "spend_eur", "reached", "planned_jobs", "forecast_jobs")}
    return _guarded(frame.astype({**years, **numbers, "delay_years": "int64"}))


def domains_frame(p: ProgressReport, L: Labels) -> pd.DataFrame:
    """One row per domain: its track and why, spend so far against the plan, commitments, budget, jobs."""
    rows = [(d.domain, d.name, L[f"track.{d.track}"], L[f"progress.why.{d.reason}"], d.planned_spend_eur,
             d.spend_eur, d.committed_eur, d.budget_eur, d.planned_jobs, d.forecast_jobs)
            for d in (s.domain for s in p.domains)]
    return _guarded(pd.DataFrame(rows, columns=list(DOMAINS)).astype({c: "float64" for c in DOMAINS[4:]}))


def spend_frame(p: ProgressReport) -> pd.DataFrame:
    """Per domain and year: planned and realised spend (realised empty after the year monitored), budget."""
    rows = [(s.domain.domain, s.domain.name, y.year, y.planned_eur,
             y.spend_eur if y.year <= p.m.as_of else None, y.budget_eur) for s in p.domains for y in s.years]
    return _guarded(pd.DataFrame(rows, columns=list(SPEND)).astype(
        {"year": "int64", "planned_eur": "float64", "spend_eur": "float64", "budget_eur": "float64"}))


def frames(p: ProgressReport, L: Labels) -> dict[str, pd.DataFrame]:
    """The tables of the CSV files and the workbook's sheets, by name."""
    return {"summary": summary_frame(p, L), "actions": actions_frame(p, L), "domains": domains_frame(p, L),
            "spend": spend_frame(p)}
