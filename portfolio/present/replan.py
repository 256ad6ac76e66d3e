"""A re-plan in the terminal: what was kept, what changed against the old plan, and the jobs gained."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from portfolio.present.text import as_jobs


def print_changes(r, out: Console) -> None:
    """The differences of a re-plan (portfolio.replan.Replan) to the plan it started from."""
    if r.kept:
        out.print(f"Kept as started before {r.from_year} ({len(r.kept)}): "
                  + ", ".join(f"{a} ({year})" for a, year in sorted(r.kept.items())))
    t = Table(title=f"Re-plan from {r.from_year}: changes to the plan")
    t.add_column("action")
    t.add_column("change")
    for a in r.added:
        start = (r.solution.start_year or {}).get(a)
        t.add_row(a, "in" + (f", starts {start}" if start is not None else ""))
    for a in r.dropped:
        t.add_row(a, "out")
    for a, (old, new) in sorted(r.moved.items()):
        t.add_row(a, f"start moved {old} -> {new}")
    if t.row_count:
        out.print(t)
    else:
        out.print("No changes to the actions or their starts.")
    before = r.carrying_on
    if before is None:
        out.print("Carrying on with the old plan: it names actions this case no longer has.")
    elif not before.feasible:
        broken = ", ".join(c.name for c in before.violations)
        out.print(f"Carrying on with the old plan is no longer possible: it breaks {broken}.")
    elif r.jobs_gained is not None:
        out.print(f"Jobs: {as_jobs(r.solution.jobs_total)} with the re-plan against {as_jobs(before.jobs_total)} "
                  f"carrying on ({r.jobs_gained:+,.1f}).")
