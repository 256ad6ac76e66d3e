"""A case in the terminal: its summary (validate), its warnings and probable overlaps (check), and why it has
no portfolio (explain). Long lines are not broken, so they paste whole. Warnings, the overlaps' evidence and
the explanation are said in the terminal's language (their phrases, portfolio.core.phrases)."""

from __future__ import annotations

import math
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from models.summary import CaseSummary
from portfolio.present.text import as_jobs, as_meur, labels


def print_summary(s: CaseSummary, where: Path, out: Console) -> None:
    """The summary of a valid case as a planner reads it."""
    L = labels()
    n = s.counts
    out.print(f"[bold]{escape(s.name)}[/bold]: {L['t.valid']} ({escape(str(where))})")
    out.print(L.t("t.counts", domains=n["domains"], groups=n["groups"], barriers=n["barriers"],
                  priority=n["priority barriers"], actions=n["actions"], costs=n["cost rows"],
                  reach=n["reach rows"], synergies=n["synergies"], negative=n["negative synergies"],
                  overlaps=n["overlap groups"], requires=n["requires links"])
              + (L.t("t.counts.saturation", curves=n["saturation curves"]) if "saturation curves" in n
                 else ""))
    t = Table(title=L["t.candidates_budget"], caption=L["t.candidates_budget.caption"])
    t.add_column(L["t.domain"])
    for label in [L["t.total"], *map(str, s.years)]:
        t.add_column(label, justify="right")
    for line in (b for b in s.budgets if b.year is None):
        years = [b for b in s.budgets if b.domain == line.domain and b.year is not None]
        t.add_row(line.name, *(f"{as_meur(b.candidates_eur)} / {as_meur(b.budget_eur)}"
                               for b in (line, *years)))
    out.print(t)
    if s.windows:
        print_windows(s, out)
    cover = Table(title=L["t.coverage"])
    for col, just in (("t.barrier", "left"), ("t.name", "left"), ("t.candidates", "right"),
                      ("t.required", "right")):
        cover.add_column(L[col], justify=just)
    for b in s.coverage:
        cover.add_row(b.barrier, b.name, str(b.candidates), str(b.required))
    out.print(cover)
    out.print(L.t("t.all_candidates", jobs=as_jobs(s.candidate_jobs), caps=as_jobs(s.caps_jobs)))
    if s.rate_before is not None:
        out.print(L.t("t.baseline", rate=L.pct(s.rate_before), employed=L.num(s.employed),
                      population=L.num(s.population), target=L.pct(s.target_rate, 1),
                      jobs=L.num(math.ceil(s.jobs_to_target))))


def print_windows(s: CaseSummary, out: Console) -> None:
    """A phased case: the years each action may start in and the build-up of its effect."""
    L = labels()
    t = Table(title=L.t("t.windows", year=s.target_year), caption=L["t.windows.caption"])
    for col, just in (("t.action", "left"), ("t.name", "left"), ("t.may_start", "right"),
                      ("t.ramp", "right")):
        t.add_column(L[col], justify=just)
    for w in s.windows:
        t.add_row(w.action, escape(w.name), L.years(w.window), L.shares(w.ramp))
    out.print(t)


def print_explanation(e, out: Console) -> None:
    """The explanation as a planner reads it, in the terminal's language (long lines are not broken, so they
    paste whole)."""
    L = labels()
    out.print(escape(L.say(e.summary_phrase or e.summary)), soft_wrap=True)
    if e.status != "infeasible":
        return
    if not e.minimal:
        out.print(L["t.not_minimal"])
    if e.relaxations:
        out.print(L["t.relaxations"])
        for r in e.relaxations:
            verdict = L["t.feasible_alone"] if r.makes_feasible else L["t.not_enough"]
            out.print(escape(f"- {L.say(r.change_phrase or r.change)} ({verdict})"), soft_wrap=True)


def print_check(r, out: Console) -> None:
    """Warnings, then the probable overlaps strongest first with their evidence (long lines paste whole)."""
    L = labels()
    out.print(f"[bold]{escape(r.case)}[/bold]: " + L.t("t.check", warnings=len(r.warnings),
                                                         overlaps=len(r.overlaps)))
    for w in r.warnings:
        out.print(escape(w.text(L.say)), soft_wrap=True)
    if not r.overlaps:
        return
    t = Table(title=L["t.overlaps"], caption=L["t.overlaps.caption"])
    for col, just in (("#", "right"), ("t.actions", "left"), ("t.lead_domains", "left"),
                      ("t.names_alike", "right"), ("t.same_barriers", "left"), ("t.same_groups", "left"),
                      ("t.strength", "right")):
        t.add_column(L[col] if col != "#" else col, justify=just)
    for k, o in enumerate(r.overlaps, 1):
        t.add_row(str(k), f"{o.a} / {o.b}", f"{o.a_domain} / {o.b_domain}", L.pct(o.name_similarity, 0),
                  L.yes if o.same_barriers else L.no, L.yes if o.same_groups else L.no, L.num(o.strength, 2))
    out.print(t)
    for k, o in enumerate(r.overlaps, 1):
        out.print(escape(f"{k}. {o.evidence if o.evidence_words is None else L.say(o.evidence_words)}"),
                  soft_wrap=True)
    out.print(L["t.overlaps.advice"], soft_wrap=True)
