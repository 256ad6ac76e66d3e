"""Rule 1, budget: each domain's spend within its budget over the horizon, and per year with budgets.csv."""

from __future__ import annotations

from models.casedata import CaseData
from models.phrase import Phrase, eur_short, joined, phrase
from portfolio.core.outcome import Outcome
from portfolio.core.tolerances import slack
from portfolio.formulation.model import Formulation, Subject
from portfolio.rules.base import Rule, also, named


class Budget(Rule):
    name = "budget"
    summary = "each domain spends at most its budget, over the horizon and in each budget year"

    def add(self, form: Formulation, data: CaseData) -> None:
        if data.phased:
            self._add_phased(form, data)
            return
        x = form.action_columns
        for d in data.case.domains:
            coefs = {x[a]: e for a, e in data.cost_by_domain[d.domain].items()}
            if coefs:
                form.add_row(self.row_name("budget", (d.domain,)), coefs, upper=d.budget_eur,
                             rule=self.name, subject=(d.domain,))
        for b in data.case.budgets or ():
            coefs = {x[a]: e for a, e in data.cost_by_domain_year.get((b.domain, b.year), {}).items()}
            if coefs:
                form.add_row(self.row_name("budget", (b.domain, b.year)), coefs, upper=b.budget_eur,
                             rule=self.name, subject=(b.domain, b.year))

    def _add_phased(self, form: Formulation, data: CaseData) -> None:
        """Spec 4.1: each start year puts an action's run-year costs in calendar years; what falls after the
        horizon is charged to no budget. One row per domain over the horizon, one per budget year."""
        total: dict[str, dict[int, float]] = {d.domain: {} for d in data.case.domains}
        yearly: dict[tuple[str, int], dict[int, float]] = {}
        for (a, s), j in form.start_columns.items():
            within, _after = data.start_costs(a, s)
            for (d, t), e in within.items():
                total[d][j] = total[d].get(j, 0.0) + e
                row = yearly.setdefault((d, t), {})
                row[j] = row.get(j, 0.0) + e
        for d in data.case.domains:
            if total[d.domain]:
                form.add_row(self.row_name("budget", (d.domain,)), total[d.domain], upper=d.budget_eur,
                             rule=self.name, subject=(d.domain,))
        for b in data.case.budgets or ():
            if coefs := yearly.get((b.domain, b.year)):
                form.add_row(self.row_name("budget", (b.domain, b.year)), coefs, upper=b.budget_eur,
                             rule=self.name, subject=(b.domain, b.year))

    def check(self, data: CaseData, result: Outcome):
        spend = result.spend
        for d in data.case.domains:
            yield self.rule_check(self.row_name("budget", (d.domain,)), (d.domain,),
                                  spend.by_domain[d.domain], "<=", d.budget_eur)
        for b in data.case.budgets or ():
            subject = (b.domain, b.year)
            yield self.rule_check(self.row_name("budget", subject), subject, spend.in_year(b.domain, b.year),
                                  "<=", b.budget_eur)

    def describe(self, data: CaseData, subject: Subject) -> Phrase:
        key = (str(subject[0]),) if len(subject) == 1 else (str(subject[0]), int(subject[1]))
        who, limit = named(data, "domain", key[0]), eur_short(budget_of(data, key))
        if len(key) == 1:
            return phrase("rule.budget", domain=who, limit=limit)
        return phrase("rule.budget.year", domain=who, limit=limit, year=key[1])

    def conflicts(self, data: CaseData):
        if data.phased:
            yield from _phased_conflicts(data)
            return
        locked = data.case.rules.locked_in
        spend = data.spend(locked)
        for d in data.case.domains:
            used = spend.by_domain[d.domain]
            if used > d.budget_eur + slack(d.budget_eur):
                yield phrase("rule.budget.locked", row=self.row_name("budget", (d.domain,)), lock="locked_in",
                             used=eur_short(used), limit=eur_short(d.budget_eur))
        for b in data.case.budgets or ():
            used = spend.in_year(b.domain, b.year)
            if used > b.budget_eur + slack(b.budget_eur):
                yield phrase("rule.budget.locked", row=self.row_name("budget", (b.domain, b.year)),
                             lock="locked_in", used=eur_short(used), limit=eur_short(b.budget_eur))


# --- phasing (spec 4.1): which start years a budget leaves an action --------------------------------------

Key = tuple  # (domain,) for the horizon, (domain, year) for one budget year


