"""The report's tables as pandas DataFrames, shared by the CSV files and the workbook.

Every text cell passes `guard_text` here, in this one place: a case name such as `=HYPERLINK(...)` or
`-2+3` reaches a spreadsheet as text, never as a formula (OWASP CSV injection). Numbers stay numbers,
exact to the last bit (money in EUR, jobs in persons).
"""

from __future__ import annotations

import pandas as pd

from portfolio.reports.data import ReportData
from portfolio.reports.labels import Labels
from portfolio.reports.data import uncertainty_lines

# What a spreadsheet reads as the start of a formula: = + - @, tab and carriage return (OWASP), and the
# full-width forms some spreadsheet programs fold into them.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

ACTIONS = ("action", "name", "chosen", "lead_domain", "lead_domain_name", "barriers", "cost_eur", "jobs",
           "jobs_low", "jobs_high", "jobs_per_meur", "reason_code", "reason")
DOMAIN_SPEND = ("domain", "name", "year", "spend_eur", "budget_eur", "left_eur")
GROUP_JOBS = ("group", "name", "jobs", "jobs_uncapped", "cap", "population")
SUMMARY = ("item", "value", "unit")
UNCERTAINTY = ("action", "name", "chosen", "frequency", "jobs_lost", "indispensable")
# a phased plan (spec 4.1): extra columns of actions.csv and domain_spend.csv, and two more tables
PHASED_ACTIONS = ("start_year", "earliest_start", "latest_start", "ramp", "jobs_in_target_year")
JOBS_BY_YEAR = ("year", "jobs", "employment_rate", "path_rate", "path_jobs", "short_jobs")
TIMELINE = ("action", "name", "lead_domain", "lead_domain_name", "start_year")  # then one column per year


