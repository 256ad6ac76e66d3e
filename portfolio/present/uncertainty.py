"""Uncertainty in the terminal: the Monte Carlo selection frequencies, the robust portfolio beside the
nominal one, and the alternative portfolios."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from models import Case
from portfolio.present.text import as_jobs, labels


def print_robust(result, case: Case, out: Console) -> None:
    """Selection frequencies, the nominal portfolio's jobs over the samples, and the robust portfolio beside
    it."""
    L = labels()
    names = {a.action: a.name for a in case.actions}
    t = Table(title=L.t("t.frequency", solved=result.solved, dist=result.dist, correlation=result.correlation,
                        seed=result.seed),
              caption=L["t.frequency.caption"])
    for col, just in (("t.action", "left"), ("t.name", "left"), ("t.nominal", "left"),
                      ("t.frequency_col", "right")):
        t.add_column(L[col], justify=just)
    for a in sorted(result.frequency, key=lambda a: (-result.frequency[a], a not in result.selected, a)):
        f = result.frequency[a]
        t.add_row(a, escape(names[a]), L.yes if a in result.selected else "", L.num(f, 2))
    if result.samples_solved:
        out.print(t)
    r = result.nominal
    out.print(L.t("t.nominal_line", actions=len(result.selected), jobs=as_jobs(result.jobs),
                  samples=result.samples, mean=as_jobs(r.mean), p5=as_jobs(r.p5), p50=as_jobs(r.p50),
                  p95=as_jobs(r.p95), low=as_jobs(r.low), high=as_jobs(r.high),
                  target=as_jobs(result.target_jobs),
                  share=L.pct(result.p_target, 1)))
    extra = [f"{n} {L[what]}" for n, what in ((result.not_proven, "t.not_proven"),
                                              (result.no_portfolio, "t.no_portfolio"),
                                              (result.failed, "t.failed"))
             if n]
    out.print(L.t("t.solved", solved=result.solved, samples=result.samples)
              + (f"; {', '.join(extra)}" if extra else "") if result.samples_solved else L["t.not_solved"])
    if result.robust is not None:
        print_robust_portfolio(result.robust, out)


def print_robust_portfolio(r, out: Console) -> None:
    """The robust portfolio beside the nominal one: jobs, guaranteed and CVaR jobs, cost, what changes."""
    L = labels()
    measure = L.t("t.worst_case", gamma=r.gamma) if r.optimise == "worst_case" else f"CVaR, alpha {r.alpha:g}"
    t = Table(title=L.t("t.robust", measure=measure), caption=L.t("t.robust.caption", gamma=r.gamma))
    t.add_column("")
    portfolios = [p for p in (r.nominal, r.robust) if p is not None]
    for p in portfolios:
        t.add_column(p.name, justify="right")
    value = lambda v: "" if v is None else as_jobs(v)  # noqa: E731
    rows = [(L["t.central_jobs"], [value(p.jobs) for p in portfolios]),
            (L.t("t.guaranteed", gamma=r.gamma), [value(p.guaranteed_jobs) for p in portfolios])]
    if r.alpha is not None:
        rows.append((L.t("t.cvar", alpha=f"{r.alpha:g}"), [value(p.cvar_jobs) for p in portfolios]))
    rows += [(L["t.p5_samples"], [value(p.samples.p5 if p.samples else None) for p in portfolios]),
             (L["t.mean_samples"], [value(p.samples.mean if p.samples else None) for p in portfolios]),
             (L["t.cost_eur"], [L.num(p.cost_eur) for p in portfolios]),
             (L["t.actions"], [str(len(p.selected)) for p in portfolios])]
    for label, cells in rows:
        t.add_row(label, *cells)
    out.print(t)
    out.print(L.t("t.robust_diff", added=", ".join(r.added) or L["t.none"],
                  removed=", ".join(r.removed) or L["t.none"]))
    gap = L.t("t.gap_part", gap=L.pct(r.gap)) if r.gap else ""
    out.print(L.t("t.robust_status", status=L.state(r.status), gap=gap, backend=r.backend,
                  time=L.num(r.solve_time_s, 2)))
    for note in r.notes:
        out.print(L.t("t.note", note=escape(note)))


def print_alternatives(result, out: Console) -> None:
    """The alternative portfolios, best first, with the actions each holds or leaves out against the best."""
    L = labels()
    what = (L.t("t.within", share=L.pct(result.within, 2)) if result.within is not None
            else L.t("t.best_k", k=len(result.portfolios)))
    t = Table(title=L.t("t.alternatives", what=what), caption=L["t.alternatives.caption"])
    for col, just in (("t.rank", "right"), ("t.jobs", "right"), ("t.cost_eur", "right"), ("t.status", "left"),
                      ("t.actions", "right"), ("t.in", "left"), ("t.out", "left")):
        t.add_column(L[col], justify=just)
    phased = result.differ_in is not None
    if phased:
        t.add_column(L["t.moved"], justify="left")
    for p in result.portfolios:
        moved = [", ".join(f"{a} {p.start_year[a]}" for a in p.moved or ())] if phased else []
        t.add_row(str(p.rank), as_jobs(p.jobs), L.num(p.cost_eur), L.state(p.status), str(len(p.selected)),
                  ", ".join(p.added), ", ".join(p.removed), *moved)
    out.print(t)
    if phased:
        differs = L["t.differs.plan" if result.differ_in == "plan" else "t.differs.actions"]
        out.print(L.t("t.plans", differs=differs))
    if result.exhausted:
        out.print(L["t.exhausted.within" if result.within is not None else "t.exhausted"])
