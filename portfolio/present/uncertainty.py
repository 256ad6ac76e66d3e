"""Uncertainty in the terminal: the Monte Carlo selection frequencies, the robust portfolio beside the
nominal one, and the alternative portfolios."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from models import Case
from portfolio.present.text import as_jobs


def print_robust(result, case: Case, out: Console) -> None:
    """Selection frequencies, the nominal portfolio's jobs over the samples, and the robust portfolio beside
    it."""
    names = {a.action: a.name for a in case.actions}
    t = Table(title=f"Selection frequency over {result.solved} solved samples ({result.dist}, "
                    f"{result.correlation}, seed {result.seed})",
              caption="1: in the optimal portfolio of every sample (core); 0: of none")
    for col, just in (("action", "left"), ("name", "left"), ("nominal", "left"), ("frequency", "right")):
        t.add_column(col, justify=just)
    for a in sorted(result.frequency, key=lambda a: (-result.frequency[a], a not in result.selected, a)):
        f = result.frequency[a]
        t.add_row(a, escape(names[a]), "yes" if a in result.selected else "", f"{f:.2f}")
    if result.samples_solved:
        out.print(t)
    r = result.nominal
    out.print(f"Nominal portfolio ({len(result.selected)} actions, {as_jobs(result.jobs)} jobs at the "
              f"central effects) over {result.samples} samples: mean {as_jobs(r.mean)}, P5 {as_jobs(r.p5)}, "
              f"P50 {as_jobs(r.p50)}, P95 {as_jobs(r.p95)} (from {as_jobs(r.low)} to {as_jobs(r.high)}); "
              f"it reaches {as_jobs(result.target_jobs)} jobs in {result.p_target:.1%} of the samples.")
    extra = [f"{n} {what}" for n, what in ((result.not_proven, "not proven optimal"),
                                           (result.no_portfolio, "without a portfolio"),
                                           (result.failed, "failed"))
             if n]
    out.print(f"Solved {result.solved} of {result.samples} samples exactly"
              + (f"; {', '.join(extra)}" if extra else "") if result.samples_solved else
              "Samples not solved: the worst case needs none (add --solve-samples for the selection frequencies)")
    if result.robust is not None:
        print_robust_portfolio(result.robust, out)


def print_robust_portfolio(r, out: Console) -> None:
    """The robust portfolio beside the nominal one: jobs, guaranteed and CVaR jobs, cost, what changes."""
    measure = f"worst case, gamma {r.gamma}" if r.optimise == "worst_case" else f"CVaR, alpha {r.alpha:g}"
    t = Table(title=f"Robust portfolio ({measure}) beside the nominal one",
              caption=f"guaranteed: jobs counted whenever at most {r.gamma} reach rows fall to effect_low; "
                      "CVaR: mean jobs of the worst samples")
    t.add_column("")
    portfolios = [p for p in (r.nominal, r.robust) if p is not None]
    for p in portfolios:
        t.add_column(p.name, justify="right")
    value = lambda v: "" if v is None else as_jobs(v)  # noqa: E731
    rows = [("jobs at the central effects", [value(p.jobs) for p in portfolios]),
            (f"guaranteed jobs (gamma {r.gamma})", [value(p.guaranteed_jobs) for p in portfolios])]
    if r.alpha is not None:
        rows.append((f"CVaR jobs (alpha {r.alpha:g})", [value(p.cvar_jobs) for p in portfolios]))
    rows += [("P5 over the samples", [value(p.samples.p5 if p.samples else None) for p in portfolios]),
             ("mean over the samples", [value(p.samples.mean if p.samples else None) for p in portfolios]),
             ("cost EUR", [f"{p.cost_eur:,.0f}" for p in portfolios]),
             ("actions", [str(len(p.selected)) for p in portfolios])]
    for label, cells in rows:
        t.add_row(label, *cells)
    out.print(t)
    out.print(f"In the robust portfolio, not the nominal: {', '.join(r.added) or 'none'}; "
              f"left out: {', '.join(r.removed) or 'none'}")
    gap = f", gap {r.gap:.3%}" if r.gap else ""
    out.print(f"Status {r.status}{gap}; backend {r.backend}; time {r.solve_time_s:.2f} s")
    for note in r.notes:
        out.print(f"Note: {escape(note)}")


def print_alternatives(result, out: Console) -> None:
    """The alternative portfolios, best first, with the actions each holds or leaves out against the best."""
    what = f"within {result.within:.2%} of the optimum" if result.within is not None else \
        f"the {len(result.portfolios)} best"
    t = Table(title=f"Alternative portfolios: {what}",
              caption="in/out: actions it holds that the best does not, and actions of the best it leaves "
                      "out")
    for col, just in (("rank", "right"), ("jobs", "right"), ("cost EUR", "right"), ("status", "left"),
                      ("actions", "right"), ("in", "left"), ("out", "left")):
        t.add_column(col, justify=just)
    phased = result.differ_in is not None
    if phased:
        t.add_column("moved", justify="left")
    for p in result.portfolios:
        moved = [", ".join(f"{a} {p.start_year[a]}" for a in p.moved or ())] if phased else []
        t.add_row(str(p.rank), as_jobs(p.jobs), f"{p.cost_eur:,.0f}", p.status, str(len(p.selected)),
                  ", ".join(p.added), ", ".join(p.removed), *moved)
    out.print(t)
    if phased:
        differs = ("an action or a start year" if result.differ_in == "plan"
                   else "an action (each with its best start years)")
        out.print(f"Each portfolio is a plan: it differs from those before it in {differs}; moved: actions "
                  "of the best it starts in another year (and when).")
    if result.exhausted:
        out.print("No other portfolio "
                  + ("lies that close." if result.within is not None else "satisfies the rules."))
