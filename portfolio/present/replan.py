"""A re-plan in the terminal: what was kept, what changed against the old plan, and the jobs gained."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from portfolio.present.text import as_jobs, labels


def print_changes(r, out: Console) -> None:
    """The differences of a re-plan (portfolio.replan.Replan) to the plan it started from."""
    L = labels()
    if r.kept:
        out.print(L.t("t.kept", year=r.from_year, n=len(r.kept))
                  + ", ".join(f"{a} ({year})" for a, year in sorted(r.kept.items())))
    t = Table(title=L.t("t.replan", year=r.from_year))
    t.add_column(L["t.action"])
    t.add_column(L["t.change"])
    for a in r.added:
        start = (r.solution.start_year or {}).get(a)
        t.add_row(a, L["t.in"] + (L.t("t.starts_in", year=start) if start is not None else ""))
    for a in r.dropped:
        t.add_row(a, L["t.out"])
    for a, (old, new) in sorted(r.moved.items()):
        t.add_row(a, L.t("t.start_moved", old=old, new=new))
    if t.row_count:
        out.print(t)
    else:
        out.print(L["t.no_changes"])
    before = r.carrying_on
    if before is None:
        out.print(L["t.carry_unknown"])
    elif not before.feasible:
        broken = ", ".join(c.name for c in before.violations)
        out.print(L.t("t.carry_broken", rules=broken))
    elif r.jobs_gained is not None:
        out.print(L.t("t.jobs_gained", jobs=as_jobs(r.solution.jobs_total), before=as_jobs(before.jobs_total),
                      gained=L.signed(r.jobs_gained, 1)))