def budget_of(data: CaseData, key: Key) -> float:
    """The limit of budget[domain] or budget[domain,year] (EUR)."""
    if len(key) == 1:
        return next(d.budget_eur for d in data.case.domains if d.domain == key[0])
    return next(b.budget_eur for b in data.case.budgets or () if (b.domain, b.year) == tuple(key))


def cost_at(data: CaseData, action: str, start: int, key: Key) -> float:
    """What starting `action` in `start` charges the budget `key` (EUR; the horizon total counts the years
    within it)."""
    within, _after = data.start_costs(action, start)
    return sum(e for (d, t), e in within.items() if d == key[0] and (len(key) == 1 or t == key[1]))


def budget_words(data: CaseData, key: Key) -> Phrase:
    """`the 2027 budget of Mobiliteit (mow)`, or `the budget of Mobiliteit (mow) over the horizon`."""
    who = named(data, "domain", str(key[0]))
    if len(key) == 2:
        return phrase("rule.budget.of_year", year=key[1], domain=who)
    return phrase("rule.budget.of_horizon", domain=who)


def start_limit(data: CaseData, action: str, key: Key, room: float, years=None) -> Phrase | None:
    """Which starts of `action` (those of `years`, default its window) the budget `key` rules out when `room`
    EUR of it is left: `A10 cannot start before 2028 within the 2027 budget of MOW (mow)`, or `A10 cannot
    start in 2027 within ...`; None when every one of them fits."""
    years = tuple(years or data.windows[action])
    fit = [y for y in data.horizon if cost_at(data, action, y, key) <= room + slack(room)]
    bad = [y for y in years if y not in fit]
    if not bad:
        return None
    where = budget_words(data, key)
    if not fit:
        return phrase("rule.budget.never", action=action, budget=where)
    if fit[0] > years[0] and all(y < fit[0] for y in bad):
        return phrase("rule.budget.not_before", action=action, year=fit[0], budget=where)
    return phrase("rule.budget.not_in", action=action, years=joined(map(str, bad), "or"), budget=where)


def both(items: list) -> Phrase | str:
    """`a and b and c`: each pair joined by `and`, as a list of any length said in full."""
    return items[0] if len(items) == 1 else joined([items[0], both(items[1:])], "and")


def _phased_conflicts(data: CaseData):
    """Starts fixed without solving (rules.start_in, a locked-in action with a one-year window) that break a
    budget, and locked-in actions none of whose start years fits the budgets beside those fixed starts."""
    rules = data.case.rules
    fixed = dict(rules.start_in)
    fixed.update({a: data.windows[a][0] for a in rules.locked_in
                  if len(data.windows[a]) == 1 and a not in fixed})
    spend = data.spend(fixed)
    keys = [(d.domain,) for d in data.case.domains] + [(b.domain, b.year) for b in data.case.budgets or ()]
    used = {k: (spend.by_domain[k[0]] if len(k) == 1 else spend.in_year(*k)) for k in keys}
    for key in keys:
        limit = budget_of(data, key)
        if used[key] <= limit + slack(limit):
            continue
        payers = [(a, cost_at(data, a, s, key)) for a, s in fixed.items()]
        payers = [(a, e) for a, e in payers if e > 0]
        said = dict(row=f"budget[{','.join(map(str, key))}]",
                    why="start_in" if any(a in rules.start_in for a, _e in payers) else "locked_in",
                    budget=budget_words(data, key), used=eur_short(used[key]), limit=eur_short(limit))
        if len(payers) == 1:
            reason = phrase("rule.budget.fixed", action=payers[0][0], year=fixed[payers[0][0]], **said)
        else:
            starts = [phrase("rule.budget.fixed_start", action=a, year=fixed[a], cost=eur_short(e))
                      for a, e in payers]
            reason = phrase("rule.budget.fixed_together", starts=both(starts), **said)
        limits = [start_limit(data, a, key, limit - (used[key] - e), (fixed[a],)) for a, e in payers]
        yield also(reason, limits)
    for a in rules.locked_in:
        if a in fixed:
            continue
        blocked = {}
        for s in data.windows[a]:
            key = next((k for k in keys if used[k] + cost_at(data, a, s, k) > budget_of(data, k)
                        + slack(budget_of(data, k))), None)
            if key is None:
                break
            blocked[s] = key
        else:
            each = [phrase("rule.budget.no_start_year", year=s, need=eur_short(cost_at(data, a, s, k)),
                           budget=budget_words(data, k), left=eur_short(budget_of(data, k) - used[k]))
                    for s, k in blocked.items()]
            yield phrase("rule.budget.no_start", rule="budget", lock=f"locked_in[{a}]", action=a,
                         years=joined(each, "semicolon"))
