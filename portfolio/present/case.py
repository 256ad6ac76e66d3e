"""A case in the terminal: its summary (validate), its warnings and probable overlaps (check), and why it has
no portfolio (explain). Long lines are not broken, so they paste whole."""

from __future__ import annotations

import math
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from models.summary import CaseSummary
from portfolio.present.text import as_jobs, as_meur


def print_summary(s: CaseSummary, where: Path, out: Console) -> None:
    """The summary of a valid case as a planner reads it."""
    n = s.counts
    out.print(f"[bold]{s.name}[/bold]: valid ({where})")
    out.print(
        f"{n['domains']} domains, {n['groups']} groups, {n['barriers']} barriers "
        f"({n['priority barriers']} priority), {n['actions']} actions, {n['cost rows']} cost rows, "
        f"{n['reach rows']} reach rows, {n['synergies']} synergies "
        f"({n['negative synergies']} negative), {n['overlap groups']} overlap groups, "
        f"{n['requires links']} requires links"
        + (f", {n['saturation curves']} groups with a saturation curve" if "saturation curves" in n else "")
    )
    t = Table(title="Candidate cost vs budget per domain (EUR)", caption="candidates / budget")
    t.add_column("domain")
    for label in ["total", *map(str, s.years)]:
        t.add_column(label, justify="right")
    for line in (b for b in s.budgets if b.year is None):
        years = [b for b in s.budgets if b.domain == line.domain and b.year is not None]
        t.add_row(line.name, *(f"{as_meur(b.candidates_eur)} / {as_meur(b.budget_eur)}"
                               for b in (line, *years)))
    out.print(t)
    if s.windows:
        print_windows(s, out)
    cover = Table(title="Priority barriers: candidate actions addressing each")
    for col, just in (("barrier", "left"), ("name", "left"), ("candidates", "right"), ("required", "right")):
        cover.add_column(col, justify=just)
    for b in s.coverage:
        cover.add_row(b.barrier, b.name, str(b.candidates), str(b.required))
    out.print(cover)
    out.print(f"All candidates together: {as_jobs(s.candidate_jobs)} direct jobs; group caps allow at most "
              f"{as_jobs(s.caps_jobs)}.")
    if s.rate_before is not None:
        out.print(
            f"Baseline employment rate {s.rate_before:.3%} ({s.employed:,} of {s.population:,}); "
            f"target {s.target_rate:.1%}: {math.ceil(s.jobs_to_target):,} jobs needed to reach it."
        )


def print_windows(s: CaseSummary, out: Console) -> None:
    """A phased case: the years each action may start in and the build-up of its effect."""
    t = Table(title=f"Start windows and ramps (jobs count in {s.target_year})",
              caption="candidate cost per year above: each action started at its earliest start; ramp: share "
                      "of the full effect after 1, 2, ... years of running")
    for col, just in (("action", "left"), ("name", "left"), ("may start", "right"), ("ramp", "right")):
        t.add_column(col, justify=just)
    for w in s.windows:
        window = str(w.window[0]) if len(w.window) == 1 else f"{w.window[0]}–{w.window[-1]}"
        t.add_row(w.action, escape(w.name), window, " · ".join(f"{x:.0%}" for x in w.ramp))
    out.print(t)


def print_explanation(e, out: Console) -> None:
    """The explanation as a planner reads it (long lines are not broken, so they paste whole)."""
    out.print(escape(e.summary), soft_wrap=True)
    if e.status != "infeasible":
        return
    if not e.minimal:
        out.print("(a check ran out of time: the set may hold a rule that is not needed for the conflict)")
    if e.relaxations:
        out.print("What would make the case feasible:")
        for r in e.relaxations:
            verdict = "makes the case feasible" if r.makes_feasible else "not enough on its own"
            out.print(escape(f"- {r.change} ({verdict})"), soft_wrap=True)


def print_check(r, out: Console) -> None:
    """Warnings, then the probable overlaps strongest first with their evidence (long lines paste whole)."""
    out.print(f"[bold]{escape(r.case)}[/bold]: {len(r.warnings)} warning(s), {len(r.overlaps)} probable "
              "overlap(s) between working groups' proposals")
    for w in r.warnings:
        out.print(escape(str(w)), soft_wrap=True)
    if not r.overlaps:
        return
    t = Table(title="Probable overlaps, strongest first",
              caption="strength: name similarity + share of barriers in common + share of groups in common "
                      "(0-3)")
    for col, just in (("#", "right"), ("actions", "left"), ("lead domains", "left"), ("names alike", "right"),
                      ("same barriers", "left"), ("same groups", "left"), ("strength", "right")):
        t.add_column(col, justify=just)
    for k, o in enumerate(r.overlaps, 1):
        t.add_row(str(k), f"{o.a} / {o.b}", f"{o.a_domain} / {o.b_domain}", f"{o.name_similarity:.0%}",
                  "yes" if o.same_barriers else "no", "yes" if o.same_groups else "no", f"{o.strength:.2f}")
    out.print(t)
    for k, o in enumerate(r.overlaps, 1):
        out.print(escape(f"{k}. {o.evidence}"), soft_wrap=True)
    out.print("For each pair: one measure -> give both the same overlap_group (actions.csv); both wanted but "
              "partly the same people -> a synergies.csv row per shared group; different measures -> no "
              "change.",
              soft_wrap=True)
