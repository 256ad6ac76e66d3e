"""Warnings about a valid case, before solving (`case_warnings`) and after a solve (`solution_warnings`).

None of them stops a solve; each says where (`file:row:column`, rows numbered as models/checks.py numbers
them: a record's index + 2), what and why with the numbers, and how to fix it (models.warnings.CaseWarning).

Before solving:

- `year_budgets_exceed_total`: a domain's rows in budgets.csv add up to more than its budget_eur in
  domains.csv. Both limits apply, so the total binds first, and an analyst who raises one year sees nothing
  happen.
- an action that can never be chosen (one warning per action, the first reason that holds): it costs a
  domain more than that domain's whole budget, over the horizon or in a year (`action_over_budget`); it
  requires, directly or through other actions, a locked-out action (`action_requires_locked_out`); it shares
  its overlap group with a locked-in action, or with an action a locked-in action requires
  (`action_overlaps_locked_in`); it needs two actions of one overlap group (`action_requires_overlap`);
  together with everything it requires and everything locked in, it exceeds a budget
  (`action_over_budget_together`) or `max_actions` (`action_exceeds_max_actions`). In a phased case an action
  is over budget when every start year of its window breaks a budget (its spend within the horizon), it
  cannot start early enough when an action it requires cannot start by its last start year
  (`action_requires_later_start`), and the together test counts each action at the least it charges each
  budget in any start year of its window (a fixed start of rules.start_in at that year). A locked-out action
  is not warned about (never choosing it is the point), nor is a locked-in one (if that cannot be chosen the
  case is infeasible, which `solve` and `explain` report). When the locked-in actions on their own already
  break a rule, the case is infeasible and only the reasons that do not involve the locks are given.
- numbers whose scale hurts a solver (`coefficient_range`, `too_many_decimals`, thresholds below).

After a solve, `equity_share_costs_jobs` (`equity_share_costs_eur` with `min_cost`): what each minimum
group share costs, from a second exact solve without it.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator

from models import Case, Solution, SolverSettings, Status
from models.casedata import CaseData
from models.checks import FIRST_DATA_LINE
from models.studies import ShareCost
from models.warnings import CaseWarning
from portfolio.core.interrupt import complete
from portfolio.core.tolerances import INTEGRAL, slack
from portfolio.rules.base import named
from portfolio.rules.requires import earliest_starts, latest_start
from portfolio.solve import solve, solver_settings

# Nonzero costs (or jobs) that span more than this factor, smallest to largest, are flagged. Every solver
# scales each row so its largest coefficient is near 1; past a span of 1e9 the smallest then lies at or
# below 1e-9, where HiGHS drops matrix entries as zero (its `small_matrix_value` is 1e-9) and far below
# every solver's feasibility tolerance (1e-7 in HiGHS, 1e-6 in portfolio.core.tolerances): such a cost or jobs
# figure is invisible to the solver. The bundled Flemish case spans 1.8e2 in costs and 7e2 in jobs, so the
# limit leaves room for any real case; with the input limits of models/checks.py (a cost at most 1e8 EUR,
# persons 1e7) it catches a cost of cents next to millions, or jobs in millionths of a person: a unit
# mix-up or a formula's residue.
COEFFICIENT_RANGE = 1e9

# Amounts (EUR, jobs) that need more decimals than this are flagged, tested as cpsat tests them: a value
# needs k decimals when value x 10^k is whole within 1e-9 relative (tolerances.INTEGRAL), so 150000.1234567
# passes (4 decimals, off by 3e-10) and 10.9999989 does not. The cpsat backend works in integers: it
# counts jobs in steps of at most 10^-6 and multiplies rows by at most 10^9 (portfolio/backends/cpsat.py),
# so a finer amount is rounded and its answer is re-verified and never labelled optimal. Money is written
# in cents and jobs in whole or tenths of persons; six decimals or more is the residue of a spreadsheet
# formula, never a meaningful figure. The other backends are not affected.
MAX_DECIMALS = 6

# A share's cost below this (jobs, or EUR with min_cost) is no cost: half a job cannot be created.
SHARE_COST_MIN = 0.5


def case_warnings(case: Case, data: CaseData | None = None) -> list[CaseWarning]:
    """Everything in `case` a planner should look at before solving; an empty list when nothing is off."""
    data = data or CaseData.of(case)
    lines = Lines(case)
    return [*year_budgets_over_total(data, lines), *never_chosen(data, lines), *scale_warnings(data, lines)]


# --------------------------------------------------------------------------- where records stand


class Lines:
    """The line of each record in its file: index + 2, as models/checks.py numbers rows (first occurrence)."""

    def __init__(self, case: Case) -> None:
        def first(keys: Iterable) -> dict:
            out: dict = {}
            for i, key in enumerate(keys):
                out.setdefault(key, i + FIRST_DATA_LINE)
            return out

        self.action = first(a.action for a in case.actions)
        self.domain = first(d.domain for d in case.domains)
        self.budget = first((b.domain, b.year) for b in case.budgets or ())
        # (action, domain, year) -> its cost row; (action, domain, None) -> the first row of that pair
        self.cost = first((c.action, c.domain, c.year) for c in case.costs)
        for key, line in first((c.action, c.domain) for c in case.costs).items():
            self.cost.setdefault((*key, None), line)

    def of_budget(self, domain: str, year: int | None) -> tuple[str, int]:
        """File and line of a budget: the domain's row of domains.csv, or its year row of budgets.csv."""
        return ("domains.csv", self.domain[domain]) if year is None else ("budgets.csv", self.budget[domain, year])