def guard_text(value: str) -> str:
    """A text a spreadsheet shows as text: one that starts like a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _guarded(frame: pd.DataFrame) -> pd.DataFrame:
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]) and not pd.api.types.is_bool_dtype(frame[column]):
            frame[column] = frame[column].map(lambda v: guard_text(v) if isinstance(v, str) else v)
    return frame


def actions(r: ReportData, L: Labels) -> pd.DataFrame:
    """Every candidate, chosen or not; for those not chosen the reason where it can be determined."""
    rows = [
        (a.action.id, a.action.name, a.chosen, a.lead.id, a.lead.name, ";".join(b.id for b in a.barriers),
         a.cost_eur, a.jobs, a.jobs_low, a.jobs_high, a.jobs_per_meur,
         a.reason.code if a.reason else "", L.reason(a.reason))
        for a in r.actions
    ]
    frame = pd.DataFrame(rows, columns=list(ACTIONS))
    frame["chosen"] = frame["chosen"].astype(bool)
    if r.phasing is not None:
        frame["start_year"] = pd.array([a.start_year for a in r.actions], dtype="Int64")
        frame["earliest_start"] = pd.array([a.window[0] for a in r.actions], dtype="Int64")
        frame["latest_start"] = pd.array([a.window[-1] for a in r.actions], dtype="Int64")
        frame["ramp"] = [";".join(f"{x:g}" for x in a.ramp) for a in r.actions]
        frame["jobs_in_target_year"] = pd.array([a.jobs_in_target_year for a in r.actions], dtype="float64")
    return _guarded(frame.astype({c: "float64" for c in ("jobs_low", "jobs_high", "jobs_per_meur")}))


def domain_spend(r: ReportData) -> pd.DataFrame:
    """Per domain: one row for the whole period (empty year), then one per budget year. A phased plan adds
    `after_horizon_eur` on the whole-period row: what its starts commit the domain to after the horizon."""
    rows = [(d.domain.id, d.domain.name, s.year, s.spend_eur, s.budget_eur, s.left_eur)
            for d in r.domains for s in (d.total, *d.years)]
    frame = pd.DataFrame(rows, columns=list(DOMAIN_SPEND))
    if r.phasing is not None:
        frame["after_horizon_eur"] = [d.after_horizon_eur if s.year is None else None
                                      for d in r.domains for s in (d.total, *d.years)]
    money = {c: "float64" for c in frame.columns if c.endswith("_eur")}
    return _guarded(frame.astype({"year": "Int64", **money}))


def jobs_by_year(r: ReportData) -> pd.DataFrame:
    """A phased plan per year (each year of the horizon, then the target year): the extra jobs present, the
    employment rate (0-1), the path to the target's rate and jobs, and the jobs short of it (empty without a
    baseline)."""
    rows = [(y.year, y.jobs, y.rate, y.path_rate, y.path_jobs, y.short_jobs) for y in r.phasing.years]
    return pd.DataFrame(rows, columns=list(JOBS_BY_YEAR)).astype({c: "float64" for c in JOBS_BY_YEAR[1:]})


def timeline(r: ReportData) -> pd.DataFrame:
    """A phased plan's timeline: each chosen action (by lead domain, then start year), its start, and per year
    the share of its full effect present (0-1; empty before it starts)."""
    years = [y.year for y in r.phasing.years]
    rows = [(t.action.id, t.action.name, t.lead.id, t.lead.name, t.start_year,
             *(t.share_in(y) if y >= t.start_year else None for y in years)) for t in r.phasing.timeline]
    frame = pd.DataFrame(rows, columns=[*TIMELINE, *map(str, years)])
    return _guarded(frame.astype({"start_year": "int64", **{str(y): "float64" for y in years}}))


def group_jobs(r: ReportData) -> pd.DataFrame:
    """Per group: jobs counted, jobs before the cap, the cap and the population; with saturation curves also
    the jobs each curve does not count."""
    rows = [(g.group.id, g.group.name, g.jobs, g.jobs_uncapped, g.cap, g.population) for g in r.groups]
    frame = pd.DataFrame(rows, columns=list(GROUP_JOBS))
    if any(g.saturation_loss is not None for g in r.groups):
        frame.insert(4, "saturation_loss", [g.saturation_loss for g in r.groups])
    return _guarded(frame.astype({"jobs": "float64", "jobs_uncapped": "float64", "cap": "float64",
                                  "population": "int64"}))


def summary(r: ReportData, L: Labels) -> pd.DataFrame:
    """The summary as (item, value, unit) rows; unit is EUR, jobs, share (0-1), count or empty for text."""
    rows: list[tuple[str, object, str]] = [
        (L.report, r.case, ""),
        (L.status, L.status_text(r.status), ""),
        *([(L["status.note"], L.say(r.status_note), "")] if r.status_note else []),
        (L.objective, L[f"objective.{r.objective}"], ""),
        (L.gap, r.gap, "share"),
        (L.backend, r.backend, ""),
    ]
    if r.has_portfolio:
        rows += [
            (L.chosen_actions, len(r.chosen), "count"),
            (L.t("extra_jobs_in", year=r.phasing.target_year) if r.phasing else L.extra_jobs, r.jobs_total,
             "jobs"),
            (L.total_cost, r.cost_total_eur, "EUR"),
            (L.cost_per_job, r.cost_per_job_eur, "EUR"),
        ]
        if r.studies.band is not None:
            rows += [(f"{L['band.row']}: P5", r.studies.band.p5, "jobs"),
                     (f"{L['band.row']}: P95", r.studies.band.p95, "jobs")]
    if r.phasing is not None:
        rows += [(L.target_year, r.phasing.target_year, "year"),
                 (L.after_horizon_total, r.phasing.after_horizon_eur, "EUR")]
    if r.rates is not None:
        rows += [(L.rate_before, r.rates.before, "share")]
        if r.rates.after is not None:
            rows += [(L.rate_after, r.rates.after, "share")]
        rows += [(L.rate_target, r.rates.target, "share"), (L.jobs_to_target, r.rates.jobs_to_target, "jobs")]
        if r.rates.jobs_missing is not None:
            rows += [(L.jobs_missing, r.rates.jobs_missing, "jobs")]
    rows += [(f"{L.priority_barriers}: {b.barrier.name}", len(b.actions), "count") for b in r.priority_barriers]
    rows += [(L.binding, L.binding_text(b), "") for b in r.binding]
    return _guarded(pd.DataFrame(rows, columns=list(SUMMARY), dtype=object))


def frames(r: ReportData, L: Labels) -> dict[str, pd.DataFrame]:
    """The tables written as CSV files, by file stem (and `uncertainty` with report --robust N)."""
    out = {"actions": actions(r, L), "domain_spend": domain_spend(r), "group_jobs": group_jobs(r)}
    if r.phasing is not None:
        out.update(jobs_by_year=jobs_by_year(r), timeline=timeline(r))
    if r.uncertainty is not None:
        out["uncertainty"] = uncertainty(r)
    return out


def uncertainty(r: ReportData) -> pd.DataFrame:
    """uncertainty.csv and the workbook's sheet (report --robust N): one row per candidate, the most often
    optimal first; frequency 0-1, jobs_lost in persons (empty for an action not chosen)."""
    rows = [(a.action.id, guard_text(a.action.name), a.chosen, f, c.jobs_lost if c else None,
             c.indispensable if c else None) for a, f, c in uncertainty_lines(r)]
    return pd.DataFrame(rows, columns=list(UNCERTAINTY)).astype({"frequency": "float64", "jobs_lost": "float64"})
