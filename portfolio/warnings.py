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
from models.phrase import Phrase, Value, amount, eur, jobs, joined, pct, phrase, plain, sci
from models.studies import ShareCost
from models.warnings import CaseWarning, WarningCode
from portfolio.core.interrupt import complete
from portfolio.core.phrases import english
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


def warning(code: WarningCode, file: str, row: int | None, column: str | None, message: Phrase,
            hint: Phrase) -> CaseWarning:
    """A warning whose message and hint are phrases, its English texts said from them."""
    return CaseWarning(code=code, file=file, row=row, column=column, message=english(message),
                       hint=english(hint), words=message, hint_words=hint)


def never_chosen_because(action: str, reason: Phrase) -> Phrase:
    """`A01 can never be chosen: <reason>`."""
    return phrase("warn.never_chosen", action=action, reason=reason)


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
        each = joined([phrase("warn.year_budget", year=b.year, budget=eur(b.budget_eur)) for b in rows])
        yield warning(
            "year_budgets_exceed_total", "domains.csv", lines.domain[d.domain], "budget_eur",
            phrase("warn.year_budgets_exceed_total", domain=named(data, "domain", d.domain),
                   summed=eur(summed), each=each, excess=eur(summed - d.budget_eur), total=eur(d.budget_eur)),
            phrase("warn.year_budgets_exceed_total.hint", domain=d.domain, summed=plain(summed),
                   total=plain(d.budget_eur)),
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


def _chain(parent: dict[str, str | None], target: str) -> Value:
    """`A requires B, which requires C` from the start to `target` (the start alone when it is `target`)."""
    path = [target]
    while parent[path[-1]] is not None:
        path.append(parent[path[-1]])
    path.reverse()
    chain: Value = path[0]
    for i, x in enumerate(path[1:]):
        chain = phrase("warn.chain", action=chain, required=x) if i == 0 else \
            phrase("warn.chain.further", chain=chain, required=x)
    return chain


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


def _over(data: CaseData, over: list[tuple[str, int | None, float, float]]) -> Value:
    """`Werk (werk) EUR 1,200,000 in 2027, more than its budget of EUR 1,000,000; ...`"""
    parts = []
    for d, y, spend, budget in over:
        said = dict(domain=named(data, "domain", d), spend=eur(spend), budget=eur(budget))
        parts.append(phrase("warn.over.horizon", **said) if y is None
                     else phrase("warn.over.year", year=y, **said))
    return joined(parts, "semicolon")


def _raise(lines: Lines, over: list[tuple[str, int | None, float, float]]) -> Phrase:
    """`raise that budget (budgets.csv line 3)`, or with several budgets each one's line: `raise those budgets
    (budgets.csv line 2 for werk 2026, budgets.csv line 3 for werk 2027)`."""
    if len(over) == 1:
        file, row = lines.of_budget(over[0][0], over[0][1])
        return phrase("warn.raise.one", file=file, row=row)
    places = []
    for d, y, _spend, _budget in over:
        file, row = lines.of_budget(d, y)
        places.append(phrase("warn.place.horizon", file=file, row=row, domain=d) if y is None
                      else phrase("warn.place.year", file=file, row=row, domain=d, year=y))
    return phrase("warn.raise.several", places=joined(places))


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

    def locked(x: str) -> Phrase:
        return phrase("warn.locked_in", action=x) if forced_by[x] is None else \
            phrase("warn.locked_in.through", action=x, chain=_chain(forced_by, x))

    for a in case.actions:
        x = a.action
        if x in locked_out or x in forced:
            continue
        where = ("actions.csv", lines.action[x], "requires" if a.requires else "action")
        if data.phased and (every := budgets.over_in_every_start(x)):
            d = next(iter(every.values()))[0][0]
            each = joined([phrase("warn.action_over_budget.starting_in", year=s, over=_over(data, over))
                           for s, over in every.items()], "semicolon")
            yield warning(
                "action_over_budget", "costs.csv", lines.cost[x, d, None], "cost_eur",
                never_chosen_because(x, phrase("warn.action_over_budget.every_start", each=each)),
                phrase("warn.action_over_budget.every_start.hint", action=x),
            )
            continue
        own = [] if data.phased else budgets.exceeded(budgets.costs(x))
        if own:
            d, y = own[0][0], own[0][1]
            file, row = ("costs.csv", lines.cost[x, d, y])
            yield warning(
                "action_over_budget", file, row, "cost_eur",
                never_chosen_because(x, phrase("warn.action_over_budget", over=_over(data, own))),
                phrase("warn.action_over_budget.hint", action=x, raise_budget=_raise(lines, own)),
            )
            continue
        need_by = _reached([x], requires)
        need = set(need_by)
        blocked = [y for y in need_by if y in locked_out]
        if blocked:
            yield warning(
                "action_requires_locked_out", where[0], where[1], "requires",
                never_chosen_because(x, phrase("warn.action_requires_locked_out",
                                               chain=_chain(need_by, blocked[0]))),
                phrase("warn.action_requires_locked_out.hint", action=blocked[0]),
            )
            continue
        late = _late_requirement(data, x, need_by) if data.phased else None
        if late:
            yield warning("action_requires_later_start", where[0], where[1], "requires",
                          never_chosen_because(x, late),
                          phrase("warn.action_requires_later_start.hint", action=x))
            continue
        g = groups[x]
        rivals = [y for y in in_group.get(g, ()) if y != x] if g is not None else []
        if rivals:
            yield warning(
                "action_overlaps_locked_in", "actions.csv", lines.action[x], "overlap_group",
                never_chosen_because(x, phrase("warn.action_overlaps_locked_in", group=repr(g),
                                               rival=locked(rivals[0]))),
                phrase("warn.action_overlaps_locked_in.hint", action=x, group=repr(g)),
            )
            continue
        clash = _group_clash(need_by, forced, groups)
        if clash:
            g, y, z = clash
            how = joined([_chain(need_by, v) if v in need_by else locked(v) for v in (y, z) if v != x],
                         "semicolon")
            yield warning(
                "action_requires_overlap", *where,
                never_chosen_because(x, phrase("warn.action_requires_overlap", one=y, other=z, group=repr(g),
                                               how=how)),
                phrase("warn.action_requires_overlap.hint", one=y, other=z, group=repr(g)),
            )
            continue
        extra = sorted(need - forced - {x}, key=lines.action.get)
        together = budgets.exceeded(budgets.add(base, need - forced))
        if together:
            yield warning(
                "action_over_budget_together", *where,
                never_chosen_because(x, phrase("warn.action_over_budget_together",
                                               together=_with(extra, forced), over=_over(data, together))),
                phrase("warn.action_over_budget_together.hint", raise_budget=_raise(lines, together)),
            )
            continue
        n = len(need | forced)
        if rules.max_actions is not None and n > rules.max_actions:
            yield warning(
                "action_exceeds_max_actions", *where,
                never_chosen_because(x, phrase("warn.action_exceeds_max_actions",
                                               together=_with(extra, forced), count=n,
                                               most=rules.max_actions)),
                phrase("warn.action_exceeds_max_actions.hint"),
            )


def _late_requirement(data: CaseData, action: str, need_by: dict[str, str | None]) -> Phrase | None:
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
            return phrase("warn.action_requires_later_start.not_all", last=last)
        return phrase("warn.action_requires_later_start.never", last=last, chain=_chain(need_by, stuck))
    return phrase("warn.action_requires_later_start", last=last, chain=_chain(need_by, late),
                  first=first[late])


def _with(extra: list[str], forced: set[str]) -> Phrase:
    """`together with the actions it requires (A, B) and the 2 locked-in actions (and what they require),`"""
    parts = []
    if extra:
        parts.append(phrase("warn.together.required", actions=joined(extra)))
    if forced:
        parts.append(phrase("warn.together.locked_in", count=len(forced)))
    return phrase("warn.together", parts=joined(parts, "and")) if parts else phrase("warn.on_its_own")


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
    costs = [(c.cost_eur, "costs.csv", line(i), "cost_eur",
              phrase("warn.cost_of", action=c.action, domain=c.domain))
             for i, c in enumerate(case.costs) if c.cost_eur]
    figures = [(r.jobs, "reach.csv", line(i), "effect",
                phrase("warn.jobs_of", action=r.action, group=r.group))
               for i, r in enumerate(case.reach) if r.jobs]
    figures += [(abs(s.extra_jobs), "synergies.csv", line(i), "extra_jobs",
                 phrase("warn.synergy_of", a=s.action_a, b=s.action_b, group=s.group))
                for i, s in enumerate(case.synergies) if s.extra_jobs]
    for what, values in (("costs", costs), ("jobs", figures)):
        if not values:
            continue
        small = min(values, key=lambda v: v[:4])
        large = max(values, key=lambda v: v[:4])
        if large[0] / small[0] > COEFFICIENT_RANGE:
            yield warning(
                "coefficient_range", small[1], small[2], small[3],
                phrase(f"warn.coefficient_range.{what}", factor=sci(large[0] / small[0], 1),
                       limit=sci(COEFFICIENT_RANGE, 0), smallest=small[4], small=amount(small[0]),
                       largest=large[4], file=large[1], row=large[2], large=amount(large[0])),
                phrase(f"warn.coefficient_range.{what}.hint"),
            )
    amounts = [
        *(("domains.csv", line(i), "budget_eur", d.budget_eur, None) for i, d in enumerate(case.domains)),
        *(("budgets.csv", line(i), "budget_eur", b.budget_eur, None) for i, b in enumerate(case.budgets or ())),
        *(("costs.csv", line(i), "cost_eur", c.cost_eur, None) for i, c in enumerate(case.costs)),
        *(("groups.csv", line(i), "max_extra_jobs", g.max_extra_jobs, None) for i, g in enumerate(case.groups)),
        *(("reach.csv", line(i), "effect", r.jobs,
           phrase("warn.too_many_decimals.reach", reach=r.reach, effect=repr(r.effect),
                  jobs=repr(r.jobs)))
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
        more = phrase("warn.too_many_decimals.more", count=len(found) - 1) if len(found) > 1 else ""
        yield warning("too_many_decimals", file, row, column,
                      phrase("warn.too_many_decimals", value=shown, decimals=MAX_DECIMALS, more=more),
                      phrase("warn.too_many_decimals.hint"))


# --------------------------------------------------------------------------- after a solve


def _slopes(case: Case, line) -> Iterator[tuple[str, int, str, float, Phrase]]:
    """Each slope of a saturation curve (spec 4.2) as an amount the cpsat backend multiplies jobs by."""
    before: dict[str, tuple[float, float]] = {}
    for i, p in enumerate(case.saturation or ()):
        x0, y0 = before.get(p.group, (0.0, 0.0))
        before[p.group] = (p.direct_jobs, p.jobs)
        if p.direct_jobs > x0:
            slope = (p.jobs - y0) / (p.direct_jobs - x0)
            yield ("saturation.csv", line(i), "jobs", slope,
                   phrase("warn.too_many_decimals.slope", slope=repr(slope), group=p.group,
                          jobs=p.jobs, jobs_before=y0, direct=p.direct_jobs, direct_before=x0))


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
    g = c.group
    max_jobs = c.objective == "max_jobs"

    def show(v: float) -> Value:
        return phrase("warn.share.jobs", count=jobs(v)) if max_jobs else eur(v)

    spread = phrase("warn.share.spread", low=show(c.low), high=show(c.high)) if c.high - c.low >= 0.05 else ""
    target = "" if max_jobs else phrase("warn.share.target", target=jobs(data.case.jobs_target))
    kept = phrase("warn.share.kept") if len(data.case.rules.min_group_share) > 1 else ""
    name = next(x.name for x in data.case.groups if x.group == g)
    return warning(
        "equity_share_costs_jobs" if max_jobs else "equity_share_costs_eur", "case.yaml", None,
        f"rules.min_group_share.{g}",
        phrase("warn.share", group=g, name=name, share=pct(c.share, 1), cost=show(c.cost), target=target,
               without_share=show(c.without_share), with_share=show(c.with_share), kept=kept, spread=spread),
        phrase("warn.share.hint", cost=show(c.cost), group=g),
    )
