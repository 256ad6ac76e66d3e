"""Rule 1, budget: each domain's spend within its budget over the horizon, and per year with budgets.csv."""

from __future__ import annotations

from models.casedata import CaseData
from portfolio.core.outcome import Outcome
from portfolio.core.tolerances import slack
from portfolio.formulation.model import Formulation, Subject
from portfolio.rules.base import Rule, eur, named


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

    def describe(self, data: CaseData, subject: Subject) -> str:
        domain = str(subject[0])
        if len(subject) == 1:
            limit = next(d.budget_eur for d in data.case.domains if d.domain == domain)
            return f"{named(data, 'domain', domain)} may spend at most {eur(limit)} over the horizon"
        year = int(subject[1])
        limit = next(b.budget_eur for b in data.case.budgets or () if (b.domain, b.year) == (domain, year))
        return f"{named(data, 'domain', domain)} may spend at most {eur(limit)} in {year}"

    def conflicts(self, data: CaseData):
        if data.phased:
            yield from _phased_conflicts(data)
            return
        locked = data.case.rules.locked_in
        spend = data.spend(locked)
        for d in data.case.domains:
            used = spend.by_domain[d.domain]
            if used > d.budget_eur + slack(d.budget_eur):
                yield (f"budget[{d.domain}] and locked_in: locked-in actions cost {eur(used)}, "
                       f"budget is {eur(d.budget_eur)}")
        for b in data.case.budgets or ():
            used = spend.in_year(b.domain, b.year)
            if used > b.budget_eur + slack(b.budget_eur):
                yield (f"budget[{b.domain},{b.year}] and locked_in: locked-in actions cost {eur(used)}, "
                       f"budget is {eur(b.budget_eur)}")


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


def budget_words(data: CaseData, key: Key) -> str:
    """`the 2027 budget of Mobiliteit (mow)`, or `the budget of Mobiliteit (mow) over the horizon`."""
    who = named(data, "domain", str(key[0]))
    return f"the {key[1]} budget of {who}" if len(key) == 2 else f"the budget of {who} over the horizon"


def start_limit(data: CaseData, action: str, key: Key, room: float, years=None) -> str | None:
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
        return f"{action} cannot start in any year of the horizon within {where}"
    if fit[0] > years[0] and all(y < fit[0] for y in bad):
        return f"{action} cannot start before {fit[0]} within {where}"
    return f"{action} cannot start in {_years(bad)} within {where}"


def _years(years) -> str:
    years = [str(y) for y in years]
    return years[0] if len(years) == 1 else f"{', '.join(years[:-1])} or {years[-1]}"


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
        why = "start_in" if any(a in rules.start_in for a, _e in payers) else "locked_in"
        if len(payers) == 1:
            spent = f"{payers[0][0]} starting in {fixed[payers[0][0]]} costs {budget_words(data, key)}"
        else:
            spent = (" and ".join(f"{a} starting in {fixed[a]} ({eur(e)})" for a, e in payers)
                     + f" cost {budget_words(data, key)} together")
        limits = [start_limit(data, a, key, limit - (used[key] - e), (fixed[a],)) for a, e in payers]
        yield (f"budget[{','.join(map(str, key))}] and {why}: {spent} {eur(used[key])}, more than its "
               f"{eur(limit)}" + "".join(f"; {w}" for w in limits if w))
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
            each = "; ".join(f"starting in {s} it needs {eur(cost_at(data, a, s, k))} of "
                             f"{budget_words(data, k)} ({eur(budget_of(data, k) - used[k])} left)"
                             for s, k in blocked.items())
            yield (f"budget and locked_in[{a}]: {a} is locked in, but no start in its window fits the "
                   f"budgets: {each}")
