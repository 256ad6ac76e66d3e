"""Cross-row checks of a case: references, ranges across columns, and rule settings.

Every problem is collected (not only the first) and raised together as a
CaseError. Rows are numbered as lines of their file with one header line
(index 0 is line 2); the readers renumber when the file says otherwise.

A reader that could not read every row still runs these checks on the rows
it did read, told by `Unread` what is missing, so that a planner sees every
problem at once; a check whose answer could depend on a missing row says
nothing rather than something false.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Protocol

from models.errors import CaseError, Issue, did_you_mean, show_number

FIRST_DATA_LINE = 2

# Largest numbers the solvers take exactly, with a margin (measured: docs/case-format.md, section 2).
ACTION_COST_LIMIT_EUR = 1e8  # one cost row, and one action's cost over all its rows
BUDGET_LIMIT_EUR = 1e10  # a budget (a right-hand side only: harmless far above)
PERSONS_LIMIT = 1e7  # population, reach, max_extra_jobs, jobs_target
SYNERGY_LIMIT = 1e6  # |extra_jobs| of one synergy


class CaseTables(Protocol):
    """What the checks read of a case: its tables and settings. A models.Case is one (models.case imports this
    module to check itself on construction, so the checks name no class of it); so is a case a reader built
    without validation."""

    domains: tuple[Any, ...]
    groups: tuple[Any, ...]
    barriers: tuple[Any, ...]
    actions: tuple[Any, ...]
    costs: tuple[Any, ...]
    reach: tuple[Any, ...]
    synergies: tuple[Any, ...]
    budgets: tuple[Any, ...] | None
    saturation: tuple[Any, ...] | None
    rules: Any
    objective: str
    jobs_target: float | None
    target_year: int | None


@dataclass(frozen=True)
class Unread:
    """What a reader could not read, so that checks on the rest stay quiet about it.

    `ids`: Case field ("domains", "costs", ...) -> ids of the rows that did not parse (for tables
    without an id column, an empty set: the table is incomplete), or None when the whole table is
    unknown (a missing or unreadable file). `settings`: case.yaml could not be read.
    """

    ids: dict[str, frozenset[str] | None] = field(default_factory=dict)
    settings: bool = False

    def complete(self, table: str) -> bool:
        return table not in self.ids

    def may_exist(self, table: str, ref: str) -> bool:
        """Could `ref` be an id of `table` that is in a row that was not read?"""
        if table not in self.ids:
            return False
        ids = self.ids[table]
        return ids is None or ref in ids


class _Collector:
    def __init__(self, unread: Unread) -> None:
        self.issues: list[Issue] = []
        self.unread = unread

    def unknown(self, table: str, ref: str, known) -> bool:
        """True when `ref` is not an id of `table` and no unread row could hold it."""
        return ref not in known and not self.unread.may_exist(table, ref)

    def unknown_id(self, kind: str, ref: str, known, file: str, index: int | None, column: str) -> None:
        """Say that `ref` is no id of a `kind` (domain, action, group, barrier), with the closest id, unless
        an unread row could hold it: at row `index` of `file`, or at the case.yaml key `column` when `index`
        is None."""
        table = f"{kind}s"
        if not self.unknown(table, ref, known):
            return
        said = f"unknown {kind} {ref!r}{did_you_mean(ref, known)}"
        if index is None:
            self.setting(column, f"{said}; use an id of {table}.csv")
        else:
            self.row(file, index, column, f"{said}; add it to {table}.csv")

    def row(self, file: str, index: int, column: str | None, message: str) -> None:
        self.issues.append(Issue(file, index + FIRST_DATA_LINE, column, message))

    def setting(self, key: str, message: str) -> None:
        self.issues.append(Issue("case.yaml", None, key, message))

    def file(self, file: str, message: str) -> None:
        self.issues.append(Issue(file, None, None, message))


def check_case(case: CaseTables, unread: Unread | None = None) -> None:
    """Raise CaseError listing every cross-row problem of `case`; return None if there is none.

    With `unread`, `case` holds only the rows a reader could read (built without validation);
    checks that a missing row could change are skipped.
    """
    out = _Collector(unread or Unread())
    _check_nonempty(case, out)
    _check_unique_ids(case, out)
    _check_actions(case, out)
    _check_costs(case, out)
    _check_reach(case, out)
    _check_synergies(case, out)
    _check_budgets(case, out)
    _check_phasing(case, out)
    _check_saturation(case, out)
    if not out.unread.settings:
        _check_settings(case, out)
    if out.issues:
        raise CaseError(out.issues)


def _check_nonempty(case: CaseTables, out: _Collector) -> None:
    for file, rows in (
        ("domains.csv", case.domains),
        ("groups.csv", case.groups),
        ("barriers.csv", case.barriers),
        ("actions.csv", case.actions),
        ("costs.csv", case.costs),
        ("reach.csv", case.reach),
    ):
        if not rows and out.unread.complete(file.removesuffix(".csv")):
            out.file(file, "has no rows; a case needs at least one")
    if case.budgets is not None and not case.budgets and out.unread.complete("budgets"):
        out.file("budgets.csv", "has no rows; remove the file or add a budget per domain and year")


def _duplicates(file: str, column: str, keys: list, out: _Collector, what: str) -> None:
    seen: dict = {}
    for index, key in enumerate(keys):
        if key in seen:
            out.row(
                file,
                index,
                column,
                f"{what} {_show(key)} appears again (first on line {seen[key] + FIRST_DATA_LINE}); "
                "each must be unique",
            )
        else:
            seen[key] = index


def _show(key) -> str:
    return "/".join(str(k) for k in key) if isinstance(key, tuple) else repr(key)


def _cost_key(cost: Any) -> tuple:
    """What makes a cost row unique: action, domain and year, or in a phased case its run year."""
    if cost.run_year is None:
        return cost.action, cost.domain, cost.year
    return cost.action, cost.domain, f"run_year {cost.run_year}"


def _check_unique_ids(case: CaseTables, out: _Collector) -> None:
    _duplicates("domains.csv", "domain", [d.domain for d in case.domains], out, "domain")
    _duplicates("groups.csv", "group", [g.group for g in case.groups], out, "group")
    _duplicates("barriers.csv", "barrier", [b.barrier for b in case.barriers], out, "barrier")
    _duplicates("actions.csv", "action", [a.action for a in case.actions], out, "action")
    _duplicates(
        "costs.csv", "domain", [_cost_key(c) for c in case.costs], out, "cost row"
    )
    _duplicates("reach.csv", "group", [(r.action, r.group) for r in case.reach], out, "reach row")
    if case.budgets:
        _duplicates(
            "budgets.csv", "year", [(b.domain, b.year) for b in case.budgets], out, "budget row"
        )


def _check_actions(case: CaseTables, out: _Collector) -> None:
    domains = {d.domain for d in case.domains}
    barriers = {b.barrier for b in case.barriers}
    actions = {a.action: a for a in case.actions}
    for i, a in enumerate(case.actions):
        out.unknown_id("domain", a.lead_domain, domains, "actions.csv", i, "lead_domain")
        for b, n in Counter(a.barriers).items():
            out.unknown_id("barrier", b, barriers, "actions.csv", i, "barriers")
            if n > 1:
                out.row("actions.csv", i, "barriers", f"barrier {b!r} is listed {n} times; list it once")
        for r, n in Counter(a.requires).items():
            if n > 1:
                out.row("actions.csv", i, "requires", f"action {r!r} is listed {n} times; list it once")
            if r == a.action:
                out.row("actions.csv", i, "requires", f"action {r!r} requires itself; remove it")
            elif r not in actions:
                out.unknown_id("action", r, actions, "actions.csv", i, "requires")
            elif a.overlap_group is not None and actions[r].overlap_group == a.overlap_group:
                out.row(
                    "actions.csv",
                    i,
                    "requires",
                    f"requires {r!r} of the same overlap_group {a.overlap_group!r}, so "
                    f"{a.action!r} could never be chosen; drop the requirement or the overlap",
                )


def _check_costs(case: CaseTables, out: _Collector) -> None:
    domains = {d.domain for d in case.domains}
    actions = {a.action for a in case.actions}
    budget_keys = {(b.domain, b.year) for b in case.budgets or ()}
    years_known = out.unread.complete("budgets")
    check_years = case.budgets is not None and years_known and not _phased(case)
    rows_of: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(case.costs):
        rows_of[c.action].append(i)
        out.unknown_id("action", c.action, actions, "costs.csv", i, "action")
        out.unknown_id("domain", c.domain, domains, "costs.csv", i, "domain")
        if check_years:
            if c.year is None:
                out.row("costs.csv", i, "year", "is empty; with budgets.csv every cost needs a year")
            elif c.domain in domains and (c.domain, c.year) not in budget_keys:
                out.row(
                    "costs.csv",
                    i,
                    "year",
                    f"{c.year} has no budget for domain {c.domain!r}; add that row to budgets.csv",
                )
    for action, rows in rows_of.items():
        total = math.fsum(case.costs[i].cost_eur for i in rows)
        if len(rows) > 1 and total > ACTION_COST_LIMIT_EUR:
            lines = ", ".join(str(i + FIRST_DATA_LINE) for i in rows)
            out.row(
                "costs.csv",
                rows[0],
                "cost_eur",
                f"action {action!r} costs {show_number(total)} EUR in all (lines {lines}), above the limit of "
                f"{show_number(ACTION_COST_LIMIT_EUR)} for one action: the solvers cannot compute exactly "
                "with larger numbers here (see the case format, section 2)",
            )


def _check_reach(case: CaseTables, out: _Collector) -> None:
    groups = {g.group: g for g in case.groups}
    actions = {a.action for a in case.actions}
    for i, r in enumerate(case.reach):
        out.unknown_id("action", r.action, actions, "reach.csv", i, "action")
        group = groups.get(r.group)
        if group is None:
            out.unknown_id("group", r.group, groups, "reach.csv", i, "group")
        elif r.reach > group.population:
            out.row(
                "reach.csv",
                i,
                "reach",
                f"{show_number(r.reach)} exceeds the population {show_number(group.population)} of group "
                f"{r.group!r}; an action cannot reach more people than the group has",
            )
        if r.effect_low is not None and r.effect_low > r.effect:
            out.row("reach.csv", i, "effect_low", f"{show_number(r.effect_low)} is above effect "
                    f"{show_number(r.effect)}; need effect_low <= effect")
        if r.effect_high is not None and r.effect_high < r.effect:
            out.row("reach.csv", i, "effect_high", f"{show_number(r.effect_high)} is below effect "
                    f"{show_number(r.effect)}; need effect <= effect_high")


def _check_synergies(case: CaseTables, out: _Collector) -> None:
    groups = {g.group for g in case.groups}
    actions = {a.action: a for a in case.actions}
    direct = defaultdict(float)
    for r in case.reach:
        direct[r.action, r.group] += r.jobs
    seen: dict = {}
    for i, s in enumerate(case.synergies):
        for column in ("action_a", "action_b"):
            out.unknown_id("action", getattr(s, column), actions, "synergies.csv", i, column)
        out.unknown_id("group", s.group, groups, "synergies.csv", i, "group")
        if s.action_a == s.action_b:
            out.row("synergies.csv", i, "action_b", f"{s.action_b!r} is the same action as action_a; a synergy needs two actions")
            continue
        key = (frozenset((s.action_a, s.action_b)), s.group)
        if key in seen:
            out.row(
                "synergies.csv",
                i,
                "action_b",
                f"pair {s.action_a}/{s.action_b} in group {s.group!r} appears again "
                f"(first on line {seen[key] + FIRST_DATA_LINE}); give each pair one row per group",
            )
        else:
            seen[key] = i
        a, b = actions.get(s.action_a), actions.get(s.action_b)
        if a and b and a.overlap_group is not None and a.overlap_group == b.overlap_group:
            out.row(
                "synergies.csv",
                i,
                "action_b",
                f"{s.action_a!r} and {s.action_b!r} share overlap_group {a.overlap_group!r} and can never "
                "both be chosen; remove this synergy",
            )
        if s.extra_jobs < 0 and a and b and out.unread.complete("reach"):
            smaller = min(direct[s.action_a, s.group], direct[s.action_b, s.group])
            if -s.extra_jobs > smaller + 1e-9:
                out.row(
                    "synergies.csv",
                    i,
                    "extra_jobs",
                    f"{show_number(s.extra_jobs)} removes more jobs than the smaller of the two actions creates "
                    f"in group {s.group!r} ({show_number(smaller)} = reach x effect); an overlap cannot exceed that",
                )


def _check_budgets(case: CaseTables, out: _Collector) -> None:
    if not case.budgets:
        return
    domains = {d.domain for d in case.domains}
    for i, b in enumerate(case.budgets):
        out.unknown_id("domain", b.domain, domains, "budgets.csv", i, "domain")


def _check_saturation(case: CaseTables, out: _Collector) -> None:
    """Spec 4.2: each group's points, after (0, 0) and in file order, rise in direct_jobs and in jobs with
    slopes that never increase, the first at most 1."""
    groups = {g.group for g in case.groups}
    ordered = out.unread.complete("saturation")  # a row that did not parse could change every slope after it
    last: dict[str, tuple[int | None, float, float, float]] = {}  # group -> (index, direct_jobs, jobs, slope)
    for i, p in enumerate(getattr(case, "saturation", None) or ()):
        if p.group not in groups:
            out.unknown_id("group", p.group, groups, "saturation.csv", i, "group")
            continue
        if not ordered:
            continue
        before, x0, y0, slope0 = last.get(p.group, (None, 0.0, 0.0, 1.0))
        after = "(0, 0)" if before is None else f"line {before + FIRST_DATA_LINE}"
        if p.direct_jobs <= x0:
            out.row("saturation.csv", i, "direct_jobs", f"{show_number(p.direct_jobs)} is not above "
                    f"{show_number(x0)} of {after}; list a group's points by increasing direct_jobs")
            continue
        if p.jobs <= y0:
            out.row("saturation.csv", i, "jobs", f"{show_number(p.jobs)} is not above {show_number(y0)} of "
                    f"{after}; the jobs counted rise with the direct jobs")
            continue
        slope = (p.jobs - y0) / (p.direct_jobs - x0)
        if slope > slope0 * (1 + 1e-9):
            if before is None:
                why = "is above 1; a curve of diminishing returns never counts more jobs than the direct jobs"
            else:
                why = (f"is above the slope {show_number(round(slope0, 6))} before {after}; the slopes of a "
                       "curve of diminishing returns never increase")
            out.row("saturation.csv", i, "jobs", f"{show_number(p.jobs)} makes the slope from {after} "
                    f"{show_number(round(slope, 6))}, which {why}")
            continue
        last[p.group] = (i, p.direct_jobs, p.jobs, slope)


def _check_settings(case: CaseTables, out: _Collector) -> None:
    actions = {a.action for a in case.actions}
    groups = {g.group for g in case.groups}
    rules = case.rules
    if case.objective == "min_cost" and case.jobs_target is None:
        out.setting("jobs_target", "is not set; objective min_cost needs the total extra jobs to reach")
    for key in ("locked_in", "locked_out"):
        for ref, n in Counter(getattr(rules, key)).items():
            out.unknown_id("action", ref, actions, "case.yaml", None, f"rules.{key}")
            if n > 1:
                out.setting(f"rules.{key}", f"{ref!r} is listed {n} times; list it once")
    for ref in sorted(set(rules.locked_in) & set(rules.locked_out)):
        out.setting("rules.locked_out", f"{ref!r} is locked in and locked out at once; keep one")
    for group in rules.min_group_share:
        out.unknown_id("group", group, groups, "case.yaml", None, f"rules.min_group_share.{group}")
    total_share = math.fsum(rules.min_group_share.values())
    if total_share > 1 + 1e-12:
        out.setting(
            "rules.min_group_share",
            f"shares add up to {show_number(total_share)}, above 1; no portfolio can give every group its share",
        )


def _phased(case: CaseTables) -> bool:
    return any(c.run_year is not None for c in case.costs)


PHASED_ONLY = ("applies only to a phased case; give costs.csv a run_year column (the case format reference, "
               "section 4.6)")


def _check_phasing(case: CaseTables, out: _Collector) -> None:
    """Spec 4.1: run years need budgets (the horizon), start windows lie in it, a ramp only in a phased case."""
    if not _phased(case):
        for i, a in enumerate(case.actions):
            for column in ("earliest_start", "latest_start", "ramp"):
                if getattr(a, column) not in (None, ()):
                    out.row("actions.csv", i, column, PHASED_ONLY)
        if not out.unread.settings:
            if case.target_year is not None:
                out.setting("target_year", PHASED_ONLY)
            if case.rules.start_in:
                out.setting("rules.start_in", PHASED_ONLY)
        return
    for i, c in enumerate(case.costs):
        if c.run_year is None and c.year is not None:
            out.row("costs.csv", i, "run_year", f"is empty but year is {c.year}; costs.csv has run_year, so "
                    "the case is phased and charges every cost by its run_year (1: the year the action "
                    "starts); write the run year and leave year empty")
        elif c.run_year is None:
            out.row("costs.csv", i, "run_year", "is empty; in a phased case every cost row needs a run_year "
                    "(1: the year the action starts)")
        elif c.year is not None:
            out.row("costs.csv", i, "year", f"{c.year} is a calendar year, but a phased case charges costs by "
                    "run_year (the year of running); leave year empty")
    if not case.budgets:
        if case.budgets is None and out.unread.complete("budgets"):
            out.file("costs.csv", "has run_year, so the case is phased and needs budgets.csv: its years are the "
                     "horizon the actions start in")
        return
    if not out.unread.complete("budgets"):
        return
    horizon = sorted({b.year for b in case.budgets})
    span = f"the horizon of budgets.csv is {horizon[0]}-{horizon[-1]}"
    have = {(b.domain, b.year) for b in case.budgets}
    paying = sorted({c.domain for c in case.costs} & {d.domain for d in case.domains})
    for d in paying:
        missing = [y for y in horizon if (d, y) not in have]
        if missing:
            out.file("budgets.csv", f"domain {d!r} pays costs but has no budget in {', '.join(map(str, missing))}; "
                     "a phased case needs a budget per paying domain and year of the horizon (write 0 for none)")
    windows: dict[str, tuple[int, ...]] = {}
    for i, a in enumerate(case.actions):
        first = a.earliest_start if a.earliest_start is not None else horizon[0]
        last = a.latest_start if a.latest_start is not None else first
        outside = False
        for column, year in (("earliest_start", a.earliest_start), ("latest_start", a.latest_start)):
            if year is not None and year not in horizon:
                outside = True
                out.row("actions.csv", i, column, f"{year} is not a year of the horizon ({span}); an action starts "
                        "in a budget year")
        if first > last and not outside:
            out.row("actions.csv", i, "latest_start", f"{last} is before earliest_start {first}; "
                    "need earliest_start <= latest_start")
        windows[a.action] = tuple(y for y in horizon if first <= y <= last)
    if out.unread.settings:
        return
    if case.target_year is not None and case.target_year < horizon[0]:
        out.setting("target_year", f"{case.target_year} is before the horizon ({span}); no action would count")
    for action, year in case.rules.start_in.items():
        if action not in windows:
            out.unknown_id("action", action, windows, "case.yaml", None, f"rules.start_in.{action}")
        elif year not in windows[action]:
            allowed = windows[action]
            can = f"{allowed[0]}-{allowed[-1]}" if len(allowed) > 1 else (str(allowed[0]) if allowed else "no year")
            out.setting(f"rules.start_in.{action}", f"{year} is outside the start window of {action!r} ({can}); "
                        "pick a year in it or change earliest_start/latest_start in actions.csv")
