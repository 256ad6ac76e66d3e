"""The summary's sentences for summary.md and report.html: rounded jobs with their band, an extra job defined,
the illustrative budgets, the share costs; "the best plan within these rules" only when proven optimal."""

from __future__ import annotations

from portfolio.reports.data import ReportData
from portfolio.reports.labels import Labels


def verdict(r: ReportData, L: Labels) -> str:
    """The plan's status in words: the best plan within these rules only when proven optimal."""
    return L[f"verdict.{r.status}"]


def lead(r: ReportData, L: Labels) -> str:
    """The opening paragraph: the plan, its jobs rounded, their P5-P95 band and the employment rate."""
    if not r.has_portfolio:
        said = verdict(r, L)
        return f"{said[0].upper()}{said[1:]}. {L.no_portfolio}"
    when = L.t("lead.when", year=r.phasing.target_year) if r.phasing else ""
    parts = [L.t("lead.best" if r.status == "optimal" else "lead.feasible", n=len(r.chosen), m=r.candidates,
                 jobs=L.about(r.jobs_total), when=when, cost=L.eur(r.cost_total_eur))]
    band = r.studies.band
    if band is not None:
        if L.about(band.p5) == L.about(band.p95):
            parts.append(L["lead.band.flat"])
        else:
            parts.append(L.t("lead.band", p5=L.about(band.p5), p95=L.about(band.p95), n=L.num(band.samples),
                             seed=band.seed))
    if r.rates is not None and r.rates.after is not None:
        points = (r.rates.after - r.rates.before) * 100
        parts.append(L.t("lead.rate", before=L.pct(r.rates.before, 1), after=L.pct(r.rates.after, 1),
                         points=("+" if round(points, 1) > 0 else "") + L.num(points, 1),
                         target=L.pct(r.rates.target, 1)))
    return " ".join(parts)


def illustrative(r: ReportData, L: Labels) -> str | None:
    """Which budgets the case itself calls an assumption; None when it calls none so."""
    if not r.illustrative_budgets:
        return None
    return L.t("illustrative", domains=", ".join(d.name for d in r.illustrative_budgets))


def share_costs(r: ReportData, L: Labels, names: dict[str, str]) -> list[str]:
    """One sentence per minimum group share: its cost against the plan without it (`names`: id to name)."""
    out = []
    for c in r.studies.share_costs:
        fields = dict(name=names.get(c.group, c.group), share=L.pct(c.share, 1))
        if c.cost < 0.5:
            out.append(L.t("shares.free", **fields))
        elif c.objective == "max_jobs":
            out.append(L.t("shares.jobs", cost=L.about(c.cost), without=L.about(c.without_share),
                           with_=L.about(c.with_share), **fields))
        else:
            out.append(L.t("shares.eur", cost=L.eur(c.cost), without=L.eur(c.without_share),
                           with_=L.eur(c.with_share), **fields))
    return out


def summary_context(r: ReportData, L: Labels) -> dict:
    """What the summary templates (summary.md.j2, the html summary) take beside `r` and `L`."""
    names = {g.group.id: g.group.name for g in r.groups}
    return dict(verdict=verdict(r, L), lead=lead(r, L), illustrative=illustrative(r, L),
                shares=share_costs(r, L, names))