def eur(value: float) -> str:
    """Money with every euro shown (cents when there are any): EUR 3,200,000 or EUR 1,250.50."""
    return f"EUR {value:,.0f}" if value == round(value) else f"EUR {value:,.2f}"


def amount(value: float) -> str:
    """A figure to read: 20,000,000 or 0.5 (two decimals at most), three significant digits below 0.01."""
    if abs(value) < 0.01:
        return f"{value:.3g}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def plain(value: float) -> str:
    """A number as a CSV cell holds it: 3200000, 0.5 (no thousands separator, no exponent)."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


# --------------------------------------------------------------------------- budgets per year


def year_budgets_over_total(data: CaseData, lines: Lines) -> Iterator[CaseWarning]:
    """Domains whose budgets per year add up to more than their total (more than the tolerance of a rule)."""
    case = data.case
    years: dict[str, list] = defaultdict(list)
    for b in case.budgets or ():
        years[b.domain].append(b)
    for d in case.domains:
        rows = sorted(years.get(d.domain, ()), key=lambda b: b.year)
        summed = math.fsum(b.budget_eur for b in rows)
        if not rows or summed <= d.budget_eur + slack(d.budget_eur):
            continue
        each = ", ".join(f"{b.year}: {eur(b.budget_eur)}" for b in rows)
        yield CaseWarning(
            code="year_budgets_exceed_total", file="domains.csv", row=lines.domain[d.domain], column="budget_eur",
            message=(f"the budgets per year of {named(data, 'domain', d.domain)} in budgets.csv add up to "
                     f"{eur(summed)} ({each}), {eur(summed - d.budget_eur)} more than its total budget of "
                     f"{eur(d.budget_eur)}; both limits apply, so the total binds first, and raising one year's "
                     "budget changes nothing while it does"),
            hint=(f"if the yearly budgets are right, set budget_eur of {d.domain} to {plain(summed)} in domains.csv; "
                  f"otherwise lower its rows in budgets.csv until they add up to {plain(d.budget_eur)}"),
        )


# --------------------------------------------------------------------------- actions that can never be chosen

Costs = dict[tuple[str, int | None], float]  # (domain, year or None for the horizon) -> EUR


def _reached(starts: Iterable[str], requires: dict[str, tuple[str, ...]]) -> dict[str, str | None]:
    """Every action the starts need through `requires` (transitively), each with the action that requires it
    (None for a start). Breadth first, so each path back to a start is a shortest chain."""
    parent: dict[str, str | None] = {}
    queue: deque[str] = deque()
    for s in starts:
        if s not in parent:
            parent[s] = None
            queue.append(s)
    while queue:
        x = queue.popleft()
        for y in requires.get(x, ()):
            if y not in parent:
                parent[y] = x
                queue.append(y)
    return parent


def _chain(parent: dict[str, str | None], target: str) -> str:
    """`A requires B, which requires C` from the start to `target`."""
    path = [target]
    while parent[path[-1]] is not None:
        path.append(parent[path[-1]])
    path.reverse()
    return path[0] + "".join(f"{' requires ' if i == 0 else ', which requires '}{x}" for i, x in enumerate(path[1:]))


class _Budgets:
    """Every budget of the case, and what sets of actions cost against them."""

    def __init__(self, data: CaseData) -> None:
        case = data.case
        self.data = data
        self.limit: Costs = {(d.domain, None): d.budget_eur for d in case.domains}
        self.limit.update({(b.domain, b.year): b.budget_eur for b in case.budgets or ()})
        self.order = {d.domain: i for i, d in enumerate(case.domains)}
        self._costs: dict[str, Costs] = {}

    def costs(self, action: str) -> Costs:
        """What the action charges each budget; in a phased case the least over its start years (its fixed
        start of rules.start_in, else its window), so a sum of these never exceeds what a plan spends."""
        if action not in self._costs:
            if self.data.phased:
                fixed = self.data.case.rules.start_in
                each = [self.at_start(action, s) for s in ([fixed[action]] if action in fixed
                                                           else self.data.windows[action])]
                self._costs[action] = {k: min(e.get(k, 0.0) for e in each) for k in set().union(*each)}
            else:
                total, yearly = self.data.action_costs(action)
                self._costs[action] = {**{(d, None): e for d, e in total.items()}, **yearly}
        return self._costs[action]

    def at_start(self, action: str, start: int) -> Costs:
        """Phased case: what starting `action` in `start` charges each budget within the horizon."""
        within, _after = self.data.start_costs(action, start)
        out: Costs = defaultdict(float)
        for (d, t), e in within.items():
            out[d, t] += e
            out[d, None] += e
        return dict(out)

    def over_in_every_start(self, action: str) -> dict[int, list[tuple[str, int | None, float, float]]]:
        """Phased case: each start year of the window -> the budgets that start breaks on its own; empty when
        some start breaks none."""
        out = {}
        for s in self.data.windows[action]:
            over = self.exceeded(self.at_start(action, s))
            if not over:
                return {}
            out[s] = over
        return out

    def add(self, into: Costs, actions: Iterable[str]) -> Costs:
        out = defaultdict(float, into)
        for a in actions:
            for key, e in self.costs(a).items():
                out[key] += e
        return out

    def exceeded(self, spend: Costs) -> list[tuple[str, int | None, float, float]]:
        """(domain, year, spend, budget) of each budget that `spend` breaks, domains in file order, years first."""
        over = [(d, y, e, self.limit[d, y]) for (d, y), e in spend.items()
                if (d, y) in self.limit and e > self.limit[d, y] + slack(self.limit[d, y])]
        return sorted(over, key=lambda o: (self.order[o[0]], o[1] is None, o[1] or 0))


def _over(data: CaseData, over: list[tuple[str, int | None, float, float]]) -> str:
    """`Werk (werk) EUR 1,200,000 in 2027, more than its budget of EUR 1,000,000; ...`"""
    parts = []
    for d, y, spend, budget in over:
        when = f" in {y}" if y is not None else " over the horizon"
        parts.append(f"{named(data, 'domain', d)} {eur(spend)}{when}, more than its budget of {eur(budget)}")
    return "; ".join(parts)


def _raise(lines: Lines, over: list[tuple[str, int | None, float, float]]) -> str:
    """`raise that budget (budgets.csv line 3)`, or with several budgets each one's line: `raise those budgets
    (budgets.csv line 2 for werk 2026, budgets.csv line 3 for werk 2027)`."""
    if len(over) == 1:
        return "raise that budget ({} line {})".format(*lines.of_budget(over[0][0], over[0][1]))
    places = []
    for d, y, _spend, _budget in over:
        file, row = lines.of_budget(d, y)
        places.append(f"{file} line {row} for {d}" + (f" {y}" if y is not None else " over the horizon"))
    return f"raise those budgets ({', '.join(places)})"


def never_chosen(data: CaseData, lines: Lines) -> Iterator[CaseWarning]:
    """Actions no portfolio can hold, one warning each with the first reason that holds (module docstring)."""
    case = data.case
    rules = case.rules
    requires = {a.action: a.requires for a in case.actions}
    groups = {a.action: a.overlap_group for a in case.actions}
    budgets = _Budgets(data)
    locked_out = set(rules.locked_out)
    forced_by = _reached([*rules.locked_in, *rules.start_in], requires)  # what the locked-in ones bring along
    forced = set(forced_by)
    base = budgets.add({}, forced)
    in_group: dict[str, list[str]] = defaultdict(list)
    for x in forced:
        if groups[x] is not None:
            in_group[groups[x]].append(x)
    consistent = (not forced & locked_out and all(len(v) == 1 for v in in_group.values())
                  and not budgets.exceeded(base) and (rules.max_actions is None or len(forced) <= rules.max_actions))
    if not consistent:  # infeasible whatever else is chosen: `solve` and `explain` say why
        forced, forced_by, base, in_group = set(), {}, {}, defaultdict(list)

    def locked(x: str) -> str:
        return f"{x} (locked in)" if forced_by[x] is None else f"{x} (locked in: {_chain(forced_by, x)})"

    for a in case.actions:
        x = a.action
        if x in locked_out or x in forced:
            continue
        where = ("actions.csv", lines.action[x], "requires" if a.requires else "action")
        if data.phased and (every := budgets.over_in_every_start(x)):
            d = next(iter(every.values()))[0][0]
            each = "; ".join(f"starting in {s} it costs {_over(data, over)}" for s, over in every.items())
            yield CaseWarning(
                code="action_over_budget", file="costs.csv", row=lines.cost[x, d, None], column="cost_eur",
                message=f"{x} can never be chosen: every start year of its window breaks a budget: {each}",
                hint=(f"lower the cost of {x}, raise those budgets (budgets.csv), widen its start window "
                      f"(latest_start in actions.csv), or lock {x} out if it cannot be afforded"),
            )
            continue
        own = [] if data.phased else budgets.exceeded(budgets.costs(x))
        if own:
            d, y = own[0][0], own[0][1]
            file, row = ("costs.csv", lines.cost[x, d, y])
            yield CaseWarning(
                code="action_over_budget", file=file, row=row, column="cost_eur",
                message=f"{x} can never be chosen: it costs {_over(data, own)}",
                hint=f"lower the cost of {x}, {_raise(lines, own)}, or lock {x} out if it cannot be afforded",
            )
            continue
        need_by = _reached([x], requires)
        need = set(need_by)
        blocked = [y for y in need_by if y in locked_out]
        if blocked:
            yield CaseWarning(
                code="action_requires_locked_out", file=where[0], row=where[1], column="requires",
                message=f"{x} can never be chosen: {_chain(need_by, blocked[0])}, which is locked out",
                hint=f"unlock {blocked[0]} (rules.locked_out in case.yaml) or drop the requirement",
            )
            continue
        late = _late_requirement(data, x, need_by) if data.phased else None
        if late:
            yield CaseWarning(
                code="action_requires_later_start", file=where[0], row=where[1], column="requires",
                message=f"{x} can never be chosen: {late}",
                hint=(f"let {x} start later (latest_start in actions.csv), let what it requires start "
                      "earlier (earliest_start), or drop the requirement"),
            )
            continue
        g = groups[x]
        rivals = [y for y in in_group.get(g, ()) if y != x] if g is not None else []
        if rivals:
            yield CaseWarning(
                code="action_overlaps_locked_in", file="actions.csv", row=lines.action[x], column="overlap_group",
                message=(f"{x} can never be chosen: it shares overlap_group {g!r} with {locked(rivals[0])}, "
                         "and at most one action of a group is chosen"),
                hint=f"take {x} out of overlap group {g!r} if both may be chosen, or lock {x} out",
            )
            continue
        clash = _group_clash(need_by, forced, groups)
        if clash:
            g, y, z = clash
            how = "; ".join(_chain(need_by, v) if v in need_by else locked(v) for v in (y, z) if v != x)
            yield CaseWarning(
                code="action_requires_overlap", file=where[0], row=where[1], column=where[2],
                message=(f"{x} can never be chosen: it needs both {y} and {z}, which share overlap_group {g!r} "
                         f"({how})"),
                hint=f"drop one of the requirements, or take {y} or {z} out of overlap group {g!r}",
            )
            continue
        extra = sorted(need - forced - {x}, key=lines.action.get)
        together = budgets.exceeded(budgets.add(base, need - forced))
        if together:
            yield CaseWarning(
                code="action_over_budget_together", file=where[0], row=where[1], column=where[2],
                message=(f"{x} can never be chosen: {_with(extra, forced)} it costs "
                         f"{_over(data, together)}"),
                hint=(f"{_raise(lines, together)}, make these actions cheaper, or drop a requirement or a "
                      "lock"),
            )
            continue
        count = len(need | forced)
        if rules.max_actions is not None and count > rules.max_actions:
            yield CaseWarning(
                code="action_exceeds_max_actions", file=where[0], row=where[1], column=where[2],
                message=(f"{x} can never be chosen: {_with(extra, forced)} it makes {count} actions, more than "
                         f"max_actions {rules.max_actions}"),
                hint="raise rules.max_actions in case.yaml, or drop a requirement or a lock",
            )


def _late_requirement(data: CaseData, action: str, need_by: dict[str, str | None]) -> str | None:
    """Phased case: `it must start by 2026 but A04 requires A03, which starts in 2027 at the earliest` when a
    requirement (direct, or through others) cannot start by the action's last start year; else None."""
    first = earliest_starts(data)
    if first[action] is not None:
        return None
    last = latest_start(data, action)
    needed = [y for y in need_by if y != action]
    late = next((y for y in needed if first[y] is not None and first[y] > last), None)
    if late is None:
        stuck = next((y for y in needed if first[y] is None), None)
        if stuck is None:
            return f"it must start by {last}, and what it requires cannot all start by then"
        return (f"it must start by {last} but {_chain(need_by, stuck)}, which cannot start in any year its "
                "own requirements allow")
    return (f"it must start by {last} but {_chain(need_by, late)}, which starts in {first[late]} at the "
            "earliest")


def _with(extra: list[str], forced: set[str]) -> str:
    """`together with the actions it requires (A, B) and the 2 locked-in actions (and what they require),`"""
    parts = []
    if extra:
        parts.append(f"the actions it requires ({', '.join(extra)})")
    if forced:
        parts.append(f"the {len(forced)} locked-in action(s) (and what they require)")
    return f"together with {' and '.join(parts)}," if parts else "on its own"


def _group_clash(need_by: dict[str, str | None], forced: set[str],
                 groups: dict[str, str | None]) -> tuple[str, str, str] | None:
    """(group, one, other) for two different actions of one overlap group among those needed, at least one of
    them needed by the action itself (two among the locked-in alone would make the case infeasible)."""
    seen: dict[str, str] = {}
    for y in [*forced, *need_by]:
        g = groups[y]
        if g is None:
            continue
        if g in seen and seen[g] != y and (y in need_by or seen[g] in need_by):
            return g, seen[g], y
        seen.setdefault(g, y)
    return None


# --------------------------------------------------------------------------- numbers that hurt a solver


def _decimals(value: float, most: int) -> int | None:
    """Fewest decimals (<= most) that write `value` exactly, within INTEGRAL relative (as cpsat tests it)."""
    for k in range(most + 1):
        v = value * 10**k
        if abs(v - round(v)) <= INTEGRAL * max(1.0, abs(v)):
            return k
    return None


def scale_warnings(data: CaseData, lines: Lines) -> Iterator[CaseWarning]:
    """Costs or jobs spanning more than COEFFICIENT_RANGE; amounts with more than MAX_DECIMALS decimals."""
    case = data.case
    line = lambda i: i + FIRST_DATA_LINE  # noqa: E731
    costs = [(c.cost_eur, "costs.csv", line(i), "cost_eur", f"cost of {c.action} to {c.domain}")
             for i, c in enumerate(case.costs) if c.cost_eur]
    jobs = [(r.jobs, "reach.csv", line(i), "effect", f"jobs of {r.action} in {r.group} (reach x effect)")
            for i, r in enumerate(case.reach) if r.jobs]
    jobs += [(abs(s.extra_jobs), "synergies.csv", line(i), "extra_jobs",
              f"synergy of {s.action_a} and {s.action_b} in {s.group}")
             for i, s in enumerate(case.synergies) if s.extra_jobs]
    for what, unit, values in (("costs", "EUR", costs), ("jobs", "jobs", jobs)):
        if not values:
            continue
        small, large = min(values), max(values)
        if large[0] / small[0] > COEFFICIENT_RANGE:
            yield CaseWarning(
                code="coefficient_range", file=small[1], row=small[2], column=small[3],
                message=(f"the {what} span a factor {large[0] / small[0]:.1e}, more than the {COEFFICIENT_RANGE:.0e} "
                         f"solvers hold apart: the smallest, {small[4]}, is {amount(small[0])} {unit}, the largest, "
                         f"{large[4]} ({large[1]} line {large[2]}), {amount(large[0])} {unit}; next to it the solver "
                         "cannot tell the smallest from 0"),
                hint=(f"check the unit of both ({what} in {unit}, not thousands or millions); if the smallest is "
                      "meant to be negligible, write 0"),
            )
    amounts = [
        *(("domains.csv", line(i), "budget_eur", d.budget_eur, None) for i, d in enumerate(case.domains)),
        *(("budgets.csv", line(i), "budget_eur", b.budget_eur, None) for i, b in enumerate(case.budgets or ())),
        *(("costs.csv", line(i), "cost_eur", c.cost_eur, None) for i, c in enumerate(case.costs)),
        *(("groups.csv", line(i), "max_extra_jobs", g.max_extra_jobs, None) for i, g in enumerate(case.groups)),
        *(("reach.csv", line(i), "effect", r.jobs, f"reach x effect = {r.reach:g} x {r.effect!r} = {r.jobs!r} jobs")
          for i, r in enumerate(case.reach)),
        *(("synergies.csv", line(i), "extra_jobs", s.extra_jobs, None) for i, s in enumerate(case.synergies)),
        *_slopes(case, line),
    ]
    fine: dict[tuple[str, str], list] = {}
    for file, row, column, value, shown in amounts:
        if _decimals(value, MAX_DECIMALS) is None:
            fine.setdefault((file, column), []).append((row, shown or f"{value!r}"))
    for (file, column), found in fine.items():
        row, shown = found[0]
        more = f" (and {len(found) - 1} more in this column)" if len(found) > 1 else ""
        yield CaseWarning(
            code="too_many_decimals", file=file, row=row, column=column,
            message=(f"{shown} needs more than {MAX_DECIMALS} decimals{more}; the cpsat backend counts in steps "
                     f"of at most 10^-{MAX_DECIMALS} and rounds it, and then never calls its answer optimal"),
            hint="round to cents for money and to at most 6 decimals of a job (a formula's result may need ROUND)",
        )


# --------------------------------------------------------------------------- after a solve


def _slopes(case: Case, line) -> Iterator[tuple[str, int, str, float, str]]:
    """Each slope of a saturation curve (spec 4.2) as an amount the cpsat backend multiplies jobs by."""
    before: dict[str, tuple[float, float]] = {}
    for i, p in enumerate(case.saturation or ()):
        x0, y0 = before.get(p.group, (0.0, 0.0))
        before[p.group] = (p.direct_jobs, p.jobs)
        if p.direct_jobs > x0:
            slope = (p.jobs - y0) / (p.direct_jobs - x0)
            yield ("saturation.csv", line(i), "jobs", slope,
                   f"the slope {slope!r} of group {p.group}'s curve up to this point "
                   f"({p.jobs:g} - {y0:g} jobs over {p.direct_jobs:g} - {x0:g} direct jobs)")


def without_share(case: Case, group: str) -> Case:
    """The case with the minimum share of `group` removed (nothing else changes)."""
    rest = {g: s for g, s in case.rules.min_group_share.items() if g != group}
    return case.model_copy(update={"rules": case.rules.model_copy(update={"min_group_share": rest})})


def solution_warnings(case: Case, solution: Solution, settings: SolverSettings | None = None,
                      data: CaseData | None = None) -> list[CaseWarning]:
    """What each minimum group share costs (`share_costs`), as a warning for each share that costs at least
    half a job (half a euro with `min_cost`).

    Raises Stopped when Ctrl-C stopped one of the solves without a share.
    """
    data = data or CaseData.of(case)
    costs = share_costs(case, solution, settings)
    return [_share_warning(data, c) for c in costs if c.cost >= SHARE_COST_MIN]


def share_costs(case: Case, solution: Solution, settings: SolverSettings | None = None) -> list[ShareCost]:
    """What each minimum group share costs: one more solve per share, without it, with the same settings.

    Given only when `solution` and the solve without the share are both proven optimal. Every share is tried,
    not only those met exactly: in an integer program a share can cost jobs even where the chosen portfolio
    meets it with room to spare (it may rule out a better portfolio that would give the group too little).
    Each share is removed on its own, with the others kept.
    Raises Stopped when Ctrl-C stopped one of the solves without a share.
    """
    if solution.status != Status.OPTIMAL or not case.rules.min_group_share:
        return []
    settings = solver_settings(case, settings)
    out = []
    for g, share in case.rules.min_group_share.items():
        other = complete(solve(without_share(case, g), settings, early=False),  # only its jobs are compared
                         f"the case without the minimum share of {g}")
        if other.status == Status.OPTIMAL:
            out.append(_share_cost(case, g, share, solution, other))
    return out


def _share_cost(case: Case, g: str, share: float, kept: Solution, dropped: Solution) -> ShareCost:
    """The difference of two optimal objectives, with the range their gaps allow."""
    with_, without = kept.objective_value, dropped.objective_value
    max_jobs = case.objective == "max_jobs"
    # Each optimum lies between the portfolio found and the bound proven (within mip_gap).
    b_with = kept.bound if kept.bound is not None else with_
    b_without = dropped.bound if dropped.bound is not None else without
    cost = without - with_ if max_jobs else with_ - without
    low, high = (without - b_with, b_without - with_) if max_jobs else (b_with - without, with_ - b_without)
    return ShareCost(group=g, share=share, objective=case.objective, with_share=with_, without_share=without,
                     cost=cost, low=low, high=high)


def _share_warning(data: CaseData, c: ShareCost) -> CaseWarning:
    """The warning for one share's cost."""
    g, share, with_, without, cost = c.group, c.share, c.with_share, c.without_share, c.cost
    max_jobs = c.objective == "max_jobs"
    show = (lambda v: f"{v:,.1f} jobs") if max_jobs else eur  # noqa: E731
    spread = f"; within the solvers' proven gaps it lies between {show(c.low)} and {show(c.high)}" \
        if c.high - c.low >= 0.05 else ""
    what = "" if max_jobs else f" to reach the jobs target of {data.case.jobs_target:,.1f}"
    kept_too = "; the other shares kept" if len(data.case.rules.min_group_share) > 1 else ""
    name = next(x.name for x in data.case.groups if x.group == g)
    return CaseWarning(
        code="equity_share_costs_jobs" if max_jobs else "equity_share_costs_eur", file="case.yaml", row=None,
        column=f"rules.min_group_share.{g}",
        message=(f"the share of group {g} ({name}: at least {share:.1%} of all extra jobs) costs "
                 f"{show(cost)}{what} ({show(without)} without it, {show(with_)} with it{kept_too}){spread}"),
        hint=(f"keep it if that share is worth {show(cost)}; otherwise lower or remove rules.min_group_share.{g}; "
              f"a whatif scenario with rules: {{min_group_share: {{{g}: ...}}}} shows the jobs at another share"),
    )
